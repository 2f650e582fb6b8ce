"""The published 权力清单 (pages, CSV, Excel) and its 动态调整 record (page, Atom feed), through the renderer and `guides render`."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from validator.model import Catalogue, LegalBasis
from validator.site import render_site
from validator.site.power_list import COLUMNS, PAGE, department_page, download

from .conftest import mutate
from .git_support import commit, git, new_repo
from .site_support import markdown_html

HOSTILE_NAME = '=HYPERLINK("https://evil.example","点我")<script>alert(1)</script>'
HOSTILE_BASIS = "| 断开 | <img src=x onerror=alert(1)>"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def catalogue(sample_catalogue) -> Catalogue:
    return sample_catalogue


@pytest.fixture(scope="module")
def hostile(catalogue: Catalogue):
    """The sample catalogue with one guide's name and basis planted with markup and a formula, rendered outside git."""
    first = catalogue.guides[0]
    changed = dataclasses.replace(first, name=HOSTILE_NAME, basis=(LegalBasis(HOSTILE_BASIS, "第一条"), *first.basis))
    planted = Catalogue(catalogue.departments, [changed, *catalogue.guides[1:]])
    return changed, planted, render_site(planted, site_url="https://banshi.example.gov.cn/")


def test_every_item_is_on_the_whole_list_and_its_departments(catalogue: Catalogue) -> None:
    pages = render_site(catalogue)
    whole = pages[PAGE]
    for guide in catalogue.guides:
        link = f'/guides/{guide.id}/"'  # the pages link by address (site/markup.py), from their own depth
        assert link in whole
        own = pages[department_page(guide.department)]
        assert link in own
        others = [pages[department_page(d)] for d in catalogue.departments if d != guide.department]
        assert all(link not in page for page in others)
    for department in catalogue.departments.values():
        assert f"共 {len(catalogue.by_department(department.id))} 项" in pages[department_page(department.id)]


def test_csv_and_excel_hold_the_official_columns_for_every_item(catalogue: Catalogue) -> None:
    pages = render_site(catalogue)
    raw = pages[download(PAGE, "csv")]
    assert isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS == ("权力名称（事项名称）", "事项类型", "实施主体", "实施依据", "收费标准", "办理流程")
    by_name = {row[0]: row for row in rows[1:]}
    assert len(rows) - 1 == len(catalogue.guides)
    getihu = catalogue.guide("shichang/getihu-sheli-dengji")
    assert getihu is not None
    row = by_name[getihu.name]
    assert row[1] == getihu.type and "《促进个体工商户发展条例》" in row[3] and row[4] == "不收费"
    assert row[5] == " → ".join(step.name for step in getihu.process)
    sheet = load_workbook(io.BytesIO(pages[download(PAGE, "xlsx")])).active  # type: ignore[arg-type]
    values = [tuple(cell or "" for cell in line) for line in sheet.iter_rows(values_only=True)]
    assert values[0] == COLUMNS and sorted(values[1:]) == sorted(tuple(r) for r in rows[1:])
    department = load_workbook(io.BytesIO(pages[download(department_page("shichang"), "xlsx")])).active  # type: ignore[arg-type]
    assert department.max_row - 1 == len(catalogue.by_department("shichang"))


def test_a_suspended_item_says_so(catalogue: Catalogue) -> None:
    guide = catalogue.guides[1]
    paused = Catalogue(catalogue.departments, [dataclasses.replace(guide, status="暂停", status_note="系统升级"), *catalogue.guides[2:]])
    rows = list(csv.reader(io.StringIO(render_site(paused)[download(PAGE, "csv")].decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert rows[1][0] == f"{guide.name}（暂停）"


def test_hostile_values_stay_text_in_page_csv_and_excel(hostile) -> None:
    guide, _, pages = hostile
    html = markdown_html(pages[PAGE])
    assert "<script>" not in html and "<img" not in html
    assert HOSTILE_NAME in unescape(html)  # shown as the text it is
    rows = list(csv.reader(io.StringIO(pages[download(PAGE, "csv")].decode("utf-8-sig"))))
    assert rows[1][0] == "'" + HOSTILE_NAME  # a leading ' keeps it text in a spreadsheet
    sheet = load_workbook(io.BytesIO(pages[download(PAGE, "xlsx")])).active
    cell = sheet["A2"]
    assert cell.value == HOSTILE_NAME and cell.data_type == "s"
    assert HOSTILE_BASIS in sheet["D2"].value


def test_outside_git_the_record_says_there_is_none(hostile) -> None:
    _, _, pages = hostile
    assert "没有可读的版本记录" in pages["power-list/changes.md"]
    feed = ET.fromstring(pages["power-list/changes.xml"])
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://banshi.example.gov.cn/power-list/changes.xml"
    assert feed.findtext(f"{ATOM}id") == "https://banshi.example.gov.cn/power-list/changes.xml"


# --- the 动态调整 record from git history ---

SHENFENZHENG = "guides/gongan/jumin-shenfenzheng-huanling.yaml"
GETIHU = "guides/shichang/getihu-sheli-dengji.yaml"
CHUSHENG = "guides/gongan/chusheng-dengji.yaml"
JIASHI = "guides/gongan/jidongche-jiashizheng-qiman-huanzheng.yaml"
NEW_NAME = "居民身份证换领<b>（含到期换领）</b>"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from validator.cli.main import main

    repo = new_repo(tmp_path_factory.mktemp("adjust") / "repo", ["gongan", "shichang"])
    commit(repo, "发布", "2026-01-05T10:00:00+08:00")
    mutate(repo / SHENFENZHENG, "name: 居民身份证换领\n", f'name: "{NEW_NAME}"\n')
    commit(repo, "更名", "2026-02-01T10:00:00+08:00")
    mutate(repo / GETIHU, "status: 在用", "status: 暂停\nstatus_note: 因登记系统升级，2026 年 3 月 1 日至 3 月 10 日暂停办理，可到市级窗口办理。")
    commit(repo, "暂停", "2026-03-01T10:00:00+08:00")
    git(repo, "rm", "-q", CHUSHENG)
    commit(repo, "取消出生登记事项", "2026-04-01T10:00:00+08:00")
    mutate(repo / JIASHI, "article: 第六十五条第一款", "article: 第 65 条 第一款")  # written another way: not an adjustment
    commit(repo, "统一条款写法", "2026-04-15T10:00:00+08:00")
    mutate(repo / JIASHI, "  - title: ", "  - title: 中华人民共和国行政许可法\n    article: 第三十条\n  - title: ")
    commit(repo, "增加依据", "2026-05-01T10:00:00+08:00")
    out = tmp_path_factory.mktemp("adjust-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        assert main(["render", "--out", str(out)]) == 0
    return repo, out


def _rows(page: str) -> list[list[str]]:
    """The record's rows (the page is HTML, site/markup.py), each a list of its cells' markup."""
    rows = [re.findall(r'<td data-label="[^"]+">(.*?)</td>', row, re.S) for row in re.findall(r"<tr>\n(.*?)\n</tr>", page, re.S)]
    return [cells for cells in rows if cells and cells[0].startswith("2026")]


def test_the_record_lists_each_adjustment_by_date(history_site) -> None:
    _, out = history_site
    page = (out / "power-list/changes.md").read_text(encoding="utf-8")
    rows = _rows(page)
    kinds = [(row[0], row[1]) for row in rows]
    assert kinds[:4] == [("2026-05-01", "依据调整"), ("2026-04-01", "删除"), ("2026-03-01", "暂停"), ("2026-02-01", "更名")]
    assert "《中华人民共和国行政许可法》第三十条" in rows[0][3] and "第六十五条" not in rows[0][3]
    assert "出生" in rows[1][2] and "<a " not in rows[1][2]  # removed: no link to a page that is gone
    assert "登记系统升级" in rows[2][3]
    assert "原名称：居民身份证换领" in rows[3][3]
    added = [row for row in rows if row[0] == "2026-01-05"]
    assert {row[1] for row in added} == {"新增"} and len(added) == 6  # every guide of the two departments, first published
    assert "<b>" not in page and NEW_NAME in unescape(page)


def test_the_feed_carries_the_same_record(history_site) -> None:
    _, out = history_site
    feed = ET.fromstring((out / "power-list/changes.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[:2] == ["依据调整：机动车驾驶证期满换证", "删除：出生登记"]
    assert f"更名：{NEW_NAME}" in titles
    assert feed.findtext(f"{ATOM}updated") == "2026-05-01T00:00:00Z"
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_a_shallow_clone_has_no_made_up_additions(history_site, tmp_path: Path) -> None:
    from validator.cli.main import main

    repo, _ = history_site
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(clone)
        assert main(["render", "--out", str(out)]) == 0
    page = (out / "power-list/changes.md").read_text(encoding="utf-8")
    assert _rows(page) == [] and "浅克隆" in page
