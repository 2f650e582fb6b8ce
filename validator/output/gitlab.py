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
import re

from ..check.result import CheckReport

# Errors fail the pipeline and stop the site build; warnings are advice for the reviewer.
SEVERITY = {"error": "critical", "warning": "minor"}

_LINE_REFERENCE = re.compile(r"第 \d+ 行")


def _fingerprint(key: tuple[str, str, str], rank: int) -> str:
    # surrogateescape: a file name that is not UTF-8 (Linux names are bytes) hashes as its bytes instead of failing
    return hashlib.sha256("\0".join((*key, str(rank))).encode("utf-8", "surrogateescape")).hexdigest()


def render(report: CheckReport) -> str:
    issues = []
    seen: dict[tuple[str, str, str], int] = {}
    for d in report.diagnostics:  # sorted by path and position, so ranks follow the file's order
        key = (d.path, d.code, _LINE_REFERENCE.sub("第 行", d.message))
        rank = seen[key] = seen.get(key, -1) + 1
        issues.append({
            "description": f"{d.code} {d.message}" + (f" 提示：{d.hint}" if d.hint else ""),
            "check_name": d.code,
            "fingerprint": _fingerprint(key, rank),
            "severity": SEVERITY[d.severity.value],
            "location": {"path": d.path, "lines": {"begin": d.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
