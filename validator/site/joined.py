"""A long generated text kept as the parts it is made of, joined only where it is written (`Joined`).

api/guides.json is every guide's open data one after another: 100 MB at 10 000 guides, held from the moment it was
made until mkdocs writes it, beside the guides' own files that hold the same texts. As parts, it is the texts those
files hold already, cut and written one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


class Joined:
    def __init__(self, parts: Callable[[], Iterable[str]]) -> None:
        """`parts`: makes the parts, afresh each time it is called (the text is keyed, then written)."""
        self._parts = parts

    def parts(self) -> Iterator[str]:
        yield from self._parts()

    def __str__(self) -> str:
        return "".join(self.parts())

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, Joined) else other)

    __hash__ = None  # type: ignore[assignment]  # a value, compared by its text
