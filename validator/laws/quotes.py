"""Does a guide's quote say what the article says now?

Compared after normalising both sides: full- and half-width forms alike (NFKC), no spacing, no
punctuation. A quote may be the whole article, one contiguous part of it (a 款, a 项, a
sentence), several cited articles in a row, and may carry the article labels (第三条 …) or
leave parts out with an ellipsis (……): each part between ellipses must appear in the articles,
in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Articles
from .numbers import CHINESE_NUMERAL

_ELLIPSIS = re.compile(r"(?:…|\.\.\.|。。。|⋯)+")
_NOISE = re.compile(r"[\W_]+")  # everything but letters and digits (Chinese characters are letters)
_LABEL = re.compile(rf"^第[{CHINESE_NUMERAL}]+条(?:之[{CHINESE_NUMERAL}]+)?")


def flat(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def segments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, flattened; empty ones dropped."""
    return [part for part in (flat(piece) for piece in _ELLIPSIS.split(unicodedata.normalize("NFKC", quote))) if part]


@dataclass(frozen=True)
class Mismatch:
    quoted: str  # the quote from where it stops matching, a few characters (as flattened)
    elsewhere: str | None  # the label of another article of the same law whose text has the quote


def compare(quote: str, cited: list[tuple[str, str]], law_articles: Articles) -> Mismatch | None:
    """None when the quote is (in parts, in order) the text of the cited articles [(label, text)].

    The labels of the cited articles are markers, not text: in a quote they separate parts like an ellipsis,
    so 「第四十二条 <a part of it> 第四十三条 <a part of it>」 quotes a part of each article.
    """
    labels = [flat(label) for label, _ in cited]
    parts = [piece for part in segments(quote) for piece in _at_labels(part, labels) if piece]
    if not parts:
        return None
    reference = "".join(flat(text) for _, text in cited)
    position = 0
    for part in parts:
        found = reference.find(part, position)
        if found < 0:
            return Mismatch(_diverging(part, reference), _elsewhere(parts, law_articles, {label for label, _ in cited}))
        position = found + len(part)
    return None


def _at_labels(part: str, labels: list[str]) -> list[str]:
    """A part split at the cited articles' labels it contains, the labels left out."""
    if not labels:
        return [part]
    return re.split("|".join(map(re.escape, sorted(set(labels), key=len, reverse=True))), part)


def _diverging(part: str, reference: str) -> str:
    """The quote from the first character where no continuation of it is found in the reference."""
    low, high = 0, len(part)  # the longest prefix of `part` that occurs in `reference` (binary search: occurrence is monotone)
    while low < high:
        middle = (low + high + 1) // 2
        if part[:middle] in reference:
            low = middle
        else:
            high = middle - 1
    return part[max(0, low - 6):low + 14]


def _elsewhere(parts: list[str], articles: Articles, cited: set[str]) -> str | None:
    """Another article that holds the whole quote: the article was renumbered by an amendment."""
    longest = _LABEL.sub("", max(parts, key=len))
    if len(longest) < 8:
        return None
    for label, text in articles.items():
        if label not in cited and longest in flat(text):
            return label
    return None
