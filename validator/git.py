"""Reading a catalogue's history from git: the one place that runs the `git` program.

Every failure (no git, not a repository, an unknown revision) becomes a `UsageError` with a
Chinese message, so commands built on history never show a traceback.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .catalogue import UsageError


def run(*args: str, cwd: Path | str = ".") -> str:
    """`git args…` in cwd; its standard output as text."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("找不到 git 程序。请先安装 git。") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def toplevel(cwd: Path | str = ".") -> Path | None:
    """The work tree's root, or None outside a git repository."""
    try:
        return Path(run("rev-parse", "--show-toplevel", cwd=cwd).strip())
    except UsageError:
        return None


def commit_of(rev: str, cwd: Path | str = ".") -> str:
    """The full commit id a revision names; a clear error for a typo."""
    try:
        return run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", cwd=cwd).strip()
    except UsageError:
        raise UsageError(f"git 里没有版本「{rev}」。请检查分支名或提交号（在 CI 中可能需要完整克隆：fetch-depth: 0）。") from None


def changed_since(rev: str, cwd: Path | str = ".") -> list[Path]:
    """Files that differ between `rev` and the work tree, untracked ones included, that still exist.

    Paths are relative to cwd. Deleted files are left out: there is nothing to check.
    """
    commit = commit_of(rev, cwd)
    tracked = run("diff", "--name-only", "--no-renames", "-z", "--relative", commit, "--", cwd=cwd)
    untracked = run("ls-files", "--others", "--exclude-standard", "-z", cwd=cwd)
    names = dict.fromkeys(name for name in (tracked + untracked).split("\0") if name)
    return [Path(name) for name in names if Path(cwd, name).is_file()]


def read_at(rev: str, path: str, cwd: Path | str = ".") -> bytes | None:
    """A file's bytes at a revision (path relative to the repository root), or None if absent."""
    done = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=cwd, capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def files_at(rev: str, folder: str, cwd: Path | str = ".") -> list[str]:
    """Paths of the files under a folder at a revision, relative to the repository root."""
    listing = run("ls-tree", "-r", "-z", "--name-only", rev, "--", folder, cwd=cwd)
    return [name for name in listing.split("\0") if name]


@dataclass(frozen=True)
class Change:
    commit: str
    date: str  # YYYY-MM-DD, the author date
    subject: str


@cache
def history(path: str, cwd: str = ".") -> tuple[Change, ...]:
    """Commits that touched a file, newest first, following renames; empty outside git."""
    try:
        log = run("log", "--follow", "--format=%H%x1f%as%x1f%s%x1e", "--", path, cwd=cwd)
    except UsageError:
        return ()
    entries = [record.strip().split("\x1f") for record in log.split("\x1e") if record.strip()]
    return tuple(Change(*entry) for entry in entries if len(entry) == 3)
