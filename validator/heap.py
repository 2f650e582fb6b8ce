"""Freed memory handed back to the system: glibc keeps a process's freed heap for its next allocations.

Where it matters: before a helper is forked (two_ends.py), since a forked process and its parent count the
parent's pages between them, freed ones included, and whatever either writes into them is then held twice; and
before the Pagefind indexer runs beside the build (mkdocs_plugin/memory.py). `malloc_trim` returns every free page
of the heap; elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
