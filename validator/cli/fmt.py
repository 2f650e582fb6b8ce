"""`guides fmt [PATH…] [--check]`: files rewritten into the one canonical layout (authoring/canonical.py)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..authoring.formatting import MARKER, Formatted, format_file
from ..check.config import load_config
from ..check.files import discover, display_path, read
from ..check.result import CheckReport
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..output import FORMATS

_DIFF_LINES = 40  # of one file's difference, with --check --diff


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fmt", help="把办事指南整理成统一的格式（与网页编辑保存的格式逐字节相同）",
        description="按统一格式重写文件：要素按标准的顺序、块格式、长文字不折行、只在必要时加引号、"
                    "第一行是 yaml-language-server 的 $schema 行。有其他注释的文件不改写，并说明怎么处理。")
    parser.add_argument("paths", nargs="*", metavar="路径", help="文件或文件夹（默认：整个目录，通常是 guides/）")
    parser.add_argument("--check", action="store_true", help="只检查不改写：有文件不是统一格式时列出并以状态 1 退出（用于 CI）")
    parser.add_argument("--diff", action="store_true", help="和 --check 一起用：显示每个文件要改的地方")
    parser.set_defaults(handler=run_fmt)


def run_fmt(args: argparse.Namespace) -> int:
    config = load_config()
    paths = args.paths or [str(config.root)]
    results = []
    for path in discover(paths):
        shown = display_path(path)
        raw = read(path, shown)
        results.append((shown, format_file(path, shown, raw)))
    failed = False
    for shown, found in results:
        if found.problems:
            failed = True
            sys.stderr.write(FORMATS["text"](_report(found)))
            print(f"{shown}：文件有错误，无法整理格式，请先按上面的提示改正。", file=sys.stderr)
        elif found.comments:
            failed = True
            _say_comments(shown, found)
        elif found.changed:
            if args.check:
                failed = True
                print(f"{shown}：不是统一格式（运行 `guides fmt {shown}` 整理）")
                if args.diff:
                    _diff(shown, found)
            else:
                try:
                    Path(found.path).write_text(found.canonical or "", encoding="utf-8")
                except OSError as exc:
                    raise UsageError(f"无法写入 {shown}：{exc.strerror}") from None
                print(f"已整理 {shown}")
    changed = sum(1 for _, f in results if f.changed)
    if args.check and not failed:
        print(f"{len(results)} 个文件都是统一格式。", file=sys.stderr)
    elif not args.check:
        print(f"检查了 {len(results)} 个文件，整理了 {changed} 个。", file=sys.stderr)
    return EXIT_ERRORS if failed else EXIT_OK


def _report(found: Formatted) -> CheckReport:
    return CheckReport(diagnostics=found.problems, files=1)


def _say_comments(shown: str, found: Formatted) -> None:
    markers = [line for line, text in found.comments if MARKER.match(text)]
    others = [(line, text) for line, text in found.comments if not MARKER.match(text)]
    print(f"{shown}：有注释，没有改写（网页编辑保存时会丢掉注释，统一格式里不留注释）。")
    if markers:
        print(f"  第 {'、'.join(map(str, markers))} 行是忽略标记：运行 `guides migrate {shown}` 把它们移到 ignore 要素中。")
    for line, text in others[:10]:
        print(f"  第 {line} 行：{text[:80]}")
    if others:
        print("  其他注释：请把内容写进说明类要素（notes、note、status_note 等）或提交说明，删除注释后再运行 guides fmt。")


def _diff(shown: str, found: Formatted) -> None:
    lines = list(difflib.unified_diff(found.text.splitlines(), (found.canonical or "").splitlines(), shown, f"{shown}（统一格式）", lineterm=""))
    for line in lines[:_DIFF_LINES]:
        print(f"  {line}")
    if len(lines) > _DIFF_LINES:
        print(f"  ……（还有 {len(lines) - _DIFF_LINES} 行）")
