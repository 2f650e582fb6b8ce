"""The result of one `guides check` run, as every output format sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Severity
from .suppressions import Suppressed


@dataclass(frozen=True)
class CheckReport:
    diagnostics: list[Diagnostic]
    files: int
    suppressed: list[Suppressed] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the checked files' display paths, sorted (JUnit lists each)
    # What the run says once, beside its report rather than about a file: the law registry's age (L108).
    notices: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings, "suppressed": len(self.suppressed)}

    def summary_text(self) -> str:
        waved = f"；已按标记忽略 {len(self.suppressed)} 条" if self.suppressed else ""
        if not self.diagnostics:
            return f"检查了 {self.files} 个文件，没有发现问题{waved}。"
        return f"检查了 {self.files} 个文件：{self.errors} 个错误，{self.warnings} 个警告{waved}。"
