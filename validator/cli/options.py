"""Options several commands share."""

from __future__ import annotations

import argparse
from collections.abc import Mapping


def format_option(parser: argparse.ArgumentParser, formats: Mapping[str, object], descriptions: Mapping[str, str]) -> None:
    """`--format`, its choices the formats registry's names, the first the default."""
    said = "、".join(f"{name}（{descriptions[name]}）" if name in descriptions else name for name in formats)
    parser.add_argument("--format", choices=list(formats), default=next(iter(formats)), help=f"输出格式：{said}")


def positive(text: str) -> int:
    """An argument that must be a positive whole number."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"「{text}」不是正整数")
    return value
