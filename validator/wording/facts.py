"""The few facts a citizen looks for first, as plain sentences (not yet escaped).

The summary box, the printed notice, the indexes and the CSV all say them the same way.
"""

from __future__ import annotations

from ..model import Duration, Guide


def time_text(guide: Guide) -> str:
    """即办：当场办结 / 承诺 10 个工作日办结 / 办理时限 12 个工作日 / 法定 20 个工作日办结: the first limit given."""
    limit = guide.time_limit
    promised = limit.promised
    if promised is not None:
        if promised.value == 0 and not promised.none:
            return "即办：当场办结"
        if promised.none:
            return "承诺时限：" + promised.text()
        return f"承诺 {promised.text()}办结"
    if limit.stated is not None:
        return "办理时限：" + limit.stated.text()
    if limit.statutory is not None:
        return f"法定 {limit.statutory.text()}办结" if not limit.statutory.none else "法定时限：" + limit.statutory.text()
    return "各情形时限不同，见办理时限" if limit.by_situation else "办理时限见办理流程"


def limit_text(duration: Duration | None) -> str:
    """A limit as `Duration.text`, or "" where none is given."""
    return duration.text() if duration is not None else ""


def duration_text(duration: Duration) -> str:
    return duration.text() + (f"（{duration.note}）" if duration.note else "")


def fee_text(guide: Guide) -> str:
    if not guide.fees.charged:
        return "不收费"
    return "；".join(f"{item.name} {item.standard}" for item in guide.fees.items) or "收费"


def visits_text(guide: Guide) -> str:
    if guide.visits is None:  # a partial guide
        return "未注明"
    if guide.visits == 0:
        return "跑 0 次（不用到现场）"
    return f"最多跑 {guide.visits} 次"


def is_inactive(guide: Guide) -> bool:
    return guide.status != "在用"


def status_banner(guide: Guide) -> str:
    """The headline of the 暂停 / 取消 banner."""
    if guide.status == "取消":
        return "本事项已取消，不再受理"
    return "本事项暂停办理"
