"""The sample site in Chromium: search recall, keyboard, print, larger text, phone layout, axe.

Skipped with the reason shown when Debian's chromium is not installed (.ci/run installs it).
"""

from __future__ import annotations

import re

import pytest

from .site_support import ARTIFACTS, open_search_page, pagefind_search, search

GUIDE = "guides/gongan/jumin-shenfenzheng-huanling/"
# What a citizen types → the guide it must find among the first results. Only items the sample
# catalogue has; 身份证 and 营业执照 are sub-words of the names (居民身份证换领, 营业执照 in the text).
QUERIES = {
    "营业执照": "shichang/getihu-sheli-dengji", "个体户": "shichang/getihu-sheli-dengji",
    "身份证": "gongan/jumin-shenfenzheng-huanling", "养老保险": "renshe/chengxiang-jumin-yanglao-baoxian-canbao-dengji",
    "结婚": "minzheng/neidi-jumin-jiehun-dengji", "食品": "shichang/shipin-jingying-xuke",
    "驾驶证": "gongan/jidongche-jiashizheng-qiman-huanzheng", "低保": "minzheng/zuidi-shenghuo-baozhang-shenhe-queren",
    "取水": "shuili/qushui-xuke", "宅基地": "qinghe-zhen/nongcun-cunmin-zhaijidi-shenpi",
    "不动产": "ziran/budongchan-zhuanyi-dengji", "出生": "gongan/chusheng-dengji", "失业": "renshe/shiye-baoxianjin-shenling",
    "医保": "liushu-cun/chengxiang-jumin-yiliao-baoxian-canbao-dengji", "施工许可": "zhujian/jianzhu-gongcheng-shigong-xuke",
    "预售": "zhujian/shangpinfang-yushou-xuke", "残疾": "minzheng/kunnan-canjiren-shenghuo-butie-he-zhongdu-canjiren-huli-butie",
    "临时救助": "qinghe-zhen/xiao-e-linshi-jiuzhu-shenpi", "出租车": "jiaotong/xunyou-chuzu-qiche-jiashiyuan-congye-zige-zhuce",
    "货运": "jiaotong/daolu-huowu-yunshu-jingying-xuke", "医师": "weijian/yishi-zhiye-zhuce", "河道": "shuili/hedao-jianshe-xiangmu-fangan-shenpi",
}
TOP = 5


def test_search_recall(page, site_base_url, sample_site) -> None:
    open_search_page(page, site_base_url)
    ranks = {}
    for query, guide in QUERIES.items():
        assert (sample_site.out / "guides" / guide / "index.html").is_file(), guide  # the list follows the catalogue
        found = search(page, query)
        ranks[query] = next((n for n, href in enumerate(found, 1) if href.endswith(f"/guides/{guide}/")), None)
    missed = {q: r for q, r in ranks.items() if r is None or r > TOP}
    print(f"\nsearch recall@{TOP}: {len(QUERIES) - len(missed)}/{len(QUERIES)}; ranks {ranks}")
    assert not missed


def test_search_works_from_the_keyboard(page, site_base_url) -> None:
    open_search_page(page, site_base_url)
    page.keyboard.press("/")
    page.keyboard.type("身份证")
    page.keyboard.press("End")
    page.wait_for_selector("a.md-search-result__link")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{GUIDE}**")


def test_home_search_box_opens_search_with_the_query(page, site_base_url) -> None:
    page.goto(site_base_url)
    page.fill("#home-search-input", "营业执照")
    page.press("#home-search-input", "Enter")
    page.wait_for_selector("a.md-search-result__link[href*='getihu-sheli-dengji']")


def test_print_view_is_a_one_page_notice(page, site_base_url) -> None:
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, so the screenshot looks like the sheet
    page.goto(site_base_url + GUIDE)
    page.emulate_media(media="print")
    assert not page.is_visible(".md-header") and not page.is_visible(".md-sidebar--primary")
    assert not page.is_visible("text=受理条件") and not page.is_visible(".md-footer")
    assert page.is_visible(".print-sheet") and page.is_visible(".print-sheet__qr svg")
    assert page.locator(".print-sheet__checklist li").count() == 4
    box = page.eval_on_selector(".print-sheet__checklist li", "li => getComputedStyle(li, '::before').borderTopStyle")
    assert box == "solid"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guide-print.png"), full_page=True)
    pdf = page.pdf(format="A4")  # printing uses the print style sheet
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one A4 sheet


def test_phone_layout(browser, site_base_url) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1, is_mobile=True, has_touch=True)
    phone = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("guide-375.png", GUIDE), ("home-375.png", ""), ("changes-375.png", "power-list/changes/")):
        phone.goto(site_base_url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path  # no sideways scrolling
        wide = "[...document.querySelectorAll('.md-typeset__scrollwrap')].filter(w => w.scrollWidth > w.clientWidth).length"
        assert phone.evaluate(wide) == 0, path  # nor a table that scrolls inside the page (a card per row instead)
        phone.screenshot(path=str(ARTIFACTS / name), full_page=True)
    phone.goto(site_base_url + GUIDE)  # the 事项信息 table at the body's size, not material's 13 px table text
    cells = "[...document.querySelectorAll('.md-typeset table:not([class]) td')].map(td => parseFloat(getComputedStyle(td).fontSize))"
    body = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert phone.evaluate(cells) and min(phone.evaluate(cells)) >= body >= 16
    context.close()


def test_larger_text_toggle_is_remembered(page, site_base_url) -> None:
    page.goto(site_base_url + GUIDE)
    size = "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    normal = page.evaluate(size)
    toggle = page.locator("button.text-size-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate(size) > normal * 1.2 and toggle.get_attribute("aria-pressed") == "true"
    page.goto(site_base_url)  # another page: still large
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    page.locator("button.text-size-toggle").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")


def test_focus_is_visible(page, site_base_url) -> None:
    page.goto(site_base_url)
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth] }")
    assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2


AXE_PAGES = ["", GUIDE, GUIDE + "?情形=姓名变更&情形=未满十六周岁", "browse/themes/", "departments/gongan/", "rules/", "dashboard/",
             "open-data/", "about/", "404.html", "search"]


def _serious(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_serious_accessibility_violations(browser, site_base_url, width: int, large: bool) -> None:
    """Every page type, on a phone and a desktop, in both text modes (issue 13; axe-core through axe-playwright-python)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = {}
    for path in AXE_PAGES:
        if path == "search":  # the search overlay open with results
            open_search_page(page, site_base_url)
            page.keyboard.press("/")  # as site_support.search types: the whole query at once, then a real key
            box = page.locator("input.md-search__input")
            box.fill("身份证")
            box.press("End")
            page.wait_for_selector("a.md-search-result__link")
            page.wait_for_timeout(300)  # let the result list finish its transitions
        else:
            page.goto(site_base_url + path)
        if large != page.evaluate("document.documentElement.classList.contains('large-text')"):
            page.click(".text-size-toggle")
        if serious := _serious(page):
            found[path] = serious
    context.close()
    assert not found, found


@pytest.mark.parametrize("width", [375, 1280])
def test_no_serious_accessibility_violations_with_pagefind(browser, pagefind_base_url, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = {}
    for path in ["", "search/", GUIDE]:
        page.goto(pagefind_base_url + path)
        if path == "search/":
            pagefind_search(page, "身份证")
        if serious := _serious(page):
            found[path] = serious
    context.close()
    assert not found, found
