"""Markdown building blocks. Every argument is already escaped (or markup we made ourselves)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


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


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (front matter is parsed by mkdocs, and the title is shown raw)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
