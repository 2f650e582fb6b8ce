"""The stable machine contract: {"diagnostics": [...], "summary": {...}}; with a baseline also "known" (the problems
it records, each as a diagnostic) and "baseline" (its file, how many recorded problems are fixed, changed files)."""

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
    if report.baseline is not None:
        payload["known"] = [d.as_json() for d in report.known]
        payload["baseline"] = report.baseline.as_json()
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
