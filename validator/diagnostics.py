"""The one shape every stage reports problems in."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

DataPath = tuple[str | int, ...]  # a place in a file's data: keys and list indices, ("materials", 2, "form")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def word(self) -> str:
        """The Chinese word every output and page uses."""
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Diagnostic:
    path: str  # relative, forward slashes
    line: int  # 1-based
    column: int  # 1-based
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    # The source line the position points into, for the text format's caret.
    source_line: str | None = field(default=None, compare=False)
    # The element it concerns, list items named by their natural key (`element_key`): "materials[户口簿复印件].form";
    # "" for the file as a whole. What a baseline recognises a problem by, wherever its line moves.
    element: str = ""

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "element": self.element,
        }
        if self.hint:
            out["hint"] = self.hint
        return out

    def fingerprint(self) -> tuple[str, str, str]:
        """What stays the same while the problem stays, whatever lines are added above it: code, element, message."""
        return self.code, self.element, stable_message(self.message)


_LINE_REFERENCE = re.compile(r"第 \d+ 行")


def stable_message(message: str) -> str:
    """A message without the line numbers some name ("第 3 行已经写过"), which move when lines are added above."""
    return _LINE_REFERENCE.sub("第 行", message)


NATURAL_KEYS = ("name", "title", "question", "q", "text", "label")  # what names a list item, first found
_KEY_LENGTH = 40


def element_key(data: Any, path: DataPath) -> str:
    """A data path as a baseline names it: list items by their natural key where they have one, else by number
    (from 1): ("materials", 2, "form") → "materials[户口簿复印件].form", ("process", 0) → "process[1]"."""
    out, node = "", data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, Sequence) and not isinstance(node, str) and 0 <= part < len(node) else None
            out += f"[{_natural_key(item) or part + 1}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, Mapping) else None
    return out


def _natural_key(item: Any) -> str | None:
    if isinstance(item, Mapping):
        item = next((item[key] for key in NATURAL_KEYS if isinstance(item.get(key), str) and item[key]), None)
    if isinstance(item, str) and item:
        return item if len(item) <= _KEY_LENGTH else item[:_KEY_LENGTH] + "…"
    return None


LINES, FILE, FOLDER, LAWS = ":lines", ":file", ":folder", ":laws"  # where an example goes, besides a data path


@dataclass(frozen=True)
class Example:
    """A snippet that `guides rules CODE` and the site's rules page show, and tests/test_examples.py runs.

    It goes into a valid sample file, `base` (a catalogue id: folder/file), in a copy of that department's
    folder, and is placed by `into`:

    - a data path ("" for the top level, "time_limit", "materials[0]"): every key the snippet writes replaces
      the base's, except that a mapping or list written as an indented block merges into the base's (list
      items by position), so that a snippet shows only what matters;
    - LINES: its lines take the place of the base's top-level entries of the same keys, as written (a snippet
      that is not valid YAML, or whose comments and spacing are the point);
    - FILE: it is the whole file; FOLDER: it lists a department folder's files (those named are the samples');
    - LAWS: it is a whole file of the catalogue's law registry folder (laws/), which every check reads.

    A snippet of several files starts each with a `# folder/file.yaml` line; the first file is the one checked.
    `drop`: data paths taken out of the base first. `files`: further files the catalogue holds (a blank form).
    `encoding` and `size` (padded with a comment) are how the file is written. The bad example raises its code
    on the snippet's line `line`, and no other code but `also`; the good one raises none. A code a run reports
    once, beside its report rather than at a line (L108), has `line` 0.
    """

    text: str
    into: str = ""
    line: int = 1
    base: str = "shichang/getihu-sheli-dengji"
    drop: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    encoding: str = "utf-8"
    size: int = 0


@dataclass(frozen=True)
class CodeDoc:
    """One diagnostic code as `guides rules` and the site's rules page describe it.

    A code is stable once published: tools, configuration and suppression markers refer to it.
    """

    code: str
    title: str
    severity: Severity
    explanation: str
    bad: Example | None = None  # a snippet that raises it
    good: Example | None = None  # the same snippet fixed
    stage: str = "rules"  # load | schema | rules


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.path, diag.line, diag.column, diag.code)


def shown_path(path: DataPath) -> str:
    """A place inside a file as messages name it: ("materials", 2, "form") → "materials[3].form" (items from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
