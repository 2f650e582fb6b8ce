"""办理情形 (situations): every `when` names an option some question declares, option names are unique, every
option changes something, every question can be asked and offers a choice.

A guide's situations are the options of its questions (`situations[].options[]`); `when: [name, …]` on a material,
a condition, a step, a fee item, a location, a question (a follow-up) or a `time_limit.by_situation` entry says the
item applies when any of them is chosen.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..diagnostics import LINES, DataPath, Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule

BASE = "gongan/jumin-shenfenzheng-huanling"  # 为什么换领 (3 options), 是否已满十六周岁 (2)
CHECKLIST_BASE = "liushu-cun/chengxiang-jumin-yanglao-baoxian-canbao-dengji"  # a one-option checklist (multiple: true)
CHECKLIST_DROP = ("related", "time_limit.by_situation", "ignore")  # guides of other folders; a limit only stated (T208), its ignore
# Where `when` may stand: what Q001 and Q003 read.
WHEN = ("situations", "conditions[].when", "materials[].when", "process[].when", "fees.items[].when", "locations[].when",
        "time_limit.by_situation[].when")
QUESTIONS = ("situations",)


def references(guide: Guide) -> Iterator[tuple[DataPath, str]]:
    """(path of the name in its `when`, the name) for every `when` of the guide."""
    listed = (("conditions", guide.conditions), ("materials", guide.materials), ("process", guide.process),
              ("locations", guide.locations), ("situations", guide.situations))
    for key, items in listed:
        for index, item in enumerate(items):
            for at, name in enumerate(item.when):
                yield (key, index, "when", at), name
    for index, fee in enumerate(guide.fees.items):
        for at, name in enumerate(fee.when):
            yield ("fees", "items", index, "when", at), name
    for index, entry in enumerate(guide.time_limit.by_situation):
        for at, name in enumerate(entry.when):
            yield ("time_limit", "by_situation", index, "when", at), name


def options(guide: Guide) -> Iterator[tuple[DataPath, int, str]]:
    """(path of the option's name, index of its question, the name) for every option."""
    for index, question in enumerate(guide.situations):
        for at, option in enumerate(question.options):
            yield ("situations", index, "options", at, "name"), index, option.name


@guide_rule("Q001", "适用情形不存在", Severity.ERROR, (
    "when 中写的名称必须是 situations 中某个问题的选项名称，一字不差。写错了，这一项就不知道在什么情形下适用，"
    "网站和告知单也无法按情形列出。没有写 situations 的指南，不能写 when。"),
    reads=WHEN,
    bad=Example("when: [姓名变动]", into="materials[2]", base=BASE),
    good=Example("when: [姓名变更]", into="materials[2]", base=BASE))
def when_names_an_option(guide: Guide, context: Context) -> Iterator[Finding]:
    names = [name for _, _, name in options(guide)]
    known = set(names)
    for path, name in references(guide):
        if name in known:
            continue
        if not names:
            yield Finding(path, f"适用情形「{name}」无从对应：本指南没有写办理情形（situations）。",
                          "在 situations 中写出问题和选项（选项名称就是 when 中写的名称），或者删去 when（表示所有情形都适用）。")
            continue
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"您是不是要写「{close[0]}」？" if close else "可以写的情形：" + "、".join(names) + "。"
        yield Finding(path, f"适用情形「{name}」不是本指南任何问题的选项。", hint)


@guide_rule("Q002", "办理情形重名", Severity.ERROR, (
    "选项名称就是情形的名称，when 靠它指明适用的情形，告知单上也印这个名称，所以同一份指南中不能有两个同名的选项，"
    "即使在不同的问题下。请把名称写具体，例如写“已满十六周岁 / 未满十六周岁”，而不是“是 / 否”。"),
    reads=QUESTIONS,
    bad=Example("options: [已满十六周岁, 未满十六周岁, 姓名变更]", into="situations[1]", base=BASE),
    good=Example("options: [已满十六周岁, 未满十六周岁]", into="situations[1]", base=BASE))
def option_names_are_unique(guide: Guide, context: Context) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for path, question, name in options(guide):
        if name in first:
            where = "同一个问题" if first[name] == question else f"第 {first[name] + 1} 个问题「{guide.situations[first[name]].question}」"
            yield Finding(path, f"选项「{name}」与{where}中的选项重名。",
                          "把两个选项的名称写得各不相同（例如加上对象或原因）；确实是同一种情形的，删去一个。")
        else:
            first[name] = question


@guide_rule("Q003", "办理情形不影响任何内容", Severity.WARNING, (
    "每个选项都应当改变点什么：需要的材料、条件、环节、收费、地点或时限，或者引出一个追问。没有任何 when 提到的选项，"
    "申请人选了它和没选一样，徒增一个问题。请在不同的内容上写明 when，或者删去这个选项。"),
    reads=WHEN,
    bad=Example("options: [已满十六周岁, 未满十六周岁, 本人不能到场]", into="situations[1]", base=BASE),
    good=Example("options: [已满十六周岁, 未满十六周岁]", into="situations[1]", base=BASE))
def every_option_matters(guide: Guide, context: Context) -> Iterator[Finding]:
    used = {name for _, name in references(guide)}
    for path, _, name in options(guide):
        if name not in used:
            yield Finding(path, f"选项「{name}」没有被任何 when 提到，选不选它都一样。",
                          "在这种情形下不同的材料、条件、环节、收费、地点或时限上写 when，或者删去这个选项。")


def reachable(guide: Guide) -> set[int]:
    """The questions that can be asked: those without `when`, and follow-ups naming an option of one that can."""
    asked: set[int] = set()
    chosen: set[str] = set()
    grew = True
    while grew:
        grew = False
        for index, question in enumerate(guide.situations):
            if index not in asked and (not question.when or chosen.intersection(question.when)):
                asked.add(index)
                chosen.update(option.name for option in question.options)
                grew = True
    return asked


@guide_rule("Q004", "追问永远不会被问到", Severity.WARNING, (
    "写了 when 的问题是追问，只在前面选了那些情形时才问。如果那些情形所在的问题本身也问不到（例如两个追问互相以对方的"
    "选项为条件，或者以自己的选项为条件），这个追问就永远不会出现，它的选项也就永远不会成立。"),
    reads=QUESTIONS,
    bad=Example("situations:\n  - question: 为什么换领身份证？\n    options: [有效期满或者即将期满, 姓名变更, 证件严重损坏不能辨认]\n"
                "  - question: 申请换领的人是否已满十六周岁？\n    options: [已满十六周岁, 未满十六周岁]\n"
                "  - question: 是否由监护人代为申请？\n    when: [由监护人代为申请]\n    multiple: true\n    options: [由监护人代为申请]",
                into=LINES, base=BASE, line=7),
    good=Example("situations:\n  - question: 为什么换领身份证？\n    options: [有效期满或者即将期满, 姓名变更, 证件严重损坏不能辨认]\n"
                 "  - question: 申请换领的人是否已满十六周岁？\n    options: [已满十六周岁, 未满十六周岁]", into=LINES, base=BASE))
def follow_ups_can_be_asked(guide: Guide, context: Context) -> Iterator[Finding]:
    known = {option.name for question in guide.situations for option in question.options}
    asked = reachable(guide)
    for index, question in enumerate(guide.situations):
        if index in asked or not known.intersection(question.when):
            continue  # a `when` naming no option at all is Q001's
        yield Finding(("situations", index, "when"), f"问题「{question.question}」永远不会被问到：它的提问条件"
                      f"「{'、'.join(question.when)}」所在的问题本身也问不到。",
                      "把提问条件改为一个总会被问到的问题的选项，或者去掉 when（总是提问）。")


@guide_rule("Q005", "单选问题只有一个选项", Severity.WARNING, (
    "单选问题只有一个选项，申请人没有什么可选的。确实只有一种特殊情况要问的，写成可多选（multiple: true）的勾选题，"
    "如“下面的情况有没有？（有的请勾选）”，不勾就表示没有；否则补上其他选项。"),
    reads=QUESTIONS,
    bad=Example("multiple: false", into="situations[0]", base=CHECKLIST_BASE, drop=CHECKLIST_DROP),
    good=Example("multiple: true", into="situations[0]", base=CHECKLIST_BASE, drop=CHECKLIST_DROP))
def a_question_offers_a_choice(guide: Guide, context: Context) -> Iterator[Finding]:
    for index, question in enumerate(guide.situations):
        if len(question.options) == 1 and not question.multiple:
            # at `multiple: false` where it is written, else at the question
            yield Finding(("situations", index, "multiple"), f"问题「{question.question}」只有一个选项「{question.options[0].name}」，没有可选的。",
                          "改成勾选题（multiple: true，问“下面的情况有没有？”），或者补上其他选项。")


RULES = (  # listed in check/registry.py
    when_names_an_option,
    option_names_are_unique,
    every_option_matters,
    follow_ups_can_be_asked,
    a_question_offers_a_choice,
)
