"""Edits as plain Chinese sentences: 承诺办结时限：20 个工作日 → 10 个工作日 · 新增申请材料「…」."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .elements import ADDED, CHANGED, REMOVED, REORDERED, Edit

Quote = Callable[[str], str]  # makes a value safe for the output (identity for text, escape for Markdown)
_QUOTED = 12  # texts longer than this are set in 「」 so where they start and end is plain


def sentence(edit: Edit, quote: Quote = str, *, inner: bool = False) -> str:
    """One edit in words; `inner` is a field inside a list item (份数 1 → 2, without a colon)."""
    label = quote(edit.label)
    item = f"「{quote(edit.item)}」" if edit.item is not None else ""
    colon = " " if inner else "："
    if edit.details:
        return f"修改{label}{item}：" + "；".join(sentence(d, quote, inner=True) for d in edit.details)
    if edit.verb == REORDERED:
        return f"调整{label}顺序" + (f"：{quote(edit.new)}" if edit.new else "")
    if edit.verb == ADDED:
        return f"新增{label}{item}" + (f"：{_value(edit.new, quote)}" if edit.new is not None else "")
    if edit.verb == REMOVED:
        return f"删除{label}{item}" + (f"（原为：{_value(edit.old, quote)}）" if edit.old is not None else "")
    assert edit.verb == CHANGED
    return f"{label}{item}{colon}{_value(edit.old, quote)} → {_value(edit.new, quote)}"


def summary(edits: Sequence[Edit], *, most: int = 3, width: int = 60) -> str:
    """A short plain-text line for a history entry: the first few edits, then how many more."""
    shown = []
    for edit in edits[:most]:
        text = sentence(edit)
        if len(text) > width:
            text = _without_values(edit)
        shown.append(text if len(text) <= width else text[: width - 1] + "…")
    more = len(edits) - most
    return "；".join(shown) + (f" 等 {len(edits)} 处改动" if more > 0 else "")


def _without_values(edit: Edit) -> str:
    """修改申请材料「…」（份数、填报须知）: what changed, without the long values."""
    item = f"「{edit.item}」" if edit.item is not None else ""
    if edit.details:
        return f"修改{edit.label}{item}（{'、'.join(dict.fromkeys(d.label for d in edit.details))}）"
    if edit.verb == CHANGED:
        return f"修改{edit.label}{item}"
    return f"{'调整' + edit.label + '顺序' if edit.verb == REORDERED else edit.verb + edit.label}{item}"


def _value(text: str | None, quote: Quote) -> str:
    shown = quote(text or "")
    return f"「{shown}」" if text is not None and len(text) > _QUOTED else shown
