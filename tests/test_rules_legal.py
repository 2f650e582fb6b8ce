"""The law registry's rules (L101–L108) through `guides check`: each kind of stale reference planted in a
sample guide gives a located diagnostic at the planted element (the rules' own examples: tests/test_examples.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import GUIDES, codes, found, mutate
from .laws_support import position, replace_top

LAW_CODES = ("L101", "L102", "L103", "L104", "L105", "L106", "L107")


def only(diagnostics: list[dict], code: str) -> dict:
    matching = [d for d in diagnostics if d["code"] == code]
    assert len(matching) == 1, diagnostics
    return matching[0]


def at(diagnostic: dict, guide: Path, needle: str) -> None:
    assert (diagnostic["line"], diagnostic["column"]) == position(guide, needle), diagnostic


def first_material_basis(guide: Path, text: str) -> None:
    """The exemplar's first material's `basis` (running text) becomes `text`."""
    mutate(guide, "    basis: 市场主体登记管理条例实施细则 第二十五条\n    notes: 经营者本人签字",
           f"    basis: {text}\n    notes: 经营者本人签字")


def test_the_samples_are_clean_against_the_registry(guides):
    run = guides("check", "guides", "--format", "json")
    assert run.code == 0 and not [d for d in run.diagnostics if d["code"].startswith("L")], run.diagnostics


# --- L101 repealed ----------------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["中华人民共和国婚姻法", "婚姻法", "中华人民共和国继承法", "收养法", "担保法", "合同法", "物权法",
                                   "侵权责任法", "民法通则", "民法总则"])
def test_a_law_the_civil_code_replaced(guides, guide, title):
    replace_top(guide, f"basis:\n  - title: {title}\n    article: 第五条")
    d = only(found(guides, guide), "L101")
    at(d, guide, title)
    assert d["severity"] == "error"
    assert "2021-01-01" in d["message"] and "《中华人民共和国民法典》" in d["message"] and "第一千二百六十条" in d["message"]


def test_a_repealed_regulation_in_a_materials_basis(guides, guide):
    first_material_basis(guide, "《个体工商户条例》第八条；市场主体登记管理条例实施细则 第二十五条")
    d = only(found(guides, guide), "L101")
    at(d, guide, "《个体工商户条例》")
    assert "2022-11-01" in d["message"] and "促进个体工商户发展条例" in d["message"]


def test_a_law_named_inside_a_longer_title_is_not_that_law(guides, guide):
    """合同法 was repealed; 劳动合同法 was not, and its name contains 合同法."""
    first_material_basis(guide, "中华人民共和国劳动合同法 第十条")
    assert "L101" not in codes(found(guides, guide))


# --- L102 articles that do not exist ------------------------------------------------------------------

def test_an_article_beyond_the_last(guides, guide):
    replace_top(guide, "basis:\n  - title: 中华人民共和国行政许可法\n    article: 第八十四条")
    d = only(found(guides, guide), "L102")
    at(d, guide, "第八十四条")
    assert d["severity"] == "error" and "第八十四条" in d["message"] and "第八十三条" in d["hint"]


@pytest.mark.parametrize(("article", "missing"), [
    ("第四十二条第三款", "第四十二条第三款（这一条只有 2 款）"),
    ("第十二条第七项", "第十二条第七项（只有 6 项）"),
    ("第八十二条至第八十五条", "第八十四条、第八十五条"),
    ("第29、90条", "第九十条"),  # not normal (L104), still checked
    ("第一条至第五百条", "第八十四条、第八十五条、第八十六条、第八十七条、第八十八条、第八十九条、第九十条、第九十一条等 417 处"),  # bounded
])
def test_paragraphs_items_and_ranges(guides, guide, article, missing):
    replace_top(guide, f"basis:\n  - title: 行政许可法\n    article: {article}")
    assert missing in only(found(guides, guide), "L102")["message"]


def test_an_article_in_a_materials_running_text(guides, guide):
    first_material_basis(guide, "市场主体登记管理条例 第五十六条；市场主体登记管理条例实施细则 第二十五条")
    d = only(found(guides, guide), "L102")
    at(d, guide, "市场主体登记管理条例 第五十六条")
    assert "第五十六条" in d["message"] and "第五十五条" in d["hint"]


def test_a_law_without_articles_in_the_registry_is_not_checked_for_them(guides, guide):
    replace_top(guide, "basis:\n  - title: 食品经营许可和备案管理办法\n    article: 第九百条")
    assert not codes(found(guides, guide)) & {"L102", "L103", "L106"}


# --- L103 quotes --------------------------------------------------------------------------------------

QUOTE = "basis:\n  - title: 中华人民共和国行政许可法\n    article: {article}\n    text: {text}"


@pytest.mark.parametrize("text", [
    "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。",
    "除可以当场作出行政许可决定的外,行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定.",  # half-width punctuation
    "除可以当场作出行政许可决定的外 行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定",  # spaces, no punctuation
    "第四十二条　行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。……四十五日内不能办结的，经本级人民政府负责人批准，可以延长十五日",
    "依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日",  # the second 款 alone
])
def test_quotes_that_are_the_text_in_force(guides, guide, text):
    replace_top(guide, QUOTE.format(article="第四十二条", text=text))
    assert "L103" not in codes(found(guides, guide))


def test_a_part_of_each_of_two_articles_with_their_labels(guides, guide):
    text = "第四十二条 除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。" \
           "第四十三条 依法应当先经下级行政机关审查后报上级行政机关决定的行政许可"
    replace_top(guide, QUOTE.format(article="第四十二条、第四十三条", text=text))
    assert "L103" not in codes(found(guides, guide))


def test_a_quote_that_is_not_the_text(guides, guide):
    replace_top(guide, QUOTE.format(article="第四十二条", text="行政机关应当自受理行政许可申请之日起三十日内作出行政许可决定。"))
    d = only(found(guides, guide), "L103")
    at(d, guide, "行政机关应当自受理行政许可申请之日起三十日")
    assert d["severity"] == "warning" and "三十日" in d["message"]
    assert d["hint"].startswith("现行条文：第四十二条 除可以当场作出行政许可决定的外") and "二十日内" in d["hint"]


def test_a_quote_of_an_article_that_moved(guides, guide):
    """The 居民身份证法's 工本费 article is 第二十一条; a guide that cites it as 第二十条 is told where the text is."""
    replace_top(guide, "basis:\n  - title: 中华人民共和国居民身份证法\n    article: 第二十条\n"
                       "    text: 公民申请领取、换领、补领居民身份证，应当缴纳证件工本费。")
    assert "这段文字现在在第二十一条" in only(found(guides, guide), "L103")["message"]


def test_a_quote_of_the_marriage_registration_rules_before_their_2025_revision(guides, guide):
    replace_top(guide, "basis:\n  - title: 婚姻登记条例\n    article: 第四条\n"
                       "    text: 内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。")
    d = only(found(guides, guide), "L103")
    assert "2003-10-01" in d["message"] and "2025-05-10" in d["message"]


def test_a_hint_is_bounded(guides, guide):
    replace_top(guide, "basis:\n  - title: 中华人民共和国民法典\n    article: 第一条至第一百条\n    text: 本法所称的不存在的一句话，不在任何条文里。")
    assert len(only(found(guides, guide), "L103")["hint"]) < 800


# --- L104 notation -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("article", "normal"), [
    ("第29、31条", "第二十九条、第三十一条"),
    ("第二十九、三十一条", "第二十九条、第三十一条"),
    ("第12条第3项", "第十二条第三项"),
    ("第十二条第（三）项", "第十二条第三项"),
    ("第十九条第一、二款", "第十九条第一款、第二款"),
    ("第22至25条", "第二十二条至第二十五条"),
])
def test_article_numbers_in_normal_form(guides, guide, article, normal):
    replace_top(guide, f"basis:\n  - title: 中华人民共和国行政许可法\n    article: {article}")
    d = only(found(guides, guide), "L104")
    at(d, guide, article)
    assert f"应写作「{normal}」" in d["message"]


@pytest.mark.parametrize("article", ["第一章", "第一、二章", "第四章第一节"])
def test_chapters_are_not_articles(guides, guide, article):
    replace_top(guide, f"basis:\n  - title: 中华人民共和国行政许可法\n    article: {article}")
    assert "没有写到具体的条" in only(found(guides, guide), "L104")["message"]


@pytest.mark.parametrize("article", ["第十九条第一款、第二款", "第三十三条第一款第一项至第四项", "第二十二条至第二十五条", "附件第112项",
                                     "第二部分第（一）项", "三、参保范围"])
def test_what_is_already_normal_or_no_citation_of_articles(guides, guide, article):
    replace_top(guide, f"basis:\n  - title: 国务院对确需保留的行政审批项目设定行政许可的决定\n    article: {article}")
    assert "L104" not in codes(found(guides, guide))


# --- L105 renamed agencies ----------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("县工商局", "市场监督管理局"), ("县工商行政管理局", "市场监督管理局"), ("县质量技术监督局", "市场监督管理局"),
    ("县食品药品监督管理局", "市场监督管理局"), ("县国土资源局", "自然资源局"), ("县卫生和计划生育委员会", "卫生健康委员会"),
    ("县人口和计划生育委员会", "卫生健康委员会"), ("县安全生产监督管理局", "应急管理局"), ("县环境保护局", "生态环境局"),
    ("县农业局", "农业农村局"), ("县规划局", "自然资源局"), ("县地税局", "税务局"), ("县公安消防大队", "消防救援"),
])
def test_a_renamed_agency_in_a_process_step(guides, guide, old, new):
    mutate(guide, "    actor: 登记注册股", f"    actor: {old}登记注册股")
    d = only(found(guides, guide), "L105")
    at(d, guide, f"{old}登记注册股")
    assert new in d["message"] and d["severity"] == "warning" and "机构改革前" in d["message"]


@pytest.mark.parametrize(("where", "old", "new"), [
    ("summary", "到县市场监管局办理", "到县工商局办理"),
    ("condition", "经营场所符合法律法规规定", "经营场所经县国土局确认符合规定"),
    ("material notes", "仅委托他人代为办理时提交。", "仅委托他人代为办理时提交，到县工商所窗口领取委托书。"),
])
def test_renamed_agencies_wherever_a_citizen_reads(guides, guide, where, old, new):
    mutate(guide, old, new)
    assert "L105" in codes(found(guides, guide)), where


@pytest.mark.parametrize("text", [
    "到县市场监督管理局办理", "加强食品药品安全监管", "原县工商局核发的营业执照可以继续使用", "由农业部门指导",
    "县住房和城乡建设局", "县文化和旅游局", "县卫生健康局", "县自然资源和规划局", "县住建局",
    "按《国家卫生计生委关于启用新版出生医学证明的通知》办理", "劳动和社会保障部令第8号",
])
def test_todays_names_and_deliberate_mentions_are_not_renamed_agencies(guides, guide, text):
    mutate(guide, "    actor: 登记注册股", f"    actor: {text}")
    assert "L105" not in codes(found(guides, guide))


def test_legal_citations_are_not_read_for_agency_names(guides, guide):
    """A 文号 or a document's title may name the issuer as it then was (国土资源部令第63号)."""
    mutate(guide, "    doc_number: 国家市场监督管理总局令第52号", "    doc_number: 国家工商行政管理总局令第52号")
    assert "L105" not in codes(found(guides, guide))


# --- L106, L107 ------------------------------------------------------------------------------------------

def test_an_unknown_title_gets_did_you_mean(guides, guide):
    mutate(guide, "  - title: 促进个体工商户发展条例", "  - title: 促进个体工商户发展规定")
    d = only(found(guides, guide), "L106")
    at(d, guide, "促进个体工商户发展规定")
    assert d["severity"] == "warning" and "「促进个体工商户发展条例」" in d["hint"] and "guides laws import" in d["hint"]


@pytest.mark.parametrize("title", ["中华人民共和国促进个体工商户发展条例", "促进个体工商户发展条例（2022年）", "促进个体工商户发展条例 "])
def test_title_spellings_that_name_the_same_law(guides, guide, title):
    mutate(guide, "  - title: 促进个体工商户发展条例", f"  - title: {title}")
    assert not codes(found(guides, guide)) & set(LAW_CODES)


def test_a_doc_number_that_contradicts_the_registry(guides, guide):
    mutate(guide, "    doc_number: 国务院令第755号", "    doc_number: 国务院令第754号")
    d = only(found(guides, guide), "L107")
    at(d, guide, "国务院令第754号")
    assert "国务院令第755号" in d["hint"]


@pytest.mark.parametrize("number", ["国务院令第746号", "中华人民共和国国务院令第746号", "国务院令第七百四十六号"])
def test_doc_number_spellings(guides, guide, number):
    mutate(guide, "    doc_number: 国务院令第746号", f"    doc_number: {number}")
    assert "L107" not in codes(found(guides, guide))


# --- L108 the registry's age ---------------------------------------------------------------------------

def test_old_registry_data_gives_one_notice_per_run(guides):
    run = guides("check", "guides")
    notices = [line for line in run.err.splitlines() if line.startswith("L108")]
    assert run.code == 0 and len(notices) == 1 and "2025-04-19" in notices[0], run.err
    assert "L108" not in run.out  # a notice beside the report, not a finding of a guide


def test_the_notices_age_is_configurable_and_it_can_be_switched_off(guides, tmp_path):
    catalogue = tmp_path / "repo"
    (catalogue / "guides").mkdir(parents=True)
    shutil.copytree(GUIDES / "shichang", catalogue / "guides" / "shichang")
    (catalogue / "pyproject.toml").write_text("[tool.guides]\nlaws-max-age = 100000\n", encoding="utf-8")
    assert "L108" not in guides("check", cwd=catalogue).err
    (catalogue / "pyproject.toml").write_text("[tool.guides]\nignore = [\"L108\"]\n", encoding="utf-8")
    assert "L108" not in guides("check", cwd=catalogue).err
    (catalogue / "pyproject.toml").write_text("[tool.guides]\nlaws-max-age = \"一年\"\n", encoding="utf-8")
    run = guides("check", cwd=catalogue)
    assert run.code == 2 and "laws-max-age" in run.err


def test_a_change_to_the_law_registry_checks_every_guide(guides, tmp_path):
    """A law's new text can break any guide citing it: --changed-since checks everything when laws/ changed."""
    from .git_support import commit, git, new_repo

    repo = new_repo(tmp_path / "repo", ["shichang", "weijian"])
    shutil.copytree(GUIDES.parent / "laws", repo / "laws")
    commit(repo, "catalogue", "2026-11-01T10:00:00+08:00")
    entry = repo / "laws" / "jiangxi-sheng-chusheng-yixue-zhengming-guanli-banfa.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("status: 现行有效", "status: 已废止\nrepealed: '2026-06-01'"),
                     encoding="utf-8")
    git(repo, "add", "-A")
    run = guides("check", "--changed-since", "HEAD", "--format", "json", cwd=repo)
    assert "法规库" in run.err and run.json["summary"]["files"] > 1
    [repealed] = [d for d in run.diagnostics if d["code"] == "L101"]
    assert repealed["path"] == "guides/weijian/chusheng-yixue-zhengming-shouci-qianfa.yaml" and "2026-06-01" in repealed["message"]
