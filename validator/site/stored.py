"""Texts an earlier build made, taken again where all they read is the same: the `Stored` callable a renderer is given
(guide_page.GuidePages.page, whose store mkdocs_plugin/stored_maps.py keeps), and the keys renderers make for it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from ..model import open_data_fields
from ..spool import Spooled

Stored = Callable[[str, Callable[[], str]], str]  # (key, make) → the text stored under key, or make()'s
# … or where the stored text is, unread (GuidePages.whole): for a page or file taken as a whole
Whole = Callable[[str, Callable[[], str]], "str | Spooled"]
T = TypeVar("T", bound="str | Spooled")


def stored_key(kind: str, parts: object) -> str:
    """The key of a text of `kind` made from `parts` (all it reads besides code; models as their open data)."""
    return f"{kind}:" + text_digest(json.dumps(parts, ensure_ascii=False, default=open_data_fields))


def text_digest(text: str | Spooled) -> str:
    """What a key holds of a long text (a guide's open data): escaping it into every key that reads it would cost more
    than the rest of the key."""
    data = text.data() if isinstance(text, Spooled) else text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def of_model(stored: Callable[[str, Callable[[], str]], T] | None, models: Mapping[str, str] | None, guide_id: str, kind: str,
             parts: list[object], make: Callable[[], str]) -> T | str:
    """A text of `kind` made from one guide (`make`), or the one an earlier build made where all it reads is the same:
    the guide's model (`models`: each guide's open-data digest by id) and `parts`. Without a store, made."""
    if stored is None or models is None:
        return make()
    return stored(stored_key(kind, [models[guide_id], *parts]), make)

