"""From a law in the corpus's Markdown format to a registry entry, and an update of an entry already there.

Used by `guides laws import` (a county's 地方性法规 and 规范性文件) and by tools/build_law_registry.py
(the shipped registry), so both read the format the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import markdown
from .model import AMENDED, IN_FORCE, LEVELS

# What an update takes from the new text; everything else a clerk may have written is kept.
FROM_TEXT = ("history", "promulgated", "effective", "articles", "source", "data_date")


@dataclass(frozen=True)
class Imported:
    entry: dict[str, Any] | None  # None when the file has errors
    problems: list[markdown.Problem]


def entry(parsed: markdown.ParsedLaw, *, level: str | None, issuer: str | None, source: str, data_date: str) -> dict[str, Any]:
    """A registry entry from a parsed file (whose problems the caller has looked at)."""
    facts = markdown.facts(parsed)
    return {
        "title": parsed.title,
        "level": level or facts.level,
        "issuer": issuer or facts.issuer,
        "doc_numbers": list(facts.doc_numbers),
        "status": AMENDED if facts.amended else IN_FORCE,
        "promulgated": facts.promulgated,
        "effective": facts.effective,
        "history": list(facts.history),
        "source": source,
        "data_date": data_date,
        "articles": dict(parsed.articles),
    }


def from_markdown(text: str, *, level: str | None, issuer: str | None, source: str, data_date: str) -> Imported:
    parsed = markdown.parse(text)
    problems = list(parsed.problems)
    found = entry(parsed, level=level, issuer=issuer, source=source, data_date=data_date)
    if level is not None and level not in LEVELS:
        problems.append(markdown.Problem(1, f"效力级别「{level}」不是可选的级别。", f"可选：{'、'.join(LEVELS)}。"))
    elif found["level"] is None:
        problems.append(markdown.Problem(1, "从沿革中看不出效力级别（法律、行政法规、地方性法规、规范性文件……）。",
                                         f"用 --level 指定，可选：{'、'.join(LEVELS)}。"))
    if parsed.subtitle:
        problems.append(markdown.Problem(1, f"文件是「{parsed.title}」的一部分（{parsed.subtitle}）：法规库一部法律法规一个文件。",
                                         "把各部分合成一个文件后导入。"))
    return Imported(None if problems else found, problems)


def merge(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """`old` updated from `new` (a newer text of the same law), and what changed, in Chinese."""
    merged = dict(old)
    for name in FROM_TEXT:  # the new text says these, also when it leaves one open (an amendment's 施行 date)
        if new.get(name) is None:
            merged.pop(name, None)
        else:
            merged[name] = new[name]
    numbers = list(old.get("doc_numbers", ()))
    merged["doc_numbers"] = numbers + [n for n in new.get("doc_numbers", ()) if n not in numbers]
    if old.get("status") == IN_FORCE and new.get("status") == AMENDED:
        merged["status"] = AMENDED
    before, after = old.get("articles") or {}, new.get("articles") or {}
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    changed = [k for k in after if k in before and before[k] != after[k]]
    parts = [f"{word} {len(found)} 条" for word, found in (("新增", added), ("修改", changed), ("删除", removed)) if found]
    return merged, "、".join(parts) if parts else "条文没有变化"
