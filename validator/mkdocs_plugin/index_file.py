"""Material's `search/search_index.json`, written a few hundred entries at a time instead of as one string.

Material's search plugin makes the whole index one JSON string, then that string's UTF-8 bytes, then writes them:
at 10 000 guides two copies of 350 MB beside the entries themselves, the build's peak of memory. `IndexFile` makes
the same bytes (material's `json.dumps` of each part, joined as `json.dumps` joins them) into a file beside the
index while material's `generate_search_index` runs, and returns "" for material to write; `move` then puts the
file in the index's place, after material's `on_post_build`. Under `mkdocs serve`'s dirty reload, where material
merges the last build's entries with this page's, material's own method runs, given both builds' entries as the
dictionaries it reads, the last build's entries of every page put out again left out.

Each page's entries join the index as `Written`, the text this file holds for them, made once for both this file and
the page's store file (page_cache.py), whose text is put in as it is, neither parsed when read nor encoded again
(2–3 s of a rebuild at 10 000 guides). Where each page's text lies in the file is noted (`spans`): a page whose file a
later build keeps as it is (kept_pages.py) joins that build's index as a `Span` of this file, copied from it as bytes,
without its store file being read.

Until the index is written, each page's entries wait in a spool file (`spool`, a spool.Spool: `Waiting` for them in
material's list), not in memory: at 10 000 guides they are 330 MB, held from the first page put out to the last. Not under a
dirty reload, whose next build hands material this build's entries to merge.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from mkdocs.exceptions import PluginError

from ..spool import Spool
from .spare_site import unshare

BUFFER = 1 << 20  # bytes written at a time
NAME = "search_index.json"  # in the site's search/ folder
_FIELDS = ("lang", "separator", "pipeline", "fields")  # the index's `config`, as material's method takes it


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # material's settings


class Written(str):
    """A page's entries as the index file holds them: each entry's JSON, comma-separated ("" for none); `page`: the
    page's file in the site, once they join the index."""

    page: str | None = None


class Span(NamedTuple):
    """A page's entries as the index file in the folder this build writes over holds them (`IndexFile.spans`), and the
    page's store file, read should that file not hold them after all."""

    offset: int
    length: int
    page: str
    stored: Callable[[], Written | None]


class Waiting(NamedTuple):
    """Where a page's entries wait in this build's spool file (`IndexFile.spool`)."""

    offset: int
    length: int
    page: str | None


def written(entries: list[dict[str, Any]]) -> Written:
    return Written(",".join(map(_dumps, entries)))


def _plain(entries: list[Any]) -> list[Any]:
    """Entries as material's own method takes them: dictionaries (`mkdocs serve --dirty` writes over no spare: no
    `Span`)."""
    found: list[Any] = []
    for entry in entries:
        found += json.loads(f"[{entry}]") if isinstance(entry, Written) else [entry]
    return found


class IndexFile:
    def __init__(self, index: Any, site_dir: Callable[[], str], *, spooling: bool = True) -> None:
        self.index = index  # material's SearchIndex
        self.spooling = spooling
        self.site_dir = site_dir  # read when the index is written: the staging folder of this build
        self.written: str | None = None  # the file made in this build, until `move`
        self.spans: dict[str, tuple[int, int]] = {}  # a page's file in the site → where its entries are in that file
        self.spooled: Spool | None = None  # once a page's entries wait in it
        self.material = index.generate_search_index
        index.generate_search_index = self.generate

    def spool(self, entries: Written) -> Written | Waiting:
        """`entries` put in the spool file until the index is written; what stands for them in material's list."""
        if not self.spooling:
            return entries
        if self.spooled is None:
            self.spooled = Spool()
        return Waiting(*self.spooled.write(entries), entries.page)  # ASCII: its UTF-8 bytes are the index file's

    def close(self) -> None:
        """The build is over (or failed): the spool file goes."""
        if self.spooled is not None:
            self.spooled.close()
            self.spooled = None

    def generate(self, prev: Any) -> str:
        try:
            return self._generate(prev)
        finally:
            self.close()

    def _generate(self, prev: Any) -> str:
        if prev:  # dirty reload: material merges the entries of the last build, which are this file's too
            self.index.entries[:] = _plain(self.index.entries)  # not spooled under a dirty reload
            # Material drops the last build's entries of one page, the first it indexed (a reload of one edited page);
            # every generated page is put out again: the last build's entries of all of them go.
            again = {entry["location"].split("#")[0] for entry in self.index.entries}
            prev.entries[:] = [entry for entry in _plain(prev.entries) if entry["location"].split("#")[0] not in again]
            return self.material(prev)
        folder = os.path.join(self.site_dir(), "search")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, ".search_index.json.part")
        config = {key: self.index.config[key] for key in _FIELDS}
        with open(path, "wb", buffering=BUFFER) as out, _opened(os.path.join(folder, NAME)) as previous:
            out.write(b'{"config":' + _dumps(config).encode("ascii") + b',"docs":[')
            first = True
            for entry in self.index.entries:
                data = self._waited(entry) if isinstance(entry, Waiting) else _bytes(entry, previous)
                if data and not first:
                    out.write(b",")
                first = first and not data
                page = entry.page if isinstance(entry, (Written, Span, Waiting)) else None
                if page is not None:  # a page without entries too (one left out of search): its store file need not be read
                    self.spans[page] = (out.tell(), len(data))
                out.write(data)
            out.write(b"]}")
        unshare(os.path.join(folder, NAME))  # material writes the file in place next: not the live site's through a link
        self.written = path
        return ""

    def _waited(self, entry: Waiting) -> bytes:
        assert self.spooled is not None
        return self.spooled.data(entry.offset, entry.length)

    def move(self) -> None:
        """Put the index made in this build in the place of the empty one material wrote (after its on_post_build)."""
        if self.written is not None:
            os.replace(self.written, os.path.join(os.path.dirname(self.written), NAME))
            self.written = None


def _bytes(entry: Any, previous: int | None) -> bytes:
    """An entry's text in the file: JSON escapes all but ASCII."""
    if isinstance(entry, Span):
        data = os.pread(previous, entry.length, entry.offset) if previous is not None else b""
        if len(data) == entry.length and _whole(data):
            return data
        stored = entry.stored()  # the file was not what its record says after all
        if stored is None:
            raise PluginError(f"页面 {entry.page} 的搜索条目读不到了：上次的网站或页面缓存在构建时被改动了。请重新构建。")
        return stored.encode("ascii")
    return (entry if isinstance(entry, Written) else _dumps(entry)).encode("ascii")


def _whole(data: bytes) -> bool:
    """Whether `data` looks like a page's entries, whole: JSON objects, from the first's start to the last's end."""
    return not data or (data[:1] == b"{" and data[-1:] == b"}")


@contextmanager
def _opened(path: str) -> Iterator[int | None]:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        yield None
        return
    try:
        yield descriptor
    finally:
        os.close(descriptor)
