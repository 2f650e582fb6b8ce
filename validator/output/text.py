"""For people: path:line:col, code, message, the source line with a caret, the hint."""

from __future__ import annotations

from ..display import width
from ..report import CheckReport

_SEVERITY = {"error": "错误", "warning": "警告"}


def render(report: CheckReport) -> str:
    blocks = []
    for d in report.diagnostics:
        lines = [f"{d.path}:{d.line}:{d.column}: {d.code} {_SEVERITY[d.severity.value]}：{d.message}"]
        if d.source_line is not None:
            number = str(d.line)
            pad = " " * len(number)
            source = d.source_line.replace("\t", " ")
            caret = " " * width(source[: d.column - 1]) + "^"
            lines += [f" {number} | {source}", f" {pad} | {caret}"]
        if d.hint:
            lines.append(f"  提示：{d.hint}")
        blocks.append("\n".join(lines))
    if report.suppressed:
        blocks.append("已忽略（审阅时请核对原因）：\n" + "\n".join(
            f"  {s.diagnostic.path}:{s.diagnostic.line}:{s.diagnostic.column}: {s.diagnostic.code} {s.diagnostic.message}（原因：{s.reason}）"
            for s in report.suppressed))
    blocks.append(report.summary_text())
    return "\n\n".join(blocks) + "\n"
