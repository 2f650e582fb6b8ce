"""One file's share of a check, the part that can run in a worker process.

load → schema → model → the guide rules → the file's own suppression markers. What goes back to
the parent is small: diagnostics, the model (or just the guide's summary), the content digest;
never the node tree. The catalogue rules run in the parent, which reloads the rare file they find
something in to locate it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Department, Guide, GuideSummary
from ..rules.base import Context, RuleSet
from .config import Config
from .files import check_file, name_problems
from .loader import Document
from .registry import Registry
from .schema_stage import SchemaStage
from .summary_cache import digest
from .suppressions import Suppressed, apply


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
    guide: Guide | None = None  # a valid guide, when the run keeps models
    summary: GuideSummary | None = None  # a valid guide's summary: what the catalogue rules and the cache read
    rules: list[Diagnostic] = field(default_factory=list)  # guide rules on a requested file, before suppression
    finished: tuple[list[Diagnostic], list[Suppressed]] | None = None  # (kept, suppressed) when the file has markers

    @property
    def valid(self) -> bool:
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
        document = checked.document
        if not checked.valid or document is None:
            return result
        if kind == "department":
            result.department = Department.of(path.parent.name, document.data, shown)
        else:
            id, department = guide_id(path)
            guide = Guide.of(id, department, shown, document.data)
            result.summary = GuideSummary.of(guide)
            if self.settings.keep_models:
                result.guide = guide
            if requested:
                result.rules = self._rules(guide, document)
        if requested and "guides:" in document.text:  # the only way a file can hold suppression markers
            result.finished = apply(document, result.rules, self.known)
        return result

    def _rules(self, guide: Guide, document: Document) -> list[Diagnostic]:
        """The guide rules' findings on this guide, located; ignored findings never count as suppressed."""
        context, config = self.settings.context, self.settings.config
        assert context is not None, "the guide rules run once the department profiles are known"
        found = []
        for rule in self.guide_rules:
            if not wanted(guide.source, rule.doc.code, config):
                continue
            for finding in rule.check(guide, context):
                assert finding.source is None, f"{rule.doc.code}: a guide rule reports on its own guide"
                found.append(document.diagnostic(rule.doc, finding.path, finding.message, finding.hint, key=finding.key))
        return found


_checker: FileChecker | None = None


def start_worker(settings: Settings) -> None:
    """A worker process's initializer."""
    global _checker
    _checker = FileChecker(settings)


def check_in_worker(item: tuple[Path, str, bool]) -> FileResult:
    assert _checker is not None
    return _checker.check(*item)
