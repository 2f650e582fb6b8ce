"""Each rule's `reads` says every element it looks at: run on its bad example with everything else taken out of
the guide, it finds the same problems. The reads name elements of the standard.

A rule that reads an element it does not declare either finds something else (the element is missing, so
None or empty) or fails; a guide that failed the schema would then get a wrong finding, since the check runs a
rule on such a guide only where its reads are intact (rules/base.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from validator.check.loader import load
from validator.check.registry import default_rules
from validator.rules.base import AS_WRITTEN, Rule
from validator.standard.schemas import load_schema
from validator.standard.walk import ITEMS, element_name, shorthand_object, walk

from .example_support import catalogue, place

RULES = [rule for rule in default_rules().rules if rule.doc.bad is not None]


def element_names() -> set[str]:
    """Every element of the guide schema, the object forms of text-or-object unions included (conditions[].when)."""
    schema = load_schema("guide")
    names = set()
    for element in walk(schema):
        names.add(element.name)
        union = shorthand_object(schema, element.spec)
        if union is not None:
            names.update(element_name((*element.path, key)) for key in union.get("properties", {}))
    return names


def restricted(data: Any, reads: list[tuple[str, ...]]) -> Any:
    """The data with only what the element paths name (a name holds everything inside it)."""
    if any(not path for path in reads):
        return data
    if isinstance(data, dict):
        kept = {key: [path[1:] for path in reads if path[0] == key] for key in data}
        return {key: restricted(value, kept[key]) for key, value in data.items() if kept[key]}
    if isinstance(data, list):
        inside = [path[1:] for path in reads if path[0] == ITEMS]
        return [restricted(item, inside) for item in data]
    return data  # a text that an object form would hold (a condition written as a string)


def _steps(name: str) -> tuple[str, ...]:
    return tuple(name.replace("[]", f".{ITEMS}").split("."))


def _findings(guides, root: Path, checked: str, code: str) -> list[tuple[str, str | None]]:
    run = guides("check", checked, "--format", "json", cwd=root)
    assert run.code in (0, 1), run.err
    return sorted((d["message"], d.get("hint")) for d in run.diagnostics if d["code"] == code)


def _guide_files(root: Path, rule: Rule, checked: str) -> list[Path]:
    """The files whose data the rule reads: the checked guide, or for a catalogue rule every guide."""
    if rule.scope == "guide":
        return [root / checked]
    return [p for p in (root / "guides").rglob("*.yaml") if p.name != "_department.yaml"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.doc.code)
def test_reads_name_elements_of_the_standard(rule: Rule) -> None:
    unknown = [name for name in rule.reads if name not in element_names() and name != AS_WRITTEN]
    assert unknown == [], f"{rule.doc.code} reads what the schema does not have: {unknown}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.doc.code)
def test_a_rule_finds_the_same_with_only_what_it_reads(guides, rule: Rule, tmp_path: Path) -> None:
    assert rule.doc.bad is not None
    (tmp_path / "full").mkdir()
    (tmp_path / "partial").mkdir()
    full = catalogue(tmp_path / "full")
    _, _, checked = place(rule.doc.bad, full)
    expected = _findings(guides, full, checked, rule.doc.code)
    assert expected, f"{rule.doc.code}: its bad example finds nothing"

    partial = catalogue(tmp_path / "partial")
    place(rule.doc.bad, partial)
    reads = [() if name == AS_WRITTEN else _steps(name) for name in rule.reads]  # as written: everything
    for path in _guide_files(partial, rule, checked):
        data = restricted(load(str(path), path.read_bytes()).data, reads)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if data else "{}\n", encoding="utf-8")
    assert _findings(guides, partial, checked, rule.doc.code) == expected, (
        f"{rule.doc.code} finds something else with only {rule.reads}: it reads an element it does not declare")
