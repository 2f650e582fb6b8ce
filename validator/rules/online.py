"""Online service depth against the number of visits."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule


@guide_rule("O501", "全程网办却要到现场", Severity.ERROR, (
    "全程网办的意思是申请、受理、审查、决定、送达全部在网上完成，群众一次也不用跑，到现场次数只能是 0。"
    "需要到现场核验原件的，网办深度应为“原件预审”或“原件核验”。"),
    reads=("online.depth", "visits"),
    bad=Example("online:\n  depth: 全程网办\nvisits: 1\nvisit_reason: 须现场核验营业场所。", line=3), good=Example("online:\n  depth: 全程网办\nvisits: 0"))
def fully_online_means_no_visit(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.online.depth == "全程网办" and guide.visits > 0:
        yield Finding(("visits",), f"网上办理深度是全程网办，但到现场次数是 {guide.visits} 次。",
                      "确实不用到现场的，写 visits: 0；须到现场的，把网办深度改为原件预审或原件核验。")


@guide_rule("O502", "不支持网办却写零跑腿", Severity.WARNING, (
    "不支持网上办理、又一次都不用到现场，群众怎么申请？通常是到现场次数写错了，或者其实可以网上或邮寄办理。"
    "请核对：须到窗口的写实际次数和原因（visit_reason）；可以邮寄或网上办理的，改正网办深度并在 online.note 中说明。"),
    reads=("online.depth", "visits"),
    bad=Example("online:\n  depth: 不支持网办\nvisits: 0", line=3),
    good=Example("online:\n  depth: 不支持网办\nvisits: 1\nvisit_reason: 须本人到场签字确认。"))
def offline_needs_a_way_in(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.online.depth == "不支持网办" and guide.visits == 0:
        yield Finding(("visits",), "网上办理深度是不支持网办，到现场次数却是 0，指南没有说明群众怎样提出申请。",
                      "写明实际要到现场的次数和原因；可以邮寄或网上申请的，改正网办深度并在 online.note 中说明。")


RULES = (fully_online_means_no_visit, offline_needs_a_way_in)  # listed in check/registry.py
