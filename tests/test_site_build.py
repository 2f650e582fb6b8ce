"""The real sample site, built once per session with `mkdocs build --strict`: pages, order, open data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from validator.check.registry import all_codes
from validator.check.run import check_catalogue
from validator.standard.schemas import version

from .conftest import GUIDES
from .site_support import ROOT, article, headings, mkdocs_build, project_copy

# The order a citizen reads (issue 4); 常见问题 only where a guide has questions.
CITIZEN_ORDER = ["受理条件", "申请材料", "办理流程", "办理时限", "收费", "办理地点和时间", "网上办理", "审批结果",
                 "咨询与投诉", "常见问题", "设定依据", "更新日期"]
BROWSING = ["", "browse/themes/", "browse/types/", "browse/levels/", "departments/", "open-data/", "rules/", "about/"]


@pytest.fixture(scope="module")
def catalogue():
    return check_catalogue(GUIDES).catalogue


def url(guide) -> str:
    return f"guides/{guide.id}/"


def test_every_guide_has_a_page_titled_with_its_name(sample_site, catalogue) -> None:
    assert len(catalogue.guides) >= 10
    for guide in catalogue.guides:
        page = sample_site.page(url(guide))
        assert headings(page)[0] == (1, guide.name)
        assert f"<title>{guide.name} - " in page
        assert f'<link rel="canonical" href="https://guides.example.gov.cn/{url(guide)}">' in page  # mkdocs.yml's site_url


def test_guide_sections_follow_the_citizens_order(sample_site, catalogue) -> None:
    for guide in catalogue.guides:
        page = sample_site.page(url(guide))
        found = [text for level, text in headings(page) if level == 2]
        expected = [s for s in CITIZEN_ORDER if s != "常见问题" or guide.faq]
        assert [s for s in found if s in CITIZEN_ORDER] == expected, guide.id
        content = article(page)
        assert content.index("办事一览") < content.index(">受理条件<")  # the summary box comes first


def test_summary_box_answers_the_first_questions(sample_site, catalogue) -> None:
    box = _summary(sample_site.page("guides/shichang/getihu-sheli-dengji/"))
    assert "即办：当场办结" in box and "不收费" in box and "跑 0 次" in box
    assert "网上办，不用跑" in box and 'class="md-button md-button--primary guide-online" href="https://' in box  # plain words, a button
    assert '<abbr title="自然人">个人</abbr>' in box  # the standard's term on hand
    assert "到哪里办" in box and 'href="tel:' in box and "办公时间" in box  # where, when, which phone: on the first screen
    fee = _summary(sample_site.page("guides/gongan/jumin-shenfenzheng-huanling/"))
    assert "20元/证" in fee and "最多跑 1 次" in fee


def _summary(page: str) -> str:
    content = article(page)
    start = content.index("办事一览")
    return content[start:content.index("</div>", start)]


def test_materials_flow_chart_and_legal_text(sample_site) -> None:
    content = article(sample_site.page("guides/shichang/getihu-sheli-dengji/"))
    materials = re.search(r'<table class="card-table materials">.*?</table>', content, re.S)
    assert materials is not None
    head = re.findall(r'<th scope="col">(.*?)</th>', materials.group(0))
    assert head[:6] == ["材料名称", "原件/复印件", "纸质/电子", "份数", "是否必须", "来源"]
    assert materials.group(0).count("<tr>") == 8  # header + 7 materials (every situation's)
    chart = re.search(r'<figure class="flowchart"><svg role="img" aria-label="办理流程图：申请 → 受理 → 审查与核准 → 发照".*?</svg>', content)
    assert chart is not None and chart.group(0).count("<rect") == 4
    assert re.search(r"<ol>\s*<li><strong>申请</strong>", content)
    assert '<details class="quote law-text">' in content  # a quote's icon, not material's pencil for "note"
    assert "未经登记，不得以市场主体名义从事经营活动" in content


def test_print_sheet_has_checklist_and_qr(sample_site, catalogue) -> None:
    guide = catalogue.guide("gongan/jumin-shenfenzheng-huanling")
    sheet = re.search(r'<section class="print-sheet" data-search-exclude[^>]*>.*?</section>', sample_site.page(url(guide)), re.S)
    assert sheet is not None
    checklist = re.search(r'<ul class="print-sheet__checklist">(.*?)</ul>', sheet.group(0), re.S)
    assert checklist is not None and len(re.findall(r"<li[ >]", checklist.group(1))) == len(guide.materials)
    assert "<svg" in sheet.group(0)
    assert "https://guides.example.gov.cn/guides/gongan/jumin-shenfenzheng-huanling/" in unescape(sheet.group(0))
    for fact in ("办理时限", "收费", "办理地点", "咨询电话"):
        assert fact in sheet.group(0)


def test_pages_are_accessible_in_structure(sample_site, catalogue) -> None:
    for path in [*BROWSING, url(catalogue.guides[0]), "departments/shichang/"]:
        page = sample_site.page(path)
        assert '<html lang="zh-CN"' in page, path
        levels = [level for level, _ in headings(page)]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
        for table in re.findall(r"<table.*?</table>", article(page), re.S):
            assert "<th" in table, path


def test_guide_pages_stay_out_of_the_navigation(sample_site, catalogue) -> None:
    page = sample_site.page(url(catalogue.guides[0]))
    primary = page[page.index("md-nav--primary"):page.index("md-nav--secondary")]
    assert "guides/" not in primary
    assert "按主题" in primary and "按部门" in primary


def test_indexes_and_departments_list_every_guide(sample_site, catalogue) -> None:
    for index in ("browse/themes/", "browse/types/", "browse/levels/"):
        content = article(sample_site.page(index))
        for guide in catalogue.guides:
            assert f"/guides/{guide.id}/" in content or f"guides/{guide.id}/" in content, (index, guide.id)
    for department in catalogue.departments.values():
        content = article(sample_site.page(f"departments/{department.id}/"))
        assert department.consult_phone in content
        assert content.count("/guides/") >= len(catalogue.by_department(department.id))
    home = article(sample_site.page(""))
    assert home.index('role="search"') < home.index("个人办事") < home.index("法人办事") < home.index("按部门")


def test_open_data(sample_site, catalogue) -> None:
    data = json.loads((sample_site.out / "api" / "guides.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == version() and data["count"] == len(catalogue.guides)
    assert [g["id"] for g in data["guides"]] == [g.id for g in catalogue.guides]
    assert data["guides"] == [json.loads(json.dumps(g.as_json(), ensure_ascii=False)) for g in catalogue.guides]  # the model's shape
    one = json.loads((sample_site.out / "api" / "guides" / "shichang" / "getihu-sheli-dengji.json").read_text(encoding="utf-8"))
    assert one["guide"]["name"] == "个体工商户设立登记" and one["schema_version"] == version()

    raw = (sample_site.out / "api" / "guides.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["标识", "事项名称"] and len(rows) == len(catalogue.guides) + 1

    for name in ("guide.schema.json", "department.schema.json"):
        schema = json.loads((sample_site.out / "schema" / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        versioned = schema["$id"].split("guides.example.gov.cn/")[1]
        assert (sample_site.out / versioned).is_file()


def test_search_index_carries_chinese_sub_words(sample_site) -> None:
    index = json.loads((sample_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["kw"]["boost"] > 1
    assert "\\u200b" in index["config"]["separator"]
    entry = next(d for d in index["docs"] if d["location"] == "guides/gongan/jumin-shenfenzheng-huanling/")
    assert "身份证" in entry["kw"].split("\u200b")
    assert not any("一次性告知单" in d["text"] for d in index["docs"])  # the print sheet is not indexed twice


def test_search_index_is_the_json_material_writes(sample_site) -> None:
    """index_file.py writes the index page by page, each page's entries as the page store keeps them: the bytes are
    json.dumps's, as material writes them, and nothing else is left in the folder."""
    folder = sample_site.out / "search"
    raw = (folder / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(raw)
    assert len({doc["location"].split("#")[0] for doc in index["docs"]}) > 20  # every guide and department page
    assert raw == json.dumps(index, separators=(",", ":"))
    assert [path.name for path in folder.iterdir()] == ["search_index.json"]


def test_rules_page_lists_every_code(sample_site) -> None:
    content = article(sample_site.page("rules/"))
    for doc in all_codes():
        assert f'id="{doc.code.lower()}"' in content, doc.code
    assert "错误示例" in content and "正确写法" in content


def test_dashboard_ranks_departments(sample_site) -> None:
    content = article(sample_site.page("dashboard/"))
    assert "完整度" in content and '<svg role="img"' in content


def test_home_theme_links_land_on_their_theme(sample_site) -> None:
    links = re.findall(r'href="browse/themes/#([^"]+)"', article(sample_site.page("")))
    themes = sample_site.page("browse/themes/")
    assert len(links) >= 5
    for anchor in links:
        assert f'id="{unquote(anchor)}"' in themes, anchor


def test_every_link_inside_the_site_leads_somewhere(sample_site) -> None:
    """The guide and flow pages are HTML that mkdocs neither rewrites nor checks (site/markup.py): every relative
    link on every built page must reach a page or file of the site, and a link into a page its heading."""
    out = sample_site.out
    broken, checked = [], 0
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in map(unescape, re.findall(r'<a [^>]*?href="([^"]+)"', html)):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href) or href.startswith("#"):
                continue  # another site, a phone number, or a place on this page
            path, _, anchor = href.partition("#")
            path = unquote(path.split("?")[0])
            target = (out / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()  # 404.html links from the root
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append(f"{page.relative_to(out)} → {href}")
            elif anchor and target.suffix == ".html" and f'id="{anchor}"' not in target.read_text(encoding="utf-8"):
                broken.append(f"{page.relative_to(out)} → {href}（页面中没有这个位置）")
    assert checked > 1000 and broken == []


def _frame(html: str) -> dict[str, list[str]]:
    """The parts of material's frame rendered once per depth (mkdocs_plugin/shared_partials.py): the primary
    navigation's links and active entry, the configuration's base and search worker, the scripts and style sheets, the
    search box."""
    menu = re.search(r'<nav class="md-nav md-nav--primary".*?<div class="md-content"', html, re.S)
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    search = re.search(r'<div class="md-search" data-md-component="search".*?</form>', html, re.S)
    assert menu and search
    return {"links": re.findall(r'href="([^"#][^"]*)"', menu.group(0)),  # a menu page's own headings are left out
            "active": re.findall(r'href="([^"]+)" class="md-nav__link md-nav__link--active"', menu.group(0)),
            "config": [config["base"], config["search"]],
            "assets": re.findall(r'<script src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html),
            "search": [search.group(0)]}


def test_every_page_frame_leads_where_the_page_itself_would(sample_site) -> None:
    """Pages share material's navigation, configuration, scripts and styles with the pages at their depth: every built
    page's must lead, from where the page is, to the home page's targets, with the page itself active when it is in
    the navigation. The home page is in the navigation, so material renders its frame for it alone."""
    out = sample_site.out
    home = _frame((out / "index.html").read_text(encoding="utf-8"))

    def targets(page: Path, frame: dict[str, list[str]]) -> dict[str, list[str]]:
        def resolve(href: str) -> str:
            return (page.parent / href.split("#")[0]).resolve().relative_to(out.resolve()).as_posix()
        return {**{part: [resolve(href) for href in frame[part]] for part in ("links", "active", "config")},
                "assets": [resolve(script or sheet) for script, sheet in frame["assets"]],
                "search": frame["search"]}

    expected = targets(out / "index.html", home)
    depths, pages = set(), 0
    for page in out.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if 'id="__config"' not in html:
            continue  # not a page of the theme (the web editor's)
        frame = targets(page, _frame(html))
        in_menu = page.parent.relative_to(out).as_posix() in [link.removesuffix("/index.html") for link in expected["links"]]
        assert frame == {**expected, "active": frame["active"]}, page
        assert frame["active"] == ([page.parent.relative_to(out).as_posix()] if in_menu else []), page
        depths.add(len(page.relative_to(out).parts))
        pages += 1
    assert pages > 100 and depths >= {1, 2, 3, 4}


def test_a_frame_part_the_site_overrides_is_rendered_for_each_page(tmp_path: Path) -> None:
    """A custom_dir template that a shared part includes may read the page: the part is then rendered for every page
    (here the footer's copyright line names the page; the guide and flow pages of a department share a depth)."""
    config = project_copy(tmp_path)
    shutil.copytree(GUIDES / "shichang", tmp_path / "guides" / "shichang")
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "site" / "overrides", overrides)
    (overrides / "partials" / "copyright.html").write_text('<div class="md-copyright">本页：{{ page.title }}</div>\n', encoding="utf-8")
    config.write_text(re.sub(r"custom_dir: .*", f"custom_dir: {overrides}", config.read_text(encoding="utf-8")), encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code == 0, build.log
    named = {}
    for page in (tmp_path / "public").glob("*/shichang/*/index.html"):  # guides/, flow/, cards/ …: depth 3
        html = page.read_text(encoding="utf-8")
        named[re.search(r"<title>(.*?) - ", html).group(1)] = re.search(r"本页：(.*?)</div>", html).group(1)
    assert len(named) >= 4 and all(footer == title for title, footer in named.items()), named
