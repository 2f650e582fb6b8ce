"""`guides report`: the standardization assessment (标准化考核) of the whole catalogue."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from ..check.config import load_config
from ..check.run import check_paths
from ..errors import EXIT_OK, UsageError
from ..report.assessment import assess
from ..report.formats import DESCRIPTIONS, REPORT_FORMATS
from .options import format_option


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help="标准化考核：按部门统计即办率、压缩率、网办率、完整度等",
                                   description="检查整个目录（默认 guides/），按部门和整个目录汇总标准化考核指标。")
    format_option(report, REPORT_FORMATS, DESCRIPTIONS)
    report.add_argument("--out", metavar="文件", help="写入文件而不是输出到屏幕")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    """The assessment is a report, not a gate: exit 0 whatever it finds. It counts every problem, those a baseline
    records too: they are still to fix."""
    config = load_config()
    checked = check_paths(None, replace(config, baseline=None))
    for notice in checked.notices:  # beside the report, not in it (L108)
        print(notice, file=sys.stderr)
    text = REPORT_FORMATS[args.format](assess(checked.catalogue, checked.diagnostics, config.root, checked.laws))
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"无法写入 {args.out}：{exc.strerror}") from None
    print(f"已写入 {args.out}。", file=sys.stderr)
    return EXIT_OK
