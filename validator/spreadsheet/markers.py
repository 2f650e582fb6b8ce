"""Carry `# guides: ignore[…]` markers from a file being overwritten into its new text.

A spreadsheet has no place for YAML comments, so an import that rewrites a file would drop the
reviewed suppressions. Each marker is tied to the element that starts on the line it applies to
(the shallowest one: the list item of `- name: …`, the key of `visits: 1`), and put back on the
line where that element starts in the new text, in the same form (alone on the line above, or at
the end of the line). A list item is followed by its content, not its position: when a row
above it was deleted, the marker moves with the item (same content, else the same name). A marker
whose element is gone is reported as lost; the check that follows the import shows any marker that
no longer suppresses anything (G002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..check.loader import Document
from .yaml_out import same

MARKER = re.compile(r"#\s*guides:\s*ignore\[")


@dataclass(frozen=True)
class Marker:
    path: tuple[str | int, ...]
    key: bool  # the element starts with its key (`statutory:` with the value below)
    alone: bool  # on a line of its own above the element, else at the end of its line
    text: str  # the comment as written, from `#`


def markers(doc: Document) -> list[Marker]:
    """The file's ignore markers with the element each applies to."""
    if "guides:" not in doc.text:
        return []
    starts = _starts(doc.root)
    found = []
    for number, line in enumerate(doc.text.split("\n"), 1):
        match = MARKER.search(line)
        if match is None:
            continue
        alone = line[: match.start()].strip() == ""
        target = starts.get(number + 1 if alone else number)
        if target is not None:
            found.append(Marker(target[0], target[1], alone, line[match.start():].rstrip()))
    return found


def carry(markers: list[Marker], old: Any, new: Document) -> tuple[str, list[Marker]]:
    """The new text with the markers put back, and the markers whose element is no longer there."""
    lines = new.text.split("\n")
    placed: list[tuple[int, Marker]] = []
    lost = []
    for marker in markers:
        path = _follow(marker.path, old, new.data)
        if path is None:
            lost.append(marker)
            continue
        line, _ = new.position(path, key=marker.key)
        placed.append((line, marker))
    for line, marker in sorted(placed, key=lambda p: p[0], reverse=True):
        target = lines[line - 1]
        if marker.alone:
            indent = target[: len(target) - len(target.lstrip())]
            lines.insert(line - 1, indent + marker.text)
        else:
            lines[line - 1] = f"{target}  {marker.text}"
    return "\n".join(lines), lost


def _starts(root: Node) -> dict[int, tuple[tuple[str | int, ...], bool]]:
    """1-based line → the shallowest element starting on it (a value before a key at the same depth)."""
    best: dict[int, tuple[int, bool, tuple[str | int, ...]]] = {}

    def note(node: Node, path: tuple[str | int, ...], key: bool) -> None:
        line = node.start_mark.line + 1
        rank = (len(path), key)
        if line not in best or rank < best[line][:2]:
            best[line] = (len(path), key, path)

    def walk(node: Node, path: tuple[str | int, ...]) -> None:
        if path:
            note(node, path, False)
        if isinstance(node, MappingNode):
            for key_node, value in node.value:
                if isinstance(key_node, ScalarNode):
                    note(key_node, path + (key_node.value,), True)
                    walk(value, path + (key_node.value,))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, path + (index,))

    walk(root, ())
    return {line: (path, key) for line, (_, key, path) in best.items()}


_NAMES = ("name", "title", "label", "q")  # what identifies a list item when its content changed


def _follow(path: tuple[str | int, ...], old: Any, new: Any) -> tuple[str | int, ...] | None:
    """`path` in the old data → the same element's path in the new data, list items matched by content."""
    out: list[str | int] = []
    for part in path:
        if isinstance(part, str):
            if not (isinstance(old, dict) and isinstance(new, dict) and part in new):
                return None
            old, new = old.get(part), new[part]
            out.append(part)
            continue
        if not (isinstance(old, list) and isinstance(new, list) and part < len(old)):
            return None
        item = old[part]
        index = next((i for i, candidate in enumerate(new) if same(candidate, item)), None)
        if index is None and isinstance(item, dict):
            key = next((k for k in _NAMES if k in item), None)
            index = next((i for i, c in enumerate(new) if key and isinstance(c, dict) and c.get(key) == item[key]), None)
        if index is None:
            return None
        old, new = item, new[index]
        out.append(index)
    return tuple(out)
