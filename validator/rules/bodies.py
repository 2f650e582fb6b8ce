"""实施机构 (bodies): where the citizen applies fits the level of the item, the implementing body's credit code and
nature are right, and no body plays two parts that exclude each other.

The model fills what a guide does not write from its department profile: the profile is the implementing body
(法定机关), which also accepts and decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Guide
from ..standard.numbering import uscc_check_char
from .base import Context, Finding, guide_rule

TOWNSHIP_BASE = "qinghe-zhen/nongcun-cunmin-zhaijidi-shenpi"  # 乡镇级, no bodies: the township accepts and decides
ENTRUSTED_BASE = "qinghe-zhen/xiao-e-linshi-jiuzhu-shenpi"  # 上级委托: the township as 受委托组织
JOINT_BASE = "minzheng/zuidi-shenghuo-baozhang-shenhe-queren"  # 乡镇 accepts, 县民政局 decides
ELSEWHERE = ("related",)  # an example copies one department folder: guides of others it relates to are not there

# A county-level body: named after the county, not after a township, village or neighbourhood below it (once the
# words of departments' names that hold 乡, 镇 or 村 are taken out: 住房和城乡建设局, 农业农村局).
_COUNTY_BODY = re.compile(r"县(?!.*(?:乡|镇|街道|村|社区)).*(?:局|委员会|委|办公室|办|中心)$")
_DEPARTMENT_WORDS = re.compile(r"城乡|农业农村|乡村振兴|村镇")
_COUNTY = re.compile(r"^(.{1,6}?(?:自治县|县|自治旗|旗))")
_ASIDE = re.compile(r"[（(][^）)]*[）)]|\s")
# 权力来源 → the 实施主体性质 it implies.
NATURE_OF = {"法定本级行使": "法定机关", "上级下放": "法定机关", "上级授权": "授权组织", "同级授权": "授权组织",
             "上级委托": "受委托组织", "同级委托": "受委托组织"}


def same_body(a: str | None, b: str | None) -> bool:
    """The same body, whatever is added in brackets: 申请人户籍所在地乡镇人民政府（街道办事处）."""
    return bool(a and b) and _ASIDE.sub("", a) == _ASIDE.sub("", b)  # type: ignore[arg-type]


@guide_rule("B001", "受理机构与行使层级不符", Severity.WARNING, (
    "乡镇级、村级事项应当在乡镇（街道）、村（社区）受理，受理机构却是县级部门（县……局、委、办、中心），"
    "多半是行使层级写错了（县级部门受理、决定的是县级事项），或者受理机构写成了决定机构。县级事项的受理机构"
    "是另一个县的机构，也多半是抄错了。"),
    reads=("level", "bodies.accepting", "bodies.implementing"),
    bad=Example("bodies:\n  accepting: 示例县农业农村局", base=TOWNSHIP_BASE, line=2),
    good=Example("bodies:\n  accepting: 示例县清河镇人民政府（镇便民服务中心）", base=TOWNSHIP_BASE))
def accepting_body_fits_the_level(guide: Guide, context: Context) -> Iterator[Finding]:
    bodies = guide.bodies
    accepting, implementing = bodies.accepting, bodies.implementing
    if not accepting or implementing is None:
        return
    # An accepting body other than the implementing one was written; the same one may be the default.
    where = ("bodies", "accepting") if not same_body(accepting, implementing.name) else ("level",)
    if guide.level in ("乡镇级", "村级") and _COUNTY_BODY.search(_DEPARTMENT_WORDS.sub("", accepting)):
        yield Finding(where, f"这是{guide.level}事项，受理机构却是县级部门「{accepting}」。",
                      f"{guide.level}事项在乡镇（街道）或村（社区）受理：核对行使层级（县级部门受理、决定的是县级事项），"
                      "或者把受理机构改为实际收件的乡镇（村）；县级部门作出决定的，写在 deciding（决定机构）中。")
    elif guide.level == "县级":
        own, theirs = _COUNTY.match(implementing.name or ""), _COUNTY.match(accepting)
        if own and theirs and own.group(1) != theirs.group(1):
            yield Finding(where, f"县级事项的受理机构「{accepting}」是{theirs.group(1)}的机构，实施主体却是{own.group(1)}的「{implementing.name}」。",
                          "核对受理机构的名称；可以在外县办理的，写在通办范围（scope）中，不改受理机构。")


@guide_rule("B002", "实施主体的统一社会信用代码校验位错误", Severity.ERROR, (
    "bodies.implementing.uscc 是实施主体的统一社会信用代码（GB 32100—2015），第 18 位是按前 17 位算出的校验字符。"
    "校验位不对，说明抄错了一位；实施编码的前 18 位也要与它一致。本部门的代码写在部门档案中（由 C101 检查）。"),
    reads=("bodies.implementing",),
    bad=Example("uscc: 11369921MB1A0101XC", into="bodies.implementing", base=ENTRUSTED_BASE, also=("C103",), drop=ELSEWHERE),
    good=Example("uscc: 11369921MB1A0101XB", into="bodies.implementing", base=ENTRUSTED_BASE, drop=ELSEWHERE))
def implementing_credit_code(guide: Guide, context: Context) -> Iterator[Finding]:
    implementing, department = guide.bodies.implementing, context.department(guide)
    if implementing is None or not implementing.uscc or (department is not None and implementing.uscc == department.uscc):
        return
    expected = uscc_check_char(implementing.uscc[:17])
    if expected is None:
        yield Finding(("bodies", "implementing", "uscc"), f"实施主体「{implementing.name}」的统一社会信用代码「{implementing.uscc}」"
                      "含有不允许的字符（不使用 I、O、Z、S、V）。", "对照实施主体的统一社会信用代码证书逐位核对。")
    elif expected != implementing.uscc[17]:
        yield Finding(("bodies", "implementing", "uscc"), f"实施主体「{implementing.name}」的统一社会信用代码「{implementing.uscc}」"
                      f"校验位应为「{expected}」，实际是「{implementing.uscc[17]}」。", "代码中有一位抄错了：对照统一社会信用代码证书逐位核对。")


@guide_rule("B003", "实施主体性质与权力来源不符", Severity.WARNING, (
    "实施主体的性质要与权力来源对得上：法定本级行使、上级下放的，实施主体是法定机关；上级授权、同级授权的，是授权组织；"
    "上级委托、同级委托的，是受委托组织（以委托机关的名义实施）。没有写 bodies.implementing 的，实施主体按部门档案，"
    "性质为法定机关。"),
    reads=("power_source", "bodies.implementing"),
    bad=Example("power_source: 上级委托\nbodies:\n  implementing:\n    nature: 授权组织", base=ENTRUSTED_BASE, drop=ELSEWHERE),
    good=Example("power_source: 上级委托\nbodies:\n  implementing:\n    nature: 受委托组织", base=ENTRUSTED_BASE, drop=ELSEWHERE))
def nature_fits_power_source(guide: Guide, context: Context) -> Iterator[Finding]:
    implementing, source = guide.bodies.implementing, guide.power_source
    expected = NATURE_OF.get(source or "")
    if implementing is None or expected is None or implementing.nature == expected:
        return
    yield Finding(("power_source",), f"权力来源是「{source}」，实施主体「{implementing.name}」的性质却是「{implementing.nature}」（应为{expected}）。",
                  f"写明 bodies.implementing.nature: {expected}，或者改正权力来源；没有写实施主体的，按部门档案视为法定机关。")


@guide_rule("B004", "同一机构身兼两种不相容的角色", Severity.WARNING, (
    "共同实施部门是与实施主体一起实施本事项的其他部门，不能是实施主体自己；联办机构是申请人还要去的其他部门，"
    "不能是受理、决定本事项的机构，也不能同时是共同实施部门（共同实施部门在窗口后面工作，申请人不用去）。"
    "乡镇受理、县级部门决定的事项不是联办件：写 bodies.accepting 和 bodies.deciding，办件类型按承诺时限写承诺件。"),
    reads=("bodies", "joint_departments"),
    bad=Example("co_implementing: [示例县民政局]", into="bodies", base=JOINT_BASE),
    good=Example("co_implementing: [示例县残疾人联合会]", into="bodies", base=JOINT_BASE))
def one_part_per_body(guide: Guide, context: Context) -> Iterator[Finding]:
    bodies = guide.bodies
    own = bodies.implementing.name if bodies.implementing is not None else None
    for index, name in enumerate(bodies.co_implementing):
        if same_body(name, own):
            yield Finding(("bodies", "co_implementing", index), f"共同实施部门「{name}」就是实施主体本身。",
                          "共同实施部门写与实施主体一起实施的其他部门；没有的删去 co_implementing。")
    for index, name in enumerate(guide.joint_departments):
        part = next((label for label, body in (("受理机构", bodies.accepting), ("决定机构", bodies.deciding), ("实施主体", own))
                     if same_body(name, body)), None)
        if part is None and any(same_body(name, other) for other in bodies.co_implementing):
            part = "共同实施部门"
        if part is not None:
            yield Finding(("joint_departments", index), f"联办机构「{name}」同时是本事项的{part}。",
                          "联办机构是申请人还要去办理的其他部门。一个机构受理、另一个机构决定的，写 bodies.accepting 和 bodies.deciding，"
                          "不是联办件；在窗口后面协同审查的部门写在 bodies.co_implementing。")


RULES = (  # listed in check/registry.py
    accepting_body_fits_the_level,
    implementing_credit_code,
    nature_fits_power_source,
    one_part_per_body,
)
