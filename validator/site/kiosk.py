"""Kiosk mode (触摸屏查询): the same site on a touch screen in the service hall, entered at `kiosk/`.

The entry page holds only an empty frame; `site/assets/kiosk.js` builds it from `kiosk/kiosk.json`,
written here from the model: every guide's name, aliases, department, themes, page address and the
pinyin initials of its name and aliases (pypinyin, already used for search), so a citizen finds an
item with a keypad of letters instead of a keyboard. The script puts every value in with textContent,
never as markup. Once entered, every page of the site shows a large 返回首页 button, and after a period
without touch (default 180 s; `kiosk/?idle=SECONDS`) a notice counts 30 s down before going back to
the start: a slow reader is asked, never cut off mid-sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache

from ..check.workers import jobs_for, pool_context
from ..model import Catalogue
from . import blocks, paths
from .stored import Stored, stored_key
from .vocabulary import sort_by

FOLDER = "kiosk"
PAGE = f"{FOLDER}/index.md"
DATA = f"{FOLDER}/kiosk.json"
IDLE_SECONDS = 180


@cache  # a province's list names the same item in every county and township; pypinyin takes ~0.6 ms a name
def initials(text: str) -> str:
    """居民身份证换领 → JMSFZHL: the first letter of each character's pinyin (letters and digits kept)."""
    from pypinyin import Style, lazy_pinyin  # imported when the kiosk's data is made: its dictionaries take 0.3 s and 30 MB

    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(c for c in "".join(letters).upper() if c.isalnum() and c.isascii())


def initials_of(names: Iterable[str]) -> dict[str, str]:
    """Each name's `initials`, made in a forked process where one can be for many names: pypinyin's dictionaries
    (50 MB) then never enter the build's process, which would hold them to its end (at 10 000 guides the build's peak
    is about 1 GB)."""
    names = sorted(set(names))
    if jobs_for(None, len(names)) > 1:
        try:
            with ProcessPoolExecutor(1, mp_context=pool_context()) as pool:
                return pool.submit(_each_initials, names).result()
        except BrokenProcessPool:  # the process died (out of memory): made here
            pass
    return _each_initials(names)


def _each_initials(names: list[str]) -> dict[str, str]:
    return {name: initials(name) for name in names}


def kiosk_files(catalogue: Catalogue, *, site_name: str, stored: Stored | None = None) -> dict[str, str | bytes]:
    """The kiosk's page and its data. `stored(key, make)`: the data as an earlier build made it, where all it reads (the
    site's name, the departments, each item's names, department, themes and address) is the same: the initials of
    10 000 names take pypinyin half a second."""
    guides = [g for g in catalogue.guides if g.status != "取消"]
    departments = [{"id": d.id, "name": d.name} for d in sorted(catalogue.departments.values(), key=lambda d: d.id)]
    items = [{"name": g.name, "aliases": list(g.aliases), "department": g.department, "themes": list(g.themes),
              "url": "../" + paths.url_of(paths.guide_page(g))}  # from kiosk/ (directory URLs)
             for g in guides]

    def make() -> str:
        found = initials_of(name for item in items for name in (item["name"], *item["aliases"]))
        data = {
            "site": site_name, "idle": IDLE_SECONDS,
            "themes": sort_by(list({t for g in guides for t in g.themes}), "theme"),
            "departments": departments,
            "guides": [{**item, "initials": sorted({found[n] for n in (item["name"], *item["aliases"])} - {""})} for item in items],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    page = blocks.page("触摸屏查询", '<div class="kiosk" data-kiosk="kiosk.json" hidden></div>',
                       '<noscript>触摸屏查询需要启用 JavaScript。[返回首页](../index.md)</noscript>', searchable=False)
    return {PAGE: page, DATA: make() if stored is None else stored(stored_key("kiosk", [site_name, IDLE_SECONDS, departments, items]), make)}
