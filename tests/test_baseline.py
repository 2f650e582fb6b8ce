"""A baseline lets a county adopt the tool with its existing, imperfect guides: recorded problems are known (已登记),
listed apart and not counted; new problems and files changed since fail as usual; the baseline shrinks as guides
are fixed; the site publishes a guide whose errors are all known, with a notice of what it lacks.

Through the CLI and the built site, on the nine real guides of tests/fixtures/real-guides.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from validator.git import blob_id

from .conftest import mutate
from .real_guides_support import real_catalogue, shown
from .site_support import mkdocs_build, project_copy

BASELINE = "guides-baseline.json"
FOOD = shown("shipin-jingying-xuke")


@pytest.fixture
def county(tmp_path: Path, guides) -> Path:
    """The nine real guides, their baseline written by `guides baseline`."""
    root = real_catalogue(tmp_path)
    run = guides("baseline", cwd=root)
    assert run.code == 0 and "登记到基线" in run.out, run.err
    return root


def check(guides, root: Path, *args: str):
    return guides("check", *args, cwd=root)


def test_the_baseline_file_is_small_sorted_and_keyed_by_content(county: Path) -> None:
    text = (county / BASELINE).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and list(data["files"]) == sorted(data["files"]) and len(data["files"]) == 9
    entry = data["files"][FOOD]
    assert entry["digest"] == blob_id((county / FOOD).read_bytes())
    problems = entry["problems"]
    assert problems == sorted(problems, key=lambda p: (p["code"], p["element"], p["message"]))
    assert {"code": "W301", "element": "materials[法律法规规定的其他材料].name", "count": 1} .items() <= next(
        p for p in problems if p["code"] == "W301" and p["element"].startswith("materials")).items()
    assert all(set(p) == {"code", "element", "message", "count"} for p in problems)
    assert "\"line\"" not in text and "\"column\"" not in text
    assert text.count("\n") > sum(len(f["problems"]) for f in data["files"].values())  # one problem a line


def test_known_problems_are_listed_apart_and_do_not_fail(guides, county: Path) -> None:
    run = check(guides, county, "--baseline", BASELINE)
    assert run.code == 0, run.out
    assert "已登记（基线 guides-baseline.json 中的已知问题" in run.out
    assert "没有发现新问题；基线中已登记 190 条（不计入）" in run.out or "没有发现新问题；基线中已登记" in run.out
    as_json = check(guides, county, "--baseline", BASELINE, "--format", "json").json
    assert as_json["diagnostics"] == [] and as_json["summary"]["errors"] == 0
    assert as_json["summary"]["known"] == len(as_json["known"]) > 100
    assert {"code", "element", "message", "path", "line"} <= set(as_json["known"][0])
    assert as_json["baseline"] == {"file": BASELINE, "fixed": 0, "changed": []}
    # without the baseline the same catalogue fails, every problem counted
    assert check(guides, county).code == 1


def test_every_format_keeps_known_problems_apart(guides, county: Path) -> None:
    sarif = json.loads(check(guides, county, "--baseline", BASELINE, "--format", "sarif").out)
    results = sarif["runs"][0]["results"]
    assert results and {r["baselineState"] for r in results} == {"unchanged"}
    github = check(guides, county, "--baseline", BASELINE, "--format", "github")
    assert github.code == 0 and "::error" not in github.out and "::warning" not in github.out and "已登记" in github.out
    gitlab = json.loads(check(guides, county, "--baseline", BASELINE, "--format", "gitlab").out)
    assert gitlab and {issue["severity"] for issue in gitlab} == {"info"} and gitlab[0]["description"].startswith("【已登记】")
    junit = ET.fromstring(check(guides, county, "--baseline", BASELINE, "--format", "junit").out)
    assert junit.get("failures") == "0" and "已登记" in "".join(e.text or "" for e in junit.iter("system-out"))


def test_a_new_problem_fails_and_is_the_only_one_counted(guides, county: Path) -> None:
    """A new guide with a catch-all material: its problems are new; the nine recorded ones stay known."""
    new = county / "guides" / "shichang" / "shipin-jingying-xuke-2.yaml"
    new.write_text((county / FOOD).read_text(encoding="utf-8").replace("name: 食品经营许可", "name: 食品经营许可（延续）"), encoding="utf-8")
    run = check(guides, county, "--baseline", BASELINE, "--format", "json").json
    assert run["summary"]["errors"] > 0 and {d["path"] for d in run["diagnostics"]} == {"guides/shichang/shipin-jingying-xuke-2.yaml"}
    assert run["summary"]["known"] > 100


def test_a_file_changed_since_is_checked_in_full(guides, county: Path) -> None:
    """Fix the 兜底 material and add a comment line above it: the file changed, so its recorded problems count again,
    and the baseline says one of them is fixed."""
    mutate(county / FOOD, "  - name: 法律法规规定的其他材料\n    form: 原件\n    medium: 纸质\n    copies: 1\n    necessity: 非必要\n    source: 申请人自备\n",
           "")
    mutate(county / FOOD, "name: 食品经营许可\n", "# 2026 年核对\nname: 食品经营许可\n")
    run = check(guides, county, "--baseline", BASELINE, "--format", "json")
    assert run.code == 1
    counted = {d["path"] for d in run.json["diagnostics"]}
    assert counted == {FOOD}
    changed = run.json["baseline"]["changed"]
    assert [c["path"] for c in changed] == [FOOD] and changed[0]["counted_again"] == len(run.json["diagnostics"])
    assert run.json["baseline"]["fixed"] >= 3  # W301, M806, M802 of the catch-all material
    text = check(guides, county, "--baseline", BASELINE)
    assert "在登记基线后改动过，按新文件全部检查" in text.err and "基线可缩减：" in text.err


def test_fingerprints_survive_lines_moved(guides, county: Path) -> None:
    """Rewritten after lines were added above every problem, the baseline records the same problems; only the digest
    changes. The review of such a change shows one line."""
    before = json.loads((county / BASELINE).read_text(encoding="utf-8"))["files"][FOOD]
    mutate(county / FOOD, "name: 食品经营许可\n", "# 示例县市场监督管理局 2026 年转写\n# （原食品药品监督管理局 2016 年公布）\nname: 食品经营许可\n")
    assert guides("baseline", FOOD, cwd=county).code == 0
    after = json.loads((county / BASELINE).read_text(encoding="utf-8"))["files"][FOOD]
    assert after["problems"] == before["problems"] and after["digest"] != before["digest"]
    assert check(guides, county, "--baseline", BASELINE).code == 0


def test_the_baseline_shrinks_as_guides_are_fixed(guides, county: Path) -> None:
    """A guide taken out of the catalogue (replaced by a corrected one elsewhere): its recorded problems are fixed."""
    recorded = sum(p["count"] for p in json.loads((county / BASELINE).read_text(encoding="utf-8"))["files"][FOOD]["problems"])
    (county / FOOD).unlink()
    run = check(guides, county, "--baseline", BASELINE)
    assert run.code == 0 and f"基线可缩减：{recorded} 条已修复，运行 `guides baseline` 更新 {BASELINE}。" in run.err
    assert guides("baseline", cwd=county).code == 0
    assert FOOD not in json.loads((county / BASELINE).read_text(encoding="utf-8"))["files"]
    assert "基线可缩减" not in check(guides, county, "--baseline", BASELINE).err


def test_configured_baseline_and_no_baseline(guides, county: Path) -> None:
    (county / "pyproject.toml").write_text(f'[tool.guides]\nroot = "guides"\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    assert check(guides, county).code == 0
    assert check(guides, county, "--no-baseline").code == 1
    (county / BASELINE).unlink()
    missing = check(guides, county)
    assert missing.code == 2 and "找不到基线文件" in missing.err and "guides baseline" in missing.err
    assert guides("baseline", cwd=county).code == 0 and (county / BASELINE).is_file()  # written where the setting says
    (county / BASELINE).write_text('{"files": []}', encoding="utf-8")
    assert check(guides, county).code == 2


# -- the site -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def county_site(tmp_path_factory: pytest.TempPathFactory):
    """The nine real guides built with mkdocs --strict under their baseline, plus one file that cannot be read (GBK)."""
    root = tmp_path_factory.mktemp("county")
    config = project_copy(root)
    real_catalogue(root)
    (root / "pyproject.toml").write_text(f'[tool.guides]\nroot = "guides"\nbaseline = "{BASELINE}"\n', encoding="utf-8")
    unreadable = root / "guides" / "shichang" / "geti-gbk.yaml"
    unreadable.write_bytes("name: 个体工商户设立登记\n".encode("gb18030"))
    done = subprocess.run([sys.executable, "-m", "validator", "baseline"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root, config, mkdocs_build(config, root / "public")


def test_the_site_publishes_known_guides_with_what_they_lack(county_site) -> None:
    root, _, build = county_site
    assert build.code == 0, build.log
    page = build.page("guides/minzheng/jiehun-dengji-2020/")
    assert "本指南尚不完整" in page and "缺少：基本编码" in page and "咨询与投诉·监督投诉方式" in page and "以窗口告知为准" in page
    assert "None" not in page
    assert not (build.out / "guides" / "shichang" / "geti-gbk").exists()  # a file that cannot be read is never published
    assert "无法读取，没有发布：guides/shichang/geti-gbk.yaml" in build.log and "已登记的已知问题" in build.log
    for folder, stem in (("shichang", "shipin-jingying-xuke"), ("canlian", "canjirenzheng-xinban"), ("qinghe-zhen", "nongcun-dibao")):
        assert "本指南尚不完整" in build.page(f"guides/{folder}/{stem}/")


def test_a_new_error_still_fails_the_build(county_site, tmp_path: Path) -> None:
    root, config, _ = county_site
    new = root / "guides" / "minzheng" / "jiehun-dengji-2021.yaml"
    new.write_text((root / shown("jiehun-dengji-2020")).read_text(encoding="utf-8"), encoding="utf-8")
    try:
        build = mkdocs_build(config, tmp_path / "public")
    finally:
        new.unlink()
    assert build.code != 0 and "jiehun-dengji-2021.yaml" in build.log and not (tmp_path / "public" / "index.html").exists()


def test_import_of_a_workbook_with_missing_elements_writes_its_baseline(guides, tmp_path: Path) -> None:
    """A county's 实施清单 without 基本编码: imported all the same (missing elements are a check matter), and the
    baseline of what it lacks written beside it, so that CI passes until the codes are filled in."""
    from openpyxl import load_workbook

    from .conftest import GUIDES

    sample = tmp_path / "sample"
    (sample / "guides").mkdir(parents=True)
    shutil.copytree(GUIDES / "weijian", sample / "guides" / "weijian")
    assert guides("export", "清单.xlsx", cwd=sample).code == 0
    workbook = load_workbook(sample / "清单.xlsx")
    items = workbook["事项"]
    column = [cell.value for cell in items[1]].index("基本编码") + 1
    for row in range(2, items.max_row + 1):
        items.cell(row, column).value = None
    workbook.save(tmp_path / "没有基本编码.xlsx")

    county = tmp_path / "county"
    county.mkdir()
    (county / "pyproject.toml").write_text('[tool.guides]\nroot = "guides"\n', encoding="utf-8")
    run = guides("import", str(tmp_path / "没有基本编码.xlsx"), "--baseline", BASELINE, cwd=county)
    assert run.code == 0, run.out + run.err
    written = sorted(p.name for p in (county / "guides" / "weijian").glob("*.yaml"))
    assert "_department.yaml" in written and len(written) == 4
    recorded = json.loads((county / BASELINE).read_text(encoding="utf-8"))["files"]
    assert all(any(p["code"] == "S001" and p["element"] == "basic_code" for p in entry["problems"]) for entry in recorded.values())
    assert "基线中已登记" in run.out
    assert guides("check", "--baseline", BASELINE, cwd=county).code == 0
    assert guides("check", cwd=county).code == 1


def test_a_baseline_records_every_problem_past_the_summary_the_output_shows(guides, tmp_path: Path) -> None:
    """Output summarises after 20 problems of a code in a file; a baseline must not record that summary in their place,
    or fixing one of them would change its message and make it a new problem."""
    root = real_catalogue(tmp_path)
    guide = root / FOOD
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "".join(f"k{i}: 值\n" for i in range(30)), encoding="utf-8")
    assert guides("baseline", cwd=root).code == 0
    problems = json.loads((root / BASELINE).read_text(encoding="utf-8"))["files"][FOOD]["problems"]
    unknown = [p for p in problems if p["code"] == "S002"]
    assert sum(p["count"] for p in unknown) == 30 and not any("另有" in p["message"] for p in unknown)
    run = check(guides, root, "--baseline", BASELINE, "--format", "json")
    assert run.code == 0 and not [d for d in run.diagnostics if d["code"] == "S002"]
    assert sum(d["code"] == "S002" for d in run.json["known"]) == 21  # shown as any output shows them
