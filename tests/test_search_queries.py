"""Search citizens can use (issue 13): everyday queries — colloquial, abbreviated, misspelt, with extra words —
against both backends in Chromium, on the sample site. The queries and the guide each must find are data
(tests/data/search-queries.tsv, ≥ 40); the floors below are what this catalogue measured, so a regression fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .site_support import ARTIFACTS, ROOT, mkdocs_build, open_search_page, pagefind_search, project_copy, search

QUERIES = [line.split("\t") for line in (Path(__file__).parent / "data" / "search-queries.tsv").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#")]
# Measured on the sample catalogue with search-words.yaml (top-1, top-3 of 48 queries); see the README.
FLOORS = {"builtin": (44, 48), "pagefind": (38, 45)}


def _ranks(find) -> dict[str, int | None]:
    ranks: dict[str, int | None] = {}
    for query, expected, _kind in QUERIES:
        wanted = tuple(f"/guides/{guide}/" for guide in expected.split("|"))
        found = find(query)
        ranks[query] = next((n for n, href in enumerate(found, 1) if href.endswith(wanted)), None)
    return ranks


def _report(backend: str, ranks: dict[str, int | None]) -> tuple[int, int]:
    top1 = sum(r == 1 for r in ranks.values())
    top3 = sum(r is not None and r <= 3 for r in ranks.values())
    missed = {q: r for q, r in ranks.items() if r is None or r > 3}
    print(f"\n{backend}: top-1 {top1}/{len(ranks)}, top-3 {top3}/{len(ranks)}; not in the first three: {missed}")
    return top1, top3


def test_the_query_set_is_big_enough_and_names_real_guides(sample_site) -> None:
    assert len(QUERIES) >= 40
    for query, expected, kind in QUERIES:
        assert kind in ("口语", "简称", "错字", "多词"), query
        for guide in expected.split("|"):
            assert (sample_site.out / "guides" / guide / "index.html").is_file(), (query, guide)


def test_everyday_queries_with_the_builtin_search(browser, site_base_url) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_search_page(page, site_base_url)
    top1, top3 = _report("builtin", _ranks(lambda q: search(page, q)))
    page.close()
    assert top1 >= FLOORS["builtin"][0] and top3 >= FLOORS["builtin"][1]


def test_everyday_queries_with_pagefind(browser, pagefind_base_url) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(pagefind_base_url + "search/")
    page.wait_for_selector("input.pagefind-ui__search-input")
    top1, top3 = _report("pagefind", _ranks(lambda q: pagefind_search(page, q)))
    page.close()
    assert top1 >= FLOORS["pagefind"][0] and top3 >= FLOORS["pagefind"][1]


def test_only_guides_and_departments_are_searched(sample_site) -> None:
    index = json.loads((sample_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages and all(p.startswith(("guides/", "departments/")) and p != "departments/" for p in pages), sorted(pages)[:10]
    welfare = next(d for d in index["docs"] if d["location"] == "guides/minzheng/zuidi-shenghuo-baozhang-shenhe-queren/")
    assert "低保" in welfare["alias"].split("\u200b") and index["config"]["fields"]["alias"]["boost"] > index["config"]["fields"]["title"]["boost"]


@pytest.mark.parametrize("text, where", [
    ("低保: [最低生活保障\n", "search-words.yaml:1:"),  # not YAML
    ("低保: 最低生活保障\n驾照:\n", "search-words.yaml:2:1：「驾照」后面应当写它代表的标准叫法"),
])
def test_a_broken_everyday_words_file_stops_the_build_with_a_located_chinese_error(tmp_path: Path, text: str, where: str) -> None:
    config = project_copy(tmp_path)
    shutil.copytree(ROOT / "guides" / "shichang", tmp_path / "guides" / "shichang")
    (tmp_path / "search-words.yaml").write_text(text, encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code == 1 and "常用词表有问题" in build.log and where in build.log, build.log[-800:]
    assert "Traceback" not in build.log


def test_search_runs_on_pasted_and_ime_text_and_from_the_home_box(browser, site_base_url) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    open_search_page(page, site_base_url)
    page.fill("#home-search-input", "低保")  # `fill` sends an input event and no key, as a paste or an IME does
    page.wait_for_selector("a.md-search-result__link[href*='zuidi-shenghuo-baozhang']")
    page.fill(".md-search__input", "")
    page.locator(".md-search__input").dispatch_event("compositionend")
    page.evaluate("document.querySelector('.md-search__input').value = '换身份证'")
    page.locator(".md-search__input").dispatch_event("compositionend")  # an IME commits its text
    page.wait_for_selector("a.md-search-result__link[href*='jumin-shenfenzheng-huanling']")
    page.close()


def test_a_search_without_a_result_says_so_and_offers_a_way_on(browser, site_base_url) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    open_search_page(page, site_base_url)
    page.click("label[for='__search']")
    page.fill(".md-search__input", "飞机驾照")
    help = page.locator(".search-help")
    help.wait_for(state="visible")
    assert "没有找到相关的办事指南" in help.inner_text()
    assert help.get_by_role("link", name="按主题查找").is_visible() and help.locator("a[href='tel:12345']").is_visible()
    page.screenshot(path=str(ARTIFACTS / "search-none-375.png"))
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_five_everyday_queries_find_their_guide_first_on_a_phone_and_a_desktop(browser, site_base_url, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    open_search_page(page, site_base_url)
    for number, (query, guide) in enumerate([("低保", "zuidi-shenghuo-baozhang"), ("驾照到期", "jidongche-jiashizheng"),
                                             ("开饭店", "shipin-jingying-xuke"), ("房产证过户", "budongchan-zhuanyi-dengji"),
                                             ("医保", "yiliao-baoxian-canbao")], 1):
        if width < 1220:  # a phone: the header's search button opens the overlay
            page.locator("label.md-header__button[for='__search']").click()
        else:
            page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("")
        page.wait_for_function("document.querySelector('.md-search-result__meta').innerText.includes('键入')")
        box.fill(query)  # as pasted: search-help.js passes the input on
        page.wait_for_function("q => document.querySelector('.md-search-result__meta').innerText.includes('符合条件')", arg=query)
        first = page.locator("a.md-search-result__link").first
        assert guide in (first.get_attribute("href") or ""), query
        page.wait_for_timeout(300)  # the overlay and its result list finish their transitions
        page.screenshot(path=str(ARTIFACTS / f"search-{width}-{number}.png"))
        page.keyboard.press("Escape")
    page.close()
