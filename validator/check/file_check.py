"""One file's share of a check, the part that can run in a worker process.

load → schema → model → the guide rules → the file's own suppression markers. A guide that fails
the schema but loads is modelled from what the schema accepted (`partial`), and the guide rules whose
reads are intact run on it. What goes back to the parent is small: diagnostics, the model (or just
the guide's summary), the content digest; never the node tree. The catalogue rules run in the parent,
which reloads the rare file they find something in to locate it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..model import Department, Guide, GuideSummary
from ..rules.base import Context, RuleSet
from .config import Config
from .files import check_file, name_problems
from .loader import Document
from .partial import Partial, accepted
from .registry import Registry
from .schema_stage import SchemaStage
from .summary_cache import digest
from .suppressions import Suppressed, apply, has_suppressions


@dataclass(frozen=True)
class Settings:
    """What every file's check needs to know, sent once to each worker."""

    config: Config
    rules: RuleSet
    context: Context | None  # None while the department profiles are checked: they run no rules
    keep_models: bool = True  # False: a guide's summary is all the parent gets (what the catalogue rules read)


@dataclass
class FileResult:
    path: Path
    shown: str
    kind: str
    digest: str
    diagnostics: list[Diagnostic]  # load and schema
    department: Department | None = None  # a valid profile
    guide: Guide | None = None  # a guide that loaded (complete or not), when the run keeps models
    summary: GuideSummary | None = None  # a loaded guide's summary: what the catalogue rules and the cache read
    rules: list[Diagnostic] = field(default_factory=list)  # guide rules on a requested file, before suppression
    finished: tuple[list[Diagnostic], list[Suppressed]] | None = None  # (kept, suppressed) when the file has markers
    accepted: dict[str, Any] | None = None  # what the schema accepted of a guide that failed it, when the run keeps models

    @property
    def modelled(self) -> bool:
        """A valid profile, or a guide that loaded: its rule findings are reported."""
        return self.department is not None or self.summary is not None


def wanted(path: str, code: str, config: Config) -> bool:
    return config.enabled(code) and not config.ignored_at(path, code)


def guide_id(path: Path) -> tuple[str, str]:
    """(id, department): the department folder and file stem, e.g. ("shichang/getihu-sheli-dengji", "shichang")."""
    folder, name = os.path.split(path)  # string operations: called for every file of a big catalogue
    department = os.path.basename(folder)
    return f"{department}/{os.path.splitext(name)[0]}", department


class FileChecker:
    """Checks files one by one with validators and rules built once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stage = SchemaStage()
        config = settings.config
        self.guide_rules = [rule for rule in settings.rules.of_scope("guide") if config.enabled(rule.doc.code)]
        self.known = Registry.of(settings.rules)  # the codes a suppression marker may name

    def check(self, path: Path, shown: str, requested: bool, raw: bytes | None = None) -> FileResult:
        checked = check_file(path, self.stage, raw, shown)
        kind = checked.kind
        result = FileResult(path, shown, kind, digest(checked.raw), checked.diagnostics)
        if requested:  # the names become page addresses: a folder's name is checked at its profile, if it has one
            profiles = self.settings.context.profiles if self.settings.context is not None else {}
            folder = kind == "department" or path.parent.name not in profiles
            result.diagnostics = [*name_problems(path, shown, self.settings.config.root, folder=folder), *result.diagnostics]
        document, schema = checked.document, checked.schema
        if document is None or schema is None:
            return result
        if kind == "department":
            if not checked.valid:
                return result
            result.department = Department.of(path.parent.name, document.data, shown)
        else:
            id, department = guide_id(path)
            context = self.settings.context
            profile = context.departments.get(department) if context is not None else None

            def model(data: dict[str, Any] | None = None, missing: tuple[str, ...] | None = None) -> Guide:
                return Guide.of(id, department, shown, document.data, profile=profile, accepted=data, missing=missing)

            partial = None if schema.valid else accepted(document.data, schema)
            shown_data = None if partial is None else partial.view(partial.shown()).data
            guide = model() if partial is None else model(shown_data, partial.missing)
            result.summary = GuideSummary.of(guide)
            if self.settings.keep_models:
                result.guide, result.accepted = guide, shown_data
            if requested:
                result.rules = self._rules(guide, document, partial, model)
        if requested and has_suppressions(document):
            result.finished = apply(document, result.rules, self.known)
        return result

    def _rules(self, guide: Guide, document: Document, partial: Partial | None,
               model: Callable[[dict[str, Any], tuple[str, ...]], Guide]) -> list[Diagnostic]:
        """The guide rules' findings on this guide, located; ignored findings never count as suppressed.

        On a partial guide each rule sees the guide without the items it cannot read (`partial`), and its
        findings are put back in place.
        """
        context, config = self.settings.context, self.settings.config
        assert context is not None, "the guide rules run once the department profiles are known"
        found = []
        models: dict[int, Guide] = {}  # per view: rules that read the same elements share one
        for rule in self.guide_rules:  # enabled ones only (__init__); per-path ignores are the file's
            if config.per_path_ignores and config.ignored_at(guide.source, rule.doc.code):
                continue
            seen, place = guide, None
            if partial is not None:
                hidden = partial.hidden_for(rule.reads)
                if hidden is None:
                    continue
                view = partial.view(hidden)
                if id(view) not in models:
                    models[id(view)] = model(view.data, partial.missing)
                seen, place = models[id(view)], view.place
            for finding in rule.check(seen, context):
                assert finding.source is None, f"{rule.doc.code}: a guide rule reports on its own guide"
                at = finding.path if place is None else place(finding.path)
                found.append(document.diagnostic(rule.doc, at, finding.message, finding.hint, key=finding.key))
        return found


_checker: FileChecker | None = None


def start_worker(settings: Settings) -> None:
    """A worker process's initializer."""
    global _checker
    _checker = FileChecker(settings)


def check_in_worker(item: tuple[Path, str, bool]) -> FileResult:
    assert _checker is not None
    return _checker.check(*item)
