"""Finding the files of a catalogue and running them through load → schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ..diagnostics import Diagnostic, Severity
from ..errors import UsageError
from .loader import Document, LoadFailed, load
from .schema_stage import SchemaResult, SchemaStage

PROFILE_NAME = "_department.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


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


def discover(paths: list[str], regular: set[Path] | None = None) -> list[Path]:
    """The YAML files named or found under the given files and folders, each once, in order.

    `regular`, if given, receives the files found in folders that are not symbolic links (known for free).
    """
    found: dict[Path, None] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for parts, link in sorted(_yaml_below(str(path), ()), key=lambda item: _order(item[0])):
                child = path.joinpath(*parts)
                found[child] = None
                if regular is not None and not link:
                    regular.add(child)
        elif path.is_file():
            found[path] = None
        else:
            raise UsageError(f"找不到文件或文件夹：{name}")
    return list(found)


def _yaml_below(folder: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], bool]]:
    """(relative parts, is a symlink) of the YAML files under a folder, as `rglob` finds them (symlinked folders
    not entered, unreadable ones skipped), leaving out hidden files and folders; one scandir per folder, no stat per file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _yaml_below(entry.path, (*parts, entry.name))
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


def inside(path: str, folder: str) -> bool:
    """Whether a path is the folder or below it (both absolute, resolved)."""
    path, folder = os.path.normcase(path), os.path.normcase(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
    return [(folder, check_file(folder / PROFILE_NAME, stage) if (folder / PROFILE_NAME).is_file() else None)
            for folder in folders]


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
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取 {shown}：{exc.strerror}") from None
