"""Fee rules (F401, F402) and online-depth rules (O501, O502)."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.rules.fees import names_law_or_regulation

from .conftest import codes, found, line_of, mutate

FEE = """fees:
  charged: {charged}
  items:
    - name: 营业执照工本费
      standard: 10元/证
      basis: {basis}
"""


def set_fees(guide: Path, charged: str, basis: str) -> None:
    mutate(guide, "fees:\n  charged: false\n", FEE.format(charged=charged, basis=basis))


def test_exemplar_fees_and_online_are_clean(guides, guide):
    assert not codes(found(guides, guide)) & {"F401", "F402", "O501", "O502"}


def test_free_item_with_fee_items(guides, guide):
    set_fees(guide, "false", "中华人民共和国行政许可法 第五十八条")
    [d] = [d for d in found(guides, guide) if d["code"] == "F401"]
    assert d["line"] == line_of(guide, "  items:") and d["column"] == 3 and d["severity"] == "error"
    assert "营业执照工本费" in d["message"]


@pytest.mark.parametrize("basis", [
    "国家发展改革委 财政部关于公安交通管理收费标准及有关问题的通知（发改价格〔2004〕2831号）",
    "江西省市场监督管理条例 第十条",  # a local regulation cannot set a licence fee
    "食品经营许可和备案管理办法 第十条",  # nor can a ministry's rules
])
def test_licence_fee_without_law(guides, guide, basis):
    set_fees(guide, "true", basis)
    [d] = [d for d in found(guides, guide) if d["code"] == "F402"]
    assert d["line"] == line_of(guide, "      basis:") and d["column"] == 14 and d["severity"] == "warning"
    assert "行政许可法 第五十八条" in d["hint"]


@pytest.mark.parametrize("basis", [
    "中华人民共和国道路交通安全法 第八十一条；发改价格〔2004〕2831号",
    "《中华人民共和国居民身份证法》第二十条",
    "取水许可和水资源费征收管理条例 第二十八条",
])
def test_licence_fee_with_law_or_regulation(guides, guide, basis):
    set_fees(guide, "true", basis)
    assert "F402" not in codes(found(guides, guide))


def test_fee_on_a_non_licence_item_is_not_f402(guides, guide):
    set_fees(guide, "true", "发改价格〔2003〕2322号")
    mutate(guide, "type: 行政许可", "type: 行政确认")
    mutate(guide, 'basic_code: "000131128000"', 'basic_code: "000731128000"')
    assert "F402" not in codes(found(guides, guide))


@pytest.mark.parametrize("text, expected", [
    ("中华人民共和国行政许可法", True),
    ("国务院令第746号 市场主体登记管理条例", True),
    ("市场主体登记管理条例实施细则 第二十五条", False),
    ("江西省水资源条例", False),
    ("不动产登记暂行条例实施细则", False),
    ("价格主管部门依法核定", False),
])
def test_what_counts_as_law_or_regulation(text, expected):
    assert names_law_or_regulation(text) is expected


def test_fully_online_with_a_visit(guides, guide):
    mutate(guide, "visits: 0\n", "visits: 1\nvisit_reason: 须到窗口核验原件。\n")
    [d] = [d for d in found(guides, guide) if d["code"] == "O501"]
    assert d["line"] == line_of(guide, "visits: 1") and d["column"] == 9 and d["severity"] == "error"


def test_offline_with_no_visit(guides, guide):
    mutate(guide, "  depth: 全程网办\n", "  depth: 不支持网办\n")
    [d] = [d for d in found(guides, guide) if d["code"] == "O502"]
    assert d["line"] == line_of(guide, "visits: 0") and d["severity"] == "warning"


def test_offline_with_a_visit_passes(guides, guide):
    mutate(guide, "  depth: 全程网办\n", "  depth: 不支持网办\n")
    mutate(guide, "visits: 0\n", "visits: 1\nvisit_reason: 须本人到窗口签字确认。\n")
    assert not codes(found(guides, guide)) & {"O501", "O502"}


@pytest.mark.parametrize("text, expected", [
    ("城市市容和环境卫生管理条例 第十五条", True),
    ("自然保护区条例", True),
    ("南昌市城市供水条例", False),
    ("广西壮族自治区水资源管理条例", False),
])
def test_national_and_local_regulations(text, expected):
    assert names_law_or_regulation(text) is expected
