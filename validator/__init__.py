"""办事指南 as code: load, validate and publish government service guides."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__version__ = "0.1.0"


@cache
def code_stamp() -> str:
    """A digest of this package's code (every .py file): what the build keeps between runs (the page cache, the guide
    pages) starts afresh when any of it changes."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()
