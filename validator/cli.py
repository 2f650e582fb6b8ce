"""The `guides` command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .catalogue import UsageError
from .config import Config, load_config
from .pipeline import CheckRun, check_paths
from .registry import all_codes, get

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

# Commands that live in modules of their own under validator/commands/: each module has
# `register(subparsers)`, which adds its parser and sets `handler` (args → exit status).
COMMAND_MODULES: tuple[str, ...] = ("codeowners", "diff", "laws", "new", "spreadsheet")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit status is already 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"guides：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guides", description="办事指南 as code：检查、发布政务服务事项办事指南。")
    parser.add_argument("--version", action="version", version=f"guides {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    check = commands.add_parser("check", help="检查指南文件是否符合标准", description="检查指南文件是否符合标准。")
    check.add_argument("paths", nargs="*", metavar="路径", help="要检查的文件或文件夹（默认 guides/）")
    check.add_argument("--changed-since", metavar="版本", help="只检查自这个 git 版本（分支、标签或提交）以来改动的指南，跨文件规则仍对照整个目录")
    check.add_argument("--jobs", type=_positive, metavar="N", help="同时使用的进程数（默认：文件多时用全部 CPU 核，少时用 1 个）")
    check.add_argument("--format", choices=["text", "json", "github", "sarif", "gitlab", "junit"], default="text",
                       help="输出格式：text（默认，给人看）、json、github（GitHub Actions 注释）、sarif、gitlab（GitLab 代码质量报告）、junit（JUnit XML）")

    report = commands.add_parser("report", help="标准化考核：按部门统计即办率、压缩率、网办率、完整度等",
                                 description="检查整个目录（默认 guides/），按部门和整个目录汇总标准化考核指标。")
    report.add_argument("--format", choices=["text", "markdown", "json", "csv"], default="text",
                        help="输出格式：text（默认，终端表格）、markdown（贴到合并请求或会议纪要）、json、csv（带 BOM，Excel 可直接打开）")
    report.add_argument("--out", metavar="文件", help="写入文件而不是输出到屏幕")

    render = commands.add_parser("render", help="把办事指南生成网站页面（Markdown 和开放数据）写到文件夹",
                                 description="检查整个目录（默认 guides/）；没有错误时，把 mkdocs 插件生成的同一批页面写到文件夹，供其他网站引擎使用。")
    render.add_argument("--out", required=True, metavar="文件夹", help="写入的文件夹（不存在时新建）")
    render.add_argument("--site-url", default="", metavar="网址", help="网站地址，用于二维码和开放数据中的网页链接")
    render.add_argument("--site-name", default="政务服务办事指南", metavar="名称", help="首页标题")

    rules = commands.add_parser("rules", help="列出所有检查代码及其说明", description="列出所有检查代码；给出代码时显示完整说明。")
    rules.add_argument("code", nargs="?", metavar="代码", help="例如 S002")

    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = _dispatch(parser, args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return status
    except UsageError as exc:
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


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "check":
        return run_check(args.paths or None, args.format, args.jobs, args.changed_since)
    if args.command == "report":
        return run_report(args.format, args.out)
    if args.command == "render":
        return run_render(args.out, args.site_url, args.site_name)
    if args.command == "rules":
        return run_rules(args.code)
    if getattr(args, "handler", None) is not None:
        return args.handler(args)
    parser.print_help()
    return EXIT_USAGE


def run_check(paths: list[str] | None, output: str, jobs: int | None = None, changed_since: str | None = None) -> int:
    from .output import FORMATS
    from .summary_cache import SummaryCache

    config = load_config()
    known: dict[str, str] = {}
    if changed_since is not None:
        from .changed import select

        if paths:
            raise UsageError("--changed-since 与路径不能同时使用：改动的文件由 git 决定。")
        selection = select(changed_since, config)
        if selection.paths is None:
            print(f"自 {changed_since} 以来改动了{selection.why_all}，检查全部文件。", file=sys.stderr)
        elif not selection.paths:
            message = f"自 {changed_since} 以来没有改动的指南文件。"
            if output == "text":
                print(message)
                return EXIT_OK
            print(message, file=sys.stderr)
            sys.stdout.write(FORMATS[output](CheckRun(diagnostics=[], files=0)))
            return EXIT_OK
        paths, known = selection.paths, selection.unchanged
    run = check_paths(paths, config, jobs=jobs, full_models=False, cache=SummaryCache.for_root(config.root), known=known)
    sys.stdout.write(FORMATS[output](run))
    _laws_notice(run, config)
    return EXIT_ERRORS if run.errors else EXIT_OK


def _laws_notice(run: CheckRun, config: Config) -> None:
    """L108, once per run and beside the report (not in it): the law registry's data is old."""
    from .rules.legal import stale_notice

    notice = stale_notice(run.laws, config.laws_max_age) if config.enabled("L108") else None
    if notice:
        print(notice, file=sys.stderr)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"「{text}」不是正整数")
    return value


def run_report(output: str, out: str | None) -> int:
    """The assessment is a report, not a gate: exit 0 whatever it finds."""
    from .assessment import assess
    from .report_formats import REPORT_FORMATS

    config = load_config()
    run = check_paths(None, config)
    _laws_notice(run, config)
    text = REPORT_FORMATS[output](assess(run.catalogue, run.diagnostics, config.root, run.laws))
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(out).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"无法写入 {out}：{exc.strerror}") from None
    print(f"已写入 {out}。", file=sys.stderr)
    return EXIT_OK


def run_render(out: str, site_url: str, site_name: str) -> int:
    """Nothing is written when any guide has an error, as in the site build."""
    from .output import FORMATS
    from .site.build import build_site

    config = load_config()
    built = build_site(config.root, config=config, site_name=site_name, site_url=site_url)
    if built.run.errors:
        sys.stderr.write(FORMATS["text"](built.run))
        print("有错误，没有生成页面。", file=sys.stderr)
        return EXIT_ERRORS
    try:
        for path, content in built.pages.items():
            target = Path(out, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法写入 {out}：{exc.strerror}") from None
    print(f"已把 {len(built.pages)} 个文件写入 {out}（{len(built.run.catalogue.guides)} 个事项）。", file=sys.stderr)
    return EXIT_OK


def run_rules(code: str | None) -> int:
    if code is None:
        for doc in all_codes():
            print(f"{doc.code}  {doc.severity.word}  {doc.title}")
        return EXIT_OK
    doc = get(code)
    if doc is None:
        raise UsageError(f"没有代码 {code}。用 `guides rules` 查看全部代码。")
    print(f"{doc.code} {doc.title}（{doc.severity.word}）\n\n{doc.explanation}")
    if doc.bad:
        print(f"\n错误示例：\n{_indent(doc.bad)}")
    if doc.good:
        print(f"\n正确写法：\n{_indent(doc.good)}")
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
