"""For people: path:line:col, code, message, the source line with a caret, the hint."""

from __future__ import annotations

from ..check.result import CheckReport
from ..diagnostics import Diagnostic, printable
from ..wording.display import width


def headline(d: Diagnostic) -> str:
    """`path:line:col: CODE 错误：message`, the first line of a diagnostic in every text-like output."""
    return f"{printable(d.path)}:{d.line}:{d.column}: {d.code} {d.severity.word}：{d.message}"  # a file name may hold ESC


def render(report: CheckReport) -> str:
    blocks = []
    for d in report.diagnostics:
        lines = [headline(d)]
        if d.source_line is not None:
            number = str(d.line)
            pad = " " * len(number)
            source = d.source_line.replace("\t", " ")
            caret = " " * width(source[: d.source_column - 1]) + "^"
            lines += [f" {number} | {source}", f" {pad} | {caret}"]
        if d.hint:
            lines.append(f"  提示：{d.hint}")
        blocks.append("\n".join(lines))
    if report.known:
        assert report.baseline is not None
        blocks.append(f"已登记（基线 {report.baseline.file} 中的已知问题，不计为错误；修好后运行 guides baseline 更新）：\n" + "\n".join(
            f"  {headline(d)}" for d in report.known))
    if report.suppressed:
        blocks.append("已忽略（审阅时请核对原因）：\n" + "\n".join(
            f"  {printable(s.diagnostic.path)}:{s.diagnostic.line}:{s.diagnostic.column}: {s.diagnostic.code} {s.diagnostic.message}（原因：{s.reason}）"
            for s in report.suppressed))
    blocks.append(report.summary_text())
    return "\n\n".join(blocks) + "\n"
