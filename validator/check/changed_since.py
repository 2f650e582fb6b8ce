"""`guides check --changed-since REF`: which files a pull request's check must look at.

The guides changed since REF (untracked ones included) are checked fully; the rest of the catalogue
is still read for the cross-file rules (from the summary cache when its bytes are known). A change
can also break files it did not touch, and those are checked too:

- a changed or deleted department profile: every guide of its folder (C103 and X004 read the profile);
- a deleted (or renamed-away) guide: every guide whose text names its id (a `related` that now dangles);
- a change to the configuration (`[tool.guides]`), to the standard's schemas, to the law registry's
  folder (`laws/`) or to the validator itself: everything, since any file may now pass or fail differently.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import git
from ..boundary import inside
from ..errors import GitError
from ..standard.schemas import SCHEMA_FILES, shipped_path
from .config import Config
from .files import PROFILE_NAME, YAML_SUFFIXES, discover, is_hidden


@dataclass(frozen=True)
class Selection:
    paths: list[str] | None  # None: check everything
    why_all: str = ""  # why everything is checked
    # path (as discovered under the root) → git blob id, for the catalogue files unchanged since REF
    unchanged: dict[str, str] = field(default_factory=dict)


def select(ref: str, config: Config) -> Selection:
    commit = git.commit_of(ref)
    changed = git.changed_since(commit)
    deleted = [Path(name) for name in git.run("diff", "--name-only", "--no-renames", "--diff-filter=D", "-z", "--relative",
                                              commit, "--").split("\0") if name]
    if _config_changed(commit, config):
        return Selection(None, "[tool.guides] 配置")
    tool = _tool_files()
    laws = config.laws.resolve()
    for path in changed + deleted:
        if path.resolve() in tool or inside(str(path.resolve()), str(Path(__file__).resolve().parents[1])):
            return Selection(None, f"{path.as_posix()}（标准或检查工具本身）")
        if inside(str(path.resolve()), str(laws)):
            return Selection(None, f"{path.as_posix()}（法规库）")
    root = config.root.resolve()
    picked: dict[Path, None] = {}
    folders: set[str] = set()
    gone: list[bytes] = []
    for path in changed + deleted:
        full = path.resolve()
        if not inside(str(full), str(root)) or full.suffix not in YAML_SUFFIXES or is_hidden(full.relative_to(root)):
            continue
        if path in changed:
            picked[path] = None
        if full.name == PROFILE_NAME:
            folders.add(str(full.parent))
        elif path in deleted:
            gone.append(f"{full.parent.name}/{full.stem}".encode())
    unchanged = _blobs(commit, config, {str(path) for path in changed})
    if not (folders or gone) or not config.root.is_dir():
        return Selection(list(map(str, picked)), unchanged=unchanged)
    for path in discover([str(config.root)]):
        full = path.resolve()
        if str(full.parent) in folders or (gone and _names_any(path, gone)):
            picked[path] = None
    return Selection(list(map(str, picked)), unchanged=unchanged)


def _blobs(commit: str, config: Config, changed: set[str]) -> dict[str, str]:
    """Blob ids at REF of the root's files not changed since: their bytes in the work tree are those."""
    if not config.root.is_dir():
        return {}
    try:
        tree = git.tree_at(commit, str(config.root), relative=True)  # paths relative to the working directory
    except GitError:  # a root outside the repository: its files are read and hashed instead
        return {}
    return {path if os.sep == "/" else str(Path(path)): blob for path, blob in tree.items() if path not in changed}


def _names_any(path: Path, ids: list[bytes]) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    return any(id in raw for id in ids)



def _tool_files() -> set[Path]:
    """The schemas the validator reads (in this repository, links to schema/)."""
    try:
        return {shipped_path(kind) for kind in SCHEMA_FILES}
    except (OSError, TypeError):
        return set()


def _config_changed(commit: str, config: Config) -> bool:
    """Whether `[tool.guides]` differs between REF and now (other edits of pyproject.toml don't matter)."""
    pyproject = (config.base / "pyproject.toml").resolve()
    if not pyproject.is_file():
        return False
    top = git.toplevel(pyproject.parent)
    if top is None:
        return False
    try:
        before = git.run("show", f"{commit}:{pyproject.relative_to(top.resolve()).as_posix()}", cwd=top)
    except (GitError, ValueError):
        before = ""
    return _table(before) != _table(pyproject.read_text(encoding="utf-8"))


def _table(text: str) -> object:
    try:
        return tomllib.loads(text).get("tool", {}).get("guides")
    except tomllib.TOMLDecodeError:
        return text
