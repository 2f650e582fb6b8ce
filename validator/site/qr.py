"""QR codes as inline SVG (segno: pure Python, no image files, sharp at any print size).

Left to itself segno tries all eight mask patterns on each code and keeps the one with the lowest penalty,
which is four fifths of its time (5.6 ms a code against 1.0 ms with one fixed mask). Every mask gives a valid
code, and the penalty only ranks them: each code on the built site is decoded in tests/test_qr_codes.py (and
300 random guide addresses with every mask decoded alike), so one fixed mask is used. For a big catalogue
`prepare` makes all codes up front on every core (the same codes, byte for byte). The codes belong to one
`QrCodes`, which lives as long as one build; the site build hands it the codes earlier builds made
(mkdocs_plugin/stored_maps.py), so a rebuild makes only the codes of new addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

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

    @property
    def made(self) -> dict[str, str]:
        """The codes this build put on its pages, by address."""
        return self._made

    def svg(self, url: str) -> str:
        """An inline <svg> encoding `url`; medium error correction survives a smudged printout."""
        svg = self._made.get(url)
        if svg is None:
            svg = self._made[url] = self._known.get(url) or _make(url)
        return svg

    def prepare(self, urls: list[str]) -> None:
        """Make the codes for many addresses at once, on every core when there are many."""
        self._made.update((url, self._known[url]) for url in urls if url in self._known)
        todo = list(dict.fromkeys(url for url in urls if url not in self._made))
        jobs = jobs_for(self._jobs, len(todo))
        if jobs <= 1:
            return  # made one by one as the pages ask
        chunk = max(1, min(256, len(todo) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=pool_context()) as pool:
            self._made.update(zip(todo, pool.map(_make, todo, chunksize=chunk), strict=True))
