"""What a build keeps for the next one besides the rendered pages (page_cache.py): QR codes and guide pages.

Each is a map in one JSON file in the cache folder (`check/cache_files.py`, trusted as it is), stamped with
what its values depend on besides their keys, written atomically, and holding only the last build's values; a file
that is missing, damaged or from another stamp is read as empty, and a value not of its kind's shape is left out.

- QR codes by address (`QR_CODES`): a code is a pure function of the address, segno's version and site/qr.py; only
  the shape segno writes is taken, since a code goes into every page as markup.
- Guide pages by the key of what render_guide reads (`GUIDE_PAGES`, site/guide_page.py: `render_key`), and the
  权力清单's pages and downloads by theirs (site/power_list.py), stamped with this package's code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..check.cache_files import read_stamped, write_stamped
from ..digests import code_stamp
from ..site import qr

FORMAT = 1
# What site/qr.py makes: one path of moves inside the svg element, nothing else.
_SHAPE = re.compile(r'<svg role="img" aria-label="本页网址二维码" width="\d+" height="\d+" class="segno"><title>本页网址二维码</title>'
                    r'<path transform="scale\(\d+\)" class="qrline" stroke="#000" d="[Mmhv0-9. -]+"/></svg>')


@dataclass(frozen=True)
class Kind:
    file: str
    stamp: Callable[[], str]
    valid: Callable[[str], bool]


@cache
def _qr_stamp() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {importlib.metadata.version('segno')}\0".encode())
    h.update(Path(qr.__file__).read_bytes())
    return h.hexdigest()


QR_CODES = Kind("qr-codes.json", _qr_stamp, lambda svg: _SHAPE.fullmatch(svg) is not None)
GUIDE_PAGES = Kind("guide-pages.json", lambda: f"{FORMAT} {code_stamp()}", lambda page: True)


def load(folder: Path | None, kind: Kind) -> dict[str, str]:
    if folder is None:
        return {}
    values = read_stamped(folder / kind.file, kind.stamp(), "values")
    return {key: value for key, value in values.items() if isinstance(value, str) and kind.valid(value)}


def save(folder: Path | None, kind: Kind, values: dict[str, str], known: dict[str, str]) -> None:
    """Write this build's values, unless they are the ones read (`known`)."""
    if folder is not None and values != known:
        write_stamped(folder, kind.file, kind.stamp(), "values", values)
