"""Material rules: duplicates (M801), basis (M802), 减证便民 (M803), referenced files (M804)."""

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
