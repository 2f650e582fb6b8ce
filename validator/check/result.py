"""The result of one `guides check` run, as every output format sees it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..diagnostics import Diagnostic, Severity, bounded
from .suppressions import Suppressed, bounded_suppressed


@dataclass(frozen=True)
class Outcome:
    """What a baseline (check/baseline.py) did to one run."""

    file: str  # the baseline's path as given
    fixed: int  # recorded problems that no longer occur in the files checked
    changed: list[tuple[str, int]] = field(default_factory=list)  # (file, recorded problems counted again) for changed files

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "fixed": self.fixed, "changed": [{"path": p, "counted_again": n} for p, n in self.changed]}


@dataclass(frozen=True)
class CheckReport:
    diagnostics: list[Diagnostic]  # what counts: every problem but the known ones
    files: int
    suppressed: list[Suppressed] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the checked files' display paths, sorted (JUnit lists each)
    # What the run says once, beside its report rather than about a file: the law registry's age (L108), the baseline's.
    notices: list[str] = field(default_factory=list)
    known: list[Diagnostic] = field(default_factory=list)  # problems a baseline records (已登记), listed apart, not counted
    baseline: Outcome | None = None  # None: no baseline in use
    digests: dict[str, str] = field(default_factory=dict)  # checked file's display path → its content's git blob id

    def bounded(self) -> CheckReport:
        """The report as shown: past `PER_CODE` problems of one code in one file, one summary for the rest. A baseline
        is recorded and applied on the complete report, so that a summary never stands for problems it records."""
        return replace(self, diagnostics=bounded(self.diagnostics), known=bounded(self.known),
                       suppressed=bounded_suppressed(self.suppressed))

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        counts = {"files": self.files, "errors": self.errors, "warnings": self.warnings, "suppressed": len(self.suppressed)}
        return {**counts, "known": len(self.known)} if self.baseline is not None else counts

    def summary_text(self) -> str:
        waved = f"；已按标记忽略 {len(self.suppressed)} 条" if self.suppressed else ""
        waved += f"；基线中已登记 {len(self.known)} 条（不计入）" if self.known else ""
        if not self.diagnostics:
            found = "没有发现新问题" if self.known else "没有发现问题"
            return f"检查了 {self.files} 个文件，{found}{waved}。"
        return f"检查了 {self.files} 个文件：{self.errors} 个错误，{self.warnings} 个警告{waved}。"
