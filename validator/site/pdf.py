"""Print-ready PDFs of the window cards and the service-point posters, made from the pages the site shows.

A page's Markdown (what the plugin hands mkdocs) becomes HTML with the site's Markdown extensions and is laid
out by WeasyPrint with the site's own print stylesheet (site/assets/cards.css, posters.css), so the PDF, the
browser's print of the page and the page itself never disagree. Relative links resolve against the page's
address on the site, so a link in the PDF opens the live guide.

WeasyPrint is an optional dependency (`pip install '.[print]'`): it needs Pango and, for Chinese, a CJK font
from the system (Debian: fonts-noto-cjk or fonts-wqy-zenhei). Without such a font every character would
print as a box, so that is checked first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from ..errors import UsageError
from . import cards, paths, posters

# The site's Markdown extensions that these pages use (mkdocs.yml's markdown_extensions).
EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition")
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
# material's colour variables that the print stylesheets use, with what material gives them on paper.
THEME = ":root { --md-default-fg-color--light: #555; --md-default-fg-color--lighter: #999; }"


@dataclass(frozen=True)
class Printed:
    """One kind of printed page: its folder in the site and the stylesheet (under docs_dir) that lays it out."""

    folder: str
    stylesheet: str
    what: str
    marker: str  # in a page that has something to print: a department with no card gets no blank sheet


KINDS = (Printed(cards.FOLDER, "assets/cards.css", "窗口卡片", 'class="window-card"'),
         Printed(posters.FOLDER, "assets/posters.css", "公开栏", 'class="poster"'))


def printed_pages(pages: Mapping[str, object]) -> list[tuple[str, Printed]]:
    """Every department's cards page and every service point's poster page that has something on it, in path order."""
    found = []
    for path in sorted(pages):
        for kind in KINDS:
            page = pages[path]
            if path.startswith(kind.folder + "/") and path != f"{kind.folder}/index.md" and isinstance(page, str) and kind.marker in page:
                found.append((path, kind))
    return found


def _body(page: str) -> str:
    """The page's Markdown without its front matter (blocks.page writes it)."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 4)
        if end != -1:
            return page[end + 5:]
    return page


def document(page: str, stylesheet: str) -> str:
    """A standalone HTML document of a generated page, in the DOM shape the site's print CSS selects on."""
    html = markdown.markdown(_body(page), extensions=list(EXTENSIONS))
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<style>{THEME}\nhtml {{ font-family: {FONTS}; font-size: 20px; }}\n{stylesheet}</style></head>"
            f'<body><div class="md-content"><article class="md-content__inner md-typeset">{html}</article></div></body></html>')


def page_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + paths.url_of(path) if site_url else ""


def has_chinese_font() -> bool:
    """Whether fontconfig knows a font that covers Chinese; True when fontconfig's tools are absent (unknown)."""
    if shutil.which("fc-list") is None:
        return True
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def renderer():  # noqa: ANN201 - weasyprint.HTML, imported only when printing
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the package is there but Pango is not
        raise UsageError("无法生成 PDF：需要 WeasyPrint 和 Pango。\n"
                         "  提示：运行 `pip install '.[print]'`；Debian 上还需 `apt install libpango-1.0-0 libpangoft2-1.0-0`。"
                         f"（{type(exc).__name__}：{exc}）") from None
    if not has_chinese_font():
        raise UsageError("无法生成 PDF：系统没有中文字体，打印出来的字会是方框。\n"
                         "  提示：Debian 上运行 `apt install fonts-noto-cjk`（或 fonts-wqy-zenhei），然后重试。")
    return HTML


def write_pdfs(pages: Mapping[str, object], html: Any, *, docs_dir: Path, site_url: str, out: Path) -> list[Path]:
    """Every printed page as out/<folder>/<name>.pdf, laid out by `html` (`renderer()`); returns the files written."""
    styles: dict[str, str] = {}
    written = []
    for path, kind in printed_pages(pages):
        if kind.stylesheet not in styles:
            try:
                styles[kind.stylesheet] = (docs_dir / kind.stylesheet).read_text(encoding="utf-8")
            except OSError:
                raise UsageError(f"找不到{kind.what}的打印样式 {docs_dir / kind.stylesheet}。\n"
                                 "  提示：在项目根目录（mkdocs.yml 所在的文件夹）运行 `guides print`。") from None
        page = pages[path]
        assert isinstance(page, str)  # printed_pages keeps text pages only
        target = out / re.sub(r"\.md$", ".pdf", path)
        target.parent.mkdir(parents=True, exist_ok=True)
        # base_url: relative links (a poster's item names) resolve to the page's address on the live site
        html(string=document(page, styles[kind.stylesheet]), base_url=page_url(site_url, path) or None).write_pdf(target)
        written.append(target)
    return written
