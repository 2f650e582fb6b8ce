"""What real guides say reaches the citizen (issue 12): situations and what applies in each, the bodies (where to
apply), time limits as laws write them, and aliases. On the sample site built once per session, its CSV and its
print sheets."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from validator.check.run import check_catalogue

from .conftest import GUIDES
from .site_support import article

ID_CARD = "guides/gongan/jumin-shenfenzheng-huanling/"


@pytest.fixture(scope="module")
def catalogue():
    return check_catalogue(GUIDES).catalogue


def text(html: str) -> str:
    """What a reader sees, runs of white space as one space."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ：", "：").replace("： ", "：")


def section(page: str, title: str) -> str:
    body = article(page)
    start = re.search(rf"<h2[^>]*>{title}", body)
    assert start is not None, title
    end = body.find("<h2", start.end())
    return body[start.start():end if end != -1 else None]


def test_the_questions_come_before_what_they_decide_with_their_options(sample_site) -> None:
    page = sample_site.page(ID_CARD)
    situations = text(section(page, "办理情形"))
    assert "为什么换领身份证？" in situations and "证件严重损坏不能辨认：芯片损坏读不出" in situations
    assert article(page).index(">办理情形<") < article(page).index(">受理条件<")


def test_every_conditional_item_says_when_with_a_marker_the_chooser_can_filter_by(sample_site, catalogue) -> None:
    guide = catalogue.guide("gongan/jumin-shenfenzheng-huanling")
    page = article(sample_site.page(ID_CARD))
    marked = re.findall(r'<span class="guide-when" data-when="([^"]*)">([^<]*)</span>', page)
    conditional = [*(m for m in guide.materials if m.when), *(c for c in guide.conditions if c.when),
                   *(s for s in guide.process if s.when), *(f for f in guide.fees.items if f.when), *(p for p in guide.locations if p.when)]
    assert len(marked) >= len(conditional) > 0
    assert ("未满十六周岁", "以下情况需要提供：未满十六周岁") in [(unescape(a), unescape(b)) for a, b in marked]
    options = {o.name for q in guide.situations for o in q.options}
    assert {name for names, _ in marked for name in unescape(names).split("|")} <= options


def test_the_print_sheet_says_when_a_conditional_material_is_needed(sample_site) -> None:
    sheet = re.search(r'<section class="print-sheet".*?</section>', sample_site.page(ID_CARD), re.S)
    assert sheet is not None
    assert "监护人居民身份证（原件，1 份，可由电子证照调取；以下情况需要：未满十六周岁）" in text(sheet.group(0))


def test_the_summary_names_the_body_where_the_citizen_applies(sample_site) -> None:
    page = sample_site.page("guides/minzheng/zuidi-shenghuo-baozhang-shenhe-queren/")
    assert "到哪里办：申请人户籍所在地乡镇人民政府（街道办事处）" in text(article(page))
    codes = text(section(page, "事项信息"))
    assert "决定机构 示例县民政局" in codes and "承办机构 示例县民政局社会救助股" in codes and "示例县民政局（法定机关）" in codes


@pytest.mark.parametrize("path, words", [
    ("guides/jiaotong/daolu-huowu-yunshu-jingying-xuke/", "20 日（原文未注明工作日或自然日）"),
    ("guides/liushu-cun/chengxiang-jumin-yiliao-baoxian-canbao-dengji/", "受理时间：每年 9 月 1 日至 12 月 31 日集中办理"),
    ("guides/ziran/budongchan-zhuanyi-dengji/", "没有公证书和法律文书，全体继承人到场办理：承诺 自全体继承人到场询问完毕之日起 10 个工作日"),
    ("guides/liushu-cun/chengxiang-jumin-yanglao-baoxian-canbao-dengji/", "重度残疾人申请政府代缴"),
])
def test_time_limits_read_as_the_law_writes_them(sample_site, path: str, words: str) -> None:
    assert words in text(section(sample_site.page(path), "办理时限"))


def test_aliases_stand_under_the_title(sample_site) -> None:
    assert "又称：换身份证、身份证到期、身份证过期、身份证换证" in text(article(sample_site.page(ID_CARD)))


def test_the_csv_carries_situations_bodies_and_limits(sample_site) -> None:
    rows = list(csv.DictReader(io.StringIO((sample_site.out / "api" / "guides.csv").read_text(encoding="utf-8-sig"))))
    card = next(r for r in rows if r["标识"] == "gongan/jumin-shenfenzheng-huanling")
    assert card["俗称"].startswith("换身份证、") and card["办理情形"].startswith("为什么换领身份证？有效期满或者即将期满、姓名变更")
    welfare = next(r for r in rows if r["标识"] == "minzheng/zuidi-shenghuo-baozhang-shenhe-queren")
    assert welfare["受理机构"] == "申请人户籍所在地乡镇人民政府（街道办事处）" and welfare["决定机构"] == "示例县民政局"
    estate = next(r for r in rows if r["标识"] == "ziran/budongchan-zhuanyi-dengji")
    assert "没有公证书和法律文书" in estate["分情形时限"]
