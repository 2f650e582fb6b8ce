"""The standardization assessment (标准化考核): per-department figures and the whole catalogue's.

Every share of service quality is taken over the items in use (status 在用); suspended and
cancelled items are only counted:

- 即办率: 即办件 among items in use.
- 压缩率: the mean of (statutory − promised) ÷ statutory over items in use whose two limits can be
  compared (same unit, a statutory value above 0; `compression()` of the T207 rule); how many were
  comparable is reported alongside.
- 网办率: 全程网办 among items in use. 零跑腿率: visits = 0; 最多跑一次率: visits ≤ 1.
- 收费事项: items in use that charge a fee.
- 依据有效率: among the `basis` entries of the items in use, those the law registry finds, in force
  (现行有效 or 已修改), whose cited articles exist in the version in force where the registry has the
  articles (`rules.legal.basis_valid`); an entry the registry does not know does not count as valid.
- 完整度: the mean completeness of every guide of the department, whatever its status
  (formula in `validator.completeness`).
- 错误 / 警告: diagnostics of the department's files (guides and profile), counted by the
  department folder of their path; files that failed the schema count too, and are also
  counted as 无效文件.
- Every guide that loaded is scored, also one that failed the schema (modelled from what the schema
  accepted, check/partial.py): its completeness from the data as written, its other figures from
  what it says (an item without a status is counted as an item, under no status). A file that
  cannot be read adds to no figure but 错误 and 无效文件.
- 最常缺少的要素: per element, how many of the department's guides lack it or had it rejected
  (`Guide.missing`), most first: the service centre's to-do list.

Ranking: departments with at least one guide, by completeness (high first), then errors (fewest
first), then warnings (fewest first), then folder name; departments without guides come last, unranked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..check.files import PROFILE_NAME
from ..diagnostics import Diagnostic, Severity
from ..laws import LawRegistry
from ..model import Catalogue, Guide
from ..rules.legal import basis_valid
from ..rules.time_limits import compression
from ..standard.schemas import load_schema
from ..standard.walk import element_title, values
from .completeness import score

ACTIVE = "在用"
TOTAL_NAME = "合计"


@cache
def statuses() -> tuple[str, ...]:
    """在用, 暂停, 取消: the schema's order."""
    return values(load_schema("guide"), "status")


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class Figures:
    """One row of the assessment: a department, or the whole catalogue (id "")."""

    id: str
    name: str
    by_status: dict[str, int]
    active: int
    immediate: int
    compressions: list[float]
    online_full: int
    zero_visits: int
    at_most_one_visit: int
    charged: int
    bases: int  # basis entries of the items in use
    valid_bases: int  # of which the registry finds in force, with the articles cited
    completeness: dict[str, float]  # guide id → score
    missing: dict[str, int]  # element name → guides lacking it (or with it rejected), most first
    errors: int
    warnings: int
    invalid_files: int
    rank: int | None = None  # None: the whole catalogue, or a department without guides

    unstated: int = 0  # items whose status is not written (a partial guide)

    @property
    def items(self) -> int:
        return sum(self.by_status.values()) + self.unstated

    @property
    def immediate_rate(self) -> float | None:
        return _share(self.immediate, self.active)

    @property
    def compression(self) -> float | None:
        return _mean(self.compressions)

    @property
    def comparable(self) -> int:
        return len(self.compressions)

    @property
    def online_rate(self) -> float | None:
        return _share(self.online_full, self.active)

    @property
    def zero_visit_rate(self) -> float | None:
        return _share(self.zero_visits, self.active)

    @property
    def at_most_one_visit_rate(self) -> float | None:
        return _share(self.at_most_one_visit, self.active)

    @property
    def basis_validity(self) -> float | None:
        return _share(self.valid_bases, self.bases)

    @property
    def mean_completeness(self) -> float | None:
        return _mean(list(self.completeness.values()))

    def as_json(self) -> dict[str, object]:
        return {
            "rank": self.rank, "id": self.id, "name": self.name,
            "items": self.items, "by_status": self.by_status, "active": self.active,
            "immediate": self.immediate, "immediate_rate": self.immediate_rate,
            "compression": self.compression, "compression_comparable": self.comparable,
            "online_full": self.online_full, "online_rate": self.online_rate,
            "zero_visits": self.zero_visits, "zero_visit_rate": self.zero_visit_rate,
            "at_most_one_visit": self.at_most_one_visit, "at_most_one_visit_rate": self.at_most_one_visit_rate,
            "charged": self.charged, "bases": self.bases, "valid_bases": self.valid_bases, "basis_validity": self.basis_validity,
            "completeness": self.mean_completeness,
            "guides": [{"id": id, "completeness": value} for id, value in sorted(self.completeness.items())],
            "missing_elements": [{"element": name, "title": element_title(load_schema("guide"), name), "guides": count}
                                 for name, count in self.missing.items()],
            "errors": self.errors, "warnings": self.warnings, "invalid_files": self.invalid_files,
        }


@dataclass
class Assessment:
    departments: list[Figures]  # ranked
    total: Figures


GuideFigures = tuple[float, int]  # a guide's completeness and number of valid bases


def guide_figures(guide: Guide, laws: LawRegistry | None) -> GuideFigures:
    """What a guide adds to its department's figures and the total's (read from its data and the law registry alone)."""
    return score(guide.data), sum(laws is not None and b.title is not None and b.article is not None and basis_valid(laws, b)
                                  for b in guide.basis)


def assess(catalogue: Catalogue, diagnostics: list[Diagnostic], root: Path = Path("guides"),
           laws: LawRegistry | None = None, figures: Callable[[Guide], GuideFigures] | None = None) -> Assessment:
    """Figures for every department found (profile, guide or diagnostic) and for the whole catalogue.

    Without a law registry (`laws`), no basis counts as valid. `figures`: `guide_figures` with `laws`, or the same
    taken from where an earlier build kept them."""
    valid = {g.source for g in catalogue.guides if g.complete}
    by_folder: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        folder = _folder(diag.path, root)
        if folder is not None:
            by_folder.setdefault(folder, []).append(diag)
    folders = sorted({*catalogue.departments, *(g.department for g in catalogue.guides), *by_folder})
    # Each guide's completeness and valid bases, worked out once: its department's figures and the total's read them.
    each = {g.source: figures(g) if figures is not None else guide_figures(g, laws) for g in catalogue.guides}
    scores = {source: figured[0] for source, figured in each.items()}
    bases = {source: figured[1] for source, figured in each.items()}
    departments = [
        _figures(folder, catalogue.departments[folder].name if folder in catalogue.departments else folder,
                 catalogue.by_department(folder), by_folder.get(folder, []), valid, scores, bases)
        for folder in folders
    ]
    departments.sort(key=_rank_key)
    for rank, figures in enumerate((f for f in departments if f.items), 1):
        figures.rank = rank
    return Assessment(departments, _figures("", TOTAL_NAME, catalogue.guides, diagnostics, valid, scores, bases))


def _rank_key(f: Figures) -> tuple[bool, float, int, int, str]:
    completeness = f.mean_completeness
    return (completeness is None, -(completeness or 0.0), f.errors, f.warnings, f.id)


def _folder(path: str, root: Path) -> str | None:
    """The department folder a file belongs to, or None for a file outside any department folder."""
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return Path(path).parent.name if len(relative.parts) >= 2 else None


def _figures(id: str, name: str, guides: Iterable[Guide], diagnostics: list[Diagnostic], valid: set[str],
             scores: dict[str, float], bases: dict[str, int]) -> Figures:
    """`scores`, `bases`: each guide's completeness and number of valid bases, by its file."""
    guides = list(guides)
    active = [g for g in guides if g.status == ACTIVE]
    counts = {status: 0 for status in statuses()}
    for guide in guides:
        if guide.status is not None:
            counts[guide.status] = counts.get(guide.status, 0) + 1
    missing = Counter(name for g in guides for name in g.missing)
    ratios = (compression(g.time_limit.statutory, g.time_limit.promised) for g in active)
    invalid = {d.path for d in diagnostics if d.severity is Severity.ERROR
               and d.path not in valid and Path(d.path).name != PROFILE_NAME}
    return Figures(
        id=id, name=name, by_status=counts, active=len(active),
        immediate=sum(g.time_limit.kind == "即办件" for g in active),
        compressions=[r for r in ratios if r is not None],
        online_full=sum(g.online.depth == "全程网办" for g in active),
        zero_visits=sum(g.visits == 0 for g in active),
        at_most_one_visit=sum(g.visits is not None and g.visits <= 1 for g in active),
        charged=sum(g.fees.charged is True for g in active),
        bases=sum(len(g.basis) for g in active),
        valid_bases=sum(bases[g.source] for g in active),
        completeness={g.id: scores[g.source] for g in guides},
        missing=dict(sorted(missing.items(), key=lambda item: (-item[1], item[0]))),
        errors=sum(d.severity is Severity.ERROR for d in diagnostics),
        warnings=sum(d.severity is Severity.WARNING for d in diagnostics),
        invalid_files=len(invalid),
        unstated=sum(g.status is None for g in guides),
    )
