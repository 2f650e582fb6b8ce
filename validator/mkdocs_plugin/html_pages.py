"""Pages the renderer wrote as HTML (site/markup.py: the guide pages) skip Python-Markdown.

mkdocs makes a Markdown converter, with every extension, for each page it renders, even for an empty text (about a
millisecond a page, 20 000 pages at 10 000 guides). A generated file whose front matter says `generated: html` is
given an `HtmlPage` before mkdocs makes its pages (`html_page`): its body after the front matter is its content, and
its table of contents is read from its headings. Theme, navigation and search see it as they would a converted page.

Such a file holds its body alone, and the page's `markdown` and `content` are that same text: mkdocs would keep
the file's whole text beside the page's copy of its body until the site is written (about 450 MB at 10 000 guides).
Its front matter is read once, when the page is made.

A page whose text the renderer left in a spool (the guide pages: spool.py, 300 MB at 10 000 guides) keeps its body
there (`SpooledFile`): its `markdown` and `content` are read from the spool when asked for (`_Unread`), and only
the body read last is held (`_Last`): the page being read or put out. Until a plugin gives the page another text,
reading them again gives the same object, and giving it back the text it read changes nothing.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from ..site.blocks import HTML_KEY, HTML_VALUE, read_html_front_matter
from ..site.markup import toc_tokens
from ..spool import Spooled

_MARK = f"\n{HTML_KEY}: {HTML_VALUE}\n"


class SpooledFile(File):
    """A generated page's file whose body is kept in a spool (`body`, set by `html_page`), read when asked for; a
    text set on it is held as mkdocs holds one (`_content`), and read instead."""

    body: Spooled | None = None

    def _text(self) -> str:
        return self.body.text() if self._content is None and self.body is not None else File.content_string.fget(self)  # type: ignore[attr-defined]

    def _bytes(self) -> bytes:
        return self.body.data() if self._content is None and self.body is not None else File.content_bytes.fget(self)  # type: ignore[attr-defined]

    content_string = property(_text, File.content_string.fset)  # type: ignore[assignment, attr-defined]
    content_bytes = property(_bytes, File.content_bytes.fset)  # type: ignore[assignment, attr-defined]

    def is_modified(self) -> bool:
        return self.body is not None or super().is_modified()  # generated, as one held in memory is


class _Last:
    """The one spooled body read last, and whose (a weak reference: it keeps no page alive after its build): read
    again and again while its page is put out, it comes from the spool once, and no other is held meanwhile."""

    page: weakref.ref[HtmlPage] | None = None
    text: str | None = None

    def of(self, page: HtmlPage) -> bool:
        return self.page is not None and self.page() is page


_last = _Last()
_UNREAD = object()


class _Unread:
    """`markdown` or `content` of an HtmlPage: a spooled page's body, read when asked for, unless something set
    another text (kept in the page's `__dict__` under `_markdown` / `_content`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, page: HtmlPage | None, owner: type | None = None) -> str | None:
        if page is None:
            return self  # type: ignore[return-value]  # the class's attribute
        value = page.__dict__.get(self.slot, _UNREAD)
        return page.body_text() if value is _UNREAD else value

    def __set__(self, page: HtmlPage, value: str | None) -> None:
        if page.__dict__.get("body") is not None and value is not None and value is _last.text and _last.of(page):
            page.__dict__.pop(self.slot, None)  # the spooled body itself: not held by the page
        else:
            page.__dict__[self.slot] = value


class _Title:
    """`title` as mkdocs' `Page.title` says it, without reading a spooled body only to learn that the page has one
    (mkdocs asks for the title of every page's neighbours too): a generated page's title is in its front matter. Set
    on a page (mkdocs sets a title from `nav`), that value is its title, as with mkdocs' own."""

    def __get__(self, page: HtmlPage | None, owner: type | None = None) -> str | None:
        if page is None:
            return self  # type: ignore[return-value]  # the class's attribute
        if page.body is not None and "_markdown" not in page.__dict__ and "title" in page.meta:
            return page.meta["title"]  # what mkdocs would say: its `markdown` is the body, never None
        return Page.title.__get__(page, owner)  # type: ignore[attr-defined]


class _FromHeadings:
    """`toc` or `present_anchor_ids` of an HtmlPage: read from the headings of the content it was rendered with when
    first asked for, not when it is rendered. A page put out from the page cache, or left as it was (kept_pages.py),
    is never asked: its key says what its content does (page_cache.page_key). That is 20 000 pages at 10 000 guides,
    ~1.5 s of a rebuild. Set on a page (by a plugin), the value is the page's, as with mkdocs' own."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, page: HtmlPage | None, owner: type | None = None) -> object:
        if page is None:
            return self
        if self.slot not in page.__dict__:
            page.read_headings()
        return page.__dict__[self.slot]

    def __set__(self, page: HtmlPage, value: object) -> None:
        page.__dict__[self.slot] = value
        if self.slot == "_toc":
            page.toc_as_made = False


class HtmlPage(Page):
    markdown = _Unread()  # type: ignore[assignment]
    content = _Unread()  # type: ignore[assignment]
    title = _Title()  # type: ignore[assignment]
    toc = _FromHeadings()  # type: ignore[assignment]
    present_anchor_ids = _FromHeadings()  # type: ignore[assignment]
    toc_as_made = False  # whether `toc` is (or will be) read from the content the page was rendered with

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, front: dict, key: str | None = None) -> None:
        _set_url(file)
        self.body = file.body if isinstance(file, SpooledFile) else None  # where the body is kept, if in a spool
        super().__init__(title, file, config)
        self.front = front  # the file's front matter (its text holds the body alone)
        self.key = key  # the key the renderer made the page's text by, which says all the text does (None: none)

    def body_text(self) -> str:
        """The spooled body (read from the spool unless it was the last one read)."""
        assert self.body is not None
        if not _last.of(self):
            _last.page, _last.text = weakref.ref(self), self.body.text()
        return _last.text  # type: ignore[return-value]

    def has_content(self) -> bool:
        """Whether `content` is not None, without reading a spooled body to say so (it is read when the page is put out)."""
        return self.__dict__.get("_content", _UNREAD) is not None if self.body is not None else self.content is not None

    def made_as(self) -> str | None:
        """The key the page's content was made by; None without one, or when a plugin has changed the content since."""
        if self.key is None:
            return None
        if self.body is not None:
            return self.key if self.__dict__.get("_content", _UNREAD) is _UNREAD else None
        return self.key if self.content is self.file.content_string else None

    def _set_canonical_url(self, base: str | None) -> None:
        # urljoin and urlsplit cost 25 µs a page (20 000 pages at 10 000 guides); a generated page's address is a plain
        # relative path, which joins a plain base by concatenation. Anything else is joined as mkdocs joins it.
        if base and _plain(self.url) and "?" not in base and "#" not in base:
            base = base if base.endswith("/") else base + "/"
            self.canonical_url = base + self.url
            self.abs_url = _path_of(base) + self.url
        else:
            super()._set_canonical_url(base)

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # another plugin gave the whole text
            self.markdown, self.meta = meta.get_data(source)
        else:
            self.markdown, self.meta = self.body_text() if self.body is not None else self.file.content_string, dict(self.front)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown
        for slot in ("_toc", "_present_anchor_ids"):
            self.__dict__.pop(slot, None)
        self.__dict__["_headings_of"] = self.__dict__.get("_content", _UNREAD)  # _UNREAD: the spooled body
        self.toc_as_made = True

    def read_headings(self) -> None:
        """`toc` and `present_anchor_ids` from the headings of the content the page was rendered with (none before
        it is rendered, as mkdocs says)."""
        source = self.__dict__.pop("_headings_of", None)
        if source is None:
            toc, anchors = [], None
        else:
            tokens = toc_tokens(self.body_text() if source is _UNREAD else source)
            toc, anchors = get_toc(tokens), set(_ids(tokens))  # type: ignore[arg-type]
        self.__dict__.setdefault("_toc", toc)
        self.__dict__.setdefault("_present_anchor_ids", anchors)


def content_as_held(page: Page) -> object:
    """The page's `content` to set on it again later: a spooled body unread (set again, it is read when asked for)."""
    return page.__dict__.get("_content", _UNREAD) if isinstance(page, HtmlPage) else page.content


def html_page(file: File, content: str, config: MkDocsConfig, nav_titles: dict[str, str], key: str | None = None,
              spooled: Spooled | None = None) -> None:
    """Give a generated file the page that takes its body as HTML, when its front matter says so. `nav_titles`: the
    titles mkdocs.yml's `nav` gives pages (`nav_titles`), which mkdocs puts only on the pages it makes itself; `key`:
    the key the renderer made `content` by (HtmlPage.key); `spooled`: where `content` is kept, which a SpooledFile
    then keeps its body in."""
    if content.startswith("---\n") and _MARK in content[:content.find("\n---\n", 3) + 1]:
        body, front = read_html_front_matter(content) or meta.get_data(content)
        if spooled is not None and isinstance(file, SpooledFile) and content.endswith(body):
            file.body, file._content = spooled.tail(content[:len(content) - len(body)]), None
        else:
            file.content_string = body
        HtmlPage(nav_titles.get(file.src_uri), file, config, front, key)  # sets file.page


# Bytes: a generated page's front matter is its title and description, 92-514 bytes over the 10 000 bench guides and
# about 2 KB at the schema's longest; a longer one is found in the whole text, read then.
_HEAD = 4 << 10


def spooled_text(spooled: Spooled) -> str:
    """What `add_pages` reads of a page kept in a spool: its beginning, where that holds front matter saying the page
    is HTML (`html_page` then leaves the body in the spool: 370 MB of guide pages at 10 000 guides, never all read
    at once); else the whole text (Markdown, which mkdocs converts)."""
    head = spooled.start(_HEAD)
    found = read_html_front_matter(head)
    return head if found is not None and (found[0] or spooled.length <= _HEAD) else spooled.text()  # found[0]: a body begun


def nav_titles(nav: object) -> dict[str, str]:
    """Page path → title, from mkdocs.yml's `nav` (`- 按主题: browse/themes.md`, nested in sections)."""
    found: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value.lstrip("/")] = str(title)
                else:
                    found.update(nav_titles(value))
    return found


_URL = re.compile(r"[A-Za-z0-9_.~%/-]*")
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")  # what urllib's quote leaves as it is


def _set_url(file: File) -> None:
    """The file's address as mkdocs makes it (`File.url`), without its quoting where that would change nothing
    (20 µs a page)."""
    url = file.dest_uri
    if _UNQUOTED.fullmatch(url):
        folder, name = posixpath.split(url)
        file.url = (folder or ".") + "/" if file.use_directory_urls and name == "index.html" else url


def _plain(url: str) -> bool:
    """A relative address of plain path characters without `.` or `..` segments: what urljoin leaves as it is."""
    return _URL.fullmatch(url) is not None and not url.startswith("/") and not any(part in (".", "..") for part in url.split("/"))


@lru_cache(maxsize=8)
def _path_of(base: str) -> str:
    return urlsplit(base).path


def _ids(tokens: Iterable[dict]) -> Iterable[str]:
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])
