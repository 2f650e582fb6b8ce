"""One file's share of a check, the part that can run in a worker process.

load → schema → model → the guide rules → the file's own suppression markers. What goes back to
the parent is small: diagnostics, the model (or just its summary), the content digest; never
the node tree. The catalogue rules run in the parent, which reloads the rare file they find
something in to locate it.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import check_file, name_problems
from .config import Config
from .diagnostics import Diagnostic
from .loader import Document
from .model import Catalogue, Department, Guide
from .registry import get
from .rules import Context, Finding, load_rules
from .schema_stage import SchemaStage
from .summary_cache import digest, guide_from, summarize
from .suppressions import Suppressed, apply


@dataclass(frozen=True)
class Settings:
    """What every file's check needs to know, sent once to each worker."""

    config: Config
    root: Path
    today: datetime.date
    departments: dict[str, Department] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    full_models: bool = True  # False: a guide's model is its summary (what the catalogue rules read)


@dataclass
class FileResult:
    path: Path
    shown: str
    kind: str
    digest: str
    diagnostics: list[Diagnostic]  # load and schema
    model: Guide | Department | None = None  # valid files only
    summary: list[Any] | None = None  # a valid guide's summary, for the cache
    rules: list[Diagnostic] = field(default_factory=list)  # guide rules on a requested file, before suppression
    finished: tuple[list[Diagnostic], list[Suppressed]] | None = None  # (kept, suppressed) when the file has markers
    foreign: list[tuple[str, Finding]] = field(default_factory=list)  # (code, finding) a guide rule placed in another file

    @property
    def valid(self) -> bool:
        return self.model is not None


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
        # Guide rules see the department profiles; the guides of the catalogue are for catalogue rules only.
        self.context = Context(Catalogue(departments=settings.departments), settings.root, today=settings.today,
                               compression_target=config.compression_target, stale_days=config.stale_days,
                               profiles=settings.profiles)
        self.guide_rules = [rule for rule in load_rules() if rule.scope == "guide" and config.enabled(rule.doc.code)]

    def check(self, path: Path, shown: str, requested: bool, raw: bytes | None = None) -> FileResult:
        checked = check_file(path, self.stage, raw, shown)
        kind = checked.kind
        result = FileResult(path, shown, kind, digest(checked.raw), checked.diagnostics)
        if requested:  # the names become page addresses: a folder's name is checked at its profile, if it has one
            folder = kind == "department" or path.parent.name not in self.settings.profiles
            result.diagnostics = [*name_problems(path, shown, self.settings.root, folder=folder), *result.diagnostics]
        document = checked.document
        if not checked.valid or document is None:
            return result
        if kind == "department":
            result.model = Department.of(path.parent.name, document.data, shown)
        else:
            id, department = guide_id(path)
            guide = Guide.of(id, department, shown, document.data)
            result.summary = summarize(guide)
            result.model = guide if self.settings.full_models else guide_from(result.summary, id, department, shown)
            if requested:
                self._rules(guide, document, result)
        if requested and "guides:" in document.text:  # the only way a file can hold suppression markers
            result.finished = apply(document, result.rules)
        return result

    def _rules(self, guide: Guide, document: Document, result: FileResult) -> None:
        config = self.settings.config
        for rule in self.guide_rules:
            code = rule.doc.code
            for finding in rule.check(guide, self.context):
                source = finding.source or guide.source
                if source != guide.source:
                    result.foreign.append((code, finding))
                elif wanted(source, code, config):  # ignored findings never count as suppressed
                    doc = get(code)
                    assert doc is not None
                    result.rules.append(document.diagnostic(doc, finding.path, finding.message, finding.hint, key=finding.key))


_checker: FileChecker | None = None


def start_worker(settings: Settings) -> None:
    """A worker process's initializer."""
    global _checker
    _checker = FileChecker(settings)


def check_in_worker(item: tuple[Path, str, bool]) -> FileResult:
    assert _checker is not None
    return _checker.check(*item)
