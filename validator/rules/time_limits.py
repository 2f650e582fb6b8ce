"""Time limits: promised against statutory (honest about 工作日 vs 自然日), kind, special procedures, compression.

Each rule looks at the guide's own limits and at every `time_limit.by_situation` entry (what an entry does not
write is the guide's own); an entry is reported only on what it writes itself. How limits are written (only
stated, 「日」, steps, none at all) is `limit_shapes`'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Duration, Guide
from .base import Context, Finding, guide_rule, phrases
from .durations import CALENDAR, WORKING, Case, cases, certainly_longer, counted, shortest_calendar_span

PROMISED_BASE = "shichang/shipin-jingying-xuke"  # a 承诺件: statutory 10, promised 5 working days
LIMITS = ("time_limit.kind", "time_limit.statutory", "time_limit.promised", "time_limit.by_situation")


def _limits(text: str, line: int = 1, also: tuple[str, ...] = ()) -> Example:
    """An example written inside time_limit."""
    return Example(text, into="time_limit", line=line, base=PROMISED_BASE, also=also)


def _pair(case: Case) -> tuple[Duration, Duration] | None:
    """(statutory, promised) where both have a number and the case writes one of them itself."""
    if counted(case.statutory) and counted(case.promised) and case.writes("statutory", "promised"):
        return case.statutory, case.promised  # type: ignore[return-value]
    return None


def _where(case: Case) -> tuple[str | int, ...]:
    """A finding on the promised limit: at the case's own promised, else at its own statutory."""
    return case.at("promised" if case.writes("promised") else "statutory")


@guide_rule("T201", "承诺时限超过法定时限", Severity.ERROR, (
    "承诺办结时限是部门对群众的承诺，只能比法定办结时限短，不能更长。单位不同时按最保守的方式换算："
    "N 个工作日至少跨越 N + 2×⌊(N−1)/5⌋ 个自然日（每 5 个工作日至少有一个周末）；写“日”的按工作日和自然日两种读法，"
    "都超过才算超过；只有确定超过时才报错。分情形时限（by_situation）逐项比较。"),
    reads=("time_limit.statutory", "time_limit.promised", "time_limit.by_situation"),
    bad=_limits("statutory: {value: 15, unit: 工作日}\npromised: {value: 20, unit: 工作日}", line=2, also=("T207",)),
    good=_limits("statutory: {value: 15, unit: 工作日}\npromised: {value: 10, unit: 工作日}"))
def promised_within_statutory(guide: Guide, context: Context) -> Iterator[Finding]:
    for case in cases(guide):
        pair = _pair(case)
        if pair is None or not certainly_longer(pair[1], pair[0]):
            continue
        statutory, promised = pair
        if promised.unit == WORKING and statutory.unit == CALENDAR:
            span = shortest_calendar_span(promised.value)  # type: ignore[arg-type]
            yield Finding(_where(case), f"{case.label()}承诺时限 {promised.text()} 至少要 {span} 个自然日，超过了法定时限 {statutory.text()}。",
                          "两者单位不同：工作日不含周末和节假日。请按法定时限的单位（自然日）重新核定承诺时限。")
        else:
            yield Finding(_where(case), f"{case.label()}承诺时限 {promised.text()} 超过了法定时限 {statutory.text()}。",
                          f"承诺时限不能长于法定时限：改为不超过 {statutory.text()}（并尽量压缩）。")


@guide_rule("T202", "时限单位不同，无法确定是否超期", Severity.WARNING, (
    "承诺时限以自然日计、法定时限以工作日计时，自然日数多于法定工作日数是否超期取决于期间有多少节假日，"
    "无法确定。请把承诺时限改用与法定时限相同的单位，让群众和考核都能直接比较。"),
    reads=("time_limit.statutory", "time_limit.promised", "time_limit.by_situation"),
    bad=_limits("statutory: {value: 20, unit: 工作日}\npromised: {value: 25, unit: 自然日}", line=2),
    good=_limits("statutory: {value: 20, unit: 工作日}\npromised: {value: 10, unit: 工作日}"))
def units_comparable(guide: Guide, context: Context) -> Iterator[Finding]:
    for case in cases(guide):
        pair = _pair(case)
        if pair is None:
            continue
        statutory, promised = pair
        if promised.unit == CALENDAR and statutory.unit == WORKING and promised.value > statutory.value:  # type: ignore[operator]
            yield Finding(_where(case), f"{case.label()}承诺时限 {promised.text()} 与法定时限 {statutory.text()} 单位不同，"
                          "遇到节假日时可能超过法定时限。", "把承诺时限改用工作日计算，与法定时限统一。")


@guide_rule("T203", "即办件的承诺时限不是当场", Severity.ERROR, (
    "即办件是当场办结的事项，承诺时限应写 value: 0（当场办结）。需要几天才能办完的，应当是承诺件。"),
    reads=("time_limit.kind", "time_limit.promised", "time_limit.by_situation"),
    bad=_limits("kind: 即办件\npromised: {value: 3, unit: 工作日}", line=2, also=("T210",)), good=_limits("kind: 即办件\npromised: {value: 0, unit: 工作日}"))
def immediate_means_zero(guide: Guide, context: Context) -> Iterator[Finding]:
    for case in cases(guide):
        promised = case.promised
        if (case.kind == "即办件" and promised is not None and (promised.none or (promised.value or 0) > 0)
                and case.writes("kind", "promised")):
            yield Finding(_where(case) if case.writes("promised") else case.at("kind"),
                          f"{case.label()}办件类型是即办件，但承诺时限是 {promised.text()}。",
                          "当场能办结的写 value: 0；否则把办件类型改为承诺件。")


@guide_rule("T204", "承诺件的承诺时限为当场", Severity.ERROR, (
    "承诺件是在承诺期限内办结的事项。承诺时限为 0（当场办结）的，应当是即办件。"),
    reads=("time_limit.kind", "time_limit.promised", "time_limit.by_situation"),
    bad=_limits("kind: 承诺件\npromised: {value: 0, unit: 工作日}"), good=_limits("kind: 即办件\npromised: {value: 0, unit: 工作日}"))
def promised_kind_needs_days(guide: Guide, context: Context) -> Iterator[Finding]:
    for case in cases(guide):
        if case.kind == "承诺件" and case.promised is not None and case.promised.value == 0 and case.writes("kind", "promised"):
            yield Finding(case.at("kind") if case.writes("kind") else _where(case), f"{case.label()}办件类型是承诺件，但承诺时限是当场办结。",
                          "当场办结的事项把办件类型改为即办件；否则写明承诺的天数。")


@guide_rule("T205", "联办机构与办件类型不符", Severity.WARNING, (
    "只有联办件（多个部门联合办理）需要列出联办机构。不是联办件却写了联办机构，群众会以为还要跑别的部门。"),
    reads=("time_limit.kind", "joint_departments"),
    bad=Example("time_limit:\n  kind: 承诺件\njoint_departments: [示例县自然资源局]", base=PROMISED_BASE, line=3),
    good=Example("time_limit:\n  kind: 联办件\njoint_departments: [示例县自然资源局]", base=PROMISED_BASE))
def joint_departments_only_for_joint_kind(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.joint_departments and guide.time_limit.kind != "联办件":
        yield Finding(("joint_departments",), f"办件类型是{guide.time_limit.kind}，却列出了联办机构。",
                      "确属多部门联合办理的，把办件类型改为联办件；否则删除 joint_departments。", key=True)


@guide_rule("T206", "特别程序不是法定的特别程序", Severity.WARNING, (
    "不计入办理时限的只能是法律法规规定的特别程序（现场核查、听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审、公示等）。"
    "把普通审查环节写成特别程序，等于变相延长时限。"),
    reads=("time_limit.excluded[].name",),
    bad=_limits("excluded:\n  - name: 领导审批\n    limit: {value: 5, unit: 工作日}", line=2),
    good=_limits("excluded:\n  - name: 现场核查\n    limit: {value: 5, unit: 工作日}"))
def special_procedures_are_real(guide: Guide, context: Context) -> Iterator[Finding]:
    allowed = phrases()["special_procedures"]
    for index, procedure in enumerate(guide.time_limit.excluded):
        if not any(word in procedure.name for word in allowed):
            yield Finding(("time_limit", "excluded", index, "name"), f"「{procedure.name}」不是法定的特别程序，不能不计入办理时限。",
                          "特别程序只能是：" + "、".join(allowed) + "。普通环节请计入承诺时限。")


def compression(statutory: Duration | None, promised: Duration | None) -> float | None:
    """(statutory − promised) ÷ statutory when the two limits can be compared (same unit); shared with the assessment."""
    if statutory is None or promised is None:
        return None
    if statutory.none or promised.none or not statutory.value or promised.value is None or statutory.unit != promised.unit:
        return None
    return (statutory.value - promised.value) / statutory.value


@guide_rule("T207", "承诺时限压缩不足", Severity.WARNING, (
    "各地要求承诺时限比法定时限压缩一定比例（常见目标 30%—60%，在 pyproject.toml 的 [tool.guides] "
    "compression-target 中设置，默认 30%）。压缩率 =（法定时限 − 承诺时限）÷ 法定时限，单位相同时才计算。"
    "要求压缩的量不足一个整天（如法定 1 个工作日、目标 30%）时不再要求。分情形时限逐项计算。"),
    reads=LIMITS,
    bad=_limits("statutory: {value: 20, unit: 工作日}\npromised: {value: 18, unit: 工作日}", line=2),
    good=_limits("statutory: {value: 20, unit: 工作日}\npromised: {value: 10, unit: 工作日}"))
def compression_meets_target(guide: Guide, context: Context) -> Iterator[Finding]:
    target = context.compression_target
    for case in cases(guide):
        pair = _pair(case)
        ratio = compression(*pair) if pair is not None else None
        if ratio is None or case.kind == "即办件" or ratio >= target:
            continue
        statutory, promised = pair  # type: ignore[misc]
        if statutory.value * target < 1:  # a cut of less than one whole day or working day: nothing to ask
            continue
        target_days = int(statutory.value * (1 - target))
        yield Finding(_where(case), f"{case.label()}承诺时限 {promised.text()} 比法定时限 {statutory.text()} 只压缩了 {ratio:.0%}，"
                      f"低于 {target:.0%} 的目标。",
                      f"把承诺时限压缩到 {target_days} 个{statutory.unit}以内，或在备注中说明不能压缩的原因。")


RULES = (  # listed in check/registry.py
    promised_within_statutory,
    units_comparable,
    immediate_means_zero,
    promised_kind_needs_days,
    joint_departments_only_for_joint_kind,
    special_procedures_are_real,
    compression_meets_target,
)
