"""What a citizen's browser downloads before the first search result: `python bench/first_search.py SITE_DIR [QUERY]`.

Opens the home page of a built site in Chromium (served locally, CPU throttled to a phone-class speed),
types the query into the first search box found (material's or Pagefind's), waits for the first
result, and prints JSON: every request made from navigation to that moment with its size as a web
server would send it (gzip, level 6, unless the file is already compressed), the search requests
apart, and the time from typing to the first result.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.site_support import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

THROTTLE = 4  # Chrome DevTools' "mid-tier mobile" CPU slowdown
# (search box, first result) for the search UIs a guides site may carry.
UIS = (
    ("input.pagefind-ui__search-input", ".pagefind-ui__result-link"),  # the link: a result whose fragment has arrived
    ("input.md-search__input", ".md-search-result__item"),
)
SEARCH_WORDS = ("search", "lunr", "pagefind", "worker")


def wire_size(path: Path) -> tuple[int, int]:
    """(bytes on disk, bytes on the wire) for a static file."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # Pagefind's fragments and indexes are gzip already
        return len(raw), len(raw)
    return len(raw), min(len(raw), len(gzip.compress(raw, 6)))


def local_file(site: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path).lstrip("/")
    candidate = site / path
    if candidate.is_dir() or path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def first_search(site: Path, query: str, timeout: float = 180) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    urls: list[str] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.on("request", lambda request: urls.append(request.url))
        page.goto(base, wait_until="load")
        try:  # Pagefind's UI is mounted by a script after the page's load event
            page.wait_for_selector(", ".join(b for b, _ in UIS), state="attached", timeout=30_000)
        except Exception:
            raise SystemExit(f"no search box on the home page (looked for {', '.join(b for b, _ in UIS)})") from None
        box, result = next((b, r) for b, r in UIS if page.locator(b).count())
        if box.startswith("input.md-search"):
            page.keyboard.press("/")  # material's shortcut opens the search dialog
        typed = time.perf_counter()
        page.locator(box).fill(query)
        page.locator(box).press("End")  # CJK text arrives as insertText (no keyup): a real key makes material search
        error = None
        try:
            page.wait_for_selector(result, timeout=timeout * 1000)
        except PlaywrightTimeout:
            error = f"no result within {timeout:.0f} s"
        answered = time.perf_counter() - typed
        requested = list(dict.fromkeys(urls))  # what was asked for until the first result showed
        browser.close()
    rows, total_disk, total_wire, search_wire = [], 0, 0, 0
    for url in requested:
        path = local_file(site, url)
        if path is None:
            continue
        disk, wire = wire_size(path)
        is_search = any(word in url.rsplit("/", 3)[-1] or f"/{word}" in url for word in SEARCH_WORDS)
        rows.append({"path": str(path.relative_to(site)), "disk": disk, "wire": wire, "search": is_search})
        total_disk += disk
        total_wire += wire
        search_wire += wire if is_search else 0
    return {"ui": box, "query": query, "seconds": None if error else answered, "error": error, "throttle": THROTTLE, "requests": rows,
            "wire": total_wire, "disk": total_disk, "search_wire": search_wire}


def main() -> int:
    site = Path(sys.argv[1])
    query = sys.argv[2] if len(sys.argv) > 2 else "营业执照"
    print(json.dumps(first_search(site, query), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
