"""Reading a law in the corpus's Markdown format (LawRefBook/Laws, `法律法规模版.md`).

    # 中华人民共和国行政许可法            ← the title (a second `#` line before the head: a part's subtitle)
    2003年8月27日 第十届……会议通过      ← the head: one event per line, date first
    2019年4月23日 ……修正
    <!-- INFO END -->
    ## 第一章 总则                        ← headings for 编/章/节
    第一条 为了规范行政许可的设定和实施……  ← one paragraph per article, 款 and 项 as further paragraphs

Every problem is collected with its line, so a file with several mistakes is reported in one run.
What the head says is turned into the registry's facts (dates, 文号, issuer, level) by `facts`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .numbers import CHINESE_NUMERAL, label, to_int

INFO_END = "<!-- INFO END -->"
_COMMENT = re.compile(r"<!--.*?-->")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ARTICLE = re.compile(rf"^[第笫]\s*([0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*条(?:之([{CHINESE_NUMERAL}]+))?(?:[\s\u3000]+|$)")
_ORDER = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fff]{1,20}?令(?:\d{4}年)?第\s*[0-9一二三四五六七八九十百千零〇]+\s*号)")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号)")
_EFFECTIVE = re.compile(r"自(\d{4}年\d{1,2}月\d{1,2}日)起施行")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Event:
    line: int
    date: str  # ISO
    text: str  # the whole line as written


@dataclass
class ParsedLaw:
    title: str = ""
    subtitle: str = ""
    events: list[Event] = field(default_factory=list)
    articles: dict[str, str] = field(default_factory=dict)
    article_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def iso(text: str) -> str | None:
    """2003年8月27日 → 2003-08-27; None when it is no calendar date."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def parse(text: str) -> ParsedLaw:
    """Title, head events and articles of one file; problems instead of exceptions."""
    law = ParsedLaw()
    lines = text.splitlines()
    index = _skip_front_matter(lines)
    in_head, ended, current = True, False, ""
    expected: tuple[int, int] | None = None  # the article that should come next
    for number, raw in enumerate(lines[index:], index + 1):
        line = _COMMENT.sub("", raw).strip() if in_head else raw.strip()
        if raw.strip() == INFO_END:
            in_head, ended = False, True
            continue
        if not line:
            continue
        if in_head:
            _head_line(law, number, line)
            continue
        if line.startswith("#"):
            continue  # 编, 章, 节
        match = _ARTICLE.match(line)
        if match:
            found = _article_label(match)
            if found is None:
                law.problems.append(Problem(number, f"条文编号「{match.group().strip()}」不是有效的条号。"))
                current = ""
                continue
            key, article = found
            if line.startswith("笫"):
                law.problems.append(Problem(number, f"条号「{match.group().strip()}」的「笫」应为「第」。"))
            if key in law.articles:
                law.problems.append(Problem(number, f"{key}重复出现（第 {law.article_lines[key]} 行已有{key}）。",
                                            "每条只写一次；修改过的条文只保留现行的文字。"))
                current = ""
                continue
            if expected is not None and article not in (expected, (expected[0] - 1, expected[1])) and article[1] == 0:
                law.problems.append(Problem(number, f"条文编号不连续：上一条之后应是{label(*expected)}，这里是{key}。",
                                            "核对是否漏了条文，或者某一段正文以“第…条”开头被误当作新的一条（可在行首加说明文字）。"))
            expected = (article[0] + 1, 0)
            current = key
            law.articles[key] = line[match.end():].strip()
            law.article_lines[key] = number
        elif current:
            law.articles[current] += "\n" + line
        # text before the first article (a preamble, a table of contents) is not an article
    if not law.title:
        law.problems.append(Problem(1, "没有标题：文件的第一行应为“# 法律法规名称”。", "例如：# 江西省农村村民住房建设管理条例"))
    if not ended:
        law.problems.append(Problem(max(1, len(lines)), f"没有找到“{INFO_END}”这一行。",
                                    f"在沿革（公布、施行日期）之后、正文之前单独写一行 {INFO_END}，格式见语料库的 法律法规模版.md。"))
    elif not law.articles:
        law.problems.append(Problem(max(1, len(lines)), "正文中没有找到条文：每一条应单独成段，以“第一条 ”这样的条号开头。"))
    return law


def _skip_front_matter(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return index + 1
    return 0


def _head_line(law: ParsedLaw, number: int, line: str) -> None:
    if line.startswith("#"):
        heading = line.lstrip("#").strip()
        if not law.title:
            law.title = heading
        elif not law.subtitle:
            law.subtitle = heading
        return
    line = line.strip("（）() ")
    date = iso(line)
    if date is None or not _DATE.match(line):  # the previous event's line, wrapped
        if law.events:
            last = law.events[-1]
            law.events[-1] = Event(last.line, last.date, last.text + line)
        return
    law.events.append(Event(number, date, line))


def _article_label(match: re.Match[str]) -> tuple[str, tuple[int, int]] | None:
    number = to_int(match.group(1))
    suffix = to_int(match.group(2)) if match.group(2) else 0
    if number is None or suffix is None:
        return None
    return label(number, suffix), (number, suffix)


# --- what the head says ------------------------------------------------------------------------

_AMENDED = ("修正", "修订", "修改")
_ADOPTED = ("通过", "公布", "发布", "颁布", "批准", "印发")


@dataclass(frozen=True)
class Facts:
    title: str
    level: str | None
    issuer: str | None
    doc_numbers: tuple[str, ...]
    promulgated: str | None
    effective: str | None
    amended: bool
    history: tuple[str, ...]


def facts(law: ParsedLaw) -> Facts:
    """The registry's facts as far as the head and the closing articles tell them."""
    history = tuple(event.text for event in law.events)
    adopted = [e for e in law.events if any(word in e.text for word in _ADOPTED + _AMENDED)]
    amended = any(any(word in e.text for word in _AMENDED) for e in law.events)
    promulgated = max((e.date for e in adopted), default=None)
    effective = next((e.date for e in reversed(law.events) if e.text.rstrip("。 ").endswith("施行")), None)
    if effective is None and not amended:
        closing = [text for text in list(law.articles.values())[-3:] if _EFFECTIVE.search(text)]
        effective = iso(_EFFECTIVE.search(closing[-1]).group(1)) if closing else None  # type: ignore[union-attr]
    if effective is not None and promulgated is not None and effective < promulgated:
        effective = None  # the original version's date, not this one's
    numbers: list[str] = []
    for event in law.events:
        for found in (*_ORDER.findall(event.text), *_DOC_NUMBER.findall(event.text)):
            number = doc_number(found)
            if number not in numbers:
                numbers.append(number)
    return Facts(law.title, level_of(law.title, history), issuer_of(history, numbers), tuple(numbers), promulgated,
                 effective, amended, history)


def doc_number(text: str) -> str:
    """国务院令第387号 from 中华人民共和国国务院令第387号, spaces gone."""
    text = re.sub(r"\s+", "", text)
    return text.removeprefix("中华人民共和国")


_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|县|区|盟|旗)")


def level_of(title: str, history: tuple[str, ...]) -> str | None:
    """法律, 行政法规, 部门规章, 地方性法规, 地方政府规章 or 规范性文件 as the head tells; None when it cannot tell."""
    head = " ".join(history)
    if "国务院令" in head:
        return "行政法规"
    if "全国人民代表大会常务委员会" in head or re.search(r"第[一二三四五六七八九十]+届全国人民代表大会第", head):
        return "法律"
    if re.search(r"(?:部|总局|委员会|署|局|行)令", head):
        return "部门规章"
    if "人民代表大会常务委员会" in head or "人民代表大会" in head:
        return "地方性法规"
    if "人民政府令" in head:
        return "地方政府规章"
    if "〔" in head or "〔" in title:
        return "规范性文件"
    if title.endswith("法") and title.startswith("中华人民共和国"):
        return "法律"
    return None


def issuer_of(history: tuple[str, ...], numbers: list[str]) -> str | None:
    head = " ".join(history)
    local = re.search(r"([\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|县))(?:第[一二三四五六七八九十]+届)?人民代表大会常务委员会", head)
    if local and "全国" not in local.group(1):
        return f"{local.group(1)}人民代表大会常务委员会"
    if "全国人民代表大会常务委员会" in head:
        return "全国人民代表大会常务委员会"
    if re.search(r"第[一二三四五六七八九十]+届全国人民代表大会第", head):
        return "全国人民代表大会"
    for number in numbers:
        match = re.match(r"(.+?)令", number)
        if match:
            return "国务院" if match.group(1) == "国务院" else match.group(1)
    return None

