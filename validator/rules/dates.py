"""Dates (updated not in the future, not stale) and themes that fit the audience.

A result without a `sample` (domain.md lists it as a warning) has no rule yet: no sample guide
ships result sample files, so every guide would carry the warning and hide the useful ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule, phrases

ORGANISATIONS = ("企业法人", "事业法人", "社会组织法人", "非法人企业", "行政机关", "其他组织")


def _updated(guide: Guide) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(guide.updated)
    except ValueError:  # the schema reports malformed dates
        return None


@guide_rule("D701", "更新日期在未来", Severity.ERROR, (
    "updated 是指南内容最后一次核对、修改的日期，不能晚于今天。写成未来的日期，多半是年份或月份打错了，"
    "也会让“多久没有更新”的检查失效。"),
    reads=("updated",),
    bad=Example('updated: "2062-10-15"'), good=Example('updated: "2026-10-15"'))
def updated_not_in_future(guide: Guide, context: Context) -> Iterator[Finding]:
    updated = _updated(guide)
    if updated is not None and updated > context.today:
        # today is in the hint, not the message: a message stays the same from day to day (what a baseline records)
        yield Finding(("updated",), f"更新日期 {updated.isoformat()} 晚于今天。",
                      f"今天是 {context.today.isoformat()}：写实际核对、修改指南的日期（通常就是今天）。")


@guide_rule("D702", "指南长期没有更新", Severity.WARNING, (
    "法律法规、收费标准、办公地点和电话都会变。超过规定天数（pyproject.toml 的 [tool.guides] stale-days，默认 365 天）"
    "没有更新的指南，应当由部门重新核对一遍，核对无误也要把 updated 改为核对的日期。"),
    reads=("updated",),
    bad=Example('updated: "2023-03-01"'), good=Example('updated: "2026-10-15"'))
def updated_recently(guide: Guide, context: Context) -> Iterator[Finding]:
    updated = _updated(guide)
    if updated is None:
        return
    age = (context.today - updated).days
    if age > context.stale_days:
        yield Finding(("updated",), f"指南最后更新于 {updated.isoformat()}，超过 {context.stale_days} 天没有更新。",
                      f"已有 {age} 天没有更新：请部门重新核对依据、材料、时限、地点和电话，核对后把 updated 改为核对的日期。")


@guide_rule("A901", "服务主题与服务对象不符", Severity.WARNING, (
    "服务主题决定事项出现在网站的哪个栏目下。面向个人的主题（户籍办理、婚姻登记、就业创业……）要求服务对象包括自然人；"
    "面向法人的主题（工程建设、投资审批、资质认证……）要求服务对象包括企业法人、事业法人、社会组织法人、非法人企业、"
    "行政机关或其他组织。社会保障、医疗卫生、设立变更、准营准办（个体工商户由自然人申请）等主题两者都适用。"
    "三张清单见 phrases.json 的 themes_person_only、themes_organisation_only、themes_shared。"),
    reads=("audience", "themes"),
    bad=Example("audience: [自然人]\nthemes: [工程建设]", line=2), good=Example("audience: [企业法人, 其他组织]\nthemes: [工程建设]"))
def themes_fit_audience(guide: Guide, context: Context) -> Iterator[Finding]:
    words = phrases()
    audience = "、".join(guide.audience)
    has_person = "自然人" in guide.audience
    has_organisation = any(a in ORGANISATIONS for a in guide.audience)
    for index, theme in enumerate(guide.themes):
        if theme in words["themes_person_only"] and not has_person:
            yield Finding(("themes", index), f"「{theme}」是面向自然人的主题，但服务对象（{audience}）不包括自然人。",
                          "改用面向法人的主题，或者在 audience 中加上自然人（如果个人也能申请）。")
        elif theme in words["themes_organisation_only"] and not has_organisation:
            yield Finding(("themes", index), f"「{theme}」是面向法人的主题，但服务对象只有{audience}。",
                          "改用面向个人的主题，或者在 audience 中加上可以申请的法人或组织。")


RULES = (updated_not_in_future, updated_recently, themes_fit_audience)  # listed in check/registry.py
