"""An xlsx workbook → guide and profile data, every cell it cannot map reported with its sheet, row and column.

Nothing is half-imported: the caller writes files only when there is no problem at all, so a
material row with a typo never silently drops out of its guide.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from ..check.files import display_path
from ..errors import UsageError
from ..standard.schemas import load_schema
from ..standard.slugs import NAME_PATTERN, pinyin_slug, unique_slug
from .cells import CellError, as_text, blank, from_cell
from .columns import (
    CHOICES_SHEET,
    DEPARTMENT_KEY,
    DEPARTMENT_SHEET,
    FILE_KEY,
    ITEM_SHEET,
    README_SHEET,
    Column,
    Layout,
    Sheet,
    get_at,
    layout,
    ordered,
    put_at,
)

# What a workbook may unpack to and hold. An xlsx is a zip: a few hundred KB can unpack to gigabytes (600 MB of
# blanks in one sheet took 1.5 GB to import). The sample catalogue's 28 items are 0.7 MB of XML: 100 MB is a few
# thousand items, more than a department's list; a province's list is imported department by department.
MAX_UNPACKED = 100_000_000
MAX_ROWS = 100_000  # per sheet
MAX_COLUMNS = 1_000
_TOO_BIG = "请按部门分成几个文件（`guides export --department …`）后分别导入。"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .xls, or an xlsx encrypted with a password
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: int | None
    header: str | None
    message: str
    hint: str | None = None
    more_rows: tuple[int, ...] = ()  # further rows with the same problem in the same column

    def where(self) -> str:
        if self.row is None:
            return f"工作表「{self.sheet}」"
        rows = (self.row, *self.more_rows)
        if self.column is None:
            return f"{self.sheet}!第 {'、'.join(map(str, rows[:5]))}{' 等' if len(rows) > 5 else ''} 行"
        letter = get_column_letter(self.column)
        cells = f"{self.sheet}!" + "、".join(f"{letter}{r}" for r in rows[:5]) + (f" 等 {len(rows)} 行" if len(rows) > 5 else "")
        return f"{cells}（{self.header}）" if self.header else cells

    def __str__(self) -> str:
        text = f"{self.where()}：{self.message}"
        return text + (f"\n  提示：{self.hint}" if self.hint else "")


@dataclass
class Imported:
    guides: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (folder, file name) → data
    departments: dict[str, dict[str, Any]] = field(default_factory=dict)  # folder → profile data
    problems: list[Problem] = field(default_factory=list)
    named: list[tuple[int, str, str]] = field(default_factory=list)  # (row, folder, file name) of file names made from names


@dataclass
class _Row:
    number: int
    keys: dict[str, str]  # key header → text
    record: dict[str, Any]
    key_cells: dict[str, int]  # key header → column index


def open_workbook(path: Path) -> tuple[Workbook, Workbook | None]:
    """The workbook's values and its formulas; a file that is not a readable xlsx is a usage error (exit 2)."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{shown} 是文件夹，不是 xlsx 文件。") from None
    except FileNotFoundError:
        raise UsageError(f"找不到文件：{shown}") from None
    except OSError as exc:
        raise UsageError(f"无法读取 {shown}：{exc.strerror}") from None
    if raw.startswith(_OLE):
        if _ENCRYPTED in raw:
            raise UsageError(f"{shown} 设置了打开密码，无法读取。请在 Excel 中打开，"
                             "“文件 → 信息 → 保护工作簿 → 用密码进行加密”，删除密码后保存，再导入。")
        raise UsageError(f"{shown} 是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入。")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise UsageError(f"{shown} 不是 xlsx 文件（可能是 CSV、WPS 表格或文本文件）。"
                         "请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入。")
    try:
        _check_unpacked(raw, shown)
        # Read-only: openpyxl streams each sheet instead of building every cell's object.
        values = load_workbook(io.BytesIO(raw), data_only=True, read_only=True)
        # The formulas themselves are read only where there are any (a second parse of the whole file).
        formulas = load_workbook(io.BytesIO(raw), data_only=False, read_only=True) if _has_formulas(raw) else None
    except UsageError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise UsageError(f"{shown} 无法作为 xlsx 文件打开（{type(exc).__name__}：{exc}）。"
                         "请确认它是 Excel 工作簿（.xlsx），必要时在 Excel 中打开后重新保存。") from None
    return values, formulas


def _check_unpacked(raw: bytes, shown: str) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED bytes: first by the sizes the archive declares,
    then by unpacking it (a part may declare less than it holds), before openpyxl reads anything."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        declared = sum(info.file_size for info in archive.infolist())
        unpacked = 0
        if declared <= MAX_UNPACKED:
            for info in archive.infolist():
                with archive.open(info) as part:
                    while unpacked <= MAX_UNPACKED and (chunk := part.read(1 << 20)):
                        unpacked += len(chunk)
    if max(declared, unpacked) > MAX_UNPACKED:
        raise UsageError(f"{shown} 解压后超过 {MAX_UNPACKED // 1_000_000} MB（声明 {declared // 1_000_000} MB），"
                         f"不像是正常的实施清单，没有读取。{_TOO_BIG}")


def _has_formulas(raw: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml:
                    return True
    return False


def read_workbook(path: Path, known: dict[str, tuple[str, ...]] | None = None, plan: Layout | None = None) -> Imported:
    """Map a workbook onto guides and profiles. `known`: department folders already in the target (folder → names)."""
    plan = plan or layout()
    values, formulas = open_workbook(path)
    return _Reader(plan, values, formulas, known or {}).read()


class _Reader:
    def __init__(self, plan: Layout, values: Workbook, formulas: Workbook | None, known: dict[str, tuple[str, ...]]) -> None:
        self.plan, self.values, self.formulas, self.known = plan, values, formulas, dict(known)
        self.out = Imported()
        self.unknown: dict[tuple[str, str], list[_Row]] = {}  # (sheet, department as written) → its rows

    def problem(self, sheet: str, row: int | None, column: int | None, header: str | None, message: str, hint: str | None = None) -> None:
        self.out.problems.append(Problem(sheet, row, column, header, message, hint))

    def read(self) -> Imported:
        self._sheet_names()
        rows = {s.name: self._rows(s) for s in self.plan.sheets if s.name in self.values.sheetnames}
        self._departments(rows.get(DEPARTMENT_SHEET, []))
        items = self._items(rows.get(ITEM_SHEET, []))
        for sheet in self.plan.sheets:
            if sheet.kind == "guide" and sheet.path:
                self._list_rows(sheet, rows.get(sheet.name, []), items)
        guide_schema = load_schema("guide")
        for key, data in self.out.guides.items():
            self.out.guides[key] = ordered(data, guide_schema, guide_schema)
        department_schema = load_schema("department")
        for folder, data in self.out.departments.items():
            self.out.departments[folder] = ordered(data, department_schema, department_schema)
        for (sheet_name, text), group in self.unknown.items():
            self._unknown_department(sheet_name, text, group)
        order = {name: i for i, name in enumerate(self.plan.names)}
        self.out.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or 0))
        return self.out

    # -- sheets and headers ------------------------------------------------------------

    def _sheet_names(self) -> None:
        names = self.plan.names
        for name in names:
            if name not in self.values.sheetnames:
                self.problem(name, None, None, None, "缺少这个工作表。",
                             "从模板（guides export --template 模板.xlsx）复制这个工作表；没有内容时保留表头即可。")
        for name in self.values.sheetnames:
            if name in names or name in (README_SHEET, CHOICES_SHEET) or _empty(self.values[name]):
                continue
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
            hint = f"您是不是要写「{close[0]}」？工作表名必须与模板一致。" if close else "可用的工作表：" + "、".join(names) + "。"
            self.problem(name, None, None, None, "不认识这个工作表，其中的内容无法导入。", hint)

    def _rows(self, sheet: Sheet) -> list[_Row]:
        ws = self.values[sheet.name]
        grid = _grid(ws)
        formulas = _grid(self.formulas[sheet.name]) if self.formulas and sheet.name in self.formulas.sheetnames else None
        if not grid or all(blank(v) for v in grid[0]):
            self.problem(sheet.name, None, None, None, "第 1 行应为表头，现在是空的。", "从模板复制表头行。")
            return []
        columns = self._headers(sheet, grid)
        missing = [c.header for c in sheet.keys if c.required and c.header not in {col.header for col in columns.values()}]
        if missing:
            self.problem(sheet.name, None, None, None, f"缺少列「{'」「'.join(missing)}」，无法知道每行属于哪个事项或部门。",
                         "从模板复制表头行。")
            return []
        rows = []
        for number, cells in enumerate(grid[1:], 2):
            row = self._row(sheet, number, cells, columns, formulas)
            if row is not None:
                rows.append(row)
        return rows

    def _headers(self, sheet: Sheet, grid: list[list[Any]]) -> dict[int, Column]:
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, raw in enumerate(grid[0], 1):
            if blank(raw):
                if any(len(row) >= index and not blank(row[index - 1]) for row in grid[1:]):
                    self.problem(sheet.name, 1, index, None, "这一列没有表头，但下面有内容，无法知道是哪个要素。", "补上表头，或删除这一列。")
                continue
            header = str(raw).strip()
            column = sheet.column(header)
            if column is None:
                headers = [c.header for c in sheet.columns]
                close = difflib.get_close_matches(header, headers, n=1, cutoff=0.5)
                hint = (f"您是不是要写「{close[0]}」？" if close else f"这个表可用的列：{'、'.join(headers)}。")
                self.problem(sheet.name, 1, index, header, f"不认识的列「{header}」，这一列的内容无法导入。", hint)
            elif header in seen:
                self.problem(sheet.name, 1, index, header, f"列「{header}」重复（第一次在 {get_column_letter(seen[header])} 列）。",
                             "删除或合并重复的列。")
            else:
                seen[header] = index
                columns[index] = column
        return columns

    def _row(self, sheet: Sheet, number: int, cells: list[Any], columns: dict[int, Column],
             formulas: list[list[Any]] | None) -> _Row | None:
        row = _Row(number, {}, {}, {})
        filled = False
        for index, column in columns.items():
            raw = cells[index - 1] if index <= len(cells) else None
            if blank(raw):
                formula = _at(formulas, number, index) if formulas else None
                if isinstance(formula, str) and formula.startswith("="):
                    self.problem(sheet.name, number, index, column.header, f"单元格是公式（{formula[:40]}），但文件中没有它的计算结果。",
                                 "在 Excel 中打开并保存一次，或把公式“选择性粘贴”为数值。")
                continue
            filled = True
            try:
                if column.kind == "key":
                    row.keys[column.header] = as_text(column, raw).strip()
                    row.key_cells[column.header] = index
                else:
                    put_at(row.record, column.path, from_cell(column, raw))
            except CellError as exc:
                self.problem(sheet.name, number, index, column.header, exc.message, exc.hint)
        return row if filled else None

    # -- departments and items -----------------------------------------------------------

    def _departments(self, rows: list[_Row]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            folder = row.keys.get(DEPARTMENT_KEY, "")
            column = row.key_cells.get(DEPARTMENT_KEY)
            if not folder:
                self.problem(DEPARTMENT_SHEET, row.number, None, None, f"没有填写「{DEPARTMENT_KEY}」。", "写部门文件夹名，例如 shichang。")
            elif not NAME_PATTERN.fullmatch(folder):
                self.problem(DEPARTMENT_SHEET, row.number, column, DEPARTMENT_KEY, f"「{folder}」不能用作文件夹名。",
                             "只用小写字母、数字和连字符，例如 shichang、qinghe-zhen。")
            elif folder in first:
                self.problem(DEPARTMENT_SHEET, row.number, column, DEPARTMENT_KEY, f"部门「{folder}」重复，第 {first[folder]} 行已经有了。",
                             "一个部门只写一行。")
            else:
                first[folder] = row.number
                self.out.departments[folder] = self._required_lists(row.record, "department")
                self.known[folder] = tuple(str(row.record.get(k, "")) for k in ("name", "short_name"))

    def _required_lists(self, data: dict[str, Any], kind: str) -> dict[str, Any]:
        """A list the standard requires at the top level, with no rows or values: an empty list (`materials: []`)."""
        for sheet in self.plan.of_kind(kind):
            if sheet.required:
                data.setdefault(sheet.path[0], [])
            for column in sheet.fields if not sheet.path else ():
                if column.kind == "list" and column.required and len(column.path) == 1:
                    data.setdefault(column.path[0], [])
        return data

    def _folder(self, sheet: str, row: _Row) -> str | None:
        """The department folder a row names: a folder of the 部门 sheet or the target, or one of their names."""
        text = row.keys.get(DEPARTMENT_KEY, "")
        if not text:
            self.problem(sheet, row.number, None, None, f"没有填写「{DEPARTMENT_KEY}」，无法知道这一行属于哪个部门。",
                         "写部门文件夹名，例如 shichang。")
            return None
        if text in self.known:
            return text
        by_name = [folder for folder, names in self.known.items() if text in names]
        if len(by_name) == 1:
            return by_name[0]
        self.unknown.setdefault((sheet, text), []).append(row)
        return None

    def _unknown_department(self, sheet: str, text: str, rows: list[_Row]) -> None:
        """One problem for all the rows of a sheet that name the same unknown department."""
        close = difflib.get_close_matches(text, [*self.known, *(n for names in self.known.values() for n in names if n)], n=1, cutoff=0.5)
        hint = (f"您是不是要写「{close[0]}」？" if close else "") + f"新部门请先在「{DEPARTMENT_SHEET}」表中加一行。"
        self.out.problems.append(Problem(sheet, rows[0].number, rows[0].key_cells.get(DEPARTMENT_KEY), DEPARTMENT_KEY,
                                         f"部门「{text}」既不在「{DEPARTMENT_SHEET}」表中，也不是已有的部门文件夹。", hint,
                                         tuple(r.number for r in rows[1:])))

    def _items(self, rows: list[_Row]) -> dict[tuple[str, str], int]:
        """Each item row's (folder, file name); file names made from the name come after the given ones."""
        first: dict[tuple[str, str], int] = {}
        unnamed: list[tuple[_Row, str]] = []
        for row in rows:
            folder = self._folder(ITEM_SHEET, row)
            slug = row.keys.get(FILE_KEY, "")
            if slug.lower().endswith((".yaml", ".yml")):
                slug = slug.rsplit(".", 1)[0]
            if slug and not NAME_PATTERN.fullmatch(slug):
                self.problem(ITEM_SHEET, row.number, row.key_cells.get(FILE_KEY), FILE_KEY, f"「{slug}」不能用作文件名。",
                             "只用小写字母、数字和连字符，例如 getihu-sheli-dengji；留空时按事项名称的拼音生成。")
                continue
            if not slug and not isinstance(row.record.get("name"), str):
                self.problem(ITEM_SHEET, row.number, None, None, f"「{FILE_KEY}」和「事项名称」都没有填写，无法确定文件名。", "至少填写事项名称。")
                continue
            if folder is None:
                continue
            if not slug:
                unnamed.append((row, folder))
                continue
            self._add_item(row, (folder, slug), first)
        for row, folder in unnamed:
            slug = unique_slug(pinyin_slug(row.record["name"]) or "shixiang", {s for f, s in first if f == folder})
            self.out.named.append((row.number, folder, slug))
            self._add_item(row, (folder, slug), first)
        return first

    def _add_item(self, row: _Row, key: tuple[str, str], first: dict[tuple[str, str], int]) -> None:
        if key in first:
            self.problem(ITEM_SHEET, row.number, row.key_cells.get(FILE_KEY), FILE_KEY,
                         f"事项「{key[0]}/{key[1]}」重复，第 {first[key]} 行已经有了。", "一个事项只写一行；同名事项请用不同的文件名区分。")
            return
        first[key] = row.number
        self.out.guides[key] = self._required_lists(row.record, "guide")

    def _list_rows(self, sheet: Sheet, rows: list[_Row], items: dict[tuple[str, str], int]) -> None:
        names: dict[tuple[str, str], list[str]] = {}
        for folder, slug in items:
            names.setdefault((folder, str(self.out.guides[(folder, slug)].get("name", ""))), []).append(slug)
        unmatched: dict[tuple[str, str], list[_Row]] = {}
        for row in rows:
            folder = self._folder(sheet.name, row)
            text = row.keys.get(FILE_KEY, "")
            if folder is None:
                continue
            if not text:
                self.problem(sheet.name, row.number, None, None, f"没有填写「{FILE_KEY}」，无法知道这一行属于哪个事项。",
                             f"写「{ITEM_SHEET}」表中这个事项的文件名或事项名称。")
                continue
            slug = text.rsplit(".", 1)[0] if text.lower().endswith((".yaml", ".yml")) else text
            if (folder, slug) not in items:
                named = names.get((folder, text), [])
                if len(named) != 1:
                    unmatched.setdefault((folder, text), []).append(row)
                    continue
                slug = named[0]
            if not row.record:
                self.problem(sheet.name, row.number, None, None, "这一行只填写了所属事项，没有内容。", "填写内容，或删除这一行。")
                continue
            target = self.out.guides[(folder, slug)]
            current = get_at(target, sheet.path)
            if not isinstance(current, list):
                current = []
                put_at(target, sheet.path, current)
            _append(current, row.record, sheet)
        for (folder, text), group in unmatched.items():
            self._unmatched(sheet, group, folder, text, items, ambiguous=len(names.get((folder, text), [])) > 1)

    def _unmatched(self, sheet: Sheet, rows: list[_Row], folder: str, text: str, items: dict[tuple[str, str], int], *,
                   ambiguous: bool) -> None:
        """One problem for all the rows that name the same item that is not there (a renamed item has many rows)."""
        first, more = rows[0], tuple(r.number for r in rows[1:])
        column = first.key_cells.get(FILE_KEY)
        if ambiguous:
            self.out.problems.append(Problem(sheet.name, first.number, column, FILE_KEY, f"部门「{folder}」有几个事项都叫「{text}」。",
                                             "请写文件名以区分。", more))
            return
        choices = [s for f, s in items if f == folder] + [str(self.out.guides[(f, s)].get("name", "")) for f, s in items if f == folder]
        close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
        if not choices:
            hint = f"「{ITEM_SHEET}」表中没有部门「{folder}」的事项。"
        else:
            hint = (f"您是不是要写「{close[0]}」？" if close else "") + f"写「{ITEM_SHEET}」表中这个事项的文件名或事项名称。"
        self.out.problems.append(Problem(sheet.name, first.number, column, FILE_KEY,
                                         f"「{folder}」「{text}」与「{ITEM_SHEET}」表中的任何事项都对不上。", hint, more))


def _append(items: list[Any], record: dict[str, Any], sheet: Sheet) -> None:
    """One row's item added to its list: an object with only the shorthand key as plain text; with a nested list
    (办理情形's 选项), a row whose other cells equal the previous item's adds its inner item to that item."""
    if not sheet.nested:
        items.append(_short(record, sheet.shorthand))
        return
    key = sheet.nested[0]
    inner = record.pop(key, None)
    previous = items[-1] if items else None
    if not (isinstance(previous, dict) and {k: v for k, v in previous.items() if k != key} == record):
        previous = record
        items.append(previous)
    if isinstance(inner, dict):
        previous.setdefault(key, []).append(_short(inner, sheet.nested_shorthand))


def _short(record: dict[str, Any], shorthand: str) -> Any:
    return record[shorthand] if shorthand and record.keys() == {shorthand} else record


def _grid(ws: Worksheet) -> list[list[Any]]:
    """The sheet's values as the file holds them, a merged range's value repeated in each of its cells.

    Streamed (read-only), each row only as wide as its last value: a sheet's declared size (`A1:XFD1048576`) is no
    reason to fill it. More than MAX_ROWS rows or MAX_COLUMNS columns is refused.
    """
    ws.reset_dimensions()
    grid: list[list[Any]] = []
    for row in ws.iter_rows(values_only=True):
        if len(grid) == MAX_ROWS:
            raise UsageError(f"工作表「{ws.title}」超过 {MAX_ROWS} 行，没有导入。{_TOO_BIG}")
        cells = list(row[:MAX_COLUMNS + 1]) if row.count(None) < len(row) else []
        while cells and cells[-1] is None:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise UsageError(f"工作表「{ws.title}」超过 {MAX_COLUMNS} 列，没有导入。删除多余的列后再导入。")
        grid.append(cells)
    merges = _merged_ranges(ws)
    if sum((min(m.max_row, len(grid)) - m.min_row + 1) * (m.max_col - m.min_col + 1) for m in merges) > MAX_ROWS * 10:
        raise UsageError(f"工作表「{ws.title}」合并的单元格太多，没有导入。取消不必要的合并后再导入。")
    for merged in merges:
        value = _at(grid, merged.min_row, merged.min_col)
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            row = grid[r - 1]
            row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                row[c - 1] = value
    return grid


def _at(grid: list[list[Any]], row: int, column: int) -> Any:
    """A 1-based cell of a grid; None outside it."""
    return grid[row - 1][column - 1] if row <= len(grid) and column <= len(grid[row - 1]) else None


def _merged_ranges(ws: Any) -> list[CellRange]:
    """The merged ranges of a read-only sheet (openpyxl keeps them only when it loads every cell)."""
    found: list[CellRange] = []
    with ws._get_source() as source:  # the sheet's XML in the archive
        for _, element in iterparse(source):
            if element.tag == f"{{{SHEET_MAIN_NS}}}mergeCell" and element.get("ref"):
                merged = CellRange(element.get("ref"))
                if merged.max_col <= MAX_COLUMNS and merged.min_row <= MAX_ROWS:
                    found.append(merged)
            element.clear()  # keep memory flat
    return found


def _empty(ws: Worksheet) -> bool:
    return all(blank(v) for row in ws.iter_rows(values_only=True) for v in row)

