"""How completely a guide is filled in, on a 0–1 scale, with the element lists read from the schema.

    completeness = 0.7 × required + 0.3 × recommended

- required: the share of the schema's top-level `required` elements present in the guide (a value
  other than null). An empty list the schema allows (`materials: []` with `materials_note`) is a
  statement, not a gap, so it counts as present. A guide that passes the schema scores 1 here by
  construction; the part keeps the score meaningful if the standard adds a required element.
- recommended: the mean score of the elements the schema marks 「建议填写」 in their description,
  at any depth (impl_code, themes, delivery, scope, faq, result.sample, result.validity,
  basis[].doc_number, materials[].basis, process[].duration, fees.items[].waivable,
  locations[].phone, locations[].transit in the current standard). A top-level or nested
  element scores 1 when filled (not null, not an empty text, list or mapping; false and 0 count as
  filled) and 0 otherwise. An element inside list items scores the share of items that fill it,
  e.g. 2 of 3 legal bases with a 文号 → 2/3. An element whose list or parent is absent or empty
  (fee items of a free service) does not apply and is left out of the mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from ..standard.schemas import load_schema
from ..standard.walk import ITEMS, ElementPath, walk

REQUIRED_WEIGHT = 0.7
RECOMMENDED_WEIGHT = 0.3
RECOMMENDED_MARK = "建议填写"


@cache
def required_elements() -> tuple[str, ...]:
    return tuple(load_schema("guide")["required"])


@cache
def recommended_elements() -> tuple[ElementPath, ...]:
    """Paths of every element the schema marks 「建议填写」, e.g. ("basis", "[]", "doc_number")."""
    return tuple(e.path for e in walk(load_schema("guide")) if RECOMMENDED_MARK in e.spec.get("description", ""))


def score(data: Mapping[str, Any]) -> float:
    """The completeness of one guide's data (the formula in the module docstring)."""
    required = required_elements()
    present = sum(data.get(name) is not None for name in required) / len(required)
    shares = [filled / total for filled, total in (_coverage(data, path) for path in recommended_elements()) if total]
    recommended = sum(shares) / len(shares) if shares else 1.0
    return REQUIRED_WEIGHT * present + RECOMMENDED_WEIGHT * recommended


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _coverage(node: Any, path: ElementPath) -> tuple[int, int]:
    """(places that fill the element, places where it applies) for one element path."""
    head, rest = path[0], path[1:]
    if head == ITEMS:
        counts = [_coverage(item, rest) for item in node] if isinstance(node, list) else []
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
    child = node.get(head) if isinstance(node, Mapping) else None
    if not rest:
        return int(_filled(child)), 1
    return _coverage(child, rest) if child is not None else (0, 0)
