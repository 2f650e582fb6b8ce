"""The schema stage: validate loaded data against the standard and locate every error.

jsonschema reports errors against data paths; the loader's node tree turns each path into
a line and column. Messages name the element by the schema's own Chinese title, so the
wording follows the standard wherever it changes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from yaml.nodes import ScalarNode

from ..diagnostics import CodeDoc, DataPath, Diagnostic, Example, Severity, shown_path
from ..standard.schemas import SCHEMA_FILES, load_schema
from ..standard.walk import resolve_ref, shorthand_object, subschema
from .loader import PLAIN, Document

if TYPE_CHECKING:  # imported when a file needs the detailed pass: most runs never do, and it takes ~50 ms
    from jsonschema import Draft202012Validator, ValidationError

S001 = CodeDoc("S001", "缺少必填要素", Severity.ERROR, stage="schema", explanation=(
    "标准规定必须填写的要素没有填写。提示会说明应写在哪一层；带条件的要素（如收费时的收费项目、"
    "联办件的联办机构）在条件成立时必填。"),
    bad=Example("fees:\n  charged: true", base="gongan/jumin-shenfenzheng-huanling", drop=("fees.items",)),
    good=(Example("fees:\n  charged: true\n  items:\n    - name: 居民身份证工本费\n      standard: 20元/证\n"
          "      basis: 国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知（发改价格〔2003〕2322号）", base="gongan/jumin-shenfenzheng-huanling")))
S002 = CodeDoc("S002", "不认识的键", Severity.ERROR, stage="schema", explanation=(
    "写了标准中没有的键，通常是拼写错误（如 matrials）或用了中文键名。拼错的内容不会显示在网站上，"
    "因此视为错误。提示会给出最接近的正确键名。"),
    bad=Example("matrials:\n  - name: 身份证"), good=Example("materials:\n  - name: 身份证"))
S003 = CodeDoc("S003", "值的类型不对", Severity.ERROR, stage="schema", explanation=(
    "值的类型与标准不符，例如应为 true/false 却写了“是”，应为数字却写了“三个工作日”，应为列表却只写了一项文字。"),
    bad=Example("visits: 一次"), good=Example("visits: 0"))
S004 = CodeDoc("S004", "取值不在允许范围内", Severity.ERROR, stage="schema", explanation=(
    "这个要素只能从标准给定的取值中选择（如事项类型、办件类型、材料类型）。请从提示列出的取值中选一个，一字不差。"),
    bad=Example("type: 行政许可事项"), good=Example("type: 行政许可"))
S005 = CodeDoc("S005", "格式不正确", Severity.ERROR, stage="schema", explanation=(
    "值的格式不符合标准，例如编码位数不对、电话号码含有文字、网址不是 https、日期不是 YYYY-MM-DD。"),
    bad=Example("updated: 2026/10/15"), good=Example('updated: "2026-10-15"'))
S006 = CodeDoc("S006", "文字长度不符", Severity.ERROR, stage="schema", explanation=(
    "文字为空、太短或超过标准规定的长度。例如事项名称不超过 200 字，受理条件、材料名称不能只写一两个字。"),
    bad=Example("summary: 办执照"), good=Example("summary: 有经营能力的公民开个体店前，到县市场监管局办理个体工商户设立登记。"))
S007 = CodeDoc("S007", "数值超出范围", Severity.ERROR, stage="schema", explanation=(
    "数值小于下限或大于上限，例如份数为 0、时限为负数。"),
    bad=Example("materials:\n  - copies: 0", line=2), good=Example("materials:\n  - copies: 1"))
S008 = CodeDoc("S008", "列表项数不符", Severity.ERROR, stage="schema", explanation=(
    "列表为空或项数不够，例如设定依据、受理条件、办理流程至少要有一项。"),
    bad=Example("conditions: []"), good=Example("conditions:\n  - 申请人为有经营能力的公民（年满 18 周岁）。"))
S009 = CodeDoc("S009", "列表中有重复项", Severity.ERROR, stage="schema", explanation=(
    "列表里同一个值写了两次，例如服务对象重复。"),
    bad=Example("audience: [自然人, 自然人]"), good=Example("audience: [自然人]"))
S010 = CodeDoc("S010", "要素组合不符合标准", Severity.ERROR, stage="schema", explanation=(
    "几个要素之间的组合不符合标准，例如写了 none: true（无法定时限）又写了 value，"
    "或联系方式既没有电话也没有网址。"),
    bad=Example("statutory: {value: 3, unit: 工作日, none: true, note: 法律、行政法规没有规定办理时限}", into="time_limit"),
    good=Example("statutory: {none: true, note: 法律、行政法规没有规定办理时限}", into="time_limit"))

CODES = (S001, S002, S003, S004, S005, S006, S007, S008, S009, S010)  # listed in check/registry.py

_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "布尔值（true 或 false）",
    "array": "列表", "object": "键值对", "null": "空值",
}
_TYPE_HINTS = {
    "boolean": "只能写 true（是）或 false（否），不要写“是/否”“yes/no”。",
    "integer": "只写阿拉伯数字，例如 3；不要写“三次”“3天”，单位另有要素填写。",
    "number": "写阿拉伯数字。",
    "string": "写一段文字；包含特殊符号时请加引号。",
    "array": "列表的每一项单独一行，以“- ”开头。",
    "object": "在下一行缩进 2 个空格，逐项写“键: 值”。",
}


@dataclass
class SchemaResult:
    """One document's schema errors, located, and what they concern in its data (check/partial.py prunes by these)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[DataPath] = field(default_factory=list)  # required keys that are absent
    rejected: list[DataPath] = field(default_factory=list)  # values the schema rejected (a key's value, or a list item)
    unknown: list[DataPath] = field(default_factory=list)  # keys the schema does not know

    @property
    def valid(self) -> bool:
        return not (self.diagnostics or self.missing or self.rejected or self.unknown)


class SchemaStage:
    """Validators for guides, department profiles and the law registry's files, built once per run."""

    def __init__(self) -> None:
        self.schemas = {kind: load_schema(kind) for kind in SCHEMA_FILES}

    @cached_property
    def _validators(self) -> dict[str, Draft202012Validator]:
        from jsonschema import Draft202012Validator, FormatChecker

        checker = FormatChecker(formats=["date"])
        return {kind: Draft202012Validator(schema, format_checker=checker)
                for kind, schema in self.schemas.items()}

    @cached_property
    def _fast(self) -> dict[str, Any]:
        """Rust validators of the same schemas, for a yes/no answer ~100× faster than `jsonschema`'s.

        None for a schema whose patterns use a class that is Unicode-wide in Python but ASCII in ECMA
        (`\\w`, `\\d`, `\\b` and their negations), where the two could disagree.
        """
        fast: dict[str, Any] = {}
        for kind, schema in self.schemas.items():
            try:
                fast[kind] = None if _has_unicode_class(schema) else jsonschema_rs.validator_for(
                    _python_regex(schema), validate_formats=True)
            except Exception:  # a schema it cannot compile: the detailed pass alone
                fast[kind] = None
        return fast

    def check(self, doc: Document, kind: str) -> list[Diagnostic]:
        """All schema errors of one document, located."""
        return self.validate(doc, kind).diagnostics

    def validate(self, doc: Document, kind: str) -> SchemaResult:
        """All schema errors of one document, located, and the data paths they concern; plain scalars typed as text
        where text is wanted.

        A file the fast validator accepts has no errors. It may reject more than `jsonschema` does
        (ECMA `$` refuses a final newline that Python's allows), never less, so a rejected file gets
        the detailed pass, whose answer is the one reported.
        """
        fast = self._fast[kind]
        try:
            if fast is not None and fast.is_valid(doc.data):
                return SchemaResult()
        except Exception:  # data it cannot take (an integer beyond 64 bits): the detailed pass decides
            pass
        validator = self._validators[kind]
        errors = list(validator.iter_errors(doc.data))
        if any([_keep_as_text(doc, error) for error in errors]):  # every fix-up, not just the first
            errors = list(validator.iter_errors(doc.data))
        schema = self.schemas[kind]
        mapper = _Mapper(doc, schema)
        result = SchemaResult()
        seen: set[tuple[int, int, str, str]] = set()
        for error in errors:
            for diag in mapper.diagnostics(error):
                key = (diag.line, diag.column, diag.code, diag.message)
                if key not in seen:
                    seen.add(key)
                    result.diagnostics.append(diag)
            for leaf in _leaves(error, schema):
                _classify(leaf, result)
        return result


def _leaves(error: ValidationError, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """The errors that say what is wrong: a string-or-object union's error replaced by its branch's errors."""
    branch = _union_branch(error, schema)
    if branch is None:
        yield error
        return
    for inner in error.context or []:
        if inner.relative_schema_path and inner.relative_schema_path[0] == branch:
            yield from _leaves(inner, schema)


def _classify(error: ValidationError, result: SchemaResult) -> None:
    path = tuple(error.absolute_path)
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        result.missing += [(*path, name) for name in error.validator_value if name not in present]
    elif error.validator == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        result.unknown += [(*path, key) for key in error.instance if key not in known]
    elif path:
        result.rejected.append(path)


def _union_branch(error: ValidationError, schema: dict[str, Any]) -> int | None:
    """For an `anyOf: [text, object]` union (the object marked `x-shorthand`), the index of the branch the instance's
    type chooses; None for any other error, or an instance of neither type."""
    if error.validator != "anyOf" or not isinstance(error.schema, dict) or shorthand_object(schema, error.schema) is None:
        return None
    kinds = ["object" if "x-shorthand" in b else b.get("type") for b in (resolve_ref(schema, b) for b in error.validator_value)]
    if "object" not in kinds or "string" not in kinds:
        return None
    wanted = "string" if isinstance(error.instance, str) else "object" if isinstance(error.instance, dict) else None
    return kinds.index(wanted) if wanted else None


def _shorthand(error: ValidationError, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The object branch of a string-or-object union, when an instance is of neither type."""
    if error.validator != "anyOf" or _union_branch(error, schema) is not None or not isinstance(error.schema, dict):
        return None
    return shorthand_object(schema, error.schema)


# What Python's `\s` matches in a str pattern (str.isspace); ECMA's `\s`, which jsonschema_rs follows,
# lacks \x1c–\x1f and \x85 and adds \ufeff.
_UNICODE_CLASS = re.compile(r"(?<!\\)(?:\\\\)*\\[wWdDbBS]")
_PYTHON_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _python_regex(schema: Any) -> Any:
    """A copy of a schema whose `pattern`s spell `\\s` as Python's set, so both validators read them alike."""
    if isinstance(schema, list):
        return [_python_regex(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {key: _spell_spaces(value) if key == "pattern" and isinstance(value, str) else _python_regex(value)
            for key, value in schema.items()}


def _has_unicode_class(schema: Any) -> bool:
    if isinstance(schema, list):
        return any(_has_unicode_class(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    return any(_UNICODE_CLASS.search(value) if key == "pattern" and isinstance(value, str) else _has_unicode_class(value)
               for key, value in schema.items())


def _spell_spaces(pattern: str) -> str:
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index:index + 2]
            out.append((_PYTHON_SPACE if in_class else f"[{_PYTHON_SPACE}]") if pair == "\\s" else pair)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def book_title_hint(title: str) -> str | None:
    """How to write a law's title without 《》: no marks around it, a title quoted inside it in 〈〉
    (海南省〈中华人民共和国残疾人证〉管理办法实施细则). None if the text has no 《》."""
    text = title.strip()
    if "《" not in text and "》" not in text:
        return None
    wrapped = text.startswith("《") and text.endswith("》") and _closing(text) == len(text) - 1
    inner = text[1:-1] if wrapped else text
    nested = "《" in inner or "》" in inner
    fixed = inner.replace("《", "〈").replace("》", "〉")
    if wrapped and nested:
        return f"去掉名称外面的书名号，名称里引用的法规名称用〈〉：写成「{fixed}」。"
    if wrapped:
        return f"法律法规名称不加书名号《》（网站会自动加上）：去掉书名号，写成「{fixed}」。"
    return f"名称里引用的其他法规名称用〈〉，不用《》：写成「{fixed}」。"


def _closing(text: str) -> int:
    """The index of the 》 that closes the 《 at the start, or -1."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"《": 1, "》": -1}.get(char, 0)
        if depth == 0:
            return index
    return -1


def _keep_as_text(doc: Document, error: ValidationError) -> bool:
    """Where text is wanted, a plain `12345` or `true` means the text the clerk typed."""
    if error.validator != "type" or "string" not in _as_list(error.validator_value):
        return False
    if not isinstance(error.instance, (bool, int, float)) or not error.absolute_path:
        return False
    node = _node_at(doc, tuple(error.absolute_path))
    if not isinstance(node, ScalarNode) or node.tag != PLAIN:
        return False
    *parents, last = error.absolute_path
    container: Any = doc.data
    for part in parents:
        container = container[part]
    container[last] = node.value
    return True


def _node_at(doc: Document, path: tuple[str | int, ...]) -> Any:
    node = doc.root
    for part in path:
        if isinstance(part, str):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
        else:
            node = node.value[part]
        if node is None:
            return None
    return node


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "键值对" if isinstance(value, dict) else "列表"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _actual_type(value: Any) -> str:
    if value is None:
        return "空值（冒号后什么也没写）"
    if isinstance(value, bool):
        return f"true/false 值「{_show(value)}」"
    if isinstance(value, (int, float)):
        return f"数字「{_show(value)}」"
    if isinstance(value, str):
        return f"文字「{_show(value)}」"
    return "列表" if isinstance(value, list) else "键值对"


class _Mapper:
    """Turns one jsonschema error into located Chinese diagnostics."""

    def __init__(self, doc: Document, schema: dict[str, Any]) -> None:
        self.doc, self.schema = doc, schema

    # -- schema lookups -------------------------------------------------------------
    def subschema(self, path: tuple[str | int, ...]) -> dict[str, Any]:
        return subschema(self.schema, path)

    def label(self, path: tuple[str | int, ...]) -> str:
        if not path:
            return "文件"
        title = self.subschema(path).get("title")
        return f"「{title}」（{shown_path(path)}）" if title else f"「{shown_path(path)}」"

    # -- error mapping --------------------------------------------------------------
    def diagnostics(self, error: ValidationError) -> Iterator[Diagnostic]:
        path = tuple(error.absolute_path)
        kind = error.validator
        doc = self.doc
        if _union_branch(error, self.schema) is not None:
            for leaf in _leaves(error, self.schema):
                yield from self.diagnostics(leaf)
            return
        shorthand = _shorthand(error, self.schema)
        if shorthand is not None:
            yield self._neither(error, path, shorthand)
            return
        if kind == "required":
            yield from self._required(error, path)
        elif kind == "additionalProperties":
            yield from self._unknown_keys(error, path)
        elif kind == "type":
            expected = "或".join(_TYPE_NAMES.get(t, t) for t in _as_list(error.validator_value))
            hint = _TYPE_HINTS.get(_as_list(error.validator_value)[0])
            yield doc.diagnostic(S003, path, f"{self.label(path)}应为{expected}，实际是{_actual_type(error.instance)}。", hint)
        elif kind in ("enum", "const"):
            yield self._enum(error, path)
        elif kind in ("pattern", "format"):
            described = self.subschema(path).get("description")
            if kind == "pattern" and "《》" in str(error.validator_value) and isinstance(error.instance, str):
                described = book_title_hint(error.instance) or described
            what = "不是有效的日期" if kind == "format" else "格式不正确"
            yield doc.diagnostic(S005, path, f"{self.label(path)}的值「{_show(error.instance)}」{what}。", described)
        elif kind in ("minLength", "maxLength"):
            yield self._length(error, path)
        elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = "不能小于" if "inimum" in kind else "不能大于"
            yield doc.diagnostic(S007, path, f"{self.label(path)}的值 {_show(error.instance)} {bound} {error.validator_value}。",
                                 self.subschema(path).get("description"))
        elif kind in ("minItems", "maxItems"):
            count = error.validator_value
            message = "不能为空，至少要写一项" if kind == "minItems" and count == 1 else (
                f"至少要有 {count} 项" if kind == "minItems" else f"最多 {count} 项")
            yield doc.diagnostic(S008, path, f"{self.label(path)}{message}。", self.subschema(path).get("description"))
        elif kind == "uniqueItems":
            yield doc.diagnostic(S009, path, f"{self.label(path)}中有重复的项。", "删除重复的那一项。")
        elif kind == "anyOf" and all(e.validator == "required" for e in error.context or []):
            options = sorted({name for e in error.context or [] for name in e.validator_value})
            named = "、".join(f"{o}（{self.subschema(path + (o,)).get('title', o)}）" for o in options)
            yield doc.diagnostic(S010, path, f"{self.label(path)}须至少填写以下之一：{named}。", None, key=True)
        elif kind == "not":
            yield doc.diagnostic(S010, path, f"{self.label(path)}的写法不符合标准。",
                                 error.schema.get("description") if isinstance(error.schema, dict) else None, key=True)
        else:
            yield doc.diagnostic(S010, path, f"{self.label(path)}不符合标准：{error.message}", None)

    def _neither(self, error: ValidationError, path: tuple[str | int, ...], shorthand: dict[str, Any]) -> Diagnostic:
        """A union member that is neither text nor an object: say both forms."""
        key = shorthand["x-shorthand"]
        keys = "、".join(shorthand.get("properties", {}))
        message = f"{self.label(path)}应为文字，或键值对（{keys}），实际是{_actual_type(error.instance)}。"
        hint = (f"直接写一段文字即可；要多写几项时写成键值对，文字写在 {key} 中：`{key}: …`（可用的键：{keys}）。"
                "包含特殊符号的文字请加引号。")
        return self.doc.diagnostic(S003, path, message, hint)

    def _required(self, error: ValidationError, path: tuple[str | int, ...]) -> Iterator[Diagnostic]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        why = error.schema.get("description") if isinstance(error.schema, dict) and ("then" in error.schema_path or "else" in error.schema_path) else None
        for name in error.validator_value:
            if name in instance:
                continue
            child = path + (name,)
            described = self.subschema(child).get("description", "")
            where = f"在「{self.subschema(path).get('title', '')}」下" if path else "在文件中"
            hint = f"{where}添加 `{name}: …`。{described}"
            example = None if path else self.doc.commented_key(name)  # a `guides new` file: point at its example
            if example is not None:
                hint = f"这一行是示例：删掉行首的“# ”（示例有几行就删几行），改成本事项的内容。{described}"
            if why:
                hint = f"{why} {hint}"
            yield self.doc.diagnostic(S001, path, f"缺少{'必填' if not why else ''}要素{self.label(child)}。", hint, key=True,
                                      at=None if example is None else (example, 1), element=child)

    def _unknown_keys(self, error: ValidationError, path: tuple[str | int, ...]) -> Iterator[Diagnostic]:
        here = error.schema if isinstance(error.schema, dict) and "properties" in error.schema else self.subschema(path)
        properties = resolve_ref(self.schema, here).get("properties", {})
        by_title = {p.get("title") or resolve_ref(self.schema, p).get("title"): k for k, p in properties.items()}
        for extra in error.instance:
            if extra in properties:
                continue
            guess = by_title.get(extra) or next(iter(difflib.get_close_matches(str(extra), properties, n=1, cutoff=0.6)), None)
            if guess:
                title = self.subschema(path + (guess,)).get("title", guess)
                hint = f"您是不是要写 `{guess}`（{title}）？键名一律用英文。"
            else:
                hint = "这一层可用的键：" + "、".join(properties) + "。"
            where = f"「{self.subschema(path).get('title')}」中" if path else ""
            yield self.doc.diagnostic(S002, path + (extra,), f"{where}不认识的键「{extra}」。", hint, key=True)

    def _enum(self, error: ValidationError, path: tuple[str | int, ...]) -> Diagnostic:
        allowed = _as_list(error.validator_value) if error.validator == "enum" else [error.validator_value]
        shown = [_show(a) for a in allowed]
        close = difflib.get_close_matches(_show(error.instance), shown, n=1, cutoff=0.4)
        hint = f"可选：{'、'.join(shown)}。" + (f"您是不是要写「{close[0]}」？" if close else "")
        return self.doc.diagnostic(S004, path, f"{self.label(path)}的值「{_show(error.instance)}」不是允许的取值。", hint)

    def _length(self, error: ValidationError, path: tuple[str | int, ...]) -> Diagnostic:
        length = len(error.instance)
        if error.validator == "minLength":
            message = "不能为空" if length == 0 else f"太短：至少 {error.validator_value} 个字，现在只有 {length} 个字"
        else:
            message = f"太长：最多 {error.validator_value} 个字，现在有 {length} 个字"
        return self.doc.diagnostic(S006, path, f"{self.label(path)}{message}。", self.subschema(path).get("description"))
