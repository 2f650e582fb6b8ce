"""One list of work done from both ends: this process from the first item forwards, a forked helper from the last
backwards, until they meet.

Used where the build works through a long list on one core while the other is idle: the guide pages
(site/render.py) and material's search entries (mkdocs_plugin/builtin_search.py). The helper is forked when the
list is ready, so it shares everything the work reads for free. Each side takes its next item under one lock (a
shared pair of bounds), so no item is made twice and neither waits for the other until the end. What the helper
makes of an item is the caller's (`make`): something small that goes through a pipe, and optionally a text (a
page) that goes through a file (spool.py): this process reaches the helper's items only at the end, and need not
hold them in memory until then, nor after (`take` gives where the text is). It takes them in its own order (`take`,
waiting if one is not there yet), so the result is what one process makes, byte for byte: the helper runs the same
code in a copy of the process.

The helper is started only where forking is safe (`check.workers`: Linux, no other thread) and worth it: more than
one core and many items, or `jobs` asked for it. If it fails, this process makes the items it would have.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .check.workers import jobs_for, pool_context
from .heap import give_back
from .spool import Spool, Spooled

Made = tuple[Any, str | None]  # what the helper made of an item: the small part, and a text (or None)
Taken = tuple[Any, Spooled | None]  # and what this process takes of it: the text stays in the helper's spool
_LOW, _HIGH = 0, 1  # the shared bounds: this process has taken the items below LOW, the helper those from HIGH up
_START_SECONDS = 2.0


class TwoEnds:
    def __init__(self) -> None:
        self.bounds: Any = None  # multiprocessing.Array: LOW, HIGH
        self.done: dict[int, tuple[Any, int, int]] = {}  # place → (small part, the text's offset and length)
        self.finished = True  # the helper has sent all it will send
        self.arrived = threading.Condition()
        self.process: multiprocessing.process.BaseProcess | None = None
        self.receiver: threading.Thread | None = None
        self.spool: Spool | None = None
        self.helped = 0  # items the helper made

    def start(self, count: int, make: Callable[[int], Made], jobs: int | None,
              forked: Callable[[], None] | None = None) -> None:
        """Fork the helper for items 0 … count-1, each made by `make(place)`, if worth it; `forked` runs first in
        the helper (to let go of what it must not share, such as an open file's position)."""
        if not count or jobs_for(jobs, count) < 2:  # by default: two cores and many items (check.workers)
            return
        give_back()  # what this process freed, not to be shared with the helper and then held by both (heap.py)
        context = pool_context()
        self.bounds = context.Array("i", [0, count])
        self.spool = Spool()
        receiver, sender = context.Pipe(duplex=False)
        started = context.Event()
        self.process = context.Process(target=_help, args=(make, forked, self.bounds, self.spool, sender, started),
                                       daemon=True, name="guides-helper")
        self.process.start()
        sender.close()
        started.wait(timeout=_START_SECONDS)  # it has taken the last item: it always helps, even with a few
        self.finished = False
        self.receiver = threading.Thread(target=self._receive, args=(receiver,), daemon=True, name="guides-receiver")
        self.receiver.start()

    def take(self, place: int) -> Taken | None:
        """What the helper made of the item if it took it (waiting for it); None: this process makes it. The text
        stays in the spool the helper wrote it into, which lives on after `stop` while a text of it does."""
        if self.bounds is None:
            return None
        with self.bounds.get_lock():
            if place < self.bounds[_HIGH]:
                self.bounds[_LOW] = place + 1
                return None
        with self.arrived:
            self.arrived.wait_for(lambda: place in self.done or self.finished)
            made = self.done.pop(place, None)
        if made is None or self.spool is None:  # the helper died: made here
            return None
        self.helped += 1
        small, offset, length = made
        return small, Spooled(self.spool, offset, length) if length >= 0 else None

    def stop(self) -> None:
        """The helper gone, its thread with it (another fork needs a process of one thread); its spool, once no text
        taken from it is held."""
        if self.bounds is not None:  # it takes nothing more: after a failure, it does not go on to the end
            with self.bounds.get_lock():
                self.bounds[_LOW] = self.bounds[_HIGH]
        if self.process is not None:
            self.process.join(timeout=5)
            if self.process.is_alive():  # pragma: no cover - only if the helper hangs
                self.process.kill()
                self.process.join()
            self.process = None
        if self.receiver is not None:
            self.receiver.join()
            self.receiver = None
        self.spool = None  # closed with the last text taken from it
        self.bounds = None
        self.done = {}

    def _receive(self, receiver: Connection) -> None:
        try:
            while True:
                place, small, offset, length = receiver.recv()
                with self.arrived:
                    self.done[place] = small, offset, length
                    self.arrived.notify_all()
        except (EOFError, OSError):  # the helper is done, or gone: this process makes what is left
            pass
        finally:
            receiver.close()
            with self.arrived:
                self.finished = True
                self.arrived.notify_all()


def _help(make: Callable[[int], Made], forked: Callable[[], None] | None, bounds: Any, spool: Spool,
          sender: Connection, started: Any) -> None:
    """The helper's whole life: make items from the last backwards until it meets the other end."""
    # What the parent had is the parent's: a collection here would walk it and copy its memory page by page.
    gc.freeze()
    try:
        if forked is not None:
            forked()
        while True:
            with bounds.get_lock():
                place = bounds[_HIGH] - 1
                if place < bounds[_LOW]:
                    return
                bounds[_HIGH] = place
            started.set()
            small, text = make(place)
            offset, length = spool.write(text) if text is not None else (0, -1)
            sender.send((place, small, offset, length))
    finally:
        sender.close()
        os._exit(0)  # nothing of the parent's (atexit, its plugins' cleanup) may run here
