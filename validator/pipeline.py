"""One run over a catalogue: load → schema → model → rules → config and suppressions.

Checking a few files still loads the whole catalogue root, so that cross-file rules see
every guide; only the requested files' problems are reported.

The per-file part (load, schema, model, guide rules) runs in `file_check`, on every core for
many files (`parallel`); department profiles go first, since the guide rules read them. The
catalogue rules then run here over all models. Files that are only context may come from the
summary cache (`summary_cache`) when their bytes have been seen before.
"""

from __future__ import annotations

import datetime
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalogue import PROFILE_NAME, discover, display_path, inside, kind_of, outside_link, read
from .config import Config
from .diagnostics import Diagnostic, bounded, sort_key
from .file_check import FileChecker, FileResult, Settings, guide_id, wanted
from .loader import Document, LoadFailed, load
from .model import Catalogue, Department, Guide
from .parallel import check_all, jobs_for
from .registry import CodeDoc, get
from .report import CheckReport
from .rules import Context, Finding, load_rules
from .schema_stage import SchemaStage
from .summary_cache import SummaryCache, digest, guide_from
from .suppressions import Suppressed, apply, bounded_suppressed

__all__ = ["CheckRun", "check_catalogue", "check_paths", "guide_id"]


@dataclass(frozen=True)
class CheckRun(CheckReport):
    """What `guides check` reports, plus the model the site and the assessment read."""

    catalogue: Catalogue = field(default_factory=Catalogue)
    schema_version: str = ""


def check_catalogue(root: Path = Path("guides"), config: Config | None = None, *, jobs: int | None = None) -> CheckRun:
    """Check a whole catalogue root (the site build's entry point)."""
    return check_paths(None, replace(config or Config(), root=root), jobs=jobs)


def check_paths(paths: list[str] | None, config: Config, *, jobs: int | None = None, full_models: bool = True,
                cache: SummaryCache | None = None, known: dict[str, str] | None = None) -> CheckRun:
    """Check the given files and folders (default: the catalogue root) against the whole catalogue.

    `jobs`: processes (None: every core for many files). `full_models=False` keeps only what the
    catalogue rules read of each guide in `CheckRun.catalogue` (what `guides check` needs); then
    context files whose bytes `cache` has seen are not parsed again. `known`: path → digest of
    files whose digest is known without reading them (from git).
    """
    # Without paths the root itself is requested, and a missing root is a usage error.
    regular: set[Path] = set()
    links: list[Path] = []
    context_files = discover([str(config.root)], regular, None if paths else links) if config.root.is_dir() or not paths else []
    requested = discover(paths, links=links) if paths else context_files
    real = _Resolver(regular)
    requested = list({real(path): path for path in requested}.values())  # the same file named twice
    files = _files_to_load(requested, context_files, config.root, real)
    refused = _links_out(files, links, config.root, paths or [], real)
    requested += [path for path in refused if path not in files]  # a linked folder, reported at its profile
    files += [path for path in refused if path not in files]
    with _gc_paused():
        return _check(files, {display_path(p) for p in requested}, len(requested), config, jobs, full_models,
                      cache if cache is not None and not full_models else None, known or {}, refused)


def _links_out(files: list[Path], folders: list[Path], root: Path, named: list[str], real: _Resolver) -> dict[Path, str]:
    """The files (and the profiles of symlinked folders) never to be read, because a symlink takes them outside
    the catalogue root (or outside the folder named on the command line they were found in): path → what it is."""
    bounds = [(str(root), os.path.realpath(root))]
    bounds += [(name, os.path.realpath(name)) for name in named if os.path.isdir(name) and not inside(name, root)]

    def escapes(path: Path, target: str) -> bool:
        bound = next((base for folder, base in bounds if inside(path, folder)), None)
        return bound is not None and not inside(target, bound)

    refused = {path: "文件" for path in files if escapes(path, real(path))}
    refused.update({folder / PROFILE_NAME: "部门文件夹" for folder in folders if escapes(folder, os.path.realpath(folder))})
    return refused


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The models pile up during a run and hold no cycles; the collector rescanning them made a big run ~4× slower."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(files: list[Path], wanted_files: set[str], count: int, config: Config, jobs: int | None,
           full_models: bool, cache: SummaryCache | None, known: dict[str, str], refused: dict[Path, str]) -> CheckRun:
    shown = {path: display_path(path) for path in files}
    settings = Settings(config, config.root, datetime.date.today(), full_models=full_models)

    # Files a symlink takes outside the catalogue are never read (not even hashed).
    results: dict[Path, FileResult] = {path: FileResult(path, shown[path], kind_of(path), "", [outside_link(shown[path], what)])
                                       for path, what in refused.items()}
    # Department profiles first, in this process: the guide rules need them.
    profiles_checker = FileChecker(settings)
    for path in files:
        if kind_of(path) == "department" and path not in results:
            results[path] = profiles_checker.check(path, shown[path], shown[path] in wanted_files)
    departments: dict[str, Department] = {}
    profiles: dict[str, str] = {}
    for result in results.values():
        profiles[result.path.parent.name] = result.shown
        if isinstance(result.model, Department):
            departments[result.path.parent.name] = result.model
    settings = replace(settings, departments=departments, profiles=profiles)

    todo: list[tuple[Path, str, bool]] = []
    for path in files:
        if path in results:
            continue
        requested = shown[path] in wanted_files
        if cache is not None and not requested:
            found = _cached(path, shown[path], cache, known.get(str(path)))
            if found is not None:
                results[path] = found
                continue
        todo.append((path, shown[path], requested))
    for result in check_all(todo, settings, jobs_for(jobs, len(todo))):
        results[result.path] = result
        if cache is not None and result.kind == "guide":
            cache.put(result.digest, result.summary)
    if cache is not None:
        cache.save(prune=True)

    ordered = [results[path] for path in files]
    catalogue = Catalogue()
    for result in ordered:
        if isinstance(result.model, Department):
            catalogue.departments[result.path.parent.name] = result.model
        elif isinstance(result.model, Guide):
            catalogue.guides.append(result.model)
    context = Context(catalogue, config.root, today=settings.today, compression_target=config.compression_target,
                      stale_days=config.stale_days, profiles=profiles, reported=frozenset(wanted_files),
                      guide_ids=frozenset(guide_id(path)[0] for path in files if kind_of(path) == "guide"))
    diagnostics = [d for r in ordered if r.shown in wanted_files for d in r.diagnostics]
    kept, suppressed = _finish(ordered, _catalogue_findings(catalogue, context, wanted_files, config), wanted_files, config)
    diagnostics += kept
    return CheckRun(diagnostics=bounded(sorted(diagnostics, key=sort_key)), files=count,
                    suppressed=bounded_suppressed(sorted(suppressed, key=lambda s: sort_key(s.diagnostic))), catalogue=catalogue,
                    schema_version=SchemaStage().version, paths=sorted(wanted_files))


def _cached(path: Path, shown: str, cache: SummaryCache, key: str | None) -> FileResult | None:
    """A context guide from the cache, if its bytes were summarized before."""
    key = key or digest(read(path, shown))
    found, summary = cache.get(key)
    if not found:
        return None
    result = FileResult(path, shown, "guide", key, [])  # an invalid one is no part of the catalogue
    if summary is not None:
        id, department = guide_id(path)
        result.summary, result.model = summary, guide_from(summary, id, department, shown)
    return result


def _catalogue_findings(catalogue: Catalogue, context: Context, wanted_files: set[str],
                        config: Config) -> dict[str, list[tuple[str, Finding]]]:
    """(code, finding) by requested file, for every catalogue rule."""
    out: dict[str, list[tuple[str, Finding]]] = {}
    for rule in load_rules():
        if rule.scope != "catalogue" or not config.enabled(rule.doc.code):
            continue
        for finding in rule.check(catalogue, context):
            assert finding.source is not None, rule.doc.code
            # Ignored findings are dropped before suppression, so a marker never counts them as used.
            if finding.source in wanted_files and wanted(finding.source, rule.doc.code, config):
                out.setdefault(finding.source, []).append((rule.doc.code, finding))
    return out


def _finish(ordered: list[FileResult], findings: dict[str, list[tuple[str, Finding]]], wanted_files: set[str],
            config: Config) -> tuple[list[Diagnostic], list[Suppressed]]:
    """Every requested valid file's rule problems after its suppression markers and the configuration."""
    for result in ordered:  # a guide rule's finding in another file (none does so today)
        for code, finding in result.foreign:
            if finding.source in wanted_files and wanted(finding.source or "", code, config):
                findings.setdefault(finding.source or "", []).append((code, finding))
    kept: list[Diagnostic] = []
    suppressed: list[Suppressed] = []
    done: set[str] = set()
    for result in sorted(ordered, key=lambda r: r.shown):  # every checked file, so that unused markers are reported too
        if result.shown not in wanted_files or not result.valid or result.shown in done:
            continue
        done.add(result.shown)
        extra = findings.get(result.shown)
        if extra:
            document = _reload(result)
            located = [document.diagnostic(_doc(code), f.path, f.message, f.hint, key=f.key) for code, f in extra]
            file_kept, file_waved = apply(document, result.rules + located)
        elif result.finished is not None:
            file_kept, file_waved = result.finished
        else:
            file_kept, file_waved = result.rules, []
        # config applies to the markers' own problems (G001, G002) as to every rule
        kept += [_configured(d, config) for d in file_kept if wanted(d.path, d.code, config)]
        suppressed += [Suppressed(_configured(s.diagnostic, config), s.reason) for s in file_waved]
    return kept, suppressed


def _reload(result: FileResult) -> Document:
    """The file's node tree again, to locate what the catalogue rules found (rare: only files with such a finding)."""
    try:
        return load(result.shown, read(result.path, result.shown))
    except LoadFailed:  # changed on disk since: locate at the file's start
        return load(result.shown, b"{}")


def _doc(code: str) -> CodeDoc:
    doc = get(code)
    assert doc is not None
    return doc


def _configured(diag: Diagnostic, config: Config) -> Diagnostic:
    severity = config.severity.get(diag.code)
    return diag if severity is None else replace(diag, severity=severity)


def _files_to_load(requested: list[Path], context_files: list[Path], root: Path, real: _Resolver) -> list[Path]:
    """The requested files, then the rest of the catalogue root, each physical file once.

    A requested file outside the root (a draft, a copy in a temporary folder) stands in for the
    catalogue's file of the same department folder and name, so that it is checked against the
    rest of the catalogue rather than reported as a duplicate of the file it copies.
    """
    seen = {real(path) for path in requested}
    base = os.path.realpath(root)
    drafts = {(path.parent.name, path.stem) for path in requested if not inside(real(path), base)}
    rest = [path for path in context_files
            if real(path) not in seen and (path.parent.name, path.stem) not in drafts]
    return [*requested, *rest]


class _Resolver:
    """`os.path.realpath(path)`, with each folder resolved once: no lstat per path part, none at all for a file
    the folder walk found to be no symlink."""

    def __init__(self, regular: set[Path]) -> None:
        self.regular = regular
        self.folders: dict[str, str] = {}
        self.files: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        found = self.files.get(path)
        if found is None:
            text = str(path)
            if path not in self.regular and os.path.islink(text):
                found = os.path.realpath(text)
            else:
                folder, name = os.path.split(text)
                real = self.folders.get(folder)
                if real is None:
                    real = self.folders[folder] = os.path.realpath(folder or ".")
                found = os.path.join(real, name)
            self.files[path] = found
        return found

