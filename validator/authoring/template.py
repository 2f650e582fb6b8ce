"""Fill-in templates for a new guide or department profile, generated from the schema.

Every top-level element appears in schema order with its Chinese title, whether it is
required, and its description as comments. What is already known is written as real YAML;
everything else is a commented-out example built from the schema's `examples`, enums and
structure, so that checking the fresh file reports exactly one S001 per required element
still to fill, and uncommenting an example gives a value the schema accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ..check.loader import LoadFailed, load
from ..report.completeness import RECOMMENDED_MARK
from ..standard.schemas import load_schema
from ..standard.walk import properties, resolve_ref, shorthand_object

INDENT = "  "


def template(kind: str, known: Mapping[str, Any], header: list[str], schema_ref: str) -> str:
    """The template text: the `$schema` line, `header` comments, then every top-level element."""
    schema = load_schema(kind)
    conditional = _conditional(schema)
    lines = [f"# yaml-language-server: $schema={schema_ref}", *(f"# {line}" if line else "#" for line in header)]
    for element in properties(schema, schema):
        name, spec = element.key, element.spec
        lines += ["", *_comment(_heading(name, spec, schema, conditional))]
        if name in known:
            lines += _block(name, known[name], spec, schema, "", hints=False)
        else:
            lines += ["# " + line if line.strip() else "#" for line in _block(name, example(spec, schema), spec, schema, "")]
    return "\n".join(lines) + "\n"


def missing_required(kind: str, known: Mapping[str, Any]) -> list[str]:
    """The required top-level elements the template leaves to the clerk, in schema order."""
    return [name for name in load_schema(kind).get("required", []) if name not in known]


def example(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Any:
    """A value the schema accepts for this element: its first example, else one built from its structure."""
    spec = resolve_ref(schema, spec)
    if spec.get("examples"):
        return spec["examples"][0]
    if "const" in spec:
        return spec["const"]
    if spec.get("enum"):
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "array":
        return [example(spec["items"], schema)]
    if kind == "object":
        return _object_example(spec, schema)
    if kind == "boolean":
        return False
    if kind == "integer":
        return spec.get("minimum", 0)
    raise KeyError(f"schema element without an example: {spec.get('title')}")  # a schema fault, caught by the tests


def _object_example(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """Required and recommended members, plus what the object's own if/then/else or anyOf then asks for."""
    members = {e.key: e for e in properties(schema, spec)}
    value = {k: example(e.spec, schema) for k, e in members.items() if e.required or _recommended(e.spec)}
    for key in _conditions(spec, value)[0]:
        value.setdefault(key, example(members[key].spec, schema))
    if not value:  # nothing required (便民服务): show every member
        value = {k: example(e.spec, schema) for k, e in members.items()}
    return {k: value[k] for k in members if k in value}


def _conditions(spec: Mapping[str, Any], value: Mapping[str, Any]) -> tuple[list[str], str | None]:
    """Members the object's if/then/else or anyOf requires for this value, and the branch not taken's description."""
    from jsonschema import Draft202012Validator  # not at import: every `guides` command builds this module's parser

    extra: list[str] = []
    untaken = None
    if "if" in spec:
        taken, other = ("then", "else") if Draft202012Validator(spec["if"]).is_valid(value) else ("else", "then")
        extra += spec.get(taken, {}).get("required", [])
        untaken = spec.get(other, {}).get("description")
    branches = spec.get("anyOf", [])
    if branches and not Draft202012Validator({"anyOf": branches}).is_valid(value):
        extra += branches[0].get("required", [])  # a contact needs a phone or an address: show the first
    return extra, untaken


def _recommended(spec: Mapping[str, Any]) -> bool:
    return RECOMMENDED_MARK in spec.get("description", "")


def _conditional(schema: Mapping[str, Any]) -> dict[str, str]:
    """Top-level elements required only under a condition → the condition's own description."""
    out: dict[str, str] = {}
    for rule in schema.get("allOf", []):
        then = rule.get("then", {})
        for name in then.get("required", []):
            out[name] = then.get("description", "")
    return out


def _heading(name: str, spec: Mapping[str, Any], schema: Mapping[str, Any], conditional: Mapping[str, str]) -> list[str]:
    if name in schema.get("required", []):
        tag = "必填"
    elif name in conditional:
        tag = "按情况必填"
    elif _recommended(spec):
        tag = "建议填写"
    else:
        tag = "可选"
    lines = [f"{spec.get('title', name)}（{name}）【{tag}】{spec.get('description', '')}"]
    if name in conditional and conditional[name] not in lines[0]:
        lines.append(conditional[name])
    options = _options(spec, schema)
    if options and not all(option in lines[0] for option in options):
        lines.append("可选：" + "、".join(options) + "。")
    return lines


def _options(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    spec = resolve_ref(schema, spec)
    if spec.get("type") == "array":
        spec = resolve_ref(schema, spec.get("items", {}))
    return [str(v) for v in spec.get("enum", [])]


def _comment(lines: list[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def _block(name: str, value: Any, spec: Mapping[str, Any], schema: Mapping[str, Any], indent: str, *, hints: bool = True) -> list[str]:
    """`name: value` as block YAML, each member followed by its title; `hints` adds what else may be written."""
    spec = resolve_ref(schema, spec)
    if isinstance(value, dict):
        return [f"{indent}{name}:", *_members(value, spec, schema, indent + INDENT, hints)]
    if isinstance(value, list):
        lines = [f"{indent}{name}:"]
        item_spec = resolve_ref(schema, spec.get("items", {}))
        for item in value:
            if isinstance(item, dict):
                members = _members(item, item_spec, schema, indent + INDENT + "  ", hints)
                lines += [indent + INDENT + "- " + members[0].lstrip(), *members[1:]]
            else:
                lines.append(f"{indent}{INDENT}- {scalar(item)}")
        union = shorthand_object(schema, spec.get("items", {}))
        if union is not None and hints:  # the short form above; say what the long one adds
            key = union["x-shorthand"]
            more = "、".join(f"{k}（{e.spec.get('title', k)}）" for k, e in ((e.key, e) for e in properties(schema, union)) if k != key)
            lines.append(f"{indent}{INDENT}# 也可以写成 - {key}: …，并加上 {more}")
        return lines
    return [f"{indent}{name}: {scalar(value)}"]


def _members(value: Mapping[str, Any], spec: Mapping[str, Any], schema: Mapping[str, Any], indent: str, hints: bool) -> list[str]:
    members = {e.key: e.spec for e in properties(schema, spec)}
    extra, untaken = _conditions(spec, value)
    either = [name for branch in spec.get("anyOf", []) for name in branch.get("required", [])]
    required = {*spec.get("required", []), *extra, *either}
    lines: list[str] = []
    for key, item in value.items():
        child = members.get(key, {})
        block = _block(key, item, child, schema, indent, hints=hints)
        block[0] += f"  # {_note(child, schema, key in required)}"
        lines += block
    if not hints:
        return lines

    def title(key: str) -> str:
        return str(members.get(key, {}).get("title", key))

    if either:
        lines.append(f"{indent}# " + "、".join(f"{title(k)}（{k}）" for k in either) + "至少写一项")
    if untaken:
        lines.append(f"{indent}# {untaken}")
    others = [f"{k}（{title(k)}）" for k in members if k not in value]
    if others:
        lines.append(f"{indent}# 还可以写：{'、'.join(others)}")
    return lines


def _note(spec: Mapping[str, Any], schema: Mapping[str, Any], required: bool) -> str:
    note = spec.get("title", "")
    if not required:
        note += "，建议填写" if _recommended(spec) else "，可选"
    options = _options(spec, schema)
    if options and len(options) <= 12:
        note += "：" + "、".join(options)
    return note


def scalar(value: Any) -> str:
    """A scalar as YAML that both our strict loader and YAML 1.1 tools read back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if "\n" not in text and not text.isdigit() and _reads_back(text):  # digits stay visibly text: "000131128000"
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reads_back(text: str) -> bool:
    line = f"k: {text}\n"
    try:
        strict = load("<template>", line.encode("utf-8")).data
        loose = yaml.safe_load(line)
    except (LoadFailed, yaml.YAMLError):
        return False
    return strict == loose == {"k": text}
