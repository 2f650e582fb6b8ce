"""Search at scale: material's index segmented by rjieba (the same words as jieba), and the Pagefind backend.

The Pagefind site is the sample catalogue built a second time with `search: pagefind` (once per session).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from .site_support import article, mkdocs_build, pagefind_config, pagefind_search, project_copy, serve
from .test_site_browser import GUIDE, QUERIES, TOP

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def test_material_index_has_jiebas_own_words(sample_site) -> None:
    """The plugin hands material rjieba instead of jieba: every segmented run must be exactly jieba's words."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    index = json.loads((sample_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    runs = 0
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            # material writes U+200B around and between the words of each Han run
            for segmented in re.findall(r"[\u200b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", field):
                for run in HAN.findall(segmented.replace("\u200b", "\u0000")) and [segmented]:
                    words = [w for w in run.split("\u200b") if w]
                    whole = "".join(words)
                    if HAN.fullmatch(whole):
                        assert words == list(jieba.cut(whole)), whole
                        runs += 1
    assert runs > 1000
    assert index["config"]["fields"]["kw"]["boost"] > 1
    entry = next(d for d in index["docs"] if d["location"] == GUIDE)
    assert "身份证" in entry["kw"].split("\u200b")  # the sub-word of 居民身份证, for the recall test


def test_pagefind_indexes_guide_and_department_pages_only(pagefind_site) -> None:
    guide = pagefind_site.page(GUIDE)
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in guide
    assert re.search(r'<section class="print-sheet"[^>]* data-pagefind-ignore="all"', guide)
    assert '<span data-pagefind-filter="部门">县公安局</span>' in guide
    assert "data-pagefind-body" in pagefind_site.page("departments/gongan/")
    for path in ("", "about/", "rules/", "search/"):
        assert "data-pagefind-body" not in pagefind_site.page(path), path
    assert not (pagefind_site.out / "search" / "search_index.json").exists()  # material's index is not built
    entry = json.loads((pagefind_site.out / "pagefind" / "pagefind-entry.json").read_bytes())
    marked = [path for path in pagefind_site.out.rglob("*.html") if "data-pagefind-body" in path.read_text(encoding="utf-8")]
    assert len(marked) > 20
    assert entry["languages"]["zh"]["page_count"] == len(marked)  # Pagefind reads these pages, and all of them


def _pagefind_texts(site) -> dict[str, str]:
    """Each indexed page's text as Pagefind keeps it for its excerpts (its URL → the text, without word breaks)."""
    texts = {}
    for path in (site.out / "pagefind" / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts[fragment["url"]] = fragment["content"].replace("\u200b", "")
    return texts


def _builtin_text(site, location: str) -> str:
    index = json.loads((site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "".join(d["title"] + d["text"] for d in index["docs"] if d["location"].split("#")[0] == location).replace("\u200b", "")


def test_neither_search_takes_in_the_print_sheet_or_the_law_articles(sample_site, pagefind_site) -> None:
    """What a guide page shows twice or that no citizen searches for (site/unindexed.py) is in neither index; the
    line naming each law and article is."""
    guide = "guides/shichang/getihu-sheli-dengji/"
    page = article(sample_site.page(guide))
    law = re.search(r'<details class="quote law-text">\n<summary>[^<]*</summary>\n<p><strong>[^<]*</strong>　([^<]{12,})', page)
    assert law and "《市场主体登记管理条例》" in page
    sheet = "窗口不得要求提交清单以外的材料"
    assert sheet in page
    for text in (_pagefind_texts(pagefind_site)["/" + guide], _builtin_text(sample_site, guide)):
        assert "《市场主体登记管理条例》" in text
        assert law.group(1)[:12] not in text and sheet not in text


def test_every_file_of_the_pagefind_index_is_whole(pagefind_site) -> None:
    """Pagefind answers that it wrote the index before every file is written, and exits when its input closes: the
    build waits for its files (pagefind_service.py). Each file is there whole: the compressed ones decompress."""
    files = [path for path in (pagefind_site.out / "pagefind").rglob("*") if path.is_file()]
    assert len(files) > 20 and all(path.stat().st_size > 0 for path in files)
    compressed = [path for path in files if path.suffix in (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind")]
    assert any(path.name == "wasm.unknown.pagefind" for path in compressed)
    for path in compressed:
        assert gzip.decompress(path.read_bytes()), path
    entry = json.loads((pagefind_site.out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == len(list((pagefind_site.out / "pagefind" / "fragment").iterdir()))


def test_pagefind_home_form_works_without_javascript(pagefind_site) -> None:
    home = pagefind_site.page("")
    assert re.search(r'<form class="home-search" action="search/" method="get" role="search">', home)
    assert '<script src="assets/guides-search.js"></script>' in home
    search = pagefind_site.page("search/")
    assert "data-guides-search" in search and "<noscript>" in search


def test_pagefind_with_material_search_listed_is_refused(tmp_path: Path) -> None:
    config = pagefind_config(tmp_path)
    text = config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1)
    config.write_text(text, encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code != 0
    assert "请从 plugins 中删去 search" in build.log and "Traceback" not in build.log
    assert not (tmp_path / "public").exists()


def test_search_option_is_checked(tmp_path: Path) -> None:
    config = project_copy(tmp_path)
    shutil.copytree(Path(__file__).resolve().parents[1] / "guides" / "shichang", tmp_path / "guides" / "shichang")
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^  - guides.*$", "  - guides:\n      search: lunr", text, flags=re.M), encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code != 0 and "search" in build.log and "pagefind" in build.log


def test_pagefind_recall(page, pagefind_base_url) -> None:
    page.goto(pagefind_base_url + "search/")
    ranks = {}
    for query, guide in QUERIES.items():
        found = pagefind_search(page, query)
        ranks[query] = next((n for n, href in enumerate(found, 1) if href.endswith(f"/guides/{guide}/")), None)
    missed = {q: r for q, r in ranks.items() if r is None or r > TOP}
    print(f"\nPagefind recall@{TOP}: {len(QUERIES) - len(missed)}/{len(QUERIES)}; ranks {ranks}")
    assert not missed


def test_pagefind_first_search_loads_part_of_the_index(page, pagefind_site, pagefind_base_url) -> None:
    """What a citizen's browser fetches from the home page to the first result: Pagefind's files, never the whole index."""
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if r.ok and "/pagefind/" in r.url else None)
    page.goto(pagefind_base_url)
    found = pagefind_search(page, "营业执照")
    assert any(href.endswith("/guides/shichang/getihu-sheli-dengji/") for href in found[:TOP])
    bundle = pagefind_site.out / "pagefind"
    index_files = [p for p in bundle.rglob("*") if p.is_file() and p.parent.name in ("index", "fragment")]
    loaded = [u for u in fetched if "/index/" in u or "/fragment/" in u]
    print(f"\nPagefind first search (sample site): {len(fetched)} files, {sum(fetched.values())} bytes as served "
          f"(index and fragments: {len(loaded)} of {len(index_files)} files)")
    assert loaded and len(loaded) < len(index_files)


def test_pagefind_header_button_and_keyboard(page, pagefind_base_url) -> None:
    page.goto(pagefind_base_url + GUIDE)
    button = page.locator("a.guides-search-button")
    assert button.get_attribute("href").endswith("/search/")
    page.keyboard.press("/")  # as with material's search: "/" opens search
    page.wait_for_url("**/search/")
    page.wait_for_selector("input.pagefind-ui__search-input")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
    page.keyboard.type("身份证")
    page.wait_for_selector("a.pagefind-ui__result-link[href*='jumin-shenfenzheng-huanling']")


def test_pagefind_query_in_address_is_searched(page, pagefind_base_url) -> None:
    page.goto(pagefind_base_url + "search/?q=%E4%BD%8F%E6%88%BF")  # 住房? any word: the box is filled and searched
    page.wait_for_function("document.querySelector('input.pagefind-ui__search-input') && "
                           "document.querySelector('input.pagefind-ui__search-input').value === '住房'")


def test_pagefind_query_in_address_shows_every_filter_when_one_comes_late(page, pagefind_site) -> None:
    """Pagefind's UI shows the filters its first search counted, and that search counts the filter files loaded by
    then: on search/?q=… a filter file that came after the index was missing from the panel until the next search."""
    files = sorted(path.name for path in (pagefind_site.out / "pagefind" / "filter").glob("*.pf_filter"))
    assert len(files) >= 2  # 部门, 事项类型

    def late(path: str) -> float:  # the first filter file, then the index, then the others
        return 0.5 if path.endswith(".pf_index") else 2.0 if path.endswith(".pf_filter") and not path.endswith(files[0]) else 0

    with serve(pagefind_site.out, late=late) as base:
        page.goto(base + "search/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7")  # 营业执照
        page.wait_for_selector(".pagefind-ui__result-title a")
        page.wait_for_timeout(2500)  # every file is in
        assert page.eval_on_selector_all(".pagefind-ui__filter-name", "els => els.length") == len(files)


def test_pagefind_filters_are_a_plain_list_not_admonitions(page, pagefind_base_url) -> None:
    """Material draws every <details> in the content as a collapsible admonition and the browser frames every
    <fieldset>: the filter panel showed boxes with an icon and two chevrons (guides.css undoes both)."""
    page.goto(pagefind_base_url + "search/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7")  # 营业执照
    page.wait_for_selector(".pagefind-ui__filter-name")
    drawn = page.evaluate("""() => {
        const style = (selector, pseudo) => getComputedStyle(document.querySelector(selector), pseudo);
        const panel = style('.pagefind-ui__filter-panel'), block = style('.pagefind-ui__filter-block');
        return [panel.borderTopWidth, block.borderLeftWidth, block.borderTopWidth, block.boxShadow,
                style('.pagefind-ui__filter-name').backgroundColor, style('.pagefind-ui__filter-name', '::before').content];
    }""")
    assert drawn == ["0px", "0px", "0px", "none", "rgba(0, 0, 0, 0)", "none"]


@pytest.mark.parametrize("path", ["", "search/"])
def test_pagefind_search_is_accessible(page, pagefind_base_url, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(pagefind_base_url + path)
    pagefind_search(page, "身份证")
    page.wait_for_timeout(300)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
