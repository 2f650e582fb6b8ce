"""Material rules: duplicates (M801), basis (M802), 减证便民 (M803), referenced files (M804), when a 非必要 material is needed (M806)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import codes, found, line_of, mutate

FIRST = "  - name: 个体工商户登记（备案）申请书\n"
LICENCE = """  - name: 食品经营许可证
    form: 原件
    medium: 纸质
    copies: 1
    necessity: 非必要
    source: {source}
    basis: 市场主体登记管理条例实施细则 第二十七条
"""


def column_of(guide: Path, line: int, needle: str) -> int:
    return guide.read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1


def test_exemplar_materials_are_clean(guides, guide):
    assert not codes(found(guides, guide)) & {"M801", "M802", "M803", "M804"}


def name_lines(guide: Path, name: str) -> list[int]:
    return [n for n, text in enumerate(guide.read_text(encoding="utf-8").splitlines(), 1) if text == f"  - name: {name}"]


@pytest.mark.parametrize("duplicate", ["经营者居民身份证", "《经营者居民身份证》", "经营者 居民身份证"])
def test_duplicate_material(guides, guide, duplicate):
    mutate(guide, "name: 委托代理人身份证明和授权委托书", f"name: {duplicate}")
    [d] = [d for d in found(guides, guide) if d["code"] == "M801"]
    line = name_lines(guide, duplicate)[-1]  # the second occurrence is the one reported
    assert d["line"] == line and d["column"] == column_of(guide, line, duplicate)
    assert d["severity"] == "error" and "第 2 项" in d["message"] and "第 4 项" in d["message"]


def test_material_without_basis(guides, guide):
    lines = guide.read_text(encoding="utf-8").splitlines(keepends=True)
    first_basis = next(n for n, text in enumerate(lines) if text.startswith("    basis: "))
    guide.write_text("".join(lines[:first_basis] + lines[first_basis + 1:]), encoding="utf-8")
    [d] = [d for d in found(guides, guide) if d["code"] == "M802"]
    assert d["line"] == line_of(guide, FIRST.strip()) and d["severity"] == "warning"
    assert "个体工商户登记（备案）申请书" in d["message"]


def test_government_issued_material_asked_from_the_applicant(guides, guide):
    mutate(guide, FIRST, LICENCE.format(source="政府部门核发") + FIRST)
    [d] = [d for d in found(guides, guide) if d["code"] == "M803"]
    assert d["line"] == line_of(guide, "source: 政府部门核发") and d["severity"] == "warning"
    assert "电子证照调取" in d["hint"]


@pytest.mark.parametrize("source, notes", [
    ("电子证照调取", None),
    ("政府部门核发", "换证时交回原证，由窗口收回注销。"),
    ("政府部门核发", "已在投资项目在线审批监管平台共享的，填写项目代码即可。"),
])
def test_government_issued_material_explained_or_fetched(guides, guide, source, notes):
    material = LICENCE.format(source=source) + (f"    notes: {notes}\n" if notes else "")
    mutate(guide, FIRST, material + FIRST)
    assert "M803" not in codes(found(guides, guide))


def test_missing_blank_form(guides, guide):
    mutate(guide, "    source: 申请人自备\n", "    source: 申请人自备\n    blank_form: files/shenqingshu.pdf\n")
    [d] = [d for d in found(guides, guide) if d["code"] == "M804"]
    assert d["line"] == line_of(guide, "blank_form:") and d["column"] == column_of(guide, d["line"], "files/")
    assert d["severity"] == "error" and "files/shenqingshu.pdf" in d["message"]


def test_missing_result_sample(guides, guide):
    mutate(guide, "  type: 证照\n", "  type: 证照\n  sample: files/yangben.png\n")
    [d] = [d for d in found(guides, guide) if d["code"] == "M804"]
    assert d["line"] == line_of(guide, "sample: files/yangben.png")


def test_existing_file_and_https_url_pass(guides, guide):
    (guide.parent / "files").mkdir()
    (guide.parent / "files" / "shenqingshu.pdf").write_bytes(b"%PDF-1.4\n")
    mutate(guide, "    source: 申请人自备\n", "    source: 申请人自备\n    blank_form: files/shenqingshu.pdf\n")
    mutate(guide, "  type: 证照\n", "  type: 证照\n  sample: https://www.jxzwfww.gov.cn/yangben.png\n")
    assert "M804" not in codes(found(guides, guide))


# -- M803: an identity document shown in person is who the applicant is, not a paper to fetch (issue 12) --

def ask_for(guide: Path, name: str, form: str, notes: str) -> None:
    """The exemplar's 经营者居民身份证 (fetched from the licence library) turned into a document the applicant brings."""
    mutate(guide, "  - name: 经营者居民身份证\n    form: 原件\n", f"  - name: {name}\n    form: {form}\n")
    basis = "    basis: 市场主体登记管理条例实施细则 第二十五条\n"
    mutate(guide, f"    source: 电子证照调取\n{basis}    notes: 可通过电子证照库调取的，无须提交复印件；现场核验原件。",
           f"    source: 政府部门核发\n{basis}    notes: {notes}")

@pytest.mark.parametrize("name", [
    "经营者居民身份证",  # 个体工商户设立登记
    "本人的居民身份证",  # 婚姻登记条例 第五条: 内地居民办理结婚登记应当出具本人的户口簿、身份证
    "本人的常住户口簿",
    "机动车驾驶证",  # 驾驶证期满换证: shown, then 交回
    "申请人有效护照",
])
def test_an_identity_document_shown_in_person_is_no_data_sharing_candidate(guides, guide, name):
    ask_for(guide, name, "原件", "窗口当面核验原件后退还。")
    assert "M803" not in codes(found(guides, guide))


@pytest.mark.parametrize("name, form", [("居民身份证、户口簿复印件", "复印件"), ("户口簿复印件", "复印件"), ("经营者居民身份证", "原件和复印件")])
def test_a_copy_of_an_identity_document_is_still_asked_from_the_applicant(guides, guide, name, form):
    """Real wording from 残疾人证新办 and 农村低保 (tests/fixtures/real-guides): the copy is the paper the office could fetch."""
    ask_for(guide, name, form, "复印件由申请人自备。")
    assert "M803" in codes(found(guides, guide))


# -- M806: a 非必要 material says when it is needed --

def test_an_optional_material_without_when_or_when_note(guides, guide):
    mutate(guide, "    notes: 仅委托他人代为办理时提交。\n    when:\n      - 委托他人代为办理\n", "    notes: 仅委托他人代为办理时提交。\n")
    [d] = [d for d in found(guides, guide) if d["code"] == "M806"]
    assert d["element"] == "materials[委托代理人身份证明和授权委托书].necessity" and "什么情况下" in d["message"]


def test_an_optional_material_with_a_when_note_only(guides, guide):
    mutate(guide, "    notes: 仅委托他人代为办理时提交。\n    when:\n      - 委托他人代为办理\n",
           "    notes: 仅委托他人代为办理时提交。\n    when_note: 委托他人代为办理的\n")
    assert "M806" not in codes(found(guides, guide))
