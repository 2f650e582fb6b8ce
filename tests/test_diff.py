"""`guides diff BASE [HEAD]`: the semantic diff of the catalogue between two git revisions, through the CLI."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import markdown
import pytest

from .conftest import GUIDES, line_of, mutate
from .git_support import commit, git, new_repo

SHENFENZHENG = "guides/gongan/jumin-shenfenzheng-huanling.yaml"
GETIHU = "guides/shichang/getihu-sheli-dengji.yaml"
HOSTILE_MATERIAL = "近期*免冠*照片 <b>两张</b> [链接](javascript:x)"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two commits: the sample departments 公安 and 市场监管, then one change of every kind a reviewer meets."""
    repo = new_repo(tmp_path_factory.mktemp("diff") / "repo", ["gongan", "shichang"])
    commit(repo, "发布", "2026-01-05T10:00:00+08:00")

    guide = repo / SHENFENZHENG
    mutate(guide, "  promised:\n    value: 20", "  promised:\n    value: 10")  # 承诺时限
    mutate(guide, "article: 第十二条", "article: 第十三条")  # a basis cited among four others of the same law
    mutate(guide, "    - name: 居民身份证工本费（损坏换领）\n      standard: 40元/证\n"
                  "      basis: 国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知（发改价格〔2003〕2322号）\n"
                  "      waivable: false\n      note: 仅适用于因证件损坏申请换领的情形。\n"
                  "      when:\n        - 证件严重损坏不能辨认\n", "")  # a fee item deleted
    mutate(guide, "process:\n", f"  - name: \"{HOSTILE_MATERIAL}\"\n    form: 原件\n    medium: 纸质\n    copies: 2\n"
                                "    necessity: 必要\n    source: 申请人自备\nprocess:\n")  # a material added
    mutate(repo / GETIHU, "    copies: 1", "    copies: 2")  # the first material's copies
    mutate(repo / "guides/shichang/_department.yaml", "consult: 0799-6212315", "consult: 0799-6200000")
    # renamed as is, and renamed with a change (paired by its code)
    git(repo, "mv", "guides/gongan/jidongche-jiashizheng-qiman-huanzheng.yaml", "guides/gongan/jiashizheng-huanzheng.yaml")
    git(repo, "mv", "guides/gongan/chusheng-dengji.yaml", "guides/gongan/xinsheng-er-dengji.yaml")
    mutate(repo / "guides/gongan/xinsheng-er-dengji.yaml", "status: 在用", "status: 在用\nremark: 待核")
    git(repo, "rm", "-q", "guides/shichang/getihu-zhuxiao-dengji.yaml")
    (repo / "guides/weijian").mkdir()
    for name in ("_department.yaml", "yishi-zhiye-zhuce.yaml"):
        shutil.copy(GUIDES / "weijian" / name, repo / "guides/weijian" / name)
    mutate(repo / "guides/shichang/shipin-jingying-xuke.yaml", "materials:", "materials: [不闭合")
    commit(repo, "一批改动", "2026-03-07T10:00:00+08:00")
    return repo


@pytest.fixture
def clone(repo: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    return clone


def diff(guides, cwd: Path, *args: str) -> str:
    run = guides("diff", *args, cwd=cwd)
    assert run.code == 0, run.err  # a report, not a gate
    return run.out


@pytest.fixture
def text(guides, repo: Path) -> str:
    return diff(guides, repo, "HEAD~1", "HEAD")


def _block(output: str, title: str) -> list[str]:
    """The lines under the title line that starts with `title`, up to the next blank line."""
    blocks = output.split("\n\n")
    found = [b.splitlines() for b in blocks if b.startswith(title)]
    assert len(found) == 1, f"{title!r} not once in:\n{output}"
    return found[0]


def test_changed_guide_lists_each_element_that_changed(text: str) -> None:
    lines = _block(text, "修改事项「居民身份证换领」")
    assert lines[0] == f"修改事项「居民身份证换领」（{SHENFENZHENG}）"
    assert "  - 承诺办结时限：20 自然日 → 10 自然日" in lines
    # five bases cite the same law: the changed one is named by its article, not reported as removed and added
    assert "  - 修改设定依据「中华人民共和国居民身份证法 第十二条」：条款号 第十二条 → 第十三条" in lines
    assert "  - 删除收费项目「居民身份证工本费（损坏换领）」" in lines
    assert f"  - 新增申请材料「{HOSTILE_MATERIAL}」" in lines
    assert not any("删除设定依据" in line or "新增设定依据" in line for line in lines)
    assert len(lines) == 5, lines


def test_a_field_of_a_list_item(text: str) -> None:
    assert _block(text, "修改事项「个体工商户设立登记」")[1:] == ["  - 修改申请材料「个体工商户登记（备案）申请书」：份数 1 → 2"]


def test_department_profile(text: str) -> None:
    assert _block(text, "修改部门「县市场监管局」") == [
        "修改部门「县市场监管局」（guides/shichang/_department.yaml）", "  - 咨询电话：0799-6212315 → 0799-6200000"]


def test_renamed_files_are_not_removed_and_added(text: str) -> None:
    assert _block(text, "重命名事项「机动车驾驶证期满换证」") == [
        "重命名事项「机动车驾驶证期满换证」（guides/gongan/jidongche-jiashizheng-qiman-huanzheng.yaml → "
        "guides/gongan/jiashizheng-huanzheng.yaml）", "  - 内容没有变化"]
    moved = _block(text, "重命名事项「出生登记」")
    assert moved[0] == "重命名事项「出生登记」（guides/gongan/chusheng-dengji.yaml → guides/gongan/xinsheng-er-dengji.yaml）"
    assert "  - 新增remark：待核" in moved  # a key the schema does not know is named as written
    assert any("不符合标准" in line for line in moved)  # and the reviewer is told the new version fails the schema
    assert "删除事项「出生登记」" not in text and "新增事项「出生登记」" not in text


def test_added_and_removed_guides_and_departments(text: str) -> None:
    added = _block(text, "新增事项「医师执业注册」")
    assert added[0] == "新增事项「医师执业注册」（guides/weijian/yishi-zhiye-zhuce.yaml）"
    assert len(added) == 2 and ("办结" in added[1]) and ("收费" in added[1])  # its 办事一览 in one line
    assert _block(text, "新增部门「县卫生健康委」")[0] == "新增部门「县卫生健康委」（guides/weijian/_department.yaml）"
    assert _block(text, "删除事项「个体工商户注销登记」") == ["删除事项「个体工商户注销登记」（guides/shichang/getihu-zhuxiao-dengji.yaml）"]


def test_a_file_that_no_longer_loads_is_named_with_its_line(guides, text: str, repo: Path) -> None:
    """The line and the words are those `guides check` gives for the same file."""
    broken = "guides/shichang/shipin-jingying-xuke.yaml"
    first = guides("check", broken, "--format", "json", cwd=repo).diagnostics[0]
    assert first["code"] == "Y002" and abs(first["line"] - line_of(repo / broken, "不闭合")) <= 1
    lines = _block(text, "修改事项「食品经营许可」")
    assert lines[1:] == [f"  - 无法读取：第 {first['line']} 行：{first['message']}"]


def test_headline_counts(text: str) -> None:
    first = text.splitlines()[0]
    assert re.fullmatch(r"办事指南改动：HEAD~1（[0-9a-f]{7}） → HEAD（[0-9a-f]{7}）：修改 4 个，新增 2 个，删除 1 个，重命名 2 个", first), first


def test_markdown_for_a_pull_request_comment(guides, repo: Path) -> None:
    output = diff(guides, repo, "HEAD~1", "HEAD", "--format", "markdown")
    assert output.startswith("### 办事指南改动\n")
    assert f"#### 修改事项「居民身份证换领」（<code>{SHENFENZHENG}</code>）" in output
    assert "- 承诺办结时限：20 自然日 → 10 自然日" in output
    html = markdown.markdown(output)
    assert "<b>" not in html and "<em>" not in html and "<a " not in html  # values stay text
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    assert f"新增申请材料「{HOSTILE_MATERIAL}」" in plain
    assert "修改申请材料「个体工商户登记（备案）申请书」：份数 1 → 2" in plain


def test_work_tree_against_a_revision(guides, clone: Path) -> None:
    assert diff(guides, clone, "HEAD").strip() == f"没有改动（HEAD（{git(clone, 'rev-parse', '--short=7', 'HEAD').strip()}） → 工作区）。"
    mutate(clone / GETIHU, "    copies: 2", "    copies: 3")  # modified, not staged
    shutil.copy(GUIDES / "weijian" / "gonggong-changsuo-weisheng-xuke.yaml", clone / "guides/weijian")  # untracked
    (clone / "guides/shichang/forms").mkdir()
    (clone / "guides/shichang/forms/申请书.pdf").write_bytes(b"%PDF-1.4")  # an attachment
    (clone / "guides/shichang/.draft.yaml").write_text("name: 草稿\n", encoding="utf-8")  # hidden, as for guides check
    output = diff(guides, clone, "HEAD")
    assert "\n\n新增文件 guides/shichang/forms/申请书.pdf\n" in output and "draft" not in output
    assert "  - 修改申请材料「个体工商户登记（备案）申请书」：份数 2 → 3" in output
    assert "新增事项「公共场所卫生许可」（guides/weijian/gonggong-changsuo-weisheng-xuke.yaml）" in output
    # from a subfolder, the catalogue root still comes from the working directory's configuration
    (clone / "pyproject.toml").write_text('[tool.guides]\nroot = "guides"\n', encoding="utf-8")
    assert "份数 2 → 3" in diff(guides, clone / "guides" / "shichang", "HEAD")


def test_usage_errors_exit_2_in_chinese(guides, repo: Path, tmp_path: Path) -> None:
    unknown = guides("diff", "no-such-branch", cwd=repo)
    assert unknown.code == 2 and "git 里没有版本「no-such-branch」" in unknown.err and "Traceback" not in unknown.err
    outside = guides("diff", "HEAD", cwd=tmp_path)
    assert outside.code == 2 and "不在 git 仓库中" in outside.err
    assert guides("diff", cwd=repo).code == 2  # BASE is required
    assert guides("diff", "HEAD", "--format", "html", cwd=repo).code == 2


def test_the_same_text_written_differently_is_no_change(guides, clone: Path) -> None:
    """`phone: 12345` is read as the text "12345", as `guides check` reads it; a comment changes nothing."""
    mutate(clone / GETIHU, 'phone: "12345"', "phone: 12345   # 便民热线")
    assert _block(diff(guides, clone, "HEAD"), "修改事项「个体工商户设立登记」")[1:] == ["  - 内容没有变化（只改了注释、空行或写法）"]


def test_reordered_steps_and_a_reworded_condition(guides, clone: Path) -> None:
    path = clone / GETIHU
    text = path.read_text(encoding="utf-8")
    steps = text[text.index("  - name: 申请\n"):text.index("time_limit:")]
    first, rest = steps.split("  - name: 受理\n")
    path.write_text(text.replace(steps, "  - name: 受理\n" + rest + first), encoding="utf-8")
    mutate(path, "经营场所符合法律法规规定", "经营场所符合法律、法规规定")
    lines = _block(diff(guides, clone, "HEAD"), "修改事项「个体工商户设立登记」")
    assert "  - 调整办理环节顺序：受理、审查与核准、发照、申请" in lines
    assert ("  - 受理条件：「经营场所符合法律法规规定，可以是自有、租赁或无偿使用的房屋。」 → "
            "「经营场所符合法律、法规规定，可以是自有、租赁或无偿使用的房屋。」") in lines  # one change, not a removal and an addition
    assert len(lines) == 3


def test_a_long_text_is_shown_around_what_changed(guides, clone: Path) -> None:
    mutate(clone / GETIHU, "材料齐全的当场发照", "材料齐全的当天发照")
    lines = _block(diff(guides, clone, "HEAD"), "修改事项「个体工商户设立登记」")
    assert len(lines) == 2 and lines[1].startswith("  - 事项简述：「…")
    before, after = lines[1].split(" → ")
    assert "当场发照" in before and "当天发照" in after
    assert "有经营能力的公民" not in lines[1]  # the unchanged start of the text is left out


def test_situations_their_use_and_bodies_read_as_changes_of_their_items(guides, clone: Path) -> None:
    """Issue 12: a renamed option, a condition that now applies in one more case, a material for a new case, another
    承办机构 — each one line naming its item, never the data's shape."""
    card = clone / "guides/gongan/jumin-shenfenzheng-huanling.yaml"
    mutate(card, "    when:\n      - 未满十六周岁\n", "    when:\n      - 未满十六周岁\n      - 姓名变更\n")  # the first `when` is a condition's
    mutate(card, "      - 姓名变更\n", "      - 姓名或者民族变更\n")
    card.write_text(card.read_text(encoding="utf-8") + "bodies:\n  handling: 县公安局户政管理大队\n", encoding="utf-8")
    output = diff(guides, clone, "HEAD")
    lines = _block(output, "修改事项「居民身份证换领」")
    assert "  - 修改情形问题「为什么换领身份证？」：选项 姓名变更 → 姓名或者民族变更" in lines
    assert any(line.startswith("  - 修改受理条件「未满十六周岁的，") and line.endswith("：新增适用情形「姓名变更」") for line in lines), lines
    assert "{" not in output and "[" not in output
    assert any("承办机构" in line and "县公安局户政管理大队" in line for line in lines), lines
