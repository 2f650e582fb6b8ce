"""The law registry on the site and in the assessment: current article text on guide pages, the amended-law
notice, registry text escaped like every value, and 依据有效率 per department in `guides report`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import GUIDES, mutate
from .laws_support import replace_top
from .site_support import article
from .test_site_safety import IMG, JS_LINK, SCRIPT


def test_each_cited_article_folds_out_its_current_text(sample_site) -> None:
    content = article(sample_site.page("guides/shichang/getihu-sheli-dengji/"))
    # The guide quotes no text for the 实施细则; the page shows the article in force from the registry.
    assert "《市场主体登记管理条例实施细则》（国家市场监督管理总局令第52号）第二十五条" in content
    assert "第二十五条 现行条文" in content and "申请办理设立登记，应当提交下列材料" in content
    assert "现行条文取自法规库（数据截至 2025-04-19）" in content


def test_an_amended_law_says_since_when_its_version_is_in_force(sample_site) -> None:
    content = article(sample_site.page("guides/ziran/xiangcun-jianshe-guihua-xuke/"))
    assert "《中华人民共和国城乡规划法》第四十一条（已修改，现行版本 2019-04-23 施行）" in content
    assert "第四十二条、第四十三条 现行条文" in content  # two articles, one fold-out


def test_a_local_document_without_articles_shows_the_guides_quote(sample_site) -> None:
    content = article(sample_site.page("guides/weijian/chusheng-yixue-zhengming-shouci-qianfa/"))
    assert "第五条 原文" in content and "签发机构" in content


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(GUIDES / "shichang", root / "guides" / "shichang")
    (root / "laws").mkdir()
    return root


def test_registry_text_is_escaped_like_every_value(guides, repo) -> None:
    """The registry folder is clerk input too: its text reaches the page as text, never as markup or a link."""
    for other in ("getihu-zhuxiao-dengji.yaml", "shipin-jingying-xuke.yaml"):  # they cite articles this entry leaves out
        (repo / "guides" / "shichang" / other).unlink()
    mutate(repo / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "related:\n  - shichang/getihu-zhuxiao-dengji\n", "")
    (repo / "laws" / "xize.yaml").write_text(
        "title: 市场主体登记管理条例实施细则\nlevel: 部门规章\nstatus: 已修改\neffective: '2022-03-01'\nsource: 测试用的法规库条目\n"
        f"data_date: '2026-11-01'\narticles:\n  第七条: 测试条文。\n  第九条: 测试条文。\n  第十四条: 测试条文。\n"  # cited there too
        f"  第二十五条: |-\n    申请 {SCRIPT}\n    {IMG} {JS_LINK}\n", encoding="utf-8")
    out = repo / "rendered"
    run = guides("render", "--out", str(out), cwd=repo)
    assert run.code == 0, run.err
    page = (out / "guides" / "shichang" / "getihu-sheli-dengji.md").read_text(encoding="utf-8")
    section = page[page.index('<h2 id="设定依据">'):page.index('<h2 id="事项信息">')]
    assert "现行版本 2022-03-01 施行" in section and "第二十五条 现行条文" in section
    assert "<script" not in section and "<img" not in section and "](javascript:" not in section
    assert "&#60;script&#62;" in section


def test_basis_validity_per_department(guides, repo) -> None:
    run = guides("report", "--format", "json", cwd=repo)
    [shichang] = [d for d in run.json["departments"] if d["id"] == "shichang"]
    assert (shichang["bases"], shichang["valid_bases"], shichang["basis_validity"]) == (12, 12, 1.0)

    guide = repo / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    replace_top(guide, "basis:\n  - title: 中华人民共和国合同法\n    article: 第十条\n"  # repealed
                       "  - title: 市场主体登记管理条例\n    article: 第九十九条\n"  # no such article
                       "  - title: 示例县个体经营管理办法\n    article: 第三条\n"  # not in the registry
                       "  - title: 市场主体登记管理条例\n    article: 第三条")
    run = guides("report", "--format", "json", cwd=repo)
    [shichang] = [d for d in run.json["departments"] if d["id"] == "shichang"]
    assert (shichang["bases"], shichang["valid_bases"]) == (11, 8)
    assert shichang["basis_validity"] == pytest.approx(8 / 11)
    text = guides("report", cwd=repo).out
    assert "依据有效率" in text and "72.7%" in text and "依据有效率 = 在用事项的设定依据中" in text


def test_basis_validity_counts_items_in_use_only(guides, repo) -> None:
    guide = repo / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    replace_top(guide, "basis:\n  - title: 中华人民共和国合同法\n    article: 第十条")
    mutate(guide, "status: 在用", "status: 暂停\nstatus_note: 系统升级，暂停网上申请。")
    [shichang] = [d for d in guides("report", "--format", "json", cwd=repo).json["departments"] if d["id"] == "shichang"]
    assert (shichang["bases"], shichang["valid_bases"]) == (7, 7)
