"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json

from .. import __version__
from ..check.registry import all_codes
from ..check.result import CheckReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: CheckReport) -> str:
    codes = all_codes()
    index = {doc.code: i for i, doc in enumerate(codes)}
    rules = [{
        "id": doc.code,
        "name": doc.title,
        "shortDescription": {"text": doc.title},
        "fullDescription": {"text": doc.explanation},
        "defaultConfiguration": {"level": doc.severity.value},
    } for doc in codes]
    results = []
    # With a baseline, each result says whether it is new or recorded (SARIF's own baselineState).
    states = [(d, "new") for d in report.diagnostics] + [(d, "unchanged") for d in report.known]
    for d, state in states:
        result: dict[str, object] = {
            "ruleId": d.code,
            "level": d.severity.value,
            "message": {"text": d.message + (f" 提示：{d.hint}" if d.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": d.path},
                "region": {"startLine": d.line, "startColumn": d.column},
            }}],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if report.baseline is not None:
            result["baselineState"] = state
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "guides", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
