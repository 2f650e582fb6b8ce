"""Contact rules (P601, P602), date rules (D701, D702) and themes against audience (A901).

Dates are computed from today, so the tests mean the same thing on any day they run.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from .conftest import codes, found, line_of, mutate

COMPLAINT = "  complaint:\n"


def add_complaint(guide: Path, label: str, phone: str) -> None:
    mutate(guide, COMPLAINT, f'{COMPLAINT}    - label: {label}\n      phone: "{phone}"\n')


def set_location_phone(guide: Path, phone: str) -> None:
    text = guide.read_text(encoding="utf-8")
    start = text.index("locations:")
    end = text.index("online:")
    block = re.sub(r"    phone: .*\n", f'    phone: "{phone}"\n', text[start:end], count=1)
    guide.write_text(text[:start] + block + text[end:], encoding="utf-8")


def set_updated(guide: Path, day: datetime.date) -> None:
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r'updated: "[0-9-]+"', f'updated: "{day.isoformat()}"', text), encoding="utf-8")


def test_exemplar_contacts_dates_and_themes_are_clean(guides, guide):
    set_updated(guide, datetime.date.today())
    assert not codes(found(guides, guide)) & {"P601", "P602", "D701", "D702", "A901"}


def test_complaint_phone_same_as_consult(guides, guide):
    consult = re.search(r"  consult:\n    - label: .*\n      phone: (.*)\n", guide.read_text(encoding="utf-8"))[1].strip('"')
    add_complaint(guide, "县市场监管局登记窗口", consult)
    [d] = [d for d in found(guides, guide) if d["code"] == "P601"]
    assert d["line"] == line_of(guide, "label: 县市场监管局登记窗口") + 1 and d["column"] == 14
    assert d["severity"] == "warning" and consult in d["message"]


def test_public_hotline_in_both_lists_passes(guides, guide):
    add_complaint(guide, "12345 政务服务便民热线", "12345")
    assert "12345" in guide.read_text(encoding="utf-8").split(COMPLAINT)[0]  # also a consult channel
    assert "P601" not in codes(found(guides, guide))


@pytest.mark.parametrize("phone, problem", [
    ("6212315", "没有区号"),
    ("07996212315", "区号和号码之间没有短横线"),
    ("0799-621", "不是有效的电话号码格式"),
])
def test_location_phone_without_area_code(guides, guide, phone, problem):
    set_location_phone(guide, phone)
    [d] = [d for d in found(guides, guide) if d["code"] == "P602"]
    assert d["line"] == line_of(guide, f'phone: "{phone}"') and d["column"] == 12
    assert d["severity"] == "warning" and problem in d["message"]


def test_contact_phone_without_area_code(guides, guide):
    add_complaint(guide, "县市场监管局监察室", "6212319")
    [d] = [d for d in found(guides, guide) if d["code"] == "P602"]
    assert d["line"] == line_of(guide, 'phone: "6212319"') and d["column"] == 14


@pytest.mark.parametrize("phone", ["0799-6212315", "0799-6212315-801", "010-12345678", "12345", "12348", "13807990000",
                                   "400-810-5555"])
def test_dialable_phones_pass(guides, guide, phone):
    set_location_phone(guide, phone)
    assert "P602" not in codes(found(guides, guide))


def test_updated_in_the_future(guides, guide):
    set_updated(guide, datetime.date.today() + datetime.timedelta(days=30))
    [d] = [d for d in found(guides, guide) if d["code"] == "D701"]
    assert d["line"] == line_of(guide, "updated:") and d["column"] == 10 and d["severity"] == "error"


def test_updated_long_ago(guides, guide):
    set_updated(guide, datetime.date.today() - datetime.timedelta(days=400))
    [d] = [d for d in found(guides, guide) if d["code"] == "D702"]
    assert d["line"] == line_of(guide, "updated:") and d["severity"] == "warning"
    assert "超过 365 天没有更新" in d["message"] and "已有 400 天没有更新" in d["hint"]


def test_updated_within_the_year(guides, guide):
    set_updated(guide, datetime.date.today() - datetime.timedelta(days=300))
    assert not codes(found(guides, guide)) & {"D701", "D702"}


def test_stale_days_from_configuration(guides, guide):
    (guide.parents[2] / "pyproject.toml").write_text("[tool.guides]\nstale-days = 180\n", encoding="utf-8")
    set_updated(guide, datetime.date.today() - datetime.timedelta(days=300))
    assert "D702" in codes(found(guides, guide))


def set_audience_and_themes(guide: Path, audience: str, themes: str) -> None:
    text = guide.read_text(encoding="utf-8")
    text = re.sub(r"\naudience:( .*)?\n(  - .*\n)*", f"\naudience: {audience}\n", text, count=1)
    guide.write_text(re.sub(r"\nthemes:( .*)?\n(  - .*\n)*", f"\nthemes: {themes}\n", text, count=1), encoding="utf-8")


def test_business_theme_for_citizens_only(guides, guide):
    set_audience_and_themes(guide, "[自然人]", "[就业创业, 工程建设]")
    [d] = [d for d in found(guides, guide) if d["code"] == "A901"]
    assert d["line"] == line_of(guide, "themes:") and d["column"] == column_of(guide, "工程建设")
    assert d["severity"] == "warning" and "「工程建设」是面向法人的主题" in d["message"]


def test_citizen_theme_for_companies_only(guides, guide):
    set_audience_and_themes(guide, "[企业法人]", "[婚姻登记]")
    [d] = [d for d in found(guides, guide) if d["code"] == "A901"]
    assert d["line"] == line_of(guide, "themes:") and "不包括自然人" in d["message"]


@pytest.mark.parametrize("audience, themes", [
    ("[自然人, 企业法人]", "[就业创业, 工程建设]"),
    ("[自然人]", "[就业创业, 设立变更]"),  # 个体工商户: a citizen's own business
    ("[其他组织]", "[社会保障]"),
])
def test_themes_that_fit(guides, guide, audience, themes):
    set_audience_and_themes(guide, audience, themes)
    assert "A901" not in codes(found(guides, guide))


def column_of(guide: Path, needle: str) -> int:
    line = line_of(guide, needle)
    return guide.read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1
