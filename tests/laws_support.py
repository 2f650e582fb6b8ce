"""Helpers for the law registry's tests: plant a snippet into a copy of a sample guide, and find where it landed."""

from __future__ import annotations

from pathlib import Path

import yaml


def replace_top(path: Path, snippet: str) -> None:
    """Replace each top-level element the YAML snippet names (basis:, summary: …) by the snippet's own lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    chunks = _top_level(snippet.splitlines())
    for name, new in chunks.items():
        start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        end = start + 1
        while end < len(lines) and (not lines[end] or lines[end][0] in " -#"):
            end += 1
        lines[start:end] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _top_level(lines: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        if line and line[0] not in " -#":
            current = line.split(":", 1)[0]
            out[current] = []
        out[current].append(line)
    assert set(out) == set(yaml.safe_load("\n".join(lines)))
    return out


def position(path: Path, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first occurrence of `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")
