"""Every class of bad input a clerk can cause: a located Chinese error, exit 1, never a traceback."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from validator.check.loader import load

from .conftest import EXEMPLAR, line_of, mutate


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def only_error(run) -> dict:
    assert run.code == 1, run.out + run.err
    errors = [d for d in run.diagnostics if d["severity"] == "error"]
    assert errors, run.out
    return errors[0]


def test_gbk_file_names_the_encoding_and_the_line(guides, tmp_path):
    text = "name: 个体工商户设立登记\nsummary: 申请营业执照\n"
    write(tmp_path, "gbk.yaml", b"# comment\n" + text.encode("gbk"))
    error = only_error(guides("check", "gbk.yaml", "--format", "json", cwd=tmp_path))
    assert error["code"] == "Y001"
    assert (error["line"], error["column"]) == (2, 7)
    assert "GBK" in error["message"] and "UTF-8" in error["hint"]


def test_utf16_is_refused_with_a_resave_hint(guides, tmp_path):
    write(tmp_path, "u16.yaml", codecs.BOM_UTF16_LE + "name: 结婚登记\n".encode("utf-16-le"))
    error = only_error(guides("check", "u16.yaml", "--format", "json", cwd=tmp_path))
    assert error["code"] == "Y001" and "UTF-16" in error["message"]


def test_bom_and_crlf_are_accepted(guides, tmp_path):
    folder = tmp_path / "shichang"
    folder.mkdir()
    text = EXEMPLAR.read_text(encoding="utf-8").replace("\n", "\r\n")
    write(folder, "guide.yaml", codecs.BOM_UTF8 + text.encode("utf-8"))
    run = guides("check", "shichang/guide.yaml", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.out
    assert run.json["summary"] == {"files": 1, "errors": 0, "warnings": 0, "suppressed": 0}


def test_duplicate_key_at_depth_is_reported_at_the_second_occurrence(guides, exemplar_copy):
    mutate(exemplar_copy, "    form: 原件\n", "    form: 原件\n    form: 复印件\n")
    line = line_of(exemplar_copy, "form: 复印件")
    run = guides("check", str(exemplar_copy), "--format", "json")
    error = only_error(run)
    assert (error["code"], error["line"], error["column"]) == ("Y003", line, 5)
    assert f"第 {line - 1} 行" in error["message"]


def test_top_level_duplicate_key(guides, tmp_path):
    write(tmp_path, "dup.yaml", "name: 结婚登记\nsummary: 一\nname: 内地居民结婚登记\n")
    error = only_error(guides("check", "dup.yaml", "--format", "json", cwd=tmp_path))
    assert (error["code"], error["line"], error["column"]) == ("Y003", 3, 1)


def test_yaml_11_values_stay_exactly_as_written():
    doc = load("t.yaml", (
        b"a: NO\nb: 0571-1234567\nc: 20:30\nd: 010\ne: 2024-01-01\nf: yes\ng: 0o17\nh: 0x1F\n"
        b"i: 12\nj: true\nk: ~\nl: 1.5\nm: '12'\nn: .inf\n"
    ))
    assert doc.data == {
        "a": "NO", "b": "0571-1234567", "c": "20:30", "d": "010", "e": "2024-01-01", "f": "yes",
        "g": "0o17", "h": "0x1F", "i": 12, "j": True, "k": None, "l": 1.5, "m": "12", "n": ".inf",
    }


def test_unquoted_codes_phones_and_dates_pass_where_the_schema_wants_text(guides, exemplar_copy):
    # Each would be silently rewritten by YAML 1.1 (octal, int, date); here they stay text.
    mutate(exemplar_copy, 'basic_code: "000131128000"', "basic_code: 000131128000")
    mutate(exemplar_copy, 'updated: "2026-10-15"', "updated: 2026-10-15")
    mutate(exemplar_copy, 'phone: "12345"', "phone: 12345")
    run = guides("check", str(exemplar_copy), "--format", "json")
    assert run.code == 0, run.out


def test_text_typed_where_a_number_is_wanted_is_still_an_error(guides, exemplar_copy):
    mutate(exemplar_copy, "visits: 0", "visits: 010")
    error = only_error(guides("check", str(exemplar_copy), "--format", "json"))
    assert (error["code"], error["line"]) == ("S003", line_of(exemplar_copy, "visits: 010"))


def test_tab_indentation_points_at_the_tab(guides, tmp_path):
    write(tmp_path, "tab.yaml", "name: 测试\nconditions:\n\t- 年满十八周岁\n")
    error = only_error(guides("check", "tab.yaml", "--format", "json", cwd=tmp_path))
    assert (error["code"], error["line"], error["column"]) == ("Y004", 3, 1)
    assert "空格" in error["hint"]


@pytest.mark.parametrize("line_text, column", [("summary：须本人办理", 8), ("summary:\u3000须本人办理", 8)])
def test_fullwidth_colon_or_space_after_a_key(guides, tmp_path, line_text, column):
    write(tmp_path, "fw.yaml", f"name: 测试事项\n{line_text}\n")
    error = only_error(guides("check", "fw.yaml", "--format", "json", cwd=tmp_path))
    assert (error["code"], error["line"], error["column"]) == ("Y005", 2, column)
    assert "`summary: …`" in error["hint"]


def test_fullwidth_colon_in_a_nested_list_item(guides, exemplar_copy):
    mutate(exemplar_copy, "  - name: 经营者居民身份证", "  - name：经营者居民身份证")
    error = only_error(guides("check", str(exemplar_copy), "--format", "json"))
    assert (error["code"], error["line"]) == ("Y005", line_of(exemplar_copy, "name：经营者"))


def test_alias_bomb_is_refused_fast(guides, tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{prev}"] * 9) + "]")
    write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")  # 9^12 strings if expanded
    started = time.perf_counter()
    run = guides("check", "bomb.yaml", "--format", "json", cwd=tmp_path)
    elapsed = time.perf_counter() - started
    error = only_error(run)
    assert (error["code"], error["line"], error["column"]) == ("Y006", 2, 8)
    assert elapsed < 30  # a sanity bound against expansion, not a timing claim


@pytest.mark.parametrize("content, code", [
    ("", "Y007"),
    ("# 只有注释\n", "Y007"),
    ("- 列表\n- 不是键值对\n", "Y008"),
    ("只是一段文字\n", "Y008"),
    ("name: 一\n---\nname: 二\n", "Y012"),
    ("name: !!python/object:os.system x\n", "Y010"),
    ("? [a, b]\n: c\n", "Y011"),
    ('name: "没有闭合\n', "Y002"),
    ("name: 办理: 身份证\n", "Y002"),
])
def test_malformed_inputs_get_a_located_error(guides, tmp_path, content, code):
    write(tmp_path, "bad.yaml", content)
    error = only_error(guides("check", "bad.yaml", "--format", "json", cwd=tmp_path))
    assert error["code"] == code
    assert error["line"] >= 1 and error["column"] >= 1
    assert error["message"] and error["hint"]


# What libyaml accepts but YAML 1.2 forbids (check/yaml_strict.py), wherever it stands: the loader hands over the
# nodes it does not build too (a duplicate key's value, a complex key's), not only the ones it builds.
@pytest.mark.parametrize("content, line, column, message", [
    ("name: 测试\naliases: [一]\naliases: [二,\n三]\n", 4, 1, "续行缩进不够"),  # under a duplicate key
    ('"name": "测试"# 注释\n', 1, 13, "注释前要有空格"),  # after a quoted key's value
    ('name: 测试\nconditions:\n  - "年满\n  十八周岁"\n', 4, 3, "续行缩进不够"),  # a list item's quoted text
    ("name: 测试\n? - 复杂\n  - 键\n: [一,\n二]\n", 5, 1, "续行缩进不够"),  # the value of a complex key
])
def test_what_libyaml_lets_through_is_found_where_it_stands(guides, tmp_path, content, line, column, message):
    write(tmp_path, "lax.yaml", content)
    error = only_error(guides("check", "lax.yaml", "--format", "json", cwd=tmp_path))
    assert (error["code"], error["line"], error["column"]) == ("Y002", line, column)
    assert message in error["message"]


def test_oversized_file(guides, tmp_path):
    write(tmp_path, "big.yaml", "summary: " + "很长" * 600_000 + "\n")
    error = only_error(guides("check", "big.yaml", "--format", "json", cwd=tmp_path))
    assert error["code"] == "Y009"


def test_all_problems_of_all_files_in_one_run(guides, tmp_path):
    write(tmp_path, "a.yaml", "")
    write(tmp_path, "b.yaml", "x: 1\nx: 2\n")
    write(tmp_path, "c.yaml", "- a\n")
    run = guides("check", ".", "--format", "json", cwd=tmp_path)
    assert run.code == 1
    assert [(d["path"], d["code"]) for d in run.diagnostics] == [("a.yaml", "Y007"), ("b.yaml", "Y003"), ("c.yaml", "Y008")]
    assert run.json["summary"] == {"files": 3, "errors": 3, "warnings": 0, "suppressed": 0}
