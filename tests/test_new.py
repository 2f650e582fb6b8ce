"""`guides new` and `guides new-department` on a copy of the sample catalogue, through the CLI."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypinyin import lazy_pinyin

from validator.standard.walk import properties

from .conftest import GUIDES, ROOT

GUIDE_SCHEMA = json.loads((ROOT / "schema" / "guide.schema.json").read_text(encoding="utf-8"))
# The elements of the standard: the schema's members but the tool's own data (`x-tool`: the suppressions, `ignore`)
ELEMENTS = [e.key for e in properties(GUIDE_SCHEMA, GUIDE_SCHEMA)]
DEPARTMENT_SCHEMA = json.loads((ROOT / "schema" / "department.schema.json").read_text(encoding="utf-8"))
EXAMPLE_START = re.compile(r"^# [a-z_]+:( |$)")  # a commented-out top-level example, e.g. "# summary: …"
ELEMENT = re.compile(r"（([a-z_]+)）")  # the key in an S001 message: 缺少必填要素「事项简述」（summary）。


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A department repository: the sample catalogue and the schemas, nothing else."""
    shutil.copytree(GUIDES, tmp_path / "guides")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return tmp_path


def written(run) -> Path:
    match = re.search(r"已新建\S+：(\S+)", run.out)
    assert run.code == 0 and match, run.out + run.err
    return Path(match.group(1))


def uncomment_examples(text: str) -> str:
    """What a clerk does: remove the "# " before every example block (from `# key:` to the blank line)."""
    out, inside = [], False
    for line in text.splitlines():
        inside = bool(EXAMPLE_START.match(line)) or (inside and line.startswith("#"))
        out.append(line[2:] if inside and line.startswith("# ") else line)
    return "\n".join(out) + "\n"


def missing_elements(diagnostics: list[dict]) -> list[str]:
    assert all(d["code"] == "S001" and d["severity"] == "error" for d in diagnostics), diagnostics
    return sorted(ELEMENT.findall(d["message"])[-1] for d in diagnostics)


def test_fresh_guide_reports_exactly_the_required_elements_not_prefilled(guides, catalogue):
    run = guides("new", "--department", "shichang", "--name", "个体工商户变更登记", cwd=catalogue)
    path = catalogue / written(run)
    prefilled = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert prefilled["name"] == "个体工商户变更登记"
    expected = sorted(set(GUIDE_SCHEMA["required"]) - set(prefilled))
    assert expected, "the template should leave the guide's substance to the clerk"

    check = guides("check", str(path.relative_to(catalogue)), "--format", "json", cwd=catalogue)
    assert check.code == 1
    assert missing_elements(check.diagnostics) == expected  # one located S001 per element, nothing else
    lines = path.read_text(encoding="utf-8").split("\n")
    for d in check.diagnostics:  # each at the element's commented-out example, saying to uncomment it
        element = ELEMENT.findall(d["message"])[-1]
        assert (lines[d["line"] - 1].split(":")[0], d["column"]) == (f"# {element}", 1), d
        assert "删掉行首的“# ”" in d["hint"]
    for element in expected:  # the summary printed by `guides new` names the same elements
        assert element in run.out


def test_every_top_level_element_appears_in_schema_order(guides, catalogue):
    path = catalogue / written(guides("new", "--department", "gongan", "--name", "居民户口迁移登记", cwd=catalogue))
    keys = [m.group(1) for m in re.finditer(r"^(?:# )?([a-z_]+):", path.read_text(encoding="utf-8"), re.M)]
    assert keys == ELEMENTS


def test_uncommented_examples_pass_the_schema(guides, catalogue):
    """Every example the template offers is a value the standard accepts."""
    path = catalogue / written(guides("new", "--department", "renshe", "--name", "职业技能等级证书查询", cwd=catalogue))
    path.write_text(uncomment_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == set(ELEMENTS)
    check = guides("check", str(path.relative_to(catalogue)), "--format", "json", cwd=catalogue)
    assert [d for d in check.diagnostics if d["code"][0] in "YS"] == []


def test_prefill_comes_from_the_department(guides, catalogue):
    path = catalogue / written(guides("new", "--department", "qinghe-zhen", "--name", "农村危房改造申请", cwd=catalogue))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["level"] == "乡镇级"  # the town's 9-digit region code
    sibling_locations = [yaml.safe_load(p.read_text(encoding="utf-8"))["locations"]
                         for p in (catalogue / "guides" / "qinghe-zhen").glob("*.yaml") if p.name != "_department.yaml"]
    assert data["locations"] in sibling_locations
    profile = yaml.safe_load((catalogue / "guides" / "qinghe-zhen" / "_department.yaml").read_text(encoding="utf-8"))
    assert profile["uscc"] in path.read_text(encoding="utf-8")  # the 实施编码 hint names the department's credit code


def test_schema_line_matches_the_samples_and_resolves(guides, catalogue):
    path = catalogue / written(guides("new", "--department", "shichang", "--name", "个体工商户变更登记", cwd=catalogue))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == (GUIDES / "shichang" / "getihu-sheli-dengji.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (path.parent / first.split("$schema=")[1]).resolve() == (catalogue / "schema" / "guide.schema.json").resolve()


def test_slug_is_the_pinyin_of_the_name(guides, catalogue):
    name = "城镇职工基本养老保险关系转移接续"
    path = catalogue / written(guides("new", "--department", "renshe", "--name", name, cwd=catalogue))
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem)
    assert path.stem.replace("-", "") == "".join(lazy_pinyin(name))


def test_slug_is_unique_across_the_catalogue(guides, catalogue):
    assert (catalogue / "guides" / "gongan" / "chusheng-dengji.yaml").exists()
    first = written(guides("new", "--department", "minzheng", "--name", "出生登记", cwd=catalogue))
    second = written(guides("new", "--department", "minzheng", "--name", "出生登记", cwd=catalogue))
    assert (first.name, second.name) == ("chusheng-dengji-2.yaml", "chusheng-dengji-3.yaml")


def test_department_by_chinese_name_and_explicit_slug(guides, catalogue):
    path = written(guides("new", "--department", "示例县市场监督管理局", "--name", "个体工商户变更登记", "--slug", "getihu-biangeng-dengji",
                          cwd=catalogue))
    assert path.as_posix() == "guides/shichang/getihu-biangeng-dengji.yaml"


def test_never_overwrites(guides, catalogue):
    target = catalogue / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    before = target.read_bytes()
    run = guides("new", "--department", "shichang", "--name", "个体工商户设立登记", "--slug", "getihu-sheli-dengji", cwd=catalogue)
    assert run.code == 2 and "已经存在" in run.err and "Traceback" not in run.err
    assert target.read_bytes() == before


@pytest.mark.parametrize("slug", ["GeTiHu", "getihu_sheli", "-getihu", "个体户", "a" * 61])
def test_bad_slug_is_refused(guides, catalogue, slug):
    run = guides("new", "--department", "shichang", "--name", "个体工商户变更登记", f"--slug={slug}", cwd=catalogue)
    assert run.code == 2 and "--slug" in run.err and "小写英文字母" in run.err


def test_unknown_department_lists_the_existing_ones(guides, catalogue):
    run = guides("new", "--department", "shichan", "--name", "个体工商户变更登记", cwd=catalogue)
    assert run.code == 2
    assert "您是不是要写「shichang（示例县市场监督管理局）」" in run.err
    for folder in ("gongan", "ziran", "liushu-cun"):
        assert folder in run.err


@pytest.mark.parametrize(("args", "flag"), [(["--name", "个体工商户变更登记"], "--department"), (["--department", "shichang"], "--name")])
def test_missing_flag_without_a_terminal(guides, catalogue, args, flag):
    run = guides("new", *args, cwd=catalogue)
    assert run.code == 2 and f"缺少参数 {flag}" in run.err
    assert not list((catalogue / "guides" / "shichang").glob("*biangeng*"))


def test_name_too_short(guides, catalogue):
    run = guides("new", "--department", "shichang", "--name", "证", cwd=catalogue)
    assert run.code == 2 and "长度不符" in run.err


def test_missing_catalogue_root(guides, tmp_path):
    run = guides("new", "--department", "shichang", "--name", "个体工商户变更登记", cwd=tmp_path)
    assert run.code == 2 and "找不到指南目录" in run.err


def _on_terminal(catalogue: Path, args: list[str], answers: str) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `guides` with a pseudo-terminal as its standard input, typing `answers`."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([str(Path(sys.executable).with_name("guides")), *args], cwd=catalogue, stdin=follower,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.write(leader, answers.encode("utf-8"))
        out, err = process.communicate(timeout=120)
    finally:
        os.close(leader)
        os.close(follower)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def test_asks_on_a_terminal(catalogue):
    # a wrong department first: the prompt says so and asks again
    done = _on_terminal(catalogue, ["new"], "shuiwu\n7\n个体工商户变更登记\n")
    err = done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    assert "shichang（示例县市场监督管理局）" in err and "没有部门「shuiwu」" in err
    assert (catalogue / "guides" / "shichang" / "geti-gongshanghu-biangeng-dengji.yaml").is_file()


def test_new_department_asks_for_the_folder_with_the_pinyin_as_default(catalogue):
    done = _on_terminal(catalogue, ["new-department"], "示例县税务局\n\n")
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert "shili-xian-shuiwuju" in done.stderr.decode("utf-8")
    assert (catalogue / "guides" / "shili-xian-shuiwuju" / "_department.yaml").is_file()


def test_new_department_then_a_guide_in_it(guides, catalogue):
    run = guides("new-department", "--folder", "shuiwu", "--name", "示例县税务局", cwd=catalogue)
    profile = catalogue / written(run)
    assert profile == catalogue / "guides" / "shuiwu" / "_department.yaml"
    assert yaml.safe_load(profile.read_text(encoding="utf-8")) == {"name": "示例县税务局"}
    check = guides("check", "guides/shuiwu/_department.yaml", "--format", "json", cwd=catalogue)
    assert missing_elements(check.diagnostics) == sorted(set(DEPARTMENT_SCHEMA["required"]) - {"name"})

    guide = written(guides("new", "--department", "示例县税务局", "--name", "税务登记", cwd=catalogue))
    assert guide.as_posix() == "guides/shuiwu/shuiwu-dengji.yaml"  # the profile is not filled in yet: nothing prefilled from it

    profile.write_text(uncomment_examples(profile.read_text(encoding="utf-8")), encoding="utf-8")
    check = guides("check", "guides/shuiwu/_department.yaml", "--format", "json", cwd=catalogue)
    assert [d for d in check.diagnostics if d["code"][0] in "YS"] == []


def test_new_department_folder_defaults_to_pinyin(guides, catalogue):
    path = written(guides("new-department", "--name", "示例县林业局", cwd=catalogue))
    assert path.parent.name.replace("-", "") == "".join(lazy_pinyin("示例县林业局"))


def test_new_department_refuses_an_existing_one(guides, catalogue):
    run = guides("new-department", "--folder", "shichang2", "--name", "示例县市场监督管理局", cwd=catalogue)
    assert run.code == 2 and "已经有文件夹" in run.err
    run = guides("new-department", "--folder", "shichang", "--name", "示例县市场监管新局", cwd=catalogue)
    assert run.code == 2 and "已经存在" in run.err
