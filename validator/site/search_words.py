"""Chinese words for search: sub-words for material's index, and a fast segmenter for material.

Material segments Chinese with jieba's default mode, which keeps compounds whole (居民身份证), and
its browser search matches whole words or prefixes: a query for a word inside a compound finds
nothing. Each index entry therefore gets a hidden field `kw` with the extra words jieba's
search-engine mode finds inside those compounds (身份证, 身份, 居民). Titles and text stay as
material made them, so results look the same. The Pagefind backend indexes the same words as
hidden text (see pagefind.py).

Segmenting is done with rjieba (jieba-rs: jieba's dictionary and HMM, the same words, ~100× faster
than the pure-Python jieba); `RustJieba` lets material's search plugin use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import rjieba

FIELD = "kw"
BOOST = 10.0  # a sub-word in the title or text is as telling as the word itself
KEYWORDS = "alias"  # a guide's aliases and everyday words (site/everyday.py), on its page's entry
KEYWORDS_BOOST = 1e4  # above the title (1e3): the guide citizens call 低保 comes before one that mentions 低保
WORD_SEPARATOR = "\u200b"  # in material's zh search separator, and invisible
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TAG = re.compile(r"<[^>]+>")


def extra_words(parts: Iterable[str]) -> list[str]:
    """Words of two or more characters that search-engine segmentation adds to the default one."""
    found: dict[str, None] = {}
    for part in parts:
        for run in _HAN.findall(_TAG.sub(" ", part.replace(WORD_SEPARATOR, ""))):
            found.update(dict.fromkeys(_sub_words(run)))
    return list(found)


# Segmenting depends on the run of Han characters alone, and runs recur from guide to guide (material names, the
# standard's phrases): 5 396 distinct runs among the 399 392 of a 1 000-guide site's index. Bounded: a catalogue of
# unlike texts costs at most this many entries.
_RUNS = 1 << 16


@lru_cache(maxsize=_RUNS)
def _sub_words(run: str) -> tuple[str, ...]:
    whole = set(rjieba.cut(run))
    return tuple(w for w in rjieba.cut_for_search(run) if len(w) > 1 and w not in whole)


@lru_cache(maxsize=_RUNS)
def _cut(text: str, cut_all: bool, hmm: bool) -> tuple[str, ...]:
    return tuple(rjieba.cut_all(text) if cut_all else rjieba.cut(text, hmm))


def add_words(entries: Iterable[dict[str, str]]) -> None:
    """Give each material search index entry its `kw` field (entries are changed in place)."""
    for entry in entries:
        words = extra_words([entry.get("title", ""), entry.get("text", "")])
        if words:
            entry[FIELD] = WORD_SEPARATOR.join(words)


class RustJieba:
    """Stands in for the `jieba` module inside material's search plugin, which only calls `cut`.

    Material passes UTF-8 bytes; jieba's `cut` accepts str or bytes and so does this one.
    """

    @staticmethod
    def cut(text: str | bytes, cut_all: bool = False, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's name)
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return list(_cut(text, cut_all, HMM))  # material segments each run of Han characters: they recur
