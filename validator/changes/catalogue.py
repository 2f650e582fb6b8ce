"""The catalogue at two git revisions (or a revision and the work tree) → what changed, file by file.

Files are told apart by git's blob ids, so unchanged files are never read; only the changed ones
are loaded, through the real loader and the schema stage's keep-as-text fix-up (a phone typed as
`12345` compares equal to "12345"). A moved file is a rename, found by identical content, then by
the same code (业务办理项编码, 实施编码, 基本编码, 统一社会信用代码) or name, never a removal plus an addition.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .. import git
from ..boundary import leaves
from ..check.config import load_config
from ..check.files import YAML_SUFFIXES, display_path, kind_of
from ..check.schema_stage import SchemaStage
from ..errors import UsageError
from ..model import Guide
from ..wording import facts
from .elements import Edit, compare
from .reading import read_version

ADDED, REMOVED, RENAMED, CHANGED = "新增", "删除", "重命名", "修改"
# What identifies a file when it moves, most specific first; a code matches only when unique on both sides.
IDENTITY = {"guide": ("handle_code", "impl_code", "basic_code", "name"), "department": ("uscc", "name")}


@dataclass
class Version:
    """One file at one side of the diff."""

    path: str  # relative to the repository root
    blob: str
    raw: bytes | None = None
    data: dict[str, Any] | None = None
    problem: str | None = None  # why it cannot be read: 第 N 行：…
    invalid: int = 0  # schema errors in a version that loads


@dataclass
class FileDiff:
    status: str  # ADDED, REMOVED, RENAMED, CHANGED
    kind: str  # guide, department, other
    old: Version | None
    new: Version | None
    edits: list[Edit] = field(default_factory=list)
    facts: str = ""  # an added guide's 办事一览 in one line

    @property
    def name(self) -> str:
        """The guide's or department's name, from the newest version that has one."""
        for version in (self.new, self.old):
            if version is not None and version.data:
                name = version.data.get("short_name") if self.kind == "department" else version.data.get("name")
                if isinstance(name, str) and name:
                    return name
        return ""


@dataclass
class CatalogueDiff:
    base: str  # how the revisions are shown: "main（1a2b3c4）", "工作区"
    head: str
    files: list[FileDiff]
    top: Path  # the repository root: file paths are shown relative to the working directory

    def shown(self, version: Version | None) -> str:
        return display_path(self.top / version.path) if version else ""


def diff_revisions(base: str, head: str | None, cwd: Path | None = None) -> CatalogueDiff:
    """The catalogue root (`[tool.guides] root`) at `base` against `head`, or against the work tree when head is None."""
    here = (cwd or Path.cwd()).resolve()
    top = git.toplevel(here)
    if top is None:
        raise UsageError("当前文件夹不在 git 仓库中：guides diff 比较的是 git 中的两个版本。请在指南仓库里运行。")
    top = top.resolve()
    root = (here / load_config(here).root).resolve()
    try:
        folder = root.relative_to(top).as_posix() or "."
    except ValueError:
        raise UsageError(f"指南目录 {root} 不在 git 仓库 {top} 中。") from None
    base_commit = git.commit_of(base, top)
    old_tree = _catalogue_files(git.tree_at(base_commit, folder, top), folder)
    if head is None:
        new_tree, on_disk = _work_tree(top, folder, id_length=len(next(iter(old_tree.values()), "0" * 40)))
        head_label = "工作区"
    else:
        head_commit = git.commit_of(head, top)
        new_tree, on_disk = _catalogue_files(git.tree_at(head_commit, folder, top), folder), {}
        head_label = f"{head}（{head_commit[:7]}）"
    if not root.is_dir() and not old_tree and not new_tree:
        raise UsageError(f"找不到指南目录 {display_path(root)}（pyproject.toml 中 [tool.guides] 的 root，默认 guides/）。")
    pairs = _pairs(old_tree, new_tree)
    # only YAML files are read: an attachment's change is told by its blob id alone
    olds = [old for old, _ in pairs if old and _kind(old.path) != "other"]
    news = [new for _, new in pairs if new and _kind(new.path) != "other"]
    blobs = git.read_blobs([v.blob for v in olds + (news if head is not None else [])], top)
    for version in olds:
        version.raw = blobs.get(version.blob)
    for version in news:
        version.raw = on_disk[version.path] if head is None else blobs.get(version.blob)
    stage = SchemaStage()
    files = [found for old, new in pairs if (found := _file_diff(old, new, stage)) is not None]
    files = sorted(_with_renames(files), key=lambda f: (f.new or f.old).path)  # type: ignore[union-attr]
    return CatalogueDiff(f"{base}（{base_commit[:7]}）", head_label, files, top)


def _kind(path: str) -> str:
    """guide, department (as `guides check` tells them apart), or other (a blank form, a sample)."""
    return kind_of(PurePosixPath(path)) if path.endswith(YAML_SUFFIXES) else "other"


def _catalogue_files(tree: dict[str, str], folder: str) -> dict[str, str]:
    """Leave out hidden files and folders inside the root, as `guides check` does."""
    base = PurePosixPath(folder)
    return {path: blob for path, blob in tree.items()
            if not any(part.startswith(".") for part in PurePosixPath(path).relative_to(base).parts)}


def _work_tree(top: Path, folder: str, id_length: int) -> tuple[dict[str, str], dict[str, bytes]]:
    """The files git sees under the root (tracked or not ignored) as they are on disk, with their blob ids."""
    listing = git.run("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", folder, cwd=top)
    on_disk: dict[str, bytes] = {}
    for path in dict.fromkeys(p for p in listing.split("\0") if p):
        if (top / path).is_symlink() and leaves(top / path, top / folder):
            # Never read through a symlink out of the catalogue: it is what git stores for it, the link's text.
            on_disk[path] = os.fsencode(os.readlink(top / path))
            continue
        try:
            on_disk[path] = (top / path).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):  # deleted, not yet staged
            continue
        except OSError as exc:
            raise UsageError(f"无法读取 {display_path(top / path)}：{exc.strerror}") from None
    tree = {path: git.blob_id(raw, length=id_length) for path, raw in on_disk.items()}
    return _catalogue_files(tree, folder), on_disk


def _pairs(old: dict[str, str], new: dict[str, str]) -> list[tuple[Version | None, Version | None]]:
    """Files whose content differs: (old, new), (old, None) removed, (None, new) added."""
    out: list[tuple[Version | None, Version | None]] = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if before != after:
            out.append((Version(path, before) if before else None, Version(path, after) if after else None))
    return out


def _read(version: Version | None, kind: str, stage: SchemaStage) -> None:
    """Load one version through the real loader; a failure is kept as words, never raised."""
    if version is None or kind == "other" or version.data is not None or version.problem is not None:
        return
    if version.raw is None:
        version.problem = "git 中读不到这个版本"
        return
    reading = read_version(version.path, version.raw, kind, stage)
    version.data, version.problem, version.invalid = reading.data, reading.problem, reading.invalid


def _file_diff(old: Version | None, new: Version | None, stage: SchemaStage) -> FileDiff | None:
    kind = _kind((new or old).path)  # type: ignore[union-attr]
    status = ADDED if old is None else REMOVED if new is None else CHANGED
    found = FileDiff(status, kind, old, new)
    _read(old, kind, stage)
    _read(new, kind, stage)
    if status == CHANGED and kind != "other":
        found.edits = _edits(kind, old, new)  # type: ignore[arg-type]
        if not found.edits and _same_text(old, new):  # only line ends differ (autocrlf): git shows nothing either
            return None
    if status == ADDED and kind == "guide":
        found.facts = _facts(new)  # type: ignore[arg-type]
    return found


def _edits(kind: str, old: Version, new: Version) -> list[Edit]:
    if old.data is None or new.data is None:
        return []
    return compare(kind, old.data, new.data)


def _same_text(old: Version | None, new: Version | None) -> bool:
    if old is None or new is None or old.raw is None or new.raw is None:
        return False
    return old.raw.replace(b"\r\n", b"\n") == new.raw.replace(b"\r\n", b"\n")


def _facts(version: Version) -> str:
    """A new guide's time limit, fee and visits, as its page says them (only for a guide that passes the schema)."""
    if version.data is None or version.invalid:
        return ""
    guide = Guide.of("", "", version.path, version.data)
    return "；".join((facts.time_text(guide), facts.fee_text(guide), facts.visits_text(guide)))


def _with_renames(files: list[FileDiff]) -> list[FileDiff]:
    """The files, with each removed file that matches an added one of the same kind turned into one rename."""
    removed = [f for f in files if f.status == REMOVED]
    added = [f for f in files if f.status == ADDED]
    renames: list[FileDiff] = []
    paired: set[int] = set()  # ids of the FileDiffs a rename stands for

    def pair(gone: FileDiff, came: FileDiff) -> None:
        assert gone.old is not None and came.new is not None
        renamed = FileDiff(RENAMED, gone.kind, gone.old, came.new)
        if gone.kind != "other":
            renamed.edits = _edits(gone.kind, gone.old, came.new)
        renames.append(renamed)
        paired.update((id(gone), id(came)))

    same_content: dict[tuple[str, str], list[FileDiff]] = {}  # identical content first
    for came in added:
        same_content.setdefault((came.kind, came.new.blob), []).append(came)  # type: ignore[union-attr]
    for gone in removed:
        candidates = same_content.get((gone.kind, gone.old.blob))  # type: ignore[union-attr]
        if candidates:
            pair(gone, candidates.pop(0))
    for kind, keys in IDENTITY.items():
        for key in keys:
            gone_by = _unique([f for f in removed if id(f) not in paired and f.kind == kind], "old", key)
            came_by = _unique([f for f in added if id(f) not in paired and f.kind == kind], "new", key)
            for value, gone in gone_by.items():
                if value in came_by:
                    pair(gone, came_by[value])
    return [f for f in files if id(f) not in paired] + renames


def _unique(files: list[FileDiff], side: str, key: str) -> dict[str, FileDiff]:
    """Files by the value of `key`, keeping only values that one file alone has."""
    by: dict[str, list[FileDiff]] = {}
    for f in files:
        version: Version | None = getattr(f, side)
        value = version.data.get(key) if version is not None and version.data else None
        if isinstance(value, str) and value:
            by.setdefault(value, []).append(f)
    return {value: found[0] for value, found in by.items() if len(found) == 1}
