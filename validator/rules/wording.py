"""Wording: catch-all clauses (兜底条款), lists left open with 等, and vague words in conditions and materials.

The phrase lists live in phrases.json (catch_all_clauses, open_list_endings, vague_words,
vague_word_exceptions). Each text is reported once, by the most specific rule that fits:
a catch-all clause (W301) or an open list (W302: a list ending in 「等」, or a material name with
「等」 in the middle) is not reported again as vague (W303).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from ..diagnostics import Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule, phrases


@cache
def _words() -> dict[str, Any]:
    return phrases()


_TRAILING = "。；;，,、.：: \t）)】]」』"


def _texts(guide: Guide) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, text, label) of every condition and material name."""
    for index, condition in enumerate(guide.conditions):
        # `text` also locates a condition written as a plain string (the item itself)
        yield ("conditions", index, "text"), condition.text, f"受理条件第 {index + 1} 条"
    for index, material in enumerate(guide.materials):
        yield ("materials", index, "name"), material.name, "材料名称"


def _quote(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# The verdicts on one text are kept: the same material names (居民身份证, 营业执照) and conditions recur across a
# catalogue, and W301–W303 each ask about every one.
_TEXTS = 16384


@lru_cache(maxsize=_TEXTS)
def catch_all(text: str) -> str | None:
    """The longest catch-all clause in the text, if any."""
    found = [p for p in _words()["catch_all_clauses"] if p in text]
    return max(found, key=len) if found else None


@lru_cache(maxsize=_TEXTS)
def open_ending(text: str) -> str | None:
    """The 等-ending that leaves the text's list open ("…、户口簿等", "…等材料"), if any."""
    stripped = text.rstrip(_TRAILING)
    if stripped.endswith(_longest_first("vague_word_exceptions")):
        return None  # 平等, 同等, 三等 … are not an open list
    endings = _longest_first("open_list_endings")
    if not stripped.endswith(endings):  # most texts: one call instead of one per ending
        return None
    return next((e for e in endings if stripped.endswith(e)), None)


@lru_cache(maxsize=_TEXTS)
def open_middle(text: str) -> bool:
    """Whether 「等」 leaves a list open in the middle of a name: 身份证、户口簿等身份证明材料 (等级, 平等 … aside)."""
    if "等" not in text:  # most names: one search
        return False
    for harmless in _longest_first("vague_word_exceptions"):
        text = text.replace(harmless, "")
    stripped = text.rstrip(_TRAILING)
    ending = open_ending(stripped)
    if ending:
        stripped = stripped[: len(stripped) - len(ending)]
    return "等" in stripped


@cache
def _longest_first(key: str) -> tuple[str, ...]:
    return tuple(sorted(_words()[key], key=len, reverse=True))


@lru_cache(maxsize=_TEXTS)
def vague_words(text: str, *, open_lists: bool = False) -> tuple[str, ...]:
    """Vague words left once catch-all clauses, the open ending and harmless words (等级, 平等 …) are taken out;
    with `open_lists` (a material name, where W302 reports every 「等」) 「等」 is not one of them."""
    words = _words()
    clause = catch_all(text)
    if clause:
        text = text.replace(clause, "")
    ending = open_ending(text)
    if ending:
        stripped = text.rstrip(_TRAILING)
        text = stripped[: len(stripped) - len(ending)]
    for harmless in words["vague_word_exceptions"]:
        text = text.replace(harmless, "")
    return tuple(w for w in words["vague_words"] if w in text and not (open_lists and w == "等"))


@guide_rule("W301", "受理条件或材料中有兜底条款", Severity.ERROR, (
    "兜底条款（“其他材料”“有关部门要求的其他材料”“法律、法规规定的其他条件”“其他文件”……）让群众无法事先知道"
    "到底要准备什么，是“来回跑”的主要原因。各地办事指南编写规范要求：申请条件和申请材料必须逐项列明，不得出现兜底条款。"
    "短语清单见 validator/rules/phrases.json 的 catch_all_clauses。"),
    reads=("conditions", "materials[].name"),
    bad=Example("materials:\n  - name: 国家法律、法规规定提交的其他文件", line=2),
    good=Example("materials:\n  - name: 经营场所使用证明（房屋产权证明或租赁合同）", base="shichang/shipin-jingying-xuke"))
def no_catch_all_clauses(guide: Guide, context: Context) -> Iterator[Finding]:
    for path, text, label in _texts(guide):
        clause = catch_all(text)
        if clause:
            yield Finding(path, f"{label}「{_quote(text)}」含有兜底条款「{clause}」。",
                          "逐项写明确实需要的条件或材料（名称和依据）；写不出名称的，说明并不需要，删去这一项。")


@guide_rule("W302", "列举以“等”结尾，没有穷尽", Severity.ERROR, (
    "以“等”“等材料”结尾的列举（如“身份证、户口簿等”）没有说清还要什么，效果与兜底条款相同。材料名称中间的“等”"
    "（如“身份证、户口簿等身份证明材料”）也一样：群众不知道还有哪些证明算数。请把要求全部列出，或者删去“等”。"
    "“等级”“平等”“同等”这类词不算。"),
    reads=("conditions", "materials[].name"),
    bad=Example("conditions:\n  - 持有居民身份证、户口簿等。", line=2),
    good=Example("conditions:\n  - 持有居民身份证和居民户口簿。"))
def no_open_lists(guide: Guide, context: Context) -> Iterator[Finding]:
    for path, text, label in _texts(guide):
        if catch_all(text):
            continue  # already W301
        ending = open_ending(text)
        if ending:
            yield Finding(path, f"{label}「{_quote(text)}」以「{ending}」结尾，列举没有穷尽。",
                          "把「等」省略的内容逐项列出；已经列全的，删去「等」。")
        elif path[0] == "materials" and open_middle(text):
            yield Finding(path, f"{label}「{_quote(text)}」用「等」省略了一部分材料，列举没有穷尽。",
                          "把「等」省略的材料逐项写明（需要分开提交的，各写一项）；已经列全的，删去「等」。")


@guide_rule("W303", "受理条件或材料中有含糊的词", Severity.WARNING, (
    "“相关”“有关”“等”“必要时”让人不知道具体指什么：哪个部门、哪份材料、什么情况下。"
    "请写明具体的部门、材料名称和情形。“等级”“平等”“同等”这类词不算。"
    "已经按兜底条款（W301）或未穷尽的列举（W302）报告的，不再重复报告。"),
    reads=("conditions", "materials[].name"),
    bad=Example("materials:\n  - name: 相关部门出具的证明\n    source: 其他", line=2),
    good=Example("materials:\n  - name: 村民委员会出具的经营场所使用证明\n    source: 其他"))
def no_vague_words(guide: Guide, context: Context) -> Iterator[Finding]:
    for path, text, label in _texts(guide):
        found = vague_words(text, open_lists=path[0] == "materials")
        if found:
            shown = "".join(f"「{w}」" for w in found)
            yield Finding(path, f"{label}「{_quote(text)}」用了含糊的词{shown}。",
                          "写明具体的部门、材料名称或情形，例如把「相关部门」改为「县自然资源局」，把「必要时」改为具体情形。")


RULES = (no_catch_all_clauses, no_open_lists, no_vague_words)  # listed in check/registry.py
