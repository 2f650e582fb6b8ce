"""Each guide's check result kept between site builds: a rebuild checks again only the files that changed.

The site build checks the whole catalogue every time, and renders from every guide's model; the summaries of
`guides check` (summary_cache.py) are too little for that. Here each guide that loaded is stored whole: its
diagnostics (load, schema and names, the guide rules' findings, and what its suppression markers did), the data it
was modelled from, and what the guide rules read of the file system (M804, M805: `materials.file_facts`), which is
looked at again before an entry is used. The catalogue rules always run, over every guide.

An entry is found by the file's display path and bytes; the store is stamped with all else a result depends on
(`run_stamp`): this package's code and data, the configuration, the rules, today's date, the department profiles, the
catalogue's list of guides and its law registry. So a new day, a changed profile or setting, or a guide added or
removed starts the store afresh; a changed guide is checked again alone.

The store is `results.jsonl` in `.guides-cache/` (check/cache_files.py, trusted as the other stores are): its stamp
on the first line, then one line per entry, `key<TAB>JSON`, parsed only when used; an entry used again is written
back as it was read. A line that cannot be used is a miss. GUIDES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..digests import canonical_json, files_digest, package_stamp
from ..model import Guide, GuideSummary
from ..rules.base import Context, RuleSet
from ..rules.materials import file_facts
from .cache_files import mark_ignored
from .config import Config
from .file_check import FileResult, guide_id
from .suppressions import Suppressed

FILE = "results.jsonl"
FORMAT = 1
_FIELDS = tuple(f.name for f in dataclasses.fields(Diagnostic))


def run_stamp(config: Config, context: Context, rules: RuleSet) -> str:
    """All a guide's check result depends on besides its own bytes and path."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{package_stamp()}\0".encode())
    h.update(canonical_json([dataclasses.asdict(config), [f"{rule.doc.code} {rule.check.__module__}.{rule.check.__qualname__}" for rule in rules.rules]]))
    h.update(canonical_json([str(context.root), context.today.isoformat(), context.compression_target, context.stale_days,
                         {name: dataclasses.asdict(d) for name, d in context.departments.items()}, dict(context.profiles),
                         sorted(context.reported) if context.reported is not None else None, sorted(context.guide_ids)]))
    h.update(files_digest([config.laws]).encode())  # the catalogue's own law registry; the shipped one is package data
    return h.hexdigest()


class ResultCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.stamp: str | None = None
        self.stored: dict[str, str] = {}  # key → its entry's JSON, as read
        self.kept: dict[str, str] = {}  # this run's entries, to be written
        self.reused = 0

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def start(self, stamp: str) -> None:
        """The run's stamp is known (once the profiles are checked): read the entries made under the same one."""
        self.stamp = stamp
        if self.folder is not None:
            self.stored = _read(self.folder / FILE, stamp)

    def get(self, path: Path, shown: str, digest: str, requested: bool, context: Context, keep_model: bool) -> FileResult | None:
        """The stored result of this file as it is now; None when there is none, or it cannot be used."""
        key = _key(shown, digest, requested)
        line = self.stored.get(key)
        if line is None:
            return None
        try:
            result = _result(json.loads(line), path, shown, digest, context, keep_model)
        except Exception:  # noqa: BLE001 - a damaged entry of any shape is a miss, never a failed build
            return None
        if result is not None:
            self.kept[key] = line
            self.reused += 1
        return result

    def put(self, result: FileResult, requested: bool) -> None:
        """A guide just checked (with its model), stored for the next run."""
        guide = result.guide
        if self.folder is None or result.kind != "guide" or guide is None:
            return
        entry = {"diagnostics": [_diagnostic(d) for d in result.diagnostics], "rules": [_diagnostic(d) for d in result.rules],
                 "finished": None if result.finished is None else [[_diagnostic(d) for d in result.finished[0]],
                                                                    [[_diagnostic(s.diagnostic), s.reason] for s in result.finished[1]]],
                 "data": guide.data, "accepted": result.accepted, "missing": None if guide.complete else list(guide.missing),
                 "files": file_facts(guide)}
        self.kept[_key(result.shown, result.digest, requested)] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))

    def save(self) -> None:
        """Write this run's entries (only those: a file gone or changed takes its entry with it), unless they are the
        ones read; then let go of them (90 MB at 10 000 guides, which the build would otherwise hold to its end)."""
        kept, self.kept, unchanged = self.kept, {}, self.kept == self.stored
        self.stored = {}
        if self.folder is None or self.stamp is None or unchanged:
            return
        try:
            mark_ignored(self.folder)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{FILE}-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
                out.write(json.dumps({"stamp": self.stamp}) + "\n")
                out.writelines(f"{key}\t{line}\n" for key, line in kept.items())
            os.replace(temporary, self.folder / FILE)
        except OSError:  # a read-only checkout or a full disk: the next run checks every file again
            pass


def _key(shown: str, digest: str, requested: bool) -> str:
    return hashlib.blake2b(f"{shown}\0{digest}\0{requested:d}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _read(path: Path, stamp: str) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8", errors="surrogatepass")
    except (OSError, ValueError):
        return {}
    lines = text.split("\n")
    try:
        if json.loads(lines[0]).get("stamp") != stamp:
            return {}
    except (ValueError, AttributeError, RecursionError):
        return {}
    stored = {}
    for line in lines[1:]:
        key, tab, entry = line.partition("\t")
        if tab:
            stored[key] = entry
    return stored


def _result(entry: dict[str, Any], path: Path, shown: str, digest: str, context: Context, keep_model: bool) -> FileResult | None:
    id, department = guide_id(path)
    missing = entry["missing"]
    guide = Guide.of(id, department, shown, _mapping(entry["data"]), profile=context.departments.get(department),
                     accepted=None if entry["accepted"] is None else _mapping(entry["accepted"]),
                     missing=None if missing is None else tuple(map(str, missing)))
    if file_facts(guide) != entry["files"]:  # a referenced file came, went or moved: the rules must look again
        return None
    finished = entry["finished"]
    return FileResult(path, shown, "guide", digest, [_restored(d) for d in entry["diagnostics"]],
                      guide=guide if keep_model else None, summary=GuideSummary.of(guide),
                      rules=[_restored(d) for d in entry["rules"]],
                      finished=None if finished is None else ([_restored(d) for d in finished[0]],
                                                              [Suppressed(_restored(d), str(reason)) for d, reason in finished[1]]),
                      accepted=entry["accepted"])


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("not a mapping")
    return value


def _diagnostic(diagnostic: Diagnostic) -> list[Any]:
    return [getattr(diagnostic, name) for name in _FIELDS]


def _restored(values: list[Any]) -> Diagnostic:
    fields = dict(zip(_FIELDS, values, strict=True))
    fields["severity"] = Severity(fields["severity"])
    return Diagnostic(**fields)
