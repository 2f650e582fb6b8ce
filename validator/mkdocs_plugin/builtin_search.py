"""The built-in search backend: material's search plugin, with Chinese sub-words, a faster segmenter and tokenizer.

Each index entry gets the jieba sub-words of its compounds (see site/search_words.py), added as
material indexes each page, and material segments with rjieba instead of jieba (the same words,
~100× faster) unless `jieba_dict` or `jieba_dict_user` asks for jieba itself; its HTML parser reads
regular HTML with one regular expression (search_parser.py: the same sections, a third less time).
"""

from __future__ import annotations

import re
import sys
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from ..model import Catalogue, Guide
from ..site import paths
from ..site.everyday import Everyday, keywords
from ..site.print_sheet import OPENING as PRINT_SHEET
from ..site.search_words import BOOST, FIELD, KEYWORDS, KEYWORDS_BOOST, WORD_SEPARATOR, RustJieba, add_words
from ..wording.escape import attribute
from .search_parser import fast_parser


def material_search(config: MkDocsConfig) -> BasePlugin | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


class BuiltinSearch:
    def __init__(self, config: MkDocsConfig, *, sub_words: bool, everyday: Everyday) -> None:
        self.index: Any = None  # material's SearchIndex, whose entries get the sub-words
        self.indexed = 0  # entries that have their sub-words
        self.everyday = everyday
        self.sub_words = sub_words
        self.keywords: dict[str, str] = {}  # a guide page's location → its search keywords
        self.held: str | None = None  # the content of the page being indexed, with its print sheet
        search = material_search(config)
        if search is not None and getattr(search, "search_index", None) is not None:
            self._speed_up(search, sub_words)
            self.index = search.search_index
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

    def pages(self, pages: dict[str, str | bytes], catalogue: Catalogue[Guide]) -> dict[str, str | bytes]:
        """Only what citizens look for is indexed: guide and department pages; the indexes, the rules, the dashboard
        and the open data are left out. Each guide's keywords (aliases, everyday words) wait for its entries."""
        # As text, like material's own fields: its index holds HTML, and a word typed into a guide must stay a word.
        self.keywords = {paths.url_of(paths.guide_page(g)): WORD_SEPARATOR.join(map(attribute, words))
                         for g in catalogue.guides if (words := keywords(g, self.everyday))}
        citizens = {paths.guide_page(g) for g in catalogue.guides} | {paths.department_page(d) for d in catalogue.departments}
        return {path: _excluded(page) if path.endswith(".md") and path not in citizens and isinstance(page, str) else page
                for path, page in pages.items()}

    def page_indexing(self, page: Page, *, stored: bool = False) -> None:
        """Before material's search reads a page: without what it would parse only to leave out or to index twice —
        the print sheet (`data-search-exclude`), the flow chart's labels (the numbered steps below say the same) and
        the situation chooser's data (an attribute). A guide page is then about half as long to parse; it gets them
        back in `page_indexed`. A `stored` page (page_cache), which material's search skips, gets its content back
        whole in `page_stored` as well: nothing is left for material to strip of its `data-search-` attributes."""
        content = page.content or ""
        if stored:
            if _UNSEARCHED.search(content):
                self.held, page.content = content, ""
            return
        kept = _UNSEARCHED.sub("", content)
        if len(kept) < len(content):
            self.held = content
            page.content = kept

    def page_indexed(self, page: Page) -> list[dict[str, Any]]:
        """After material's search added a page's entries: their sub-words, and a guide's keywords on its page entry.
        Returns the page's entries."""
        self._give_back(page)
        if self.index is None:
            return []
        added = self.index.entries[self.indexed:]
        if self.sub_words:
            add_words(added)
        for entry in added:
            found = self.keywords.get(entry.get("location", ""))
            if found:
                entry[KEYWORDS] = found
        self.indexed = len(self.index.entries)
        return added

    def page_stored(self, page: Page, entries: list[dict[str, Any]]) -> None:
        """A page material's search skipped, with its entries as an earlier build made them (page_cache): their words
        and keywords are in already."""
        self._give_back(page)
        if self.index is not None:
            self.index.entries.extend(entries)
            self.indexed = len(self.index.entries)

    def _give_back(self, page: Page) -> None:
        """The page's whole content, held back from material's search in `page_indexing`."""
        if self.held is not None:
            page.content, self.held = self.held, None

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
        pass


# What the renderer writes on guide pages that search should not read (each element's whole markup, made by us:
# a print sheet holds no nested section, a chart's figure no nested figure, the chooser's div nothing).
_UNSEARCHED = re.compile("|".join([re.escape(PRINT_SHEET) + r".*?</section>", r'<figure class="flowchart">.*?</figure>',
                                   r'<div class="guide-chooser" [^>]*></div>']), re.S)


def _excluded(markdown: str) -> str:
    """The page with material's `search: exclude` in its front matter."""
    if markdown.startswith("---\n"):
        return "---\nsearch:\n  exclude: true\n" + markdown[4:]
    return "---\nsearch:\n  exclude: true\n---\n\n" + markdown
