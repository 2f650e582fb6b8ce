"""Walking a schema: every element at every depth, with `$ref`s followed.

A member marked `"x-tool": true` (the guide's `ignore`, the suppressions `guides check` reads) is data for the tool,
not an element of the standard: the walk leaves it out, so that the template, the spreadsheet, the report, the diff
and the site do not treat it as part of a guide. Only the web editor's form asks for it.

The one traversal the template, the completeness score, the semantic diff, the spreadsheet layout, the
schema stage's messages and the site's value lists share, so that they agree on what the elements of the
standard are. An element's path names object members by key and the items of a list by `ITEMS`:
("basis", "[]", "doc_number") is the 文号 of every legal basis.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

ITEMS = "[]"  # a path step into every item of a list

ElementPath = tuple[str, ...]


def resolve_ref(schema: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any]:
    """A node with its local `$ref` followed; the node's own keywords (title, description) win."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return dict(node)


@dataclass(frozen=True)
class Element:
    """One element of the standard: where it sits, and its schema."""

    path: ElementPath
    spec: Mapping[str, Any]  # its schema with `$ref` followed
    raw: Mapping[str, Any]  # its schema as written (with the `$ref`)
    required: bool = False  # named in the `required` of the object holding it (never for the items of a list)

    @property
    def key(self) -> str:
        return self.path[-1]

    @property
    def name(self) -> str:
        """How reports name it: ("basis", "[]", "doc_number") → "basis[].doc_number"."""
        return element_name(self.path)


def element_name(path: ElementPath) -> str:
    return ".".join(path).replace(".[]", "[]")


TOOL = "x-tool"  # marks a member that is the tool's data, not an element of the standard (the guide's `ignore`)


def properties(schema: Mapping[str, Any], node: Mapping[str, Any], path: ElementPath = (), *, tool: bool = False) -> Iterator[Element]:
    """The members of an object, in the schema's order; with `tool`, also those marked `x-tool` (the editor's form)."""
    node = resolve_ref(schema, node)
    required = node.get("required", ())
    for key, raw in node.get("properties", {}).items():
        spec = resolve_ref(schema, raw)
        if tool or not spec.get(TOOL):
            yield Element((*path, key), spec, raw, key in required)


def tool_members(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The top-level members marked `x-tool`: kept by tools that rewrite a file, never shown as guide content."""
    return tuple(key for key, raw in schema.get("properties", {}).items() if resolve_ref(schema, raw).get(TOOL))


def items(schema: Mapping[str, Any], node: Mapping[str, Any], path: ElementPath = ()) -> Element | None:
    """The items of a list, or None for a node that is not a list."""
    node = resolve_ref(schema, node)
    raw = node.get("items")
    return None if raw is None else Element((*path, ITEMS), resolve_ref(schema, raw), raw)


def walk(schema: Mapping[str, Any], node: Mapping[str, Any] | None = None, path: ElementPath = ()) -> Iterator[Element]:
    """Every element below `node` (default: the whole schema), depth first in the schema's order: each object
    member, then what is inside it; a list's items after the list."""
    for child in properties(schema, schema if node is None else node, path):
        yield child
        yield from walk(schema, child.spec, child.path)
    inside = items(schema, schema if node is None else node, path)
    if inside is not None:
        yield inside
        yield from walk(schema, inside.spec, inside.path)


def subschema(schema: Mapping[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema of the element at a data path (keys, and list indices or ITEMS); {} where the schema has none.
    A key below a text-or-object union (`anyOf` with an `x-shorthand` object) is the object's."""
    node: Mapping[str, Any] = schema
    for part in path:
        node = resolve_ref(schema, node)
        if isinstance(part, int) or part == ITEMS:
            node = node.get("items", {})
        else:
            node = (shorthand_object(schema, node) or node).get("properties", {}).get(part, {})
    return resolve_ref(schema, node)


def shorthand_object(schema: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any] | None:
    """The object form of a text-or-object union (the `anyOf` branch marked `x-shorthand`), or None."""
    for branch in node.get("anyOf", ()):
        resolved = resolve_ref(schema, branch)
        if "x-shorthand" in resolved:
            return resolved
    return None


def element_title(schema: Mapping[str, Any], name: str, separator: str = "·") -> str:
    """An element name as people read it, by the schema's titles: "materials[].source" → "申请材料·来源渠道"."""
    path = tuple(name.replace("[]", f".{ITEMS}").split("."))
    titles = [subschema(schema, path[:end]).get("title") or path[end - 1] for end in range(1, len(path) + 1) if path[end - 1] != ITEMS]
    return separator.join(titles)


def values(schema: Mapping[str, Any], name: str) -> tuple[Any, ...]:
    """The allowed values of a named element (`type`, `level`, `status`) or definition (`theme`), in the schema's order."""
    spec = schema["$defs"][name] if name in schema.get("$defs", {}) else schema["properties"][name]
    return tuple(spec["enum"])
