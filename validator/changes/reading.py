"""One version of a file's bytes → its data, as `guides check` would read it, or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..check.loader import LoadFailed, load
from ..check.schema_stage import SchemaStage
from ..diagnostics import Severity


@dataclass(frozen=True)
class Reading:
    data: dict[str, Any] | None
    problem: str | None = None  # 第 N 行：… when the file cannot be loaded
    invalid: int = 0  # schema errors of a file that loads


def read_version(path: str, raw: bytes, kind: str, stage: SchemaStage) -> Reading:
    """The real loader, then the schema stage (whose keep-as-text fix-up makes `12345` the text "12345")."""
    try:
        document = load(path, raw)
    except LoadFailed as failed:
        first = failed.diagnostics[0]
        return Reading(None, f"第 {first.line} 行：{first.message}")
    invalid = sum(1 for d in stage.check(document, kind) if d.severity is Severity.ERROR)
    return Reading(document.data, None, invalid)
