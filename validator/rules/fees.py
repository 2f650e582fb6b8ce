"""Fees: items listed on a free item, and fees on 行政许可 without a 法律 or 行政法规 behind them.

A charged item without items, and an item without `standard` or `basis`, are already schema
errors (S001/S008), so they have no rule of their own here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule

_SEGMENTS = re.compile(r"[《》〈〉（）()\[\]【】〔〕，,；;、。\s]|第[一二三四五六七八九十百千零〇两\d]+[条款项]")
_NOT_A_LAW = ("办法", "方法", "依法", "做法", "算法", "立法", "司法")
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南"
              "|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆")
# 江西省…条例, 南昌市…条例, 示例县…条例: local regulations (城市供水条例, 自然保护区条例 are national)
_LOCAL = re.compile(rf"^(?:{_PROVINCES}|[^市县省]{{2,3}}(?:省|自治区|市|自治州|县))")


def names_law_or_regulation(basis: str) -> bool:
    """True when the text names a 法律 (…法) or a 行政法规 (…条例, not a local one)."""
    for segment in _SEGMENTS.split(basis):
        if len(segment) < 3:
            continue
        if segment.endswith("法") and not segment.endswith(_NOT_A_LAW):
            return True
        if segment.endswith("条例") and not _LOCAL.match(segment):
            return True
    return False


@guide_rule("F401", "不收费却列出了收费项目", Severity.ERROR, (
    "charged: false 在页面上显示为“不收费”，同时又列出收费项目，群众无法知道到底收不收费。"
    "收费的写 charged: true；不收费的删去 items（减免说明写在 fees.note）。"),
    reads=("fees.charged", "fees.items"),
    bad=Example("fees:\n  charged: false\n  items:\n    - {name: 工本费, standard: 10元/证, basis: 发改价格〔2004〕2831号}", line=3),
    good=Example("fees:\n  charged: false"))
def free_means_no_items(guide: Guide, context: Context) -> Iterator[Finding]:
    if not guide.fees.charged and guide.fees.items:
        names = "、".join(item.name for item in guide.fees.items)
        yield Finding(("fees", "items"), f"写了不收费（charged: false），却列出了收费项目：{names}。",
                      "确实收费的，改为 charged: true；不收费的，删去 items。", key=True)


@guide_rule("F402", "行政许可收费缺少法律、行政法规依据", Severity.WARNING, (
    "《中华人民共和国行政许可法》第五十八条：行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用；"
    "但是，法律、行政法规另有规定的，依照其规定。因此行政许可事项的收费，依据中必须有设定收费的法律（“……法”）"
    "或行政法规（国务院“……条例”）及条款，只写价格部门的收费标准文件不够。地方性法规、规章（“……办法”）不能设定许可收费。"
    "另外：收费却没有列出收费项目、收费项目缺少标准或依据，已由格式检查（S001、S008）报告，这里不再重复。"),
    reads=("type", "fees.charged", "fees.items"),
    bad=Example("fees:\n  charged: true\n  items:\n    - name: 机动车驾驶证工本费\n      standard: 10元/证\n      basis: 发改价格〔2004〕2831号", line=6),
    good=Example("fees:\n  charged: true\n  items:\n    - name: 机动车驾驶证工本费\n      standard: 10元/证\n"
         "      basis: 中华人民共和国道路交通安全法 第八十一条；发改价格〔2004〕2831号"))
def licence_fee_needs_law(guide: Guide, context: Context) -> Iterator[Finding]:
    if guide.type != "行政许可" or not guide.fees.charged:
        return
    for index, item in enumerate(guide.fees.items):
        if not names_law_or_regulation(item.basis):
            yield Finding(("fees", "items", index, "basis"),
                          f"行政许可收费「{item.name}」的依据「{item.basis}」中没有法律或行政法规。",
                          "在 basis 中写明设定这项收费的法律或行政法规及条款（行政许可法 第五十八条）；没有的，这项收费应当取消。")


RULES = (free_means_no_items, licence_fee_needs_law)  # listed in check/registry.py
