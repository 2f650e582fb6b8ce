"""Markdown building blocks. Every argument is already escaped (or markup we made ourselves)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table: the first row becomes header cells (<th>) for screen readers."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def card_table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str) -> str:
    """A table that a phone shows as one card per row (see .card-table in guides.css).

    Written as HTML so each cell can carry its column name (data-label) for the card view;
    md_in_html still renders the Markdown inside the cells (links, emphasis).
    """
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "\n".join(
        '<tr markdown="1">' + "".join(f'<td data-label="{h}" markdown="span">{cell or "—"}</td>' for h, cell in zip(headers, row, strict=True))
        + "</tr>" for row in rows)
    return (f'<table class="card-table {css_class}" markdown="1">\n<thead><tr>{head}</tr></thead>\n'
            f'<tbody markdown="1">\n{body}\n</tbody>\n</table>')


def admonition(kind: str, title: str, body: str, *, collapsed: bool = False) -> str:
    """`!!! kind "title"` (or a closed `??? kind` block); the body is indented under it."""
    marker = "???" if collapsed else "!!!"
    inner = "\n".join("    " + line if line else "" for line in body.splitlines())
    return f'{marker} {kind} "{title}"\n\n{inner}'


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def page(title: str, *sections: str, description: str = "", searchable: bool = True) -> str:
    """A whole page: front matter (title for the browser tab and search), then the sections.

    `searchable=False` keeps a page out of the search index (material's `search: exclude`): a print or list
    page that repeats guide names would otherwise rank above the guides themselves."""
    return front_matter(title, description=description, searchable=searchable) + "\n\n".join(s for s in sections if s) + "\n"


HTML_KEY, HTML_VALUE = "generated", "html"  # the front matter that marks a page whose body is HTML (markup.py)


def front_matter(title: str, *, description: str = "", searchable: bool = True, html: bool = False) -> str:
    """The page's YAML front matter and the blank line after it; "" for a page with none."""
    front = [f"title: {_yaml_text(title)}"] if title else []
    if description:
        front.append(f"description: {_yaml_text(description)}")
    if not searchable:
        front.append("search:\n  exclude: true")
    if html:
        front.append(f"{HTML_KEY}: {HTML_VALUE}")
    return "---\n" + "\n".join(front) + "\n---\n\n" if front else ""


# A double-quoted value as `_yaml_text` writes it, of the characters YAML reads as themselves in one (no line breaks,
# controls, BOM or surrogates): the escapes are `\\` and `\"` alone.
_QUOTED = r'"((?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]|\\[\\"])*)"'
_FRONT = re.compile(rf'---\n(?:title: {_QUOTED}\n)?(?:description: {_QUOTED}\n)?(search:\n  exclude: true\n)?'
                    rf'{HTML_KEY}: {HTML_VALUE}\n---\n\n*')
_ESCAPED = re.compile(r'\\(.)')


def read_html_front_matter(text: str) -> tuple[str, dict[str, Any]] | None:
    """(body, front matter) of a page whose front matter `front_matter(..., html=True)` wrote, as YAML reads it
    (mkdocs' `meta.get_data`), without a YAML parser (20 000 pages at 10 000 guides); None for any other text."""
    found = _FRONT.match(text)
    if found is None:
        return None
    title, description, excluded = found.groups()
    data: dict[str, Any] = {}
    if title is not None:
        data["title"] = _ESCAPED.sub(r"\1", title)
    if description is not None:
        data["description"] = _ESCAPED.sub(r"\1", description)
    if excluded:
        data["search"] = {"exclude": True}
    data[HTML_KEY] = HTML_VALUE
    return text[found.end():], data


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (front matter is parsed by mkdocs, and the title is shown raw)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
