"""Reading a catalogue's history from git: the one place that runs the `git` program.

Every failure (no git, not a repository, a command that fails) becomes a `GitError` with a Chinese
message, which each caller handles for what it means there; a revision the user typed that git does not
know is a `UsageError`. Commands built on history never show a traceback.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import GitError, UsageError


def run(*args: str, cwd: Path | str = ".") -> str:
    """`git args…` in cwd; its standard output as text."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 程序。请先安装 git。") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def toplevel(cwd: Path | str = ".") -> Path | None:
    """The work tree's root, or None outside a git repository."""
    try:
        return Path(run("rev-parse", "--show-toplevel", cwd=cwd).strip())
    except GitError:
        return None


def commit_of(rev: str, cwd: Path | str = ".") -> str:
    """The full commit id a revision names; a clear error for a typo."""
    try:
        return run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", cwd=cwd).strip()
    except GitError:
        if toplevel(cwd) is None:  # not a typo in the revision: there is no repository here
            raise UsageError(f"{Path(cwd).resolve()} 不在 git 仓库中，无法与版本「{rev}」比较。请在指南仓库里运行。") from None
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


def tree_at(rev: str, folder: str, cwd: Path | str = ".", *, relative: bool = False) -> dict[str, str]:
    """Path → blob id of every file under a folder at a revision; paths (and `folder`) relative to the
    repository root, or to cwd with `relative=True`."""
    listing = run("ls-tree", "-r", "-z", *(() if relative else ("--full-tree",)), rev, "--", folder, cwd=cwd)
    out: dict[str, str] = {}
    for entry in listing.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if path and len(parts) == 3 and parts[1] == "blob":
            out[path] = parts[2]
    return out


def blob_id(data: bytes, *, length: int = 40) -> str:
    """The id git gives these bytes as a blob (sha1, or sha256 in a repository of 64-digit ids)."""
    digest = (hashlib.sha256 if length == 64 else hashlib.sha1)(b"blob %d\0" % len(data))
    digest.update(data)  # not joined to the header: no copy of the file
    return digest.hexdigest()


def read_blobs(ids: Iterable[str], cwd: Path | str = ".") -> dict[str, bytes]:
    """The contents of many blobs through ONE `git cat-file --batch`; ids that git lacks are left out."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    try:
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=cwd, input="\n".join(wanted).encode() + b"\n",
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 程序。请先安装 git。") from None
    if done.returncode != 0:
        raise GitError(f"git cat-file 失败：{done.stderr.decode('utf-8', 'replace').strip()}")
    out: dict[str, bytes] = {}
    stream, at = done.stdout, 0
    for name in wanted:  # answers come in the order asked: "<id> blob <size>\n<bytes>\n" or "<name> missing\n"
        end = stream.index(b"\n", at)
        header = stream[at:end].split()
        at = end + 1
        if len(header) == 3:
            size = int(header[2])
            if header[1] == b"blob":
                out[name] = stream[at:at + size]
            at += size + 1
    return out


@dataclass(frozen=True)
class FileChange:
    """One file in one commit of `git log --raw`: blob ids before and after (zeros when absent)."""

    status: str  # A, M, D, R (renamed), C, T
    path: str  # the path after the commit (the old path for D)
    old_path: str
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class Commit:
    id: str
    date: str  # YYYY-MM-DD: the committer date (when the change landed), in the committer's time zone
    files: tuple[FileChange, ...]


def log(folder: str, cwd: Path | str = ".") -> list[Commit]:
    """Every commit that touched a folder, newest first, with renames detected: ONE git process.

    Commits at the boundary of a shallow clone are left out: there every file looks newly added.
    """
    text = run("log", "-z", "-M", "--raw", "--no-abbrev", "--format=%x01%H %cs",
               "--", folder, cwd=cwd)
    commits: list[Commit] = []
    tokens = iter(text.split("\0"))
    head: tuple[str, str] | None = None
    files: list[FileChange] = []
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            if head:
                commits.append(Commit(*head, tuple(files)))
            commit, _, date = token[1:].partition(" ")
            head, files = (commit, date), []
        elif token.startswith(":") and head:
            _, _, old_blob, new_blob, status = token.split()
            first = next(tokens, "")
            second = next(tokens, "") if status[0] in "RC" else first
            files.append(FileChange(status[0], second, first, old_blob, new_blob))
    if head:
        commits.append(Commit(*head, tuple(files)))
    boundary = _shallow_boundary(cwd)
    return [c for c in commits if c.id not in boundary]


def _shallow_boundary(cwd: Path | str) -> set[str]:
    path = Path(cwd, run("rev-parse", "--git-path", "shallow", cwd=cwd).strip())
    try:
        return set(path.read_text(encoding="ascii").split())
    except OSError:
        return set()
