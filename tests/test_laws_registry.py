"""The shipped law registry and the pieces that read it: article numbers, titles, quotes, the corpus format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from validator.check.law_registry import load_registry
from validator.laws.markdown import parse as parse_markdown
from validator.laws.numbers import parse, to_chinese, to_int
from validator.laws.store import INDEX, SHIPPED
from validator.laws.titles import TitleIndex, key

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpora" / "laws"
REPLACED_BY_THE_CIVIL_CODE = ("婚姻法", "继承法", "收养法", "担保法", "合同法", "物权法", "侵权责任法", "民法通则", "民法总则")


@pytest.fixture(scope="module")
def registry():
    return load_registry(None)


@pytest.mark.parametrize(("number", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
                                              (1003, "一千零三"), (1010, "一千零一十"), (1049, "一千零四十九"), (1260, "一千二百六十")])
def test_chinese_numerals_both_ways(number, text):
    assert to_chinese(number) == text and to_int(text) == number


@pytest.mark.parametrize("text", ["二三", "十十", "零", "", "万", "10000"])
def test_what_is_not_a_numeral(text):
    assert to_int(text) is None


@pytest.mark.parametrize(("written", "normal"), [
    ("第29、31条", "第二十九条、第三十一条"),
    ("第十九条第一款、第二款", "第十九条第一款、第二款"),
    ("第三十三条第一款第一项至第四项", "第三十三条第一款第一项至第四项"),
    ("第二十二条至第二十五条", "第二十二条至第二十五条"),
    ("第二至四条", "第二条至第四条"),
    ("第二十条之一", "第二十条之一"),
    ("第十二条第（三）项", "第十二条第三项"),
    ("第一、二章", "第一章、第二章"),
])
def test_citations_and_their_normal_form(written, normal):
    cited = parse(written)
    assert cited is not None and cited.normal() == normal


@pytest.mark.parametrize("text", ["附件第112项", "三、参保范围", "第二部分第（一）项", "第一款", "第十条之", "第五条至第三条", "第一条至第九千条"])
def test_what_is_not_a_citation_of_articles(text):
    assert parse(text) is None


def test_titles_with_and_without_the_country_and_brackets():
    index = TitleIndex([("中华人民共和国合同法", "contract"), ("中华人民共和国劳动合同法", "labour")])
    assert index.get("《中华人民共和国合同法》") == index.get("合同法") == index.get("合同法（1999年）") == "contract"
    found = [id for _, _, id in index.find_in("依据劳动合同法第十条和《合同法》第五条；中华人民共和国合同法第八条")]
    assert found == ["labour", "contract", "contract"]
    assert not list(TitleIndex([("合同法", "contract")]).find_in("签订劳动合同法律关系"))  # 合同法 inside other words
    assert key("中华人民共和国 行政许可法") == "行政许可法"


def test_the_shipped_registry_knows_what_the_issue_names(registry):
    law = registry.find("行政许可法")
    assert law.title == "中华人民共和国行政许可法" and len(law.articles) == 83 and law.status == "已修改"
    for title in REPLACED_BY_THE_CIVIL_CODE:
        law = registry.find(title)
        assert law is not None and law.status == "已废止", title
        assert (law.repealed, law.successor) == ("2021-01-01", "中华人民共和国民法典"), title
        assert law.repealed_by == "中华人民共和国民法典 第一千二百六十条", title
    marriage = registry.find("婚姻登记条例")
    assert marriage.effective == "2025-05-10" and not marriage.articles and not marriage.verified
    assert marriage.previous[0] == "2003-10-01" and "一方当事人常住户口所在地" in marriage.previous[1]["第四条"]


def test_every_law_the_samples_cite_is_in_the_registry(registry):
    import yaml

    titles = {basis["title"] for path in (ROOT / "guides").rglob("*.yaml") if path.name != "_department.yaml"
              for basis in yaml.safe_load(path.read_text(encoding="utf-8"))["basis"]}
    local = load_registry(ROOT / "laws")
    assert {title for title in titles if local.find(title) is None} == set()
    assert {title for title in titles if registry.find(title) is None} == {"江西省出生医学证明管理办法"}  # the county's own


def test_every_shipped_file_is_a_valid_registry_file():
    validator = Draft202012Validator(json.loads((ROOT / "schema" / "law.schema.json").read_text(encoding="utf-8")),
                                     format_checker=FormatChecker(formats=["date"]))
    files = sorted(p for p in SHIPPED.glob("*.json") if p.name != INDEX)
    assert len(files) > 200
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (path.name, errors)
        assert all(parse(label) is not None and parse(label).normal() == label for label in data.get("articles", {})), path.name


def test_the_index_matches_the_files():
    index = json.loads((SHIPPED / INDEX).read_text(encoding="utf-8"))
    assert index["meta"]["data_date"] == "2025-04-19"
    assert set(index["laws"]) == {p.stem for p in SHIPPED.glob("*.json") if p.name != INDEX}
    assert index["meta"]["articles"] == sum(len(json.loads(p.read_text(encoding="utf-8")).get("articles", {}))
                                           for p in SHIPPED.glob("*.json") if p.name != INDEX)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the laws corpus is not at {CORPUS}")
def test_the_shipped_registry_is_what_the_build_script_makes():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_law_registry.py"), "--check", "--corpus", str(CORPUS)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the laws corpus is not at {CORPUS}")
def test_the_corpus_reads_without_a_problem_where_the_registry_takes_its_laws():
    chosen = [CORPUS / "行政法" / "行政许可法(2019-04-23).md", CORPUS / "社会法" / "社会保险法(2018-12-29).md",
              CORPUS / "行政法规" / "婚姻登记条例(2003-08-08).md"]
    for path in chosen:
        law = parse_markdown(path.read_text(encoding="utf-8"))
        assert not law.problems and law.articles, path


def test_the_markdown_reader_reports_every_problem_with_its_line():
    text = "# 某办法\n\n2024年1月1日 印发\n\n<!-- INFO END -->\n\n第一条 一。\n\n第一条 重复。\n\n第三条 跳号。\n"
    problems = [(p.line, p.message) for p in parse_markdown(text).problems]
    assert [line for line, _ in problems] == [9, 11], problems
    assert "第一条重复出现（第 7 行已有第一条）" in problems[0][1] and "应是第二条，这里是第三条" in problems[1][1]
    headless = [p.message for p in parse_markdown("第一条 没有标题，也没有 INFO END。\n").problems]
    assert any("没有标题" in m for m in headless) and any("INFO END" in m for m in headless)
    typo = parse_markdown("# 某条例\n\n<!-- INFO END -->\n\n第一条 一。\n\n笫二条 二。\n")
    assert "第二条" in typo.articles and any("「笫」应为「第」" in p.message for p in typo.problems)


def test_laws_shipped_size_is_bounded():
    """The wheel carries the registry: it must stay a few megabytes, not the whole corpus."""
    total = sum(p.stat().st_size for p in SHIPPED.glob("*.json"))
    assert 1_000_000 < total < 8_000_000, total
    assert Path(SHIPPED / INDEX).stat().st_size < 400_000


def test_the_editor_maps_the_registry_folder_to_its_schema():
    from .test_editor import schema_for

    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert schema_for("laws/jiangxi-sheng-chusheng-yixue-zhengming-guanli-banfa.yaml", mapping) == ["./schema/law.schema.json"]
