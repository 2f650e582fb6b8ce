"""`guides diff BASE [HEAD]`: what a change really changes, for reviewers."""

from __future__ import annotations

import argparse
import sys

from ..changes.formats import DESCRIPTIONS, FORMATS
from ..errors import EXIT_OK
from .options import format_option


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff", help="比较两个 git 版本之间办事指南的实际改动（给审核人看）",
        description="逐个事项说明两个 git 版本之间改了什么：新增、删除、重命名的事项，以及每个事项改了哪些要素"
                    "（如“承诺办结时限：20 个工作日 → 10 个工作日”“新增申请材料「…」”）。"
                    "不写 HEAD 时与工作区（磁盘上的文件，包括尚未 git add 的新文件）比较。")
    parser.add_argument("base", metavar="BASE", help="基准版本：分支名、标签或提交号，如 main、origin/main")
    parser.add_argument("head", nargs="?", metavar="HEAD", help="比较的版本（默认：工作区）")
    format_option(parser, FORMATS, DESCRIPTIONS)
    parser.set_defaults(handler=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    """A report, not a gate: exit 0 whatever changed."""
    from ..changes import diff_revisions  # reading two revisions: only when asked

    sys.stdout.write(FORMATS[args.format](diff_revisions(args.base, args.head)))
    return EXIT_OK
