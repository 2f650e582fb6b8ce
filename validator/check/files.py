"""Finding the files of a catalogue and running them through load → schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ..boundary import inside, leaves
from ..diagnostics import FILE, CodeDoc, Diagnostic, Example, Severity
from ..errors import UsageError
from ..standard.slugs import NAME_PATTERN
from .loader import MAX_BYTES, Document, LoadFailed, load
from .schema_stage import SchemaResult, SchemaStage

PROFILE_NAME = "_department.yaml"
YAML_SUFFIXES = (".yaml", ".yml")

Y014 = CodeDoc("Y014", "符号链接指向目录之外", Severity.ERROR, stage="load", explanation=(
    "目录里的指南文件、部门文件夹或引用的附件（空白表格、示例样表）是符号链接（快捷方式），指向目录文件夹之外。"
    "目录由许多人共同修改，这样的链接可能把服务器上的其他文件（如密钥、系统文件）读出来发布到网站上，"
    "因此一律不读取。请把文件本身提交到目录中，或删除这个链接。"),
    bad=Example("# 本文件是指向目录之外的符号链接（例如 /proc/self/environ）\nname: 个体工商户设立登记", into=FILE,
                outside=("shichang/getihu-sheli-dengji.yaml",)),
    good=Example("name: 个体工商户设立登记  # 本文件是提交到仓库中的普通文件"))
Y015 = CodeDoc("Y015", "文件名或文件夹名不规范", Severity.ERROR, stage="load", explanation=(
    "指南的文件名和部门文件夹名会成为网页地址和事项标识，只能用小写英文字母、数字和连字符“-”"
    "（`guides new` 用事项名称的拼音生成的就是这样的名字），不能有中文、空格、大写字母或其他符号。"
    "提示会给出建议的名字；改名后，其他指南 related 中引用它的地方也要一起改。"),
    bad=Example("# shichang/个体户登记新.yaml\nname: 个体工商户设立登记  # 只写了名称的草稿，文件名用了中文", into=FILE, line=2, also=("S001",)),
    good=Example("# shichang/getihu-dengji-xin.yaml\nname: 个体工商户设立登记"))
CODES = (Y014, Y015)  # listed in check/registry.py


def kind_of(path: PurePath) -> str:
    return "department" if path.name == PROFILE_NAME else "guide"


def display_path(path: Path) -> str:
    """Relative to the working directory where possible, always with forward slashes."""
    if not path.is_absolute() and ".." not in path.parts:  # already relative and normal: what relpath would give
        return path.as_posix()
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    if shown.startswith(".."):
        shown = str(path)
    return shown.replace(os.sep, "/")


def discover(paths: list[str], regular: set[Path] | None = None, links: list[Path] | None = None) -> list[Path]:
    """The YAML files named or found under the given files and folders, each once, in order.

    `regular`, if given, receives the files found in folders that are not symbolic links (known for free);
    `links` the symlinked folders found (never entered).
    """
    found: dict[Path, None] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            linked: list[str] = []
            for parts, link in sorted(_yaml_below(str(path), (), linked), key=lambda item: _order(item[0])):
                child = path.joinpath(*parts)
                found[child] = None
                if regular is not None and not link:
                    regular.add(child)
            if links is not None:
                links += [Path(folder) for folder in sorted(linked)]
        elif path.is_file():
            found[path] = None
        else:
            raise UsageError(f"找不到文件或文件夹：{name}")
    return list(found)


def _yaml_below(folder: str, parts: tuple[str, ...], links: list[str]) -> Iterator[tuple[tuple[str, ...], bool]]:
    """(relative parts, is a symlink) of the YAML files under a folder, as `rglob` finds them (symlinked folders
    not entered but added to `links`, unreadable ones skipped), leaving out hidden files and folders; one scandir
    per folder, no stat per file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _yaml_below(entry.path, (*parts, entry.name), links)
        elif entry.is_symlink() and entry.is_dir():
            links.append(entry.path)
        elif os.path.splitext(entry.name)[1] in YAML_SUFFIXES and entry.is_file():
            yield (*parts, entry.name), entry.is_symlink()


class RealPaths:
    """`os.path.realpath(path)`, with each folder resolved once: no lstat per path part, none at all for a file
    the folder walk found to be no symlink (`regular`, from `discover`)."""

    def __init__(self, regular: set[Path]) -> None:
        self.regular = regular
        self.folders: dict[str, str] = {}
        self.files: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        found = self.files.get(path)
        if found is None:
            text = str(path)
            if path not in self.regular and os.path.islink(text):
                found = os.path.realpath(text)
            else:
                folder, name = os.path.split(text)
                real = self.folders.get(folder)
                if real is None:
                    real = self.folders[folder] = os.path.realpath(folder or ".")
                found = os.path.join(real, name)
            self.files[path] = found
        return found


def _order(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Path order: part by part, case-insensitive on Windows."""
    return tuple(os.path.normcase(part) for part in parts) if os.name == "nt" else parts


def is_hidden(relative: Path) -> bool:
    """A file or folder under a hidden one (.git, .guides-cache …) is not part of the catalogue."""
    return any(part.startswith(".") for part in relative.parts)


@dataclass
class CheckedFile:
    path: Path
    shown: str  # display_path(path), the path every diagnostic carries
    kind: str
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    raw: bytes = b""
    schema: SchemaResult | None = None  # None: the file did not load

    @property
    def valid(self) -> bool:
        return self.document is not None and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def department_folders(root: Path, stage: SchemaStage) -> list[tuple[Path, CheckedFile | None]]:
    """Every folder directly under the catalogue root (hidden ones aside), with its profile checked
    (load and schema stages), or None when it has no `_department.yaml`."""
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return [(folder, _profile(folder, root, stage)) for folder in folders]


def _profile(folder: Path, root: Path, stage: SchemaStage) -> CheckedFile | None:
    profile = folder / PROFILE_NAME
    if leaves(profile, root):  # never read through a symlink out of the catalogue
        shown = display_path(profile)
        return CheckedFile(profile, shown, "department", None, [outside_link(shown, "部门文件夹" if leaves(folder, root) else "文件")])
    return check_file(profile, stage) if profile.is_file() else None


def check_file(path: Path, stage: SchemaStage, raw: bytes | None = None, shown: str | None = None) -> CheckedFile:
    """Load and schema-check one file (its bytes, if already read); every problem becomes a diagnostic, never an exception."""
    kind = kind_of(path)
    shown = shown or display_path(path)
    if raw is None:
        raw = read(path, shown)
    try:
        document = load(shown, raw)
    except LoadFailed as failed:
        return CheckedFile(path, shown, kind, None, failed.diagnostics, raw)
    schema = stage.validate(document, kind)
    return CheckedFile(path, shown, kind, document, schema.diagnostics, raw, schema)


def read(path: Path, shown: str) -> bytes:
    """The file's bytes, at most one more than the loader accepts (Y009), however big the file is. One read into the
    bytes returned, sized by the file's length: a buffer of the limit's size for every file cost ~40 µs a file."""
    try:
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, MAX_BYTES) + 1)  # one more: the end of the file, or one over the limit
            if size < len(data) <= MAX_BYTES:  # it grew since, or its length is not known (procfs): the rest
                data += handle.read(MAX_BYTES + 1 - len(data))
            return data
    except OSError as exc:
        raise UsageError(f"无法读取 {shown}：{exc.strerror}") from None


# -- what may be read: no symlink out of the catalogue --------------------------------------

def outside_link(shown: str, what: str = "文件") -> Diagnostic:
    """Y014 at the start of a file that is not read because a symlink takes it outside the catalogue."""
    return Diagnostic(shown, 1, 1, Y014.code, Y014.severity,
                      f"这个{what}是符号链接（或在链接的文件夹中），指向目录文件夹之外，出于安全考虑不读取也不写入。",
                      "把文件本身提交到目录中，或删除这个链接：目录中的链接只能指向目录里的文件。")


# -- names: what `guides new` writes, since they become page addresses and ids ---------------

def name_problems(path: Path, shown: str, root: Path, *, folder: bool) -> list[Diagnostic]:
    """Y015 for a catalogue file whose name (a guide's file name; with `folder`, its department folder's name) is
    not lower-case letters, digits and hyphens. Files outside the catalogue root are drafts: their names are free."""
    if not inside(path, root):
        return []
    found = []
    if path.name != PROFILE_NAME and not NAME_PATTERN.fullmatch(path.stem):
        found.append(_misnamed(shown, "文件名", path.stem, path.suffix, [p.stem for p in _siblings(path)]))
    parent = path.parent
    if folder and not _same(parent, root) and not NAME_PATTERN.fullmatch(parent.name):
        found.append(_misnamed(shown, "部门文件夹名", parent.name, "", [p.name for p in _siblings(parent)]))
    return found


def _same(path: Path, folder: Path) -> bool:
    return os.path.normcase(os.path.abspath(path)) == os.path.normcase(os.path.abspath(folder))


def _siblings(path: Path) -> list[Path]:
    try:
        return [p for p in path.parent.iterdir() if p != path]
    except OSError:
        return []


def _misnamed(shown: str, what: str, name: str, suffix: str, taken: list[str]) -> Diagnostic:
    from ..standard.slugs import pinyin_slug, unique_slug  # jieba: only when a name is wrong

    suggested = unique_slug(pinyin_slug(name) or "shixiang", taken) + suffix
    return Diagnostic(shown, 1, 1, Y015.code, Y015.severity,
                      f"{what}「{name}」不规范：只能用小写英文字母、数字和连字符“-”，因为它会成为网页地址和事项标识。",
                      f"改名为「{suggested}」（`git mv` 改名；其他指南 related 中引用它的地方也要一起改）。")
