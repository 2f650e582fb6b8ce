"""What a guide page shows that no search index takes in, cut out before either backend reads the page.

- the print sheet (print_sheet.py): the page once more, for paper;
- the flow chart (flowchart.py): its labels say what the numbered steps below it say;
- the situation chooser's data (an attribute of an empty element);
- the articles folded out under 设定依据 (basis.py): a statute's wording is not what a citizen searches for, and its
  general words (申请、许可、条件) would match guides for what they do not do; the line above each, the law's title
  and the articles it cites, stays searchable.

Each is markup the renderer writes whole, with nothing of its own kind nested in it; every value inside is escaped,
so a guide cannot end one early.
"""

from __future__ import annotations

import re

from .basis import LAW_TEXT
from .print_sheet import OPENING as PRINT_SHEET

_UNINDEXED = re.compile("|".join([re.escape(PRINT_SHEET) + r".*?</section>", r'<figure class="flowchart">.*?</figure>',
                                  r'<div class="guide-chooser" [^>]*></div>', re.escape(LAW_TEXT) + r".*?</details>"]), re.S)


def holds_unindexed(html: str) -> bool:
    return _UNINDEXED.search(html) is not None


def without_unindexed(html: str) -> str:
    return _UNINDEXED.sub("", html)
