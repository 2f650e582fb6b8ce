"""Checking many files on every core: a process pool, fed in large chunks so that little crosses between processes."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .file_check import FileChecker, FileResult, Settings, check_in_worker, start_worker

MANY_FILES = 200  # below this, starting processes costs more than it saves


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None, files: int) -> int:
    """--jobs N as given; by default every core for many files, one process for a few; always one where
    workers cannot be forked (see `_can_fork`)."""
    if not _can_fork():
        return 1
    if requested is not None:
        return max(1, requested)
    return cores() if files >= MANY_FILES else 1


def check_all(items: list[tuple[Path, str, bool]], settings: Settings, jobs: int) -> Iterator[FileResult]:
    """Each (path, shown, requested) checked, results in the order given."""
    if jobs <= 1 or len(items) <= 1:
        checker = FileChecker(settings)
        for item in items:
            yield checker.check(*item)
        return
    workers = min(jobs, len(items))
    chunk = max(1, min(256, len(items) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=pool_context(), initializer=start_worker, initargs=(settings,)) as pool:
        yield from pool.map(check_in_worker, items, chunksize=chunk)


def _can_fork() -> bool:
    """Workers are forked: they share the imported modules and compiled validators for free, and nothing is
    re-imported (spawn would run an unguarded calling script's top level again). Fork is unsafe in a process
    with other threads (`mkdocs serve` has a watcher and a web server) and not used off Linux (macOS forks
    badly, Windows cannot): there the check stays in one process."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def pool_context() -> multiprocessing.context.BaseContext:
    """The start method of every pool (site/qr.py's too): use it only when `jobs_for` gave more than one."""
    return multiprocessing.get_context("fork")
