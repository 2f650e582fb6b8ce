"""The mkdocs plugin `guides`: checks the catalogue, hands the rendered pages to mkdocs in memory.

- A guide with an error stops the build before anything is written (PluginError, located
  diagnostics in Chinese), so `mkdocs build --strict` fails and no broken guide is published.
- `mkdocs build` writes into a staging folder beside `site_dir` and swaps it in only when the
  whole build succeeded: a failed build (also a `--strict` abort at the very end) leaves the
  previous output as it was, never a half-written folder. SIGTERM cleans up as Ctrl-C does; the
  folders of a build killed outright (SIGKILL, a lost runner) are removed by the next build, which
  tells them from those of a build still running by the lock each build holds on its folder.
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
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: leftovers of killed builds stay (SIGTERM still cleans up)
    fcntl = None  # type: ignore[assignment]

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
from .site import pagefind, paths, qr
from .site.build import build_site
from .site.search_words import BOOST, FIELD, RustJieba, add_words

log = logging.getLogger("mkdocs.plugins.guides")


# -- staging folders: beside the output, one per build, locked while the build runs ----------------------------

def _staging_prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}.building-", f".{target.name}.old-"


def _held_folder(target: Path, prefix: str) -> tuple[Path, int | None]:
    """A new folder `<prefix>XXXX` beside `target`, locked (flock on the folder itself) until the returned descriptor
    is closed or the process dies, however it dies."""
    while True:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        if fcntl is None:
            return folder, None
        descriptor = os.open(folder, os.O_RDONLY)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if folder.is_dir():  # not taken for a leftover between mkdtemp and the lock by another build's clearing
            return folder, descriptor
        os.close(descriptor)


def _clear_leftovers(target: Path) -> None:
    """Remove the staging and old folders beside `target` that no running build holds: those of killed builds.
    Folders of older versions (not locked) count as leftovers too."""
    if fcntl is None or not target.parent.is_dir():
        return
    for folder in target.parent.iterdir():
        if not folder.name.startswith(_staging_prefixes(target)) or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: a build still running
            os.close(descriptor)
            continue
        previous = folder / target.name  # an old folder holds the last good site while it is swapped
        if folder.name.startswith(_staging_prefixes(target)[1]) and previous.is_dir() and not target.exists():
            previous.rename(target)  # killed in the middle of the swap: put the last good site back
        shutil.rmtree(folder, ignore_errors=True)
        os.close(descriptor)


def _release(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)


def _terminate_as_interrupt() -> Any:
    """SIGTERM (a cancelled CI job) unwinds the build like Ctrl-C, so that on_shutdown removes the staging folder.
    Returns the previous handler, to put back; None where signals cannot be set (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


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
        self.lock: int | None = None  # the descriptor holding the staging folder's lock
        self.sigterm: Any = None  # the SIGTERM handler to put back after the build
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
            self.sigterm = _terminate_as_interrupt()
            _clear_leftovers(self.target)
            self.staging, self.lock = _held_folder(self.target, _staging_prefixes(self.target)[0])
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
        built = build_site(root, config=load_config(root.parent), site_name=config.site_name, site_url=config.site_url or "")
        run = built.run
        if self.command == "build":
            qr.forget()  # kept for `mkdocs serve`'s rebuilds only
        if run.errors:
            raise PluginError(f"办事指南有 {run.errors} 个错误，网站没有生成。请改正后重新构建：\n\n{render_text(run)}")
        if run.warnings:  # warnings are for the authors, not a reason to hold back the site (nor --strict)
            log.info(f"办事指南有 {run.warnings} 条警告，运行 `guides check` 查看。")
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
        staging, target, lock = self.staging, self.target, self.lock
        if staging is None or target is None:
            return
        self.staging = self.target = self.lock = None
        try:
            if self.failed or not self.finished or not staging.is_dir():  # an error, --strict, Ctrl-C or SIGTERM
                shutil.rmtree(staging, ignore_errors=True)
                return
            old, old_lock = None, None
            if target.exists():
                old, old_lock = _held_folder(target, _staging_prefixes(target)[1])
                target.rename(old / target.name)
            staging.rename(target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
                _release(old_lock)
            log.info(f"网站已写入 {target}")
        finally:
            _release(lock)
            if self.sigterm is not None:
                signal.signal(signal.SIGTERM, self.sigterm)
                self.sigterm = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        for name in (self.config.root, self.config.schema):
            folder = self._folder(config, name)
            if folder.is_dir():
                server.watch(str(folder))
        return server
