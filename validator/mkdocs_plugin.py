"""The mkdocs plugin `guides`: checks the catalogue, hands the rendered pages to mkdocs in memory.

- A guide with an error stops the build before anything is written (PluginError, located
  diagnostics in Chinese), so `mkdocs build --strict` fails and no broken guide is published.
- `mkdocs build` writes into a staging folder beside `site_dir` and swaps it in only when the
  whole build succeeded: a failed build (also a `--strict` abort at the very end) leaves the
  previous output as it was, never a half-written folder.
- `mkdocs serve` watches the catalogue and the schema, and re-renders when a file changes.
- After material's search has written its index, Chinese sub-words are added (see search_words).
"""

from __future__ import annotations

import logging
import os
import shutil
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

from .config import load_config
from .output.text import render as render_text
from .site.build import build_site
from .site.search_words import add_search_words

log = logging.getLogger("mkdocs.plugins.guides")


def _folder_mode() -> int:
    """What a new folder gets under the current umask (os.umask can only be read by setting it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


class GuidesPluginConfig(BaseConfig):
    root = config_options.Type(str, default="guides")  # the catalogue, relative to mkdocs.yml
    schema = config_options.Type(str, default="schema")  # watched by `mkdocs serve`
    search_words = config_options.Type(bool, default=True)


class GuidesPlugin(BasePlugin[GuidesPluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.target: Path | None = None  # the real output folder while mkdocs writes into `staging`
        self.staging: Path | None = None
        self.finished = False  # on_post_build ran: every file is written
        self.failed = False

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
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = self._folder(config, self.config.root)
        if not root.is_dir():
            raise PluginError(f"找不到办事指南文件夹 {root}（mkdocs.yml 中 guides 插件的 root 设置）。")
        built = build_site(root, config=load_config(root.parent), site_name=config.site_name, site_url=config.site_url or "")
        run = built.run
        if run.errors:
            raise PluginError(f"办事指南有 {run.errors} 个错误，网站没有生成。请改正后重新构建：\n\n{render_text(run)}")
        if run.warnings:  # warnings are for the authors, not a reason to hold back the site (nor --strict)
            log.info(f"办事指南有 {run.warnings} 条警告，运行 `guides check` 查看。")
        for path, content in built.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"生成的页面 {path} 与 docs_dir 中的同名文件冲突，请改名或删除手写的文件。")
            files.append(File.generated(config, path, content=content))
        log.info(f"已生成 {len(run.catalogue.guides)} 个事项的办事指南页面。")
        return files

    @event_priority(-100)  # after material's search plugin has written search/search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search_words:
            add_search_words(Path(config.site_dir) / "search" / "search_index.json")
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
