"""Rendered pages kept between builds: a rebuild renders only the pages whose inputs changed.

mkdocs puts every page through the theme's templates, and material's search parses every page's HTML, on every
build; after one guide changed, all but a few pages come out byte for byte as before. So each page gets a key, a
digest of all that its rendering reads (`page_key`): its content, title, table of contents, front matter, address
and neighbours, plus the site's part (`site_digest`): the navigation, mkdocs.yml and the settings the theme reads,
custom_dir's files, the search settings, and the versions of mkdocs, the theme, Jinja, the segmenter and this
package's code. A page whose key was rendered before is put out as stored, with its stored search entries, and is
neither rendered nor parsed again; any other page is rendered as mkdocs would and stored. What is stored of the
output is what surrounds the page's content (which the key holds, so the next build has it): half the bytes.

How it reaches mkdocs: every page is given a stub template that puts out the HTML this unit hands it
(`CONTEXT_VARIABLE`), so mkdocs still writes the page and other plugins' `on_post_page` still see it. A stored page's
entries go to the search backend, which keeps material's search from parsing it again.

The store is `.guides-cache/pages/`, beside the check's summaries and trusted as they are (not when git tracks it:
`check/cache_files.py`): one file per key, written atomically: a line of JSON (where the output's two parts meet,
and the CRC-32 of the next line), a line with the page's search entries as the index file holds them (index_file.py:
put into the index as they are, never parsed), then the output's parts as they are. A file that is missing,
unreadable, not of the right shape or whose entries line fails its check is a miss. Files no build
used for a day are removed after a successful build, so the folder holds about one site's pages.
GUIDES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..check.cache_files import remove_unused
from ..digests import canonical_json, code_stamp, files_digest
from .html_pages import HtmlPage
from .index_file import Span, Written, written
from .kept_pages import KeptPages
from .page_writer import PageWriter

FORMAT = 3
SUBFOLDER = "pages"
SUFFIX = ".page"
STUB = "guides/cached-page.html"
CONTEXT_VARIABLE = "guides_rendered_page"
# The settings the theme's templates read (mkdocs.yml's own bytes are in the digest too; these are as resolved,
# after !ENV and after plugins changed them, as `mkdocs serve` does site_url).
THEME_SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
                  "edit_uri", "extra", "extra_css", "extra_javascript", "use_directory_urls", "theme")
DISTRIBUTIONS = ("mkdocs", "properdocs", "mkdocs-material", "jinja2", "rjieba", "jieba")
Output = tuple[str, str | None]  # a page's output around its content (the whole output, None: content not in it once)


class PageCache:
    def __init__(self, folder: Path | None, writer: PageWriter) -> None:
        self.writer = writer  # writes the store's files beside the pages' (its process: page_writer.py)
        self.folder = folder / SUBFOLDER if folder is not None else None
        self.site = ""  # the site's part of every key
        self.templates: dict[str, tuple[str, str]] = {}  # a page's source path → (its key, the template it names)
        self.env: jinja2.Environment | None = None
        # The page being built from the store: its output (None: its file is kept as it is), its search entries.
        self.stored: tuple[Output | None, Written | Span] | None = None
        self.kept = KeptPages(None, None)
        self.used: set[str] = set()
        self.reused = self.rendered = 0
        self.present: set[str] = set()  # the store's file names when the build began

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def plan(self, env: jinja2.Environment, config: MkDocsConfig, files: Files, nav: Navigation,
             search_settings: Mapping[str, Any], extra: Mapping[str, str], kept: KeptPages) -> jinja2.Environment:
        """Once every page is read (on_env): each page's key, and the stub template for all of them. `extra`: what
        else a page's entries or file hold, by page address (a guide's search keywords, Pagefind's marks); `kept`:
        which pages' files are left as they are."""
        if self.folder is None:
            return env
        self.kept = kept
        self.site = site_digest(config, nav, search_settings)
        self.present = _names(self.folder)
        for file in files.documentation_pages():
            page = file.page
            # A draft under `mkdocs serve` gets a marker: not stored; a page `--dirty` leaves alone is neither read
            # (no content) nor written.
            if page is None or file.inclusion.is_excluded() or not (page.has_content() if isinstance(page, HtmlPage) else page.content is not None):
                continue
            key = page_key(self.site, page, extra.get(page.url, ""))
            self.templates[file.src_uri] = (key, page.meta.get("template", "main.html"))
            page.meta = {**page.meta, "template": STUB}
        self.env = env
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({STUB: "{{ " + CONTEXT_VARIABLE + " }}"}), env.loader])  # type: ignore[list-item]
        return env

    def before_search(self, page: Page) -> Written | Span | None:
        """Before material's search reads a page: the entries of a page that comes from the store (which material's
        search then skips); None for a page to render. A page whose file is kept takes its entries from the index file
        it was written with, where that is kept too (kept_pages.py): its store file is not read."""
        self.stored = None
        if not self.has_stored(page):
            return None
        key = self.templates[page.file.src_uri][0]
        path = self.folder / f"{key}{SUFFIX}"
        kept = self.kept.holds(page, key)
        span = self.kept.span(page) if kept else None
        if span is not None:
            self.stored = None, Span(*span, page.file.dest_uri, lambda: _entries(path))
        else:
            self.stored = _read(path, whole=not kept)
        return None if self.stored is None else self.stored[1]

    @property
    def keeps(self) -> bool:
        """Whether the page `before_search` was asked about is left as it is in the folder the build writes over."""
        return self.stored is not None and self.stored[0] is None

    def has_stored(self, page: Page) -> bool:
        """Whether the page's key has a file in the store (which may yet turn out damaged)."""
        planned = self.templates.get(page.file.src_uri)
        return planned is not None and f"{planned[0]}{SUFFIX}" in self.present

    def render(self, context: dict[str, Any], page: Page, entries: list[dict[str, Any]] | Written | Span) -> None:
        """The page's HTML into the context of its stub template: as stored, or rendered now and stored."""
        planned = self.templates.get(page.file.src_uri)
        if planned is None or self.env is None or self.folder is None:
            return
        key, template = planned
        self.used.add(key)
        if self.stored is not None:
            stored, self.stored = self.stored[0], None
            self.kept.put(page, key, kept=stored is None)
            if stored is None:  # its file is kept as it is: mkdocs writes nothing, and nothing reads its content
                output = ""
            else:
                before, after = stored
                output = before + (page.content or "") + after if after is not None else before
            self.reused += 1
            self.writer.touch(self.folder / f"{key}{SUFFIX}")
        else:
            self.kept.put(page, key, kept=False)
            content = page.content or ""
            output = self.env.get_template(template).render(context)
            self.rendered += 1
            assert not isinstance(entries, Span)  # a span is a stored page's
            self.writer.store(self.folder / f"{key}{SUFFIX}", _stored_bytes(_around(output, content), entries))
        context[CONTEXT_VARIABLE] = Markup(output)

    def finish(self) -> None:
        """After a successful build, every file written (the writer has finished): the files no build has used for a
        day removed."""
        if self.folder is not None:
            remove_unused(self.folder, lambda name: name.removesuffix(SUFFIX) in self.used)


def site_digest(config: MkDocsConfig, nav: Navigation, search_settings: Mapping[str, Any]) -> str:
    """What every page's rendering reads besides the page itself."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{code_stamp()}\0{type(config).__module__}\0".encode())  # the engine: mkdocs or a fork
    for name in DISTRIBUTIONS:
        h.update(f"{name}={_version(name)}\0".encode())
    h.update(_read_bytes(config.config_file_path))
    h.update(canonical_json({name: config.get(name) for name in THEME_SETTINGS}))
    h.update(canonical_json(_nav(nav.items)))
    h.update(canonical_json(dict(search_settings)))
    for name in ("jieba_dict", "jieba_dict_user"):  # a dictionary changes the words, not the settings
        if search_settings.get(name):
            h.update(_read_bytes(search_settings[name]))
    h.update(files_digest([config.theme.custom_dir]).encode())
    return h.hexdigest()


def page_key(site: str, page: Page, extra: str) -> str:
    """The digest of all a page's rendering reads of the page, and of the site (`site`)."""
    h = hashlib.blake2b(digest_size=20)
    neighbours = [(p.url, p.title) if p is not None else None for p in (page.previous_page, page.next_page)]
    ancestors = [section.title for section in page.ancestors]
    made = page.made_as() if isinstance(page, HtmlPage) else None
    # The table of contents of a page made by a key is read from that content: the key says it (HtmlPage.toc).
    toc = None if made is not None and isinstance(page, HtmlPage) and page.toc_as_made else _toc(page.toc.items)
    h.update(canonical_json([site, page.file.src_uri, page.file.dest_uri, page.url, page.title, page.meta, page.edit_url,
                    page.canonical_url, page.is_homepage, neighbours, ancestors, toc, extra]))
    # The key a text was made by says all it holds: 300 MB of guide pages need not be read again (~1 s at 10 000 guides)
    h.update(b"made\0" + made.encode() if made is not None else b"content\0" + (page.content or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _read_bytes(path: str | os.PathLike[str] | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b"?"


def _nav(items: Iterable[Page | Section | Link]) -> list[object]:
    return [[type(item).__name__, item.title, getattr(item, "url", None), _nav(getattr(item, "children", None) or [])]
            for item in items]


def _toc(items: Iterable[AnchorLink]) -> list[object]:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in items]


def _around(output: str, content: str) -> Output:
    """The output without the page's content, which the next build has anyway (the key holds it): what comes before
    and after it; the whole output (and None) when the content is not in it exactly once."""
    start = output.find(content) if content else -1
    if start < 0 or output.find(content, start + 1) >= 0:
        return output, None
    return output[:start], output[start + len(content):]


def _names(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:  # no store yet
        return set()


def _stored_bytes(output: Output, entries: list[dict[str, Any]] | Written) -> bytes:
    """A store file: the JSON line, the entries' line, then the output's parts."""
    before, after = (part.encode("utf-8", "surrogatepass") if part is not None else None for part in output)
    text = (entries if isinstance(entries, Written) else written(entries)).encode("ascii")  # JSON escapes all else
    head = json.dumps({"split": len(before) if after is not None else None, "entries": _digest(text)})
    return b"%s\n%s\n%s%s" % (head.encode("ascii"), text, before, after or b"")


def _read(path: Path, *, whole: bool = True) -> tuple[Output | None, Written] | None:
    """(output, search entries) stored for a key, the output only if `whole` (else None); None when missing or
    damaged."""
    try:
        if whole:
            data = path.read_bytes()
        else:
            with open(path, "rb") as stored:
                data = stored.readline() + stored.readline()
        line = data.index(b"\n")
        end = data.index(b"\n", line + 1)
        head = json.loads(data[:line])
        text, rest = data[line + 1:end], memoryview(data)[end + 1:]
        digest, split = (head.get("entries"), head.get("split", -1)) if isinstance(head, dict) else (None, -1)
        if not (digest == _digest(text) and (split is None or (type(split) is int and 0 <= split and (not whole or split <= len(rest))))):
            return None
        entries = Written(text.decode("ascii"))
        if not whole:
            return None, entries
        if split is None:
            return (str(rest, "utf-8", "surrogatepass"), None), entries
        return (str(rest[:split], "utf-8", "surrogatepass"), str(rest[split:], "utf-8", "surrogatepass")), entries
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None


def _entries(path: Path) -> Written | None:
    read = _read(path, whole=False)
    return read[1] if read is not None else None


def _digest(text: bytes) -> int:
    """A check of the entries' line against damage (a cut, stray bytes), not a key: CRC-32 reads 350 MB at 10 000
    guides in 0.1 s, a cryptographic digest in 0.5 s here."""
    return zlib.crc32(text)
