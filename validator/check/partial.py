"""A guide that failed the schema, made usable: what the schema accepted, and what it lacks.

Every value the schema rejected is removed, as small as the error allows: the key whose value is wrong
(`materials[2].form`), or the list item that is wrong as a whole (a material written as a plain string);
unknown keys go too. A missing required key stays missing. The rest is modelled leniently (`Guide.of`,
absent → None or empty), and each rule runs on what it can read (`Partial.hidden_for`):

- a rule whose reads touch a gap outside any list item (`basic_code`, `time_limit.kind`, a list missing as
  a whole) does not run;
- a gap inside a list item (`basis[1].article` missing) hides that item from the rules that read it, which
  run on the other items: one basis without an article does not keep the others' article from being checked;
- a list item removed as a whole is hidden from every rule.

Rules see lists without the hidden items; their findings are put back on the items' places in the file
(`View.place`), so a finding never points at the wrong item.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import NATURAL_KEYS, DataPath
from ..rules.base import overlaps
from ..standard.walk import ITEMS, element_name
from .schema_stage import SchemaResult

Hidden = dict[DataPath, frozenset[int]]  # list path (file indices) → indices of the items hidden


def element_of(path: DataPath) -> str:
    """A data path's element name: ("materials", 2, "form") → "materials[].form"."""
    return element_name(tuple(ITEMS if isinstance(part, int) else part for part in path))


def _first_item(path: DataPath) -> int | None:
    return next((k for k, part in enumerate(path) if isinstance(part, int)), None)


@dataclass(frozen=True)
class View:
    """The data a rule sees (hidden items taken out) and how to put its findings back in place."""

    data: dict[str, Any]
    hidden: Hidden
    whole: dict[str, Any]  # the data with every item, to count the items of each list

    def place(self, path: DataPath) -> DataPath:
        """A path into the view's data as a path into the file: list indices shifted past hidden items."""
        out: list[str | int] = []
        node: Any = self.whole
        for part in path:
            if isinstance(part, int) and isinstance(node, list):
                gone = self.hidden.get(tuple(out), frozenset())
                kept = [i for i in range(len(node)) if i not in gone]
                part = kept[part] if part < len(kept) else part
            out.append(part)
            node = node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else (
                node.get(part) if isinstance(node, dict) and isinstance(part, str) else None)
        return tuple(out)


@dataclass
class Partial:
    """A guide file's data as the schema accepted it."""

    data: dict[str, Any]  # rejected and unknown keys removed; every list item in place
    removed: Hidden  # the items the schema rejected as a whole
    gaps: list[DataPath]  # missing or rejected keys, in items that stay or outside any list
    missing: tuple[str, ...]  # the element names of every gap and removed item, sorted (Guide.missing)
    _views: dict[tuple[tuple[DataPath, frozenset[int]], ...], View] = field(default_factory=dict)

    def shown(self) -> Hidden:
        """The items hidden from the guide's model (the site, the report): those removed, and those without what names
        them (a material without `name`, a basis without `title`); an item lacking anything else stays, its gaps empty."""
        hidden = {path: set(indices) for path, indices in self.removed.items()}
        for gap in self.gaps:
            first = _first_item(gap)
            if first is not None and len(gap) == first + 2 and gap[-1] in NATURAL_KEYS:
                hidden.setdefault(gap[:first], set()).add(gap[first])  # type: ignore[arg-type]
        return {path: frozenset(indices) for path, indices in hidden.items() if indices}

    def hidden_for(self, reads: Iterable[str]) -> Hidden | None:
        """The items hidden from a rule with these reads, or None when a gap outside any item keeps it from running."""
        reads = tuple(reads)
        hidden = {path: set(indices) for path, indices in self.removed.items()}
        for gap in self.gaps:
            if not overlaps(reads, (element_of(gap),)):
                continue
            first = _first_item(gap)
            if first is None:
                return None
            hidden.setdefault(gap[:first], set()).add(gap[first])  # type: ignore[arg-type]
        return {path: frozenset(indices) for path, indices in hidden.items() if indices}

    def view(self, hidden: Hidden) -> View:
        key = tuple(sorted(hidden.items()))
        found = self._views.get(key)
        if found is None:
            data = copy.deepcopy(self.data) if hidden else self.data
            for path in sorted(hidden, key=len, reverse=True):  # inner lists first: outer indices stay right
                items = _at(data, path)
                for index in sorted(hidden[path], reverse=True):
                    del items[index]
            found = self._views[key] = View(data, hidden, self.data)
        return found


def accepted(data: dict[str, Any], schema: SchemaResult) -> Partial:
    """The data without what the schema rejected, and where its gaps are."""
    out = copy.deepcopy(data)
    removed: dict[DataPath, set[int]] = {}
    gone: set[DataPath] = set()
    gaps: list[DataPath] = []
    for path in sorted({*schema.rejected, *schema.unknown}, key=_order):  # an element before what is inside it
        if _inside(path, gone):
            continue  # inside something already removed
        gone.add(path)
        if isinstance(path[-1], int):
            removed.setdefault(path[:-1], set()).add(path[-1])
        else:
            _at(out, path[:-1]).pop(path[-1], None)
            if path in schema.rejected:
                gaps.append(path)
    gaps += [path for path in schema.missing if not _inside(path, gone)]
    names = {element_of(gap) for gap in gaps} | {element_of((*path, 0)) for path in removed}
    return Partial(out, {path: frozenset(indices) for path, indices in removed.items()}, gaps, tuple(sorted(names)))


def _inside(path: DataPath, gone: set[DataPath]) -> bool:
    """Whether `path` or an element containing it is in `gone`: by its prefixes, so that 40 000 unknown keys stay linear."""
    return any(path[:length] in gone for length in range(1, len(path) + 1))


def _order(path: DataPath) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)


def _at(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data
