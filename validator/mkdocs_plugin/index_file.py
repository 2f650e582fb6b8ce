"""Material's `search/search_index.json`, written a few hundred entries at a time instead of as one string.

Material's search plugin makes the whole index one JSON string, then that string's UTF-8 bytes, then writes them:
at 10 000 guides two copies of 350 MB beside the entries themselves, the build's peak of memory. `IndexFile` makes
the same bytes (material's `json.dumps` of each part, joined as `json.dumps` joins them) into a file beside the
index while material's `generate_search_index` runs, and returns "" for material to write; `move` then puts the
file in the index's place, after material's `on_post_build`. Under `mkdocs serve`'s dirty reload, where material
merges the last build's entries with this page's, material's own method runs as before.

A stored page's entries (page_cache.py) come as `Written`: the text this file would hold for them, put in as it is,
neither parsed when read nor encoded again (2–3 s of a rebuild at 10 000 guides).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

CHUNK = 200  # entries encoded and written at a time: under a MB of text, not the index
_FIELDS = ("lang", "separator", "pipeline", "fields")  # the index's `config`, as material's method takes it


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # material's settings


class Written(str):
    """A page's entries as the index file holds them: each entry's JSON, comma-separated ("" for none)."""


def written(entries: list[dict[str, Any]]) -> Written:
    return Written(",".join(map(_dumps, entries)))


def _plain(entries: list[Any]) -> list[Any]:
    """Entries as material's own method takes them: dictionaries."""
    found: list[Any] = []
    for entry in entries:
        found += json.loads(f"[{entry}]") if isinstance(entry, Written) else [entry]
    return found


class IndexFile:
    def __init__(self, index: Any, site_dir: Callable[[], str]) -> None:
        self.index = index  # material's SearchIndex
        self.site_dir = site_dir  # read when the index is written: the staging folder of this build
        self.written: str | None = None  # the file made in this build, until `move`
        self.material = index.generate_search_index
        index.generate_search_index = self.generate

    def generate(self, prev: Any) -> str:
        if prev:  # dirty reload: material merges the entries of the last build
            self.index.entries[:] = _plain(self.index.entries)
            return self.material(prev)
        folder = os.path.join(self.site_dir(), "search")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, ".search_index.json.part")
        config = {key: self.index.config[key] for key in _FIELDS}
        entries = self.index.entries
        with open(path, "w", encoding="utf-8") as out:
            out.write('{"config":' + _dumps(config) + ',"docs":[')
            first = True
            for start in range(0, len(entries), CHUNK):
                parts = [entry if isinstance(entry, Written) else _dumps(entry) for entry in entries[start:start + CHUNK]]
                text = ",".join(part for part in parts if part)
                if text:
                    out.write(text if first else "," + text)
                    first = False
            out.write("]}")
        self.written = path
        return ""

    def move(self) -> None:
        """Put the index made in this build in the place of the empty one material wrote (after its on_post_build)."""
        if self.written is not None:
            os.replace(self.written, os.path.join(os.path.dirname(self.written), "search_index.json"))
            self.written = None
