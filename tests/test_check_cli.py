"""`guides check` on the real catalogue and on mutated copies of real guides; output formats; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from validator.check import registry

from .conftest import GUIDES, ROOT, line_of, mutate


def test_every_sample_guide_is_clean(guides):
    run = guides("check", "guides", "--format", "json")
    errors = [d for d in run.diagnostics if d["severity"] == "error"]
    assert errors == [] and run.code == 0, run.out
    assert run.json["summary"]["files"] == len(list(GUIDES.rglob("*.yaml")))


def test_sample_catalogue_size():
    guides = [p for p in GUIDES.rglob("*.yaml") if p.name != "_department.yaml"]
    departments = [p for p in GUIDES.iterdir() if p.is_dir()]
    assert len(guides) >= 24 and len(departments) >= 8
    assert all((d / "_department.yaml").is_file() for d in departments)


def test_default_path_is_the_guides_folder(guides):
    run = guides("check")
    assert run.code == 0 and "没有发现问题" in run.out


def check_one(guides, path):
    run = guides("check", str(path), "--format", "json")
    assert run.code == 1, run.out
    return run.diagnostics


def test_wrong_enum_at_the_value(guides, exemplar_copy):
    mutate(exemplar_copy, "  kind: 即办件", "  kind: 即时办结")
    [d] = check_one(guides, exemplar_copy)
    assert (d["code"], d["line"], d["column"]) == ("S004", line_of(exemplar_copy, "kind: 即时办结"), 9)
    assert "办件类型" in d["message"] and "即办件" in d["hint"]


def test_missing_element_at_its_parent_key(guides, exemplar_copy):
    mutate(exemplar_copy, "    form: 复印件\n", "")
    [d] = check_one(guides, exemplar_copy)
    material_line = line_of(exemplar_copy, "- name: 经营场所的房屋产权证明")
    assert (d["code"], d["line"]) == ("S001", material_line)
    assert "材料类型" in d["message"] and "materials[3].form" in d["message"]


def test_unknown_key_suggests_the_right_one(guides, exemplar_copy):
    mutate(exemplar_copy, "\nmaterials:\n", "\nmatrials:\n")
    diags = check_one(guides, exemplar_copy)
    unknown = next(d for d in diags if d["code"] == "S002")
    assert (unknown["line"], unknown["column"]) == (line_of(exemplar_copy, "matrials:"), 1)
    assert "`materials`" in unknown["hint"]
    # the now-missing materials is reported too: every problem in one run
    assert any(d["code"] == "S001" and "materials" in d["message"] for d in diags)


def test_chinese_key_maps_to_the_english_key(guides, exemplar_copy):
    mutate(exemplar_copy, "\nsummary: ", "\n事项简述: ")
    diags = check_one(guides, exemplar_copy)
    unknown = next(d for d in diags if d["code"] == "S002")
    assert "`summary`" in unknown["hint"]


def test_nested_unknown_key(guides, exemplar_copy):
    mutate(exemplar_copy, "    necessity: 非必要", "    necesity: 非必要")
    diags = check_one(guides, exemplar_copy)
    assert any(d["code"] == "S002" and d["line"] == line_of(exemplar_copy, "necesity") and d["column"] == 5 for d in diags)


def test_conditional_requirement_says_why(guides, exemplar_copy):
    mutate(exemplar_copy, "  charged: false", "  charged: true")
    [d] = check_one(guides, exemplar_copy)
    assert d["code"] == "S001" and d["line"] == line_of(exemplar_copy, "fees:")
    assert "收费的事项必须逐项列出收费项目" in d["hint"]


def test_bad_pattern_and_wrong_type(guides, exemplar_copy):
    mutate(exemplar_copy, 'updated: "2026-10-15"', "updated: 2026年10月15日")
    mutate(exemplar_copy, "  charged: false", "  charged: 否")
    diags = {d["code"]: d for d in check_one(guides, exemplar_copy)}
    assert diags["S005"]["line"] == line_of(exemplar_copy, "updated:")
    assert diags["S003"]["line"] == line_of(exemplar_copy, "charged: 否")
    assert "true" in diags["S003"]["hint"]


# -- S005 on a law's title: the hint gives the title as the standard writes it (issue 12) --

@pytest.mark.parametrize("title, hint", [
    ("《中华人民共和国残疾人证管理办法》", "去掉书名号，写成「中华人民共和国残疾人证管理办法」"),  # 残疾人证新办, 县残联 2018
    ("海南省《中华人民共和国残疾人证》管理办法实施细则", "名称里引用的其他法规名称用〈〉，不用《》：写成「海南省〈中华人民共和国残疾人证〉管理办法实施细则」"),
    ("《海南省《中华人民共和国残疾人证》管理办法实施细则》",
     "去掉名称外面的书名号，名称里引用的法规名称用〈〉：写成「海南省〈中华人民共和国残疾人证〉管理办法实施细则」"),
])
def test_a_title_in_book_title_marks_gets_the_corrected_title(guides, exemplar_copy, title, hint):
    mutate(exemplar_copy, "  - title: 市场主体登记管理条例\n", f"  - title: {title}\n")
    [d] = check_one(guides, exemplar_copy)
    assert d["code"] == "S005" and d["hint"].endswith(hint + "。"), d


def test_a_nested_title_in_angle_marks_is_right(guides, exemplar_copy):
    mutate(exemplar_copy, "  - title: 市场主体登记管理条例\n", "  - title: 海南省〈中华人民共和国残疾人证〉管理办法实施细则\n")
    assert "S005" not in {d["code"] for d in guides("check", str(exemplar_copy), "--format", "json").diagnostics}


# -- text-or-object unions: a condition is a string or {text, when}, an option a string or {name, note} --

def test_a_condition_of_neither_form_names_both(guides, exemplar_copy):
    mutate(exemplar_copy, "conditions:\n", "conditions:\n  - 18\n")
    [d] = check_one(guides, exemplar_copy)
    assert (d["code"], d["line"], d["element"]) == ("S003", line_of(exemplar_copy, "  - 18"), "conditions[1]")
    assert "「受理条件」（conditions[1]）应为文字，或键值对（text、when）" in d["message"] and "数字「18」" in d["message"]
    assert "`text: …`" in d["hint"]


def test_a_condition_written_as_text_gets_the_text_forms_errors(guides, exemplar_copy):
    mutate(exemplar_copy, "conditions:\n", "conditions:\n  - 成年\n")
    [d] = check_one(guides, exemplar_copy)
    assert d["code"] == "S006" and "至少 4 个字" in d["message"] and "any of" not in d["message"]


def test_a_condition_written_as_an_object_gets_the_objects_errors(guides, exemplar_copy):
    mutate(exemplar_copy, "conditions:\n", "conditions:\n  - txt: 未满十六周岁的，由监护人陪同办理。\n    when: [未满十六周岁]\n")
    found = {d["code"]: d for d in check_one(guides, exemplar_copy)}
    assert set(found) >= {"S001", "S002"} and "S010" not in found
    assert "`text`（条件内容）" in found["S002"]["hint"]
    assert "缺少必填要素「条件内容」（conditions[1].text）" in found["S001"]["message"]


def test_an_option_of_neither_form_and_a_misspelt_option_key(guides, tmp_path):
    guide = tmp_path / "guides" / "gongan" / "jumin-shenfenzheng-huanling.yaml"
    guide.parent.mkdir(parents=True)
    guide.write_text((GUIDES / "gongan" / "jumin-shenfenzheng-huanling.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    mutate(guide, "      - 姓名变更\n", "      - [姓名变更]\n      - nmae: 户籍迁移\n")
    found = check_one(guides, guide)
    neither = next(d for d in found if d["code"] == "S003")
    assert "「选项」（situations[1].options[2]）应为文字，或键值对（name、note）" in neither["message"] and "列表" in neither["message"]
    assert any(d["code"] == "S002" and "`name`（选项名称）" in d["hint"] for d in found)


def test_department_profile_is_checked_against_its_own_schema(guides, tmp_path):
    folder = tmp_path / "dept"
    folder.mkdir()
    (folder / "_department.yaml").write_text("name: 示例县某局\nshort_name: 某局\nuscc: 123\n", encoding="utf-8")
    run = guides("check", "dept", "--format", "json", cwd=tmp_path)
    codes = {(d["code"], d["line"]) for d in run.diagnostics}
    assert ("S005", 3) in codes  # a plain 123 is read as the text "123", which is not 18 characters
    assert any(code == "S001" for code, _ in codes)


# -- output formats -------------------------------------------------------------


@pytest.fixture
def broken(exemplar_copy):
    mutate(exemplar_copy, "type: 行政许可", "type: 许可")
    return exemplar_copy


def test_text_format_shows_position_source_line_caret_and_hint(guides, broken):
    run = guides("check", str(broken))
    line = line_of(broken, "type: 许可")
    assert f"{broken}:{line}:7: S004 错误：" in run.out
    assert f" {line} | type: 许可" in run.out
    assert "|       ^" in run.out
    assert "提示：可选：" in run.out
    assert "1 个错误" in run.out


def test_json_format_contract(guides, broken):
    run = guides("check", str(broken), "--format", "json")
    [d] = run.diagnostics
    assert set(d) == {"path", "line", "column", "code", "severity", "message", "hint", "element"}
    assert d["path"] == str(broken).replace("\\", "/")
    assert d["element"] == "type"
    assert run.json["summary"] == {"files": 1, "errors": 1, "warnings": 0, "suppressed": 0}
    assert run.json["suppressed"] == []


def test_json_paths_are_relative_with_forward_slashes(guides, broken):
    run = guides("check", "guides", "--format", "json", cwd=broken.parents[2])
    assert run.diagnostics[0]["path"] == "guides/shichang/getihu-sheli-dengji.yaml"


def test_github_format(guides, broken):
    run = guides("check", str(broken), "--format", "github")
    first = run.out.splitlines()[0]
    line = line_of(broken, "type: 许可")
    assert first.startswith(f"::error file={str(broken).replace(':', '%3A')},line={line},col=7,title=S004::")
    assert "%0A提示：" in first  # multi-line messages are escaped onto one line


def test_sarif_format(guides, broken):
    run = guides("check", str(broken), "--format", "sarif")
    log = json.loads(run.out)
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    [result] = sarif_run["results"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "S004"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line_of(broken, "type: 许可"), "startColumn": 7}
    assert result["level"] == "error"


# -- exit codes and the command itself ------------------------------------------


def test_missing_path_is_a_usage_error(guides, tmp_path):
    run = guides("check", "nowhere", cwd=tmp_path)
    assert run.code == 2 and "找不到" in run.err


def test_bad_option_is_a_usage_error(guides):
    assert guides("check", "--format", "xml").code == 2


def test_internal_failure_is_exit_2_without_traceback(guides, monkeypatch, exemplar_copy):
    from validator.check import schema_stage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(schema_stage.SchemaStage, "validate", explode)
    run = guides("check", str(exemplar_copy))
    assert run.code == 2
    assert "内部错误" in run.err and "Traceback" not in run.err + run.out


def test_module_entry_point_and_console_script():
    for command in ([sys.executable, "-m", "validator"], [str(Path_guides())]):
        done = subprocess.run([*command, "check", "guides", "--format", "json"], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8")
        assert done.returncode == 0, done.stdout + done.stderr
        assert json.loads(done.stdout)["summary"]["errors"] == 0


def Path_guides():
    from pathlib import Path

    return Path(sys.executable).with_name("guides")


def test_rules_listing_and_detail(guides):
    listing = guides("rules")
    assert listing.code == 0
    for doc in registry.all_codes():
        assert f"{doc.code}  " in listing.out
    detail = guides("rules", "s002")
    assert detail.code == 0 and "不认识的键" in detail.out and "matrials" in detail.out
    assert guides("rules", "ZZ999").code == 2


def test_every_code_is_documented():
    for doc in registry.all_codes():
        assert doc.title and len(doc.explanation) > 20, doc.code


def test_output_cut_short_by_the_reader_is_not_an_internal_error():
    """`guides rules | head -1`: the pipe closes before everything is written."""
    guides_command = [sys.executable, "-c", "import sys; from validator.cli.main import main; sys.exit(main())", "rules"]
    process = subprocess.Popen(guides_command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader goes away at once
    err = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 2
    assert "内部错误" not in err and "Traceback" not in err and "Exception ignored" not in err, err
