"""The `guides` command: a parser whose subcommands each live in a module of this folder.

Each command module has `register(subparsers)`, which adds its parser and sets `handler`
(args → exit status); COMMANDS lists them, in the order `guides --help` shows them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import EXIT_USAGE, GitError, UsageError
from . import baseline, check, codeowners, diff, edit, fmt, laws, migrate, new, prints, render, report, rules, spreadsheet

COMMANDS = (check, baseline, fmt, migrate, edit, report, render, prints, rules, codeowners, diff, laws, new, spreadsheet)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit status is already 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"guides：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guides", description="办事指南 as code：检查、发布政务服务事项办事指南。")
    parser.add_argument("--version", action="version", version=f"guides {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return EXIT_USAGE
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return status
    except (UsageError, GitError) as exc:
        print(f"guides：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_USAGE
    except BrokenPipeError:  # `guides check | head`: the reader left; nothing to say, but the output was cut
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush doesn't fail again
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for a user; GUIDES_DEBUG=1 shows it
        if os.environ.get("GUIDES_DEBUG"):
            raise
        print(f"guides：内部错误（{type(exc).__name__}：{exc}）。请把这条信息和出错的文件报告给维护人员。", file=sys.stderr)
        return EXIT_USAGE
