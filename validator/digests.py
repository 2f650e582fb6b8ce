"""Digests of files, for what the build keeps between runs (the page cache, the stored guide pages): a change to
any file it was made from starts it afresh."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path


def files_digest(folders: Iterable[Path | str | None], pattern: str = "*") -> str:
    """Every file matching `pattern` under the folders (a missing one adds nothing), by path and bytes."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            continue
        for path in sorted(p for p in Path(folder).rglob(pattern) if p.is_file()):
            h.update(f"{path.relative_to(folder)}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def code_stamp() -> str:
    """This package's code (every .py file)."""
    return files_digest([Path(__file__).resolve().parent], "*.py")


@cache
def package_stamp() -> str:
    """This package's code and the data it ships (the schemas, the law registry, the rules' word lists)."""
    package = Path(__file__).resolve().parent
    return "".join([code_stamp(), files_digest([package], "*.json"), files_digest([package], "*.yaml")])


def canonical_json(value: object) -> bytes:
    """Settings and other plain values as bytes to digest: keys sorted, and what JSON cannot hold as text (never an
    object's address)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain).encode("utf-8", "surrogatepass")


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, tuple):
        return list(value)
    described = type(value).__str__ is not object.__str__ or type(value).__repr__ is not object.__repr__
    return f"{type(value).__name__}:{value}" if described else type(value).__name__
