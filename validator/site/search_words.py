"""Chinese sub-words for material's search index, so 身份证 finds 居民身份证换领.

Material segments Chinese with jieba's default mode, which keeps compounds whole
(居民身份证), and its browser search matches whole words or prefixes: a query for a word
inside a compound finds nothing. After the index is written, each entry gets a hidden field
`kw` with the extra words jieba's search-engine mode finds inside those compounds
(身份证, 身份, 居民). Titles and text stay as material made them, so results look the same.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import jieba

FIELD = "kw"
BOOST = 10.0  # a sub-word in the title or text is as telling as the word itself
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TAG = re.compile(r"<[^>]+>")

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter in the build log


def extra_words(parts: Iterable[str]) -> list[str]:
    """Words of two or more characters that search-engine segmentation adds to the default one."""
    found: dict[str, None] = {}
    for part in parts:
        for run in _HAN.findall(_TAG.sub(" ", part.replace("\u200b", ""))):
            whole = set(jieba.cut(run))
            found.update((w, None) for w in jieba.cut_for_search(run) if len(w) > 1 and w not in whole)
    return list(found)


def add_search_words(index_path: Path) -> None:
    if not index_path.is_file():  # search is switched off
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        words = extra_words([doc.get("title", ""), doc.get("text", "")])
        if words:
            doc[FIELD] = "\u200b".join(words)  # U+200B is in the zh search separator
    index["config"].setdefault("fields", {})[FIELD] = {"boost": BOOST}
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
