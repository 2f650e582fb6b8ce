"""The built-in search backend: material's search plugin, with Chinese sub-words, a faster segmenter and tokenizer.

Each index entry gets the jieba sub-words of its compounds (see site/search_words.py), added as
material indexes each page, and material segments with rjieba instead of jieba (the same words,
~100× faster) unless `jieba_dict` or `jieba_dict_user` asks for jieba itself; its HTML parser reads
regular HTML with one regular expression (search_parser.py: the same sections, a third less time); its index file
is written part by part (index_file.py: the same bytes, without two whole copies of it in memory).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from ..model import Catalogue, Guide
from ..site import paths
from ..site.blocks import front_matter, read_html_front_matter
from ..site.everyday import Everyday, keywords
from ..site.render import Pages
from ..site.search_words import BOOST, FIELD, KEYWORDS, KEYWORDS_BOOST, WORD_SEPARATOR, RustJieba, add_words
from ..site.unindexed import holds_unindexed, without_unindexed
from ..two_ends import TwoEnds
from ..wording.escape import attribute
from .html_pages import content_as_held
from .index_file import IndexFile, Span, Written, written
from .search_parser import fast_parser

log = logging.getLogger("mkdocs.plugins.guides")


def material_search(config: MkDocsConfig) -> BasePlugin | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


class BuiltinSearch:
    def __init__(self, config: MkDocsConfig, *, sub_words: bool, everyday: Everyday) -> None:
        self.index: Any = None  # material's SearchIndex, whose entries get the sub-words
        self.indexed = 0  # entries that have their sub-words
        self.everyday = everyday
        self.sub_words = sub_words
        self.keywords: dict[str, str] = {}  # a guide page's location → its search keywords
        self.held: object = None  # the content of the page being indexed, with its print sheet (content_as_held)
        self.held_meta: dict[str, Any] | None = None  # and its front matter, while material's search is told to skip it
        self.ready: Written | Span | None = None  # its entries, made by the helper or stored
        self.helper = TwoEnds()  # a second process makes some pages' entries
        self.places: dict[str, int] = {}  # a page's source path → its place in the helper's list
        self.file: IndexFile | None = None  # writes material's index file
        search = material_search(config)
        if search is not None and getattr(search, "search_index", None) is not None:
            self._speed_up(search, sub_words)
            self.index = search.search_index
            self.file = IndexFile(self.index, lambda: config.site_dir, spooling=not getattr(search, "is_dirty", False))
            search.search_index.config["fields"][KEYWORDS] = {"boost": KEYWORDS_BOOST}

    def _speed_up(self, search: BasePlugin, sub_words: bool) -> None:
        if sub_words:
            search.search_index.config["fields"][FIELD] = {"boost": BOOST}
        module = sys.modules.get(type(search).__module__)
        # A custom jieba dictionary is loaded into jieba only: then material keeps jieba.
        if module is not None and getattr(module, "jieba", None) is not None and not (
                search.config.get("jieba_dict") or search.config.get("jieba_dict_user")):
            module.jieba = RustJieba
        parser = getattr(module, "Parser", None)
        if isinstance(parser, type) and not getattr(parser, "fast", False):  # once per process (`mkdocs serve` rebuilds)
            module.Parser = fast_parser(parser)  # type: ignore[union-attr]

    def pages(self, pages: Pages, catalogue: Catalogue[Guide]) -> Pages:
        """Only what citizens look for is indexed: guide and department pages; the indexes, the rules, the dashboard
        and the open data are left out. Each guide's keywords (aliases, everyday words) wait for its entries."""
        # As text, like material's own fields: its index holds HTML, and a word typed into a guide must stay a word.
        self.keywords = {paths.url_of(paths.guide_page(g)): WORD_SEPARATOR.join(map(attribute, words))
                         for g in catalogue.guides if (words := keywords(g, self.everyday))}
        citizens = {paths.guide_page(g) for g in catalogue.guides} | {paths.department_page(d) for d in catalogue.departments}
        return {path: _excluded(page) if path.endswith(".md") and path not in citizens and isinstance(page, str) else page
                for path, page in pages.items()}

    def start_helper(self, pages: list[Page], jobs: int | None) -> None:
        """Once every page is read (on_env): a second process indexes some of `pages`, those material's search will
        parse in this build, while this one renders (two_ends.py)."""
        if self.index is None:
            return
        todo = [page for page in pages if not (page.meta.get("search") or {}).get("exclude")]
        self.places = {page.file.src_uri: place for place, page in enumerate(todo)}
        self.helper.start(len(todo), lambda place: (self._entries_of(todo[place]), None), jobs)

    def page_indexing(self, page: Page, stored: Written | Span | None = None, *, kept: bool = False) -> None:
        """Before material's search reads a page: without what it would parse only to leave out or to index twice —
        the print sheet (`data-search-exclude`), the flow chart's labels (the numbered steps below say the same) and
        the situation chooser's data (an attribute). A guide page is then about half as long to parse; it gets them
        back in `page_indexed`. A page whose entries are made already (`stored` by page_cache, or by the helper) is
        kept from material's search (`search: exclude` for this event), and its content held back whole where that
        changes nothing (no `data-search-` attribute to strip), sparing material's pass over it; that of a page whose file
        is `kept` as it is, unread."""
        if stored is None and (place := self.places.get(page.file.src_uri)) is not None:
            made = self.helper.take(place)
            stored = Written(made[0]) if made is not None else None
        self.ready = stored
        if self.ready is None:
            self._strip(page)
            return
        self.held_meta, page.meta = page.meta, {**page.meta, "search": {"exclude": True}}
        if kept:  # its file is left as it is (kept_pages.py): its content is not put out, nor read for this
            self.held, page.content = content_as_held(page), ""
            return
        content = page.content or ""
        if "data-search-" not in content or holds_unindexed(content):  # material would strip nothing, or it is undone
            self.held, page.content = page.content, ""

    def _strip(self, page: Page) -> None:
        content = page.content or ""
        kept = without_unindexed(content)
        if len(kept) < len(content):
            self.held, page.content = content, kept

    def page_indexed(self, page: Page) -> Written | Span:
        """After material's search added a page's entries: their sub-words, and a guide's keywords on its page entry.
        Returns the page's entries as the index file holds them, which join the index in that form (made ones wait
        in the index file's spool); those of a page made already join it as they are (their words and keywords are in
        already; a stored page's as written)."""
        added = self._entries(page)
        if self.index is not None:
            self.index.entries.append(self.file.spool(added) if isinstance(added, Written) and self.file is not None else added)
            self.indexed = len(self.index.entries)
        return added

    def _entries(self, page: Page) -> Written | Span:
        self._give_back(page)
        if self.index is None:
            return Written()
        added = self.ready
        self.ready = None
        if added is None:
            found = self.index.entries[self.indexed:]
            if self.sub_words:
                add_words(found)
            for entry in found:
                words = self.keywords.get(entry.get("location", ""))
                if words:
                    entry[KEYWORDS] = words
            added = written(found)
            del self.index.entries[self.indexed:]
        if isinstance(added, Written):
            added.page = page.file.dest_uri
        return added

    def _entries_of(self, page: Page) -> str:
        """The page's entries as material's search and `page_indexed` make them, in the helper's process."""
        self.ready = None
        self._strip(page)
        self.index.add_entry_from_context(page)
        entries = str(self._entries(page))
        self.index.entries.clear()
        self.indexed = 0
        return entries

    def _give_back(self, page: Page) -> None:
        """The page's whole content and front matter, held back from material's search in `page_indexing`."""
        if self.held is not None:
            page.content, self.held = self.held, None
        if self.held_meta is not None:
            page.meta, self.held_meta = self.held_meta, None

    def finish(self) -> None:
        self.helper.stop()
        self.places = {}
        if self.helper.helped:
            log.info(f"搜索索引：{self.helper.helped} 个页面由第二个进程建立。")

    def close(self) -> None:
        """The build ended, or failed: the helper stops where it is (after `finish`, it is gone already)."""
        self.helper.stop()

    def settings(self) -> dict[str, Any]:
        """What the entries depend on besides the pages: material's search settings and ours."""
        search = {} if self.index is None else dict(self.index.config)
        return {"backend": "builtin", "sub_words": self.sub_words, "search": search}

    def page_extras(self) -> dict[str, str]:
        """What a page's entries hold besides its content, by page address: a guide's keywords."""
        return self.keywords

    def page_written(self, output: str, src_uri: str) -> str:
        return output

    def site_written(self, site_dir: str) -> None:
        if self.file is not None:
            self.file.move()

    def spans(self) -> dict[str, tuple[int, int]]:
        """Where each page's entries are in the index file written (by the page's file in the site)."""
        return self.file.spans if self.file is not None else {}


def _excluded(markdown: str) -> str:
    """The page with material's `search: exclude` in its front matter; a page written as HTML keeps front matter as
    `front_matter` writes it, which html_pages.py reads without a YAML parser (10 000 flow pages at 10 000 guides)."""
    if markdown.startswith("---\n") and "\nsearch:\n  exclude: true\n" in markdown[:markdown.find("\n---\n", 3) + 1]:
        return markdown  # excluded already (a flow page): not copied
    read = read_html_front_matter(markdown)
    if read is not None:
        body, front = read
        return front_matter(front.get("title", ""), description=front.get("description", ""), searchable=False, html=True) + body
    if markdown.startswith("---\n"):
        return "---\nsearch:\n  exclude: true\n" + markdown[4:]
    return "---\nsearch:\n  exclude: true\n---\n\n" + markdown
