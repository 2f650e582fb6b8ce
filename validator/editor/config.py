"""The web editor's configuration (Decap CMS `config.yml`), generated from the schemas by the one schema walker.

- One folder collection per department folder: a clerk sees the guides of their department, the folder CODEOWNERS
  gives its reviewers to. (Decap's nested collection would show every folder in one tree, but it is marked beta and
  puts new entries by a path the clerk types.) Department profiles are a collection of their own (one file each);
  the guide collections list only guides (the editor's reading marks each file's kind, see assets/editor.mjs).
- Every element becomes a field: its Chinese title the label, its description the hint, enums a select labelled with
  the enum descriptions, `required` as the schema says (Decap makes every field required unless told), patterns
  with a Chinese message, lists of objects lists with fields, a text-or-object union (`x-shorthand`) its object form,
  `when` a list of texts (the situations are the guide's own, not known to a static form).
- What the form cannot say (the schema's if/then requirements, cross-field rules) `guides check` says after a save.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..standard.walk import Element, items, properties, resolve_ref, shorthand_object

TEXT_KEYS = frozenset({"summary", "text", "notes", "note", "description", "materials_note", "visit_reason", "status_note",
                       "a", "when_note", "quantity_limit", "reason", "validity", "transit"})  # several lines in the form
TO_FILL = "待填写"  # a new guide's code until the clerk has it: the schema's pattern rejects it, so `guides check` names it
TO_FILL_FIELDS = ("basic_code",)  # required codes a new guide starts with TO_FILL (the others are optional: left out)
SLUG_FIELD = "_slug"  # the new entry's file name, set by the editor before a save and never written to the file
KIND_FIELD = "_kind"  # "guide" or "department", set by the editor's reading, never written


def decap_config(departments: list[tuple[str, str]], root: str, guide: Mapping[str, Any], department: Mapping[str, Any],
                 backend: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`departments`: (folder, label) per department folder; `root`: the catalogue's folder in the repository."""
    guide_fields = fields(guide, guide)
    collections: list[dict[str, Any]] = [{
        "name": folder, "label": label, "label_singular": "办事指南", "folder": f"{root}/{folder}",
        "create": True, "extension": "yaml", "format": "guide-yaml", "slug": f"{{{{fields.{SLUG_FIELD}}}}}",
        "identifier_field": "name", "summary": "{{name}}", "filter": {"field": KIND_FIELD, "value": "guide"},
        "editor": {"preview": False}, "fields": guide_fields,
    } for folder, label in departments]
    collections.append({
        "name": "_departments", "label": "部门档案", "format": "department-yaml", "editor": {"preview": False},
        "files": [{"name": folder, "label": label, "file": f"{root}/{folder}/_department.yaml", "fields": fields(department, department)}
                  for folder, label in departments],
    })
    return {
        "locale": "zh_Hans",
        "local_backend": True,  # `guides edit`: decap-server on this computer; ignored when none runs
        "backend": dict(backend or {"name": "gitlab", "repo": "部门/办事指南", "auth_type": "pkce", "app_id": "在 GitLab 中创建应用后填写",
                                    "branch": "main"}),
        "publish_mode": "editorial_workflow",
        "media_folder": "site/assets/uploads",
        "collections": collections,
    }


def fields(schema: Mapping[str, Any], node: Mapping[str, Any], path: tuple[str, ...] = (), present: bool = True) -> list[dict[str, Any]]:
    """The members of an object as fields. `present`: whether the object is always there (the file, a list item, a
    required object): Decap checks a required field even inside an optional object nobody filled in, so a member is
    required in the form only when its object is (`bodies.implementing.name` is not; `guides check` says it is)."""
    return [field(schema, element, present) for element in properties(schema, node, path, tool=True)]


def field(schema: Mapping[str, Any], element: Element, present: bool = True) -> dict[str, Any]:
    spec = element.spec
    out: dict[str, Any] = {"name": element.key, "label": spec.get("title") or element.key}
    if spec.get("description"):
        out["hint"] = spec["description"]
    out["required"] = element.required and present
    out.update(_widget(schema, element, spec, out["required"]))
    return out


def _widget(schema: Mapping[str, Any], element: Element, spec: Mapping[str, Any], required: bool) -> dict[str, Any]:
    kind = spec.get("type")
    if "enum" in spec:
        return {"widget": "select", "options": _options(spec)}
    if kind == "boolean" or spec.get("const") is True:  # a default only where the schema needs a value (fees.charged)
        return {"widget": "boolean", **({"default": False} if required else {})}
    if kind == "integer":
        out: dict[str, Any] = {"widget": "number", "value_type": "int"}
        if "minimum" in spec:
            out["min"] = spec["minimum"]
        return out
    if kind == "object":
        return {"widget": "object", "collapsed": False, "fields": fields(schema, spec, element.path, required)}
    if kind == "array":
        return _list(schema, element, spec, required)
    if spec.get("format") == "date":
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True}
    out = {"widget": "text" if element.key in TEXT_KEYS else "string"}
    pattern = spec.get("pattern")
    if element.path in {(key,) for key in TO_FILL_FIELDS}:  # saved as 待填写 until known; the check keeps asking
        out["default"] = TO_FILL
        pattern = f"^{TO_FILL}$|{pattern}" if pattern else None
    if pattern:
        out["pattern"] = [pattern, f"{spec.get('title') or element.key}的格式不对。{spec.get('description', '')}"]
    return out


def _list(schema: Mapping[str, Any], element: Element, spec: Mapping[str, Any], required: bool) -> dict[str, Any]:
    inner = items(schema, spec, element.path)
    assert inner is not None
    item = resolve_ref(schema, inner.spec)
    out: dict[str, Any] = {"widget": "list", "collapsed": False}  # every item open: a clerk reads the guide as it is
    if spec.get("minItems") and required:  # Decap checks `min` on an empty optional list too
        out["min"] = spec["minItems"]
    if "enum" in item:
        return {"widget": "select", "multiple": True, "options": _options(item), **({"min": out["min"]} if "min" in out else {})}
    form = shorthand_object(schema, item) or item
    if form.get("type") == "object" or "properties" in form:
        out["fields"] = fields(schema, form, inner.path)
        out["summary"] = "{{fields." + next(iter(form.get("properties", {"name": None}))) + "}}"
        return out
    single = field(schema, inner)
    single.update({"name": element.key, "label": item.get("title") or spec.get("title") or element.key})
    single.pop("required", None)
    out["field"] = single
    out["allow_add"] = True
    return out


def _options(spec: Mapping[str, Any]) -> list[dict[str, str]]:
    descriptions = spec.get("enumDescriptions") or []
    return [{"label": f"{value}：{descriptions[i]}" if i < len(descriptions) else str(value), "value": value}
            for i, value in enumerate(spec["enum"])]


def repository_folder(root: Path, repository: Path) -> str:
    """The catalogue's folder as the editor's backend names it: relative to the repository, forward slashes."""
    try:
        return root.resolve().relative_to(repository.resolve()).as_posix()
    except ValueError:
        return root.name
