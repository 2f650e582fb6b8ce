"""Across the catalogue: unique codes and ids, one name per item, `related` that exists, department profiles.

These rules see every guide of the catalogue root, also when only one file is checked; only the
findings on the files being checked are reported. X003 and X004 need a catalogue: a file checked
where there is no catalogue root (no guides/ folder) is not held to them.

There is no rule for "impl_code carries another department's credit code": C103 already reports
every credit code in impl_code that is not the guide's own department's.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator

from ..diagnostics import FOLDER, Example, Severity
from ..model import Catalogue, GuideSummary
from .base import Context, Finding, catalogue_rule


def _groups(guides: list[GuideSummary], key: Callable[[GuideSummary], object]) -> Iterator[list[GuideSummary]]:
    """Guides sharing a (non-None) key, in catalogue order, for every key shared by two or more."""
    by_key: dict[object, list[GuideSummary]] = defaultdict(list)
    for guide in guides:
        value = key(guide)
        if value is not None:
            by_key[value].append(guide)
    return (group for group in by_key.values() if len(group) > 1)


def _closest(word: str, candidates: list[str], cutoff: float) -> str | None:
    """`difflib.get_close_matches(word, candidates, n=1, cutoff)[0]`, the same answer without the full
    comparison for every id of a big catalogue: a candidate's quick ratio bounds its ratio from above."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff:
            quick = matcher.quick_ratio()
            if quick >= cutoff:
                bounded.append((quick, candidate))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for quick, candidate in bounded:
        if best is not None and quick < best[0]:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best else None


def _files(guides: list[GuideSummary]) -> str:
    return "、".join(g.source for g in guides)


@catalogue_rule("X001", "编码或编号重复", Severity.ERROR, (
    "一个事项在目录中只能有一份指南。两份指南的业务办理项编码相同，或者实施编码相同而其中一份没有拆分业务办理项，"
    "说明同一个事项写了两遍（常见于复制旧文件改出新文件后忘了改编码）；同一文件夹中文件名相同、只是扩展名不同"
    "（.yaml 与 .yml）的两个文件编号相同，`related` 无法区分。按新设、变更、注销拆分的业务办理项可以共用实施编码，"
    "但业务办理项编码必须各不相同。问题报告在每一份有关的指南上，哪一份是多余的只有部门知道。"),
    reads=("handle_code", "impl_code"),
    bad=Example("# shichang/getihu-sheli-dengji.yaml\nhandle_code: 11369921MB1A01001K400013112800001\n"
        "# shichang/getihu-biangeng-dengji.yaml（复制后忘了改）\nhandle_code: 11369921MB1A01001K400013112800001", line=2),
    good=Example("# shichang/getihu-sheli-dengji.yaml\nhandle_code: 11369921MB1A01001K400013112800001\n"
         "# shichang/getihu-biangeng-dengji.yaml\nhandle_code: 11369921MB1A01001K400013112800002"))
def unique_codes_and_ids(catalogue: Catalogue[GuideSummary], context: Context) -> Iterator[Finding]:
    for group in _groups(catalogue.guides, lambda g: g.id):
        for guide in group:
            others = [g for g in group if g is not guide]
            yield Finding((), f"编号「{guide.id}」与 {_files(others)} 相同：同一文件夹中有两个同名文件。",
                          "删除多余的文件，或给其中一个改名（文件名就是编号的一部分）。", source=guide.source)
    for group in _groups(catalogue.guides, lambda g: g.handle_code):
        for guide in group:
            others = [g for g in group if g is not guide]
            yield Finding(("handle_code",), f"业务办理项编码「{guide.handle_code}」与 {_files(others)} 相同。",
                          "同一业务办理项只写一份指南：删除重复的一份，或改正写错的编码（末 2 位是办理项顺序号）。",
                          source=guide.source)
    for group in _groups(catalogue.guides, lambda g: g.impl_code):
        for guide in group:
            # Guides split by 业务办理项 share the implementation code; each needs its own handle_code.
            others = [g for g in group if g is not guide and (g.handle_code is None or guide.handle_code is None)]
            if others:
                yield Finding(("impl_code",), f"实施编码「{guide.impl_code}」与 {_files(others)} 相同。",
                              "同一实施事项只写一份指南；确实按新设、变更、注销拆分的，每份指南都要写各自的 handle_code。",
                              source=guide.source)


@catalogue_rule("X002", "同一事项名称不一致", Severity.ERROR, (
    "同一个基本编码就是同一个事项，在国家、省、市、县、乡各级必须用同一个名称（与权力清单一致），"
    "群众按名称搜索时才能找全。拆分为业务办理项的指南（写了 handle_code）按“基本编码 + 办理项顺序号”比较名称："
    "设立、变更、注销可以各有名称，但不同层级的同一办理项名称必须相同。"),
    reads=("name", "basic_code", "handle_code"),
    bad=Example("# shichang/getihu-sheli-dengji.yaml\nbasic_code: \"000131128000\"\nname: 个体户开业登记\n"
        "# xiangzhen/getihu-sheli-dengji.yaml\nbasic_code: \"000131128000\"\nname: 个体工商户设立登记", line=3,
                drop=("handle_code",)),
    good=Example("# shichang/getihu-sheli-dengji.yaml\nbasic_code: \"000131128000\"\nname: 个体工商户设立登记\n"
         "# xiangzhen/getihu-sheli-dengji.yaml\nbasic_code: \"000131128000\"\nname: 个体工商户设立登记", drop=("handle_code",)))
def one_name_per_item(catalogue: Catalogue[GuideSummary], context: Context) -> Iterator[Finding]:
    def item(guide: GuideSummary) -> tuple[str, str | None]:
        return guide.basic_code, guide.handle_code[31:] if guide.handle_code else None

    for group in _groups(catalogue.guides, item):
        for guide in group:
            others = [g for g in group if g.name != guide.name]
            if not others:
                continue
            named = "；".join(f"{g.source} 中叫「{g.name}」" for g in others)
            code = f"基本编码「{guide.basic_code}」" + (f"（办理项 {item(guide)[1]}）" if item(guide)[1] else "")
            yield Finding(("name",), f"{code}的事项在这里叫「{guide.name}」，但 {named}。",
                          "同一事项各级名称必须相同：按权力清单中的名称统一改正。", source=guide.source)


@catalogue_rule("X003", "关联事项不存在", Severity.ERROR, (
    "`related` 列出的关联、并联事项写的是另一份指南的编号：部门文件夹名/文件名（不含 .yaml），"
    "如 shichang/getihu-zhuxiao-dengji。编号写错或那份指南已删除、改名，网站上的链接就会失效。"),
    reads=("related",),
    bad=Example("related:\n  - shichang/getihu-zhuxiao", line=2), good=Example("related:\n  - shichang/getihu-zhuxiao-dengji"))
def related_guides_exist(catalogue: Catalogue[GuideSummary], context: Context) -> Iterator[Finding]:
    if not context.root.is_dir():
        return
    ids = sorted({g.id for g in catalogue.guides})
    known = set(ids) | context.guide_ids  # a guide with errors exists: its own errors say what is wrong
    guesses: dict[str, str | None] = {}  # one search per distinct missing id
    for guide in catalogue.guides:
        for index, target in enumerate(guide.related):
            if target in known or not context.reports(guide.source):  # the guess is costly in a big catalogue
                continue
            if target not in guesses:
                guesses[target] = _closest(target, ids, 0.6)
            close = guesses[target]
            hint = f"是不是「{close}」？" if close else "编号是“部门文件夹名/文件名”，不含 .yaml，如 shichang/getihu-zhuxiao-dengji。"
            yield Finding(("related", index), f"关联事项「{target}」不存在：目录中没有这个编号的指南。", hint, source=guide.source)


@catalogue_rule("X004", "部门档案缺失或有错误", Severity.ERROR, (
    "每个部门文件夹必须有一份有效的部门档案 _department.yaml（部门全称、统一社会信用代码、地址、电话、负责人）。"
    "指南的实施主体、咨询电话和实施编码的检查都以它为准；没有它，这个文件夹的指南无法核对，也无法发布。"),
    reads=(),
    bad=Example("guides/shichang/\n  getihu-sheli-dengji.yaml\n  getihu-zhuxiao-dengji.yaml", into=FOLDER, line=2),
    good=Example("guides/shichang/\n  _department.yaml\n  getihu-sheli-dengji.yaml\n  getihu-zhuxiao-dengji.yaml", into=FOLDER, line=3))
def department_profile_present(catalogue: Catalogue[GuideSummary], context: Context) -> Iterator[Finding]:
    if not context.root.is_dir():
        return
    for guide in catalogue.guides:
        if guide.department in catalogue.departments:
            continue
        profile = context.profiles.get(guide.department)
        if profile is None:
            yield Finding((), f"部门文件夹「{guide.department}」中没有部门档案 _department.yaml。",
                          f"在 {guide.department} 文件夹中新建 _department.yaml，写明部门全称、统一社会信用代码等。",
                          source=guide.source)
        else:
            yield Finding((), f"部门档案 {profile} 有错误，先修正它：这个文件夹的指南要以部门档案为准来核对。",
                          f"运行 `guides check {profile}` 查看部门档案的问题。", source=guide.source)


RULES = (  # listed in check/registry.py
    unique_codes_and_ids,
    one_name_per_item,
    related_guides_exist,
    department_profile_present,
)
