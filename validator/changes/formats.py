"""`guides diff` output: plain text for the terminal, Markdown for a pull-request comment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..wording.escape import escape
from .catalogue import ADDED, CHANGED, REMOVED, RENAMED, CatalogueDiff, FileDiff
from .words import Quote, sentence

_NOUN = {"guide": "事项", "department": "部门", "other": "文件"}


def _summary_line(diff: CatalogueDiff, quote: Quote = str) -> str:
    """改动：main（1a2b3c4）→ 工作区 — 修改 2 个，新增 1 个…"""
    counts = Counter(f.status for f in diff.files)
    told = "，".join(f"{status} {counts[status]} 个" for status in (CHANGED, ADDED, REMOVED, RENAMED) if counts[status])
    return f"{quote(diff.base)} → {quote(diff.head)}：{told}"


def title(diff: CatalogueDiff, f: FileDiff, quote: Quote = str, path: Callable[[str], str] | None = None) -> str:
    """修改事项「个体工商户设立登记」（guides/shichang/getihu-sheli-dengji.yaml）"""
    path = path or quote
    where = f"{path(diff.shown(f.old))} → {path(diff.shown(f.new))}" if f.status == RENAMED else path(diff.shown(f.new or f.old))
    if f.kind == "other":
        return f"{f.status}文件 {where}"
    name = f"「{quote(f.name)}」" if f.name else ""
    return f"{f.status}{_NOUN[f.kind]}{name}（{where}）"


def lines(diff: CatalogueDiff, f: FileDiff, quote: Quote = str) -> list[str]:
    """What a reviewer reads under a file's title."""
    out = []
    if f.old is not None and f.old.problem and f.status in (CHANGED, RENAMED):
        out.append(f"{quote(diff.base)} 中的版本无法读取：{quote(f.old.problem)}")
    if f.new is not None and f.new.problem:
        out.append(f"无法读取：{quote(f.new.problem)}")
    if f.status == REMOVED and f.old is not None and f.old.problem:
        out.append(f"（删除前已无法读取：{quote(f.old.problem)}）")
    if f.facts:
        out.append(quote(f.facts))
    out += [sentence(edit, quote) for edit in f.edits]
    if f.status in (CHANGED, RENAMED) and not out:
        same = f.old is not None and f.new is not None and f.old.blob == f.new.blob
        out.append("内容没有变化" if same else "内容没有变化（只改了注释、空行或写法）")
    if f.new is not None and f.new.invalid and f.status != REMOVED:
        out.append(f"注意：新版本有 {f.new.invalid} 处不符合标准，运行 `guides check` 查看。")
    return out


def text(diff: CatalogueDiff) -> str:
    if not diff.files:
        return f"没有改动（{diff.base} → {diff.head}）。\n"
    parts = [f"办事指南改动：{_summary_line(diff)}"]
    for f in diff.files:
        parts.append("\n".join([title(diff, f), *(f"  - {line}" for line in lines(diff, f))]))
    return "\n\n".join(parts) + "\n"


def markdown(diff: CatalogueDiff) -> str:
    """Every value escaped (escape() turns Markdown and HTML characters into character references)."""
    if not diff.files:
        return f"**没有改动**（{escape(diff.base)} → {escape(diff.head)}）。\n"
    parts = [f"### 办事指南改动\n\n{_summary_line(diff, escape)}"]
    for f in diff.files:
        body = "\n".join(f"- {line}" for line in lines(diff, f, escape))
        parts.append(f"#### {title(diff, f, escape, path=lambda p: f'<code>{escape(p)}</code>')}" + (f"\n\n{body}" if body else ""))
    return "\n\n".join(parts) + "\n"


FORMATS: dict[str, Callable[[CatalogueDiff], str]] = {"text": text, "markdown": markdown}
# What `guides diff --format` says of a format.
DESCRIPTIONS = {"text": "默认，终端阅读", "markdown": "贴到合并请求的评论"}
