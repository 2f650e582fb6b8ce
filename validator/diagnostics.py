"""The one shape every stage reports problems in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

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
    # … and the caret's 1-based column in that excerpt (0: set from `column`).
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
        }
        if self.hint:
            out["hint"] = self.hint
        return out


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.path, diag.line, diag.column, diag.code)


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
