"""Everyday words for search: what citizens type, kept by the service centre in `search-words.yaml`.

    低保: 最低生活保障          # an everyday word or abbreviation: the standard's words it stands for
    房产证: [不动产权证书, 房屋所有权]

A guide gets, as search keywords, its own `aliases` (俗称) and every everyday word whose standard words occur in its
name, its aliases or its result's name. Both search backends index them above the title, so the guide whose name
or everyday name matches comes first (site/search_words.py for the builtin index, site/pagefind.py for Pagefind).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..boundary import inside, leaves
from ..check.loader import LoadFailed, load
from ..errors import UsageError
from ..model import Guide

FILE = "search-words.yaml"
MAX_BYTES = 1_000_000  # a word list, not a corpus

Everyday = Mapping[str, tuple[str, ...]]


def read_everyday(path: Path, root: Path) -> Everyday:
    """The everyday words of `path` ({} when there is none); UsageError in Chinese, located, for a bad file.
    `root`: the project folder, which a symlink there may not leave (a path configured outside it is read as given)."""
    if not path.exists():
        return {}
    shown = path.name
    if inside(path, root) and leaves(path, root) or not path.is_file():  # a link out of the project is never read
        raise UsageError(f"{shown}：不是目录中的普通文件（符号链接指向了目录之外？），不会读取。")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{shown}：文件超过 1 MB，不像是常用词表。")
    try:
        document = load(shown, raw)
    except LoadFailed as failed:
        first = failed.diagnostics[0]
        raise UsageError(f"{shown}:{first.line}:{first.column}：{first.message}{'（' + first.hint + '）' if first.hint else ''}") from None
    return _words(document.data, lambda key: document.position((key,), key=True)[0], shown)


def _words(data: Any, line_of: Any, shown: str) -> Everyday:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{shown}:1:1：应当是「常用说法: 标准叫法」的列表，例如「低保: 最低生活保障」。")
    words: dict[str, tuple[str, ...]] = {}
    for word, meant in data.items():
        targets = [meant] if isinstance(meant, str) else meant
        if not (isinstance(targets, list) and targets and all(isinstance(t, str) and t.strip() for t in targets)):
            raise UsageError(f"{shown}:{line_of(word)}:1：「{word}」后面应当写它代表的标准叫法（一个，或用 [ ] 列出几个）。")
        words[str(word).strip()] = tuple(t.strip() for t in targets)
    return words


def keywords(guide: Guide, everyday: Everyday) -> list[str]:
    """The guide's search keywords: its aliases, then the everyday words for what its name says."""
    names = [guide.name or "", *guide.aliases, guide.result.name or ""]
    found = dict.fromkeys(guide.aliases)
    found.update((word, None) for word, meant in everyday.items() if any(m in n for m in meant for n in names))
    return list(found)
