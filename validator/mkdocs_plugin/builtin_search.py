"""The built-in search backend: material's search plugin, with Chinese sub-words and a faster segmenter.

Each index entry gets the jieba sub-words of its compounds (see site/search_words.py), added as
material indexes each page, and material segments with rjieba instead of jieba (the same words,
~100× faster) unless `jieba_dict` or `jieba_dict_user` asks for jieba itself.
"""

from __future__ import annotations

import sys
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from ..site.search_words import BOOST, FIELD, RustJieba, add_words


def material_search(config: MkDocsConfig) -> BasePlugin | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


class BuiltinSearch:
    def __init__(self, config: MkDocsConfig, *, sub_words: bool) -> None:
        self.index: Any = None  # material's SearchIndex, whose entries get the sub-words
        self.indexed = 0  # entries that have their sub-words
        search = material_search(config)
        if search is not None and getattr(search, "search_index", None) is not None:
            self._speed_up(search, sub_words)

    def _speed_up(self, search: BasePlugin, sub_words: bool) -> None:
        if sub_words:
            self.index = search.search_index
            search.search_index.config["fields"][FIELD] = {"boost": BOOST}
        module = sys.modules.get(type(search).__module__)
        # A custom jieba dictionary is loaded into jieba only: then material keeps jieba.
        if module is not None and getattr(module, "jieba", None) is not None and not (
                search.config.get("jieba_dict") or search.config.get("jieba_dict_user")):
            module.jieba = RustJieba

    def pages(self, pages: dict[str, str | bytes], catalogue: Any) -> dict[str, str | bytes]:
        return pages

    def page_indexed(self) -> None:
        """After material's search added a page's entries: give them their sub-words."""
        if self.index is not None:
            entries = self.index.entries
            add_words(entries[self.indexed:])
            self.indexed = len(entries)

    def page_written(self, output: str, src_uri: str) -> str:
        return output

    def site_written(self, site_dir: str) -> None:
        pass
