"""`guides laws`: what the law registry holds, one law or article, and importing a county's own texts.

    guides laws list [词]                  # every entry (or those whose title has the word), with the data date
    guides laws show 名称 [条号]            # one law's facts, or its articles (第四十二条, 第二十二条至第二十五条)
    guides laws import 文件.md … [--level 地方性法规] [--issuer …] [--source …]

`import` reads files in the corpus's Markdown format (validator/laws/markdown.py) and writes one
YAML file per law into the catalogue's registry folder (`laws` in [tool.guides], default laws/);
a law already there is updated (its aliases, notes and other hand-written facts kept). A file with
a mistake is reported line by line and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from ..check.config import Config, load_config
from ..check.files import display_path
from ..check.law_registry import law_files, load_registry, read_folder
from ..check.loader import LoadFailed, load
from ..check.result import CheckReport
from ..errors import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError
from ..laws import Law, LawRegistry
from ..laws.importing import from_markdown, merge
from ..laws.numbers import label, parse
from ..laws.store import dump_law
from ..laws.titles import key
from ..output import FORMATS
from ..standard.schemas import nearest_schema
from ..standard.slugs import pinyin_slug, unique_slug
from ..wording.display import pad, width

SHOW_ALL_LIMIT = 2000  # articles printed by one `show` (a whole 民法典 is 1 260)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "laws", help="法规库：列出、查看法律法规，导入本地的地方性法规和规范性文件",
        description="法规库记录指南可以引用的法律法规：名称和简称、效力级别、文号、时效（现行有效、已修改、已废止、失效）、"
                    "日期和现行条文。内置法规库随 guides 提供；目录仓库的法规库文件夹（默认 laws/）中的条目补充或替代内置的条目。")
    actions = parser.add_subparsers(dest="laws_action", metavar="操作", parser_class=type(parser))
    listing = actions.add_parser("list", help="列出法规库中的法律法规和数据日期", description="列出法规库中的法律法规和数据日期。")
    listing.add_argument("word", nargs="?", metavar="词", help="只列出名称中含有这个词的")
    listing.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）、json")
    show = actions.add_parser("show", help="查看一部法律法规，或它的条文", description="查看一部法律法规的信息；给出条号时显示现行条文。")
    show.add_argument("title", metavar="名称", help="全称或简称，如 行政许可法")
    show.add_argument("article", nargs="?", metavar="条号", help="如 第四十二条、第二十二条至第二十五条；写“全文”显示全部条文")
    importing = actions.add_parser(
        "import", help="把 Markdown 格式的法律法规文本导入目录仓库的法规库",
        description="读取与法律法规语料库相同格式的 Markdown 文件（“# 名称”、沿革、<!-- INFO END -->、逐条正文），"
                    "写入法规库文件夹，一部一个文件；已有同名条目的更新其条文和日期，保留手工补充的简称、说明等。"
                    "文件有错误时逐行列出，不写入任何文件。")
    importing.add_argument("files", nargs="+", metavar="文件", help="Markdown 文件")
    importing.add_argument("--level", metavar="级别", help="效力级别（沿革中看不出时必须指定），如 地方性法规、地方政府规章、规范性文件")
    importing.add_argument("--issuer", metavar="机关", help="制定机关（默认从沿革中读取）")
    importing.add_argument("--source", metavar="来源", help="数据来源，如“江西省人民代表大会常务委员会公报 2021 年第 5 号”（默认：导入的文件名）")
    parser.set_defaults(handler=run_laws, laws_parser=parser)


def run_laws(args: argparse.Namespace) -> int:
    config = load_config()
    if args.laws_action == "list":
        return _list(load_registry(config.laws), args.word, args.format, config)
    if args.laws_action == "show":
        return _show(load_registry(config.laws), args.title, args.article)
    if args.laws_action == "import":
        return _import(config, [Path(f) for f in args.files], args.level, args.issuer, args.source)
    args.laws_parser.print_help()
    return EXIT_USAGE


def _origin(law: Law) -> str:
    return law.origin if law.local else "内置"


def _list(registry: LawRegistry, word: str | None, output: str, config: Config) -> int:
    laws = sorted(registry.laws.values(), key=lambda law: (not law.local, key(law.title)))
    if word:
        laws = [law for law in laws if key(word) in key(law.title) or any(key(word) in key(a) for a in law.aliases)]
    local = sum(law.local for law in registry.laws.values())
    if output == "json":
        rows = [{"title": law.title, "aliases": list(law.aliases), "level": law.level, "status": law.status,
                 "promulgated": law.promulgated, "effective": law.effective, "repealed": law.repealed, "successor": law.successor,
                 "articles": len(law.articles), "origin": _origin(law), "data_date": law.data_date, "verified": law.verified}
                for law in laws]
        print(json.dumps({"data_date": registry.data_date, "folder": display_path(config.laws), "laws": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"法规库：内置 {len(registry.laws) - local} 部（数据截至 {registry.data_date}），"
          f"本目录 {local} 部（{display_path(config.laws)}/）。")
    headers = ["名称", "级别", "时效", "现行版本", "条数", "来源", "数据日期"]
    rows = [[law.title + ("" if law.verified else "（未核对）"), law.level, law.status, _version(law),
             str(len(law.articles)) if law.articles else "—", _origin(law), law.data_date] for law in laws]
    widths = [max(width(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    for row in (headers, *rows):
        print("  ".join(pad(cell, widths[i], right=i == 4) for i, cell in enumerate(row)).rstrip())
    if registry.diagnostics:
        print(f"\n法规库文件夹中有 {len(registry.diagnostics)} 处问题，运行 `guides check` 查看。")
    return EXIT_OK


def _version(law: Law) -> str:
    if not law.in_force:
        return f"{law.repealed or ''} {law.status}".strip()
    if law.effective:
        return f"{law.effective} 施行"
    return f"{law.promulgated} 公布" if law.promulgated else "—"


def _find(registry: LawRegistry, title: str) -> Law:
    law = registry.find(title)
    if law is None:
        close = registry.suggest(title)
        guess = f"您是不是要找「{'」或「'.join(close)}」？" if close else "用 `guides laws list 词` 查找。"
        raise UsageError(f"法规库中没有「{title}」。{guess}")
    return law


def _show(registry: LawRegistry, title: str, article: str | None) -> int:
    law = _find(registry, title)
    if article is None:
        facts = [("名称", law.title), ("简称和别名", "、".join(law.aliases)), ("效力级别", law.level), ("制定机关", law.issuer),
                 ("文号", "、".join(law.doc_numbers)), ("时效", law.status), ("公布日期", law.promulgated),
                 ("施行日期", law.effective), ("废止日期", law.repealed), ("代替它的", law.successor), ("废止依据", law.repealed_by),
                 ("沿革", "\n      ".join(law.history)), ("数据来源", law.source), ("数据日期", law.data_date),
                 ("核对", "取自所注来源" if law.verified else "据公开资料整理，未与官方文本核对"), ("说明", law.note), ("文件", _origin(law))]
        for name, value in facts:
            if value:
                print(f"{name}：{value}")
        labels = list(law.articles)
        print(f"条文：共 {len(labels)} 条（{labels[0]}至{labels[-1]}），用 `guides laws show {key(law.title)} 第一条` 查看。"
              if labels else "条文：法规库没有收录这部法律法规的条文。")
        return EXIT_OK
    if not law.articles:
        raise UsageError(f"法规库没有收录《{law.title}》的条文。")
    if article.strip() == "全文":
        wanted = list(law.articles)[:SHOW_ALL_LIMIT]
    else:
        cited = parse(article)
        if cited is None or not cited.articles:
            raise UsageError(f"「{article}」不是条号。写作“第四十二条”“第二十二条至第二十五条”，或“全文”。")
        wanted = [label(n, s) for ref in cited.articles for n, s in ref.numbers()]
    missing = [name for name in wanted if name not in law.articles]
    print(f"《{law.title}》{_version(law)}")
    for name in wanted:
        if name in law.articles:
            print(f"\n{name} {law.articles[name]}")
    if missing:
        print(f"\n没有{'、'.join(missing)}：全文最后一条是{list(law.articles)[-1]}。", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取 {display_path(path)}：{exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            raw.decode("gb18030")
            likely = "看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            likely = "无法识别它的编码"
        raise UsageError(f"{display_path(path)} 不是 UTF-8 编码，{likely}。请用编辑器另存为 UTF-8 后再导入。") from None


def _import(config: Config, files: list[Path], level: str | None, issuer: str | None, source: str | None) -> int:
    today = datetime.date.today().isoformat()
    imported = []
    failed = False
    for path in files:
        shown = display_path(path)
        result = from_markdown(_read_text(path), level=level, issuer=issuer, source=source or f"{path.name}（guides laws import 导入）",
                               data_date=today)
        for problem in result.problems:
            print(f"{shown}:{problem.line}: 错误：{problem.message}" + (f"\n  提示：{problem.hint}" if problem.hint else ""), file=sys.stderr)
        failed = failed or result.entry is None
        if result.entry is not None:
            imported.append((shown, result.entry))
    if failed:
        print("有错误，没有导入任何文件。改正后重新导入。", file=sys.stderr)
        return EXIT_ERRORS
    folder = config.laws
    existing = _existing(folder)
    shipped = load_registry(None)
    written: list[Path] = []
    for shown, entry in imported:
        found = existing.get(key(entry["title"]))
        if found is not None:
            target, old = found
            entry, changes = merge(old, entry)
            verb = f"已更新 {display_path(target)}：{changes}"
        else:
            taken = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
            target = folder / f"{unique_slug(pinyin_slug(key(entry['title'])) or 'law', taken)}.yaml"
            replaces = "，替代内置的同名条目" if shipped.find(entry["title"]) is not None else ""
            verb = f"已新增 {display_path(target)}：《{entry['title']}》，{len(entry['articles'])} 条{replaces}"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            target.write_text(dump_law(entry, _header(target, shown, today)), encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UsageError(f"无法写入 {display_path(target)}：{exc.strerror}") from None
        existing[key(entry["title"])] = (target, entry)
        written.append(target)
        print(f"{verb}（来自 {shown}）。", file=sys.stderr)
    _, problems = read_folder(folder)
    mine = [d for d in problems if d.path in {display_path(p) for p in written}]
    if mine:
        sys.stderr.write(FORMATS["text"](CheckReport(mine, len(written))))
        return EXIT_ERRORS
    return EXIT_OK


def _existing(folder: Path) -> dict[str, tuple[Path, dict]]:
    """The folder's readable entries by title key, as data (what an update starts from)."""
    found: dict[str, tuple[Path, dict]] = {}
    if not folder.is_dir():
        return found
    for path in law_files(folder):
        try:
            data = load(display_path(path), path.read_bytes()).data
        except (OSError, LoadFailed):
            continue  # `guides check` reports it
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            found.setdefault(key(data["title"]), (path, data))
    return found


def _header(target: Path, source: str, today: str) -> str:
    schema = nearest_schema(target, "law")
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines.append(f"# 法规库条目：由 guides laws import 从 {Path(source).name} 导入（{today}），可以手工补充简称、文号和说明。")
    return "\n".join(lines) + "\n"
