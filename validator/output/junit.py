"""JUnit XML, the shape GitLab (`artifacts:reports:junit`), Jenkins and most CI systems read.

One testcase per checked file. A file with errors fails, and its failure lists every problem
of the file; a file with warnings only passes (as `guides check` exits 0), its warnings,
any suppressed findings and the problems a baseline records (known, which never fail a file)
listed in the testcase's `system-out`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from ..check.result import CheckReport
from ..diagnostics import Diagnostic, Severity
from .text import headline

NAME = "guides check"

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _line(d: Diagnostic) -> str:
    return headline(d) + (f"\n  提示：{d.hint}" if d.hint else "")


def _classname(path: str) -> str:
    """The file's folder, dotted, so Jenkins groups files by department folder."""
    return str(PurePosixPath(path).parent).strip("/.").replace("/", ".") or "guides"


def render(report: CheckReport) -> str:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    waved: dict[str, list[str]] = {}
    for s in report.suppressed:
        d = s.diagnostic
        waved.setdefault(d.path, []).append(f"已忽略 {d.path}:{d.line}:{d.column}: {d.code} {d.message}（原因：{s.reason}）")
    for d in report.known:
        waved.setdefault(d.path, []).append(f"已登记 {headline(d)}")

    paths = report.paths
    failed = sum(any(d.severity is Severity.ERROR for d in by_path.get(path, ())) for path in paths)
    counts = {"tests": str(len(paths)), "failures": str(failed), "errors": "0"}
    suites = ET.Element("testsuites", name=NAME, **counts)
    suite = ET.SubElement(suites, "testsuite", name=NAME, **counts, skipped="0")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname=_xml(_classname(path)), name=_xml(path), file=_xml(path))
        found = by_path.get(path, [])
        errors = sum(d.severity is Severity.ERROR for d in found)
        if errors:
            warnings = f"，{len(found) - errors} 个警告" if len(found) > errors else ""
            failure = ET.SubElement(case, "failure", type="error", message=f"{errors} 个错误{warnings}")
            failure.text = _xml("\n".join(_line(d) for d in found))
            found = []
        notes = [_line(d) for d in found] + waved.get(path, [])
        if notes:
            ET.SubElement(case, "system-out").text = _xml("\n".join(notes))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
