"""Inline suppression in a YAML comment: `# guides: ignore[CODE] 原因`.

The comment stands at the end of the line a diagnostic points at, or alone on the line
above it. A reason is required, and every suppression is listed in the output, so a reviewer
sees what was waved through and why.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..diagnostics import PER_CODE, CodeDoc, Diagnostic, Example, Severity, capped, clip
from .loader import Document

_COMMENT = re.compile(r"#\s*guides:\s*ignore\[([A-Za-z0-9,\s]*)\]\s*(.*)$")

G001 = CodeDoc("G001", "忽略标记缺少原因", Severity.ERROR, stage="rules", explanation=(
    "用 `# guides: ignore[代码] 原因` 忽略一条检查时必须写明原因，让审阅者知道为什么可以接受。"
    "没有原因的忽略标记不生效。"),
    bad=Example("visits: 1  # guides: ignore[O501]\nvisit_reason: 须现场核验营业场所。", also=("O501",)),
    good=Example("visits: 1  # guides: ignore[O501] 须现场核验营业场所，经县政务办同意\nvisit_reason: 须现场核验营业场所。"))
G002 = CodeDoc("G002", "多余的忽略标记", Severity.WARNING, stage="rules", explanation=(
    "忽略标记所在的位置并没有这条检查的问题（可能问题已经修好了），请删除这个标记，以免以后掩盖新的问题。"),
    bad=Example("visits: 0  # guides: ignore[O501] 须现场核验营业场所"), good=Example("visits: 0"))

CODES = (G001, G002)  # listed in check/registry.py


@dataclass(frozen=True)
class Suppressed:
    diagnostic: Diagnostic
    reason: str

    def as_json(self) -> dict[str, object]:
        return {**self.diagnostic.as_json(), "reason": self.reason}


@dataclass
class _Marker:
    line: int  # the line the marker applies to
    comment_line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    used: bool = False


def _markers(doc: Document) -> list[_Marker]:
    if "guides:" not in doc.text:
        return []
    markers = []
    for number, line in enumerate(doc.text.split("\n"), 1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
        alone = line[: match.start()].strip() == ""
        # The reason is echoed with every finding it waves through: bounded and printable like any quoted text.
        markers.append(_Marker(number + 1 if alone else number, number, match.start() + 1, codes, clip(match.group(2).strip())))
    return markers


def apply(doc: Document, diagnostics: list[Diagnostic], known: Collection[str]) -> tuple[list[Diagnostic], list[Suppressed]]:
    """Split one file's rule diagnostics into kept and suppressed; add problems with the markers (`known`: every code)."""
    markers = _markers(doc)
    if not markers:
        return diagnostics, []
    kept: list[Diagnostic] = []
    suppressed: list[Suppressed] = []
    by_line: dict[int, list[_Marker]] = {}  # so that matching stays linear however many markers and findings
    for m in markers:
        by_line.setdefault(m.line, []).append(m)
    for diag in diagnostics:
        marker = next((m for m in by_line.get(diag.line, ()) if diag.code in m.codes and m.reason), None)
        if marker is None:
            kept.append(diag)
        else:
            marker.used = True
            suppressed.append(Suppressed(diag, marker.reason))
    for m in markers:
        source = doc.source_line(m.comment_line)
        if not m.reason:
            kept.append(Diagnostic(doc.path, m.comment_line, m.column, G001.code, G001.severity,
                                   f"忽略标记 ignore[{', '.join(m.codes)}] 没有写原因，因此不生效。",
                                   "在标记后写明原因，例如 `# guides: ignore[O501] 须现场核验，经县政务办同意`。", source))
        elif not m.used:
            kept.append(Diagnostic(doc.path, m.comment_line, m.column, G002.code, G002.severity,
                                   _unused(m.codes, known), "删除这个忽略标记。", source))
    return kept, suppressed


def _unused(codes: tuple[str, ...], known: Collection[str]) -> str:
    if not codes:
        return "忽略标记 ignore[] 中没有写代码，不起作用。"
    unknown = [code for code in codes if code not in known]
    if unknown:
        return f"{'、'.join(unknown)} 不是检查代码（用 `guides rules` 查看全部代码），忽略标记不起作用。"
    return f"这里没有 {', '.join(codes)} 的问题，忽略标记是多余的。"


def bounded_suppressed(suppressed: list[Suppressed], per_code: int = PER_CODE) -> list[Suppressed]:
    """At most `per_code` suppressed findings of one code in one file, then one summary, as `diagnostics.bounded`
    does for the rest (a marker on a line of 2 000 items waves through 2 000 findings)."""
    return [Suppressed(d, suppressed[index].reason) for index, d in capped([s.diagnostic for s in suppressed], per_code)]
