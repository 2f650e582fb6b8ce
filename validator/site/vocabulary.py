"""The standard's value lists, in the standard's order, read from the shipped schema.

Indexes list 事项类型, 行使层级 and 主题 in this order rather than alphabetically, so the site
follows the standard wherever it changes.
"""

from __future__ import annotations

from functools import cache

from ..standard.schemas import load_schema
from ..standard.walk import values


@cache
def order(element: str) -> tuple[str, ...]:
    """Allowed values of a guide element (`type`, `level`, `theme`), in the schema's order."""
    return values(load_schema("guide"), element)


def sort_by(values: list[str], element: str) -> list[str]:
    """Values in the standard's order; anything the standard does not list goes last."""
    known = order(element)
    return sorted(values, key=lambda v: (known.index(v) if v in known else len(known), v))
