"""Agencies renamed or merged (2008, 2013, 2018 reforms and after), found in the text a citizen reads.

The data (agencies.yaml beside this module) lists the old names with today's name, the date and the
source. A match counts only where it names the old agency: not inside one of today's names that
contains it (建设局 in 住房和城乡建设局), not after 原 (原县工商局, the former agency on purpose), not
a ministry's name that is the start of a generic word (农业部门), not in a 文号 (劳动和社会保障部令第8号)
or a document's title (《国家卫生计生委关于……的通知》): those name the issuer as it then was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("agencies.yaml")
_BREAK = re.compile(r"[\s，。；、：,.;:（）()《》“”\"]")


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str
    date: str
    source: str


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    renamed: Renamed


class Agencies:
    def __init__(self, data: dict) -> None:
        self.by_name: dict[str, Renamed] = {}
        for entry in data["renamed"]:
            for old in entry["old"]:
                self.by_name[old] = Renamed(old, entry["new"], str(entry["date"]), entry["source"])
        self._old = re.compile("|".join(map(re.escape, sorted(self.by_name, key=len, reverse=True))))
        self._current = re.compile("|".join(map(re.escape, sorted(data["current"], key=len, reverse=True))))
        # The same names, each with the today's names that end in it ruled out by look-behinds (建设局 after
        # 住房和城乡), so that a clean guide's text gives no match at all; grouped by their first character, so
        # that where a text has one (人, 工, 国 … are common) one alternative is tried, not all ninety.
        by_first: dict[str, list[str]] = {}
        for name in sorted(self.by_name, key=len, reverse=True):
            by_first.setdefault(name[0], []).append(re.escape(name[1:]) + _not_in(name, data["current"]))
        self._prefilter = re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items()))

    def may_name_one(self, text: str) -> bool:
        """Whether an old name may occur: one search over a whole guide's texts, a first look before `find`.

        True does not mean there is one (`find` applies every exception); False means there is none."""
        return self._prefilter.search(text) is not None

    def find(self, text: str) -> list[Found]:
        """The old agency names in `text`, left to right."""
        out: list[Found] = []
        current: list[tuple[int, int]] | None = None
        for match in self._old.finditer(text):
            start, end = match.span()
            name = match.group()
            if name.endswith("部") and text.startswith("门", end) or text.startswith("令", end):
                continue  # 农业部门 is a generic word; 劳动和社会保障部令第28号 is a 文号
            if text.rfind("《", 0, start) > text.rfind("》", 0, start):
                continue  # inside a document's title
            if _after_former(text, start):
                continue
            if current is None:
                current = [m.span() for m in self._current.finditer(text)]
            if any(a <= start and end <= b for a, b in current):
                continue
            out.append(Found(start, end, self.by_name[name]))
        return out


def _not_in(name: str, current: list[str]) -> str:
    """What follows `name` in a pattern so that it matches only where the name does not end one of today's names
    (建设局 in 住房和城乡建设局), nor starts a 文号: look-arounds after the literal, which fails fast before them."""
    containing = sorted({c for c in current if c.endswith(name) and c != name})
    after = "(?![令门])" if name.endswith("部") else "(?!令)"  # 农业部门; 劳动和社会保障部令第8号
    return "".join(f"(?<!{re.escape(c)})" for c in containing) + after


def _after_former(text: str, start: int) -> bool:
    """原 shortly before the name, with no break between: 原县工商局, 原示例县国土资源局."""
    before = text[max(0, start - 8):start]
    position = before.rfind("原")
    return position >= 0 and not _BREAK.search(before[position:])


@cache
def agencies() -> Agencies:
    return Agencies(yaml.load(DATA.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
