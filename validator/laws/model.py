"""One law or regulation of the registry, as a rule or a page reads it.

The registry keeps the version in force: its articles by label (第一千零四十九条 → text), each
article's paragraphs (款) on lines of their own and its items (项) as lines that start with
（一）, as laws are printed. Articles are read from disk only when something asks for them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .numbers import CHINESE_NUMERAL, label

IN_FORCE = "现行有效"
AMENDED = "已修改"  # in force, as amended: the articles are those of the version in force
REPEALED = "已废止"
EXPIRED = "失效"
STATUSES = (IN_FORCE, AMENDED, REPEALED, EXPIRED)
LEVELS = ("宪法", "法律", "行政法规", "监察法规", "部门规章", "地方性法规", "自治条例和单行条例", "地方政府规章", "规范性文件")

_ITEM = re.compile(rf"^[（(][{CHINESE_NUMERAL}]+[)）]")

Articles = dict[str, str]


@dataclass
class Law:
    id: str  # the file's stem
    title: str
    level: str
    status: str
    source: str
    data_date: str  # ISO date: when the data was taken from its source
    aliases: tuple[str, ...] = ()
    issuer: str | None = None
    doc_numbers: tuple[str, ...] = ()  # the first is the original promulgation's
    promulgated: str | None = None  # the version in force
    effective: str | None = None  # the version in force
    repealed: str | None = None
    successor: str | None = None
    repealed_by: str | None = None  # what repealed it, e.g. 中华人民共和国民法典 第一千二百六十条
    history: tuple[str, ...] = ()
    verified: bool = True  # False: facts recorded from public knowledge, not checked against an official text
    note: str | None = None
    previous: tuple[str, Articles] | None = None  # (effective date, articles) of the version before, when this one's are missing
    origin: str = ""  # the file it came from: a path in the catalogue's registry folder, or 内置 (shipped)
    local: bool = False  # from the catalogue's own registry folder
    loader: Callable[[], Articles] | None = field(default=None, repr=False, compare=False)
    _articles: Articles | None = field(default=None, repr=False, compare=False)

    @property
    def articles(self) -> Articles:
        if self._articles is None:
            self._articles = self.loader() if self.loader else {}
        return self._articles

    @property
    def has_articles(self) -> bool:
        return bool(self.articles)

    @property
    def in_force(self) -> bool:
        return self.status in (IN_FORCE, AMENDED)

    def article(self, number: int, suffix: int = 0) -> str | None:
        return self.articles.get(label(number, suffix))

    def data_age(self, today: datetime.date) -> int | None:
        try:
            return (today - datetime.date.fromisoformat(self.data_date)).days
        except ValueError:
            return None


def clauses(text: str) -> list[str]:
    """An article's paragraphs (款), each with its items (项) on the following lines."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if out and _ITEM.match(line):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def items(clause: str) -> list[str]:
    """The items (项) of one paragraph, if it lists any on lines of their own."""
    return [line for line in clause.splitlines()[1:] if _ITEM.match(line)]
