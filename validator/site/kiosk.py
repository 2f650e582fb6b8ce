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
from functools import cache

from pypinyin import Style, lazy_pinyin

from ..model import Catalogue
from . import blocks, paths
from .vocabulary import sort_by

FOLDER = "kiosk"
PAGE = f"{FOLDER}/index.md"
DATA = f"{FOLDER}/kiosk.json"
IDLE_SECONDS = 180


@cache  # a province's list names the same item in every county and township; pypinyin takes ~0.6 ms a name
def initials(text: str) -> str:
    """居民身份证换领 → JMSFZHL: the first letter of each character's pinyin (letters and digits kept)."""
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(c for c in "".join(letters).upper() if c.isalnum() and c.isascii())


def kiosk_files(catalogue: Catalogue, *, site_name: str) -> dict[str, str | bytes]:
    guides = [g for g in catalogue.guides if g.status != "取消"]
    data = {
        "site": site_name, "idle": IDLE_SECONDS,
        "themes": sort_by(list({t for g in guides for t in g.themes}), "theme"),
        "departments": [{"id": d.id, "name": d.name} for d in sorted(catalogue.departments.values(), key=lambda d: d.id)],
        "guides": [{"name": g.name, "aliases": list(g.aliases), "department": g.department, "themes": list(g.themes),
                    "url": "../" + paths.url_of(paths.guide_page(g)),  # from kiosk/ (directory URLs)
                    "initials": sorted({initials(n) for n in (g.name, *g.aliases)} - {""})}
                   for g in guides],
    }
    page = blocks.page("触摸屏查询", '<div class="kiosk" data-kiosk="kiosk.json" hidden></div>',
                       '<noscript>触摸屏查询需要启用 JavaScript。[返回首页](../index.md)</noscript>', searchable=False)
    return {PAGE: page, DATA: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"}
