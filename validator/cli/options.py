"""Options several commands share."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..check.config import Config


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


def baseline_options(parser: argparse.ArgumentParser) -> None:
    """`--baseline FILE` and `--no-baseline`, over `[tool.guides] baseline`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--baseline", metavar="文件", help="基线文件：其中登记的已知问题单独列出、不计为错误（默认按 [tool.guides] baseline）")
    group.add_argument("--no-baseline", action="store_true", help="不用基线，所有问题都计入")


def with_baseline(config: Config, args: argparse.Namespace) -> Config:
    if args.no_baseline:
        return replace(config, baseline=None)
    return replace(config, baseline=Path(args.baseline)) if args.baseline else config
