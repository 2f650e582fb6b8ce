"""QR codes as inline SVG (segno: pure Python, no image files, sharp at any print size).

Left to itself segno tries all eight mask patterns on each code and keeps the one with the lowest penalty,
which is four fifths of its time (5.6 ms a code against 1.0 ms with one fixed mask). Every mask gives a valid
code, and the penalty only ranks them: each code on the built site is decoded in tests/test_qr_codes.py (and
300 random guide addresses with every mask decoded alike), so one fixed mask is used. For a big catalogue
`start` has a second process make the codes while the site is checked and rendered (the same codes, byte for byte:
the same function). The codes belong to one
`QrCodes`, which lives as long as one build; the site build hands it the codes earlier builds made
(mkdocs_plugin/stored_maps.py), so a rebuild makes only the codes of new addresses.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

import segno

from ..check.workers import jobs_for, pool_context

MASK = 0  # the checkerboard mask: any of the eight reads; fixing it saves the search for the best


def _make(url: str) -> str:
    svg = segno.make(url, error="m", mask=MASK).svg_inline(scale=3, border=2, title="本页网址二维码")
    return svg.replace("<svg ", '<svg role="img" aria-label="本页网址二维码" ', 1)


class QrCodes:
    """The codes of one build, each made once; `known`: codes made by earlier builds (address → svg); `jobs`:
    processes (None: every core for many codes)."""

    def __init__(self, known: Mapping[str, str] | None = None, jobs: int | None = None) -> None:
        self._made: dict[str, str] = {}
        self._known = known or {}
        self._jobs = jobs
        self._maker: multiprocessing.process.BaseProcess | None = None
        self._file = Path()  # where the maker writes a line of [address, svg] pairs per batch
        self._arriving: BinaryIO | None = None  # that file, read as far as this process has looked
        self._partial = b""
        self._wanted: list[str] = []  # the addresses given to `start`

    @property
    def made(self) -> dict[str, str]:
        """The codes of this build, by address: those its pages asked for, and those of the addresses `start` was given
        (every guide page's), whose pages may have come from a store without asking: kept for the build that needs them."""
        kept = {url: self._known[url] for url in self._wanted if url not in self._made and url in self._known}
        return {**kept, **self._made} if kept else self._made

    def svg(self, url: str) -> str:
        """An inline <svg> encoding `url`; medium error correction survives a smudged printout."""
        svg = self._made.get(url)
        if svg is None and self._arriving is not None:
            self._collect(self._arriving)
            svg = self._made.get(url)
        if svg is None:
            svg = self._made[url] = self._known.get(url) or _make(url)
        return svg

    def start(self, urls: list[str]) -> None:
        """Begin making the codes of many addresses in a second process, forked now, while this one is small and
        before the check: it works while the check and the render leave a core idle. It makes them from the last
        backwards, and `svg` makes any it has not reached yet (the pages ask from the first): they meet in the
        middle, and no one waits. It writes them to a file, which this process reads when a page asks: a pipe would
        stop it once full, and a thread to empty the pipe would keep this process from forking for the check.
        Without a second core, or for a few, codes are made as the pages ask."""
        self._wanted = urls
        todo = list(dict.fromkeys(url for url in urls if url not in self._known and url not in self._made))
        if not todo or jobs_for(self._jobs, len(todo)) < 2:  # by default: two cores and many codes (check.workers)
            return
        handle, name = tempfile.mkstemp(prefix="guides-qr-", suffix=".jsonl")
        os.close(handle)
        self._file, self._arriving = Path(name), open(name, "rb")  # closed in stop
        self._maker = pool_context().Process(target=_make_backwards, args=(todo[::-1], self._file), daemon=True,
                                             name="guides-qr-codes")
        self._maker.start()

    def forked(self) -> None:
        """In a forked process (two_ends.py): a reading of the maker's file of its own. The one inherited shares its
        position with this process's; reading again from the start only makes the same codes known again."""
        if self._arriving is not None:
            self._arriving, self._partial = open(self._file, "rb"), b""  # noqa: SIM115 - the process ends with it

    def stop(self) -> None:
        """The maker is not needed any more (the pages are rendered, or the build failed)."""
        if self._maker is not None:
            self._maker.kill()
            self._maker.join()
            self._maker = None
        if self._arriving is not None:
            self._arriving.close()
            self._file.unlink(missing_ok=True)
            self._arriving = None

    def _collect(self, arriving: BinaryIO) -> None:
        """The codes the maker has written since the last look (whole lines only: it may be writing one)."""
        self._partial += arriving.read()
        end = self._partial.rfind(b"\n") + 1
        for line in self._partial[:end].splitlines():
            self._made.update(json.loads(line))
        self._partial = self._partial[end:]


_BATCH = 64  # codes written at once: the pages see them soon, in a few writes


def _make_backwards(urls: list[str], file: Path) -> None:
    gc.disable()  # a few strings per code; a collection would copy the build's memory page by page
    with file.open("ab") as out:
        for first in range(0, len(urls), _BATCH):
            batch = [(url, _make(url)) for url in urls[first:first + _BATCH]]
            out.write(json.dumps(batch, ensure_ascii=False).encode() + b"\n")
            out.flush()
