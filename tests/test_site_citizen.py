"""The citizens' site around the guides (issue 13): a menu of what citizens look for, a Chinese 404 with a way on,
the site's name whole in 大字 mode. On the sample site built once per session, in Chromium where layout matters."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from .site_support import ARTIFACTS, ROOT, mkdocs_build, project_copy

CLERK_PAGES = {"开放数据": "open-data/", "检查规则": "rules/", "标准化考核": "dashboard/"}


def test_clerk_pages_leave_the_main_menu_and_are_linked_under_government_information(sample_site) -> None:
    home = sample_site.page("")
    menu = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', home, re.S)
    assert menu is not None
    for title in CLERK_PAGES:
        assert title not in unescape(menu.group(0)), title
    about = sample_site.page("about/")
    assert "政务公开" in about
    for title, path in CLERK_PAGES.items():
        assert re.search(rf'<a href="[./]*{re.escape(path)}">{title}</a>', about), title
        assert (sample_site.out / path / "index.html").is_file()  # still published


def test_the_404_page_is_chinese_and_offers_a_way_on(sample_site) -> None:
    page = (sample_site.out / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in page and "Not found" not in page
    assert 'id="home-search-input"' in page and 'href="tel:12345"' in page and "按主题查找" in page


def test_law_texts_fold_without_an_edit_looking_icon(sample_site) -> None:
    page = sample_site.page("guides/shichang/getihu-sheli-dengji/")
    assert '<details class="quote law-text">' in page and '<details class="note">' not in page


@pytest.mark.parametrize("width", [375, 1280])
def test_large_text_keeps_the_site_name_whole(browser, site_base_url, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(site_base_url)
    page.click(".text-size-toggle")
    title = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert title.inner_text() == "示例县政务服务办事指南"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1")  # nothing cut
    page.screenshot(path=str(ARTIFACTS / f"large-text-{width}.png"))
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_dashboard_shows_what_it_ranks_by_without_scrolling_sideways(browser, site_base_url, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_base_url + "dashboard/")
    header = page.locator(".dashboard-table th", has_text="完整度")
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width, box
    if width == 1280:  # the whole table fits the desktop's text column
        assert page.evaluate("(() => { const t = document.querySelector('.dashboard-table table'); return t.scrollWidth <= t.clientWidth })()")
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{width}.png"), full_page=True)
    context.close()


def test_home_lists_the_configured_common_items_and_the_themes_in_the_order_of_the_theme_page(sample_site) -> None:
    home, themes = sample_site.page(""), sample_site.page("browse/themes/")
    configured = re.findall(r"^        - (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    common = re.search(r">常办事项</h2>(.*?)</div>", home, re.S)
    assert common is not None and configured
    assert re.findall(r'href="[./]*guides/([^"]+)/"', common.group(1)) == configured
    people = re.search(r">个人办事</h2>(.*?)</div>", home, re.S)
    assert people is not None
    on_home = [unescape(t) for t in re.findall(r">([^<>（]+)（\d+）</a>", people.group(1))]
    on_page = [unescape(t) for t in re.findall(r'<h3 id="[^"]*">([^<（]+)（', themes.split(">法人办事<")[0])]
    assert on_home and on_home == [t for t in on_page if t in on_home]


def test_a_common_item_that_does_not_exist_stops_the_build_in_chinese(tmp_path: Path) -> None:
    config = project_copy(tmp_path)
    shutil.copytree(ROOT / "guides" / "shichang", tmp_path / "guides" / "shichang")
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^  - guides:.*$", "  - guides:\n      popular: [shichang/no-such-item]", text, count=1, flags=re.M), encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code == 1 and "popular（常办事项）列出的事项不存在：shichang/no-such-item" in build.log and "Traceback" not in build.log
