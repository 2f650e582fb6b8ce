"""The few facts a citizen looks for first, as plain sentences (not yet escaped).

The summary box, the printed notice, the indexes and the CSV all say them the same way.
"""

from __future__ import annotations

from ..model import Duration, Guide, Material, SituationLimit, When


def time_text(guide: Guide) -> str:
    """即办：当场办结 / 承诺 10 个工作日办结 / 办理时限 12 个工作日 / 法定 20 个工作日办结: the first limit given."""
    limit = guide.time_limit
    promised = limit.promised
    if promised is not None:
        if promised.value == 0 and not promised.none:
            return "即办：当场办结"
        if promised.none:
            return "承诺时限：" + promised.text()
        return f"承诺 {_days(promised)}内办结"
    if limit.stated is not None:
        return "办理时限：" + limit.stated.text()
    if limit.statutory is not None:
        return f"法定 {_days(limit.statutory)}内办结" if not limit.statutory.none else "法定时限：" + limit.statutory.text()
    return "各情形时限不同，见办理时限" if limit.by_situation else "办理时限见办理流程"


def _days(duration: Duration) -> str:
    """A count of days as people say it: 20 天 (自然日 counts every day), 10 个工作日."""
    return f"{duration.value} 天" if duration.unit == "自然日" else duration.text()


def limit_text(duration: Duration | None) -> str:
    """A limit as the law words it, from when it counts: 自公示期满之日起 10 个工作日; "" where none is given."""
    if duration is None:
        return ""
    text = duration.text() + ("（原文未注明工作日或自然日）" if duration.unit == "日" and not duration.none else "")
    return f"{duration.start} {text}" if duration.start and not duration.none else text


def duration_text(duration: Duration) -> str:
    return limit_text(duration) + (f"（{duration.note}）" if duration.note else "")


def situations_text(when: When) -> str:
    """The situations an item applies to, as the page and the sheet print them: 姓名变更、未满十六周岁."""
    return "、".join(when)


def needed_text(material: Material) -> str:
    """When a conditional material is needed: 以下情况需要提供：未满十六周岁；委托他人代为申请的. "" for every case."""
    parts = [f"以下情况需要提供：{situations_text(material.when)}"] if material.when else []
    if material.when_note:
        parts.append(material.when_note if material.when else f"需要提供的情形：{material.when_note}")
    return "；".join(parts)


def situation_limit_text(limit: SituationLimit) -> str:
    """One 分情形时限 in a line: 继承（无公证书）：承诺 自询问继承人之日起 10 个工作日（…）."""
    parts = [limit.kind] if limit.kind else []
    parts += [f"{label} {duration_text(d)}" for label, d in (("法定", limit.statutory), ("承诺", limit.promised),
                                                               ("办理时限", limit.stated)) if d is not None]
    return f"{situations_text(limit.when)}：{'，'.join(parts)}" + (f"。{limit.note}" if limit.note else "")


def questions_text(guide: Guide) -> str:
    """The guide's situations in a line: 为什么换领身份证？有效期满或者即将期满、姓名变更；…"""
    return "；".join(q.question + ("（可多选）" if q.multiple else "") + "、".join(o.name for o in q.options)
                    for q in guide.situations)


def fee_text(guide: Guide) -> str:
    if not guide.fees.charged:
        return "不收费"
    return "；".join(f"{item.name} {item.standard}" + (f"（{situations_text(item.when)}）" if item.when else "")
                    for item in guide.fees.items) or "收费"


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
