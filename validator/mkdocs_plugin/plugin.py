"""The mkdocs plugin `guides`: checks the catalogue, hands the rendered pages to mkdocs in memory.

It is three units, each with one job (as material's own plugins are), which this class wires to
mkdocs' events:

- `pages`: check and render (a guide with an error stops the build before anything is written);
- `staging.Staging`: `mkdocs build` writes into a staging folder swapped in only when the whole
  build succeeded, over the site swapped out the time before, or else over links to the site it replaces
  (`spare_site`);
- `html_pages.HtmlPage`: the pages the renderer wrote as HTML (the guide pages) skip Markdown;
- `page_cache.PageCache`: a rebuild renders only the pages whose inputs changed, and renders again only the
  guides whose page changes and makes only the QR codes of new addresses (`stored_maps`); it writes only the
  pages whose file differs from the one in the folder it writes over (`kept_pages`);
- `page_writer.PageWriter`: a process of its own writes each page's file while the build puts out the next;
- the search backend (`search` option): `builtin` (default) is material's search plugin, which must
  be listed in `plugins`, with Chinese sub-words and rjieba (`builtin_search`); `pagefind` indexes the
  pages with Pagefind as they are put out, for catalogues too big for one index (`pagefind_search`).

`mkdocs serve` watches the catalogue and the schema, and re-renders when a file changes.
"""

from __future__ import annotations

import atexit
import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config as BaseConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..check.cache_files import cache_folder
from ..check.result_cache import ResultCache
from ..errors import UsageError
from ..heap import map_big_blocks
from ..site import everyday
from ..site.guide_page import GuidePages
from ..site.qr import QrCodes
from ..spool import Spool
from . import stored_maps
from .builtin_search import BuiltinSearch
from .kept_pages import KeptPages, LinkedSpare, write_generated
from .memory import release_pages
from .page_cache import PageCache
from .page_writer import PageWriter
from .pagefind_search import PagefindSearch
from .pages import add_pages, checked_site
from .shared_partials import share_partials
from .staging import Staging
from .template_cache import keep_compiled

log = logging.getLogger("mkdocs.plugins.guides")


class GuidesPluginConfig(BaseConfig):
    root = config_options.Type(str, default="guides")  # the catalogue, relative to mkdocs.yml
    schema = config_options.Type(str, default="schema")  # watched by `mkdocs serve`
    search_words = config_options.Type(bool, default=True)  # the jieba sub-words (builtin backend)
    search = config_options.Choice(("builtin", "pagefind"), default="builtin")
    everyday_words = config_options.Type(str, default=everyday.FILE)  # the service centre's everyday words, beside mkdocs.yml
    popular = config_options.ListOfItems(config_options.Type(str), default=[])  # 常办事项 on the home page: guide ids
    jobs = config_options.Optional(config_options.Type(int))  # processes: the check, QR codes, search (None: every core for many), guide pages (None: one)


class GuidesPlugin(BasePlugin[GuidesPluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.staging = Staging()
        self.search: BuiltinSearch | PagefindSearch | None = None
        self.files: Files | None = None  # this build's, for release_pages
        self.nav: Navigation | None = None
        self.cache: Path | None = None  # .guides-cache/ (check/cache_files.py), None when off
        self.writer = PageWriter()
        self.page_cache = PageCache(None, self.writer)
        self.kept = KeptPages(None, None)  # the pages a build leaves as they are in the folder it writes over
        self.linking: LinkedSpare | None = None  # a spare being made of links to the site, until on_env takes it
        self.saving: list[threading.Thread] = []  # the stored maps being written (stored_maps.save_later)
        self.stores: list[stored_maps.Stored] = []  # the stored maps read, open until the build ends (pages are read from them)
        self.spool: Spool | None = None  # this build's guide pages (spool.py), until it ends

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        map_big_blocks()  # what the build frees goes back to the system as it goes (heap.py)

    def _folder(self, config: MkDocsConfig, name: str) -> Path:
        return Path(config.config_file_path or ".").resolve().parent / name

    @event_priority(-100)  # after every other plugin has settled site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.staging.start(config, build=self.command == "build", dirty=self.dirty)
        project = self._folder(config, ".")
        try:
            words = everyday.read_everyday(self._folder(config, self.config.everyday_words), project)
        except UsageError as error:
            raise PluginError(f"常用词表有问题：{error}") from None
        self.search = (PagefindSearch(config, everyday=words) if self.config.search == "pagefind"
                       else BuiltinSearch(config, sub_words=self.config.search_words, everyday=words))
        self.cache = cache_folder(self._folder(config, self.config.root))
        self.page_cache = PageCache(self.cache, self.writer)
        self.linking = self._linking()  # beside the check
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.search is not None
        codes, known_pages = stored_maps.load(self.cache, stored_maps.QR_CODES), stored_maps.load(self.cache, stored_maps.GUIDE_PAGES)
        self.stores = [codes, known_pages]  # closed when the build ends, failed or not (`mkdocs serve` builds again)
        self.spool = Spool()
        qr, guide_pages, stored = QrCodes(codes, self.config.jobs), GuidePages(known_pages), ResultCache(self.cache)  # type: ignore[arg-type]
        built = checked_site(self._folder(config, self.config.root), config, self.config.popular, qr=qr, guide_pages=guide_pages,
                             jobs=self.config.jobs, stored=stored, spool=self.spool)
        self.saving = [stored_maps.save_later(self.cache, stored_maps.QR_CODES, qr.made, codes)]
        pages = dict(self.search.pages(built.pages, built.run.catalogue))
        built.pages.clear()  # add_pages lets go of each text as mkdocs takes it
        add_pages(files, config, pages, guide_pages)
        self.saving.append(stored_maps.save_later(self.cache, stored_maps.GUIDE_PAGES, guide_pages.made, known_pages))
        self.files = files
        log.info(f"已生成 {len(built.run.catalogue.guides)} 个事项的办事指南页面。")
        if guide_pages.helped:
            log.info(f"指南页面：{guide_pages.helped} 个由第二个进程生成。")
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # every page is read; other plugins may have set up the environment
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        assert self.search is not None and self.nav is not None
        self.staging.take_spare()  # the catalogue is checked, and mkdocs writes the first file next
        self.kept = self._kept_pages(config)
        self.kept.plan_files(files)
        write_generated(files)
        env = self.page_cache.plan(env, config, files, self.nav, self.search.settings(), self.search.page_extras(), self.kept)
        keep_compiled(env, self.cache)
        share_partials(env, config, self.nav)
        # What exists now (the catalogue, every page) lives until the site is written: the collector need not walk it
        # again at every full collection (seven, 2.5 s, at 10 000 guides), and the helper's copy of it stays shared.
        gc.freeze()
        pages = [file.page for file in files.documentation_pages() if file.page is not None and not file.inclusion.is_excluded()]
        self.search.start_helper([page for page in pages if not self.page_cache.has_stored(page)], self.config.jobs)
        return env

    def _kept_pages(self, config: MkDocsConfig) -> KeptPages:
        """What this build writes over: the spare, or else one made of links to the site it replaces."""
        linking, self.linking = self.linking, None
        if self.staging.spare is not None:
            if linking is not None:  # a spare kept by a build that ended meanwhile
                linking.cancel()
            return KeptPages(self.cache, self.staging.spare)
        if linking is None:  # the spare kept was of no use (it held a symbolic link, say): links made now
            linking = self._linking()
        linked = linking.take(Path(config.site_dir)) if linking is not None else None
        return KeptPages(self.cache, *linked) if linked is not None else KeptPages(self.cache, None)

    def _linking(self) -> LinkedSpare | None:
        """A spare being made of links to the site this build replaces, where there is no spare to write over."""
        if self.cache is None or not self.staging.lends_site():
            return None
        assert self.staging.target is not None and self.staging.staging is not None
        return LinkedSpare(self.cache, self.staging.target, self.staging.staging)

    @event_priority(100)  # before material's search plugin reads the page
    def _before_search(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        assert self.search is not None
        stored = self.page_cache.before_search(page)
        self.search.page_indexing(page, stored, kept=self.page_cache.keeps)  # a stored page: material's search skips it
        return context

    @event_priority(-100)  # after material's search plugin has added the page's entries; last: the page is rendered
    def _after_search(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        assert self.search is not None
        self.page_cache.render(context, page, self.search.page_indexed(page))
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def _marked(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.search is not None
        return self.search.page_written(output, page.file.src_uri)  # empty: a kept page, not written

    @event_priority(-100)  # last: the output is final
    def _hand_over(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.writer.take(output, page)  # mkdocs writes nothing; the page writer does

    on_post_page = CombinedEvent(_marked, _hand_over)

    @event_priority(100)  # first: every other plugin finds every page written
    def _pages_written(self, *, config: MkDocsConfig) -> None:
        self.writer.finish()

    @event_priority(-100)  # after every other plugin has written its files: then Pagefind writes its index
    def _site_written(self, *, config: MkDocsConfig) -> None:
        assert self.search is not None
        if isinstance(self.search, PagefindSearch) and self.files is not None:
            release_pages(self.files)  # every page is written: the indexer need not stand beside their texts
        self.search.finish()
        self.search.site_written(config.site_dir)
        if self.page_cache.enabled:
            self.page_cache.finish()
            log.info(f"页面缓存：{self.page_cache.reused} 个页面沿用上次的渲染结果，{self.page_cache.rendered} 个重新渲染；"
                     f"{len(self.kept.kept) - self.kept.kept_files} 个页面文件与上次写入的相同，没有重写"
                     f"（另有 {self.kept.kept_files} 个生成的文件）。")
        self.kept.finish(config.site_dir, self.search.spans())
        self.staging.finish()
        self._let_go()

    on_post_build = CombinedEvent(_pages_written, _site_written)

    def _let_go(self) -> None:
        """The build is over: under `mkdocs serve`, which keeps this instance, nothing of it lives on into the next
        build (its pages would double the next build's memory, and every collection there would walk them)."""
        for thread in self.saving:  # the next build reads what they write (from the spool too)
            thread.join()
        self.saving = []
        self.writer.close()
        self._stop_linking()
        for store in self.stores:
            store.close()
        self.stores = []
        if self.spool is not None:
            self.spool.close()
            self.spool = None
        if self.search is not None:
            self.search.close()
        self.files = self.nav = self.search = None
        self.page_cache = PageCache(None, self.writer)
        self.kept.close()
        self.kept = KeptPages(None, None)
        gc.unfreeze()  # this build's objects may go

    def on_build_error(self, *, error: Exception) -> None:
        self.staging.fail()
        self._let_go()
        # mkdocs ends a failed build with its English "Aborted with a BuildError!" after every plugin hook has run;
        # the reader's last line should say in Chinese what happened: printed when the process exits, after it.
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip("：:。")
        said = reason if "没有生成" in reason else f"网站没有生成：{reason}"
        atexit.register(print, f"{said}（详见上文）。原有的网站文件夹没有改动。", file=sys.stderr)

    def on_shutdown(self) -> None:
        self.writer.close()  # a build stopped by Ctrl-C (no on_build_error): its pages are not written on
        self._stop_linking()  # nor links made in the staging folder the swap removes
        self.staging.swap()

    def _stop_linking(self) -> None:
        if self.linking is not None:
            self.linking.cancel()
            self.linking = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        for name in (self.config.root, self.config.schema):
            folder = self._folder(config, name)
            if folder.is_dir():
                server.watch(str(folder))
        return server
