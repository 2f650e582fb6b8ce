"""HTML building blocks for the generated pages that skip Markdown (the guide pages: one per item, most of a build).

The renderer knows every element of such a page, so it writes the HTML Python-Markdown would have made of it
(same tags, classes and heading ids, so the theme, the search and the tests see the same page) instead of
Markdown for mkdocs to parse back. Every argument is already escaped (`wording.escape`) or markup made here.

The page goes to mkdocs as a Markdown file whose front matter says `generated: html`; the plugin hands its body
to the theme as the page's content, with a table of contents read from its headings (`toc_tokens`). An engine
without the plugin reads the body as raw HTML blocks, which every Markdown engine passes through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pymdownx.slugs import slugify

from . import blocks

_slug = slugify(case="lower")  # mkdocs.yml's toc slugify: the ids Markdown gave the same headings


def heading(level: int, text: str, id: str = "") -> str:
    """<hN id="…">: the id given (escaped), else the slug of the heading's text, as the toc extension makes it."""
    return f'<h{level} id="{id or heading_id(text)}">{text}</h{level}>'


def heading_id(text: str) -> str:
    return _slug(html.unescape(re.sub(r"<[^>]+>", "", text)), "-")


def para(content: str, css_class: str = "") -> str:
    return f'<p class="{css_class}">{content}</p>' if css_class else f"<p>{content}</p>"


def strong(content: str) -> str:
    return f"<strong>{content}</strong>"


def link(href: str, content: str) -> str:
    return f'<a href="{href}">{content}</a>'


def bullets(items: Iterable[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"


def numbered(items: Iterable[str]) -> str:
    return "<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain table (no class: the theme styles `table:not([class])`)."""
    head = "\n".join(f"<th>{h}</th>" for h in headers)  # whitespace between cells: search reads them as words apart
    body = "".join("<tr>\n" + "\n".join(f"<td>{cell or '—'}</td>" for cell in row) + "\n</tr>\n" for row in rows)
    return f"<table>\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


def card_table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str) -> str:
    """A table that a phone shows as one card per row (.card-table in guides.css): each cell names its column."""
    head = "\n".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join("<tr>\n" + "\n".join(f'<td data-label="{h}">{cell or "—"}</td>' for h, cell in zip(headers, row, strict=True))
                   + "\n</tr>\n" for row in rows)
    return f'<table class="card-table {css_class}">\n<thead><tr>\n{head}\n</tr></thead>\n<tbody>\n{body}</tbody>\n</table>'


def admonition(kind: str, title: str, body: str, *, collapsed: bool = False) -> str:
    """The markup of `!!! kind "title"` (admonition) or a closed `??? kind` (pymdownx.details)."""
    if collapsed:
        return f'<details class="{kind}">\n<summary>{title}</summary>\n{body}\n</details>'
    return f'<div class="admonition {kind}">\n<p class="admonition-title">{title}</p>\n{body}\n</div>'


def page(title: str, *sections: str, description: str = "", searchable: bool = True) -> str:
    """A whole HTML page: the front matter of `blocks.page` with the HTML marker, then the sections.

    No blank line inside: to an engine without the plugin the body stays raw HTML, never a Markdown paragraph."""
    body = "\n".join(s.strip() for s in sections if s)
    return blocks.front_matter(title, description=description, searchable=searchable, html=True) + re.sub(r"\n\s*\n", "\n", body) + "\n"


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)


def toc_tokens(content: str) -> list[dict]:
    """The table of contents of an HTML page, as Python-Markdown's toc extension gives it to mkdocs (`get_toc`)."""
    root: list[dict] = []
    stack: list[dict] = []
    for match in _HEADING.finditer(content):
        level = int(match.group(1))
        token = {"level": level, "id": match.group(2), "name": _toc_name(match.group(3)), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


@lru_cache(maxsize=4096)  # most headings are the same on every guide page (申请材料, 办理流程): 20 000 pages at 10 000 guides
def _toc_name(heading: str) -> str:
    """A heading's text without its tags; kept escaped: the theme prints a toc title as it is (no autoescape), and a
    heading may hold a guide's name."""
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", heading)).strip(), quote=False)
