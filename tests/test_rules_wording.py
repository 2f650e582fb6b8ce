"""Wording rules: catch-all clauses (W301), open lists ending in 等 (W302), vague words (W303)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import codes, found, line_of, mutate

CONDITION = "  - 经营范围不属于法律、行政法规禁止个体工商户经营的项目；涉及前置审批的，已取得许可文件。\n"
AGENT = "委托代理人身份证明和授权委托书"


def at(guide: Path, needle: str) -> tuple[int, int]:
    """(line, column) where `needle` starts, as the CLI reports a value's position."""
    line = line_of(guide, needle)
    return line, guide.read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1


def add_condition(guide: Path, text: str) -> None:
    mutate(guide, CONDITION, CONDITION + f"  - {text}\n")


def test_exemplar_has_clean_wording(guides, guide):
    assert not codes(found(guides, guide)) & {"W301", "W302", "W303"}


def test_material_list_ending_in_other_documents(guides, guide):
    """Real-world negative: a material list ending in 国家法律、法规规定提交的其他文件."""
    mutate(guide, AGENT, "国家法律、法规规定提交的其他文件")
    diagnostics = found(guides, guide)
    [d] = [d for d in diagnostics if d["code"] == "W301"]
    assert (d["line"], d["column"]) == at(guide, "国家法律、法规规定提交的其他文件")
    assert d["severity"] == "error" and "「国家法律、法规规定提交的其他文件」" in d["message"]
    assert "W303" not in codes(diagnostics)


def test_conditions_ending_in_other_conditions(guides, guide):
    """Real-world negative: conditions ending in 法律、法规规定的其他条件."""
    add_condition(guide, "法律、法规规定的其他条件。")
    [d] = [d for d in found(guides, guide) if d["code"] == "W301"]
    assert (d["line"], d["column"]) == at(guide, "法律、法规规定的其他条件。")
    assert "受理条件第 4 条" in d["message"]


@pytest.mark.parametrize("name", ["有关部门要求的其他材料", "其他相关材料", "其他材料", "其他文件"])
def test_catch_all_material_names(guides, guide, name):
    mutate(guide, AGENT, name)
    diagnostics = found(guides, guide)
    assert ("W301", at(guide, name)[0]) in {(d["code"], d["line"]) for d in diagnostics}
    assert not codes(diagnostics) & {"W302", "W303"}  # one report per text


@pytest.mark.parametrize("text, ending", [
    ("申请人持有居民身份证、居民户口簿等。", "等"),
    ("居民身份证、户口簿等材料", "等材料"),
    ("经营场所使用证明（房产证、租赁合同等）", "等"),
])
def test_open_lists(guides, guide, text, ending):
    add_condition(guide, text)
    diagnostics = found(guides, guide)
    [d] = [d for d in diagnostics if d["code"] == "W302"]
    assert (d["line"], d["column"]) == at(guide, text)
    assert f"以「{ending}」结尾" in d["message"] and d["severity"] == "error"
    assert "W303" not in codes(diagnostics)


@pytest.mark.parametrize("text", ["申请人享有平等", "经营者持有居民身份证和居民户口簿。", "伤残等级为一级至四级的，可以申请"])
def test_closed_lists_and_harmless_words_pass(guides, guide, text):
    add_condition(guide, text)
    assert not codes(found(guides, guide)) & {"W301", "W302", "W303"}


@pytest.mark.parametrize("text, words", [
    ("相关部门出具的证明", "「相关」"),
    ("必要时提交有关机关的意见", "「有关」「必要时」"),
    ("残疾人证、病历等相关证明", "「相关」"),  # 等 in the middle is W302's (below); 相关 stays vague
])
def test_vague_words_in_material_names(guides, guide, text, words):
    mutate(guide, AGENT, text)
    [d] = [d for d in found(guides, guide) if d["code"] == "W303"]
    assert (d["line"], d["column"]) == at(guide, text)
    assert d["severity"] == "warning" and f"用了含糊的词{words}" in d["message"]


def test_vague_word_in_a_condition(guides, guide):
    add_condition(guide, "必要时，申请人配合现场核查。")
    [d] = [d for d in found(guides, guide) if d["code"] == "W303"]
    assert d["line"] == line_of(guide, "必要时，申请人配合现场核查。")


def test_vague_word_beside_a_catch_all_is_still_reported(guides, guide):
    mutate(guide, AGENT, "有关机关的意见和其他材料")
    assert {"W301", "W303"} <= codes(found(guides, guide))


# -- W302: 「等」 in the middle of a material name leaves the list open as much as at its end (issue 12) --

@pytest.mark.parametrize("name", [
    "身份证、户口簿等身份证明材料",
    "本人身份证、户口簿等证件复印件",  # 企业退休人员人事档案接收 (tests/fixtures/real-guides)
    "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度",  # 食品经营许可, 2016
])
def test_an_open_list_in_the_middle_of_a_material_name(guides, guide, name):
    mutate(guide, f"name: {AGENT}", f"name: {name}")
    found_here = [d for d in found(guides, guide) if d["line"] == line_of(guide, name)]
    assert [d["code"] for d in found_here] == ["W302"], found_here
    assert "用「等」省略了一部分材料" in found_here[0]["message"]


@pytest.mark.parametrize("name", ["残疾等级评定表", "同等学力证明", "二等功以上奖励证书"])
def test_words_with_deng_that_are_no_list(guides, guide, name):
    mutate(guide, f"name: {AGENT}", f"name: {name}")
    assert not codes(d for d in found(guides, guide) if d["line"] == line_of(guide, name)) & {"W302", "W303"}
