"""What a build keeps for the next one besides the rendered pages (page_cache.py): QR codes and guide pages.

Each is a map in one JSON file in the cache folder (`check/cache_files.py`, trusted as it is), stamped with
what its values depend on besides their keys, written atomically, and holding only the last build's values; a file
that is missing, damaged or from another stamp is read as empty, and a value not of its kind's shape is left out.

- QR codes by address (`QR_CODES`): a code is a pure function of the address, segno's version and site/qr.py; only
  the shape segno writes is taken, since a code goes into every page as markup.
- Guide pages by the key of what render_guide reads (`GUIDE_PAGES`, site/guide_page.py: `render_key`), and the
  权力清单's pages and downloads by theirs (site/power_list.py), stamped with this package's code.

A file is a pack, not JSON: the values' UTF-8 bytes one after the other, then a JSON index (the stamp, and each key
with its value's length in bytes), then where that index starts, in 20 digits (written last, so that no value waits
in memory for the index to be known). At 10 000 guides the guide pages are 370 MB: JSON took 1.0 s to read
and 0.9 s to write, every build. Read, the QR codes are decoded from their bytes (each is checked); the guide pages
are not read at all: each is a text in the pack (spool.py's `Spooled`, the pack a spool read from), read when the
build needs it, as a page made in this build is read from the build's spool. Decoded at once, they took a one-guide
rebuild 1.1 s and 0.5 GB at 10 000 guides. Written, a value that is the one read is copied from the file it was read
from (kept open until `close`, so a build that replaced it meanwhile changes nothing), and only the new ones are
encoded.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from ..check.cache_files import mark_ignored
from ..digests import code_stamp
from ..site import qr
from ..spool import Spool, Spooled

FORMAT = 3
_TRAILER = 20  # the last bytes of a pack: where its index starts, in digits
# What site/qr.py makes: one path of moves inside the svg element, nothing else.
_SHAPE = re.compile(r'<svg role="img" aria-label="本页网址二维码" width="\d+" height="\d+" class="segno"><title>本页网址二维码</title>'
                    r'<path transform="scale\(\d+\)" class="qrline" stroke="#000" d="[Mmhv0-9. -]+"/></svg>')


@dataclass(frozen=True)
class Kind:
    file: str
    stamp: Callable[[], str]
    valid: Callable[[str], bool] | None  # None: the values are taken unread, each a `Spooled` text in the pack


@cache
def _qr_stamp() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {importlib.metadata.version('segno')}\0".encode())
    h.update(Path(qr.__file__).read_bytes())
    return h.hexdigest()


QR_CODES = Kind("qr-codes.pack", _qr_stamp, lambda svg: _SHAPE.fullmatch(svg) is not None)
GUIDE_PAGES = Kind("guide-pages.pack", lambda: f"{FORMAT} {code_stamp()}", None)


class Stored(dict[str, "str | Spooled"]):
    """A map as read, with where each value's bytes are in the file it came from (`pack`, open until `close`: the
    values a kind takes unread are read from it meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.pack: Spool | None = None
        self.spans: dict[str, tuple[int, int]] = {}  # key → (offset, length) in it

    def close(self) -> None:
        if self.pack is not None:
            self.pack.close()
            self.pack = None


def load(folder: Path | None, kind: Kind) -> Stored:
    """The values stored for `kind`; empty when missing, damaged or of another stamp (a value not of the kind's shape
    is left out)."""
    stored = Stored()
    if folder is None:
        return stored
    try:
        pack = Spool(open(folder / kind.file, "rb"))
    except OSError:
        return stored
    try:
        index, start = _index(pack, kind)
        data = memoryview(pack.data(0, start)) if kind.valid is not None else None  # the values' bytes
    except (OSError, ValueError, TypeError, RecursionError):
        pack.close()
        return stored
    offset = 0
    for key, length in index:
        value = Spooled(pack, offset, length) if data is None else _decoded(data[offset:offset + length])  # in place: no copy
        if isinstance(key, str) and value is not None and (kind.valid is None or kind.valid(value)):  # type: ignore[arg-type]
            stored[key] = value
            stored.spans[key] = (offset, length)
        offset += length
    stored.pack = pack
    return stored


def _index(pack: Spool, kind: Kind) -> tuple[list[list], int]:
    """The pack's index, [key, length] in the order of the values, and where it starts (the values' bytes end there);
    ValueError when it is not one of `kind`'s stamp."""
    size = os.fstat(pack.file.fileno()).st_size
    trailer = pack.data(size - _TRAILER, _TRAILER) if size >= _TRAILER else b""
    start = int(trailer) if trailer.isdigit() else -1
    if not 0 <= start <= size - _TRAILER:
        raise ValueError("no pack's trailer")
    header = json.loads(pack.data(start, size - _TRAILER - start))
    index = header.get("index") if isinstance(header, dict) and header.get("stamp") == kind.stamp() else None
    if not isinstance(index, list) or sum(_length(entry) for entry in index) != start:
        raise ValueError("not this stamp's pack")
    return index, start


Value = str | tuple[str, ...] | Spooled  # a text, the parts it is made of one after the other (GuidePages.hold_body), or
# where it is kept (spool.py: its bytes are copied from there)


def save(folder: Path | None, kind: Kind, values: Mapping[str, Value], known: Stored) -> None:
    """Write this build's values, unless they are the ones read (`known`, which the caller closes when the build no
    longer reads a value from it)."""
    if folder is not None and values != known:
        _write(folder, kind, values, known)


def save_later(folder: Path | None, kind: Kind, values: Mapping[str, Value], known: Stored) -> threading.Thread:
    """`save` in a thread of its own, which the build joins before it ends: at 10 000 guides the guide pages are
    300 MB to write (~1 s), while the build goes on putting out pages. Neither `values` nor `known` may change
    meanwhile."""
    thread = threading.Thread(target=save, args=(folder, kind, values, known), name=f"save-{kind.file}")
    thread.start()
    return thread


def _write(folder: Path, kind: Kind, values: Mapping[str, Value], known: Stored) -> None:
    """Each value's bytes as they are made or copied (never all of them at once: 370 MB at 10 000 guides), then the
    index, then where it starts. The file is written and the known values are read many at a time: this runs in a
    thread beside the build, and each system call hands the interpreter to the build's thread, which keeps it up to
    its switch interval (5 ms) before this thread goes on (a cold build at 10 000 guides: the guide pages' pack took
    5.6 s, the QR codes' 4.3 s, written a value at a time; 1.9 s and 0.2 s so)."""
    index: list[list[object]] = []
    temporary = None
    try:
        mark_ignored(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{kind.file}-", suffix=".tmp")
        with os.fdopen(handle, "wb", buffering=_BATCH) as out:
            run = [0, 0]  # known values lying one after another in the file read: where they start, their length
            for key, value in values.items():
                span = known.spans.get(key) if known.pack is not None and known.get(key) is value else None
                if span is not None and run[1] and run[0] + run[1] == span[0] and run[1] < _BATCH:
                    run[1] += span[1]  # the run goes on
                else:
                    _copy(out, known, run)
                    run = [span[0], span[1]] if span is not None else [0, 0]
                if span is None:
                    data = _encoded(value)
                    out.write(data)
                index.append([key, len(data) if span is None else span[1]])
            _copy(out, known, run)
            start = out.tell()
            out.write(json.dumps({"stamp": kind.stamp(), "index": index}, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.write(b"%0*d" % (_TRAILER, start))
        os.replace(temporary, folder / kind.file)
    except OSError:  # a read-only checkout or a full disk: the next build makes the values again
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


_BATCH = 16 << 20  # bytes written, or copied from the file read, at a time


def _copy(out: BinaryIO, known: Stored, run: list[int]) -> None:
    """The known values of `run`, copied from the file they were read from."""
    if run[1]:
        out.write(known.pack.data(*run))  # type: ignore[union-attr]


def _encoded(value: Value) -> bytes:
    if isinstance(value, Spooled):
        return value.data()
    return (value if isinstance(value, str) else "".join(value)).encode("utf-8", "surrogatepass")


def _length(entry: object) -> int:
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], int) and entry[1] >= 0):
        raise ValueError("not an index entry")
    return entry[1]


def _decoded(data: memoryview) -> str | None:
    try:
        return str(data, "utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
