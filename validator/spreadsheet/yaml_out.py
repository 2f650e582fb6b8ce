"""Guide and profile data → YAML text in the catalogue's style, proven to load back to the same data."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from ..check.loader import FULLWIDTH_INDENT, FULLWIDTH_KEY, LoadFailed, load, plain_value
from ..standard.schemas import load_schema, nearest_schema, shipped_path
from .columns import ordered

_STR = "tag:yaml.org,2002:str"
# What YAML 1.2's core schema (editors, other tools) would read as a number, beyond YAML 1.1 and our loader.
_CORE_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                      r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists (as the samples are written); quotes what a loader would re-type."""

    quote_all = False

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # the samples quote with double quotes

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        tag = super().resolve(kind, value, implicit)
        # YAML 1.1 already quotes NO, 010, 2024-01-01 …; the project's loader also reads 1e3 as a number,
        # and YAML 1.2 tools read 000131128000 as one.
        if kind is ScalarNode and implicit[0] and tag == _STR and (not isinstance(plain_value(value), str) or _CORE_12.fullmatch(value)):
            return "tag:yaml.org,2002:float"
        return tag


class _QuotingDumper(_Dumper):
    pass


def _text(dumper: _Dumper, value: str) -> ScalarNode:
    if dumper.quote_all:
        return dumper.represent_scalar(_STR, value, style='"')
    if "\n" not in value:
        return dumper.represent_scalar(_STR, value)
    # A block line that looks like `key：` or starts with a full-width space would be refused by the loader (Y005).
    tripping = FULLWIDTH_KEY.search(value) or FULLWIDTH_INDENT.search(value)
    return dumper.represent_scalar(_STR, value, style='"' if tripping else "|")


_Dumper.add_representer(str, _text)
_QuotingDumper.quote_all = True


def schema_reference(kind: str, target: Path) -> str:
    """The `$schema` path relative to the file: the nearest `schema/` folder above it, else the installed schema."""
    found = nearest_schema(target, kind)
    if found is not None:
        return found
    folder = target.resolve().parent
    shipped = shipped_path(kind)
    try:
        return os.path.relpath(shipped, folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return shipped.as_uri()


def dump(data: dict[str, Any], kind: str, target: Path) -> str:
    """The file's text: the editor's schema line, then the data in schema order, block style."""
    data = ordered(data, load_schema(kind), load_schema(kind))
    header = f"# yaml-language-server: $schema={schema_reference(kind, target)}\n"
    for dumper in (_Dumper, _QuotingDumper):  # quoting every text is the fallback, never needed by the samples
        text = header + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                                  default_flow_style=False, width=1_000_000)
        try:
            if same(load(str(target), text.encode("utf-8")).data, data):
                return text
        except LoadFailed:
            pass
    raise RuntimeError(f"写出的 YAML 读回后与原数据不同：{target}")


def same(a: Any, b: Any) -> bool:
    """Equal data, types included (True is not 1, 1 is not 1.0), key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
