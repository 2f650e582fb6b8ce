"""Where each generated page lives, and how one page links to another.

Pages are Markdown sources (`guides/shichang/getihu-sheli-dengji.md`); links between them are
relative `.md` links, so mkdocs resolves them and `--strict` reports any that break. The pages written as
HTML (markup.py) link by address instead (`url_href`), and tests/test_site_build.py follows every link.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from ..model import Guide

HOME = "index.md"
DEPARTMENTS = "departments/index.md"
THEMES = "browse/themes.md"
TYPES = "browse/types.md"
LEVELS = "browse/levels.md"
OPEN_DATA = "open-data.md"
RULES_PAGE = "rules.md"
DASHBOARD = "dashboard.md"
API_JSON = "api/guides.json"
API_CSV = "api/guides.csv"


def guide_page(guide: Guide) -> str:
    return guide_page_of(guide.id)


def guide_page_of(guide_id: str) -> str:
    return f"guides/{guide_id}.md"


def guide_json(guide: Guide) -> str:
    return f"api/guides/{guide.id}.json"


def department_page(department: str) -> str:
    return f"departments/{department}.md"


def url_of(page: str) -> str:
    """The URL path of a page with mkdocs' directory URLs: guides/a/b.md → guides/a/b/."""
    if page == HOME:
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/" if page.endswith(".md") else page


def url_href(source: str, target: str, anchor: str = "") -> str:
    """A relative link from one page's address to another page's (or a file's), for HTML pages (markup.py) whose
    links mkdocs does not rewrite: guides/a/b.md → departments/a.md is ../../../departments/a/."""
    address = url_of(target)
    path = relative(address, url_of(source))
    if address.endswith("/") or not address:
        path = "./" if path == "." else path + "/"
    path = quote(path)  # as mkdocs writes a link: 权力清单.csv → %E6%9D%83…
    return f"{path}#{anchor}" if anchor else path


def href(source: str, target: str, anchor: str = "") -> str:
    """A relative link from one generated file to another, as written in the source page."""
    path = relative(target, posixpath.dirname(source))
    return f"{path}#{anchor}" if anchor else path


def relative(path: str, start: str) -> str:
    """posixpath.relpath(path or ".", start or ".") for the site's relative paths, without its absolute paths and
    normalising (a third of the time of a department's page of many guides went there). A path with a `.` or `..`
    part, or an absolute one, is left to relpath."""
    parts, base = path.split("/"), start.split("/")
    if path.startswith("/") or start.startswith("/") or {".", ".."} & {*parts, *base}:
        return posixpath.relpath(path or ".", start or ".")
    parts = [part for part in parts if part]
    base = [part for part in base if part]
    same = 0
    for ours, theirs in zip(parts, base, strict=False):  # up to the shorter
        if ours != theirs:
            break
        same += 1
    return "/".join([".."] * (len(base) - same) + parts[same:]) or "."
