"""YAML 1.2 rules that libyaml does not enforce, checked on the node tree it produced.

libyaml accepts a few inputs the spec calls invalid. Three classes matter for hand-written files:

1. continuation lines of a multi-line flow collection (`[...]`, `{...}`) or quoted scalar that are
   not indented more than the block key (or `-`) owning the node;
2. a `#` glued to a closing quote or bracket, or to a block scalar header (`|`, `>-`, `|2` ...):
   a comment must be preceded by whitespace;
3. leading empty lines of a block scalar with more spaces than its first text line.

The loader hands over the nodes to look at (a quoted or block scalar, a flow collection outside a flow, and
what it did not descend into), so that the plain scalars, most nodes, cost nothing here; from these the walk
goes on through flow collections, and through a block one only where the loader did not. The text is split
into lines only for a node over several lines (or a block scalar).
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Violation = tuple[int, int, str, str]

# A block-sequence entry indicator at the start of a line (after spaces).
_DASH = re.compile(r"^ *-(?=[ \t\r\n]|$)", re.M)
# A block scalar header: indicator, then optional indentation / chomping indicators in either order.
_HEADER = re.compile(r"[|>](?:([1-9])[+-]?|[+-]([1-9])?)?")

_QUOTED = ('"', "'")
_BLOCK = ("|", ">")
_SPECIAL = frozenset(('"', "'", "|", ">"))  # scalar styles that need a look; plain is ""

_INDENT_MESSAGE = "多行内容的续行缩进不够。"
_COMMENT_MESSAGE = "“#”注释前要有空格。"
_COMMENT_HINT = "在“#”前加一个空格，例如 `key: \"值\" # 注释`；如果“#”是内容的一部分，请把它写进引号里。"
_HEADER_HINT = "在“|”或“>”与“#”之间加一个空格，例如 `note: > # 注释`，或删掉这条注释。"
_EMPTY_MESSAGE = "多行文字开头的空行里空格太多。"

# Who owns a node in block context: ("key", key node, mapping) for mapping keys and values,
# ("item", sequence node, sequence) for block-sequence entries, None at top level.
Owner = tuple[str, Node, Node] | None


def spec_violations(text: str, nodes: list[tuple[Node, Owner]], lines: list[str] | None = None) -> list[Violation]:
    """(line, column, message, hint) for each violation found in `nodes` (each with its owner) and below them,
    1-based, sorted by position. `[(root, None)]` walks a whole tree. `lines`: the text's, if already split."""
    if not nodes:
        return []
    if lines is None:
        lines = text.split("\n") if any(_needs_lines(node) for node, _ in nodes) else []
    found: dict[int, Violation] = {}  # one report per line
    owner_columns: dict[tuple[str, int], int] = {}
    seen: set[int] = set()  # aliases share collections and may even form cycles
    # None of `nodes` lies below another: popped last first, they are visited in the order of a walk from the root.
    stack: list[tuple[Node, Owner, bool]] = [(node, owner, False) for node, owner in nodes]
    while stack:
        node, owner, in_flow = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style in _BLOCK:
                _block_scalar(text, lines, node, owner, owner_columns, found)
            elif node.style in _QUOTED:
                _glued_comment(text, node, found)
                if node.end_mark.line > node.start_mark.line:
                    _continuation(lines, node, owner, _column(text, lines, owner, owner_columns), False, found)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.flow_style:
            _glued_comment(text, node, found)
            # A flow nested in a flow lies within its parent's lines, already checked.
            if not in_flow and node.end_mark.line > node.start_mark.line:
                _continuation(lines, node, owner, _column(text, lines, owner, owner_columns), True, found)
            in_flow = True
        # Push only the children that can break a rule: plain scalars, the vast majority, are skipped here.
        if isinstance(node, MappingNode):
            for key, value in node.value:
                for child in (key, value):
                    if not isinstance(child, ScalarNode) or child.style in _SPECIAL:
                        stack.append((child, owner if in_flow else ("key", key, node), in_flow))
        elif isinstance(node, SequenceNode):
            for item in node.value:
                if not isinstance(item, ScalarNode) or item.style in _SPECIAL:
                    stack.append((item, owner if in_flow else ("item", node, node), in_flow))
    return sorted(found.values())


def _needs_lines(node: Node) -> bool:
    """Whether a rule may read the lines of the text for this node or below it: one over several lines (what is
    inside a node lies within its lines), or a block scalar (whose leading empty lines follow its header)."""
    return node.end_mark.line > node.start_mark.line or getattr(node, "style", None) in _BLOCK


def _column(text: str, lines: list[str], owner: Owner, cache: dict[tuple[str, int], int]) -> int:
    """0-based indentation of the owning key or `-`; -1 at top level (any indentation is fine)."""
    if owner is None:
        return -1
    kind, node, parent = owner
    cached = cache.get((kind, id(node)))
    if cached is not None:
        return cached
    mark = node.start_mark
    column = mark.column
    if kind == "key":
        # An explicit key (`? key`) belongs to the mapping indented at its `?` (not so for a compact
        # mapping written after the `?`, which starts right at its first key).
        before = lines[mark.line][:column].rstrip(" ") if mark.line < len(lines) else ""
        question = len(before) - 1
        if (before.endswith("?") and before[:-1].strip(" -") == ""
                and (parent.start_mark.line < mark.line or parent.start_mark.column <= question)):
            column = question
    elif text[mark.index:mark.index + 1] != "-":
        # The sequence starts with a tag or anchor; its entries' `-` is on a later line.
        match = _DASH.search(text, mark.index)
        if match is not None:
            dash = match.end() - 1
            column = dash - (text.rfind("\n", 0, dash) + 1)
    cache[kind, id(node)] = column
    return column


def _continuation(lines: list[str], node: Node, owner: Owner, owner_column: int, flow: bool,
                  found: dict[int, Violation]) -> None:
    """Report the first continuation line not indented more than the owner's column."""
    for index in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        line = lines[index]
        content = line.lstrip(" \t\r")
        if not content or (flow and content.startswith("#")):  # blank, or a comment line between flow entries
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent <= owner_column:
            above = "“-”" if owner is not None and owner[0] == "item" else "键"
            _add(found, index + 1, indent + 1, _INDENT_MESSAGE,
                 f"续行要比上面的{above}多缩进至少一个空格（这一行至少缩进 {owner_column + 1} 个空格），或把内容写在一行。")
            return


def _glued_comment(text: str, node: Node, found: dict[int, Violation]) -> None:
    """A `#` right after a closing quote or bracket."""
    end = node.end_mark
    if text[end.index:end.index + 1] == "#":
        _add(found, end.line + 1, end.column + 1, _COMMENT_MESSAGE, _COMMENT_HINT)


def _block_scalar(text: str, lines: list[str], node: ScalarNode, owner: Owner, owner_columns: dict[tuple[str, int], int],
                  found: dict[int, Violation]) -> None:
    position = _header_position(text, node.start_mark.index, node.end_mark.index)
    if position < 0:
        return
    header = _HEADER.match(text, position)
    if header is None:
        return
    line = node.start_mark.line + text.count("\n", node.start_mark.index, position)
    if text[header.end():header.end() + 1] == "#":
        column = header.end() - (text.rfind("\n", 0, position) + 1)
        _add(found, line + 1, column + 1, _COMMENT_MESSAGE, _HEADER_HINT)
    if header.group(1) or header.group(2):
        return  # an explicit indentation indicator: spaces beyond it are content
    # Leading empty lines may not have more spaces than the first text line's auto-detected indentation.
    blank: list[int] = []  # widths of the leading space-only lines
    for index in range(line + 1, len(lines)):
        current = lines[index].rstrip("\r")
        if current.strip(" "):
            indent = len(current) - len(current.lstrip(" "))
            if blank and max(blank) > indent > _column(text, lines, owner, owner_columns):
                first = next(offset for offset, width in enumerate(blank) if width > indent)
                _add(found, line + 2 + first, indent + 1, _EMPTY_MESSAGE,
                     f"这些空行的空格比下面第一行文字的缩进（{indent} 个空格）还多：删掉空行里的空格，或删掉开头的空行。")
            return
        blank.append(len(current))


def _header_position(text: str, start: int, end: int) -> int:
    """Index of the `|` or `>` of a block scalar starting at `start`, skipping a tag or anchor before it."""
    index = start
    while index < end:
        char = text[index]
        if char in "|>":
            return index
        if char in " \t\r\n":
            index += 1
        elif char == "#":  # a comment after the properties
            newline = text.find("\n", index)
            index = end if newline < 0 else newline + 1
        elif char in "!&":
            while index < end and text[index] not in " \t\r\n":
                index += 1
        else:
            return -1
    return -1


def _add(found: dict[int, Violation], line: int, column: int, message: str, hint: str) -> None:
    found.setdefault(line, (line, max(column, 1), message, hint))
