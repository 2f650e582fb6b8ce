"""Strict YAML loading: bytes → plain data, keeping libyaml's node tree for positions.

Why not `yaml.safe_load`: YAML 1.1 silently rewrites what a clerk wrote (`NO` → False,
`0571` → 377, `20:30` → 1230, bare dates), keeps the last of two duplicate keys, and
expands aliases without bound. Here plain scalars follow a narrowed YAML 1.2 core schema
(true/false, null, canonical decimal numbers; everything else stays text exactly as
written), duplicate keys and aliases are errors, and positions come from the C parser's
node marks, which are computed anyway.
"""

from __future__ import annotations

import codecs
import operator
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import FILE, LINES, CodeDoc, Diagnostic, Example, Severity, element_key
from .yaml_strict import Owner, spec_violations

try:  # libyaml is the fast path; the pure-Python parser is the same API.
    from yaml._yaml import CParser as _Parser

    _BYTE_OFFSETS = True  # libyaml reads UTF-8: a ReaderError's position counts bytes
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _BYTE_OFFSETS = False
    from yaml.composer import Composer
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)
            Composer.__init__(self)


MAX_BYTES = 1_000_000  # a real guide is 3–10 KB
MAX_DEPTH = 50

PLAIN = "!plain"  # tag given to untagged plain scalars, typed by plain_value
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?")
_CONSTANTS: dict[str, bool | None] = {**dict.fromkeys(("", "~", "null", "Null", "NULL")),
                                      **dict.fromkeys(("true", "True", "TRUE"), True),
                                      **dict.fromkeys(("false", "False", "FALSE"), False)}
_NUMBER_STARTS = frozenset("0123456789+-.")

# A snake_case key followed by a full-width colon, or by a colon and a full-width space.
FULLWIDTH_KEY = re.compile(r"^([ \t]*(?:-[ \t]+)?)([a-z][a-z0-9_]*)[ \t]*(：|:\u3000)", re.M)
FULLWIDTH_INDENT = re.compile(r"^[ ]*\u3000", re.M)
# A first look for FULLWIDTH_KEY's `：` over a whole text (its `:\u3000` is found looking for any `\u3000`): one
# right after a key's last character or a space. The literal first lets the search skip from one `：` to the next.
_COLON_AFTER_KEY = re.compile(r"：(?<=[a-z0-9_ \t]：)")


Y001 = CodeDoc("Y001", "文件不是 UTF-8 编码", Severity.ERROR, stage="load", explanation=(
    "指南文件必须以 UTF-8 编码保存。Windows 记事本等编辑器常用 GBK/GB18030（显示为“ANSI”）保存，"
    "中文会变成乱码，因此拒绝读取。用编辑器“另存为”并选择 UTF-8 即可；带 BOM 的 UTF-8 也可以。"),
    bad=Example("# 用记事本“另存为”时，编码选了 ANSI（GBK）\nname: 个体工商户设立登记", into=LINES, encoding="gb18030"),
    good=Example("# “另存为”时编码选 UTF-8\nname: 个体工商户设立登记", into=LINES))
Y002 = CodeDoc("Y002", "YAML 语法错误", Severity.ERROR, stage="load", explanation=(
    "文件不是合法的 YAML，无法读取。常见原因：缩进没有对齐、冒号后缺少空格、值里含有“: ”或以 @、` 等符号开头却没有加引号、"
    "引号没有闭合。错误位置附近的行通常就是问题所在。"),
    bad=Example("summary: 注意: 开业前先办营业执照，材料齐全的当场发照。", into=LINES),
    good=Example('summary: "注意: 开业前先办营业执照，材料齐全的当场发照。"', into=LINES))
Y003 = CodeDoc("Y003", "重复的键", Severity.ERROR, stage="load", explanation=(
    "同一层级出现了两个同名的键。普通 YAML 工具会悄悄保留最后一个、丢掉前一个，造成内容丢失，因此视为错误。"
    "请合并两处内容，或删除多余的一处。"),
    bad=Example("name: 结婚登记\nname: 内地居民结婚登记", into=LINES, line=2), good=Example("name: 内地居民结婚登记", into=LINES))
Y004 = CodeDoc("Y004", "用 Tab 缩进", Severity.ERROR, stage="load", explanation=(
    "YAML 只允许用空格缩进，不能用 Tab 键。请把行首的 Tab 换成空格（建议每级 2 个空格），"
    "或在编辑器中打开“用空格代替 Tab”。"),
    bad=Example("conditions:\n\t- 申请人为有经营能力的公民（年满 18 周岁）。  # 这一行用 Tab 缩进", into=LINES, line=2),
    good=Example("conditions:\n  - 申请人为有经营能力的公民（年满 18 周岁）。  # 两个空格缩进", into=LINES))
Y005 = CodeDoc("Y005", "全角冒号或全角空格", Severity.ERROR, stage="load", explanation=(
    "键和值之间必须用半角冒号加半角空格“: ”分隔。中文输入法下容易打成全角冒号“：”或全角空格，"
    "YAML 会把整行当成普通文字。"),
    bad=Example("summary：开个体店前办理个体工商户设立登记", into=LINES), good=Example("summary: 开个体店前办理个体工商户设立登记", into=LINES))
Y006 = CodeDoc("Y006", "不支持锚点和别名", Severity.ERROR, stage="load", explanation=(
    "本格式不使用 YAML 的锚点（&名称）和别名（*名称）：它们让审阅者看不出实际内容，还可能被用来构造"
    "“别名炸弹”。请把要重复的内容直接写出来。"),
    bad=Example("contacts:\n  consult: &zixun\n    - label: 县市场监管局登记注册股\n      phone: 0799-6212315\n  complaint: *zixun",
                into=LINES, line=5),
    good=Example("contacts:\n  consult:\n    - label: 县市场监管局登记注册股\n      phone: 0799-6212315\n"
                 "  complaint:\n    - label: 县市场监管局法制股\n      phone: 0799-6212318", into=LINES))
Y007 = CodeDoc("Y007", "文件为空", Severity.ERROR, stage="load", explanation=(
    "文件里没有任何内容（或只有注释）。请用 `guides new` 生成模板后填写，或删除这个文件。"),
    bad=Example("# 个体工商户设立登记（待填写）\n", into=FILE),
    good=Example("# 用 `guides new` 生成模板后逐项填写\nname: 个体工商户设立登记", into=LINES))
Y008 = CodeDoc("Y008", "顶层不是键值对", Severity.ERROR, stage="load", explanation=(
    "指南文件的最外层必须是“键: 值”的形式（如 name: …），不能是列表或一段文字。"),
    bad=Example("- name: 个体工商户设立登记\n- summary: 有经营能力的公民开个体店前，到县市场监管局办理登记。", into=FILE),
    good=Example("name: 个体工商户设立登记\nsummary: 有经营能力的公民开个体店前，到县市场监管局办理登记。"))
Y009 = CodeDoc("Y009", "文件过大", Severity.ERROR, stage="load", explanation=(
    f"单个指南文件不能超过 {MAX_BYTES // 1000} KB（正常的指南只有几 KB）。请检查是否误粘贴了大量内容，"
    "附件（表格、样表）应作为单独的文件放在仓库中并用路径引用。"),
    bad=Example("name: 个体工商户设立登记\n# ……文件末尾误粘贴了一整份扫描件的识别文字，共 1.2 MB……", into=FILE, size=1_200_000),
    good=Example("name: 个体工商户设立登记  # 指南只写要素，正常只有几 KB"))
Y010 = CodeDoc("Y010", "不支持的 YAML 标签", Severity.ERROR, stage="load", explanation=(
    "本格式只使用普通的文本、数字、true/false、列表和键值对，不支持以 ! 开头的 YAML 标签（如 !!python/object）。"
    "请删除标签；要强制作为文本，请给值加引号。"),
    bad=Example('visits: !!int "0"', into=LINES), good=Example("visits: 0", into=LINES))
Y011 = CodeDoc("Y011", "键不是简单文字", Severity.ERROR, stage="load", explanation=(
    "键必须是简单的英文名称（如 name、materials），不能是列表、键值对或空值。"),
    bad=Example("? [name, summary]\n: 个体工商户设立登记", into=LINES), good=Example("name: 个体工商户设立登记", into=LINES))
Y012 = CodeDoc("Y012", "一个文件中有多份文档", Severity.ERROR, stage="load", explanation=(
    "一个文件只写一个事项。文件中出现了第二个“---”分隔的文档，请拆成单独的文件。"),
    bad=Example("name: 个体工商户设立登记\n---\nname: 个体工商户变更登记", into=LINES, line=2),
    good=Example("name: 个体工商户设立登记  # 个体工商户变更登记另写一个文件", into=LINES))
Y013 = CodeDoc("Y013", "嵌套层次过深", Severity.ERROR, stage="load", explanation=(
    f"内容的嵌套超过 {MAX_DEPTH} 层，不是正常的指南结构，通常是缩进错误或误粘贴造成的。"),
    bad=Example("faq: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), into=LINES),
    good=Example("faq:\n  - q: 开网店要办营业执照吗？\n    a: 长期经营的网店，可以用网店网址申请登记为个体工商户。", into=LINES))

CODES = (Y001, Y002, Y003, Y004, Y005, Y006, Y007, Y008, Y009, Y010, Y011, Y012, Y013)  # listed in check/registry.py


class _Resolver(yaml.resolver.BaseResolver):
    """Tags untagged plain scalars as PLAIN, so that their typing is ours, not YAML 1.1's."""

    # The C parser calls these two around every node, for path resolvers, of which none are set: BaseResolver's
    # methods return at once, but each call is a Python frame (6 % of composing). Builtins that take the same
    # arguments and do nothing cost none (a builtin is not bound to the instance: it gets the arguments as given).
    descend_resolver = operator.is_  # (parent, index)
    ascend_resolver = tuple  # ()

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Called by the C parser for every node: BaseResolver's answers, without its path-resolver lookups (none are set).
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


class _Composer(_Parser, _Resolver):  # type: ignore[misc, valid-type]
    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        _Resolver.__init__(self)


@dataclass
class Document:
    """A loaded file: its plain data, and the node tree to find where anything was written."""

    path: str
    text: str
    data: dict[str, Any]
    root: MappingNode
    _lines: list[str] | None = field(default=None, repr=False)
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False)  # big mappings' keys

    def source_line(self, line: int) -> str | None:
        if self._lines is None:
            self._lines = self.text.split("\n")
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1].rstrip("\r")
        return None

    def position(self, path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key with `key=True`.

        A path that does not exist (a missing element) resolves to its nearest existing
        ancestor's key, which is where the missing element belongs.
        """
        node: Node = self.root
        key_node: Node | None = None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            key_node, node = child
        else:
            target = key_node if key and key_node is not None else node
            return target.start_mark.line + 1, target.start_mark.column + 1
        target = key_node if key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def _child(self, node: Node, part: str | int) -> tuple[Node | None, Node] | None:
        if isinstance(node, MappingNode) and isinstance(part, str):
            if len(node.value) <= 16:  # a guide's mappings: scanning is cheaper than indexing
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and key_node.value == part:
                        return key_node, value_node
                return None
            # One index per big mapping, so that locating each of its n keys stays linear, not n².
            index = self._keys.get(id(node))
            if index is None:
                index = self._keys[id(node)] = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode):
                        index.setdefault(key_node.value, (key_node, value_node))
            return index.get(part)
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None

    def commented_key(self, name: str) -> int | None:
        """1-based line of a top-level key commented out (`# summary: …`, as `guides new` writes examples)."""
        prefix = re.compile(rf"#[ ]?{re.escape(name)}:(?:[ ]|$)")
        for number, line in enumerate(self.text.split("\n"), 1):
            if prefix.match(line):
                return number
        return None

    def diagnostic(self, code: CodeDoc, path: tuple[str | int, ...], message: str,
                   hint: str | None = None, *, key: bool = False, severity: Severity | None = None,
                   at: tuple[int, int] | None = None, element: tuple[str | int, ...] | None = None) -> Diagnostic:
        """A diagnostic at `path` (see `position`), or at an explicit (line, column), about the element at `path`
        (or `element`: a missing key is reported where it belongs, its parent)."""
        line, column = at or self.position(path, key=key)
        return Diagnostic(self.path, line, column, code.code, severity or code.severity,
                          message, hint, self.source_line(line), element_key(self.data, path if element is None else element))


class LoadFailed(Exception):
    """The file cannot be turned into data; carries the located reasons."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


def load(path: str, raw: bytes) -> Document:
    """Load one file's bytes; raise LoadFailed with located Chinese diagnostics."""
    if len(raw) > MAX_BYTES:
        raise LoadFailed([_at(path, None, 1, 1, Y009,
                              f"文件有 {len(raw) // 1000} KB，超过了 {MAX_BYTES // 1000} KB 的上限。",
                              "正常的指南只有几 KB；附件请作为单独文件存放并用路径引用。")])
    text = _decode(path, raw)
    if "\u3000" in text or _COLON_AFTER_KEY.search(text):  # most files: two scans in C, and no lines split
        lines = text.split("\n")
        fullwidth, shifts = _fullwidth(path, lines)
        if fullwidth:  # reported with whatever else the file holds once they are repaired (a tab, a bracket …)
            raise LoadFailed(sorted(fullwidth + _after_repair(path, lines, shifts), key=lambda d: (d.line, d.column)))
    try:
        root = _Composer(text).get_single_node()
    except yaml.YAMLError as exc:
        lines = text.split("\n")
        raise LoadFailed([_at(path, lines, *_syntax_problem(text, lines, exc))]) from None
    if root is None:
        raise LoadFailed([_at(path, text.split("\n"), 1, 1, Y007, "文件是空的，没有任何内容。",
                              "用 `guides new` 生成模板后填写，或删除这个文件。")])
    if not isinstance(root, MappingNode):
        kind = "列表" if isinstance(root, SequenceNode) else "一段文字"
        raise LoadFailed([_at(path, text.split("\n"), root.start_mark.line + 1, root.start_mark.column + 1, Y008,
                              f"文件最外层是{kind}，应为“键: 值”形式。",
                              "每一行应以英文键名开头，如 `name: 个体工商户设立登记`。")])
    builder = _Builder(path, text)
    data = builder.build(root, 0, None)
    # What libyaml leaves unchecked is looked at on the nodes the builder handed over, not on the whole tree.
    violations = spec_violations(text, builder.unchecked)
    if violations:
        lines = builder.lines
        raise LoadFailed([_at(path, lines, line, column, Y002, message, hint) for line, column, message, hint in violations])
    if builder.problems:
        raise LoadFailed(builder.problems)
    return Document(path, text, data, root)


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadFailed([_at(path, None, 1, 1, Y001, "文件是 UTF-16 编码，不是 UTF-8。",
                              "用编辑器“另存为”，编码选择 UTF-8 后保存。")])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            guess = "编码无法识别"
        raise LoadFailed([_at(path, None, line, column, Y001,
                              f"文件不是 UTF-8 编码：{guess}，第 {line} 行起的中文无法正确读取。",
                              "用编辑器“另存为”，编码选择 UTF-8（VS Code：点右下角的编码 → 通过编码保存 → UTF-8）。")]) from None


def _fullwidth(path: str, lines: list[str]) -> tuple[list[Diagnostic], dict[int, int]]:
    """Y005 for every key followed by a full-width colon or space and every full-width indent, and where each
    repaired line gets one more character: {0-based line: 0-based index of its `：`}. One pass over the lines."""
    problems: list[Diagnostic] = []
    shifts: dict[int, int] = {}
    for index, line in enumerate(lines):
        if "：" not in line and "\u3000" not in line:
            continue
        match = FULLWIDTH_KEY.match(line)
        if match is not None:
            found = "全角冒号“：”" if match.group(3) == "：" else "冒号后的全角空格"
            problems.append(_at(path, lines, index + 1, match.start(3) + 1, Y005, f"键「{match.group(2)}」后面用了{found}。",
                                f"改成半角冒号加半角空格：`{match.group(2)}: …`（切换到英文输入法输入）。"))
            if match.group(3) == "：":
                shifts[index] = match.start(3)
        indent = FULLWIDTH_INDENT.match(line)
        if indent is not None:
            problems.append(_at(path, lines, index + 1, indent.end(), Y005, "行首用全角空格缩进。",
                                "缩进只能用半角空格，请删除全角空格后重新缩进。"))
    return problems, shifts


def _after_repair(path: str, lines: list[str], shifts: dict[int, int]) -> list[Diagnostic]:
    """The syntax problems of a file whose full-width colons and spaces are repaired, located in the original lines."""
    repaired = []
    for index, line in enumerate(lines):
        if index in shifts:
            line = line[:shifts[index]] + ": " + line[shifts[index] + 1:]
        match = FULLWIDTH_KEY.match(line) if ":\u3000" in line else None
        if match is not None:
            line = line[:match.end(3) - 1] + " " + line[match.end(3):]
        indent = FULLWIDTH_INDENT.match(line)
        repaired.append(line if indent is None else " " * indent.end() + line[indent.end():])
    text = "\n".join(repaired)
    try:
        root = _Composer(text).get_single_node()
    except yaml.YAMLError as exc:
        found = [_syntax_problem(text, repaired, exc)]
    else:
        violations = spec_violations(text, [(root, None)], repaired) if isinstance(root, MappingNode) else []
        found = [(line, column, Y002, message, hint) for line, column, message, hint in violations]
    out = []
    for line, column, *rest in found:
        shift = shifts.get(line - 1)
        if shift is not None and column > shift + 1:
            column -= 1  # the repair wrote two characters for the one `：`
        out.append(_at(path, lines, line, column, *rest))
    return out


# libyaml's problem texts → (code, Chinese message, hint).
_SYNTAX_MESSAGES: tuple[tuple[str, CodeDoc, str, str], ...] = (
    ("found character '\\t'", Y004, "这一行用 Tab 键缩进。", "YAML 只能用空格缩进：把 Tab 换成空格（每级 2 个）。"),
    ("found a tab character", Y004, "这一行用 Tab 键缩进。", "YAML 只能用空格缩进：把 Tab 换成空格（每级 2 个）。"),
    ("mapping values are not allowed", Y002, "这里出现了多余的冒号“: ”。",
     "值里含有“: ”时，请给整个值加引号，例如 `summary: \"须提交: 身份证\"`；也请检查上一行是否缺少缩进。"),
    ("could not find expected ':'", Y002, "这一行缺少键后面的冒号“: ”，或者上一行的引号没有闭合。",
     "每个键后面写半角冒号加空格，例如 `name: 值`；多行文字请用 `>-` 或加引号。"),
    ("did not find expected key", Y002, "缩进没有对齐，YAML 找不到应有的键。",
     "同一层级的键必须左侧对齐；列表项“- ”下的内容要比“-”多缩进 2 个空格。"),
    ("did not find expected '-' indicator", Y002, "列表项没有对齐。",
     "同一个列表的每一项都以“- ”开头，并且左侧对齐。"),
    ("did not find expected node content", Y002, "这里缺少内容。", "检查是否多写了“-”或“,”，或少写了值。"),
    ("found unexpected end of stream", Y002, "文件在引号或括号闭合之前就结束了。",
     "检查引号“\"”“'”和括号“[ ]”“{ }”是否成对。"),
    ("found unknown escape character", Y002, "双引号里的反斜杠“\\”后面跟了无效的字符。",
     "把双引号换成单引号，或把“\\”写成“\\\\”。"),
    ("found character that cannot start any token", Y002, "这个值以 YAML 的特殊符号开头（如 @、`、%）。",
     "给整个值加引号，例如 `owner: \"@shichang\"`。"),
    ("found undefined alias", Y006, "用了别名（*名称），本格式不支持锚点和别名。", "把要重复的内容直接写出来。"),
    ("expected a single document", Y012, "文件里有第二份文档（又一个“---”）。", "一个文件只写一个事项；删除多余的“---”或拆分文件。"),
    ("control characters are not allowed", Y002, "文件中有不可见的控制字符。",
     "删除这个位置的不可见字符（常见于从网页或 Word 复制粘贴的内容）。"),
    ("unacceptable character", Y002, "文件中有不允许的字符。", "删除这个位置的字符后重新保存为 UTF-8。"),
)


# An opening quote or bracket the parser found no end for: where it opened is where the clerk must look.
_QUOTE_OPEN = "while scanning a quoted scalar"
_QUOTE_UNCLOSED = ("found unexpected end of stream", "found unexpected document indicator")
_FLOW_OPEN = {"while parsing a flow sequence": ("方括号", "[", "]"), "while parsing a flow mapping": ("花括号", "{", "}")}

Problem = tuple[int, int, CodeDoc, str, str | None]  # (line, column, code, message, hint), 1-based


def _syntax_problem(text: str, lines: list[str], exc: yaml.YAMLError) -> Problem:
    context = getattr(exc, "context", None)
    problem = " ".join(str(part) for part in (context, getattr(exc, "problem", None)) if part) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):  # ReaderError: an index into the text (libyaml: its bytes)
        position = exc.position  # type: ignore[attr-defined]
        before = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace") if _BYTE_OFFSETS else text[:position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
    else:
        line, column = 1, 1
    opened = getattr(exc, "context_mark", None)
    if opened is not None:
        where = "文件末尾" if "end of stream" in problem or line > len(lines) else f"第 {line} 行"
        if context == _QUOTE_OPEN and any(needle in problem for needle in _QUOTE_UNCLOSED):
            quote = text[opened.index:opened.index + 1] if 0 <= opened.index < len(text) else "\""
            return (opened.line + 1, opened.column + 1, Y002, f"这里开始的引号“{quote}”到{where}也没有闭合。",
                    f"在这段文字的末尾补上“{quote}”；文字里本身有“{quote}”时，外面改用另一种引号。")
        if context in _FLOW_OPEN and opened.line + 1 < line:  # on one line: more likely a missing comma, shown where it is
            name, left, right = _FLOW_OPEN[context]
            return (opened.line + 1, opened.column + 1, Y002, f"这里开始的{name}“{left}”到{where}还没有闭合。",
                    f"检查是否漏了对应的“{right}”，或者第 {min(line, len(lines))} 行之前漏了逗号“,”。")
    if 1 <= line <= len(lines) and lines[line - 1][column - 1:column] == "\t":
        problem = "found character '\\t'"  # libyaml often words a tab generically
    for needle, code, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            if code is Y004:
                line, column = _first_tab(lines, line, column)
            return line, column, code, message, hint
    return line, column, Y002, f"YAML 语法错误（{problem}）。", "检查这一行和上一行的缩进、冒号和引号。"


def _first_tab(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """libyaml may report a tab a little after it; point at the tab itself."""
    for number in (line, line - 1):
        if 1 <= number <= len(lines) and "\t" in lines[number - 1]:
            return number, lines[number - 1].index("\t") + 1
    return line, column


def _at(path: str, lines: list[str] | None, line: int, column: int, code: CodeDoc,
        message: str, hint: str | None) -> Diagnostic:
    source = lines[line - 1].rstrip("\r") if lines and 1 <= line <= len(lines) else None
    return Diagnostic(path, line, column, code.code, code.severity, message, hint, source)


def plain_value(text: str) -> Any:
    """An unquoted scalar as this loader types it: true/false, null, canonical numbers; anything else stays text."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text[0] in _NUMBER_STARTS:
        if _INT.fullmatch(text):
            return int(text)
        if ("." in text or "e" in text or "E" in text) and _FLOAT.fullmatch(text) and text not in {"+.", "-.", "."}:
            return float(text)
    return text


class _Builder:
    """Turns the node tree into plain data, collecting every problem it finds, and hands over the nodes whose YAML
    1.2 rules libyaml does not check (yaml_strict.py): the quoted and block scalars and the flow collections outside
    a flow, and whatever it does not descend into, each with its owner. Plain scalars, most nodes, cost no more."""

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.problems: list[Diagnostic] = []
        self.unchecked: list[tuple[Node, Owner]] = []
        self.in_flow = False
        self._lines: list[str] | None = None
        # Nodes are shared only through aliases, and an alias needs an anchor (`&`): without one, no bookkeeping.
        self.seen: set[int] | None = set() if "&" in text else None

    @property
    def lines(self) -> list[str]:
        """The text's lines, split only when a problem is located."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def problem(self, node: Node, code: CodeDoc, message: str, hint: str | None) -> None:
        self.problems.append(_at(self.path, self.lines, node.start_mark.line + 1,
                                 node.start_mark.column + 1, code, message, hint))

    def build(self, node: Node, depth: int, owner: Owner) -> Any:
        if depth > MAX_DEPTH:
            self.problem(node, Y013, f"嵌套超过 {MAX_DEPTH} 层。", "检查缩进是否正确。")
            self._hand_over(node, owner)
            return None
        seen = self.seen
        if seen is not None:
            if id(node) in seen:
                self._alias(node)
                return None
            seen.add(id(node))
        kind = type(node)
        if kind is ScalarNode:
            if node.tag == PLAIN:
                return plain_value(node.value)
            if node.style:  # quoted or block (an explicitly tagged plain scalar has none)
                self._hand_over(node, owner)
            if node.tag not in (STR_TAG, "!"):
                self.problem(node, Y010, f"不支持 YAML 标签「{node.tag}」。", "删除标签；要作为文本请加引号。")
            return node.value
        if node.tag not in (SEQ_TAG, MAP_TAG):
            self.problem(node, Y010, f"不支持 YAML 标签「{node.tag}」。", "删除这个标签。")
        collection = self._sequence if kind is SequenceNode else self._mapping
        if node.flow_style and not self.in_flow:  # checked whole: its nodes lie within its lines
            self._hand_over(node, owner)
            self.in_flow = True
            try:
                return collection(node, depth)  # type: ignore[operator]
            finally:
                self.in_flow = False
        return collection(node, depth)  # type: ignore[operator]

    def _hand_over(self, node: Node, owner: Owner) -> None:
        if not self.in_flow:
            self.unchecked.append((node, owner))

    def _sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        owner: Owner = ("item", node, node)
        if self.seen is None and depth < MAX_DEPTH:  # the common case inline: a plain scalar item
            return [plain_value(item.value) if type(item) is ScalarNode and item.tag == PLAIN
                    else self.build(item, depth + 1, owner) for item in node.value]
        return [self.build(item, depth + 1, owner) for item in node.value]

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen = self.seen
        inline = seen is None and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            if seen is not None:
                if id(key_node) in seen:
                    self._alias(key_node)
                    self._hand_over(value_node, ("key", key_node, node))  # not built, still looked at
                    continue
                seen.add(id(key_node))
            if type(key_node) is not ScalarNode:
                self.problem(key_node, Y011, "这里的键是列表或键值对，不是简单的名称。",
                             "键必须是英文名称，例如 `name:`；检查是否多写了“-”或“?”。")
                self._hand_over(key_node, ("key", key_node, node))
                self._hand_over(value_node, ("key", key_node, node))
                continue
            key = key_node.value
            if key_node.tag != PLAIN:
                if key_node.style:
                    self._hand_over(key_node, ("key", key_node, node))
            elif key == "":
                self.problem(key_node, Y011, "这一行缺少键名。", "在冒号前写上英文键名，例如 `name: …`。")
                self._hand_over(value_node, ("key", key_node, node))
                continue
            if key in out:
                first = next(k for k, _ in node.value if type(k) is ScalarNode and k.value == key and (key or k.tag != PLAIN))
                self.problem(key_node, Y003, f"键「{key}」重复：第 {first.start_mark.line + 1} 行已经写过。",
                             "YAML 只会保留最后一个值，前面的内容会丢失：请把两处合并为一处。")
                self._hand_over(value_node, ("key", key_node, node))
                continue
            if inline and type(value_node) is ScalarNode and value_node.tag == PLAIN:
                out[key] = plain_value(value_node.value)  # the common case inline
            else:
                out[key] = self.build(value_node, depth + 1, ("key", key_node, node))
        return out

    def _alias(self, node: Node) -> None:
        """Report every alias at its own position (a shared node's marks are the anchor's)."""
        if any(d.code == Y006.code for d in self.problems):
            return
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for event in yaml.parse(self.text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                self.problems.append(_at(self.path, self.lines, mark.line + 1, mark.column + 1, Y006,
                                         f"用了别名「*{event.anchor}」，本格式不支持锚点和别名。",
                                         "把要重复的内容直接写出来，删除 & 和 * 标记。"))
