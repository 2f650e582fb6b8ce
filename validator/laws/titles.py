"""Law titles as guides write them: with or without 《》 and 中华人民共和国, full- or half-width.

`key` is what two spellings of one title share. In running text (a material's `basis`), a title is
found only where it starts a name: 合同法 inside 劳动合同法 is not the 合同法.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator

COUNTRY = "中华人民共和国"
_DROP = re.compile(r"[\s《》〈〉<>“”\"'‘’「」]")
_EDITION = re.compile(r"[(（][^()（）]*(?:修正|修订|修改|年)[^()（）]*[)）]$")  # 行政许可法（2019年修正）
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words after which a title may start in running text: 依据, 按照, 根据, 和, 及, 与, 对 ….
_BEFORE_TITLE = set("据照按依和及与或对见在经")


def normal(text: str) -> str:
    """Full-width letters, digits and brackets as half-width: how running text is searched."""
    return unicodedata.normalize("NFKC", text)


def key(title: str) -> str:
    text = _DROP.sub("", unicodedata.normalize("NFKC", title))
    text = _EDITION.sub("", text)
    return text.removeprefix(COUNTRY)


class TitleIndex:
    """Titles and aliases → an entry id; exact lookups, "did you mean", and titles inside running text."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.ids: dict[str, str] = {}
        self.shown: dict[str, str] = {}  # key → a name as written, for suggestions
        for name, id in names:
            found = key(name)
            if found and found not in self.ids:
                self.ids[found] = id
                self.shown[found] = name
        self._first: dict[str, list[str]] = {}
        for found in sorted(self.ids, key=len, reverse=True):  # longest first: 劳动合同法 before 合同法
            self._first.setdefault(found[0], []).append(found)

    def get(self, title: str) -> str | None:
        return self.ids.get(key(title))

    def suggest(self, title: str, n: int = 3) -> list[str]:
        """The closest titles, one per entry."""
        out: list[str] = []
        seen: set[str] = set()
        for found in difflib.get_close_matches(key(title), self.ids, n=n * 3, cutoff=0.6):
            if self.ids[found] not in seen:
                seen.add(self.ids[found])
                out.append(self.shown[found])
        return out[:n]

    def find_in(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, id) of each title in running text (NFKC-normalised: see `normal`), left to right, never overlapping."""
        index = 0
        while index < len(text):
            start = index
            if text.startswith(COUNTRY, index):
                index += len(COUNTRY)
            elif index and _CJK.match(text[index - 1]) and text[index - 1] not in _BEFORE_TITLE:
                index += 1
                continue
            match = next((found for found in self._first.get(text[index:index + 1], ()) if text.startswith(found, index)), None)
            if match is None:
                index = start + 1
                continue
            yield start, index + len(match), self.ids[match]
            index += len(match)
