"""Check and render: the catalogue checked as `guides check` checks it, its pages handed to mkdocs in memory.

A guide with an error stops the build before anything is written (PluginError, located diagnostics
in Chinese), so `mkdocs build --strict` fails and no broken guide is published. Warnings are logged.
Under a baseline (`[tool.guides] baseline`), known problems do not stop it: a guide that loads is published,
an incomplete one with a notice of what it lacks; a file that cannot be read never is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..check.config import load_config
from ..check.loader import CODES
from ..check.result_cache import ResultCache
from ..errors import UsageError
from ..output.text import render as render_text
from ..site.build import SiteBuild, build_site
from ..site.guide_page import GuidePages
from ..site.qr import QrCodes
from ..site.render import Pages
from ..spool import Spool, Spooled
from .html_pages import SpooledFile, html_page, nav_titles, spooled_text
from .kept_pages import StaticFile

log = logging.getLogger("mkdocs.plugins.guides")
LOAD_CODES = frozenset(doc.code for doc in CODES)  # a file with one of these cannot be read: it is never published


def checked_site(root: Path, config: MkDocsConfig, popular: Sequence[str] = (), qr: QrCodes | None = None,
                 guide_pages: GuidePages | None = None, jobs: int | None = None, stored: ResultCache | None = None,
                 spool: Spool | None = None) -> SiteBuild:
    """The catalogue at `root` checked with the `[tool.guides]` settings of the project above it, and rendered
    (`qr`, `guide_pages`, `stored`: what earlier builds made; `jobs`: the check's processes; `spool`: render_site's)."""
    if not root.is_dir():
        raise PluginError(f"找不到办事指南文件夹 {root}（mkdocs.yml 中 guides 插件的 root 设置）。")
    try:
        built = build_site(root, config=load_config(root.parent), site_name=config.site_name, site_url=config.site_url or "", popular=popular,
                           qr=qr, guide_pages=guide_pages, jobs=jobs, stored=stored, spool=spool)
    except UsageError as error:  # a setting of the site that names what does not exist (常办事项)
        raise PluginError(str(error)) from None
    run = built.run
    if stored is not None and stored.reused:
        log.info(f"检查结果：{stored.reused} 个文件没有改动，沿用上次构建的检查结果。")
    if run.errors:
        raise PluginError(f"办事指南有 {run.errors} 个错误，网站没有生成。请改正后重新构建：\n\n{render_text(run)}")
    if run.warnings:  # warnings are for the authors, not a reason to hold back the site (nor --strict)
        log.info(f"办事指南有 {run.warnings} 条警告，运行 `guides check` 查看。")
    if run.known:  # under a baseline: published with a notice on each incomplete guide's page
        incomplete = sum(1 for guide in run.catalogue.guides if guide.missing)
        unread = sorted({d.path for d in run.known if d.code in LOAD_CODES})  # known, yet never published
        log.info(f"办事指南有 {len(run.known)} 条基线中已登记的已知问题；{incomplete} 个不完整的事项带“本指南尚不完整”提示发布。")
        if unread:
            log.info("以下文件无法读取，没有发布：" + "、".join(unread))
    for notice in run.notices:  # information, not a warning: --strict must not fail on the law registry's age (L108)
        log.info(notice)
    return built


def add_pages(files: Files, config: MkDocsConfig, pages: Pages, guide_pages: GuidePages | None = None) -> None:
    """Every generated page and file, in memory, or a guide page's body in the spool the renderer kept it in
    (html_pages.SpooledFile); none may shadow a hand-written one in docs_dir. Each is taken out of `pages` as it is
    added: an HTML page's file keeps its body alone (html_pages.py), and the whole text can go.
    `guide_pages`: what made or took texts by a key (GuidePages.made): an HTML page whose text is one of them (the
    very object) is known by that key, which says all its text does (html_pages.HtmlPage.made_as), and what it
    records to store keeps that page's body, not a second copy of it (GuidePages.hold_body)."""
    titles = nav_titles(config.nav)
    made = guide_pages.made if guide_pages is not None else {}
    keys = {id(text): key for key, text in made.items()}  # `made` holds each text meanwhile: an id is that text's
    for path in list(pages):
        content = pages.pop(path)
        if path in files.src_uris:  # generated paths are plain: no PurePath (0.3 s at 10 000 guides)
            raise PluginError(f"生成的页面 {path} 与 docs_dir 中的同名文件冲突，请改名或删除手写的文件。")
        key = keys.get(id(content))
        spooled = content if isinstance(content, Spooled) else None
        if spooled is not None and path.endswith(".md"):
            content = spooled_text(spooled)  # an HTML page's front matter; its body stays in the spool (SpooledFile)
        kind = (SpooledFile if spooled is not None else File) if path.endswith(".md") else StaticFile
        file = kind.generated(config, path, content=content)
        files.append(file)
        if isinstance(content, str) and path.endswith(".md"):
            html_page(file, content, config, titles, key, spooled)
            if key is not None and guide_pages is not None and spooled is None and isinstance(body := file.content_string, str):
                guide_pages.hold_body(key, body)
