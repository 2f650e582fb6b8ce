"""QR codes as inline SVG (segno: pure Python, no image files, sharp at any print size).

segno picks the best of the eight mask patterns for each code, which is most of its ~15 ms per code:
for a big catalogue `prepare` makes all codes up front on every core (the same codes, byte for byte).
The codes belong to one `QrCodes`, which lives as long as one build.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import segno

from ..check.workers import jobs_for, pool_context


def _make(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, title="本页网址二维码")
    return svg.replace("<svg ", '<svg role="img" aria-label="本页网址二维码" ', 1)


class QrCodes:
    """The codes of one build, each made once."""

    def __init__(self) -> None:
        self._made: dict[str, str] = {}

    def svg(self, url: str) -> str:
        """An inline <svg> encoding `url`; medium error correction survives a smudged printout."""
        svg = self._made.get(url)
        if svg is None:
            svg = self._made[url] = _make(url)
        return svg

    def prepare(self, urls: list[str]) -> None:
        """Make the codes for many addresses at once, on every core when there are many."""
        todo = list(dict.fromkeys(url for url in urls if url not in self._made))
        jobs = jobs_for(None, len(todo))
        if jobs <= 1:
            return  # made one by one as the pages ask
        chunk = max(1, min(256, len(todo) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=pool_context()) as pool:
            self._made.update(zip(todo, pool.map(_make, todo, chunksize=chunk), strict=True))
