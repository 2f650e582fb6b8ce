"""One cell ↔ one value: what export writes and what import accepts, column kind by kind."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .columns import FALSE_LABEL, TRUE_LABEL, Column, label

MAX_CELL = 32_767  # Excel's limit on the characters in one cell
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number
_CHOICE_SEPARATORS = re.compile(r"[\n、，,；;]+")
_TRUE = {TRUE_LABEL, "true", "TRUE", "True"}
_FALSE = {FALSE_LABEL, "false", "FALSE", "False"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters an xlsx cannot store


class CellError(Exception):
    """A cell whose content cannot be mapped to its element: a Chinese message and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


# -- export -----------------------------------------------------------------------


def to_cell(column: Column, value: Any) -> Any:
    """The cell content for one element's value; CellError for a value a cell cannot hold."""
    if isinstance(value, dict):
        raise CellError("是一组键值对，一个单元格放不下", "按标准改写这个要素后再导出。")
    if column.kind == "list":
        if not isinstance(value, list):
            value = [value]
        parts = []
        for item in value:
            if isinstance(item, (dict, list)):
                raise CellError("列表中有键值对或列表，一个单元格放不下", "按标准改写这个要素后再导出。")
            text = label(item)
            if "\n" in text:
                raise CellError(f"列表项「{_short(text)}」含有换行，而单元格中每行是一项", "把这一项改为一行文字后再导出。")
            parts.append(text)
        return _text("\n".join(parts))
    if isinstance(value, list):
        raise CellError("是一个列表，而这一列只放一个值", "按标准改写这个要素后再导出。")
    if isinstance(value, bool) or value is None:
        return None if value is None else label(value)
    if isinstance(value, (int, float)) and column.kind in ("integer", "number"):
        return value
    return _text(str(value))


def _text(text: str) -> str:
    if len(text) > MAX_CELL:
        raise CellError(f"有 {len(text)} 个字，超过了一个单元格最多 {MAX_CELL} 个字")
    if _ILLEGAL.search(text):
        raise CellError("含有控制字符，Excel 文件中无法保存", "删除这些不可见字符后再导出。")
    return text


# -- import -----------------------------------------------------------------------


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def from_cell(column: Column, raw: Any) -> Any:
    """The element's value for a non-blank cell; CellError when the cell cannot be mapped."""
    if column.kind == "list":
        return _list(column, raw)
    return _scalar(column, column.kind, raw)


def _list(column: Column, raw: Any) -> list[Any]:
    if column.item_kind == "choice":
        parts = _CHOICE_SEPARATORS.split(as_text(column, raw))
    else:
        parts = as_text(column, raw).splitlines()
    return [_scalar(column, column.item_kind, part) for part in (p.strip() for p in parts) if part]


def _scalar(column: Column, kind: str, raw: Any) -> Any:
    if kind == "choice":
        return _choice(column, raw)
    if kind == "boolean":
        return _boolean(raw)
    if kind in ("integer", "number"):
        return _number(kind, raw)
    return as_text(column, raw).strip()


def _choice(column: Column, raw: Any) -> Any:
    text = raw.strip() if isinstance(raw, str) else label(raw) if isinstance(raw, bool) else as_text(column, raw)
    for value in column.choices:
        if text == label(value):
            return value
    labels = column.labels
    close = difflib.get_close_matches(text, labels, n=1, cutoff=0.4)
    hint = f"可选：{'、'.join(labels)}。" + (f"您是不是要写「{close[0]}」？" if close else "")
    raise CellError(f"「{_short(text)}」不是允许的值", hint)


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"「{_short(text)}」不是「{TRUE_LABEL}」或「{FALSE_LABEL}」", f"只能填「{TRUE_LABEL}」或「{FALSE_LABEL}」。")


def _number(kind: str, raw: Any) -> int | float:
    what = "整数" if kind == "integer" else "数字"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.datetime)):
        raise CellError(f"应为{what}，单元格中是{'是/否' if isinstance(raw, bool) else '日期或时间'}", "只填阿拉伯数字，例如 3。")
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = str(raw).strip()
        if not (_INTEGER if kind == "integer" else _NUMBER).fullmatch(text):
            raise CellError(f"应为{what}，单元格中是「{_short(text)}」", "只填阿拉伯数字，例如 3；单位（工作日、自然日）另有一列。")
        value = int(text) if _INTEGER.fullmatch(text) else float(text)
    if kind == "integer":
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"应为整数，单元格中是 {value}", "只填整数，例如 3。")
        return int(value)
    return value


def as_text(column: Column, raw: Any) -> str:
    """A cell's content as the text typed, undoing Excel's typing where that can be done faithfully."""
    if isinstance(raw, str):
        # Excel keeps a carriage return as the escape _x000D_; a cell's line break is a plain \n.
        return raw.replace("_x000D_", "\r").replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(raw, bool):
        raise CellError(f"应为文字，单元格中是 Excel 的逻辑值 {'TRUE' if raw else 'FALSE'}",
                        "把单元格格式设为“文本”后重新输入。")
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.strftime("%Y-%m-%d %H:%M")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, dt.time):
        return f"{raw.hour}:{raw.minute:02d}"
    if isinstance(raw, (int, float)):
        text = str(int(raw)) if isinstance(raw, int) or raw.is_integer() else repr(raw)
        again = "把这一列的单元格格式设为“文本”，然后照原样重新输入。"
        if len(text.lstrip("-").replace(".", "").lstrip("0")) > _EXCEL_DIGITS:
            raise CellError(f"单元格是数字 {text}，Excel 只保留 15 位有效数字，后面的数字可能已被改成 0", again)
        if column.pattern and not re.search(column.pattern, text):
            raise CellError(f"单元格是数字 {text}，格式不对：Excel 可能已经去掉了开头的 0", again)
        return text
    return str(raw)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
