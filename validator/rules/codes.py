"""Codes: GB 32100 credit codes and the structure of basic, implementation and handling codes."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Catalogue, Guide, GuideSummary
from ..standard.numbering import LEVEL_CODES, TYPE_CODES, uscc_check_char
from .base import Context, Finding, catalogue_rule, guide_rule


@catalogue_rule("C101", "统一社会信用代码校验位错误", Severity.ERROR, (
    "统一社会信用代码（GB 32100—2015）的第 18 位是按前 17 位计算出的校验字符。校验位不对，说明代码抄错了一位，"
    "实施编码和电子证照都会因此对不上。请对照营业执照或机构的统一社会信用代码证书核对。"),
    reads=(),
    bad=Example("uscc: 91350100M000100Y4Z", base="shichang/_department"), good=Example("uscc: 91350100M000100Y43", base="shichang/_department"))
def credit_code_check_character(catalogue: Catalogue[GuideSummary], context: Context) -> Iterator[Finding]:
    for department in catalogue.departments.values():
        expected = uscc_check_char(department.uscc[:17])
        if expected is None:
            yield Finding(("uscc",), f"统一社会信用代码「{department.uscc}」含有不允许的字符（不使用 I、O、Z、S、V）。",
                          "核对代码的每一位。", source=department.source)
        elif expected != department.uscc[17]:
            yield Finding(("uscc",), f"统一社会信用代码「{department.uscc}」的校验位应为「{expected}」，实际是「{department.uscc[17]}」。",
                          "代码中有一位抄错了：请对照机构的统一社会信用代码证书逐位核对。", source=department.source)


@guide_rule("C102", "基本编码与事项类型不符", Severity.ERROR, (
    "基本编码的第 3–4 位是事项类型代码（行政许可 01 … 公共服务 20）。两者不一致，说明编码或事项类型有一个写错了。"),
    reads=("type", "basic_code"),
    bad=Example('type: 行政确认\nbasic_code: "000131128000"', line=2), good=Example('type: 行政许可\nbasic_code: "000131128000"'))
def basic_code_matches_type(guide: Guide, context: Context) -> Iterator[Finding]:
    expected = TYPE_CODES[guide.type]
    if guide.basic_code[2:4] != expected:
        yield Finding(("basic_code",), f"基本编码第 3–4 位是「{guide.basic_code[2:4]}」，但事项类型「{guide.type}」的代码是「{expected}」。",
                      "核对权力清单中的基本编码和事项类型，改正写错的一处。")


@guide_rule("C103", "实施编码与实施主体、层级、基本编码不符", Severity.ERROR, (
    "实施编码由实施主体的统一社会信用代码（18 位）、行使层级代码（1 位）和基本编码（12 位）依次组成。实施主体写在 "
    "bodies.implementing 中，没有写的就是本部门（部门档案的代码）。任何一段对不上，都说明实施编码抄错了，或者事项放错了部门文件夹。"),
    reads=("impl_code", "level", "basic_code", "bodies.implementing"),
    bad=Example("impl_code: 11369921MB1A01001K3000131128000  # 县级事项写成了市级 3", drop=("handle_code",)),
    good=Example("impl_code: 11369921MB1A01001K4000131128000", drop=("handle_code",)))
def implementation_code_parts(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.impl_code is None:
        return
    implementing = guide.bodies.implementing
    parts = (
        ("统一社会信用代码", guide.impl_code[:18], implementing.uscc if implementing is not None else None),
        ("行使层级代码", guide.impl_code[18], LEVEL_CODES[guide.level]),
        ("基本编码", guide.impl_code[19:], guide.basic_code),
    )
    for label, actual, expected in parts:
        if expected is not None and actual != expected:
            yield Finding(("impl_code",), f"实施编码中的{label}是「{actual}」，应为「{expected}」。",
                          "实施编码 = 实施主体的统一社会信用代码 + 行使层级代码 + 基本编码；实施主体没有写在 bodies.implementing 中的，就是本部门。")


@guide_rule("C104", "业务办理项编码与实施编码不符", Severity.ERROR, (
    "业务办理项编码是实施编码后加 2 位顺序号（如 01 设立、02 变更、03 注销），前 31 位必须与实施编码完全相同。"),
    reads=("handle_code", "impl_code"),
    bad=Example("handle_code: 11369921MB1A01001K400013112900001"), good=Example("handle_code: 11369921MB1A01001K400013112800001"))
def handling_code_extends_implementation_code(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.handle_code is None:
        return
    if guide.impl_code is None:
        yield Finding(("handle_code",), "写了业务办理项编码，却没有写实施编码。", "补上 impl_code（业务办理项编码的前 31 位）。", key=True)
    elif not guide.handle_code.startswith(guide.impl_code):
        yield Finding(("handle_code",), f"业务办理项编码的前 31 位「{guide.handle_code[:31]}」与实施编码「{guide.impl_code}」不同。",
                      "业务办理项编码 = 实施编码 + 2 位顺序号。")


RULES = (  # listed in check/registry.py
    credit_code_check_character,
    basic_code_matches_type,
    implementation_code_parts,
    handling_code_extends_implementation_code,
)
