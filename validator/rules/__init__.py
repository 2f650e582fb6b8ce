"""Rules of the trade: what JSON Schema cannot say.

Each rule is a small function registered with its code, severity, Chinese title, explanation
and a bad and a fixed example (shown by `guides rules CODE` and on the site). A guide rule
looks at one valid guide; a catalogue rule looks across all of them. Both yield Findings,
which the pipeline locates in the source file.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity
from ..model import Catalogue, Department, Guide
from ..registry import CodeDoc, register

if TYPE_CHECKING:
    from ..laws import LawRegistry


@dataclass(frozen=True)
class Finding:
    path: tuple[str | int, ...]  # where in the file: a data path, () for the file itself
    message: str
    hint: str | None = None
    key: bool = False  # point at the key rather than the value
    source: str | None = None  # the file, for catalogue rules; guide rules default to the guide's


@dataclass
class Context:
    """What a rule may know beyond the guide: the catalogue, settings, today."""

    catalogue: Catalogue
    root: Path
    today: datetime.date = field(default_factory=datetime.date.today)
    compression_target: float = 0.3
    stale_days: int = 365
    profiles: dict[str, str] = field(default_factory=dict)  # department folder → its profile's path, valid or not
    # The files whose findings are reported (None: all): a catalogue rule may skip costly work for the others.
    reported: frozenset[str] | None = None
    # Ids of every guide file found, also those with errors (which are not in `catalogue.guides`).
    guide_ids: frozenset[str] = frozenset()
    laws: LawRegistry | None = None  # the law registry (validator/laws), loaded once per run; None: the L rules stay silent

    def department(self, guide: Guide) -> Department | None:
        """A guide rule may read the department profiles, but not the other guides: it runs on one file in a
        worker process, where `catalogue.guides` is empty. Looking across guides is a catalogue rule's job."""
        return self.catalogue.departments.get(guide.department)

    def reports(self, source: str) -> bool:
        return self.reported is None or source in self.reported


GuideCheck = Callable[[Guide, Context], Iterable[Finding]]
CatalogueCheck = Callable[[Catalogue, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    doc: CodeDoc
    check: Callable[..., Iterable[Finding]]
    scope: str  # "guide" | "catalogue"


RULES: list[Rule] = []


def _rule(scope: str, code: str, title: str, severity: Severity, explanation: str,
          bad: str | None, good: str | None) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    def decorate(check: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        doc = register(CodeDoc(code, title, severity, explanation, bad, good, stage="rules"))
        RULES.append(Rule(doc, check, scope))
        return check
    return decorate


def guide_rule(code: str, title: str, severity: Severity, explanation: str, *, bad: str | None = None,
               good: str | None = None) -> Callable[[GuideCheck], GuideCheck]:
    """Register `check(guide, context) -> Iterable[Finding]` as a rule on each guide."""
    return _rule("guide", code, title, severity, explanation, bad, good)  # type: ignore[return-value]


def catalogue_rule(code: str, title: str, severity: Severity, explanation: str, *, bad: str | None = None,
                   good: str | None = None) -> Callable[[CatalogueCheck], CatalogueCheck]:
    """Register `check(catalogue, context) -> Iterable[Finding]` as a rule over the whole catalogue."""
    return _rule("catalogue", code, title, severity, explanation, bad, good)  # type: ignore[return-value]


def load_rules() -> list[Rule]:
    """Import every rule module once; registration happens at import."""
    from . import (  # noqa: F401
        catalogue_wide,
        codes,
        contacts,
        dates,
        fees,
        legal,
        materials,
        online,
        time_limits,
        wording,
    )
    return RULES


@cache
def phrases() -> dict[str, Any]:
    """The word lists (catch-all clauses, vague words, …), kept as data beside the rules; read once."""
    import json

    return json.loads((Path(__file__).with_name("phrases.json")).read_text(encoding="utf-8"))
