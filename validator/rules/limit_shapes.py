"""How a guide writes its time limits: as laws and old guides do, but so that a citizen learns how long it takes.

A limit only `stated` (办理时限 without 法定 or 承诺) and a limit in 「日」 are warnings that say what to add,
never a reason to hold back a guide that states its limit in the law's own words. Step limits that certainly
exceed the promised limit are an error; step limits without a total a warning; no limit anywhere an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import DataPath, Example, Severity
from ..model import Duration, Guide, Step
from .base import Context, Finding, guide_rule, phrases
from .durations import DAY, Case, cases, certainly_exceeds, counted, paths, total_text

SHAPES_BASE = "shichang/shipin-jingying-xuke"  # a 承诺件: statutory 10, promised 5 working days; three steps
STEPS = "process[].duration", "process[].when", "process[].name", "process[].actor"
TIMES = ("time_limit.statutory", "time_limit.promised", "time_limit.stated", "time_limit.by_situation")
# The base without any limit: no statutory or promised, no step durations.
UNTIMED = ("time_limit.statutory", "time_limit.promised", *(f"process[{i}].duration" for i in range(1, 5)))
NO_PROCEDURE_LIMIT = ("time_limit.excluded[0].limit",)
_LABELS = {"statutory": "法定办结时限", "promised": "承诺办结时限", "stated": "办理时限"}


def _limits(text: str, line: int = 1, also: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> Example:
    return Example(text, into="time_limit", line=line, base=SHAPES_BASE, also=also, drop=drop)


@guide_rule("T208", "办理时限没有说明是法定还是承诺", Severity.WARNING, (
    "原指南只写“办理时限：12 个工作日”，没有说是法律规定的法定时限，还是本部门承诺的时限。照原文写在 stated 中可以发布，"
    "但群众和考核都需要知道：核实后把它移到 statutory（法定）或 promised（承诺）。已经写了承诺时限的不再提示。"),
    reads=TIMES,
    bad=_limits("stated: {value: 12, unit: 工作日}", drop=("time_limit.statutory", "time_limit.promised")),
    good=_limits("promised: {value: 12, unit: 工作日}", drop=("time_limit.statutory",)))
def stated_says_which(guide: Guide, context: Context) -> Iterator[Finding]:
    for case in cases(guide):
        if case.stated is not None and case.promised is None and case.writes("stated"):
            yield Finding(case.at("stated"), f"{case.label()}办理时限 {case.stated.text()} 没有说明是法定时限还是承诺时限。",
                          "核实后移到 statutory（法律法规规定的法定办结时限）或 promised（本部门承诺的办结时限）；"
                          "两者都有的分别写明。")


def _durations(guide: Guide) -> Iterator[tuple[DataPath, str, Duration]]:
    """Every duration of a guide: (its path, what it is, it)."""
    for case in cases(guide):
        for name in ("statutory", "promised", "stated"):
            duration = getattr(case, name)
            if duration is not None and (not case.entry or name in case.own):
                yield case.at(name), f"{case.label()}{_LABELS[name]}", duration
    for index, procedure in enumerate(guide.time_limit.excluded):
        if procedure.limit is not None:
            yield ("time_limit", "excluded", index, "limit"), f"特别程序「{procedure.name}」的时限", procedure.limit
    for index, step in enumerate(guide.process):
        if step.duration is not None:
            yield ("process", index, "duration"), f"环节「{step.name}」的时限", step.duration


@guide_rule("T209", "时限只写了“日”", Severity.WARNING, (
    "法律条文常写“二十日内”，没有说是工作日还是自然日，差别可达一周以上。照原文写 unit: 日 可以发布，"
    "但请核实后写明 工作日 或 自然日。《中华人民共和国行政许可法》第八十二条：本法规定的行政机关实施行政许可的期限"
    "以工作日计算，不含法定节假日。比较时限时，“日”按两种读法都算，只报告确定的矛盾。"),
    reads=(*TIMES, "time_limit.excluded", "process[].duration", "process[].name"),
    bad=_limits("promised: {value: 5, unit: 日}"), good=_limits("promised: {value: 5, unit: 工作日}"))
def day_says_which(guide: Guide, context: Context) -> Iterator[Finding]:
    for path, label, duration in _durations(guide):
        if duration.unit == DAY and not duration.none:
            yield Finding((*path, "unit"), f"{label}「{duration.value} 日」没有说明是工作日还是自然日。",
                          "核实后把 unit 改为 工作日 或 自然日（行政许可法第八十二条：行政许可的期限以工作日计算，不含法定节假日）。")


def _uncounted(step: Step, excluded: set[str]) -> bool:
    """A step outside the limit's clock: the applicant's own (the clock starts at 受理), a special procedure
    (公示, 听证 …) or one the guide excludes, or issuing and delivering the result after the decision
    (行政许可法 第四十四条 gives 颁发、送达 ten days of their own)."""
    words = phrases()
    return step.actor == "申请人" or any(word in step.name for word in (*words["special_procedures"], *words["after_decision_steps"], *excluded))


def _limit_of(case: Case) -> tuple[str, Duration] | None:
    for name in ("promised", "stated"):
        duration = getattr(case, name)
        if counted(duration):
            return name, duration
    return None


@guide_rule("T210", "各环节时限之和超过办结时限", Severity.ERROR, (
    "办理流程的每个环节都写了时限时，它们的和就是至少要用的时间。这个和确定超过承诺时限（没有承诺时限时为办理时限），"
    "说明两处必有一处写错了。不计入的环节：申请人自己的环节（申请），公示、听证、专家评审等特别程序，作出决定后的"
    "颁发、送达（行政许可法第四十四条另有十日）。当场办结的事项不比较（写了时限的环节是网上或邮寄等其他渠道的）。单位不同时按最保守的方式换算，“日”按两种读法都算。"
    "有办理情形的，按每种情形实际要走的环节计算。"),
    reads=(*TIMES, "time_limit.excluded[].name", *STEPS),
    bad=Example("process:\n  - name: 申请\n  - name: 受理\n    duration: {value: 3, unit: 工作日}\ntime_limit:\n"
                "  promised: {value: 5, unit: 工作日}", base=SHAPES_BASE, line=6),
    good=Example("process:\n  - name: 申请\n  - name: 受理\n    duration: {value: 1, unit: 工作日}\ntime_limit:\n"
                 "  promised: {value: 5, unit: 工作日}", base=SHAPES_BASE))
def steps_fit_the_limit(guide: Guide, context: Context) -> Iterator[Finding]:
    excluded = {p.name for p in guide.time_limit.excluded if p.name}
    for case in cases(guide):
        limit = _limit_of(case)
        if limit is None or not case.writes(limit[0]):
            continue
        name, duration = limit
        if duration.value == 0:  # 当场办结 at the window: timed steps of a 即办件 are another channel's (online, by post)
            continue
        for situation, steps in paths(guide, case):
            counted_steps = [s for s in steps if not _uncounted(s, excluded)]
            if not counted_steps or not all(counted(s.duration) for s in counted_steps):
                continue
            durations = [s.duration for s in counted_steps]
            if certainly_exceeds(durations, duration):  # type: ignore[arg-type]
                what = f"「{situation}」要走的" if situation else ""
                yield Finding(case.at(name), f"{case.label()}{what}各环节时限合计 {total_text(durations)}（{len(durations)} 个环节），"  # type: ignore[arg-type]
                              f"超过了{_LABELS[name]} {duration.text()}。",
                              "核对各环节的时限和办结时限，改正写错的一处；不计入时限的特别程序（公示、听证、专家评审等）写在 time_limit.excluded 中。")
                break


def _has_total(case: Case) -> bool:
    return any(counted(getattr(case, name)) for name in ("statutory", "promised", "stated"))


@guide_rule("T211", "只有各环节时限，没有办结时限", Severity.WARNING, (
    "指南只给了每个环节的时限（如 7 日、7 日、15 日），没有写整个事项多久办结。群众要自己相加，还不知道环节之间"
    "是否另有等待。请写明承诺办结时限（promised），有法定时限的一并写明（statutory）。"),
    reads=(*TIMES, "process[].duration", "process[].name"),
    bad=Example("time_limit:\n  kind: 承诺件", base=SHAPES_BASE, drop=("time_limit.statutory", "time_limit.promised")),
    good=Example("time_limit:\n  kind: 承诺件\n  promised: {value: 5, unit: 工作日}", base=SHAPES_BASE, drop=("time_limit.statutory",)))
def steps_need_a_total(guide: Guide, context: Context) -> Iterator[Finding]:
    own = cases(guide)[0]
    timed = [step for step in guide.process if counted(step.duration)]
    if _has_total(own) or not timed:
        return
    listed = "、".join(f"{s.name} {s.duration.text()}" for s in timed)  # type: ignore[union-attr]
    yield Finding(("time_limit",), f"办理时限只写在各环节中（{listed}），没有写整个事项的办结时限。",
                  f"各环节时限合计 {total_text(s.duration for s in timed)}（{len(timed)} 个环节有时限）：核实后在 time_limit 中写明"  # type: ignore[misc]
                  "承诺办结时限 promised（有法定时限的写 statutory），例如 promised: {value: 20, unit: 工作日}。", key=True)


@guide_rule("T212", "没有任何办理时限", Severity.ERROR, (
    "办理时限是群众最关心的几件事之一。指南既没有法定、承诺时限，也没有照原文写的办理时限（stated）、"
    "分情形时限或任何环节的时限。至少写明一种；法律没有规定时限的，写 statutory: {none: true, note: …} 并写明承诺时限。"),
    reads=(*TIMES, "process[].duration"),
    bad=Example("time_limit:\n  kind: 承诺件", base=SHAPES_BASE, drop=UNTIMED),
    good=Example("time_limit:\n  kind: 承诺件\n  promised: {value: 5, unit: 工作日}", base=SHAPES_BASE, drop=UNTIMED))
def some_limit_exists(guide: Guide, context: Context) -> Iterator[Finding]:
    limit = guide.time_limit
    if any(getattr(limit, name) is not None for name in ("statutory", "promised", "stated")) or limit.by_situation:
        return
    if any(step.duration is not None for step in guide.process):
        return
    yield Finding(("time_limit",), "没有写任何办理时限：法定、承诺、办理时限和各环节时限都没有。",
                  "写明承诺办结时限（promised），有法定时限的写 statutory；原指南只写“办理时限”的照写在 stated 中。", key=True)


@guide_rule("T213", "特别程序没有写时限", Severity.WARNING, (
    "不计入办理时限的特别程序（听证、专家评审、现场勘查……）要让申请人知道大约多久。《中华人民共和国行政许可法》"
    "第四十五条：行政机关应当将所需时间书面告知申请人。法律法规规定了时限的照写；没有规定的，写 "
    "limit: {none: true, note: 按实际需要的时间，书面告知申请人}。"),
    reads=("time_limit.excluded",),
    bad=_limits("excluded:\n  - name: 听证、专家评审", line=2, drop=NO_PROCEDURE_LIMIT),
    good=_limits("excluded:\n  - name: 听证、专家评审\n    limit: {none: true, note: 按实际需要的时间，书面告知申请人}", drop=NO_PROCEDURE_LIMIT))
def special_procedures_say_how_long(guide: Guide, context: Context) -> Iterator[Finding]:
    for index, procedure in enumerate(guide.time_limit.excluded):
        if procedure.limit is None:
            yield Finding(("time_limit", "excluded", index, "name"), f"特别程序「{procedure.name}」没有写时限。",
                          "法律法规规定了时限的照写，例如 limit: {value: 20, unit: 工作日}；没有规定的，写 "
                          "limit: {none: true, note: 按实际需要的时间，书面告知申请人}。")


RULES = (  # listed in check/registry.py
    stated_says_which,
    day_says_which,
    steps_fit_the_limit,
    steps_need_a_total,
    some_limit_exists,
    special_procedures_say_how_long,
)
