"""The renderer on its own (no mkdocs): escaping, page set, banners, attachments, `guides render`."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import markdown
import pytest

from validator.check.run import check_catalogue
from validator.model import Material
from validator.site import render_site
from validator.site.paths import guide_page, relative, url_href
from validator.standard.schemas import version
from validator.wording.escape import escape, link, tel

from .conftest import GUIDES, mutate

HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    '材料 {: onclick="alert(1)" }',
    "| 断开 | 表格 |",
    "1. 不是列表",
]
MARKDOWN = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition"])


@pytest.fixture(scope="module")
def catalogue():
    run = check_catalogue(GUIDES)
    assert run.errors == 0
    return run.catalogue


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_value_renders_as_the_same_text(value: str) -> None:
    html = MARKDOWN.reset().convert(f"- {escape(value)}")
    assert "<script" not in html and "<img" not in html and "<a " not in html and "onclick=" not in html and "<table" not in html
    assert "<ol>" not in html
    # What the reader sees is exactly what the clerk typed.
    assert unescape(re.sub(r"<[^>]+>", "", html)).strip() == value


def test_line_breaks_stay_inside_the_value() -> None:
    assert escape("第一行\n# 不是标题") == "第一行<br>&#35; 不是标题"
    assert escape("  甲\n乙 ", one_line=True) == "甲 乙"


def test_only_plain_https_addresses_become_links() -> None:
    assert link("https://www.jxzwfww.gov.cn/", "去办理") == '<a href="https://www.jxzwfww.gov.cn/">去办理</a>'
    for bad in ("javascript:alert(1)", "http://example.com/", 'https://x.example/"onmouseover="alert(1)', "data:text/html,x"):
        assert "<a" not in link(bad, "点我")
    assert tel("0799-6212315") == '<a href="tel:0799-6212315">0799-6212315</a>'
    assert "<a" not in tel("0799<script>")


def test_relative_paths_are_those_posixpath_makes() -> None:
    """`relative` skips relpath's normalising for the site's plain paths; every other path is relpath's."""
    paths = ["", "a", "a/", "a/b", "a/b/", "a/b/c.md", "guides/x/y/", "guides/x/z/", "api/guides.json", "a//b", "./a",
             "../a", "a/./b", "/abs/x", "index.md", "权力清单.csv", "guides/x"]
    for path in paths:
        for start in paths:
            assert relative(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)
    assert url_href("guides/a/b.md", "departments/a.md") == "../../../departments/a/"
    assert url_href("departments/a.md", "departments/a.md", "办理") == "./#办理"
    assert url_href("index.md", "power-list/权力清单.csv") == "power-list/%E6%9D%83%E5%8A%9B%E6%B8%85%E5%8D%95.csv"


def test_every_guide_department_and_index_is_rendered(catalogue) -> None:
    pages = render_site(catalogue, site_url="https://guides.example.gov.cn/", schema_version=version())
    for guide in catalogue.guides:
        assert guide_page(guide) in pages
        assert f"api/guides/{guide.id}.json" in pages
    for department in catalogue.departments:
        assert f"departments/{department}.md" in pages
    for page in ("index.md", "browse/themes.md", "browse/types.md", "browse/levels.md", "departments/index.md",
                 "open-data.md", "rules.md", "api/guides.json", "api/guides.csv", "schema/guide.schema.json",
                 f"schema/{version()}/guide.schema.json", "schema/department.schema.json", "schema/1.0.0/department.schema.json"):
        assert page in pages


def test_the_renderer_does_not_import_mkdocs() -> None:
    code = "import sys, validator.site.build; print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_suspended_and_cancelled_guides_carry_a_banner(catalogue) -> None:
    guide = catalogue.guides[0]
    for status, headline in (("暂停", "本事项暂停办理"), ("取消", "本事项已取消")):
        changed = dataclasses.replace(guide, status=status, status_note="因系统升级暂停至 2026 年 12 月 31 日。")
        catalogue.guides[0] = changed
        try:
            text = render_site(catalogue)[guide_page(changed)]
        finally:
            catalogue.guides[0] = guide
        banner = text.index(headline)
        assert banner < text.index("办事一览") and "因系统升级暂停" in text


def test_local_forms_are_published_and_linked(catalogue) -> None:
    guide = catalogue.guides[0]
    material = dataclasses.replace(guide.materials[0], blank_form="files/shenqingshu.pdf", sample="https://example.gov.cn/yangbiao.pdf")
    changed = dataclasses.replace(guide, materials=(material, *guide.materials[1:]))
    catalogue.guides[0] = changed
    try:
        published = f"files/{guide.department}/files/shenqingshu.pdf"
        pages = render_site(catalogue, attachments={published: b"%PDF-1.4"})
    finally:
        catalogue.guides[0] = guide
    assert pages[published] == b"%PDF-1.4"
    text = pages[guide_page(changed)]
    assert '<a href="../../../files/' in text and "空白表格</a>" in text and '<a href="https://example.gov.cn/yangbiao.pdf">填写样表</a>' in text


def test_a_material_without_paper_needs_no_copies(catalogue) -> None:
    guide = catalogue.guides[0]
    material = Material(name="电子申请表", form="原件", medium="电子", necessity="必要", source="申请人自备")
    changed = dataclasses.replace(guide, materials=(material,))
    catalogue.guides[0] = changed
    try:
        text = render_site(catalogue)[guide_page(changed)]
    finally:
        catalogue.guides[0] = guide
    assert "电子申请表" in text


def test_guides_render_writes_the_same_pages(guides, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = guides("render", "--out", str(out), "--site-url", "https://guides.example.gov.cn/")
    assert run.code == 0, run.err
    catalogue = check_catalogue(GUIDES).catalogue
    for guide in catalogue.guides:
        assert (out / guide_page(guide)).read_text(encoding="utf-8").count(f">{escape(guide.name)}</h1>") == 1
    data = json.loads((out / "api" / "guides.json").read_text(encoding="utf-8"))
    assert data["count"] == len(catalogue.guides)
    assert (out / "api" / "guides.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_guides_render_writes_nothing_when_a_guide_has_an_error(guides, exemplar_copy: Path, tmp_path: Path) -> None:
    mutate(exemplar_copy, "type: 行政许可", "type: 行政许可证")
    out = tmp_path / "out"
    run = guides("render", "--out", str(out), cwd=exemplar_copy.parents[2])
    assert run.code == 1
    assert "S004" in run.err and "没有生成" in run.err
    assert not out.exists()


def test_conditions_read_as_their_text(catalogue) -> None:
    """A condition is a string or {text, when} in the file, always an object in the model: the page shows its text."""
    pages = render_site(catalogue, schema_version=version())
    page = pages["guides/gongan/jumin-shenfenzheng-huanling.md"]
    section = page[page.index('<h2 id="受理条件">'):page.index('<h2 id="申请材料">')]
    assert "本人亲自到户政窗口办理" in section and "Condition(" not in section and "when=(" not in section
    # … and a condition for some cases names them, with a marker the situation chooser can filter by
    assert '现场采集人像和指纹信息。（<span class="guide-when" data-when="已满十六周岁">适用情形：已满十六周岁</span>）' in section
