"""`guides check --format gitlab|junit` against the json format, on a broken copy of a department folder."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import GUIDES, mutate

GITLAB_SEVERITIES = ("info", "minor", "major", "critical", "blocker")  # lowest first
CONDITION = "  - 经营范围不属于法律、行政法规禁止个体工商户经营的项目；涉及前置审批的，已取得许可文件。\n"
ODD_TYPE = '行政<许可&"]]>'


@pytest.fixture
def broken(guide: Path) -> Path:
    """The shichang copy with a warning in the exemplar and errors in a sibling.

    The sibling gets the same unknown key in each required material (identical messages) and a
    type with XML markup and a control character in it (YAML's "\\x01" escape).
    """
    mutate(guide, CONDITION, CONDITION + "  - 提交相关材料\n")  # W303: a vague word, a warning
    sibling = guide.parent / "shipin-jingying-xuke.yaml"
    text = sibling.read_text(encoding="utf-8")
    assert text.count("    necessity: 必要\n") >= 3
    text = text.replace("    necessity: 必要\n", "    necessity: 必要\n    foo: 1\n")
    sibling.write_text(text, encoding="utf-8")
    mutate(sibling, "\ntype: 行政许可\n", '\ntype: "' + ODD_TYPE.replace('"', '\\"') + '\\x01"\n')
    return guide.parents[2]


def run_formats(guides, root: Path, *formats: str, paths: tuple[str, ...] = ("guides",)):
    runs = {f: guides("check", *paths, "--format", f, cwd=root) for f in formats}
    return runs


def junit_cases(out: str) -> dict[str, ET.Element]:
    tree = ET.fromstring(out.encode("utf-8"))
    assert tree.tag == "testsuites"
    [suite] = tree.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == int(tree.get("tests")) == len(cases)
    assert int(suite.get("failures")) == int(tree.get("failures")) == sum(c.find("failure") is not None for c in cases)
    return {c.get("name"): c for c in cases}


def test_gitlab_issues_are_the_json_diagnostics(guides, broken):
    runs = run_formats(guides, broken, "json", "gitlab")
    diagnostics = runs["json"].diagnostics
    issues = json.loads(runs["gitlab"].out)
    assert runs["gitlab"].code == runs["json"].code == 1
    assert {d["severity"] for d in diagnostics} == {"error", "warning"}
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues] == \
           [(d["path"], d["line"], d["code"]) for d in diagnostics]
    for issue, d in zip(issues, diagnostics, strict=True):
        # GitLab's required fields, with its own severity names
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert d["message"] in issue["description"] and issue["description"].startswith(d["code"])
        assert d.get("hint", "") in issue["description"]
        assert re.fullmatch(r"[0-9a-f]{32,64}", issue["fingerprint"])
        # errors (which fail the pipeline) rank above every warning
        rank = GITLAB_SEVERITIES.index(issue["severity"])
        assert rank >= GITLAB_SEVERITIES.index("major") if d["severity"] == "error" else rank <= GITLAB_SEVERITIES.index("minor")
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab keeps only the first issue of a fingerprint"
    same = [i for i in issues if i["check_name"] == "S002"]
    assert len(same) >= 3 and len({i["description"] for i in same}) == 1


def test_gitlab_fingerprints_ignore_line_numbers(guides, broken):
    sibling = broken / "guides" / "shichang" / "shipin-jingying-xuke.yaml"
    before = json.loads(guides("check", "guides", "--format", "gitlab", cwd=broken).out)

    # lines added above every problem: the same problems, the same fingerprints
    for path in sibling.parent.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        head, rest = text.split("\n", 1)
        path.write_text(f"{head}\n# 注释一\n# 注释二\n{rest}", encoding="utf-8")
    moved = json.loads(guides("check", "guides", "--format", "gitlab", cwd=broken).out)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in moved] == [i["location"]["lines"]["begin"] + 2 for i in before]

    # one of several identical problems fixed: one fingerprint goes, the others stay
    mutate(sibling, "    foo: 1\n", "")
    fixed = json.loads(guides("check", "guides", "--format", "gitlab", cwd=broken).out)
    assert len(fixed) == len(before) - 1
    assert {i["fingerprint"] for i in fixed} < {i["fingerprint"] for i in before}


def test_junit_has_one_testcase_per_checked_file(guides, broken):
    runs = run_formats(guides, broken, "json", "junit")
    assert runs["junit"].code == runs["json"].code == 1
    cases = junit_cases(runs["junit"].out)
    files = {p.relative_to(broken).as_posix() for p in (broken / "guides").rglob("*.yaml")}
    assert set(cases) == files and runs["json"].json["summary"]["files"] == len(files)

    by_path: dict[str, list[dict]] = {}
    for d in runs["json"].diagnostics:
        by_path.setdefault(d["path"], []).append(d)
    for path, case in cases.items():
        assert case.get("file") == path and case.get("classname") == "guides.shichang"
        found = by_path.get(path, [])
        failure = case.find("failure")
        out = case.findtext("system-out") or ""
        if any(d["severity"] == "error" for d in found):
            assert failure is not None, path
            listed = failure.text or ""
        else:
            assert failure is None, path
            listed = out
        for d in found:  # every problem, errors and warnings, with its position, message and hint
            assert f"{d['path']}:{d['line']}:{d['column']}: {d['code']} " in listed
            assert d["message"].replace("\x01", "\\x01") in listed and d.get("hint", "") in listed
        if not found:
            assert failure is None
    warned = cases["guides/shichang/getihu-sheli-dengji.yaml"]
    assert warned.find("failure") is None and "W303" in warned.findtext("system-out")


def test_junit_lists_suppressed_findings_with_their_reason(guides, broken):
    runs = run_formats(guides, broken, "json", "junit")
    suppressed = runs["json"].json["suppressed"]
    assert suppressed, "the sample shichang folder carries a reasoned ignore marker"
    cases = junit_cases(runs["junit"].out)
    for s in suppressed:
        out = cases[s["path"]].findtext("system-out") or ""
        assert f"{s['path']}:{s['line']}:{s['column']}: {s['code']}" in out and s["reason"] in out


def test_junit_escapes_markup_and_control_characters(guides, broken):
    runs = run_formats(guides, broken, "json", "junit")
    [odd] = [d for d in runs["json"].diagnostics if d["code"] == "S004"]
    assert ODD_TYPE + "\ufffd" in odd["message"]  # a control character quoted from a file is shown as �, in every format
    failure = junit_cases(runs["junit"].out)[odd["path"]].find("failure")
    assert ODD_TYPE + "\ufffd" in failure.text


def test_junit_for_named_files_only(guides, broken):
    """Checking one file still reads the whole catalogue for cross-file rules, but reports that file only."""
    one = "guides/shichang/shipin-jingying-xuke.yaml"
    run = guides("check", one, "--format", "junit", cwd=broken)
    cases = junit_cases(run.out)
    assert list(cases) == [one] and cases[one].find("failure") is not None and run.code == 1


def test_clean_catalogue(guides):
    files = sorted(p for p in GUIDES.rglob("*.yaml"))
    gitlab = guides("check", "guides", "--format", "gitlab")
    assert (gitlab.code, json.loads(gitlab.out)) == (0, [])
    junit = guides("check", "guides", "--format", "junit")
    cases = junit_cases(junit.out)
    assert junit.code == 0 and len(cases) == len(files)
    assert all(c.find("failure") is None for c in cases.values())
