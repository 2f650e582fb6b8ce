"""`guides migrate [PATH…]`: comment markers `# guides: ignore[CODE] 原因` moved into the guide's `ignore` element.

A marker is placed by its line, which a web edit or a reformatting loses; an `ignore` entry is placed by the
finding's element (check/suppressions.py). For each file with markers the check runs, every finding a marker
waves through becomes an entry {code, element, reason}, and the file is written in the canonical layout
(`guides fmt`'s) without the markers. A file is left as it is, with the reason, when a marker waves nothing
through or has no reason (fix or delete it first), when it holds other comments, or when the check afterwards
would not wave through exactly the same findings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring.formatting import MARKER, canonical_text, comments
from ..check.config import load_config
from ..check.files import discover, display_path, kind_of, read
from ..check.loader import LoadFailed, load
from ..check.run import check_paths
from ..check.suppressions import G001, G002
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "migrate", help="把 # guides: ignore 注释移到指南的 ignore 要素中（网页编辑保存时不会丢失）",
        description="把旧的忽略标记注释（# guides: ignore[代码] 原因）改写成指南数据中的 ignore 要素（检查代码、要素位置、原因），"
                    "并按统一格式（guides fmt）重写文件。")
    parser.add_argument("paths", nargs="*", metavar="路径", help="文件或文件夹（默认：整个目录，通常是 guides/）")
    parser.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    config = load_config()
    failed = moved = 0
    for path in discover(args.paths or [str(config.root)]):
        shown = display_path(path)
        raw = read(path, shown)
        if b"guides:" not in raw or kind_of(path) != "guide":
            continue
        problem = _migrate(path, shown, raw, config)
        if problem:
            failed += 1
            print(f"{shown}：没有改写。{problem}")
        else:
            moved += 1
            print(f"已把 {shown} 的忽略标记移到 ignore 要素中")
    print(f"改写了 {moved} 个文件" + (f"，{failed} 个文件没有改写（原因见上）。" if failed else "。"), file=sys.stderr)
    return EXIT_ERRORS if failed else EXIT_OK


def _migrate(path: Path, shown: str, raw: bytes, config: Any) -> str | None:
    """None when the file was rewritten, else why not."""
    try:
        document = load(shown, raw)
    except LoadFailed:
        return "文件有错误，请先运行 guides check 并改正。"
    found = comments(document)
    if not any(MARKER.match(text) for _, text in found):
        return None if not found else "文件里的注释都不是忽略标记，无须迁移。"
    others = [line for line, text in found if not MARKER.match(text)]
    if others:
        return f"第 {'、'.join(map(str, others))} 行还有其他注释：请先把内容写进说明类要素或删除。"
    before = check_paths([str(path)], config)
    broken = [d for d in before.diagnostics if d.code in (G001.code, G002.code)]
    if broken:
        return "、".join(f"第 {d.line} 行 {d.code}：{d.message}" for d in broken[:5]) + " 请先改正或删除这些标记。"
    entries: list[dict[str, str]] = list(document.data.get("ignore") or [])
    for item in before.suppressed:
        entry = {"code": item.diagnostic.code, **({"element": item.diagnostic.element} if item.diagnostic.element else {}),
                 "reason": item.reason}
        if entry not in entries:
            entries.append(entry)
    document.data["ignore"] = entries
    text = canonical_text(document, path)
    try:
        path.write_text(text, encoding="utf-8")
        after = check_paths([str(path)], config)
        if _waved(after) != _waved(before) or len(after.diagnostics) != len(before.diagnostics):
            path.write_bytes(raw)
            return "迁移后检查结果与迁移前不同（可能有两条同代码的问题落在同一要素），已恢复原文件，请手工迁移。"
    except OSError as exc:
        raise UsageError(f"无法写入 {shown}：{exc.strerror}") from None
    return None


def _waved(run: Any) -> list[tuple[str, str, str]]:
    return sorted((s.diagnostic.code, s.diagnostic.element, s.reason) for s in run.suppressed)
