"""File and folder names from Chinese names: the pinyin slugs `guides new` and `guides import` give."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from typing import Any

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # what `related` accepts for a folder or file name
MAX_SLUG = 60


def pinyin_slug(text: str) -> str:
    """A file or folder name from Chinese text: pinyin word by word, ASCII, lowercase, hyphens, bounded."""
    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter
    parts = []
    for word in jieba.cut(text):
        for piece in _split_compound(word, jieba):
            parts.append(re.sub(r"[^a-z0-9]+", "-", "".join(lazy_pinyin(piece)).lower()).strip("-"))
    slug = re.sub(r"-+", "-", "-".join(p for p in parts if p)).strip("-")
    while len(slug) > MAX_SLUG and "-" in slug:  # cut at a word boundary
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_SLUG].strip("-")


def _split_compound(word: str, jieba: Any) -> list[str]:
    """Long compounds (居民身份证, 城乡居民) into dictionary words, as people write slugs: jumin-shenfenzheng."""
    if len(word) < 4:
        return [word]
    pieces: list[str] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word) - (i == 0), i + 3), i + 1, -1):
            if jieba.dt.FREQ.get(word[i:j]):
                pieces.append(word[i:j])
                i = j
                break
        else:
            if pieces:
                pieces[-1] += word[i]
            else:
                pieces.append(word[i])
            i += 1
    return pieces


def unique_slug(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3` … when taken, within MAX_SLUG characters."""
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[:MAX_SLUG - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
