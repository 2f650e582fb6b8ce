"""The Pagefind search backend (`guides: {search: pagefind}`): a fragmented index for big catalogues.

The pages it needs (the home page's form, a search/ page) and the markup on each indexed page come
from site/pagefind.py; this unit hands them to mkdocs and runs the indexer on the finished site.
Material's own search plugin must then not be listed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..model import Catalogue, Guide
from ..site import pagefind, paths
from ..site.everyday import Everyday
from ..site.render import Pages
from .builtin_search import material_search
from .index_file import Span, Written

log = logging.getLogger("mkdocs.plugins.guides")


class PagefindSearch:
    def __init__(self, config: MkDocsConfig, *, everyday: Everyday) -> None:
        if material_search(config) is not None:
            raise PluginError("mkdocs.yml 中 guides 插件设置了 search: pagefind，就不能同时启用 material 的 search 插件："
                              "请从 plugins 中删去 search。")
        if pagefind.executable() is None:
            raise PluginError("search: pagefind 需要 Pagefind 的扩展版（可切分中文）：pip install 'pagefind[extended]'。")
        config.extra_javascript.append(pagefind.SCRIPT)
        self.marks: dict[str, str] = {}  # indexed page → its filter markup
        self.everyday = everyday

    def pages(self, pages: Pages, catalogue: Catalogue[Guide]) -> Pages:
        """The site's pages with Pagefind's: the home page's form leads to search/ without JavaScript."""
        self.marks = pagefind.page_marks(catalogue, self.everyday)
        return {**pages, paths.HOME: pagefind.home_form_to_search_page(str(pages[paths.HOME])), pagefind.SEARCH_PAGE: pagefind.search_page()}

    def start_helper(self, pages: list[Page], jobs: int | None) -> None:
        pass  # Pagefind reads the written pages

    def page_indexing(self, page: Page, stored: Written | Span | None = None) -> None:
        pass

    def page_indexed(self, page: Page) -> list[dict[str, Any]] | Written:
        return []

    def finish(self) -> None:
        pass

    def settings(self) -> dict[str, Any]:
        return {"backend": "pagefind"}

    def page_extras(self) -> dict[str, str]:
        """A page's marks, by page address: they go in after the page is put out (page_written), so that a stored
        page gets them too; a page's file kept as it is (kept_pages.py) has them already."""
        return {paths.url_of(path): marks for path, marks in self.marks.items()}

    def page_written(self, output: str, src_uri: str) -> str:
        marks = self.marks.get(src_uri)
        return output if marks is None else pagefind.mark_page(output, marks)

    def spans(self) -> dict[str, tuple[int, int]]:
        return {}  # no index file of ours

    def site_written(self, site_dir: str) -> None:
        """Index the finished site (every other plugin has written its files)."""
        binary = pagefind.executable()
        done = pagefind.index_site(Path(site_dir), binary, self.marks) if binary else None
        if done is None or done.returncode != 0:
            raise PluginError(f"Pagefind 没能生成搜索索引：\n{done.stdout + done.stderr if done else '找不到 Pagefind'}")
        log.info(f"Pagefind 已为 {len(self.marks)} 个页面生成搜索索引。")
