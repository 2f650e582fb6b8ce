"""Terminal display helpers shared by the text outputs."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` display columns (right-aligned for numbers)."""
    fill = " " * max(columns - width(text), 0)
    return fill + text if right else text + fill
