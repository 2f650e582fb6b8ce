"""The registry of every diagnostic code: loader, schema and rules alike.

A code is stable once published: tools and suppressions refer to it. Each entry carries
the Chinese title and explanation shown by `guides rules` and on the site's rules page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Severity


@dataclass(frozen=True)
class CodeDoc:
    code: str
    title: str
    severity: Severity
    explanation: str
    bad: str | None = None  # a YAML snippet that triggers it
    good: str | None = None  # the same snippet fixed
    stage: str = "rules"  # load | schema | rules


_REGISTRY: dict[str, CodeDoc] = {}


def register(doc: CodeDoc) -> CodeDoc:
    if doc.code in _REGISTRY:
        raise ValueError(f"code {doc.code} registered twice")
    _REGISTRY[doc.code] = doc
    return doc


def get(code: str) -> CodeDoc | None:
    _load_all()
    return _REGISTRY.get(code.upper())


def all_codes() -> list[CodeDoc]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda d: d.code)


def _load_all() -> None:
    # Importing the stages registers their codes.
    from . import catalogue, loader, schema_stage, suppressions  # noqa: F401
    from .rules import load_rules

    load_rules()
