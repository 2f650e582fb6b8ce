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


@dataclass(frozen=True)
class CodeDoc:
    """One diagnostic code as `guides rules` and the site's rules page describe it.

    A code is stable once published: tools, configuration and suppression markers refer to it.
    """

    code: str
    title: str
    severity: Severity
    explanation: str
    bad: str | None = None  # a YAML snippet that triggers it
    good: str | None = None  # the same snippet fixed
    stage: str = "rules"  # load | schema | rules


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.path, diag.line, diag.column, diag.code)


def shown_path(path: tuple[str | int, ...]) -> str:
    """A place inside a file as messages name it: ("materials", 2, "form") → "materials[3].form" (items from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
