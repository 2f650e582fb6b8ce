"""One run over a catalogue: load → schema → model → rules → config and suppressions.

Checking a few files still loads the whole catalogue root, so that cross-file rules see
every guide; only the requested files' problems are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalogue import CheckedFile, check_file, discover, display_path
from .config import Config
from .diagnostics import Diagnostic, sort_key
from .loader import Document
from .model import Catalogue, Department, Guide
from .registry import get
from .report import CheckReport
from .rules import Context, Finding, load_rules
from .schema_stage import SchemaStage
from .suppressions import Suppressed, apply


@dataclass(frozen=True)
class CheckRun(CheckReport):
    """What `guides check` reports, plus the model the site and the assessment read."""

    catalogue: Catalogue = field(default_factory=Catalogue)
    schema_version: str = ""


def check_catalogue(root: Path = Path("guides"), config: Config | None = None) -> CheckRun:
    """Check a whole catalogue root (the site build's entry point)."""
    return check_paths(None, replace(config or Config(), root=root))


def check_paths(paths: list[str] | None, config: Config) -> CheckRun:
    # Without paths the root itself is requested, and a missing root is a usage error.
    context_files = discover([str(config.root)]) if config.root.is_dir() or not paths else []
    requested = discover(paths) if paths else context_files
    requested = list({path.resolve(): path for path in requested}.values())  # the same file named twice
    stage = SchemaStage()
    checked = [check_file(path, stage) for path in _files_to_load(requested, context_files, config.root)]
    wanted = {display_path(p) for p in requested}

    catalogue, documents = _model(checked)
    profiles = {c.path.parent.name: c.shown for c in checked if c.kind == "department"}
    context = Context(catalogue, config.root, compression_target=config.compression_target,
                      stale_days=config.stale_days, profiles=profiles)

    diagnostics = [d for c in checked if c.shown in wanted for d in c.diagnostics]
    rule_diagnostics = _run_rules(catalogue, context, documents, wanted, config)
    suppressed: list[Suppressed] = []
    by_file: dict[str, list[Diagnostic]] = {}
    for diag in rule_diagnostics:
        by_file.setdefault(diag.path, []).append(diag)
    for path in sorted(wanted & documents.keys()):  # every checked file, so that unused markers are reported too
        kept, waved = apply(documents[path], by_file.get(path, []))
        # config applies to the markers' own problems (G001, G002) as to every rule
        diagnostics += [_configured(d, config) for d in kept if _wanted(d.path, d.code, config)]
        suppressed += [Suppressed(_configured(s.diagnostic, config), s.reason) for s in waved]
    return CheckRun(sorted(diagnostics, key=sort_key), len(requested),
                    sorted(suppressed, key=lambda s: sort_key(s.diagnostic)), catalogue, stage.version)


def _wanted(path: str, code: str, config: Config) -> bool:
    return config.enabled(code) and not config.ignored_at(path, code)


def _configured(diag: Diagnostic, config: Config) -> Diagnostic:
    severity = config.severity.get(diag.code)
    return diag if severity is None else replace(diag, severity=severity)


def _files_to_load(requested: list[Path], context_files: list[Path], root: Path) -> list[Path]:
    """The requested files, then the rest of the catalogue root, each physical file once.

    A requested file outside the root (a draft, a copy in a temporary folder) stands in for the
    catalogue's file of the same department folder and name, so that it is checked against the
    rest of the catalogue rather than reported as a duplicate of the file it copies.
    """
    seen = {path.resolve() for path in requested}
    base = root.resolve()
    drafts = {(path.parent.name, path.stem) for path in requested if not path.resolve().is_relative_to(base)}
    rest = [path for path in context_files
            if path.resolve() not in seen and (path.parent.name, path.stem) not in drafts]
    return [*requested, *rest]


def guide_id(path: Path) -> tuple[str, str]:
    """(id, department): the department folder and file stem, e.g. ("shichang/getihu-sheli-dengji", "shichang")."""
    return f"{path.parent.name}/{path.stem}", path.parent.name


def _model(checked: list[CheckedFile]) -> tuple[Catalogue, dict[str, Document]]:
    catalogue = Catalogue()
    documents: dict[str, Document] = {}
    for c in checked:
        if not c.valid or c.document is None:
            continue
        documents[c.shown] = c.document
        if c.kind == "department":
            catalogue.departments[c.path.parent.name] = Department.of(c.path.parent.name, c.document.data, c.shown)
        else:
            id, department = guide_id(c.path)
            catalogue.guides.append(Guide.of(id, department, c.shown, c.document.data))
    return catalogue, documents


def _run_rules(catalogue: Catalogue, context: Context, documents: dict[str, Document], wanted: set[str],
               config: Config) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def emit(rule_code: str, source: str, finding: Finding) -> None:
        # Ignored findings are dropped before suppression, so a marker never counts them as used.
        if source not in wanted or source not in documents or not _wanted(source, rule_code, config):
            return
        doc = get(rule_code)
        assert doc is not None
        out.append(documents[source].diagnostic(doc, finding.path, finding.message, finding.hint, key=finding.key))

    for rule in load_rules():
        if not config.enabled(rule.doc.code):
            continue
        if rule.scope == "guide":
            for guide in catalogue.guides:
                if guide.source in wanted:
                    for finding in rule.check(guide, context):
                        emit(rule.doc.code, finding.source or guide.source, finding)
        else:
            for finding in rule.check(catalogue, context):
                assert finding.source is not None, rule.doc.code
                emit(rule.doc.code, finding.source, finding)
    return out
