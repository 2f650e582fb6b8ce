"""The citizens' site around the guides (issue 13): a menu of what citizens look for, a Chinese 404 with a way on,
the site's name whole in 大字 mode. On the sample site built once per session, in Chromium where layout matters."""

from __future__ import annotations

import re
from html import unescape

import pytest

from .site_support import ARTIFACTS

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
    assert '<details class="quote">' in page and '<details class="note">' not in page


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
