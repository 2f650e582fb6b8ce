"""Time arithmetic the time-limit rules share, conservative by design: a limit is "certainly" longer only
when it is longer however its units are read.

- 工作日 and 自然日 compare directly in the same unit; N 工作日 last at least N + 2×⌊(N−1)/5⌋ 自然日
  (every 5 working days cross a weekend), and nothing certain can be said the other way round (holidays).
- 「日」 is read both ways: a comparison holds only if it holds with 「日」 as 工作日 and as 自然日.
- The cases of a guide: its own limits, then each `time_limit.by_situation` entry with what it does not
  write taken from the guide's own (`Case`); an entry writing promised or stated replaces both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..diagnostics import DataPath
from ..model import Duration, Guide, Step, TimeLimit, model

WORKING, CALENDAR, DAY = "工作日", "自然日", "日"
LIMIT_FIELDS = ("statutory", "promised", "stated")


def shortest_calendar_span(working_days: int) -> int:
    """The fewest calendar days N working days can take: every 5 working days cross a weekend."""
    return working_days + 2 * ((working_days - 1) // 5) if working_days > 0 else 0


def counted(duration: Duration | None) -> bool:
    """A duration with a number: not absent, not `none: true`."""
    return duration is not None and not duration.none and duration.value is not None and duration.unit is not None


def readings(unit: str) -> tuple[str, ...]:
    return (WORKING, CALENDAR) if unit == DAY else (unit,)


def certainly_longer(longer: Duration, shorter: Duration) -> bool:
    """Whether `longer` exceeds `shorter` however their units are read (both must be `counted`)."""
    assert longer.value is not None and shorter.value is not None and longer.unit and shorter.unit
    if longer.unit == shorter.unit:  # the same word, from the same law: read alike
        return longer.value > shorter.value
    return all(_longer(longer.value, a, shorter.value, b) for a in readings(longer.unit) for b in readings(shorter.unit))


def _longer(value: int, unit: str, other: int, other_unit: str) -> bool:
    if unit == other_unit:
        return value > other
    if unit == WORKING:  # working days against calendar days: the shortest span they can take
        return shortest_calendar_span(value) > other
    return False  # calendar days against working days: holidays make it uncertain


def least_total(durations: Iterable[Duration], unit: str) -> int:
    """The least length, in `unit` (工作日 or 自然日), of durations that run one after another."""
    working = calendar = either = 0
    for d in durations:
        if not counted(d):
            continue
        assert d.value is not None
        if d.unit == WORKING:
            working += d.value
        elif d.unit == CALENDAR:
            calendar += d.value
        else:
            either += d.value
    if unit == WORKING:
        return working  # calendar days may all fall on holidays; 「日」 read as 自然日 likewise
    return shortest_calendar_span(working) + calendar + either


def certainly_exceeds(durations: list[Duration], limit: Duration) -> bool:
    """Whether durations in a row certainly take longer than `limit` (which must be `counted`)."""
    assert limit.value is not None and limit.unit
    return all(least_total(durations, unit) > limit.value for unit in readings(limit.unit))


def total_text(durations: Iterable[Duration]) -> str:
    """Durations added up per unit: "29 日", "15 个工作日 + 7 自然日"."""
    sums: dict[str, int] = {}
    for d in durations:
        if counted(d):
            sums[d.unit] = sums.get(d.unit, 0) + d.value  # type: ignore[index, operator]
    return " + ".join(Duration(value, unit).text() for unit, value in sums.items())


@model
class Case:
    """The limits that hold in one case: the guide's own (`entry` None), or a `by_situation` entry's, where what
    the entry does not write is the guide's own."""

    path: DataPath  # ("time_limit",) or ("time_limit", "by_situation", i)
    when: tuple[str, ...]
    kind: str | None
    statutory: Duration | None
    promised: Duration | None
    stated: Duration | None
    own: frozenset[str]  # what this case writes itself: "kind", "statutory", "promised", "stated"

    @property
    def entry(self) -> bool:
        return bool(self.when)

    def label(self) -> str:
        """The prefix a message about an entry starts with: 「继承、受遗赠」情形下，"""
        return f"「{'、'.join(self.when)}」情形下，" if self.when else ""

    def at(self, name: str) -> DataPath:
        return (*self.path, name)

    def writes(self, *names: str) -> bool:
        """Whether the case writes any of these itself (the guide's own case writes all it has)."""
        return not self.entry or any(name in self.own for name in names)


def cases(guide: Guide) -> tuple[Case, ...]:
    """The guide's own case, then one per `by_situation` entry. The last guide's are kept: the time-limit rules ask
    for them one after the other (nine of them, for every guide of a check)."""
    global _last
    last = _last  # read once: another thread may replace it
    if last is not None and last[0] is guide:
        return last[1]
    found = tuple(_cases(guide.time_limit))
    _last = (guide, found)
    return found


_last: tuple[Guide, tuple[Case, ...]] | None = None


def _cases(limit: TimeLimit) -> Iterator[Case]:
    own = frozenset(name for name in ("kind", *LIMIT_FIELDS) if getattr(limit, name) is not None)
    yield Case(("time_limit",), (), limit.kind, limit.statutory, limit.promised, limit.stated, own)
    for index, entry in enumerate(limit.by_situation):
        written = frozenset(name for name in ("kind", *LIMIT_FIELDS) if getattr(entry, name) is not None)
        # An entry that gives the citizen's limit (promised or stated) gives all of it: neither is the guide's then.
        promised, stated = (entry.promised, entry.stated) if written & {"promised", "stated"} else (limit.promised, limit.stated)
        yield Case(("time_limit", "by_situation", index), entry.when, entry.kind or limit.kind,
                   entry.statutory or limit.statutory, promised, stated, written)


def paths(guide: Guide, case: Case) -> Iterator[tuple[str | None, list[Step]]]:
    """(situation, the steps certainly on its way) for each situation a case covers; for the guide's own case
    (None, the steps that apply always)."""
    for situation in case.when or (None,):
        yield situation, [step for step in guide.process if not step.when or situation in step.when]
