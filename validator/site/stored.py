"""Texts an earlier build made, taken again where all they read is the same: the `Stored` callable a renderer is given
(guide_page.GuidePages.page, whose store mkdocs_plugin/stored_maps.py keeps), and the keys renderers make for it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping

from ..model import open_data_fields

Stored = Callable[[str, Callable[[], str]], str]  # (key, make) → the text stored under key, or make()'s


def stored_key(kind: str, parts: object) -> str:
    """The key of a text of `kind` made from `parts` (all it reads besides code; models as their open data)."""
    return f"{kind}:" + text_digest(json.dumps(parts, ensure_ascii=False, default=open_data_fields))


def text_digest(text: str) -> str:
    """What a key holds of a long text (a guide's open data): escaping it into every key that reads it would cost more
    than the rest of the key."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def of_model(stored: Stored | None, models: Mapping[str, str] | None, guide_id: str, kind: str, parts: list[object],
             make: Callable[[], str]) -> str:
    """A text of `kind` made from one guide (`make`), or the one an earlier build made where all it reads is the same:
    the guide's model (`models`: each guide's open-data digest by id) and `parts`. Without a store, made."""
    if stored is None or models is None:
        return make()
    return stored(stored_key(kind, [models[guide_id], *parts]), make)

