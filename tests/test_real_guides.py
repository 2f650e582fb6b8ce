"""Real guides with gaps (tests/fixtures/real-guides) get their rule findings in the same run as their schema errors.

Each of the nine guides as 示例县's offices published them fails the schema (no 基本编码, no 投诉渠道, materials
without details …); the rules whose inputs are intact still run and name what is wrong with what the office wrote.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .real_guides_support import FOLDERS, real_catalogue, shown


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """One check of the nine, diagnostics by file."""
    import contextlib
    import io
    import json
    import os

    from validator.cli.main import main

    root = real_catalogue(tmp_path_factory.mktemp("real"))
    here, out = os.getcwd(), io.StringIO()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", "--format", "json"])
    finally:
        os.chdir(here)
    assert code == 1
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for diagnostic in json.loads(out.getvalue())["diagnostics"]:
        found[diagnostic["path"]].append(diagnostic)
    return found


def at(checked: dict[str, list[dict[str, Any]]], stem: str, code: str) -> list[dict[str, Any]]:
    return [d for d in checked[shown(stem)] if d["code"] == code]


# (fixture, schema problems it has, rule findings it gets in the same run) — each from the published guide's wording
CASES = [
    ("qushui-xuke-yanxu", {"S001", "S006"}, {"T209", "W303", "M802", "L106"}),
    ("jianshe-gongcheng-guihua-xuke", {"S001"}, {"T213", "T207", "M803", "W303"}),
    ("tuixiu-renyuan-dangan-jieshou", {"S001"}, {"T208", "W302", "L104"}),
    ("canjirenzheng-xinban", {"S001", "S005"}, {"T211", "T209", "M806", "M803", "Q003", "X004"}),
    ("canjirenzheng-huanling", {"S001"}, {"M802", "X004"}),
    ("chengxiang-jumin-yanglao-canbao", {"S001"}, {"P602", "P601", "M803"}),
    ("shipin-jingying-xuke", {"S001"}, {"W301", "W302", "M806", "M803", "T207", "L101", "L104", "L105"}),
    ("jiehun-dengji-2020", {"S001"}, {"L101", "M802"}),
    ("nongcun-dibao", {"S001"}, {"M801", "M806", "W302", "W303", "T207"}),
]


def test_every_fixture_is_covered() -> None:
    assert {stem for stem, _, _ in CASES} == set(FOLDERS)


@pytest.mark.parametrize("stem, schema, rules", CASES, ids=[case[0] for case in CASES])
def test_schema_errors_and_rule_findings_in_one_run(checked, stem: str, schema: set[str], rules: set[str]) -> None:
    codes = {d["code"] for d in checked[shown(stem)]}
    assert schema <= codes and rules <= codes, (stem, sorted(codes))
    assert not {d["code"] for d in checked[shown(stem)] if d["code"].startswith("Y")}  # every fixture loads


def test_the_catch_all_material_and_condition_of_the_food_licence(checked) -> None:
    found = {d["element"]: d for d in at(checked, "shipin-jingying-xuke", "W301")}
    assert "兜底条款「规定的其他」" in found["materials[法律法规规定的其他材料].name"]["message"]
    assert "conditions[法律、法规规定的其他条件。].text" in found
    # the same guide lacks 基本编码: its schema error stands beside the rule findings
    assert any(d["element"] == "basic_code" for d in at(checked, "shipin-jingying-xuke", "S001"))


def test_the_thrice_repeated_material_is_named_twice(checked) -> None:
    found = at(checked, "nongcun-dibao", "M801")
    assert [d["message"] for d in found] == [
        "材料「户口簿复印件」与第 2 项「户口簿复印件」重复（本项是第 5 项）。",
        "材料「户口簿复印件」与第 2 项「户口簿复印件」重复（本项是第 7 项）。",
    ]


def test_the_phone_without_area_code(checked) -> None:
    found = at(checked, "chengxiang-jumin-yanglao-canbao", "P602")
    assert {d["element"] for d in found} == {"locations[清河镇劳动保障事务所].phone", "contacts.consult[清河镇劳动保障事务所].phone",
                                             "contacts.complaint[清河镇劳动保障事务所].phone"}
    assert all("6231108" in d["message"] and "没有区号" in d["message"] for d in found)


def test_the_limits_as_the_offices_wrote_them(checked) -> None:
    [stated] = at(checked, "tuixiu-renyuan-dangan-jieshou", "T208")
    assert stated["element"] == "time_limit.stated" and "12 个工作日" in stated["message"]
    assert {d["element"] for d in at(checked, "canjirenzheng-xinban", "T209")} == {
        "process[评定].duration.unit", "process[审核].duration.unit", "process[制证发证].duration.unit"}
    [steps] = at(checked, "canjirenzheng-xinban", "T211")
    assert "合计 29 日" in steps["hint"]
    [excluded] = at(checked, "jianshe-gongcheng-guihua-xuke", "T213")
    assert "现场勘查、听证、专家评审" in excluded["message"]


def test_the_laws_of_their_time(checked) -> None:
    assert any("食品药品监督管理局" in d["message"] for d in at(checked, "shipin-jingying-xuke", "L105"))
    assert any("《中华人民共和国婚姻法》已于 2021-01-01 废止" in d["message"] for d in at(checked, "jiehun-dengji-2020", "L101"))
    [notation] = at(checked, "shipin-jingying-xuke", "L104")
    assert "「第29、31条」" in notation["message"] and "第二十九条、第三十一条" in notation["message"]
    [chapters] = at(checked, "tuixiu-renyuan-dangan-jieshou", "L104")
    assert "「第一、二章」引的是章节" in chapters["message"]


def test_a_rule_does_not_run_on_what_is_missing(checked) -> None:
    """结婚登记 2020 lists its materials without `source`: M803 (which reads it) says nothing there, while M802
    (name and basis, both as written) does."""
    assert not at(checked, "jiehun-dengji-2020", "M803")
    assert any(d["element"] == "materials[].source" or "source" in d["message"] for d in at(checked, "jiehun-dengji-2020", "S001"))
    assert at(checked, "jiehun-dengji-2020", "M802")


def test_one_basis_without_an_article_does_not_hide_the_others(checked) -> None:
    """食品经营许可 cites its 管理办法 without an article (S001); the 食品安全法 entry's 「第29、31条」 is still checked."""
    assert any(d["element"] == "basis[食品经营许可管理办法].article" for d in at(checked, "shipin-jingying-xuke", "S001"))
    assert [d["element"] for d in at(checked, "shipin-jingying-xuke", "L104")] == ["basis[中华人民共和国食品安全法].article"]


def test_the_title_in_book_title_marks(checked) -> None:
    [title] = at(checked, "canjirenzheng-xinban", "S005")
    assert title["hint"].startswith("法律法规名称不加书名号《》") and "「中华人民共和国残疾人证管理办法」" in title["hint"]


@pytest.mark.parametrize("stem", sorted(FOLDERS))
def test_positions_are_in_the_file(checked, stem: str, tmp_path: Path) -> None:
    lines = (Path(__file__).parent / "fixtures" / "real-guides" / f"{stem}.yaml").read_text(encoding="utf-8").split("\n")
    for d in checked[shown(stem)]:
        assert 1 <= d["line"] <= len(lines), d
