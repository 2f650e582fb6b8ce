"""The schema, the model and everything built from it stay in step: derived from the schema, not hand lists.

Every element of the standard at every depth (schema walk) must be a field of the model, reach the open
data, the CSV (or have a reason in open_data.NOT_IN_CSV), the spreadsheet, the `guides new` template and
the guide page (or have a reason in guide_page.NOT_SHOWN); department profiles likewise where they apply.
"Reaches" is tested by changing the element's value in a guide that fills every element and seeing the
output change, so a new schema element without its model field or page section fails here by name.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import typing
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from validator import model
from validator.authoring.template import template
from validator.check.loader import load
from validator.check.summary_cache import GUIDE_FIELDS, SummaryCache, from_json, stamp, to_json
from validator.model import PLACE_FIELDS, Catalogue, Department, Guide, GuideSummary
from validator.site import departments, guide_page, open_data
from validator.site.render import render_site
from validator.spreadsheet.columns import layout
from validator.standard.schemas import load_schema, shipped_path
from validator.standard.walk import ITEMS, Element, items, properties, shorthand_object, walk

from .conftest import EXEMPLAR, GUIDES

GUIDE_SCHEMA, DEPARTMENT_SCHEMA = load_schema("guide"), load_schema("department")
ID, FOLDER = "shichang/getihu-sheli-dengji", "shichang"


def leaves(schema: dict[str, Any]) -> list[Element]:
    """The elements that hold a value: scalars, and lists of scalars (as one element; a list of text-or-object items,
    `x-shorthand`, too: 受理条件 and 选项 are texts that may carry a `when` or a note)."""
    def holds_value(e: Element) -> bool:
        inside = items(schema, e.spec)
        return e.key != ITEMS and "properties" not in e.spec and (inside is None or "properties" not in inside.spec)
    return [e for e in walk(schema) if holds_value(e)]


def ids(elements: list[Element]) -> list[str]:
    return [e.name for e in elements]


# -- a guide that fills every element ------------------------------------------------------------

def _example(spec: dict[str, Any], key: str) -> Any:
    if "const" in spec:
        return None  # a flag that excludes its siblings (`none: true`): left out, so that they show; set when changed
    if spec.get("examples"):
        return copy.deepcopy(spec["examples"][0])
    if spec.get("enum"):
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "boolean":
        return False
    if kind == "integer":
        return max(spec.get("minimum", 1), 1)
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return f"{spec.get('title', key)}的示例内容"


def _filled(schema: dict[str, Any], node: dict[str, Any], value: Any) -> Any:
    """`value` with every member the schema knows, at every depth; each list has at least one item."""
    members, inside = list(properties(schema, node)), items(schema, node)
    if members:
        out = dict(value or {})
        for element in members:
            out[element.key] = _filled(schema, element.spec, out.get(element.key, _example(element.spec, element.key)))
        return out
    if inside is not None:
        listed = list(value or []) or [_example(inside.spec, ITEMS)]
        return [_filled(schema, inside.spec, listed[0]), *listed[1:]]
    return value


@cache
def full_guide() -> dict[str, Any]:
    """The exemplar, every element filled, and set so that everything conditional shows (a suspended item,
    a visit, a fee, days to wait, links that are addresses, a related guide that exists: itself)."""
    data = _filled(GUIDE_SCHEMA, GUIDE_SCHEMA, load(str(EXEMPLAR), EXEMPLAR.read_bytes()).data)
    data.update(status="暂停", visits=1, related=[ID])
    data["fees"]["charged"] = True
    data["time_limit"]["promised"]["value"] = 5
    data["materials"][0].update(blank_form="https://example.gov.cn/form.pdf", sample="https://example.gov.cn/sample.pdf")
    data["result"]["sample"] = "https://example.gov.cn/result.pdf"
    for kind in ("consult", "complaint"):
        data["contacts"][kind][0]["url"] = "https://example.gov.cn/12345"
    return data


@cache
def full_department() -> dict[str, Any]:
    data = load("p", (GUIDES / FOLDER / "_department.yaml").read_bytes()).data
    return _filled(DEPARTMENT_SCHEMA, DEPARTMENT_SCHEMA, data)


def _at(data: Any, path: tuple[str, ...]) -> tuple[Any, str | int]:
    """The container holding the value at an element path (first item of each list), and its key."""
    *parents, last = [0 if step == ITEMS else step for step in path]
    for step in parents:
        data = data[step]
    return data, last


def changed(data: dict[str, Any], element: Element, schema: dict[str, Any] = GUIDE_SCHEMA) -> dict[str, Any]:
    """A copy of `data` whose value at the element differs."""
    out = copy.deepcopy(data)
    holder, key = _at(out, element.path)
    inside = items(schema, element.spec)
    value = holder[key]
    holder[key] = [_other(value[0], inside.spec), *value[1:]] if inside is not None else _other(value, element.spec)
    return out


def _other(value: Any, spec: dict[str, Any]) -> Any:
    if "const" in spec:
        return spec["const"]
    choices = spec.get("enum")
    if choices:
        return next(c for c in choices if c != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return f"{value}改"


def _guide(data: dict[str, Any]) -> Guide:
    return Guide.of(ID, FOLDER, f"guides/{ID}.yaml", data)


def _department(data: dict[str, Any]) -> Department:
    return Department.of(FOLDER, data, f"guides/{FOLDER}/_department.yaml")


def _site(data: dict[str, Any]) -> dict[str, str | bytes]:
    return render_site(Catalogue({FOLDER: _department(full_department())}, [_guide(data)]), schema_version="1.0.0")


def _covered(name: str, reasons: dict[str, str]) -> bool:
    """Whether an element, or one that holds it, has a reason."""
    return any(name == key or name.startswith((key + ".", key + "[]")) for key in reasons)


GUIDE_LEAVES, DEPARTMENT_LEAVES = leaves(GUIDE_SCHEMA), leaves(DEPARTMENT_SCHEMA)


# -- the model -----------------------------------------------------------------------------------

def _field_type(cls: type, name: str) -> Any:
    hints = typing.get_type_hints(cls, vars(model))
    if name not in hints:
        return None
    kind = hints[name]
    args = [a for a in typing.get_args(kind) if a is not type(None)]
    return args[0] if typing.get_origin(kind) in (typing.Union, __import__("types").UnionType) and args else kind


@pytest.mark.parametrize("element", [e for e in walk(GUIDE_SCHEMA) if e.key != ITEMS], ids=lambda e: e.name)
def test_every_guide_element_is_a_field_of_the_model(element: Element) -> None:
    kind: Any = Guide
    for step in element.path:
        if step == ITEMS:
            assert typing.get_origin(kind) is tuple, f"{element.name}: the model's {kind} is not a list"
            kind = typing.get_args(kind)[0]
            continue
        found = _field_type(kind, step) if dataclasses.is_dataclass(kind) else None
        assert found is not None, f"schema element {element.name} has no field `{step}` in model.{getattr(kind, '__name__', kind)}"
        kind = found


@pytest.mark.parametrize("element", GUIDE_LEAVES, ids=ids(GUIDE_LEAVES))
def test_every_guide_element_reaches_the_model_and_the_open_data(element: Element) -> None:
    before, after = full_guide(), changed(full_guide(), element)
    assert _guide(before).as_json() != _guide(after).as_json(), f"Guide.of drops schema element {element.name}"
    shape = _guide(before).as_json()
    for step in element.path:
        shape = shape[0] if step == ITEMS else shape.get(step, KeyError) if isinstance(shape, dict) else KeyError
        assert shape is not KeyError, f"schema element {element.name} is not in api/guides.json (Guide.as_json)"
    assert str(_site(before)["api/guides.json"]) != str(_site(after)["api/guides.json"]), f"{element.name} does not reach api/guides.json"


def _models(value: Any) -> typing.Iterator[Any]:
    """Every model object in a model, itself first."""
    if dataclasses.is_dataclass(value):
        yield value
        for item in dataclasses.fields(value):
            if item.name != "data":
                yield from _models(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _models(item)


def test_every_model_object_is_a_frozen_value() -> None:
    """model.model's own __init__ (it fills __dict__, for speed) leaves dataclass's frozen class as it is: every object
    of a guide that fills every element refuses changes, and equal objects are equal and hash alike."""
    guide, again = _guide(full_guide()), _guide(full_guide())
    objects = list(_models(guide))
    assert {type(o) for o in objects} >= {model.Material, model.Step, model.Duration, model.Question, model.Bodies}
    for made, same in zip(objects, _models(again), strict=True):
        assert made == same and hash(made) == hash(same) and made is not same
        assert dataclasses.replace(made) == made
        name = dataclasses.fields(made)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, name, None)
    assert dataclasses.replace(guide, name="改了").name == "改了" and guide.name != "改了"


@pytest.mark.parametrize("element", DEPARTMENT_LEAVES, ids=ids(DEPARTMENT_LEAVES))
def test_every_department_element_reaches_the_model(element: Element) -> None:
    assert _department(full_department()) != _department(changed(full_department(), element, DEPARTMENT_SCHEMA)), \
        f"Department.of drops schema element {element.name} (department.schema.json)"


# -- the CSV, the guide page, the department page -------------------------------------------------

@pytest.mark.parametrize("element", GUIDE_LEAVES, ids=ids(GUIDE_LEAVES))
def test_every_guide_element_is_a_csv_column_or_has_a_reason(element: Element) -> None:
    shown = _site(full_guide())["api/guides.csv"] != _site(changed(full_guide(), element))["api/guides.csv"]
    reason = _covered(element.name, open_data.NOT_IN_CSV)
    assert shown or reason, f"schema element {element.name} is neither in api/guides.csv nor in open_data.NOT_IN_CSV"
    assert not (shown and reason), f"{element.name} is in api/guides.csv, yet open_data.NOT_IN_CSV gives a reason why not"


@pytest.mark.parametrize("element", GUIDE_LEAVES, ids=ids(GUIDE_LEAVES))
def test_every_guide_element_has_a_place_on_the_guide_page_or_a_reason(element: Element) -> None:
    page = f"guides/{ID}.md"
    shown = _site(full_guide())[page] != _site(changed(full_guide(), element))[page]
    reason = _covered(element.name, guide_page.NOT_SHOWN)
    assert shown or reason, f"schema element {element.name} has no place on the guide page and no reason in guide_page.NOT_SHOWN"
    assert not (shown and reason), f"{element.name} is on the guide page, yet guide_page.NOT_SHOWN gives a reason why not"


@pytest.mark.parametrize("element", DEPARTMENT_LEAVES, ids=ids(DEPARTMENT_LEAVES))
def test_every_department_element_has_a_place_on_its_page_or_a_reason(element: Element) -> None:
    def page(data: dict[str, Any]) -> str:
        department = _department(data)
        return departments.render_department(department, Catalogue({FOLDER: department}, []))

    shown = page(full_department()) != page(changed(full_department(), element, DEPARTMENT_SCHEMA))
    reason = _covered(element.name, departments.NOT_SHOWN)
    assert shown or reason, f"department element {element.name} has no place on the department page and no reason in departments.NOT_SHOWN"
    assert not (shown and reason), f"{element.name} is on the department page, yet departments.NOT_SHOWN gives a reason why not"


@pytest.mark.parametrize("reasons, schema", [(open_data.NOT_IN_CSV, GUIDE_SCHEMA), (guide_page.NOT_SHOWN, GUIDE_SCHEMA),
                                             (departments.NOT_SHOWN, DEPARTMENT_SCHEMA)])
def test_every_reason_names_an_element(reasons: dict[str, str], schema: dict[str, Any]) -> None:
    names = {e.name for e in walk(schema)}
    assert set(reasons) <= names, f"reasons for elements the schema does not have: {sorted(set(reasons) - names)}"
    assert all(len(reason) > 10 for reason in reasons.values())


# -- the spreadsheet and the template --------------------------------------------------------------

@pytest.mark.parametrize("kind, schema", [("guide", GUIDE_SCHEMA), ("department", DEPARTMENT_SCHEMA)])
def test_every_element_is_a_spreadsheet_column_or_sheet(kind: str, schema: dict[str, Any]) -> None:
    sheets = layout().of_kind(kind)
    columns = {tuple(s.path) + c.path for s in sheets for c in s.fields}
    lists = {s.path for s in sheets if s.path} | {s.path + s.nested for s in sheets if s.nested}  # 办理情形's 选项: a row each
    for element in walk(schema):
        path = tuple(step for step in element.path if step != ITEMS)
        if element.key == ITEMS:
            continue
        if "properties" in element.spec:
            continue  # an object: its members are columns
        if element in leaves(schema):
            union = shorthand_object(schema, (items(schema, element.spec) or element).spec) is not None  # a sheet of its own
            assert path in columns or union and path in lists, f"schema element {element.name} ({kind}) has no column in the spreadsheet"
        else:
            assert path in lists, f"schema element {element.name} ({kind}) has no sheet in the spreadsheet"


def _template_mentions(text: str) -> dict[str, tuple[set[str], set[str]]]:
    """Per top-level element of a template: the keys written in its block (as examples) and those only hinted."""
    blocks: dict[str, tuple[set[str], set[str]]] = {}
    for block in text.split("\n\n")[1:]:
        head = re.search(r"（(\w+)）【", block)
        assert head is not None, block
        written = set(re.findall(r"^#?\s*(?:- )?(\w+):", block, flags=re.M))
        hinted = {key for line in re.findall(r"还可以写：(.*)", block) for key in re.findall(r"(\w+)（", line)}
        blocks[head.group(1)] = (written, hinted)
    return blocks


@pytest.mark.parametrize("kind, schema", [("guide", GUIDE_SCHEMA), ("department", DEPARTMENT_SCHEMA)])
def test_every_element_is_an_entry_of_the_new_template(kind: str, schema: dict[str, Any]) -> None:
    blocks = _template_mentions(template(kind, {}, [], "schema.json"))
    for element in walk(schema):
        path = [step for step in element.path if step != ITEMS]
        assert path[0] in blocks, f"schema element {path[0]} ({kind}) is not in the `guides new` template"
        written, hinted = blocks[path[0]]
        for step in path[1:]:
            if step in hinted:
                break  # offered as "还可以写", with everything inside it
            assert step in written, f"schema element {element.name} ({kind}) is neither written nor offered in the template"


# -- the summary cache ------------------------------------------------------------------------------

def test_guide_summaries_hold_guide_fields_of_the_same_type() -> None:
    guide_fields = {f.name: f.type for f in dataclasses.fields(Guide)}
    for f in dataclasses.fields(GuideSummary):
        assert guide_fields.get(f.name) == f.type, f"GuideSummary.{f.name} is not Guide.{f.name} ({f.type})"
    assert GUIDE_FIELDS == tuple(f.name for f in dataclasses.fields(GuideSummary) if f.name not in PLACE_FIELDS)


def test_cache_entries_round_trip_and_damage_is_refused(tmp_path) -> None:
    summary = GuideSummary.of(_guide(full_guide()))
    assert from_json(json.loads(json.dumps(to_json(summary))), summary.id, summary.department, summary.source) == summary
    (tmp_path / "summaries.json").write_text(json.dumps({"stamp": stamp(), "entries": {
        "good": to_json(summary), "invalid": None,
        **{f"bad-{name}": [7 if n == name else v for n, v in zip(GUIDE_FIELDS, to_json(summary), strict=True)] for name in GUIDE_FIELDS},
    }}), encoding="utf-8")
    assert set(SummaryCache(tmp_path).entries) == {"good", "invalid"}


def test_the_cache_stamp_covers_what_makes_a_summary() -> None:
    from validator.check import files, loader, schema_stage, summary_cache, yaml_strict
    from validator.standard import schemas
    from validator.standard import walk as walk_module

    sources = {path.resolve() for path in summary_cache.stamp_sources()}
    for module in (files, loader, schema_stage, summary_cache, yaml_strict, model, schemas, walk_module):
        assert Path(module.__file__).resolve() in sources, module.__name__
    assert {shipped_path(kind) for kind in ("guide", "department")} <= sources
