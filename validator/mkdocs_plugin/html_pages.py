"""Pages the renderer wrote as HTML (site/markup.py: the guide pages) skip Python-Markdown.

mkdocs converts every page's Markdown in `Page.render`; for a page whose front matter says `generated: html`
the plugin hands it an empty text to convert (`markdown`), then puts the page's own HTML in as its content, with
the table of contents read from its headings (`content`). Theme, navigation and search see the page as they
would a converted one.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..site.blocks import HTML_KEY, HTML_VALUE
from ..site.markup import toc_tokens


class HtmlPages:
    def __init__(self) -> None:
        self.waiting: dict[str, str] = {}  # a page's source path → its HTML, between the two events

    def markdown(self, markdown: str, page: Page) -> str:
        if page.meta.get(HTML_KEY) != HTML_VALUE:
            return markdown
        self.waiting[page.file.src_uri] = markdown
        return ""

    def content(self, html: str, page: Page) -> str:
        body = self.waiting.pop(page.file.src_uri, None)
        if body is None:
            return html
        page.toc = get_toc(toc_tokens(body))  # type: ignore[arg-type]
        return body
