"""Code and time-limit rules: each fires at the right line on a real guide, and stays quiet when fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import found, line_of, mutate


@pytest.fixture
def catalogue(guide: Path) -> Path:
    return guide


def codes_at(guides, guide: Path) -> list[tuple[str, int]]:
    return [(d["code"], d["line"]) for d in found(guides, guide)]


def test_exemplar_is_clean(guides, catalogue):
    # D702 (not updated for a year) depends on today's date, not on the guide's content.
    assert [found for found in codes_at(guides, catalogue) if found[0] != "D702"] == []


def test_fake_credit_code_check_character(guides, catalogue):
    profile = catalogue.parent / "_department.yaml"
    mutate(profile, "uscc: 11369921MB1A01001K", "uscc: 91350100M000100Y4Z")
    run = guides("check", "guides/shichang/_department.yaml", "--format", "json", cwd=catalogue.parents[2])
    [d] = [d for d in run.diagnostics if d["code"] == "C101"]
    assert d["line"] == line_of(profile, "uscc:") and d["column"] == 7
    assert "应为「3」" in d["message"]


def test_real_credit_codes_pass(guides, catalogue):
    profile = catalogue.parent / "_department.yaml"
    for code in ("11440100007482575H", "11440300MB2C94128A", "114403006939513773", "91350100M000100Y43"):
        profile.write_text(profile.read_text(encoding="utf-8").replace(
            profile.read_text(encoding="utf-8").split("uscc: ")[1].split("\n")[0], code), encoding="utf-8")
        run = guides("check", "guides/shichang/_department.yaml", "--format", "json", cwd=catalogue.parents[2])
        assert "C101" not in {d["code"] for d in run.diagnostics}, code


def test_basic_code_type_digits(guides, catalogue):
    mutate(catalogue, "type: 行政许可", "type: 行政确认")
    assert ("C102", line_of(catalogue, "basic_code:")) in codes_at(guides, catalogue)


def test_impl_code_level_digit(guides, catalogue):
    mutate(catalogue, "level: 县级", "level: 市级")
    found = codes_at(guides, catalogue)
    assert ("C103", line_of(catalogue, "impl_code:")) in found


def test_impl_code_of_another_department(guides, catalogue):
    mutate(catalogue, "impl_code: 11369921MB1A01001K", "impl_code: 11369921MB1A01002N")
    mutate(catalogue, "handle_code: 11369921MB1A01001K", "handle_code: 11369921MB1A01002N")
    assert ("C103", line_of(catalogue, "impl_code:")) in codes_at(guides, catalogue)


def test_handle_code_must_extend_impl_code(guides, catalogue):
    mutate(catalogue, "handle_code: 11369921MB1A01001K400013112800001", "handle_code: 11369921MB1A01001K400013112900001")
    assert ("C104", line_of(catalogue, "handle_code:")) in codes_at(guides, catalogue)


def set_limits(guide: Path, kind: str, statutory: str, promised: str) -> None:
    text = guide.read_text(encoding="utf-8")
    start = text.index("time_limit:")
    end = text.index("fees:")
    guide.write_text(text[:start] + f"time_limit:\n  kind: {kind}\n  statutory: {statutory}\n  promised: {promised}\n"
                     + text[end:], encoding="utf-8")


@pytest.mark.parametrize("statutory, promised, code", [
    ("{value: 15, unit: 工作日}", "{value: 20, unit: 工作日}", "T201"),
    ("{value: 10, unit: 自然日}", "{value: 9, unit: 工作日}", "T201"),  # 9 working days span ≥ 11 calendar days
    ("{value: 20, unit: 工作日}", "{value: 25, unit: 自然日}", "T202"),
    ("{value: 20, unit: 工作日}", "{value: 18, unit: 工作日}", "T207"),
])
def test_promised_against_statutory(guides, catalogue, statutory, promised, code):
    set_limits(catalogue, "承诺件", statutory, promised)
    assert (code, line_of(catalogue, "  promised:")) in codes_at(guides, catalogue)


@pytest.mark.parametrize("statutory, promised", [
    ("{value: 20, unit: 工作日}", "{value: 10, unit: 工作日}"),
    ("{value: 30, unit: 自然日}", "{value: 10, unit: 工作日}"),  # at least 12 calendar days: within 30
    ("{value: 20, unit: 工作日}", "{value: 14, unit: 自然日}"),
    ("{none: true, note: 法律法规未规定办理时限}", "{value: 5, unit: 工作日}"),
])
def test_honest_limits_pass(guides, catalogue, statutory, promised):
    set_limits(catalogue, "承诺件", statutory, promised)
    found = {code for code, _ in codes_at(guides, catalogue)}
    assert not found & {"T201", "T202", "T203", "T204", "T207"}, found


def test_immediate_kind_with_days(guides, catalogue):
    set_limits(catalogue, "即办件", "{value: 20, unit: 工作日}", "{value: 3, unit: 工作日}")
    assert ("T203", line_of(catalogue, "  promised:")) in codes_at(guides, catalogue)


def test_promised_kind_with_zero(guides, catalogue):
    set_limits(catalogue, "承诺件", "{value: 20, unit: 工作日}", "{value: 0, unit: 工作日}")
    assert ("T204", line_of(catalogue, "  kind: 承诺件")) in codes_at(guides, catalogue)


def test_joint_departments_on_a_non_joint_item(guides, catalogue):
    mutate(catalogue, "\nresult:", "\njoint_departments: [示例县自然资源局]\nresult:")
    assert ("T205", line_of(catalogue, "joint_departments:")) in codes_at(guides, catalogue)


def test_special_procedure_must_be_a_legal_one(guides, catalogue):
    excluded = "\n  excluded:\n    - name: {name}\n      limit: {{value: 5, unit: 工作日}}\nfees:"
    set_limits(catalogue, "承诺件", "{value: 20, unit: 工作日}", "{value: 10, unit: 工作日}")
    mutate(catalogue, "\nfees:", excluded.format(name="领导审批"))
    assert ("T206", line_of(catalogue, "name: 领导审批")) in codes_at(guides, catalogue)
    mutate(catalogue, "name: 领导审批", "name: 现场核查")
    assert "T206" not in {code for code, _ in codes_at(guides, catalogue)}


# -- T207: no compression asked where the cut would be under one whole unit (issue 12) --

@pytest.mark.parametrize("statutory", [1, 2, 3])
def test_a_limit_too_short_to_cut_by_a_whole_day_is_not_asked_to(guides, catalogue, statutory):
    """机动车驾驶证申领和使用规定: 车辆管理所应当在一日内换发 — 30 % of 1 working day is no day at all."""
    set_limits(catalogue, "承诺件", f"{{value: {statutory}, unit: 工作日}}", f"{{value: {statutory}, unit: 工作日}}")
    assert "T207" not in {code for code, _ in codes_at(guides, catalogue)}


def test_a_limit_long_enough_to_cut_is_asked_to(guides, catalogue):
    set_limits(catalogue, "承诺件", "{value: 4, unit: 工作日}", "{value: 4, unit: 工作日}")
    assert ("T207", line_of(catalogue, "  promised:")) in codes_at(guides, catalogue)
