"""Finding the files of a catalogue and running them through load → schema."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .loader import Document, LoadFailed, load
from .schema_stage import SchemaStage

PROFILE_NAME = "_department.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A problem with how the command was called (exit status 2)."""


def kind_of(path: Path) -> str:
    return "department" if path.name == PROFILE_NAME else "guide"


def display_path(path: Path) -> str:
    """Relative to the working directory where possible, always with forward slashes."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    if shown.startswith(".."):
        shown = str(path)
    return shown.replace(os.sep, "/")


def discover(paths: list[str]) -> list[Path]:
    """The YAML files named or found under the given files and folders, each once, in order."""
    found: dict[Path, None] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix in YAML_SUFFIXES and child.is_file() and not _hidden(child.relative_to(path)):
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            raise UsageError(f"找不到文件或文件夹：{name}")
    return list(found)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


@dataclass
class CheckedFile:
    path: Path
    shown: str  # display_path(path), the path every diagnostic carries
    kind: str
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.document is not None and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def check_file(path: Path, stage: SchemaStage) -> CheckedFile:
    """Load and schema-check one file; every problem becomes a diagnostic, never an exception."""
    kind = kind_of(path)
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取 {shown}：{exc.strerror}") from None
    try:
        document = load(shown, raw)
    except LoadFailed as failed:
        return CheckedFile(path, shown, kind, None, failed.diagnostics)
    return CheckedFile(path, shown, kind, document, stage.check(document, kind))
