"""The one shape every stage reports problems in."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

DataPath = tuple[str | int, ...]  # a place in a file's data: keys and list indices, ("materials", 2, "form")

# What one diagnostic may echo of the file it concerns. A source line longer than SOURCE_WIDTH characters
# (a whole list written on one line, a pasted text) is cut around the caret; the samples' longest lines are
# ~900 characters, a reader needs the few dozen around the position.
SOURCE_WIDTH = 200
# A message or hint quotes values and keys (a key may be a whole pasted paragraph): at most this many characters.
TEXT_WIDTH = 1000
# Diagnostics of one code listed per file; the rest are counted in one summary diagnostic (`bounded`). A fresh
# `guides new` template has ~15 S001, a real review rarely more than a handful of one kind.
PER_CODE = 20
# Characters a terminal or a CI log would not show as themselves: controls (ANSI escapes, NUL, CR), bidi and
# other format characters, lone surrogates (undecodable file names). Each becomes one "�", so the caret stays aligned.
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
                        "\ud800-\udfff\U000e0000-\U000e007f]")


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
    # An excerpt of the source line the position points into, for the text format's caret (see `excerpt`) …
    source_line: str | None = field(default=None, compare=False)
    # The element it concerns, list items named by their natural key (`element_key`): "materials[户口簿复印件].form";
    # "" for the file as a whole. What a baseline recognises a problem by, wherever its line moves.
    element: str = ""
    # The caret's 1-based column in `source_line` (0: set from `column`).
    source_column: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        # Every producer hands over raw text: bounding it here keeps each diagnostic small (they cross process
        # boundaries) and makes it impossible to echo a whole file, whatever stage made the diagnostic.
        if not _bounded(self.message, TEXT_WIDTH):
            object.__setattr__(self, "message", clip(self.message))
        if self.hint is not None and not _bounded(self.hint, TEXT_WIDTH):
            object.__setattr__(self, "hint", clip(self.hint))
        if self.source_line is not None and (self.source_column == 0 or not _bounded(self.source_line, SOURCE_WIDTH + 2)):
            text, caret = excerpt(self.source_line, self.column)
            object.__setattr__(self, "source_line", text)
            object.__setattr__(self, "source_column", caret)

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
    `outside`: catalogue files (as in `files`, the example's own file included) that are symbolic links to a copy
    of their content outside the catalogue. `encoding` and `size` (padded with a comment) are how the file is written.
    The bad example raises its code
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
    outside: tuple[str, ...] = ()
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


def printable(text: str) -> str:
    """`text` with every character a terminal would not show as itself replaced by "�"."""
    return _INVISIBLE.sub("\ufffd", text)


def clip(text: str, width: int = TEXT_WIDTH) -> str:
    """`text` made printable, its middle cut (with "…") if it is longer than `width` characters."""
    if len(text) > width:
        text = text[:width - width // 4] + "…" + text[-(width // 4 - 1):]
    return printable(text)


def _bounded(text: str, width: int) -> bool:
    return len(text) <= width and _INVISIBLE.search(text) is None


def excerpt(line: str, column: int, width: int = SOURCE_WIDTH) -> tuple[str, int]:
    """At most `width` characters of `line` around 1-based `column` (an "…" marking each cut end), made printable,
    and the caret's 1-based column in the excerpt."""
    if len(line) <= width:
        return printable(line), column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    end = start + width
    text = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return printable(text), column - start + (1 if start else 0)


def bounded(diagnostics: list[Diagnostic], per_code: int = PER_CODE) -> list[Diagnostic]:
    """At most `per_code` diagnostics of one code in one file, then one summary (at the first left out) for the rest.

    `diagnostics` sorted by `sort_key`; so is the result. What one file can emit is then bounded by the number of
    codes, whatever it holds (10 000 unknown keys are 21 diagnostics, not 10 000).
    """
    return [d for _, d in capped(diagnostics, per_code)]


def capped(diagnostics: list[Diagnostic], per_code: int = PER_CODE) -> list[tuple[int, Diagnostic]]:
    """What `bounded` lists, each with its index in `diagnostics` (a summary: the index of the first it stands for)."""
    counts: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.path, d.code)
        counts[key] = counts.get(key, 0) + 1
    if all(count <= per_code + 1 for count in counts.values()):  # a summary of one would say no less than the one
        return list(enumerate(diagnostics))
    out: list[tuple[int, Diagnostic]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, d in enumerate(diagnostics):
        key = (d.path, d.code)
        number = seen[key] = seen.get(key, 0) + 1
        if number <= per_code or counts[key] <= per_code + 1:
            out.append((index, d))
        elif number == per_code + 1:
            out.append((index, replace(d, message=f"另有 {counts[key] - per_code} 处 {d.code} 同类问题，从这里起没有逐一列出。",
                                       hint=f"同一文件中同一种问题只列出前 {per_code} 处：改正上面列出的问题后重新检查，其余的会显示出来。")))
    return out
