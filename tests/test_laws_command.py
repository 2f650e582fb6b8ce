"""`guides laws`: listing and showing the registry, and a county adding its own regulation with one command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import GUIDES, codes
from .laws_support import replace_top

# A county's own document in the corpus's Markdown format (the sample county is fictional, so is this text).
LOCAL = """\
# 示例县农村村民住房建设管理办法

2024年3月1日 示例县人民政府办公室印发（示府办发〔2024〕3号）

2024年4月1日 施行

<!-- INFO END -->

## 第一章 总则

第一条 为了规范本县农村村民住房建设，保障村民合法权益，根据《中华人民共和国土地管理法》《中华人民共和国城乡规划法》，制定本办法。

第二条 本县行政区域内农村村民在宅基地上新建、改建、扩建、翻建住房，适用本办法。

## 第二章 审批

第三条 农村村民建房，应当以户为单位向村民委员会提出书面申请，并提交下列材料：

（一）农村宅基地和建房（规划许可）申请表；

（二）户口簿和户主居民身份证；

（三）农房设计图或者选用的农房通用图。

第四条 镇人民政府应当自受理申请之日起十个工作日内作出批准或者不予批准的决定。
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A department repository: two folders of the sample catalogue, no law registry folder yet."""
    root = tmp_path / "repo"
    for folder in ("shichang", "qinghe-zhen"):
        shutil.copytree(GUIDES / folder, root / "guides" / folder)
    shutil.copytree(GUIDES.parent / "schema", root / "schema")
    (root / "pyproject.toml").write_text("[tool.guides]\nroot = \"guides\"\nlaws = \"laws\"\n", encoding="utf-8")
    return root


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_list_shows_the_data_date_and_where_each_entry_comes_from(guides):
    run = guides("laws", "list", "婚姻")
    assert run.code == 0
    assert "内置" in run.out and "数据截至 2025-04-19" in run.out
    assert "中华人民共和国婚姻法" in run.out and "已废止" in run.out and "婚姻登记条例（未核对）" in run.out
    listed = guides("laws", "list", "--format", "json").json
    assert listed["data_date"] == "2025-04-19"
    local = [law for law in listed["laws"] if law["origin"] != "内置"]
    assert [law["title"] for law in local] == ["江西省出生医学证明管理办法"]  # the sample repository's own laws/ folder


def test_show_a_law_and_its_articles(guides):
    run = guides("laws", "show", "行政许可法")
    assert run.code == 0 and "共 83 条（第一条至第八十三条）" in run.out and "主席令第七号" in run.out
    run = guides("laws", "show", "中华人民共和国行政许可法", "第四十二条")
    assert run.code == 0 and "第四十二条 除可以当场作出行政许可决定的外" in run.out
    run = guides("laws", "show", "行政许可法", "第八十四条")
    assert run.code == 1 and "没有第八十四条" in run.err and "第八十三条" in run.err
    run = guides("laws", "show", "婚姻法")
    assert "已废止" in run.out and "中华人民共和国民法典" in run.out and "第一千二百六十条" in run.out


def test_show_an_unknown_title_suggests(guides):
    run = guides("laws", "show", "行政许可条例")
    assert run.code == 2 and "您是不是要找「中华人民共和国行政许可法」" in run.err


def test_a_county_adds_its_own_regulation_with_one_command(guides, catalogue):
    """Before: a guide citing the local document is told the registry does not know it. After one import,
    the registry knows it and checks the guide's article against it."""
    guide = catalogue / "guides" / "qinghe-zhen" / "nongcun-cunmin-zhaijidi-shenpi.yaml"
    replace_top(guide, "basis:\n  - title: 示例县农村村民住房建设管理办法\n    doc_number: 示府办发〔2024〕3号\n    article: 第五条")
    before = guides("check", "guides", "--format", "json", cwd=catalogue)
    assert "L106" in codes(before.diagnostics)

    source = write(catalogue, "住房建设管理办法.md", LOCAL)
    run = guides("laws", "import", source.name, cwd=catalogue)
    assert run.code == 0, run.err
    [written] = (catalogue / "laws").glob("*.yaml")
    assert written.name == "shili-xian-nongcun-cunmin-zhufang-jianshe-guanli-banfa.yaml"  # pinyin, as guides' file names
    assert f"已新增 laws/{written.name}：《示例县农村村民住房建设管理办法》，4 条" in run.err
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/law.schema.json\n")
    assert "level: 规范性文件" in text and "示府办发〔2024〕3号" in text and "effective: '2024-04-01'" in text

    after = guides("check", "guides", "--format", "json", cwd=catalogue)
    assert "L106" not in codes(after.diagnostics)
    [missing] = [d for d in after.diagnostics if d["code"] == "L102"]
    assert "第五条" in missing["message"] and "第四条" in missing["hint"]
    listed = guides("laws", "list", "--format", "json", cwd=catalogue).json["laws"]
    assert any(law["title"] == "示例县农村村民住房建设管理办法" and law["origin"] == f"laws/{written.name}" for law in listed)


def test_import_updates_an_entry_and_keeps_what_a_clerk_added(guides, catalogue):
    source = write(catalogue, "办法.md", LOCAL)
    assert guides("laws", "import", source.name, cwd=catalogue).code == 0
    [written] = (catalogue / "laws").glob("*.yaml")
    written.write_text(written.read_text(encoding="utf-8").replace("level: 规范性文件", "aliases:\n- 住房建设管理办法\nlevel: 规范性文件"),
                       encoding="utf-8")
    amended = LOCAL.replace("2024年4月1日 施行", "2024年4月1日 施行\n\n2025年6月1日 示例县人民政府办公室修改") \
                   .replace("十个工作日", "五个工作日") + "\n第五条 本办法自2024年4月1日起施行。\n"
    write(catalogue, "办法.md", amended)
    run = guides("laws", "import", source.name, cwd=catalogue)
    assert run.code == 0 and "已更新" in run.err and "新增 1 条、修改 1 条" in run.err
    text = written.read_text(encoding="utf-8")
    assert "- 住房建设管理办法" in text and "五个工作日" in text and "status: 已修改" in text
    assert list((catalogue / "laws").glob("*.yaml")) == [written]


def test_a_file_with_mistakes_is_reported_line_by_line_and_nothing_is_written(guides, catalogue):
    broken = LOCAL.replace("第四条 镇人民政府", "第三条 镇人民政府").replace("<!-- INFO END -->\n", "")
    write(catalogue, "坏.md", broken)
    run = guides("laws", "import", "坏.md", cwd=catalogue)
    assert run.code == 1 and not (catalogue / "laws").exists()
    assert "坏.md:" in run.err and "INFO END" in run.err and "没有导入任何文件" in run.err
    duplicate = LOCAL.replace("第四条 镇人民政府", "第三条 镇人民政府")
    write(catalogue, "重复.md", duplicate)
    run = guides("laws", "import", "重复.md", cwd=catalogue)
    line = duplicate.splitlines().index("第三条 镇人民政府应当自受理申请之日起十个工作日内作出批准或者不予批准的决定。") + 1
    assert run.code == 1 and f"重复.md:{line}: 错误：第三条重复出现" in run.err


def test_import_needs_a_level_it_cannot_guess(guides, catalogue):
    write(catalogue, "无级别.md", LOCAL.replace("示例县人民政府办公室印发（示府办发〔2024〕3号）", "印发"))
    run = guides("laws", "import", "无级别.md", cwd=catalogue)
    assert run.code == 1 and "--level" in run.err
    run = guides("laws", "import", "无级别.md", "--level", "规范性文件", "--issuer", "示例县人民政府办公室", cwd=catalogue)
    assert run.code == 0, run.err
    run = guides("laws", "import", "无级别.md", "--level", "通知", cwd=catalogue)
    assert run.code == 1 and "可选：宪法、法律" in run.err


def test_import_names_the_encoding_of_a_windows_file(guides, catalogue):
    write(catalogue, "gbk.md", LOCAL, encoding="gb18030")
    run = guides("laws", "import", "gbk.md", cwd=catalogue)
    assert run.code == 2 and "不是 UTF-8" in run.err and "GBK" in run.err


def test_a_local_entry_replaces_the_shipped_one(guides, catalogue):
    """A county that has the newer text of a national regulation imports it: its entry wins over the shipped one."""
    newer = "# 婚姻登记条例\n\n2025年4月6日 中华人民共和国国务院令第804号公布\n\n2025年5月10日 施行\n\n<!-- INFO END -->\n\n" \
            "第一条 为了规范婚姻登记工作，制定本条例。\n\n第二条 内地居民办理婚姻登记的机关是县级人民政府民政部门。\n"
    write(catalogue, "婚姻登记条例.md", newer)
    run = guides("laws", "import", "婚姻登记条例.md", cwd=catalogue)
    assert run.code == 0 and "替代内置的同名条目" in run.err
    shown = guides("laws", "show", "婚姻登记条例", cwd=catalogue)
    assert "共 2 条" in shown.out and "国务院令第804号" in shown.out


def test_the_registry_folder_is_checked_like_the_guides(guides, catalogue):
    (catalogue / "laws").mkdir()
    bad = write(catalogue / "laws", "bad.yaml", "title: 示例县某办法\nlevel: 规范性文件\nstatus: 有效\nsource: 县政府办\n"
                                               "data_date: '2026-01-01'\narticles:\n  第10条: 内容。\n")
    run = guides("check", "guides", "--format", "json", cwd=catalogue)
    [schema] = [d for d in run.diagnostics if d["path"] == "laws/bad.yaml"]
    assert run.code == 1 and schema["code"] == "S004" and schema["line"] == 3
    bad.write_text(bad.read_text(encoding="utf-8").replace("status: 有效", "status: 现行有效"), encoding="utf-8")
    [content] = [d for d in guides("check", "guides", "--format", "json", cwd=catalogue).diagnostics if d["path"] == "laws/bad.yaml"]
    assert content["code"] == "L201" and content["line"] == 7 and "第十条" in content["hint"]


def test_list_json_is_json(guides, catalogue):
    data = json.loads(guides("laws", "list", "--format", "json", cwd=catalogue).out)
    assert data["folder"] == "laws" and len(data["laws"]) > 200
