"""Suppressions: the guide's `ignore` element, and the older comment marker `# guides: ignore[CODE] 原因`.

- `ignore: [{code, element, reason}]` (schema 1.2) names a finding by its code and element, in the notation of the
  diagnostics' `element` field that a baseline uses (list items by their natural key: `materials[户口簿复印件].form`;
  no `element` for a finding on the file as a whole). Data survives the web editor's save and any reformatting;
  `guides migrate` turns markers into entries.
- The comment stands at the end of the line a diagnostic points at, or alone on the line above it.

A reason is required, and every suppression is listed in the output, so a reviewer sees what was waved through and
why. A suppression that waves nothing through, or names no known code, is G002; one without a reason G001.
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


@dataclass
class _Entry:
    """One item of the `ignore` element."""

    index: int
    code: str
    element: str
    reason: str
    used: bool = False


def has_suppressions(doc: Document) -> bool:
    """Whether a file can hold any: a marker's text, or an `ignore` element."""
    return "guides:" in doc.text or "ignore" in doc.data


def _entries(doc: Document) -> list[_Entry]:
    found = doc.data.get("ignore")
    if not isinstance(found, list):
        return []
    entries = []
    for index, item in enumerate(found):
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            element, reason = item.get("element", ""), item.get("reason", "")
            entries.append(_Entry(index, item["code"].strip().upper(), element if isinstance(element, str) else "",
                                  clip(reason.strip()) if isinstance(reason, str) else ""))
    return entries


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
    """Split one file's rule diagnostics into kept and suppressed; add problems with the suppressions (`known`: every code)."""
    markers = _markers(doc)
    entries = _entries(doc)
    if not markers and not entries:
        return diagnostics, []
    kept: list[Diagnostic] = []
    suppressed: list[Suppressed] = []
    by_line: dict[int, list[_Marker]] = {}  # so that matching stays linear however many markers and findings
    for m in markers:
        by_line.setdefault(m.line, []).append(m)
    by_element = {(e.code, e.element): e for e in entries if e.reason}
    for diag in diagnostics:
        entry = by_element.get((diag.code, diag.element))
        if entry is not None:
            entry.used = True
            suppressed.append(Suppressed(diag, entry.reason))
            continue
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
    for e in entries:
        at = ("ignore", e.index)
        where = f"「{e.element}」" if e.element else "整个文件"
        if not e.reason:
            kept.append(doc.diagnostic(G001, at, f"忽略 {e.code}（{where}）没有写原因（reason），因此不生效。",
                                       "写明原因，例如 reason: 须现场核验，经县政务办同意。"))
        elif not e.used:
            message = _unused((e.code,), known) if e.code not in known else f"{where}没有 {e.code} 的问题，这条忽略是多余的。"
            kept.append(doc.diagnostic(G002, at, message.replace("忽略标记", "这条忽略"), "删除 ignore 中的这一项；"
                                       "位置要和 guides check 输出的 element 一样书写。"))
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
