"""Building and serving sites for the site tests: the real sample site once per session, small ones on demand."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = Path("/usr/bin/chromium")
# What works with Debian's chromium in a container without a GPU, a sandbox or a network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"


@dataclass
class Build:
    code: int
    log: str
    out: Path

    def page(self, path: str) -> str:
        """The HTML of a page by its URL path: "" (home), "guides/shichang/getihu-sheli-dengji/"."""
        return (self.out / path / "index.html").read_text(encoding="utf-8")


def mkdocs_build(config: Path, out: Path, *, strict: bool = True, cache: bool = False) -> Build:
    """`mkdocs build` as a user runs it, from the project folder. Without `cache` every page is rendered (the page
    cache is off), so that the site tests see what the renderer makes (tests/test_page_cache.py tests the cache)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDES_NO_CACHE": "0" if cache else "1"}
    command = [*MKDOCS, "build", "-f", str(config), "-d", str(out), *(["--strict"] if strict else [])]
    done = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, env=env, timeout=300)
    return Build(done.returncode, done.stdout + done.stderr, out)


def project_copy(tmp: Path) -> Path:
    """A project folder with the real mkdocs.yml and site/ sources but a catalogue of its own (tmp/guides)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site", f"docs_dir: {ROOT / 'site'}").replace("custom_dir: site/overrides", f"custom_dir: {ROOT / 'site' / 'overrides'}")
    text = re.sub(r"^      popular:.*\n(        - .*\n)+", "", text, flags=re.M)  # its guides may not be in this catalogue
    (tmp / "guides").mkdir(parents=True, exist_ok=True)
    config = tmp / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, late: Callable[[str], float] | None = None, **kwargs: Any) -> None:
        self.late = late  # before the base class's __init__, which handles the request
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.late:  # each request has a thread of its own: only this answer waits
            time.sleep(self.late(self.path))
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # not a tab closed while its page was loading
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, late: Callable[[str], float] | None = None) -> Iterator[str]:
    """A static file server on 127.0.0.1 (a free port) in a thread; yields the base URL. `late` holds back the answer
    to a path by the seconds it gives (a slow network, for one file)."""
    handler = functools.partial(_Quiet, directory=str(folder), late=late)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def article(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start:html.index("</article>", start)]


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def headings(html: str) -> list[tuple[int, str]]:
    """(level, text) of every heading in the content, in document order."""
    return [(int(level), text_of(inner)) for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", article(html), re.S)]


def search(page, query: str) -> list[str]:
    """Type a query into material's search as a person does; the pages found, best first.

    The page must have loaded the search index (see `open_search_page`).
    """
    page.keyboard.press("/")  # material's shortcut focuses the search box
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function("document.querySelector('.md-search-result__meta').innerText.includes('键入')")
    box.fill(query)
    box.press("End")  # CJK text arrives as insertText (no keyup): a real key makes material search
    page.wait_for_function("!document.querySelector('.md-search-result__meta').innerText.includes('键入')")
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href.split('#')[0])")
    page.keyboard.press("Escape")
    return list(dict.fromkeys(hrefs))  # a page's sections are listed under it: count the page once


def open_search_page(page, url: str) -> None:
    """Load a page and wait until the search index has arrived."""
    with page.expect_response(lambda r: r.url.endswith("search_index.json")):
        page.goto(url)
    page.wait_for_function("document.querySelector('.md-search-result__meta') && "
                           "!document.querySelector('.md-search-result__meta').innerText.includes('正在初始化')")


def pagefind_config(folder: Path) -> Path:
    """The real mkdocs.yml with `search: pagefind` (and material's search plugin left out), for the sample catalogue."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site", f"docs_dir: {ROOT / 'site'}").replace("custom_dir: site/overrides", f"custom_dir: {ROOT / 'site' / 'overrides'}")
    text = re.sub(r"^  - search\n", "", text, flags=re.M)
    plugin = f"  - guides:\n      root: {ROOT / 'guides'}\n      search: pagefind\n      everyday_words: {ROOT / 'search-words.yaml'}"
    text, found = re.subn(r"^  - guides.*$", plugin, text, flags=re.M)
    assert found == 1, "mkdocs.yml no longer lists the guides plugin as `  - guides`"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def use_pagefind(config: Path) -> Path:
    """A project's mkdocs.yml switched to `search: pagefind` (material's search plugin left out)."""
    text = re.sub(r"^  - search\n", "", config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text.replace("  - guides:", "  - guides:\n      search: pagefind", 1), encoding="utf-8")
    return config


def pagefind_search(page, query: str) -> list[str]:
    """Type a query into Pagefind's search box (home page or search/) as a person does; the pages found, best first."""
    box = page.locator("input.pagefind-ui__search-input")
    box.fill("")
    box.type(query)
    # 「找到 N 个 … 的相关结果」 or 「未找到 …」 once the search is done (not 「正在搜索」); then each result loads its page
    # data (a skeleton with .pagefind-ui__loading until then): wait until every result shows its title link.
    page.wait_for_function("""q => {
        const m = document.querySelector('.pagefind-ui__message');
        if (!m || !m.innerText.includes(q) || !m.innerText.includes('结果')) return false;
        const results = document.querySelectorAll('.pagefind-ui__result');
        return !document.querySelector('.pagefind-ui__results .pagefind-ui__loading') &&
            document.querySelectorAll('.pagefind-ui__result-inner > .pagefind-ui__result-title a').length === results.length;
    }""", arg=query)
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-inner > .pagefind-ui__result-title a", "els => els.map(e => e.href.split('#')[0])")
    return list(dict.fromkeys(hrefs))


def markdown_html(text: str) -> str:
    """A generated page's Markdown as HTML, with the extensions mkdocs.yml enables that change what markup comes out."""
    import markdown

    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition"]).convert(text)
