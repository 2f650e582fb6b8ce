"""Placing a code's documented example into a copy of a sample catalogue (see diagnostics.Example).

The snippet is placed as text, so what the reader sees is what the check reads: its comments, flow
mappings and even broken YAML stay as written, and the line the bad example's finding should be on is
a line of the snippet, followed to where it lands in the file.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from validator.diagnostics import FILE, FOLDER, LAWS, LINES, Example

from .conftest import GUIDES

# Examples' dates are either well before this or after it, whatever today is: D702 (stale) and L108 (the law
# registry's age) are tested with stale-days and laws-max-age counted from here, and no good example grows stale
# with time (the shipped law registry's data date, 2025-04-19, is after it).
REFERENCE = datetime.date(2025, 1, 1)
IDENTITY = ("impl_code", "handle_code")  # what a second copy of a guide must not share with the first (X001)
_SECTION = re.compile(r"^# ([\w-]+/[\w-]+)\.yaml")
_KEY = re.compile(r"^([A-Za-z_][\w]*)[ \t]*[:：]")


def catalogue(root: Path) -> Path:
    days = (datetime.date.today() - REFERENCE).days
    (root / "pyproject.toml").write_text(f"[tool.guides]\nstale-days = {days}\nlaws-max-age = {days}\n", encoding="utf-8")
    return root


def place(example: Example, root: Path) -> tuple[str, Callable[[], int], str]:
    """Write the example into the catalogue under `root`; the file it is in (relative to root), where the bad
    example's finding must be (the line in that file of the snippet's line `example.line`), and the file to check."""
    folder, _ = example.base.split("/")
    shutil.copytree(GUIDES / folder, root / "guides" / folder)
    for extra in example.files:
        (root / "guides" / extra).parent.mkdir(parents=True, exist_ok=True)
        (root / "guides" / extra).write_bytes(b"%PDF-1.4\n")
    if example.into == FOLDER:
        checked, line = _folder(example, root)
        return checked, line, checked
    if example.into == LAWS:  # every check reads the law registry folder: the base guide is checked with it
        (root / "laws").mkdir()
        (root / "laws" / "example.yaml").write_text(example.text, encoding=example.encoding)
        return "laws/example.yaml", lambda: example.line, f"guides/{example.base}.yaml"
    checked, expected = "", lambda: 0
    for number, (file_id, start, text) in enumerate(_sections(example)):
        target = root / "guides" / f"{file_id}.yaml"
        base = target if target.exists() else GUIDES / f"{example.base}.yaml"
        drop = example.drop if target.exists() else (*example.drop, *IDENTITY)
        placed = _placed(example, _dropped(base.read_text(encoding="utf-8"), drop), text)
        if number == 0:  # the file checked
            checked = f"guides/{file_id}.yaml"
            expected = partial(placed.line_of, example.line - start + 1)
        data = placed.text.encode(example.encoding)
        if example.size:
            data += b"\n#" + b" " * max(example.size - len(data), 0) + b"\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _link_out(example, root)
    return checked, expected, checked


def _link_out(example: Example, root: Path) -> None:
    """Each of `example.outside` becomes a symbolic link to a copy of its content outside the catalogue."""
    for name in example.outside:
        inside = root / "guides" / name
        away = root.parent / f"{root.name}-outside" / name
        away.parent.mkdir(parents=True, exist_ok=True)
        away.write_bytes(inside.read_bytes())
        inside.unlink()
        inside.symlink_to(away)


def _sections(example: Example) -> list[tuple[str, int, str]]:
    """(file id, the line the section's text starts on, its text) for each file the snippet writes."""
    lines = example.text.split("\n")
    heads = [i for i, line in enumerate(lines) if _SECTION.match(line)]
    if not heads:
        return [(example.base, 1, example.text)]
    ends = [*heads[1:], len(lines)]
    return [(_SECTION.match(lines[h]).group(1), h + 2, "\n".join(lines[h + 1:end]))  # type: ignore[union-attr]
            for h, end in zip(heads, ends, strict=True)]


def _folder(example: Example, root: Path) -> tuple[str, Callable[[], int]]:
    """The snippet lists the folder's files: the others are removed; the file on `line` is checked, at its start."""
    lines = example.text.split("\n")
    folder = root / lines[0].strip().rstrip("/")
    listed = {line.strip() for line in lines[1:]}
    for path in folder.iterdir():
        if path.name not in listed:
            path.unlink()
    checked = folder / lines[example.line - 1].strip()
    first = next(n for n, line in enumerate(checked.read_text(encoding="utf-8").split("\n"), 1) if _KEY.match(line))
    return checked.relative_to(root).as_posix(), lambda: first


# -- text surgery on the YAML node tree ----------------------------------------------------------------

@dataclass
class Placed:
    text: str
    origins: list[tuple[str, int]]  # per line of `text`: ("snippet", n) or ("base", n), 0-based
    aliases: dict[int, int] = field(default_factory=dict)  # snippet line → base line it merged into

    def line_of(self, snippet_line: int) -> int:
        """The 1-based line of the file where a 1-based line of the snippet (or what it merged into) is."""
        for wanted in (("snippet", snippet_line - 1), ("base", self.aliases.get(snippet_line - 1, -1))):
            if wanted in self.origins:
                return self.origins.index(wanted) + 1
        raise AssertionError(f"line {snippet_line} of the snippet is not in the file:\n{self.text}")


def _last_line(node: Node) -> int:
    """The 0-based last line holding a node's content."""
    if isinstance(node, ScalarNode) or node.flow_style or not node.value:
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    last = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    return _last_line(last)


def _block(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and bool(node.value)


def _node_at(root: Node, into: str) -> Node:
    node = root
    for step in re.findall(r"[^.\[\]]+|\[\d+\]", into):
        if step.startswith("["):
            node = node.value[int(step[1:-1])]
        else:
            node = next(value for key, value in node.value if key.value == step)
    return node


def _dropped(text: str, paths: tuple[str, ...]) -> str:
    for path in paths:
        parent, _, key = path.rpartition(".")
        root = yaml.compose(text)
        node = _node_at(root, parent) if parent else root
        entry = next(((k, v) for k, v in node.value if k.value == key), None)
        if entry is None:
            continue
        lines = text.split("\n")
        start = entry[0].start_mark
        assert lines[start.line][:start.column].strip() == "", f"{path} starts a list item: cannot take it out"
        del lines[start.line:_last_line(entry[1]) + 1]
        text = "\n".join(lines)
    return text


class _Merge:
    """Edits of the base's lines that put a snippet's entries in place."""

    def __init__(self, base: str, snippet: str) -> None:
        self.base, self.snippet = base.split("\n"), snippet.split("\n")
        self.edits: list[tuple[int, int, list[tuple[str, tuple[str, int]]]]] = []  # (start, end), new lines
        self.aliases: dict[int, int] = {}

    def lines(self, first: Node, last: Node, column: int, prefix: str = "") -> list[tuple[str, tuple[str, int]]]:
        """The snippet's lines from node `first` to the end of `last`, moved to `column`."""
        start, shift = first.start_mark, column - first.start_mark.column
        out = []
        for number in range(start.line, _last_line(last) + 1):
            line = self.snippet[number]
            if number == start.line:
                line = " " * column + line[start.column:]
            elif shift >= 0:
                line = " " * shift + line
            else:
                line = line[min(-shift, len(line) - len(line.lstrip(" "))):]
            out.append((line, ("snippet", number)))
        if prefix:
            out[0] = (prefix + out[0][0][len(prefix):], out[0][1])
        return out

    def replace(self, base_first: Node, base_last: Node, first: Node, last: Node) -> None:
        start = base_first.start_mark
        new = self.lines(first, last, start.column, self.base[start.line][:start.column])
        self.edits.append((start.line, _last_line(base_last) + 1, new))

    def append(self, base: Node, first: Node, last: Node, *, item: bool) -> None:
        at = _last_line(base) + 1
        if item:  # a new list item: its dash where the base's dashes are
            dash = base.start_mark.column
            new = self.lines(first, last, dash + 2, " " * dash + "- ")
        else:
            new = self.lines(first, last, base.value[0][0].start_mark.column)
        self.edits.append((at, at, new))

    def merge(self, base: Node, snippet: Node) -> None:
        if isinstance(base, MappingNode) and isinstance(snippet, MappingNode) and _block(base):
            for key, value in snippet.value:
                found = next(((k, v) for k, v in base.value if k.value == key.value), None)
                if found is None:
                    self.append(base, key, value, item=False)
                elif _block(value) and type(value) is type(found[1]) and _block(found[1]):
                    self.aliases[key.start_mark.line] = found[0].start_mark.line
                    self.merge(found[1], value)
                else:
                    self.replace(found[0], found[1], key, value)
        elif isinstance(base, SequenceNode) and isinstance(snippet, SequenceNode) and _block(base):
            for index, item in enumerate(snippet.value):
                if index >= len(base.value):
                    self.append(base, item, item, item=True)
                elif isinstance(item, MappingNode) and _block(item) and isinstance(base.value[index], MappingNode):
                    self.merge(base.value[index], item)
                else:
                    self.replace(base.value[index], base.value[index], item, item)
        else:
            raise AssertionError("the snippet does not fit where `into` puts it")

    def result(self) -> Placed:
        out = [(line, ("base", n)) for n, line in enumerate(self.base)]
        for start, end, new in sorted(self.edits, key=lambda e: e[0], reverse=True):
            out[start:end] = new
        return Placed("\n".join(line for line, _ in out), [origin for _, origin in out], self.aliases)


def _placed(example: Example, base: str, text: str) -> Placed:
    if example.into == FILE:
        return Placed(text, [("snippet", n) for n in range(text.count("\n") + 1)])
    if example.into == LINES:
        return _lines(base, text)
    merge = _Merge(base, text)
    merge.merge(_node_at(yaml.compose(base), example.into), yaml.compose(text))
    return merge.result()


def _lines(base: str, text: str) -> Placed:
    """The snippet's lines, as written, in place of the base's top-level entries of the keys it writes."""
    keys = {match.group(1) for line in text.split("\n") if (match := _KEY.match(line))}
    lines = [(line, ("base", n)) for n, line in enumerate(base.split("\n"))]
    root = yaml.compose(base)
    spans = sorted((k.start_mark.line, _last_line(v) + 1) for k, v in root.value if k.value in keys)
    at = spans[0][0] if spans else len(lines)
    for start, end in reversed(spans):
        del lines[start:end]
    lines[at:at] = [(line, ("snippet", n)) for n, line in enumerate(text.split("\n"))]
    return Placed("\n".join(line for line, _ in lines), [origin for _, origin in lines])
