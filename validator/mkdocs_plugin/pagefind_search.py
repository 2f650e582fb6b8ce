"""The Pagefind search backend (`guides: {search: pagefind}`): a fragmented index for big catalogues.

The pages it needs (the home page's form, a search/ page) and the markup on each indexed page come
from site/pagefind.py; this unit hands them to mkdocs and gives the indexer (pagefind_service.py) each indexed page as
it is put out, which writes the index once every other plugin has written its files. A page a rebuild leaves as it
was written (kept_pages.py) is read from its file when it would have been put out: the indexer gets the pages in the
same order either way, and the index (which depends on that order) is the one a fresh build writes.
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
from .pagefind_service import Indexer, IndexerError

log = logging.getLogger("mkdocs.plugins.guides")


class PagefindSearch:
    def __init__(self, config: MkDocsConfig, *, everyday: Everyday) -> None:
        if material_search(config) is not None:
            raise PluginError("mkdocs.yml 中 guides 插件设置了 search: pagefind，就不能同时启用 material 的 search 插件："
                              "请从 plugins 中删去 search。")
        binary = pagefind.executable()
        if binary is None:
            raise PluginError("search: pagefind 需要 Pagefind 的扩展版（可切分中文）：pip install 'pagefind[extended]'。")
        self.binary = binary
        config.extra_javascript.append(pagefind.SCRIPT)
        self.marks: dict[str, str] = {}  # indexed page → its filter markup
        self.everyday = everyday
        self.config = config  # its site_dir: where a kept page's file is
        self.indexer: Indexer | None = None  # this build's, from on_env to the end

    def pages(self, pages: Pages, catalogue: Catalogue[Guide]) -> Pages:
        """The site's pages with Pagefind's: the home page's form leads to search/ without JavaScript."""
        self.marks = pagefind.page_marks(catalogue, self.everyday)
        return {**pages, paths.HOME: pagefind.home_form_to_search_page(str(pages[paths.HOME])), pagefind.SEARCH_PAGE: pagefind.search_page()}

    def start_helper(self, pages: list[Page], jobs: int | None) -> None:
        """Once every page is read (on_env): the indexer starts, and reads each page as it is put out."""
        self.close()
        try:
            self.indexer = Indexer(self.binary)
        except (OSError, IndexerError) as error:
            raise PluginError(f"Pagefind 没能启动：{error}") from None

    def page_indexing(self, page: Page, stored: Written | Span | None = None, *, kept: bool = False) -> None:
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
        """A page put out, marked if it is indexed, and given to the indexer; empty: a page left as it was written
        (its file has its marks), which the indexer reads from its file."""
        marks = self.marks.get(src_uri)
        if marks is None:
            return output
        if output:
            output = pagefind.mark_page(output, marks)
        self._index(src_uri, output)
        return output

    def _index(self, src_uri: str, html: str) -> None:
        """Give the indexer the page's indexed part, from its file if `html` is empty (a page not written)."""
        name = paths.url_of(src_uri) + "index.html"  # an indexed page's file: it has a directory URL
        if not html:
            try:
                html = (Path(self.config.site_dir) / name).read_text(encoding="utf-8")
            except FileNotFoundError:
                return  # not kept: another plugin took the page out of the site
        part = pagefind.indexed_part(html)
        if part is not None and self.indexer is not None:
            try:
                self.indexer.add(name, part)
            except IndexerError as error:
                raise PluginError(f"Pagefind 没能生成搜索索引：{error}") from None

    def spans(self) -> dict[str, tuple[int, int]]:
        return {}  # no index file of ours

    def site_written(self, site_dir: str) -> None:
        """Write the index, once every other plugin has written its files."""
        if self.indexer is None:
            raise PluginError("Pagefind 没有启动。")
        try:
            indexed = self.indexer.write(Path(site_dir) / pagefind.BUNDLE)
        except IndexerError as error:
            raise PluginError(f"Pagefind 没能生成搜索索引：{error}") from None
        finally:
            self.close()
        log.info(f"Pagefind 已为 {indexed} 个页面生成搜索索引。")

    def close(self) -> None:
        """End the indexer, if one runs (the build ended, or failed)."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
