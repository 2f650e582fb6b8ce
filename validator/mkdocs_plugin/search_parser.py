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

Material's handlers then spend most of their time comparing its `Element`s, whose equality and hash are Python
methods that compare tags: `skip.intersection(context)` hashes every open element for every tag and text, and
`section.el in context` compares each. `_FastHandlers` keeps the open elements' tags beside them and asks the same
questions of the tags, in C (~0.3 ms of a guide page's ~1.4 ms). It holds material's logic line for line, so it is
used only with the handlers it was written from (`MATERIAL_HANDLERS`, a digest of their code): another material
keeps its own, and the test says so.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
from html import escape, unescape
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


MATERIAL_HANDLERS = "f6440fb85fa8a6f4"  # mkdocs-material 9.8: Parser's __init__ and handlers, Element and Section, comments aside
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))


def handlers_digest(base: type) -> str:
    """The digest of material's parser logic that `_FastHandlers` was written from."""
    module = sys.modules[base.__module__]
    parts = (base.__init__, base.handle_starttag, base.handle_endtag, base.handle_data, module.Element, module.Section)
    try:
        source = "".join(inspect.getsource(part) for part in parts)
    except (OSError, TypeError):  # no source to compare: material's own handlers
        return ""
    code = [line for line in (_COMMENT.sub("", line).rstrip() for line in source.splitlines()) if line.strip()]
    return hashlib.sha256("\n".join(code).encode()).hexdigest()[:16]


# A comment: a whole line, or the end of one when what follows `#` holds no quote (`"#".join(…)` is code). Only
# the code counts: a material that rewords its comments keeps the fast handlers.
_COMMENT = re.compile(r"\s*#[^\"'\n]*$")


def _fast_handlers(base: type) -> type:
    """Material's handlers (plugins/search/plugin.py), asking of the open elements' tags (`tags`, beside `context`)
    what material asks of its `Element`s, which compare and hash as their tags."""
    module = sys.modules[base.__module__]
    element, section_class, void = module.Element, module.Section, module.void

    class FastHandlers(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tags: list[str] = []  # the tag of each element in `context`

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            attrs = dict(attrs)
            el = element(tag, attrs)
            if tag in void:
                return
            self.context.append(el)
            self.tags.append(tag)
            if tag in _HEADINGS:
                depth = len(self.context)
                if "id" in attrs:
                    if tag != "h1" and not self.data:
                        self.section = section_class(element("hx"), depth)
                        self.data.append(self.section)
                    self.section = section_class(el, depth)
                    if self.data:
                        self.section.id = attrs["id"]
                    self.data.append(self.section)
            if not self.section:
                self.section = section_class(element("hx"))
                self.data.append(self.section)
            for key, value in attrs.items():
                if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                    self.skip.add(el)
                    return
            if tag in self.keep and self.skip.isdisjoint(self.tags):
                data = self.section.title if self.section.el.tag in self.tags else self.section.text
                data.append(f"<{tag}>")

        def handle_endtag(self, tag: str) -> None:
            if not self.tags or self.tags[-1] != tag:
                return
            if self.section.depth > len(self.context):
                for section in reversed(self.data):
                    if section.depth <= len(self.context):
                        self.section.depth = float("inf")
                        self.section = section
                        break
            el = self.context.pop()
            self.tags.pop()
            if el in self.skip:
                if el.tag not in ("script", "style", "object"):
                    self.skip.remove(el)
                return
            if tag in self.keep and self.skip.isdisjoint(self.tags):
                data = self.section.title if self.section.el.tag in self.tags else self.section.text
                index = data.index(f"<{tag}>")
                for i in range(index + 1, len(data)):
                    if not data[i].isspace():
                        index = len(data)
                        break
                if len(data) > index:
                    del data[index:]
                else:
                    data.append(f"</{tag}>")

        def handle_data(self, data: str) -> None:
            if not self.skip.isdisjoint(self.tags):
                return
            pre = "pre" in self.tags
            if not pre:
                data = data.replace("\n", " ") if not data.isspace() else " "
            if not self.section:
                self.section = section_class(element("hx"))
                self.data.append(self.section)
            section = self.section
            if section.el.tag in self.tags:
                if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                    section.title.append(escape(data, quote=False))
            elif data.isspace():
                if not section.text or not section.text[-1].isspace() or pre:
                    section.text.append(data)
            else:
                section.text.append(escape(data, quote=False))

    return FastHandlers


def fast_parser(base: type) -> type:
    """Material's `Parser` class with the fast `feed`, and the fast handlers where material's are the ones they
    were written from."""
    handlers = _fast_handlers(base) if handlers_digest(base) == MATERIAL_HANDLERS else base

    class FastParser(handlers):  # type: ignore[misc, valid-type]
        fast = True
        fast_handlers = handlers is not base

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
