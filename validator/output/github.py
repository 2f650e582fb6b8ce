"""GitHub Actions workflow commands: inline annotations on the pull request's diff.

Problems a baseline records (known) get no annotation: they are not this change's; the summary line counts them."""

from __future__ import annotations

from ..check.result import CheckReport
from ..diagnostics import printable


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: CheckReport) -> str:
    out = []
    for d in report.diagnostics:
        message = d.message + (f"\n提示：{d.hint}" if d.hint else "")
        props = f"file={_property(printable(d.path))},line={d.line},col={d.column},title={_property(d.code)}"
        out.append(f"::{d.severity.value} {props}::{_data(message)}")
    out.append(report.summary_text().rstrip())
    return "\n".join(out) + "\n"
