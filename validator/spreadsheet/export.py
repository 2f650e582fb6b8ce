"""The catalogue (or nothing: the template) → an xlsx workbook laid out by `columns.layout()`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..boundary import leaves
from ..check.files import discover, display_path, kind_of, outside_link
from ..check.loader import LoadFailed, load
from ..diagnostics import shown_path
from ..errors import UsageError
from ..standard.schemas import load_schema
from ..standard.walk import tool_members
from ..wording.display import width
from .cells import CellError, to_cell
from .columns import (
    CHOICES_SHEET,
    DEPARTMENT_KEY,
    FILE_KEY,
    ITEM_SHEET,
    README_SHEET,
    SEPARATOR,
    Column,
    Layout,
    Sheet,
    get_at,
    layout,
)

LAST_ROW = 1_048_576  # Excel's last row: drop-downs and text format apply to rows added later too
_FILLS = {"key": "DDEBF7", "required": "FCE4D6", "optional": "EDEDED"}
_HEADER_FONT = Font(bold=True)
_TOP = Alignment(vertical="top", wrap_text=True)


@dataclass
class Record:
    """One file's data with where it goes in the workbook."""

    department: str
    slug: str  # "" for a department profile
    data: dict[str, Any]
    source: str  # display path, for messages


@dataclass
class Exported:
    workbook: Workbook
    problems: list[str] = field(default_factory=list)  # values the workbook cannot hold: nothing is written
    notes: list[str] = field(default_factory=list)  # what a round trip will not keep (empty lists)
    guides: int = 0
    departments: int = 0


def read_catalogue(root: Path, only: list[str] | None = None) -> tuple[list[Record], list[str]]:
    """Every guide and profile under `root` (or the named department folders), loaded; load failures as messages."""
    if not root.is_dir():
        raise UsageError(f"找不到目录文件夹：{display_path(root)}")
    records: list[Record] = []
    problems: list[str] = []
    for path in discover([str(root)]):
        if only and path.parent.name not in only:
            continue
        shown = display_path(path)
        if leaves(path, root):  # never read through a symlink out of the catalogue
            refused = outside_link(shown)
            problems.append(f"{shown}:1:1: {refused.code} {refused.message}")
            continue
        try:
            document = load(shown, path.read_bytes())
        except LoadFailed as failed:
            problems += [f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in failed.diagnostics]
            continue
        except OSError as exc:
            problems.append(f"{shown}：无法读取（{exc.strerror}）")
            continue
        slug = "" if kind_of(path) == "department" else path.stem
        records.append(Record(path.parent.name, slug, document.data, shown))
    return records, problems


def export(records: Iterable[Record] = (), plan: Layout | None = None) -> Exported:
    """The workbook for these records; with none, the empty template."""
    plan = plan or layout()
    out = Exported(Workbook())
    book = out.workbook
    book.remove(book.active)
    _readme(book.create_sheet(README_SHEET), plan)
    rows: dict[str, list[list[Any]]] = {s.name: [] for s in plan.sheets}
    for record in records:
        kind = "guide" if record.slug else "department"
        out.guides += kind == "guide"
        out.departments += kind == "department"
        _place(record, plan.of_kind(kind), rows, out)
    choices = _ChoiceLists(book)
    for sheet in plan.sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, rows[sheet.name], choices)
    choices.finish()
    book.active = book.sheetnames.index(ITEM_SHEET)
    return out


TOOL_MEMBERS = frozenset(tool_members(load_schema("guide")) + tool_members(load_schema("department")))


# -- records → rows -----------------------------------------------------------------


def _place(record: Record, sheets: tuple[Sheet, ...], rows: dict[str, list[list[Any]]], out: Exported) -> None:
    main, lists = sheets[0], {s.path: s for s in sheets[1:]}
    keys = [record.department, record.slug] if record.slug else [record.department]
    rows[main.name].append(keys + _cells(record, main, record.data, (), out))
    for path, value in _leftovers(record.data, (), {c.path for c in main.fields}, lists):
        if path[0] in TOOL_MEMBERS:  # the guide's suppressions: an import keeps the file's own (cli/spreadsheet.py)
            continue
        if isinstance(value, (list, dict)) and not value:
            kind = "空列表" if isinstance(value, list) else "空的键值对"
            out.notes.append(f"{record.source}：「{shown_path(path)}」是{kind}，表格中不保留，导入时将省略。")
        else:
            out.problems.append(f"{record.source}：「{shown_path(path)}」在表格中没有对应的列，导出会丢失它。"
                                "请先按 `guides check` 的提示改正这个文件。")
    for path, sheet in lists.items():
        items = get_at(record.data, path)
        if items is None:
            continue
        if not isinstance(items, list):
            out.problems.append(f"{record.source}：「{shown_path(path)}」应为列表，表格中放不下。请先按 `guides check` 的提示改正。")
            continue
        if not items and not sheet.required:
            out.notes.append(f"{record.source}：「{shown_path(path)}」是空列表，表格中不保留，导入时将省略。")
        for index, item in enumerate(items):
            where = path + (index,)
            for row, at in _item_rows(item, where, sheet.shorthand, sheet.nested, sheet.nested_shorthand):
                if not isinstance(row, dict):
                    out.problems.append(f"{record.source}：「{shown_path(at)}」应为键值对，表格中放不下。请先按 `guides check` 的提示改正。")
                    continue
                for extra, _ in _leftovers(row, (), {c.path for c in sheet.fields}, {}):
                    out.problems.append(f"{record.source}：「{shown_path(where + extra)}」在表格中没有对应的列，导出会丢失它。"
                                        "请先按 `guides check` 的提示改正这个文件。")
                rows[sheet.name].append([record.department, record.slug] + _cells(record, sheet, row, where, out))


def _item_rows(item: Any, where: tuple[str | int, ...], shorthand: str, nested: tuple[str, ...],
               nested_shorthand: str) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    """The rows one list item makes: itself (a plain text as its shorthand key's object); with a nested list,
    one row per inner item, the item with the inner list replaced by that item."""
    if isinstance(item, str) and shorthand:
        item = {shorthand: item}
    inner = item.get(nested[0]) if nested and isinstance(item, dict) else None
    if not isinstance(inner, list) or not inner:
        yield item, where
        return
    for index, each in enumerate(inner):
        if isinstance(each, str) and nested_shorthand:
            each = {nested_shorthand: each}
        if not isinstance(each, dict):
            yield each, (*where, nested[0], index)
            continue
        yield {**item, nested[0]: each}, where


def _cells(record: Record, sheet: Sheet, data: dict[str, Any], base: tuple[str | int, ...], out: Exported) -> list[Any]:
    cells = []
    for column in sheet.fields:
        value = get_at(data, column.path)
        try:
            cells.append(None if value is None else to_cell(column, value))
        except CellError as exc:
            out.problems.append(f"{record.source}：「{shown_path(base + column.path)}」（{column.header}）{exc.message}。{exc.hint or ''}")
            cells.append(None)
    return cells


def _leftovers(data: Any, path: tuple[str, ...], columns: set[tuple[str, ...]],
               lists: dict[tuple[str, ...], Sheet]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Values under `data` that no column and no list sheet takes."""
    for key, value in data.items():
        here = path + (key,)
        if here in columns or here in lists:
            continue
        inside = any(c[: len(here)] == here for c in (*columns, *lists))
        if inside and isinstance(value, dict) and value:
            yield from _leftovers(value, here, columns, lists)
        elif not (inside and value is None):
            yield here, value


# -- the workbook ---------------------------------------------------------------------


class _ChoiceLists:
    """The hidden sheet holding the drop-down lists, one column per distinct list."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet(CHOICES_SHEET)
        self.refs: dict[tuple[str, ...], str] = {}

    def ref(self, column: Column) -> str:
        labels = column.labels
        if labels not in self.refs:
            index = len(self.refs) + 1
            letter = get_column_letter(index)
            self.sheet.cell(1, index, column.header.split(SEPARATOR)[-1])
            for row, text in enumerate(labels, 2):
                self.sheet.cell(row, index, text).number_format = "@"
            self.refs[labels] = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
        return self.refs[labels]

    def finish(self) -> None:
        self.sheet.sheet_state = "hidden"
        book = self.sheet.parent
        book.move_sheet(self.sheet, len(book.sheetnames) - 1 - book.sheetnames.index(CHOICES_SHEET))


def _write_sheet(ws: Worksheet, sheet: Sheet, rows: list[list[Any]], choices: _ChoiceLists) -> None:
    for index, column in enumerate(sheet.columns, 1):
        cell = ws.cell(1, index, column.header)
        cell.font, cell.alignment = _HEADER_FONT, _TOP
        fill = "key" if column.kind == "key" else "required" if column.required else "optional"
        cell.fill = PatternFill("solid", fgColor=_FILLS[fill])
        note = column.description + ("\n（必填）" if column.required and column.kind != "key" else "")
        lines = sum(width(line) // 44 + 1 for line in note.splitlines())  # about 22 Chinese characters a line
        cell.comment = Comment(note, "guides", width=360, height=max(80, 18 * lines + 24))
    for row_number, values in enumerate(rows, 2):
        for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), 1):
            if value is None:
                continue
            cell = ws.cell(row_number, index, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            if column.as_text:
                cell.number_format = "@"
            cell.alignment = _TOP
    for index, column in enumerate(sheet.columns, 1):
        letter = get_column_letter(index)
        dimension = ws.column_dimensions[letter]
        if column.as_text:
            dimension.number_format = "@"  # cells typed later stay text: 0799-…, 000131128000
        dimension.width = _width(column, (values[index - 1] for values in rows))
        if column.kind in ("choice", "boolean"):
            shown = "、".join(column.labels)
            rule = DataValidation(type="list", formula1=choices.ref(column), allow_blank=True, showErrorMessage=True,
                                  errorTitle="不是允许的值", error=f"请从下拉列表中选择：{shown}"[:255])
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(rule)
    keys = len(sheet.keys)
    ws.freeze_panes = ws.cell(2, keys + 1).coordinate  # the header row and the key columns stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(rows) + 1, 2)}"


def _width(column: Column, values: Iterable[Any]) -> float:
    widest = max([width(line) for value in values if value is not None for line in str(value).splitlines()] or [0])
    header = max(width(column.header), 8)
    return float(min(max(header, widest) + 2, 30 if column.kind == "key" else 60))


def _readme(ws: Worksheet, plan: Layout) -> None:
    lines = [
        f"实施清单（政务服务事项办事指南，标准版本 {plan.version}）",
        "",
        "怎么填：",
        f"1. 「{ITEM_SHEET}」表每行一个事项。「{DEPARTMENT_KEY}」写部门文件夹名（如 shichang），「{FILE_KEY}」写指南文件名"
        "（不含 .yaml；新事项可以留空，导入时按事项名称的拼音生成）。",
        "2. 申请材料、设定依据、办理流程等每项一行，写在各自的表里，用「部门文件夹」「文件名」两列指明属于哪个事项"
        "（文件名也可以写事项名称）；同一事项的各行按先后顺序排列。",
        "3. 一个单元格里写多项（如服务对象、受理条件）时，每行写一项：单元格内换行用 Alt+Enter。",
        "4. 带下拉箭头的列只能从列表中选择；是/否 列填「是」或「否」。把鼠标移到表头上可以看到每一列的填写说明。",
        "5. 表头颜色：蓝色是事项标识，橙色是必填，灰色是选填。不要改动表头文字；列的顺序可以调整，用不到的列可以删除。",
        "6. 导入：guides import 文件.xlsx（写成 YAML 文件并检查）；导出整个目录：guides export 文件.xlsx。",
        "",
        "工作表",
    ]
    for row, text in enumerate(lines, 1):
        ws.cell(row, 1, text)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    start = len(lines) + 1
    for index, header in enumerate(("工作表", "每行是", "说明"), 1):
        ws.cell(start, index, header).font = _HEADER_FONT
    for row, sheet in enumerate(plan.sheets, start + 1):
        ws.cell(row, 1, sheet.name)
        ws.cell(row, 2, sheet.row_is)
        ws.cell(row, 3, sheet.description).alignment = _TOP
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 100

