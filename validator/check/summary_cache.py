"""Per-file summaries keyed by content hash, so a check of a few files need not parse the rest.

The cross-file rules read only a few fields of the other guides (`model.GuideSummary`); a file whose
bytes were seen before contributes those fields from the cache. Only content-derived facts are
stored (validity and those fields), never a path: the listing of files is always fresh, so added,
renamed and deleted files are seen as they are now.

Keys are git blob ids, so the files unchanged since a revision are looked up from `git ls-tree`
without being read. The cache is a JSON file (not pickle: the folder lies in the work tree a pull request can write
to) in `.guides-cache/` at the repository's root, written atomically. A missing, unreadable,
corrupt or outdated cache is ignored and rebuilt; one that git tracks is not trusted.
`GUIDES_NO_CACHE=1` switches it off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..git import blob_id
from ..model import PLACE_FIELDS, GuideSummary
from ..standard.schemas import SCHEMA_FILES, shipped_path
from .cache_files import cache_folder, read_stamped, write_stamped

FILE = "summaries.json"
FORMAT = 1

# What a guide's cache entry holds: its summary's fields but for those that come from the path, in order.
GUIDE_FIELDS = tuple(f.name for f in fields(GuideSummary) if f.name not in PLACE_FIELDS)

# How an entry's value is checked, by the field's type: a damaged file must never break the rules that read it.
_SHAPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "str | None": lambda v: v is None or isinstance(v, str),
    "tuple[str, ...]": lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
}
_FIELD_SHAPES = tuple(_SHAPES[str(f.type)] for f in fields(GuideSummary) if f.name in GUIDE_FIELDS)  # KeyError: add the type


def digest(raw: bytes) -> str:
    """The id git gives these bytes, so that a file unchanged since a revision needs no reading (`changed_since`)."""
    return blob_id(raw)


def to_json(summary: GuideSummary | None) -> list[Any] | None:
    """A cache entry: the summary's content fields; None for a file that did not load."""
    if summary is None:
        return None
    return [list(v) if isinstance(v, tuple) else v for v in (getattr(summary, name) for name in GUIDE_FIELDS)]


def from_json(values: list[Any], id: str, department: str, source: str) -> GuideSummary:
    """The summary of a cached guide, placed at its path."""
    content = {name: tuple(v) if isinstance(v, list) else v for name, v in zip(GUIDE_FIELDS, values, strict=True)}
    return GuideSummary(id=id, department=department, source=source, **content)


def stamp_sources() -> list[Path]:
    """What the summaries depend on besides the bytes: the code that loads, validates and models a file (this
    folder, the standard's, the model) and the schemas; any change to them makes the cache start afresh."""
    package = Path(__file__).resolve().parents[1]
    return [*sorted(package.glob("check/*.py")), *sorted(package.glob("standard/*.py")), package / "model.py",
            package / "diagnostics.py", *(shipped_path(kind) for kind in SCHEMA_FILES)]


@cache
def stamp() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {__version__}".encode())
    for source in stamp_sources():
        h.update(source.read_bytes())
    return h.hexdigest()


class SummaryCache:
    """Guide summaries by content digest, loaded once and saved once per run. (Department profiles,
    a few dozen files, are always read: the guide rules need them whole.)"""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if folder is not None:
            self.entries = _read(folder / FILE)

    @classmethod
    def for_root(cls, root: Path) -> SummaryCache:
        """The cache of the git repository holding `root`; a disabled one outside git or with GUIDES_NO_CACHE=1."""
        return cls(cache_folder(root))

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def get(self, key: str) -> tuple[bool, list[Any] | None]:
        """(found, entry): the entry is None for a file that did not load (`from_json` places the others)."""
        if key in self.entries:
            self.used.add(key)
            return True, self.entries[key]
        return False, None

    def put(self, key: str, summary: GuideSummary | None) -> None:
        if self.folder is None:
            return
        self.used.add(key)
        entry = to_json(summary)
        if self.entries.get(key, ...) != entry:
            self.entries[key] = entry
            self.changed = True

    def save(self, *, prune: bool) -> None:
        """Write if anything changed; with `prune`, keep only the entries this run saw (the whole catalogue was listed)."""
        if self.folder is None:
            return
        if prune and len(self.used) < len(self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
            self.changed = True
        if not self.changed:
            return
        write_stamped(self.folder, FILE, stamp(), "entries", self.entries)


def _read(path: Path) -> dict[str, Any]:
    # Check each entry's shape, so that a damaged file can never break the rules that read it.
    return {key: value for key, value in read_stamped(path, stamp(), "entries").items() if value is None or _well_formed(value)}


_MISSING = GUIDE_FIELDS.index("missing")


def _well_formed(value: Any) -> bool:
    """The shape the summary's fields have; a partial guide's may be None where its `missing` names the element."""
    if not (isinstance(value, list) and len(value) == len(GUIDE_FIELDS) and _FIELD_SHAPES[_MISSING](value[_MISSING])):
        return False
    missing = value[_MISSING]
    return all(shape(item) or (item is None and name in missing)
               for name, shape, item in zip(GUIDE_FIELDS, _FIELD_SHAPES, value, strict=True))
