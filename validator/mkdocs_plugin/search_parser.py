"""Material's search parser, fed by a tokenizer for well-formed HTML: the same sections, at a fraction of the cost.

Material's search divides each page's HTML into sections with a subclass of the standard library's `HTMLParser`,
whose tokenizer (a Python loop of regular expressions, char by char around each tag) is about half of the time the
index takes (~4 ms of a guide page's 8 ms). The HTML of our pages, and what Python-Markdown writes, is regular: text
without a raw `<`, and tags whose attributes are quoted. `FastParser.feed` reads such a page with one regular
expression and calls material's own `handle_starttag`, `handle_endtag` and `handle_data` in the order, and with the
arguments, `HTMLParser` would (names lowercased, character references resolved in text and attribute values, a
self-closing tag as a start and an end, one text call between two tags). Anything else — a comment, a doctype, a
`<script>` or `<style>` (whose content HTMLParser reads raw), an unquoted attribute, a `<` that starts no tag — and
the whole page goes to `HTMLParser` as before. tests/test_search_parser.py holds the two to the same sections on
every page of the sample site and on markup made to differ.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

_TOKEN = re.compile(
    r"(?P<text>[^<]+)"
    r"|</(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"
    r"|<(?P<start>[a-zA-Z][-.a-zA-Z0-9:_]*)(?P<attrs>(?:\s+[a-zA-Z_:][-.a-zA-Z0-9:_]*(?:\s*=\s*\"[^\"]*\")?)*)\s*(?P<close>/?)>")
_ATTR = re.compile(r"([a-zA-Z_:][-.a-zA-Z0-9:_]*)(?:\s*=\s*\"([^\"]*)\")?")
_RAW = ("script", "style")  # HTMLParser reads their content as raw text: left to it


def tokens(html: str) -> list[tuple[str, Any, Any]] | None:
    """The parser's calls for `html`, in order: ("start", tag, attrs), ("end", tag, None), ("data", text, None);
    None when the HTML is not of the regular kind this tokenizer reads exactly as HTMLParser does."""
    found: list[tuple[str, Any, Any]] = []
    position, length = 0, len(html)
    while position < length:
        match = _TOKEN.match(html, position)
        if match is None:
            return None
        position = match.end()
        text, end, start = match.group("text", "end", "start")
        if text is not None:
            found.append(("data", unescape(text) if "&" in text else text, None))
        elif end is not None:
            found.append(("end", end.lower(), None))
        else:
            tag = start.lower()
            if tag in _RAW:
                return None
            attrs = [(name.lower(), None if value is None else unescape(value) if "&" in value else value)
                     for name, value in _ATTR.findall(match.group("attrs"))] if match.group("attrs") else []
            found.append(("start", tag, attrs))
            if match.group("close"):
                found.append(("end", tag, None))
    return found


def fast_parser(base: type) -> type:
    """Material's `Parser` class with the fast `feed`."""

    class FastParser(base):  # type: ignore[misc, valid-type]
        fast = True

        def feed(self, data: str) -> None:
            found = tokens(data) if not self.rawdata else None  # mid-stream: HTMLParser holds state of its own
            if found is None:
                super().feed(data)
                return
            for kind, value, attrs in found:
                if kind == "data":
                    self.handle_data(value)
                elif kind == "start":
                    self.handle_starttag(value, attrs)
                else:
                    self.handle_endtag(value)

    FastParser.__name__ = FastParser.__qualname__ = f"Fast{base.__name__}"
    return FastParser
