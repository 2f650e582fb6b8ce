"""Every diagnostic code, listed once: the load, schema and suppression stages' own, the law registry's, and the rules'.

A code is stable once published: tools, configuration and suppression markers refer to it. Each
entry carries the Chinese title and explanation shown by `guides rules` and on the site's rules page.

Nothing registers itself on import. Each stage module exposes its codes as `CODES` and each rule
module its rules as `RULES`; this module lists them. The rules a check runs are a value,
`default_rules()`, which a caller may replace with another `RuleSet`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from ..diagnostics import CodeDoc
from ..rules import bodies, catalogue_wide, codes, contacts, dates, fees, legal, limit_shapes, materials, online, situations, time_limits, wording
from ..rules.base import RuleSet
from . import files, law_registry, loader, schema_stage, suppressions

STAGE_CODES: tuple[CodeDoc, ...] = (*loader.CODES, *files.CODES, *schema_stage.CODES, *suppressions.CODES, *law_registry.CODES)
RULE_MODULES = (bodies, catalogue_wide, codes, contacts, dates, fees, legal, limit_shapes, materials, online, situations, time_limits,
                wording)


@cache
def default_rules() -> RuleSet:
    """Every rule of the trade, module by module."""
    return RuleSet(tuple(rule for module in RULE_MODULES for rule in module.RULES))


@dataclass(frozen=True)
class Registry:
    """The codes of the stages and of one rule set, by code."""

    docs: Mapping[str, CodeDoc]

    @classmethod
    def of(cls, rules: RuleSet) -> Registry:
        docs: dict[str, CodeDoc] = {}
        for doc in (*STAGE_CODES, *(rule.doc for rule in rules.rules)):
            if doc.code in docs:
                raise ValueError(f"code {doc.code} defined twice")
            docs[doc.code] = doc
        return cls(docs)

    def get(self, code: str) -> CodeDoc | None:
        return self.docs.get(code.upper())

    def __iter__(self) -> Iterator[CodeDoc]:
        """Every code, sorted."""
        return iter(sorted(self.docs.values(), key=lambda doc: doc.code))

    def __contains__(self, code: object) -> bool:
        return code in self.docs

    def configurable(self) -> list[str]:
        """The codes `[tool.guides]` may select, ignore or re-grade: the rules' and the suppression markers' (G)."""
        return [doc.code for doc in self if doc.stage == "rules"]


@cache
def registry() -> Registry:
    """The codes of the stages and the default rules: what `guides rules`, the site and SARIF list."""
    return Registry.of(default_rules())


def all_codes() -> list[CodeDoc]:
    return list(registry())


def get(code: str) -> CodeDoc | None:
    return registry().get(code)
