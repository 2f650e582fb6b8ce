"""The stable machine contract: {"diagnostics": [...], "summary": {...}}."""

from __future__ import annotations

import json

from .. import __version__
from ..check.result import CheckReport


def render(report: CheckReport) -> str:
    payload = {
        "tool": {"name": "guides", "version": __version__},
        "diagnostics": [d.as_json() for d in report.diagnostics],
        "suppressed": [s.as_json() for s in report.suppressed],
        "summary": report.summary(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
