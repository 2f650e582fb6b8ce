"""Guide and profile data → YAML text in the canonical layout (`guides fmt`'s), proven to load back to the same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..authoring.canonical import dump as canonical_dump
from ..authoring.canonical import order
from ..check.loader import LoadFailed, load
from ..standard.schemas import schema_reference


def dump(data: dict[str, Any], kind: str, target: Path) -> str:
    """The file's text: the editor's schema line, then the data in schema order, block style (what `guides fmt` writes,
    so that an imported workbook passes `guides fmt --check`)."""
    text = canonical_dump(data, order(kind), schema_reference(kind, target))
    try:
        if same(load(str(target), text.encode("utf-8")).data, data):
            return text
    except LoadFailed:
        pass
    raise RuntimeError(f"写出的 YAML 读回后与原数据不同：{target}")


def same(a: Any, b: Any) -> bool:
    """Equal data, types included (True is not 1, 1 is not 1.0), key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
