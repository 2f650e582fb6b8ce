"""Article numbers as laws write them: Chinese numerals, and citations such as 第十九条第一款、第二款.

A citation is parsed into the articles (条), paragraphs (款) and items (项) it names, or the
chapters (编, 章, 节) it names instead; its normal form is the way laws themselves cite
(立法技术规范): every number in Chinese, every unit written out — 第二十九条、第三十一条,
never 第29、31条 or 第二十九、三十一条; 第十二条第三项, never 第十二条第（三）项.
Anything else in the field (附件第112项, 三、参保范围 — the parts of a 规范性文件) is not a
citation of articles: `parse` returns None and the rules leave it alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "零〇一二三四五六七八九十百千两"
MAX_NUMBER = 9999
MAX_SPAN = 500  # 第一条至第五百条 is a whole law; a longer range is a typo, not a citation


def to_int(text: str) -> int | None:
    """一千零四十九 → 1049, 十一 → 11, 29 → 29 (also full-width digits); None when it is not a number."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        value = int(text)
        return value if 0 < value <= MAX_NUMBER else None
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:  # 二三: two digits in a row is not a numeral
                return None
            digit = _DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit  # 十一: a bare 十 is 一十
            digit, last_unit = None, unit
        else:
            return None
    total += digit or 0
    return total if 0 < total <= MAX_NUMBER else None


def to_chinese(number: int) -> str:
    """1049 → 一千零四十九, 110 → 一百一十, 11 → 十一: how articles are numbered."""
    if not 0 < number <= MAX_NUMBER:
        raise ValueError(number)
    names = "零一二三四五六七八九"
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if digit == 1 and unit == 10 and not out else names[digit]) + name
    return out


@dataclass(frozen=True)
class Span:
    first: int
    last: int

    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    def text(self, unit: str) -> str:
        one = f"第{to_chinese(self.first)}{unit}"
        return one if self.last == self.first else f"{one}至第{to_chinese(self.last)}{unit}"


@dataclass(frozen=True)
class Clause:
    """One 款 (number None: the article's items cited without naming a 款) and the 项 cited in it."""

    span: Span | None
    items: tuple[Span, ...] = ()

    def text(self) -> str:
        head = self.span.text("款") if self.span else ""
        return head + "、".join(item.text("项") for item in self.items)


@dataclass(frozen=True)
class ArticleRef:
    span: Span  # 第二十二条至第二十五条 is one span
    suffix: int = 0  # 第二十条之一 → 1
    clauses: tuple[Clause, ...] = ()

    def numbers(self) -> Iterator[tuple[int, int]]:
        for number in self.span.numbers():
            yield number, self.suffix

    def text(self) -> str:
        head = self.span.text("条")
        if self.suffix:
            head += f"之{to_chinese(self.suffix)}"
        return head + "、".join(clause.text() for clause in self.clauses)


@dataclass(frozen=True)
class PartRef:
    """A 编, 章 or 节 (or 分编): a part of a law, not an article."""

    unit: str
    span: Span

    def text(self) -> str:
        return self.span.text(self.unit)


@dataclass(frozen=True)
class Citation:
    refs: tuple[ArticleRef | PartRef, ...]

    @property
    def articles(self) -> tuple[ArticleRef, ...]:
        return tuple(r for r in self.refs if isinstance(r, ArticleRef))

    @property
    def parts(self) -> tuple[PartRef, ...]:
        return tuple(r for r in self.refs if isinstance(r, PartRef))

    def normal(self) -> str:
        """The normal form: 第二十九条、第三十一条; 第一章、第二章."""
        return "、".join(ref.text() for ref in self.refs)


def label(number: int, suffix: int = 0) -> str:
    """第一千零四十九条, 第二十条之一: the key an article has in the registry."""
    return f"第{to_chinese(number)}条" + (f"之{to_chinese(suffix)}" if suffix else "")


_LABEL = re.compile(rf"^第([{CHINESE_NUMERAL}]+)条(?:之([{CHINESE_NUMERAL}]+))?$")


def parse_label(text: str) -> tuple[int, int] | None:
    """第二十条之一 → (20, 1); None for anything that is not one article's label in normal form."""
    match = _LABEL.match(text)
    if not match:
        return None
    number = to_int(match.group(1))
    suffix = to_int(match.group(2)) if match.group(2) else 0
    if number is None or suffix is None or label(number, suffix) != text:
        return None
    return number, suffix


_TOKEN = re.compile(rf"""
    (?P<num>[0-9０-９]+|[{CHINESE_NUMERAL}]+)
  | (?P<paren>[（(]\s*(?:[0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*[)）])
  | (?P<unit>分编|条|款|项|编|章|节)
  | (?P<di>第)
  | (?P<zhi>之)
  | (?P<range>至|到|[—–－~～-])
  | (?P<sep>[、，,；;]|以及|和|及|与)
  | (?P<space>\s+)
""", re.VERBOSE)

_PARTS = ("编", "分编", "章", "节")


class _Unparsed(Exception):
    pass


@lru_cache(maxsize=8192)  # rules and pages ask for the same citations again and again
def parse(text: str) -> Citation | None:
    """The articles or parts a citation names, or None when the text is not (only) a citation."""
    try:
        return _Parser(text).citation()
    except _Unparsed:
        return None


class _Parser:
    """Numbers wait for their unit (第29、31条: both are articles); a 款 or 项 belongs to the article before it."""

    def __init__(self, text: str) -> None:
        self.tokens = list(self._tokens(text.strip()))
        self.refs: list[ArticleRef | PartRef] = []
        self.pending: list[Span] = []  # numbers read, waiting for their unit
        self.range_open = False  # the last thing read was 至

    @staticmethod
    def _tokens(text: str) -> Iterator[tuple[str, str]]:
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise _Unparsed
            kind = match.lastgroup or ""
            if kind != "space":
                yield kind, match.group()
            position = match.end()

    def citation(self) -> Citation | None:
        if not self.tokens:
            return None
        index = 0
        while index < len(self.tokens):
            kind, value = self.tokens[index]
            if kind in ("num", "paren"):
                self._number(value.strip("（）() \t"))
            elif kind == "unit":
                self._unit(value)
            elif kind == "zhi":  # 第二十条之一
                index += 1
                if index >= len(self.tokens) or self.tokens[index][0] != "num" or not self.refs \
                        or not isinstance(self.refs[-1], ArticleRef) or self.pending:
                    raise _Unparsed
                suffix = to_int(self.tokens[index][1])
                last = self.refs[-1]
                if suffix is None or last.clauses or last.suffix:
                    raise _Unparsed
                self.refs[-1] = ArticleRef(last.span, suffix)
            elif kind == "range":
                if self.range_open or not (self.pending or self.refs):
                    raise _Unparsed
                self.range_open = True
            # 第 and separators carry no meaning of their own
            index += 1
        if self.pending or self.range_open or not self.refs:
            raise _Unparsed
        return Citation(tuple(self.refs))

    def _number(self, text: str) -> None:
        value = to_int(text)
        if value is None:
            raise _Unparsed
        if self.range_open and self.pending:  # 第一、二至四项 is not something anyone writes; 第二至四条 is
            first = self.pending.pop()
            if value <= first.first or value - first.first > MAX_SPAN:
                raise _Unparsed
            self.pending.append(Span(first.first, value))
            self.range_open = False
        else:
            self.pending.append(Span(value, value))

    def _unit(self, unit: str) -> None:
        if not self.pending:
            raise _Unparsed
        spans, self.pending = self.pending, []
        if self.range_open:  # 第二十二条至第二十五条: the range's end comes with its own unit
            self._close_range(unit, spans)
            return
        if unit == "条":
            self.refs += [ArticleRef(span) for span in spans]
        elif unit in _PARTS:
            self.refs += [PartRef(unit, span) for span in spans]
        elif unit == "款":
            article = self._last_article()
            self.refs[-1] = ArticleRef(article.span, article.suffix, article.clauses + tuple(Clause(span) for span in spans))
        else:  # 项: of the last 款, or of the article itself
            article = self._last_article()
            clauses = list(article.clauses) or [Clause(None)]
            clauses[-1] = Clause(clauses[-1].span, clauses[-1].items + tuple(spans))
            self.refs[-1] = ArticleRef(article.span, article.suffix, tuple(clauses))

    def _close_range(self, unit: str, spans: list[Span]) -> None:
        self.range_open = False
        if len(spans) != 1 or spans[0].first != spans[0].last:
            raise _Unparsed
        end = spans[0].first
        last = self.refs[-1] if self.refs else None
        if unit == "条" and isinstance(last, ArticleRef) and not last.clauses and not last.suffix:
            start = last.span.first
            if end <= start or end - start > MAX_SPAN:
                raise _Unparsed
            self.refs[-1] = ArticleRef(Span(start, end))
        elif unit in _PARTS and isinstance(last, PartRef) and last.unit == unit and end > last.span.first:
            self.refs[-1] = PartRef(unit, Span(last.span.first, end))
        elif unit in ("款", "项") and isinstance(last, ArticleRef) and last.clauses:
            clause = last.clauses[-1]
            if unit == "项" and clause.items and clause.items[-1].first == clause.items[-1].last < end:
                items = clause.items[:-1] + (Span(clause.items[-1].first, end),)
                self.refs[-1] = ArticleRef(last.span, last.suffix, last.clauses[:-1] + (Clause(clause.span, items),))
            elif unit == "款" and not clause.items and clause.span and clause.span.first == clause.span.last < end:
                self.refs[-1] = ArticleRef(last.span, last.suffix, last.clauses[:-1] + (Clause(Span(clause.span.first, end)),))
            else:
                raise _Unparsed
        else:
            raise _Unparsed

    def _last_article(self) -> ArticleRef:
        last = self.refs[-1] if self.refs else None
        if not isinstance(last, ArticleRef) or last.span.first != last.span.last:
            raise _Unparsed
        return last


_LOOSE = re.compile(rf"第\s*([0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*条(?:之([{CHINESE_NUMERAL}]+))?"
                    rf"(?:\s*第\s*([0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*款)?")


def articles_in(text: str) -> Iterator[tuple[int, int, int | None, int, int]]:
    """Each 第X条 (with 之N and a directly following 第Y款) in free text: (number, suffix, clause, start, end).

    For references written in running text (a material's `basis`), where the whole need not be a citation.
    """
    for match in _LOOSE.finditer(text):
        number = to_int(match.group(1))
        suffix = to_int(match.group(2)) if match.group(2) else 0
        clause = to_int(match.group(3)) if match.group(3) else None
        if number is not None and suffix is not None and (match.group(3) is None or clause is not None):
            yield number, suffix, clause, match.start(), match.end()
