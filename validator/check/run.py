"""One run over a catalogue: load → schema → model → rules → config and suppressions.

Checking a few files still loads the whole catalogue root, so that cross-file rules see
every guide; only the requested files' problems are reported.

A run goes in steps, each a function below: `_plan` lists the files; department profiles are
checked first, in this process, since the guide rules read them; the rules' `Context` is built
once from them; the guides are checked by `file_check` (on every core for many files, `workers`),
or come from the summary cache (`summary_cache`) when they are only context and their bytes have
been seen before; the catalogue rules then run here over every guide's summary; `_report` applies
each requested file's suppression markers and the configuration. The law registry (`law_registry`) is
loaded first, in this process, so that forked workers share it; the rules read it from the `Context`.
"""

from __future__ import annotations

import datetime
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..boundary import inside
from ..diagnostics import CodeDoc, Diagnostic, sort_key
from ..laws import LawRegistry
from ..model import Catalogue, Department, Guide, GuideSummary
from ..rules.base import Context, Finding, RuleSet
from ..standard.schemas import version
from .baseline import apply as apply_baseline
from .baseline import read as read_baseline
from .config import Config
from .file_check import FileChecker, FileResult, Settings, guide_id, wanted
from .files import PROFILE_NAME, RealPaths, discover, display_path, kind_of, outside_link, read
from .law_registry import load_registry, stale_notice
from .loader import Document, LoadFailed, load
from .registry import Registry, default_rules
from .result import CheckReport
from .result_cache import ResultCache, run_stamp
from .summary_cache import SummaryCache, digest, from_json
from .suppressions import Suppressed, apply
from .workers import check_all, jobs_for

__all__ = ["CheckRun", "check_catalogue", "check_diagnostics", "check_paths"]


@dataclass(frozen=True)
class CheckRun(CheckReport):
    """What `guides check` reports, plus the model the site and the assessment read."""

    catalogue: Catalogue[Guide] = field(default_factory=Catalogue)
    schema_version: str = ""
    laws: LawRegistry | None = None  # the law registry the rules read (the guide pages and the assessment too)


def check_catalogue(root: Path = Path("guides"), config: Config | None = None, *, jobs: int | None = None,
                    stored: ResultCache | None = None) -> CheckRun:
    """Check a whole catalogue root (the site build's entry point)."""
    return check_paths(None, replace(config or Config(), root=root), jobs=jobs, stored=stored)


def check_paths(paths: list[str] | None, config: Config, *, jobs: int | None = None, rules: RuleSet | None = None,
                stored: ResultCache | None = None) -> CheckRun:
    """Check the given files and folders (default: the catalogue root) against the whole catalogue, keeping the model.

    `jobs`: processes (None: every core for many files). `rules`: default_rules(). `stored`: the results of earlier
    runs, used for the files unchanged since, and given this run's.
    """
    plan = _plan(paths, config)
    with _gc_paused():
        results, report, laws = _run(plan, config, rules or default_rules(), jobs, keep_models=True, stored=stored)
    catalogue: Catalogue[Guide] = Catalogue(_departments(results), [r.guide for r in results if r.guide is not None])
    return CheckRun(**{f.name: getattr(report, f.name) for f in fields(CheckReport)}, catalogue=catalogue,
                    schema_version=version(), laws=laws)


def check_diagnostics(paths: list[str] | None, config: Config, *, jobs: int | None = None, cache: SummaryCache | None = None,
                      known: dict[str, str] | None = None, rules: RuleSet | None = None, complete: bool = False) -> CheckReport:
    """`guides check`: the same diagnostics as `check_paths`, without keeping the model of each guide.

    Context files whose bytes `cache` has seen are not parsed again. `known`: path → digest of files
    whose digest is known without reading them (from git). `complete`: every problem, not summarised past
    `PER_CODE` of a code in a file (what a baseline records).
    """
    plan = _plan(paths, config)
    with _gc_paused():
        return _run(plan, config, rules or default_rules(), jobs, keep_models=False, cache=cache, known=known or {},
                    complete=complete)[1]


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


@dataclass(frozen=True)
class _Plan:
    files: list[Path]  # the requested files, then the rest of the catalogue root
    shown: dict[Path, str]  # each file's display path
    requested: frozenset[str]  # the display paths of the files whose problems are reported
    count: int  # how many files were requested
    whole: bool  # the whole catalogue root was requested
    refused: dict[Path, str]  # files never read, since a symlink takes them outside the catalogue: path → what it is


def _plan(paths: list[str] | None, config: Config) -> _Plan:
    # Without paths the root itself is requested, and a missing root is a usage error.
    regular: set[Path] = set()
    links: list[Path] = []
    context_files = discover([str(config.root)], regular, None if paths else links) if config.root.is_dir() or not paths else []
    requested = discover(paths, links=links) if paths else context_files
    real = RealPaths(regular)
    requested = list({real(path): path for path in requested}.values())  # the same file named twice
    files = _files_to_load(requested, context_files, config.root, real)
    refused = _links_out(files, links, config.root, paths or [], real)
    requested += [path for path in refused if path not in files]  # a linked folder, reported at its profile
    files += [path for path in refused if path not in files]
    return _Plan(files, {path: display_path(path) for path in files}, frozenset(display_path(p) for p in requested),
                 len(requested), not paths, refused)


def _links_out(files: list[Path], folders: list[Path], root: Path, named: list[str], real: RealPaths) -> dict[Path, str]:
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


def _run(plan: _Plan, config: Config, rules: RuleSet, jobs: int | None, *, keep_models: bool,
         cache: SummaryCache | None = None, known: dict[str, str] | None = None, stored: ResultCache | None = None,
         complete: bool = False) -> tuple[list[FileResult], CheckReport, LawRegistry]:
    """Every file's result in plan order, the report on the requested files (known problems apart, when `config` names a
    baseline), and the law registry read."""
    baseline = read_baseline(config.baseline) if config.baseline is not None else None  # a usage error before any work
    laws = load_registry(config.laws)  # before the workers fork, so that they share it
    # Files a symlink takes outside the catalogue are never read (not even hashed).
    refused = [FileResult(path, plan.shown[path], kind_of(path), "", [outside_link(plan.shown[path], what)])
               for path, what in plan.refused.items()]
    profile_checker = FileChecker(Settings(config, rules, None, keep_models))  # one: its validators are compiled once
    profiles = [profile_checker.check(path, plan.shown[path], plan.shown[path] in plan.requested)
                for path in plan.files if kind_of(path) == "department" and path not in plan.refused]
    context = _context(config, plan, [*profiles, *(r for r in refused if r.kind == "department")], laws)
    if stored is not None:
        stored.start(run_stamp(config, context, rules))
    guides = _check_guides(plan, Settings(config, rules, context, keep_models), jobs, cache, known or {}, stored)
    results = {result.path: result for result in (*refused, *profiles, *guides)}
    ordered = [results[path] for path in plan.files]
    summaries: Catalogue[GuideSummary] = Catalogue(context.departments, [r.summary for r in ordered if r.summary is not None])
    findings = _catalogue_findings(summaries, context, plan.requested, config, rules)
    report = replace(_report(ordered, findings, plan, config, Registry.of(rules), laws.diagnostics),
                     notices=_notices(laws, config, context.today))
    if baseline is not None:  # on every problem, so that a summary never stands for problems a baseline records
        report = apply_baseline(report, baseline, whole=plan.whole)
    return ordered, report if complete else report.bounded(), laws


def _departments(results: list[FileResult]) -> dict[str, Department]:
    """The valid department profiles, by folder."""
    return {r.path.parent.name: r.department for r in results if r.department is not None}


def _context(config: Config, plan: _Plan, profiles: list[FileResult], laws: LawRegistry) -> Context:
    """What every rule may know beyond one guide, built once the profiles are checked."""
    return Context(config.root, datetime.date.today(), compression_target=config.compression_target, stale_days=config.stale_days,
                   departments=_departments(profiles), profiles={r.path.parent.name: r.shown for r in profiles},
                   reported=plan.requested, guide_ids=frozenset(guide_id(p)[0] for p in plan.files if kind_of(p) == "guide"),
                   laws=laws)


def _notices(laws: LawRegistry, config: Config, today: datetime.date) -> list[str]:
    """What a run says once rather than about a file: the law registry's data is old (L108, configurable)."""
    notice = stale_notice(laws, config.laws_max_age, today) if config.enabled("L108") else None
    return [notice] if notice else []


def _check_guides(plan: _Plan, settings: Settings, jobs: int | None, cache: SummaryCache | None,
                  known: dict[str, str], stored: ResultCache | None) -> list[FileResult]:
    """Every guide file checked; for a context file the cache has seen, its summary from the cache; for a file whose
    result was `stored` as it is now, that result."""
    results: list[FileResult] = []
    todo: list[tuple[Path, str, bool]] = []
    for path in plan.files:
        if kind_of(path) != "guide" or path in plan.refused:
            continue
        shown, requested = plan.shown[path], plan.shown[path] in plan.requested
        found = _cached(path, shown, cache, known.get(str(path))) if cache is not None and not requested else None
        if found is None and stored is not None and stored.enabled:
            assert settings.context is not None
            found = stored.get(path, shown, digest(read(path, shown)), requested, settings.context, settings.keep_models)
        if found is not None:
            results.append(found)
        else:
            todo.append((path, shown, requested))
    for result in check_all(todo, settings, jobs_for(jobs, len(todo))):
        results.append(result)
        if cache is not None:
            cache.put(result.digest, result.summary)
        if stored is not None:
            stored.put(result, result.shown in plan.requested)
    if cache is not None:
        cache.save(prune=True)
    if stored is not None:
        stored.save()
    return results


def _cached(path: Path, shown: str, cache: SummaryCache, key: str | None) -> FileResult | None:
    """A context guide from the cache, if its bytes were summarized before (one that did not load has no summary)."""
    key = key or digest(read(path, shown))
    found, values = cache.get(key)
    if not found:
        return None
    id, department = guide_id(path)
    return FileResult(path, shown, "guide", key, [], summary=None if values is None else from_json(values, id, department, shown))


def _catalogue_findings(catalogue: Catalogue[GuideSummary], context: Context, requested: frozenset[str],
                        config: Config, rules: RuleSet) -> dict[str, list[tuple[CodeDoc, Finding]]]:
    """(code, finding) by requested file, for every catalogue rule."""
    out: dict[str, list[tuple[CodeDoc, Finding]]] = {}
    partial = any(g.missing for g in catalogue.guides)
    for rule in rules.of_scope("catalogue"):
        if not config.enabled(rule.doc.code):
            continue
        seen = catalogue if not partial else Catalogue(catalogue.departments, [g for g in catalogue.guides if rule.runs_on(g.missing)])
        for finding in rule.check(seen, context):
            assert finding.source is not None, rule.doc.code
            # Ignored findings are dropped before suppression, so a marker never counts them as used.
            if finding.source in requested and wanted(finding.source, rule.doc.code, config):
                out.setdefault(finding.source, []).append((rule.doc, finding))
    return out


def _report(ordered: list[FileResult], findings: dict[str, list[tuple[CodeDoc, Finding]]], plan: _Plan, config: Config,
            known: Registry, law_files: list[Diagnostic]) -> CheckReport:
    """The requested files' load and schema problems, and the rule problems of every one that was modelled (a valid
    profile, a guide that loaded) after its suppression markers and the configuration; the law registry folder's
    problems (`law_files`) whatever was requested, since every check reads it."""
    diagnostics = [d for r in ordered if r.shown in plan.requested for d in r.diagnostics] + law_files
    suppressed: list[Suppressed] = []
    done: set[str] = set()
    for result in sorted(ordered, key=lambda r: r.shown):  # every checked file, so that unused markers are reported too
        if result.shown not in plan.requested or not result.modelled or result.shown in done:
            continue
        done.add(result.shown)
        kept, waved = _suppressed(result, findings.get(result.shown), known)
        # config applies to the markers' own problems (G001, G002) as to every rule
        diagnostics += [_configured(d, config) for d in kept if wanted(d.path, d.code, config)]
        suppressed += [Suppressed(_configured(s.diagnostic, config), s.reason) for s in waved]
    return CheckReport(diagnostics=sorted(diagnostics, key=sort_key), files=plan.count,
                       suppressed=sorted(suppressed, key=lambda s: sort_key(s.diagnostic)), paths=sorted(plan.requested),
                       digests={r.shown: r.digest for r in ordered if r.shown in plan.requested})


def _suppressed(result: FileResult, extra: list[tuple[CodeDoc, Finding]] | None,
                known: Registry) -> tuple[list[Diagnostic], list[Suppressed]]:
    """One file's rule problems, split by its suppression markers into kept and suppressed."""
    if extra:
        document = _reload(result)
        located = [document.diagnostic(doc, f.path, f.message, f.hint, key=f.key) for doc, f in extra]
        return apply(document, result.rules + located, known)
    return result.finished if result.finished is not None else (result.rules, [])


def _reload(result: FileResult) -> Document:
    """The file's node tree again, to locate what the catalogue rules found (rare: only files with such a finding)."""
    try:
        return load(result.shown, read(result.path, result.shown))
    except LoadFailed:  # changed on disk since: locate at the file's start
        return load(result.shown, b"{}")


def _configured(diag: Diagnostic, config: Config) -> Diagnostic:
    severity = config.severity.get(diag.code)
    return diag if severity is None else replace(diag, severity=severity)


def _files_to_load(requested: list[Path], context_files: list[Path], root: Path, real: RealPaths) -> list[Path]:
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

