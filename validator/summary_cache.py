"""Per-file summaries keyed by content hash, so a check of a few files need not parse the rest.

The cross-file rules read only a few fields of the other guides (`GUIDE_FIELDS`); a file whose
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
import json
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .git import blob_id
from .model import Contacts, Fees, Guide, Online, Result, TimeLimit

FOLDER = ".guides-cache"
FILE = "summaries.json"
FORMAT = 1

# The Guide fields the catalogue rules (X001–X004, rules/catalogue_wide.py) read, besides the
# path-derived id, department and source. A catalogue rule that reads another field must add it here.
GUIDE_FIELDS = ("name", "basic_code", "impl_code", "handle_code", "related")

# What a summarized guide holds in the fields no catalogue rule reads.
_BLANK: dict[str, Any] = dict(
    type="", level="", audience=(), summary="", basis=(), conditions=(), materials=(), process=(),
    time_limit=TimeLimit("", None, None), fees=Fees(False), locations=(), online=Online(""), visits=0,  # type: ignore[arg-type]
    result=Result("", ""), contacts=Contacts((), ()), status="", updated="",
)


def digest(raw: bytes) -> str:
    """The id git gives these bytes, so that a file unchanged since a revision needs no reading (`changed`)."""
    return blob_id(raw)


def summarize(guide: Guide | None) -> list[Any] | None:
    """The JSON-able facts a valid guide contributes to the catalogue; None for an invalid file."""
    if guide is None:
        return None
    return [list(v) if isinstance(v, tuple) else v for v in (getattr(guide, name) for name in GUIDE_FIELDS)]


def guide_from(summary: list[Any], id: str, department: str, source: str) -> Guide:
    """A Guide with the summarized fields filled and the rest blank: enough for the catalogue rules."""
    values = dict(zip(GUIDE_FIELDS, summary, strict=True))
    values["related"] = tuple(values["related"])
    return Guide(id=id, department=department, source=source, **values, **_BLANK)


@cache
def stamp() -> str:
    """What the summaries depend on besides the bytes: this package's loading code and the schemas."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {__version__}".encode())
    package = resources.files("validator")
    for name in ("loader.py", "yaml_strict.py", "schema_stage.py", "model.py", "summary_cache.py",
                 "schemas/guide.schema.json", "schemas/department.schema.json"):
        try:
            h.update(package.joinpath(name).read_bytes())
        except OSError:
            h.update(name.encode())
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
        if os.environ.get("GUIDES_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        from . import git

        top = git.toplevel(root if root.is_dir() else Path("."))
        if top is None:
            return cls(None)
        try:  # a cache committed to the repository could lie about the files it claims to summarize
            if git.run("ls-files", "--", FOLDER, cwd=top).strip():
                return cls(None)
        except Exception:
            return cls(None)
        return cls(top / FOLDER)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def get(self, key: str) -> tuple[bool, list[Any] | None]:
        """(found, summary)."""
        if key in self.entries:
            self.used.add(key)
            return True, self.entries[key]
        return False, None

    def put(self, key: str, summary: list[Any] | None) -> None:
        if self.folder is None:
            return
        self.used.add(key)
        if self.entries.get(key, ...) != summary:
            self.entries[key] = summary
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
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# guides check 的缓存，可随时删除\n*\n", encoding="utf-8")
            payload = json.dumps({"stamp": stamp(), "entries": self.entries}, ensure_ascii=False, separators=(",", ":"))
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".summaries-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
            os.replace(temporary, self.folder / FILE)
        except OSError:  # a read-only checkout: the next run simply parses again
            pass


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nesting too deep for the parser ("[[[[…")
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp() or not isinstance(data.get("entries"), dict):
        return {}
    # Check each entry's shape, so that a damaged file can never break the rules that read it.
    return {key: value for key, value in data["entries"].items() if value is None or _well_formed(value)}


def _well_formed(value: Any) -> bool:
    if not isinstance(value, list) or len(value) != len(GUIDE_FIELDS):
        return False
    name, basic_code, impl_code, handle_code, related = value
    return (isinstance(name, str) and isinstance(basic_code, str)
            and all(code is None or isinstance(code, str) for code in (impl_code, handle_code))
            and isinstance(related, list) and all(isinstance(r, str) for r in related))
