"""The spreadsheet layout, derived from the schemas at run time.

- Sheet「事项」: one row per guide; a column per scalar element, headed by its Chinese title;
  nested objects are flattened with「·」(「办理时限·法定办结时限·数值」).
- A list of scalars (服务对象, 受理条件 …) is one cell, one value per line.
- A list of objects (设定依据, 申请材料, 办理流程 …) gets a sheet of its own, named by the list's
  title, one row per list item, tied to its guide by the key columns 部门文件夹 + 文件名.
- A list whose items are text or an object (受理条件, 选项: `x-shorthand` in the schema) is a list of objects;
  a plain string is the object with only its shorthand key, and import writes that short form back.
- A list of objects inside a list item (办理情形's 选项) gives each inner item a row, the outer item's cells
  repeated; import joins adjacent rows whose outer cells are equal into one item.
- Sheet「部门」: one row per department profile, keyed by 部门文件夹.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..standard.schemas import load_schema, version
from ..standard.slugs import NAME_PATTERN
from ..standard.walk import items, properties, resolve_ref, shorthand_object

SEPARATOR = "·"
DEPARTMENT_KEY = "部门文件夹"
FILE_KEY = "文件名"
ITEM_SHEET = "事项"
DEPARTMENT_SHEET = "部门"
README_SHEET = "说明"
CHOICES_SHEET = "取值"  # hidden: the drop-down lists
TRUE_LABEL, FALSE_LABEL = "是", "否"
_SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


class LayoutError(Exception):
    """The schema has a shape the spreadsheet cannot hold (a maintainer's problem, not a clerk's)."""


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]  # keys inside the row's record; () for a key column
    kind: str  # "key", "text", "integer", "number", "boolean", "choice", "list"
    description: str = ""
    choices: tuple[Any, ...] = ()  # allowed values of a choice column, or of a list's items
    item_kind: str = ""  # a list's items: "text", "integer", "number", "choice"
    pattern: str | None = None
    date: bool = False  # text in YYYY-MM-DD
    required: bool = False
    inner: bool = False  # a field of the items of the sheet's `nested` list

    @property
    def labels(self) -> tuple[str, ...]:
        """The allowed values as a clerk types them (true → 是)."""
        return tuple(label(value) for value in self.choices)

    @property
    def as_text(self) -> bool:
        """Cells formatted as text, so that Excel keeps 0799-… and 000131128000 as typed."""
        return self.kind not in ("integer", "number", "boolean")


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # "guide" or "department": which files its rows belong to
    path: tuple[str, ...]  # where the list its rows make up sits in the document; () for one row per file
    columns: tuple[Column, ...]
    description: str = ""
    row_is: str = ""  # what one row is, for the 说明 sheet
    required: bool = False  # the list is required at the top level: no rows means an empty list
    shorthand: str = ""  # the key a plain-text item stands for (`x-shorthand`): "text" for 受理条件
    nested: tuple[str, ...] = ()  # a list inside each item whose items get a row each: ("options",) for 办理情形
    nested_shorthand: str = ""  # … and the key a plain-text item of it stands for

    @property
    def keys(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind == "key")

    @property
    def fields(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind != "key")

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)


@dataclass(frozen=True)
class Layout:
    sheets: tuple[Sheet, ...]
    version: str

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def of_kind(self, kind: str) -> tuple[Sheet, ...]:
        return tuple(s for s in self.sheets if s.kind == kind)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)


def label(value: Any) -> str:
    if value is True:
        return TRUE_LABEL
    if value is False:
        return FALSE_LABEL
    return str(value)


@cache
def layout() -> Layout:
    guide, department = load_schema("guide"), load_schema("department")
    sheets: list[Sheet] = []
    key_department = Column(DEPARTMENT_KEY, (), "key", "部门文件夹名（guides/ 下的文件夹，例如 shichang），也可以写「部门」表中的部门全称或简称。",
                            pattern=NAME_PATTERN.pattern, required=True)
    key_file = Column(FILE_KEY, (), "key", "指南文件名，不含 .yaml，小写字母、数字和连字符（例如 getihu-sheli-dengji）；"
                                           "留空时按事项名称的拼音生成。", pattern=NAME_PATTERN.pattern, required=False)
    item_key = (key_department, Column(FILE_KEY, (), "key", "所属事项：与「事项」表中的文件名相同，也可以写事项名称。", required=True))
    _LayoutBuilder(guide, "guide", item_key, sheets).root(ITEM_SHEET, (key_department, key_file), "一个事项")
    _LayoutBuilder(department, "department", (key_department,), sheets).root(DEPARTMENT_SHEET, (key_department,), "一个部门",
                                                                          prefix=DEPARTMENT_SHEET + SEPARATOR)
    names = [s.name for s in sheets]
    for name in names:
        if names.count(name) > 1 or name in (README_SHEET, CHOICES_SHEET) or len(name) > 31 or _SHEET_NAME_FORBIDDEN & set(name):
            raise LayoutError(f"工作表名「{name}」重复、过长或含有 Excel 不允许的字符")
    return Layout(tuple(sheets), version())


class _LayoutBuilder:
    """Walks one schema: columns for the row sheet, a further sheet for each list of objects."""

    def __init__(self, schema: Mapping[str, Any], kind: str, list_keys: tuple[Column, ...], sheets: list[Sheet]) -> None:
        self.schema, self.kind, self.list_keys, self.sheets = schema, kind, list_keys, sheets

    def root(self, name: str, keys: tuple[Column, ...], row_is: str, prefix: str = "") -> None:
        self.prefix = prefix
        position = len(self.sheets)
        columns = list(keys) + list(self._columns(self.schema, (), (), nested=False, required=True))
        self.sheets.insert(position, Sheet(name, self.kind, (), tuple(columns), self.schema.get("description", ""), row_is))

    def _columns(self, node: Mapping[str, Any], titles: tuple[str, ...], path: tuple[str, ...], *,
                 nested: bool, required: bool) -> Iterator[Column]:
        for element in properties(self.schema, node):
            key, child = element.key, element.spec
            title = child.get("title", key)
            here, where = titles + (title,), path + (key,)
            is_required = required and element.required
            if "properties" in child:
                yield from self._columns(child, here, where, nested=nested, required=is_required)
                continue
            if child.get("type") == "array":
                listed = items(self.schema, child)
                inside = listed.spec if listed is not None else {}
                union = shorthand_object(self.schema, inside)
                shorthand = union["x-shorthand"] if union is not None else ""
                if union is not None:  # text or object: the object, titled as the list's items are
                    inside = {**union, **{k: inside[k] for k in ("title", "description") if k in inside}}
                if "properties" in inside:
                    if nested:  # inside a list item: its items get rows of their own, one level deep
                        if self.inner is not None or len(where) != 1:
                            raise LayoutError(f"「{SEPARATOR.join(here)}」是列表中的列表中的列表，表格无法表示")
                        self.inner = (where, shorthand)
                        for column in self._columns(inside, here, where, nested=True, required=is_required):
                            yield replace(column, inner=True)
                        continue
                    self._list_sheet(here, where, child, inside, required=is_required and not path, shorthand=shorthand)
                    continue
                kind, choices = _scalar_kind(inside)
                yield Column(SEPARATOR.join(here), where, "list", _note(child, inside, listed=True), choices, kind,
                             inside.get("pattern"), required=is_required)
                continue
            kind, choices = _scalar_kind(child)
            yield Column(SEPARATOR.join(here), where, kind, _note(child, child), choices, pattern=child.get("pattern"),
                         date=child.get("format") == "date", required=is_required)

    def _list_sheet(self, titles: tuple[str, ...], path: tuple[str, ...], node: Mapping[str, Any], items: Mapping[str, Any],
                    *, required: bool, shorthand: str) -> None:
        taken = {s.name for s in self.sheets}
        name = self.prefix + titles[-1]
        if name in taken or name in (ITEM_SHEET, DEPARTMENT_SHEET):
            name = self.prefix + SEPARATOR.join(titles)
        self.inner: tuple[tuple[str, ...], str] | None = None
        columns = self.list_keys + tuple(self._columns(items, (), (), nested=True, required=True))
        row_is = items.get("title", titles[-1])
        nested, nested_shorthand = self.inner or ((), "")
        if nested:
            inner = next(c for c in columns if c.inner).header.split(SEPARATOR)[0]
            row_is = f"{row_is}的一个{inner}（各占一行；相邻几行的{row_is}各列相同时，合为一个{row_is}）"
        self.sheets.append(Sheet(name, self.kind, path, columns, node.get("description", ""), row_is, required, shorthand,
                                 nested, nested_shorthand))


def _scalar_kind(node: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    if "enum" in node:
        return "choice", tuple(node["enum"])
    if "const" in node:
        return "choice", (node["const"],)
    options = node.get("oneOf") or node.get("anyOf")
    if options and all(isinstance(o, Mapping) and "const" in o for o in options):
        return "choice", tuple(o["const"] for o in options)
    kind = node.get("type")
    if kind in ("integer", "number", "boolean"):
        return kind, ((True, False) if kind == "boolean" else ())
    return "text", ()


def _note(node: Mapping[str, Any], items: Mapping[str, Any], *, listed: bool = False) -> str:
    """The header cell's note: the schema description, and how to fill the cell."""
    parts = [node.get("description", "")]
    kind, choices = _scalar_kind(items)
    explained = items.get("enumDescriptions")
    if choices and kind == "choice" and isinstance(explained, list) and len(explained) == len(choices) and len(choices) <= 12:
        parts.append("可选：\n" + "\n".join(f"· {label(c)}：{e}" for c, e in zip(choices, explained, strict=True)))
    elif choices and kind == "choice" and not all(label(c) in parts[0] for c in choices):  # not when the description lists them
        parts.append("可选：" + "、".join(label(c) for c in choices) + "。")
    elif kind == "boolean":
        parts.append(f"填「{TRUE_LABEL}」或「{FALSE_LABEL}」。")
    elif kind == "integer":
        parts.append("只填阿拉伯数字。")
    example = next(iter(node.get("examples") or items.get("examples") or []), None)
    if isinstance(example, (str, int)) and not isinstance(example, bool) and str(example) not in parts[0]:
        parts.append(f"例：{example}")
    if listed:
        parts.append("多项时每行写一项（单元格内换行：Alt+Enter）" + ("，也可以用顿号分隔" if choices else "") + "。")
    return "\n".join(p for p in parts if p)


def ordered(data: Any, node: Mapping[str, Any], schema: Mapping[str, Any]) -> Any:
    """`data` with every mapping's keys in the schema's order (unknown keys last, as they were)."""
    node = resolve_ref(schema, node)
    if isinstance(data, dict):
        properties = node.get("properties", {})
        keys = [k for k in properties if k in data] + [k for k in data if k not in properties]
        return {k: ordered(data[k], properties.get(k, {}), schema) for k in keys}
    if isinstance(data, list):
        return [ordered(item, node.get("items", {}), schema) for item in data]
    return data


def get_at(data: Any, path: tuple[str, ...]) -> Any:
    """The value at `path` inside nested mappings, None where any part is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def put_at(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value
