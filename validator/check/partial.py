"""A guide that failed the schema, made usable: the data the schema accepted, and the elements it lacks.

Every value the schema rejected is removed, as small as the error allows: the key whose value is
wrong (`materials[2].form`), or the list item that is wrong as a whole (a material written as a
plain string); unknown keys go too. A missing required key stays missing. What is left is modelled
leniently (`Guide.of`, absent → None or empty) and the rules whose `reads` avoid the elements named
here still run (rules/base.py). Removing a list item shifts the items after it, so the whole list is
named (`materials[]`): no rule that reads it runs, and no finding can point at the wrong item.
"""

from __future__ import annotations

import copy
from typing import Any

from ..diagnostics import DataPath
from ..standard.walk import ITEMS, element_name
from .schema_stage import SchemaResult


def element_of(path: DataPath) -> str:
    """A data path's element name: ("materials", 2, "form") → "materials[].form"."""
    return element_name(tuple(ITEMS if isinstance(part, int) else part for part in path))


def accepted(data: dict[str, Any], schema: SchemaResult) -> tuple[dict[str, Any], tuple[str, ...]]:
    """(the data without what the schema rejected, the names of the elements missing or rejected), sorted."""
    out = copy.deepcopy(data)
    named: set[str] = set()
    removed: list[DataPath] = []
    for path in sorted({*schema.rejected, *schema.unknown}, key=_order):
        if any(path[:len(done)] == done for done in removed):
            continue  # inside something already removed
        removed.append(path)
        if path in schema.rejected:
            named.add(element_of(path[:-1]) + "[]" if isinstance(path[-1], int) else element_of(path))
    for path in sorted(removed, key=_order, reverse=True):  # later items first: earlier indices stay right
        _remove(out, path)
    for path in schema.missing:
        if not any(path[:len(done)] == done for done in removed):
            named.add(element_of(path))
    return out, tuple(sorted(named))


def _order(path: DataPath) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)


def _remove(data: Any, path: DataPath) -> None:
    *parents, last = path
    for part in parents:
        data = data[part]
    if isinstance(last, int):
        del data[last]
    else:
        data.pop(last, None)
