"""The only way a YAML value reaches a page: as inert text.

Every value written by a department goes through `escape` (or `link`, `mermaid_label`), so
nothing typed into a guide can become HTML, script, a Markdown link or formatting. Characters
that mean something to HTML or to Markdown (and its extensions: tables, emoji, attribute
lists, critic marks) become numeric character references. Markdown leaves references alone
and browsers show them as the character, so the page reads exactly as the clerk typed it.
"""

from __future__ import annotations

import html
import re

# HTML's own specials plus every character Markdown or a pymdownx extension gives a meaning to.
_SPECIAL = "&<>\"'\\`*_{}[]()#+!|~^=:$@"
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
# A value at the start of a line must not open a list, a quote or a heading: "1. …", "- …".
_LIST_START = re.compile(r"^(\d+)\.|^-", re.MULTILINE)
_URL = re.compile(r"^https://[^\s<>\"'`\\]+$")


def escape(value: object, *, one_line: bool = False) -> str:
    """Inert inline text: safe in a paragraph, a table cell, a list item, a heading or an HTML element.

    `one_line` joins lines with spaces, for titles and attributes where a break makes no sense. None (an element a
    partial guide lacks) is shown as nothing.
    """
    text = "" if value is None else str(value).strip()
    if one_line:
        text = " ".join(text.split())
    text = text.translate(_TABLE)
    text = _LIST_START.sub(lambda m: f"{m.group(1)}&#46;" if m.group(1) else "&#45;", text)
    # A line break in a value is kept as a break, never as a new Markdown block.
    return re.sub(r"\s*\n\s*", "<br>", text)


def attribute(value: object) -> str:
    """A value inside a double-quoted HTML attribute. `=` too becomes a reference: the browser reads the same
    value, and no text in it looks like a handler (`onerror=`) to anything that scans the markup."""
    return html.escape(str(value), quote=True).replace("=", "&#61;")


def is_https(url: str | None) -> bool:
    return bool(url) and _URL.match(url) is not None  # type: ignore[arg-type]


def link(url: str | None, text: object | None = None) -> str:
    """A link only for a plain https address; anything else is shown as text, never followed."""
    label = escape(text if text is not None else url or "")
    if not is_https(url):
        return label
    return f'<a href="{attribute(url)}">{label}</a>'


# A cell starting with one of these is a formula to a spreadsheet; a leading ' keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is, never runs as a formula (`=HYPERLINK(…)`)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


_PHONE = re.compile(r"^[0-9][0-9-]{2,19}$")


def tel(number: str) -> str:
    """A phone number a phone can dial by tapping it; anything that is not digits stays text."""
    if not _PHONE.match(number):
        return escape(number)
    return f'<a href="tel:{number}">{escape(number)}</a>'
