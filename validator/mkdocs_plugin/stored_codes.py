"""QR codes kept between builds: a rebuild makes only the codes of addresses it has not seen.

A code is a pure function of its address, the encoder and its settings; the store is `qr-codes.json` in the page
cache's folder (`summary_cache.cache_folder`, trusted as it is), stamped with segno's version and the code of
site/qr.py, written atomically, and holding only the codes of the last build. A store that is missing, damaged or
from another stamp is read as empty; a code that is not the shape segno writes is left out.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import tempfile
from pathlib import Path

from ..check.summary_cache import mark_ignored
from ..site import qr

FILE = "qr-codes.json"
FORMAT = 1
# What site/qr.py makes: one path of moves inside the svg element, nothing else.
_SHAPE = re.compile(r'<svg role="img" aria-label="本页网址二维码" width="\d+" height="\d+" class="segno"><title>本页网址二维码</title>'
                    r'<path transform="scale\(\d+\)" class="qrline" stroke="#000" d="[Mmhv0-9. -]+"/></svg>')


def stamp() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {importlib.metadata.version('segno')}\0".encode())
    h.update(Path(qr.__file__).read_bytes())
    return h.hexdigest()


def load(folder: Path | None) -> dict[str, str]:
    if folder is None:
        return {}
    try:
        data = json.loads((folder / FILE).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp() or not isinstance(data.get("codes"), dict):
        return {}
    return {url: svg for url, svg in data["codes"].items() if isinstance(svg, str) and _SHAPE.fullmatch(svg)}


def save(folder: Path | None, codes: dict[str, str], known: dict[str, str]) -> None:
    """Write this build's codes, unless they are the ones read (`known`)."""
    if folder is None or codes == known:
        return
    try:
        mark_ignored(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".qr-codes-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"stamp": stamp(), "codes": codes}, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, folder / FILE)
    except OSError:  # a read-only checkout: the next build makes the codes again
        pass
