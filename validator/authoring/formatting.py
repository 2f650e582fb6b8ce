"""`guides fmt`'s work on one file: load it, find its comments, and give its canonical text.

A comment is the one thing the canonical layout cannot carry (the web editor drops every comment on save), so
a file with a comment besides the schema line is not rewritten: a suppression marker moves into the data with
`guides migrate`; any other note belongs in the guide's own note elements (notes, note, status_note) or in the
commit message. The file keeps its comments until the clerk decides; nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..check.files import kind_of
from ..check.loader import Document, LoadFailed, load
from ..diagnostics import Diagnostic
from ..standard.schemas import schema_reference
from .canonical import dump, order

_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.M)
HEADER = "# yaml-language-server:"
MARKER = re.compile(r"#\s*guides:\s*ignore\[")


@dataclass
class Formatted:
    path: Path
    text: str  # as read
    canonical: str | None = None  # None when it cannot be formatted
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, comment) besides the schema line
    problems: list[Diagnostic] = field(default_factory=list)  # why it could not be loaded

    @property
    def changed(self) -> bool:
        return self.canonical is not None and self.canonical != self.text


def format_file(path: Path, shown: str, raw: bytes) -> Formatted:
    try:
        document = load(shown, raw)
    except LoadFailed as failed:
        return Formatted(path, raw.decode("utf-8", "replace"), problems=failed.diagnostics)
    found = Formatted(path, document.text, comments=comments(document))
    if not found.comments:
        kind = kind_of(path)
        found.canonical = dump(document.data, order(kind), schema_reference(kind, path))
    return found


def canonical_text(document: Document, path: Path) -> str:
    """A loaded file's canonical text (its comments, if any, left behind: the caller has moved them)."""
    kind = kind_of(path)
    return dump(document.data, order(kind), schema_reference(kind, path))


def comments(document: Document) -> list[tuple[int, str]]:
    """(line, text) of every comment but a schema line on the first line: a `#` outside any value."""
    text = document.text
    if "#" not in text:
        return []
    spans = sorted(_scalar_spans(document.root))
    starts = [start for start, _ in spans]
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    found = []
    for match in _HASH.finditer(text):
        at = match.start()
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0 and spans[index][0] <= at < spans[index][1]:
            continue  # inside a value: `#` is text there
        line = bisect.bisect_right(breaks, at) + 1
        end = text.find("\n", at)
        comment = text[at:len(text) if end < 0 else end].rstrip("\r")
        if line == 1 and comment.startswith(HEADER):
            continue
        found.append((line, comment))
    return found


def _scalar_spans(root: Node) -> list[tuple[int, int]]:
    spans, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, SequenceNode):
            stack += node.value
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
    return spans
