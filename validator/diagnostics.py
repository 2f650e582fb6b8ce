"""The one shape every stage reports problems in."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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


def shown_path(path: tuple[str | int, ...]) -> str:
    """A place inside a file as messages name it: ("materials", 2, "form") → "materials[3].form" (items from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
