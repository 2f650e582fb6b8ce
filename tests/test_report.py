"""`guides report`: the assessment's numbers against values computed here from the YAML files themselves."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from validator.wording.display import width

from .conftest import GUIDES, mutate

# The elements the standard marks 「建议填写」, listed by hand so the schema reading is checked too.
RECOMMENDED = [
    "aliases", "impl_code", "themes", "basis[].doc_number", "materials[].basis", "process[].duration", "time_limit.statutory",
    "time_limit.promised", "fees.items[].waivable", "locations[].phone", "locations[].transit", "delivery", "scope",
    "result.sample", "result.validity", "faq",
]
PERCENT = re.compile(r"^\d{1,3}\.\d%$")


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A small catalogue: four valid guides in three departments, one broken guide, one department without guides."""
    root = tmp_path / "guides"
    files = {
        "shichang": ["getihu-sheli-dengji", "shipin-jingying-xuke"],
        "gongan": ["jumin-shenfenzheng-huanling"],
        "weijian": ["yishi-zhiye-zhuce"],
        "jiaotong": [],
    }
    for folder, stems in files.items():
        (root / folder).mkdir(parents=True)
        shutil.copy(GUIDES / folder / "_department.yaml", root / folder / "_department.yaml")
        for stem in stems:
            shutil.copy(GUIDES / folder / f"{stem}.yaml", root / folder / f"{stem}.yaml")
    # 食品经营许可 becomes a 即办件, settled on the spot.
    food = root / "shichang" / "shipin-jingying-xuke.yaml"
    mutate(food, "kind: 承诺件", "kind: 即办件")
    mutate(food, "  promised:\n    value: 5", "  promised:\n    value: 0")
    # 居民身份证换领 (charged) becomes 全程网办 with no visit.
    card = root / "gongan" / "jumin-shenfenzheng-huanling.yaml"
    mutate(card, "depth: 原件核验", "depth: 全程网办")
    mutate(card, "\nvisits: 1\n", "\nvisits: 0\n")
    # 医师执业注册 is suspended, and loses its FAQ.
    doctor = root / "weijian" / "yishi-zhiye-zhuce.yaml"
    mutate(doctor, "\nstatus: 在用\n", "\nstatus: 暂停\nstatus_note: 系统升级期间暂停受理，预计 2026 年 12 月恢复。\n")
    doctor.write_text(re.sub(r"\nfaq:\n(  .*\n)+", "\n", doctor.read_text(encoding="utf-8")), encoding="utf-8")
    # A guide that fails the schema (no `name`): scored from what it says, like every guide that loads; its errors count.
    broken = root / "gongan" / "broken.yaml"
    shutil.copy(GUIDES / "gongan" / "jidongche-jiashizheng-qiman-huanzheng.yaml", broken)
    mutate(broken, "\nname:", "\nnmae:")
    return tmp_path


def _guides(root: Path) -> dict[str, list[dict[str, Any]]]:
    """The guides of the fixture (the broken one too: it loads), by department folder, read with plain PyYAML."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(root.glob("*/*.yaml")):
        if path.name != "_department.yaml":
            out.setdefault(path.parent.name, []).append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def _filled(value: Any) -> bool:
    return value is not None and value not in ("", [], {})


def _recommended_share(data: dict[str, Any], element: str) -> float | None:
    """One recommended element's fill rate in one guide; None where it does not apply."""
    parent, _, leaf = element.rpartition(".")
    if not parent:
        return float(_filled(data.get(leaf)))
    if parent.endswith("[]"):
        container: Any = data
        for key in parent[:-2].split("."):
            container = container.get(key) if isinstance(container, dict) else None
        items = container or []
        return sum(_filled(item.get(leaf)) for item in items) / len(items) if items else None
    holder = data.get(parent)
    return float(_filled(holder.get(leaf))) if holder is not None else None


def _completeness(data: dict[str, Any], required: list[str]) -> float:
    present = sum(data.get(name) is not None for name in required) / len(required)
    shares = [s for s in (_recommended_share(data, e) for e in RECOMMENDED) if s is not None]
    return 0.7 * present + 0.3 * sum(shares) / len(shares)


def _expected(guides: list[dict[str, Any]], required: list[str]) -> dict[str, Any]:
    active = [g for g in guides if g["status"] == "在用"]

    def share(predicate) -> float | None:
        return sum(map(predicate, active)) / len(active) if active else None

    ratios = []
    for g in active:
        statutory, promised = g["time_limit"].get("statutory", {}), g["time_limit"].get("promised", {})
        if statutory.get("value") and promised.get("value") is not None and statutory["unit"] == promised["unit"]:
            ratios.append((statutory["value"] - promised["value"]) / statutory["value"])
    scores = [_completeness(g, required) for g in guides]
    return {
        "items": len(guides),
        "by_status": {"在用": len(active), **{s: sum(g["status"] == s for g in guides) for s in ("暂停", "取消")}},
        "immediate_rate": share(lambda g: g["time_limit"]["kind"] == "即办件"),
        "compression": sum(ratios) / len(ratios) if ratios else None,
        "compression_comparable": len(ratios),
        "online_rate": share(lambda g: g["online"]["depth"] == "全程网办"),
        "zero_visit_rate": share(lambda g: g["visits"] == 0),
        "at_most_one_visit_rate": share(lambda g: g["visits"] <= 1),
        "charged": sum(g["fees"]["charged"] for g in active),
        "completeness": sum(scores) / len(scores) if scores else None,
    }


def _assert_figures(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    for key, value in expected.items():
        if isinstance(value, float):
            assert actual[key] == pytest.approx(value), key
        else:
            assert actual[key] == value, key


def test_figures_match_the_yaml(guides, catalogue: Path) -> None:
    run = guides("report", "--format", "json", cwd=catalogue)
    assert run.code == 0, run.err
    report = run.json
    assert report["completeness"]["recommended"] == RECOMMENDED
    required = report["completeness"]["required"]
    by_folder = _guides(catalogue / "guides")
    departments = {d["id"]: d for d in report["departments"]}
    assert set(departments) == {"shichang", "gongan", "weijian", "jiaotong"}
    for folder, found in by_folder.items():
        _assert_figures(departments[folder], _expected(found, required))
    _assert_figures(report["total"], _expected([g for found in by_folder.values() for g in found], required))
    # The mutations took: one more 即办件, a charged 全程网办 item, a suspended item with nothing in use.
    assert departments["shichang"]["immediate_rate"] == 1.0
    # gongan: the charged 全程网办 card, and the broken 驾驶证 guide (charged too, no visit), scored as it loads
    assert departments["gongan"]["charged"] == 2 and departments["gongan"]["zero_visit_rate"] == 1.0
    assert departments["weijian"]["by_status"]["暂停"] == 1 and departments["weijian"]["online_rate"] is None
    assert departments["jiaotong"]["items"] == 0 and departments["jiaotong"]["completeness"] is None


def test_diagnostics_counted_by_department_including_broken_files(guides, catalogue: Path) -> None:
    report = guides("report", "--format", "json", cwd=catalogue).json
    check = guides("check", "--format", "json", cwd=catalogue).json["diagnostics"]
    for severity, key in (("error", "errors"), ("warning", "warnings")):
        counts = Counter(Path(d["path"]).parent.name for d in check if d["severity"] == severity)
        for department in report["departments"]:
            assert department[key] == counts[department["id"]], (department["id"], key)
        assert report["total"][key] == sum(counts.values())
    gongan = next(d for d in report["departments"] if d["id"] == "gongan")
    assert gongan["invalid_files"] == 1 and gongan["errors"] >= 1
    assert gongan["items"] == 2  # the broken guide loads: it is an item, scored from what it says
    assert gongan["missing_elements"] == [{"element": "name", "title": "事项名称", "guides": 1}]
    assert report["total"]["invalid_files"] == 1


def test_departments_ranked_by_completeness_then_errors(guides, catalogue: Path) -> None:
    departments = guides("report", "--format", "json", cwd=catalogue).json["departments"]
    ranked = [d for d in departments if d["items"]]
    assert [d["rank"] for d in ranked] == list(range(1, len(ranked) + 1))
    keys = [(-d["completeness"], d["errors"], d["warnings"]) for d in ranked]
    assert keys == sorted(keys)
    assert departments[-1]["id"] == "jiaotong" and departments[-1]["rank"] is None


def test_markdown_table(guides, catalogue: Path) -> None:
    run = guides("report", "--format", "markdown", cwd=catalogue)
    assert run.code == 0
    table, _, rest = run.out.partition("\n\n")
    lines = table.splitlines()
    assert lines[0].startswith("| 排名 | 部门 | 事项 | 在用 | 暂停 | 取消 | 即办率 | 压缩率 |")
    assert set(lines[1].replace("|", "").split()) <= {"---:", ":---"}
    assert len(lines) == 2 + 4 + 1
    assert "**合计**" in lines[-1] and all(cell.startswith("**") for cell in lines[-1].strip("| ").split(" | ")[1:])
    assert "示例县市场监督管理局" in run.out and "完整度 = 0.7" in run.out


def test_csv_has_bom_and_one_row_per_department(guides, catalogue: Path) -> None:
    run = guides("report", "--format", "csv", cwd=catalogue)
    assert run.code == 0 and run.out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(run.out.removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["排名", "部门", "事项"] and len(body) == 4 + 1
    assert body[-1][1] == "合计" and all(len(row) == len(header) for row in body)
    rate = header.index("即办率")
    assert all(PERCENT.match(row[rate]) for row in body if row[header.index("在用")] != "0")


def test_out_writes_the_file(guides, catalogue: Path) -> None:
    run = guides("report", "--format", "csv", "--out", "考核.csv", cwd=catalogue)
    assert run.code == 0 and run.out == ""
    assert (catalogue / "考核.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert guides("report", "--out", "no/such/folder/x.txt", cwd=catalogue).code == 2


def test_text_columns_line_up(guides, catalogue: Path) -> None:
    run = guides("report", cwd=catalogue)
    assert run.code == 0
    table = run.out.split("\n\n")[0].splitlines()
    assert table[0].startswith("排名") and table[-1].lstrip().startswith("合计")
    assert len({width(line) for line in table}) == 1


def test_usage_error(guides, catalogue: Path) -> None:
    assert guides("report", "--format", "xml", cwd=catalogue).code == 2
    assert guides("report", cwd=catalogue / "guides" / "jiaotong").code == 2  # no guides/ folder here


def test_sample_catalogue(guides) -> None:
    run = guides("report", "--format", "json")
    assert run.code == 0, run.err
    total = run.json["total"]
    files = [p for p in GUIDES.glob("*/*.yaml") if p.name != "_department.yaml"]
    assert total["items"] + total["invalid_files"] == len(files)
    assert {d["id"] for d in run.json["departments"]} == {p.parent.name for p in GUIDES.glob("*/*.yaml")}


# -- guides that fail the schema are scored; what they lack most, per department (issue 12) --------------------

def test_real_guides_are_scored_and_what_they_lack_most_is_listed(guides, tmp_path: Path) -> None:
    from .real_guides_support import real_catalogue

    root = real_catalogue(tmp_path)
    report = guides("report", "--format", "json", cwd=root).json
    total = report["total"]
    assert total["items"] == 9 and total["invalid_files"] == 9 and 0.5 < total["completeness"] < 1
    lacking = {m["element"]: m for m in total["missing_elements"]}
    assert lacking["basic_code"] == {"element": "basic_code", "title": "基本编码", "guides": 9}
    assert lacking["contacts.complaint"]["title"] == "咨询与投诉·监督投诉方式"
    counts = [m["guides"] for m in total["missing_elements"]]
    assert counts == sorted(counts, reverse=True)
    shuili = next(d for d in report["departments"] if d["id"] == "shuili")
    assert shuili["items"] == 1 and shuili["completeness"] is not None and shuili["missing_elements"][0]["element"] == "basic_code"

    text = guides("report", cwd=root).out
    assert "最常缺少的要素" in text and "合计：基本编码 9、" in text
    markdown = guides("report", "--format", "markdown", cwd=root).out
    assert "| 部门 | 最常缺少的要素 |" in markdown and "| 示例县水利局 | 基本编码 1、" in markdown
    rows = list(csv.reader(io.StringIO(guides("report", "--format", "csv", cwd=root).out.removeprefix("\ufeff"))))
    assert rows[0][-1] == "最常缺少的要素" and rows[-1][-1].startswith("基本编码 9、")


def test_department_names_are_escaped_in_markdown_and_never_formulas_in_csv(guides, catalogue: Path) -> None:
    profile = catalogue / "guides" / "shichang" / "_department.yaml"
    mutate(profile, "name: 示例县市场监督管理局", 'name: "=HYPERLINK(\\"https://example.com\\") *县*<b>局</b>"')
    markdown = guides("report", "--format", "markdown", cwd=catalogue).out
    assert "<b>" not in markdown and "*县*" not in markdown and "&#60;b&#62;" in markdown
    rows = list(csv.reader(io.StringIO(guides("report", "--format", "csv", cwd=catalogue).out.removeprefix("\ufeff"))))
    assert any(row[1].startswith("'=HYPERLINK") for row in rows)
