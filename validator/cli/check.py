"""`guides check`: every problem of the given files, against the whole catalogue."""

from __future__ import annotations

import argparse
import sys

from ..check.changed_since import select
from ..check.config import load_config
from ..check.result import CheckReport
from ..check.run import check_diagnostics
from ..check.summary_cache import SummaryCache
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..output import DESCRIPTIONS, FORMATS
from .options import baseline_options, format_option, positive, with_baseline


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser("check", help="检查指南文件是否符合标准", description="检查指南文件是否符合标准。")
    check.add_argument("paths", nargs="*", metavar="路径", help="要检查的文件或文件夹（默认 guides/）")
    check.add_argument("--changed-since", metavar="版本", help="只检查自这个 git 版本（分支、标签或提交）以来改动的指南，跨文件规则仍对照整个目录")
    check.add_argument("--jobs", type=positive, metavar="N", help="同时使用的进程数（默认：文件多时用全部 CPU 核，少时用 1 个）")
    format_option(check, FORMATS, DESCRIPTIONS)
    baseline_options(check)
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    paths: list[str] | None = args.paths or None
    output = args.format
    config = with_baseline(load_config(), args)
    known: dict[str, str] = {}
    if args.changed_since is not None:
        if paths:
            raise UsageError("--changed-since 与路径不能同时使用：改动的文件由 git 决定。")
        selection = select(args.changed_since, config)
        if selection.paths is None:
            print(f"自 {args.changed_since} 以来改动了{selection.why_all}，检查全部文件。", file=sys.stderr)
        elif not selection.paths:
            message = f"自 {args.changed_since} 以来没有改动的指南文件。"
            if output == "text":
                print(message)
                return EXIT_OK
            print(message, file=sys.stderr)
            sys.stdout.write(FORMATS[output](CheckReport(diagnostics=[], files=0)))
            return EXIT_OK
        paths, known = selection.paths, selection.unchanged
    report = check_diagnostics(paths, config, jobs=args.jobs, cache=SummaryCache.for_root(config.root), known=known)
    sys.stdout.write(FORMATS[output](report))
    for notice in report.notices:  # beside the report, not in it (L108, the baseline's)
        print(notice, file=sys.stderr)
    return EXIT_ERRORS if report.errors else EXIT_OK
