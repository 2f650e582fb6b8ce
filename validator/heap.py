"""Freed memory handed back to the system: glibc keeps a process's freed heap for its next allocations.

Where it matters: before a helper is forked (two_ends.py), since a forked process and its parent count the
parent's pages between them, freed ones included, and whatever either writes into them is then held twice; and
before the Pagefind indexer writes its index beside the build (mkdocs_plugin/memory.py). `malloc_trim` returns every free page
of the heap; `map_big_blocks` keeps big blocks out of it, each returned as it is freed. Elsewhere than glibc this
does nothing.
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


_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


def map_big_blocks(threshold: int = 128 << 10) -> None:
    """Blocks of `threshold` bytes and more each mapped on their own, and handed back to the system when freed.

    glibc starts so, but raises the threshold to the size of each such block freed (up to 32 MB): from then on the
    build's big texts (a page, its search entries) are carved from the heap, which cannot shrink past the last block
    still in use; at 10 000 guides that kept 270 MB the build had freed until it ended. Setting it fixes it."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_MMAP_THRESHOLD, threshold)
