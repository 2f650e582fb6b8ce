"""The canonical layout of a guide or profile file: what `guides fmt` writes and what the web editor saves.

One layout, so that a file saved by the editor and one typed in VS Code are byte-identical and a diff shows
only real changes. `validator/editor/assets/canonical.mjs` is the same emitter in JavaScript (the editor's
save); tests/test_fmt.py formats every sample and fixture through both and compares the bytes. Change both.

- the `# yaml-language-server: $schema=…` line first, then no other comment;
- keys in the schema's order at every depth (a text-or-object item by its object form), unknown keys last as found;
- a text-or-object item with nothing but its text (`{text: …}` of a condition, `{name: …}` of an option) in its
  short form, the text alone, as the schema's `x-shorthand` allows (the editor's form always gives the object);
- block style everywhere, lists indented under their key, two spaces; `{}` and `[]` only when empty;
- a text stays on one line however long (never folded); it is written plain unless YAML needs quotes or a reader
  would take it for another type (`"000712603000"`, `"2026-11-16"`, `"yes"`): then in double quotes;
  a text of several lines is a literal block (`|-`) where that reads back exactly, else double-quoted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..check.loader import FULLWIDTH_INDENT, FULLWIDTH_KEY, plain_value
from ..standard.schemas import load_schema
from ..standard.walk import resolve_ref, shorthand_object

Order = dict[str, Any]  # {"keys", "of": {key: Order}, "items": Order, "shorthand", "required"}: the schema's key order, as JSON
INDENT = 2
_MAX_DEPTH = 32  # the schema has no recursion; a bound all the same

# Characters that only a double-quoted text can hold (YAML forbids them raw, or editors mangle them).
_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_INDICATOR = set("-?:,[]{}#&*!|>'\"%@`")
_EDGE = set(" \u3000")
# What some YAML reader would type as other than text: YAML 1.1 booleans and nulls, anything number- or
# date-like (YAML 1.1 and 1.2 integers, floats, sexagesimals, timestamps), merge and value keys.
_OTHER_TYPE = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|="
                         r"|[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?([eE][-+]?[0-9]+)?"
                         r"|\.[0-9_]+([eE][-+]?[0-9]+)?|\.(inf|Inf|INF))|\.(nan|NaN|NAN)"
                         r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \t].*)?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


@cache
def order(kind: str) -> Order:
    """The key order of a kind of file ("guide", "department"), from its schema."""
    schema = load_schema(kind)
    return key_order(schema, schema)


def key_order(schema: Mapping[str, Any], node: Mapping[str, Any], depth: int = 0) -> Order:
    node = resolve_ref(schema, node)
    short = shorthand_object(schema, node)
    node = short or node
    out: Order = {"shorthand": short["x-shorthand"]} if short else {}
    if depth >= _MAX_DEPTH:
        return out
    properties = node.get("properties", {})
    if properties:
        out["keys"] = list(properties)
        if node.get("required"):
            out["required"] = list(node["required"])  # the editor keeps a required list that is empty
        children = {key: key_order(schema, spec, depth + 1) for key, spec in properties.items()}
        out["of"] = {key: child for key, child in children.items() if child}
    if "items" in node:
        items = key_order(schema, node["items"], depth + 1)
        if items:
            out["items"] = items
    return out


def dump(data: Mapping[str, Any], tree: Order, schema_ref: str) -> str:
    """The file's text: the schema line, then `data` in canonical layout."""
    lines = [f"# yaml-language-server: $schema={schema_ref}", *_mapping(data, tree, 0)]
    return "\n".join(lines) + "\n"


def _keys(data: Mapping[str, Any], tree: Order) -> list[str]:
    known = tree.get("keys", [])
    return [k for k in known if k in data] + [k for k in data if k not in known]


def _mapping(data: Mapping[str, Any], tree: Order, indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    children = tree.get("of", {})
    for key in _keys(data, tree):
        lines += _entry(f"{pad}{_text(str(key), key=True)}:", data[key], children.get(key, {}), indent)
    return lines


def _sequence(items: list[Any], tree: Order, indent: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += _entry(" " * indent + "-", item, tree, indent, item_of_list=True)
    return lines


def _entry(prefix: str, value: Any, tree: Order, indent: int, *, item_of_list: bool = False) -> list[str]:
    """`prefix` (`key:` or `-`) with its value: on the same line, or as a block below (a list item's first key
    stays on the dash's line)."""
    inner = indent + INDENT
    short = tree.get("shorthand")
    if short and isinstance(value, Mapping) and len(value) == 1 and isinstance(value.get(short), str):
        value = value[short]
    if isinstance(value, Mapping) and value:
        body = _mapping(value, tree, inner)
    elif isinstance(value, list) and value:
        body = _sequence(value, tree.get("items", {}), inner)
    else:
        return _scalar(prefix, value, inner)
    if item_of_list:
        return [f"{prefix} {body[0][inner:]}", *body[1:]]
    return [prefix, *body]


def _scalar(prefix: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, str) and _literal(value):
        return [f"{prefix} |-", *(" " * indent + line if line else "" for line in value.split("\n"))]
    return [f"{prefix} {_atom(value)}"]


def _atom(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _text(str(value))


def _text(value: str, *, key: bool = False) -> str:
    if _plain(value, key=key):
        return value
    return '"' + "".join(_ESCAPES[c] if c in _ESCAPES else _escape(c) if _SPECIAL.match(c) else c for c in value) + '"'


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _plain(value: str, *, key: bool = False) -> bool:
    """Whether a text can stand unquoted and read back as the same text, in this loader and in YAML 1.1 and 1.2."""
    if not value or value[0] in _EDGE or value[-1] in _EDGE or value[0] in _INDICATOR or _SPECIAL.search(value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if not isinstance(plain_value(value), str) or _OTHER_TYPE.fullmatch(value):
        return False
    return key or not FULLWIDTH_KEY.match(value)  # `abc：…` after a dash reads as a mistyped key (Y005)


def _literal(value: str) -> bool:
    """Whether a text of several lines reads back exactly as a `|-` block."""
    if "\n" not in value or value.startswith(("\n", " ")) or value.endswith("\n"):
        return False
    if _SPECIAL.search(value.replace("\n", "")):
        return False
    lines = value.split("\n")
    return not any(line[-1:] in _EDGE for line in lines) and not any(
        FULLWIDTH_KEY.match(line) or FULLWIDTH_INDENT.match(line) for line in lines)
