"""GitLab Code Quality (a Code Climate subset): the merge request's code-quality widget.

GitLab compares the report of the merge request's pipeline with the target branch's by
`fingerprint`, so a fingerprint must stay the same while a problem stays, even when lines
are added above it, and must be unique within one report (GitLab keeps only the first issue
of a fingerprint). It hashes the path, the code and the message (with any "第 N 行" taken
out), plus the problem's rank among identical ones in the same file.

Suppressed findings are left out, as in the SARIF output: they are not problems to fix.
"""

from __future__ import annotations

import hashlib
import json

from ..check.result import CheckReport
from ..diagnostics import sort_key, stable_message

# Errors fail the pipeline and stop the site build; warnings are advice for the reviewer.
SEVERITY = {"error": "critical", "warning": "minor"}
KNOWN = "info"  # a problem a baseline records: shown in the widget, never as a new one to fix in this change


def _fingerprint(key: tuple[str, str, str], rank: int) -> str:
    # surrogateescape: a file name that is not UTF-8 (Linux names are bytes) hashes as its bytes instead of failing
    return hashlib.sha256("\0".join((*key, str(rank))).encode("utf-8", "surrogateescape")).hexdigest()


def render(report: CheckReport) -> str:
    issues = []
    seen: dict[tuple[str, str, str], int] = {}
    every = sorted([(d, False) for d in report.diagnostics] + [(d, True) for d in report.known], key=lambda item: sort_key(item[0]))
    for d, known in every:  # sorted by path and position, so ranks follow the file's order
        key = (d.path, d.code, stable_message(d.message))
        rank = seen[key] = seen.get(key, -1) + 1
        issues.append({
            "description": ("【已登记】" if known else "") + f"{d.code} {d.message}" + (f" 提示：{d.hint}" if d.hint else ""),
            "check_name": d.code,
            "fingerprint": _fingerprint(key, rank),
            "severity": KNOWN if known else SEVERITY[d.severity.value],
            "location": {"path": d.path, "lines": {"begin": d.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
