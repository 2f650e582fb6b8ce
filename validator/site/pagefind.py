"""The Pagefind search backend (mkdocs.yml: `guides: {search: pagefind}`): what the pages carry, and the indexer.

Material's built-in search downloads one index of the whole site before the first result (tens of
MB at 10 000 guides). Pagefind splits its index into fragments, so a query loads only the words it
needs. Its extended build segments Chinese itself and finds sub-words (身份证 finds 居民身份证换领):
the recall queries of tests/test_site_browser.py rank the same with and without the jieba sub-words
of the built-in backend, so none are added. Pinned to 1.4.0 (1.5.x has a reported Chinese-recall
regression; on our queries 1.5.2 ranked two guides lower).

- Guide and department pages are indexed (`data-pagefind-body` on their content), nothing else, and of them what
  neither backend indexes (unindexed.py: the print sheet, the flow chart, the law articles folded out) is cut from
  what Pagefind is given (`indexed_part`): it parses all it is given, what it leaves out too.
- Filters 部门 and 事项类型 let a citizen narrow the results (按部门筛选). Filter values and the result title are
  given to Pagefind without any HTML special character (`inert`), and site/assets/guides-search.js turns every
  excerpt into text before Pagefind's UI shows it: no value can become markup in the search UI.
- The search box: `search/` (a generated page) and the home page, Pagefind's own UI, loaded only on
  those pages; every page gets a 搜索 button in the header (site/assets/guides-search.js).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Catalogue
from ..wording.escape import escape
from . import blocks, paths
from .everyday import Everyday, keywords
from .home import HOME_ACTION, search_form
from .unindexed import without_unindexed

SEARCH_PAGE = "search.md"
SCRIPT = "assets/guides-search.js"  # in site/ (the docs_dir), added to extra_javascript by the plugin
BUNDLE = "pagefind"  # the index's folder in the built site
_ARTICLE = '<article class="md-content__inner md-typeset">'
_INDEXED = _ARTICLE.replace(">", " data-pagefind-body>", 1)  # an indexed page's article (mark_page)


def home_form_to_search_page(markdown: str) -> str:
    """The home page's search form goes to search/ when JavaScript is off."""
    marker = f'action="{HOME_ACTION}"'
    return markdown.replace(marker, f'action="{paths.href(paths.HOME, SEARCH_PAGE)[:-len(".md")]}/"', 1)


def search_page() -> str:
    browse = blocks.bullets([f"[按主题]({paths.href(SEARCH_PAGE, paths.THEMES)})",
                             f"[按部门]({paths.href(SEARCH_PAGE, paths.DEPARTMENTS)})",
                             f"[按事项类型]({paths.href(SEARCH_PAGE, paths.TYPES)})"])
    return blocks.page("搜索", "# 搜索办事指南", search_form(".", "输入要办的事，例如：身份证、营业执照"),
                       "<noscript>搜索需要浏览器启用 JavaScript。也可以按主题、按部门查找。</noscript>",
                       "找不到要办的事？也可以：\n\n" + browse)


def page_marks(catalogue: Catalogue, everyday: Everyday) -> dict[str, str]:
    """Per indexed page (its Markdown path): the hidden filter, title and keyword markup to add to its content."""
    marks: dict[str, str] = {}
    for department in catalogue.departments.values():
        marks[paths.department_page(department.id)] = _marks(department.name, {"部门": department.short_name})
    for guide in catalogue.guides:
        department = catalogue.departments.get(guide.department)
        marks[paths.guide_page(guide)] = _marks(guide.name, {"部门": department.short_name if department else guide.department,
                                                             "事项类型": guide.type}) + _keywords(keywords(guide, everyday))
    return marks


# Pagefind decodes the character references of the page and its UI shows filter values (and may show titles) as
# HTML: what it indexes as a filter or title must hold no HTML special character at all, however it is escaped.
# Each becomes its full-width twin, which reads the same.
_INERT = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def inert(value: object) -> str:
    """A value as Pagefind may index and show it: one line, no HTML special character."""
    return " ".join(str(value).split()).translate(_INERT)


def _marks(title: str, filters: dict[str, str]) -> str:
    spans = [f'<span data-pagefind-meta="title">{escape(inert(title))}</span>']
    spans += [f'<span data-pagefind-filter="{name}">{escape(inert(value))}</span>' for name, value in filters.items()]
    return "".join(spans)


def _keywords(words: list[str]) -> str:
    """A guide's aliases and everyday words, weighted as Pagefind weighs a title (hidden: 又称 shows the aliases)."""
    return f'<span data-pagefind-weight="10">{escape(inert(" ".join(words)))}</span>' if words else ""


def mark_page(html: str, filters: str) -> str:
    """Index this page's content only, with its filters and title (hidden: the page shows them already)."""
    start = html.find(_ARTICLE)
    end = html.find("</article>", start)
    if start < 0 or end < 0:  # not material's page layout: leave the page out of the index
        return html
    return html[:start] + _INDEXED + html[start + len(_ARTICLE):end] + f"<div hidden>{filters}</div>" + html[end:]


def executable() -> Path | None:
    """Pagefind's extended binary (from the `pagefind[extended]` package), which segments Chinese; or the one
    PAGEFIND_BINARY_PATH names, as for Pagefind's own wrappers."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return Path(get_executable())


_DOCUMENT = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>{}</body></html>'


def indexed_part(html: str) -> str | None:
    """The page as Pagefind needs it: its article (`mark_page`) without what no index takes in (unindexed.py), which
    is all Pagefind would index of the whole page. None: the page has no indexed article."""
    start = html.find(_INDEXED)
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return None
    return _DOCUMENT.format(without_unindexed(html[start:end]) + "</article>")
