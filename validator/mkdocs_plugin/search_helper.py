"""A second process that indexes pages for material's search while this one puts the pages through the theme.

Material indexes a page when mkdocs builds it, one page after the other in one process: parsing its HTML and
segmenting its Chinese is about as much work as the templates, and a second core stays idle. Once every page is
read (on_env) the helper is forked: it shares the pages for free, and makes their entries from the last page
backwards while the build works from the first page forwards, each taking its next page under one lock, until they
meet. A page the helper took is given its entries when the build reaches it (waiting if they are not there yet);
the build takes every other page itself. The entries are those the build would make (the same code, in a copy of
the process), and they join the index in the build's order, so the site is the same byte for byte.

The helper is started only where forking is safe (`check.workers`: Linux, no other thread) and worth it: more than
one core and many pages, or `jobs` asked for it. If it fails, the build indexes the pages it would have.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from mkdocs.structure.pages import Page

from ..check.workers import jobs_for, pool_context

Entries = list[dict[str, Any]]
_LOW, _HIGH = 0, 1  # the shared bounds: the build has taken the pages below LOW, the helper those from HIGH up


class SearchHelper:
    def __init__(self) -> None:
        self.positions: dict[str, int] = {}  # a page's source path → its place in the helper's list
        self.bounds: Any = None  # multiprocessing.Array: LOW, HIGH
        self.done: dict[int, Entries] = {}
        self.finished = True  # the helper has sent all it will send
        self.arrived = threading.Condition()
        self.process: multiprocessing.process.BaseProcess | None = None
        self.helped = 0  # pages whose entries the helper made

    def start(self, pages: list[Page], index: Callable[[Page], Entries], jobs: int | None) -> None:
        """Fork the helper for `pages` (in build order), each to be indexed with `index`, if worth it."""
        if not pages or jobs_for(jobs, len(pages)) < 2:  # by default: two cores and many pages (check.workers)
            return
        self.positions = {page.file.src_uri: place for place, page in enumerate(pages)}
        context = pool_context()
        self.bounds = context.Array("i", [0, len(pages)])
        receiver, sender = context.Pipe(duplex=False)
        started = context.Event()
        self.process = context.Process(target=_help, args=(pages, index, self.bounds, sender, started), daemon=True,
                                       name="guides-search-helper")
        self.process.start()
        sender.close()
        started.wait(timeout=_START_SECONDS)  # it has taken the last page: it always helps, even on a small site
        self.finished = False
        threading.Thread(target=self._receive, args=(receiver,), daemon=True, name="guides-search-receiver").start()

    def take(self, page: Page) -> Entries | None:
        """The page's entries if the helper took it (waiting for them); None: the build indexes the page itself."""
        place = self.positions.get(page.file.src_uri)
        if place is None:
            return None
        with self.bounds.get_lock():
            if place < self.bounds[_HIGH]:
                self.bounds[_LOW] = place + 1
                return None
        with self.arrived:
            self.arrived.wait_for(lambda: place in self.done or self.finished)
            entries = self.done.pop(place, None)
        if entries is not None:
            self.helped += 1
        return entries

    def stop(self) -> None:
        if self.process is not None:
            self.process.join(timeout=5)
            if self.process.is_alive():  # pragma: no cover - only if the helper hangs
                self.process.kill()
            self.process = None
        self.positions = {}

    def _receive(self, receiver: Connection) -> None:
        try:
            while True:
                place, entries = receiver.recv()
                with self.arrived:
                    self.done[place] = entries
                    self.arrived.notify_all()
        except (EOFError, OSError):  # the helper is done, or gone: the build indexes what is left
            pass
        finally:
            receiver.close()
            with self.arrived:
                self.finished = True
                self.arrived.notify_all()


_START_SECONDS = 2.0


def _help(pages: list[Page], index: Callable[[Page], Entries], bounds: Any, sender: Connection, started: Any) -> None:
    """The helper's whole life: index pages from the last backwards until it meets the build."""
    gc.disable()  # its garbage is a few lists per page; a collection would copy the build's memory page by page
    try:
        while True:
            with bounds.get_lock():
                place = bounds[_HIGH] - 1
                if place < bounds[_LOW]:
                    return
                bounds[_HIGH] = place
            started.set()
            sender.send((place, index(pages[place])))
    finally:
        sender.close()
        os._exit(0)  # nothing of the build's (atexit, its plugins' cleanup) may run here
