"""Two versions of one file's data → the edits a reviewer reads, element by element.

Driven by the schema: elements are named by their Chinese `title`, lists of objects are
matched by their natural key (the first required property: a material's name, a legal basis's
law, a step's name, a contact's label), so a new element in the schema is covered without a
table to keep. Works on any data, valid or not: a file that fails the schema still compares.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import Duration
from ..standard.schemas import load_schema
from ..standard.walk import ITEMS, properties, resolve_ref, shorthand_object, walk

CHANGED, ADDED, REMOVED, REORDERED = "修改", "新增", "删除", "调整顺序"

# Elements shown as one value the way the site shows them, rather than field by field.
_DURATION_REF = "#/$defs/duration"
_LONG = 40  # a changed text longer than this is shown around what changed
_SHOWN = 120  # an added or removed text is cut here


@dataclass(frozen=True)
class Edit:
    """One change, in words: verb, element title, the list item concerned, values before and after."""

    verb: str
    label: str
    item: str | None = None  # the key of a list item: 「营业执照」
    old: str | None = None
    new: str | None = None
    details: tuple[Edit, ...] = ()  # the edits inside a changed list item


def compare(kind: str, old: Any, new: Any) -> list[Edit]:
    """The edits from `old` to `new` data of one file of a kind ("guide", "department")."""
    return _Comparer(kind).value(load_schema(kind), "", old, new)


def show(value: Any, limit: int = _SHOWN) -> str:
    """A value as a reviewer reads it: 是/否 for booleans, lists joined with 、, long text cut."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        text = "、".join(show(v, limit) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(old: str, new: str, context: int = 10) -> tuple[str, str]:
    """Two long texts cut to what differs, with a little context on each side."""
    if len(old) <= _LONG and len(new) <= _LONG:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(start - context, 0)

    def cut(text: str) -> str:
        stop = min(len(text) - end + context, len(text))
        middle = text[begin:stop]
        if len(middle) > _SHOWN:
            middle = middle[:_SHOWN - 1] + "…"
        return ("…" if begin else "") + middle + ("…" if stop < len(text) else "")

    return cut(old), cut(new)


@cache
def _shared_item_refs(kind: str) -> frozenset[str]:
    """`$ref`s used as the items of more than one list (a contact: 咨询方式 and 监督投诉方式)."""
    counts = Counter(e.raw["$ref"] for e in walk(load_schema(kind)) if e.key == ITEMS and "$ref" in e.raw)
    return frozenset(ref for ref, n in counts.items() if n > 1)


class _Comparer:
    def __init__(self, kind: str) -> None:
        self.schema = load_schema(kind)
        self.shared = _shared_item_refs(kind)

    def value(self, node: Mapping[str, Any], label: str, old: Any, new: Any) -> list[Edit]:
        if old == new:
            return []
        if node.get("$ref") == _DURATION_REF:
            return self.duration(resolve_ref(self.schema, node), label, old, new)
        node = resolve_ref(self.schema, node)
        if "properties" in node and isinstance(old, dict | None) and isinstance(new, dict | None):
            return self.mapping(node, old or {}, new or {})
        if "items" in node and isinstance(old, list | None) and isinstance(new, list | None):
            items = node["items"]
            union = shorthand_object(self.schema, items)
            if union is not None:  # text or object (受理条件, 选项): compared as objects, a text as its shorthand key
                return self.texts_or_objects(union, items.get("title") or union.get("title", label), old or [], new or [])
            resolved = resolve_ref(self.schema, items)
            if "properties" in resolved:
                noun = label if items.get("$ref") in self.shared else resolved.get("title", label)
                return self.objects(resolved, noun, old or [], new or [])
            return self.scalars(label, old or [], new or [])
        return _scalar(label, old, new)

    def mapping(self, node: Mapping[str, Any], old: dict[str, Any], new: dict[str, Any]) -> list[Edit]:
        members = {element.key: element for element in properties(self.schema, node)}
        keys = [*members, *(k for k in (*old, *new) if k not in members)]  # schema order, then unknown keys
        edits: list[Edit] = []
        for key in dict.fromkeys(keys):
            member = members.get(key)
            title = (member.spec.get("title") if member else None) or str(key)
            edits += self.value(member.raw if member else {}, title, old.get(key), new.get(key))
        return edits

    def duration(self, node: Mapping[str, Any], label: str, old: Any, new: Any) -> list[Edit]:
        """A time limit reads as the site writes it (20 个工作日, 当场办结); its note is a change of its own."""
        def text(d: Any) -> str | None:
            return Duration.of(d).text() if isinstance(d, dict) and d else (None if d is None else show(d))

        def note(d: Any) -> Any:
            return d.get("note") if isinstance(d, dict) else None

        edits = []
        before, after = text(old), text(new)
        if before != after:
            edits.append(Edit(ADDED if before is None else REMOVED if after is None else CHANGED, label, old=before, new=after))
        note_title = node.get("properties", {}).get("note", {}).get("title", "note")
        edits += self.value({}, f"{label}（{note_title}）", note(old), note(new))
        return edits

    def objects(self, node: Mapping[str, Any], noun: str, old: list[Any], new: list[Any]) -> list[Edit]:
        """Lists of objects matched by their natural key, so an edit is not a removal plus an addition.

        Items pair up in three passes: identical items, then items of the same key (in order, so one of
        several legal bases of the same law pairs with its own), then items equal but for the key (renamed).
        """
        key = next(iter(node.get("required", ())), None)
        names = [_key(item, key) for item in old], [_key(item, key) for item in new]
        pairs: dict[int, int] = {}  # new index → old index
        for same in (lambda o, n: old[o] == new[n], lambda o, n: names[0][o] == names[1][n],
                     lambda o, n: _without(old[o], key) == _without(new[n], key)):
            free = [o for o in range(len(old)) if o not in pairs.values()]
            for n in range(len(new)):
                if n not in pairs:
                    # of several candidates (the same law cited twice), the one with most fields in common
                    match = max((o for o in free if same(o, n)), key=lambda o: _shared(old[o], new[n]), default=None)
                    if match is not None:
                        pairs[n] = match
                        free.remove(match)
        # Where several items share a name (one law, several articles), the next required field tells them apart.
        names = _told_apart(old, names[0], node), _told_apart(new, names[1], node)
        edits: list[Edit] = []
        for n, item in enumerate(new):
            if n not in pairs:
                edits.append(Edit(ADDED, noun, item=names[1][n]))
                continue
            before = old[pairs[n]]
            if before != item:
                inner = self.mapping(node, before, item) if isinstance(before, dict) and isinstance(item, dict) \
                    else _scalar(noun, before, item)
                if inner:
                    edits.append(Edit(CHANGED, noun, item=names[0][pairs[n]], details=tuple(inner)))
        edits += [Edit(REMOVED, noun, item=names[0][o]) for o in range(len(old)) if o not in pairs.values()]
        order = [pairs[n] for n in sorted(pairs)]
        if order != sorted(order):
            edits.append(Edit(REORDERED, noun, new="、".join(names[1])))
        return edits

    def texts_or_objects(self, node: Mapping[str, Any], noun: str, old: list[Any], new: list[Any]) -> list[Edit]:
        """A list whose items are a text or an object with that text under its shorthand key (受理条件 {text, when}):
        matched as objects, so a changed `when` is a change of its item; a reworded plain text reads as one."""
        key = node["x-shorthand"]

        def full(values: list[Any]) -> list[Any]:
            return [{key: v} if isinstance(v, str) else v for v in values]

        edits = self.objects(node, noun, full(old), full(new))
        title = node.get("properties", {}).get(key, {}).get("title")
        return [Edit(CHANGED, noun, old=edit.details[0].old, new=edit.details[0].new)
                if edit.verb == CHANGED and len(edit.details) == 1 and edit.details[0].label == title else edit for edit in edits]

    def scalars(self, label: str, old: list[Any], new: list[Any]) -> list[Edit]:
        """Lists of texts (受理条件, 服务对象): additions and removals; a reworded item is one change."""
        before, after = [show(v) for v in old], [show(v) for v in new]
        remaining = Counter(before)
        added = []
        for value in after:
            if remaining[value]:
                remaining[value] -= 1
            else:
                added.append(value)
        removed = list(remaining.elements())
        edits: list[Edit] = []
        for value in list(removed):
            twin = max(added, key=lambda a: _similarity(value, a), default=None)
            if twin is not None and _similarity(value, twin) >= 0.6:
                added.remove(twin)
                removed.remove(value)
                old_text, new_text = excerpt(value, twin)
                edits.append(Edit(CHANGED, label, old=old_text, new=new_text))
        edits += [Edit(ADDED, label, item=v) for v in added] + [Edit(REMOVED, label, item=v) for v in removed]
        common_before = [v for v in before if v in after]
        common_after = [v for v in after if v in before]
        if common_before != common_after:
            edits.append(Edit(REORDERED, label))
        return edits


def _scalar(label: str, old: Any, new: Any) -> list[Edit]:
    """A changed value; a plain `12345` and the text "12345" are the same, as `guides check` reads them."""
    if old is None:
        return [Edit(ADDED, label, new=show(new))]
    if new is None:
        return [Edit(REMOVED, label, old=show(old))]
    before, after = show(old, 10_000), show(new, 10_000)
    if before == after:
        return []
    before, after = excerpt(before, after)
    return [Edit(CHANGED, label, old=before, new=after)]


def _key(item: Any, key: str | None) -> str:
    """How a list item is named: its natural key (a material's name), or the item itself."""
    return show(item.get(key) if isinstance(item, dict) and key else item, 40)


def _told_apart(items: list[Any], names: list[str], node: Mapping[str, Any]) -> list[str]:
    required = node.get("required", ())
    if len(required) < 2 or len(set(names)) == len(names):
        return names
    counts = Counter(names)
    return [f"{name} {show(item.get(required[1]), 40)}" if counts[name] > 1 and isinstance(item, dict) and item.get(required[1])
            else name for name, item in zip(names, items, strict=True)]


def _shared(a: Any, b: Any) -> int:
    """How many fields two list items have in common (ties go to the earlier item)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return 0
    return sum(1 for k, v in a.items() if b.get(k) == v)


def _without(item: Any, key: str | None) -> Any:
    return {k: v for k, v in item.items() if k != key} if isinstance(item, dict) else item


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
