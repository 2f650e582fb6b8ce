"""The mkdocs plugin `guides`: checks the catalogue, hands the rendered pages to mkdocs in memory.

- A guide with an error stops the build before anything is written (PluginError, located
  diagnostics in Chinese), so `mkdocs build --strict` fails and no broken guide is published.
- `mkdocs build` writes into a staging folder beside `site_dir` and swaps it in only when the
  whole build succeeded: a failed build (also a `--strict` abort at the very end) leaves the
  previous output as it was, never a half-written folder.
- `mkdocs serve` watches the catalogue and the schema, and re-renders when a file changes.
- Search (`search` option): `builtin` (default) is material's search plugin, which must be listed
  in `plugins`; each index entry gets the jieba sub-words (see search_words), and material segments
  with rjieba instead of jieba (the same words, ~100× faster). `pagefind` indexes the built site with
  Pagefind (see site/pagefind.py) for catalogues too big for one index; material's `search` must
  then not be listed.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config as BaseConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .config import load_config
from .output.text import render as render_text
from .rules.legal import stale_notice
from .site import pagefind, paths, qr
from .site.build import build_site
from .site.search_words import BOOST, FIELD, RustJieba, add_words

log = logging.getLogger("mkdocs.plugins.guides")


def _folder_mode() -> int:
    """What a new folder gets under the current umask (os.umask can only be read by setting it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


class GuidesPluginConfig(BaseConfig):
    root = config_options.Type(str, default="guides")  # the catalogue, relative to mkdocs.yml
    schema = config_options.Type(str, default="schema")  # watched by `mkdocs serve`
    search_words = config_options.Type(bool, default=True)  # the jieba sub-words (builtin backend)
    search = config_options.Choice(("builtin", "pagefind"), default="builtin")


class GuidesPlugin(BasePlugin[GuidesPluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.target: Path | None = None  # the real output folder while mkdocs writes into `staging`
        self.staging: Path | None = None
        self.finished = False  # on_post_build ran: every file is written
        self.failed = False
        self.search_index = None  # material's SearchIndex (builtin backend), its entries get the sub-words
        self.indexed = 0  # entries that have their sub-words
        self.pagefind_marks: dict[str, str] = {}  # indexed page → its filter markup (pagefind backend)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _folder(self, config: MkDocsConfig, name: str) -> Path:
        return Path(config.config_file_path or ".").resolve().parent / name

    @event_priority(-100)  # after every other plugin has settled site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.finished = self.failed = False
        if self.command == "build":
            self.target = Path(config.site_dir).resolve()
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-", dir=self.target.parent))
            self.staging.chmod(_folder_mode())  # mkdtemp's 0700 would hide the site from the web server
            config.site_dir = str(self.staging)
        self.search_index, self.indexed = None, 0
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if self.config.search == "pagefind":
            if search is not None:
                raise PluginError("mkdocs.yml 中 guides 插件设置了 search: pagefind，就不能同时启用 material 的 search 插件："
                                  "请从 plugins 中删去 search。")
            if pagefind.executable() is None:
                raise PluginError("search: pagefind 需要 Pagefind 的扩展版（可切分中文）：pip install 'pagefind[extended]'。")
            config.extra_javascript.append(pagefind.SCRIPT)
        elif search is not None and getattr(search, "search_index", None) is not None:
            self._speed_up(search)
        return config

    def _speed_up(self, search: BasePlugin) -> None:
        """Material's search (builtin backend): sub-words in the index, rjieba for its segmenting."""
        if self.config.search_words:
            self.search_index = search.search_index
            search.search_index.config["fields"][FIELD] = {"boost": BOOST}
        module = sys.modules.get(type(search).__module__)
        # A custom jieba dictionary is loaded into jieba only: then material keeps jieba.
        if module is not None and getattr(module, "jieba", None) is not None and not (
                search.config.get("jieba_dict") or search.config.get("jieba_dict_user")):
            module.jieba = RustJieba

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = self._folder(config, self.config.root)
        if not root.is_dir():
            raise PluginError(f"找不到办事指南文件夹 {root}（mkdocs.yml 中 guides 插件的 root 设置）。")
        config_of_root = load_config(root.parent)
        built = build_site(root, config=config_of_root, site_name=config.site_name, site_url=config.site_url or "")
        run = built.run
        if self.command == "build":
            qr.forget()  # kept for `mkdocs serve`'s rebuilds only
        if run.errors:
            raise PluginError(f"办事指南有 {run.errors} 个错误，网站没有生成。请改正后重新构建：\n\n{render_text(run)}")
        if run.warnings:  # warnings are for the authors, not a reason to hold back the site (nor --strict)
            log.info(f"办事指南有 {run.warnings} 条警告，运行 `guides check` 查看。")
        notice = stale_notice(run.laws, config_of_root.laws_max_age) if config_of_root.enabled("L108") else None
        if notice:  # information, not a warning: --strict must not fail on the registry's age
            log.info(notice)
        pages = built.pages
        if self.config.search == "pagefind":
            pages = {**pages, paths.HOME: pagefind.home_page(str(pages[paths.HOME])), pagefind.SEARCH_PAGE: pagefind.search_page()}
            self.pagefind_marks = pagefind.page_marks(run.catalogue)
        for path, content in pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"生成的页面 {path} 与 docs_dir 中的同名文件冲突，请改名或删除手写的文件。")
            files.append(File.generated(config, path, content=content))
        log.info(f"已生成 {len(run.catalogue.guides)} 个事项的办事指南页面。")
        return files

    @event_priority(-100)  # after material's search plugin has added the page's entries
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        if self.search_index is not None:
            entries = self.search_index.entries
            add_words(entries[self.indexed:])
            self.indexed = len(entries)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        marks = self.pagefind_marks.get(page.file.src_uri)
        return output if marks is None else pagefind.mark_page(output, marks)

    @event_priority(-100)  # after every other plugin has written its files: Pagefind reads the finished pages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search == "pagefind":
            binary = pagefind.executable()
            done = pagefind.index_site(Path(config.site_dir), binary) if binary else None
            if done is None or done.returncode != 0:
                raise PluginError(f"Pagefind 没能生成搜索索引：\n{done.stdout + done.stderr if done else '找不到 Pagefind'}")
            log.info(f"Pagefind 已为 {len(self.pagefind_marks)} 个页面生成搜索索引。")
        self.finished = True

    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True

    def on_shutdown(self) -> None:
        """Swap the staging folder in only after a complete build; otherwise throw it away."""
        staging, target = self.staging, self.target
        if staging is None or target is None:
            return
        self.staging = self.target = None
        if self.failed or not self.finished or not staging.is_dir():  # an error, --strict or Ctrl-C
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            target.rename(old / target.name)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        log.info(f"网站已写入 {target}")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        for name in (self.config.root, self.config.schema):
            folder = self._folder(config, name)
            if folder.is_dir():
                server.watch(str(folder))
        return server
