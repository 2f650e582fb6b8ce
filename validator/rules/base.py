"""Rules of the trade: what JSON Schema cannot say.

Each rule is a small function made a `Rule` by `guide_rule` or `catalogue_rule`, with its code,
severity, Chinese title, explanation, the elements it reads and a bad and a fixed example (shown by
`guides rules CODE` and on the site). A guide rule looks at one guide; a catalogue rule looks across
all of them. Both yield Findings, which the check locates in the source file.

`reads` names every element of a guide a rule looks at ("materials[].name", "time_limit"; `[]` for
every item of a list, a name covers what is inside it); `AS_WRITTEN` for a rule that reads the data as
written (`Guide.data`), which any guide that loaded has whole. A guide that failed the schema is modelled from
what the schema accepted (check/partial.py); a rule runs on it only when none of its reads is among the
elements the guide lacks or had rejected, so that it never reports on what is not there. A test runs
each rule on its bad example with everything outside its reads removed, and expects the same findings.

Nothing registers itself: each rule module lists its rules in `RULES`, `check/registry.py` lists the
modules, and the rules a check runs are a `RuleSet` value built from that list (or any other).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..diagnostics import CodeDoc, Example, Severity
from ..laws import LawRegistry
from ..model import Catalogue, Department, Guide, GuideSummary


@dataclass(frozen=True)
class Finding:
    path: tuple[str | int, ...]  # where in the file: a data path, () for the file itself
    message: str
    hint: str | None = None
    key: bool = False  # point at the key rather than the value
    source: str | None = None  # the file, for catalogue rules; guide rules default to the guide's


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the guide: the department profiles, settings, today, the catalogue's files, the laws.

    A guide rule runs on one file in a worker process: it may read the department profiles, but not the
    other guides. Looking across guides is a catalogue rule's job (it gets them as its first argument).
    """

    root: Path
    today: datetime.date = field(default_factory=datetime.date.today)
    compression_target: float = 0.3
    stale_days: int = 365
    departments: Mapping[str, Department] = field(default_factory=dict)  # the valid profiles, by folder
    profiles: Mapping[str, str] = field(default_factory=dict)  # department folder → its profile's path, valid or not
    # The files whose findings are reported (None: all): a catalogue rule may skip costly work for the others.
    reported: frozenset[str] | None = None
    # Ids of every guide file found, also those with errors (which are not in the catalogue's guides).
    guide_ids: frozenset[str] = frozenset()
    laws: LawRegistry | None = None  # the law registry (validator/laws), loaded once per run; None: the L rules stay silent

    def department(self, guide: Guide) -> Department | None:
        return self.departments.get(guide.department)

    def reports(self, source: str) -> bool:
        return self.reported is None or source in self.reported


GuideCheck = Callable[[Guide, Context], Iterable[Finding]]
CatalogueCheck = Callable[[Catalogue[GuideSummary], Context], Iterable[Finding]]


AS_WRITTEN = "*"  # a rule that reads every text of the guide as written (`Guide.data`), whole on any guide that loaded


def _covers(outer: str, inner: str) -> bool:
    """Whether element `inner` is `outer` or inside it ("materials" covers "materials[].form")."""
    return inner == outer or inner.startswith((outer + ".", outer + "[]"))


def overlaps(reads: Iterable[str], missing: Iterable[str]) -> bool:
    """Whether any element read is missing, inside a missing one, or holds one."""
    missing = tuple(missing)
    return any(_covers(read, gone) or _covers(gone, read) for read in reads for gone in missing)


@dataclass(frozen=True)
class Rule:
    doc: CodeDoc
    check: Callable[..., Iterable[Finding]]
    scope: str  # "guide" | "catalogue"
    reads: tuple[str, ...] = ()  # the guide's elements the rule looks at (see the module's docstring)

    def runs_on(self, missing: tuple[str, ...]) -> bool:
        """Whether the rule may run on a guide that lacks (or had rejected) these elements."""
        return not missing or not overlaps(self.reads, missing)


@dataclass(frozen=True)
class RuleSet:
    """The rules a check runs, in order; codes are unique."""

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        codes = [rule.doc.code for rule in self.rules]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValueError(f"codes defined twice: {', '.join(twice)}")

    def of_scope(self, scope: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.scope == scope)

    def replacing(self, code: str, check: Callable[..., Iterable[Finding]]) -> RuleSet:
        """The same rules, with the check of one code replaced (the tests' spies and stand-ins)."""
        if all(rule.doc.code != code for rule in self.rules):
            raise KeyError(code)
        return RuleSet(tuple(replace(rule, check=check) if rule.doc.code == code else rule for rule in self.rules))


def _rule(scope: str, code: str, title: str, severity: Severity, explanation: str, reads: tuple[str, ...],
          bad: Example | None, good: Example | None) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    def decorate(check: Callable[..., Iterable[Finding]]) -> Rule:
        return Rule(CodeDoc(code, title, severity, explanation, bad, good, stage="rules"), check, scope, reads)
    return decorate


def guide_rule(code: str, title: str, severity: Severity, explanation: str, *, reads: tuple[str, ...],
               bad: Example | None = None, good: Example | None = None) -> Callable[[GuideCheck], Rule]:
    """Make `check(guide, context) -> Iterable[Finding]` a rule on each guide that reads the elements `reads`."""
    return _rule("guide", code, title, severity, explanation, reads, bad, good)


def catalogue_rule(code: str, title: str, severity: Severity, explanation: str, *, reads: tuple[str, ...],
                   bad: Example | None = None, good: Example | None = None) -> Callable[[CatalogueCheck], Rule]:
    """Make `check(catalogue, context) -> Iterable[Finding]` a rule over the whole catalogue, reading the elements
    `reads` of each guide's summary (a guide whose summary lacks one of them is left out of the catalogue it sees)."""
    return _rule("catalogue", code, title, severity, explanation, reads, bad, good)


@cache
def phrases() -> dict[str, Any]:
    """The word lists (catch-all clauses, vague words, …), kept as data beside the rules; read once."""
    import json

    return json.loads((Path(__file__).with_name("phrases.json")).read_text(encoding="utf-8"))
