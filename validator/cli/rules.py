"""`guides rules [CODE]`: every diagnostic code, or one code's explanation with a bad and a fixed example."""

from __future__ import annotations

import argparse

from ..check.registry import all_codes, get
from ..errors import EXIT_OK, UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    rules = subparsers.add_parser("rules", help="列出所有检查代码及其说明", description="列出所有检查代码；给出代码时显示完整说明。")
    rules.add_argument("code", nargs="?", metavar="代码", help="例如 S002")
    rules.set_defaults(handler=run_rules)


def run_rules(args: argparse.Namespace) -> int:
    if args.code is None:
        for doc in all_codes():
            print(f"{doc.code}  {doc.severity.word}  {doc.title}")
        return EXIT_OK
    doc = get(args.code)
    if doc is None:
        raise UsageError(f"没有代码 {args.code}。用 `guides rules` 查看全部代码。")
    print(f"{doc.code} {doc.title}（{doc.severity.word}）\n\n{doc.explanation}")
    if doc.bad:
        print(f"\n错误示例：\n{_indent(doc.bad.text)}")
    if doc.good:
        print(f"\n正确写法：\n{_indent(doc.good.text)}")
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
