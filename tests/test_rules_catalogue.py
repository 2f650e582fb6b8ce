"""Cross-file rules (X…): each fires on a small copy of the real catalogue at the right line, and stays quiet when fixed.

Also: checking one file still runs the cross-file rules against the rest of the catalogue, and only
the named file's problems are reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import EXEMPLAR, GUIDES, line_of, mutate

SHIPIN = "guides/shichang/shipin-jingying-xuke.yaml"
SHELI = "guides/shichang/getihu-sheli-dengji.yaml"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """tmp/guides with two real department folders (profiles and guides whose `related` stay inside them)."""
    for department in ("shichang", "minzheng"):
        shutil.copytree(GUIDES / department, tmp_path / "guides" / department)
    return tmp_path


def check(guides, root: Path, *paths: str):
    run = guides("check", *paths, "--format", "json", cwd=root)
    assert run.code in (0, 1), run.err
    return run


def found(run, code: str) -> list[dict]:
    return [d for d in run.diagnostics if d["code"] == code]


def copy(root: Path, source: str, target: str) -> Path:
    shutil.copy(root / source, root / target)
    return root / target


def test_sample_copy_is_clean(guides, catalogue):
    run = check(guides, catalogue)
    assert [d for d in run.diagnostics if d["code"].startswith("X")] == [] and run.code == 0, run.out


# -- X001 duplicate codes and ids ---------------------------------------------------


def test_same_handle_code_is_reported_on_both_guides(guides, catalogue):
    copy(catalogue, SHELI, "guides/shichang/getihu-biangeng-dengji.yaml")
    run = check(guides, catalogue)
    x001 = found(run, "X001")
    assert {d["path"] for d in x001} == {SHELI, "guides/shichang/getihu-biangeng-dengji.yaml"}
    first = next(d for d in x001 if d["path"] == SHELI)
    assert first["line"] == line_of(catalogue / SHELI, "handle_code:") and first["column"] == 14
    assert "getihu-biangeng-dengji.yaml" in first["message"] and "11369921MB1A01001K400013112800001" in first["message"]
    assert run.code == 1


def test_split_items_may_share_the_impl_code(guides, catalogue):
    biangeng = copy(catalogue, SHELI, "guides/shichang/getihu-biangeng-dengji.yaml")
    mutate(biangeng, "name: 个体工商户设立登记", "name: 个体工商户变更登记")
    mutate(biangeng, "handle_code: 11369921MB1A01001K400013112800001", "handle_code: 11369921MB1A01001K400013112800002")
    assert found(check(guides, catalogue), "X001") == []


def test_same_impl_code_without_handle_code(guides, catalogue):
    copy(catalogue, SHIPIN, "guides/shichang/shipin-jingying-xuke-2.yaml")
    run = check(guides, catalogue, SHIPIN)
    [d] = found(run, "X001")
    assert d["path"] == SHIPIN and d["line"] == line_of(catalogue / SHIPIN, "impl_code:")
    assert "实施编码「11369921MB1A01001K4000131024000」" in d["message"] and "shipin-jingying-xuke-2.yaml" in d["message"]


def test_unsplit_guide_beside_a_split_one_is_a_duplicate(guides, catalogue):
    whole = copy(catalogue, SHELI, "guides/shichang/getihu-dengji.yaml")
    mutate(whole, "handle_code: 11369921MB1A01001K400013112800001\n", "")
    run = check(guides, catalogue, "guides/shichang/getihu-dengji.yaml")
    assert [(d["code"], d["line"]) for d in found(run, "X001")] == [("X001", line_of(whole, "impl_code:"))]


def test_same_id_from_yaml_and_yml(guides, catalogue):
    other = copy(catalogue, SHIPIN, "guides/shichang/shipin-jingying-xuke.yml")
    mutate(other, "impl_code: 11369921MB1A01001K4000131024000\n", "")
    run = check(guides, catalogue, SHIPIN)
    [d] = found(run, "X001")
    assert (d["line"], d["column"]) == (line_of(catalogue / SHIPIN, "name:"), 1)  # the file itself
    assert "shichang/shipin-jingying-xuke" in d["message"] and "shipin-jingying-xuke.yml" in d["message"]


# -- X002 one name per item ------------------------------------------------------


@pytest.fixture
def renamed(catalogue: Path) -> Path:
    """Another guide of the same basic_code (no impl_code, so not a duplicate) under another name."""
    other = copy(catalogue, SHIPIN, "guides/shichang/shipin-xiangzhen.yaml")
    mutate(other, "impl_code: 11369921MB1A01001K4000131024000\n", "")
    mutate(other, "name: 食品经营许可", "name: 食品经营许可证核发")
    return other


def test_same_basic_code_under_another_name(guides, catalogue, renamed):
    run = check(guides, catalogue)
    x002 = {d["path"]: d for d in found(run, "X002")}
    assert set(x002) == {SHIPIN, "guides/shichang/shipin-xiangzhen.yaml"}
    d = x002[SHIPIN]
    assert (d["line"], d["column"]) == (line_of(catalogue / SHIPIN, "name:"), 7)
    assert "000131024000" in d["message"] and "「食品经营许可」" in d["message"]
    assert "guides/shichang/shipin-xiangzhen.yaml" in d["message"] and "「食品经营许可证核发」" in d["message"]


def test_same_basic_code_same_name_passes(guides, catalogue, renamed):
    mutate(renamed, "name: 食品经营许可证核发", "name: 食品经营许可")
    assert found(check(guides, catalogue), "X002") == []


def test_split_items_may_have_their_own_names(guides, catalogue):
    biangeng = copy(catalogue, SHELI, "guides/shichang/getihu-biangeng-dengji.yaml")
    mutate(biangeng, "name: 个体工商户设立登记", "name: 个体工商户变更登记")
    mutate(biangeng, "handle_code: 11369921MB1A01001K400013112800001", "handle_code: 11369921MB1A01001K400013112800002")
    assert found(check(guides, catalogue), "X002") == []
    mutate(biangeng, "handle_code: 11369921MB1A01001K400013112800002", "handle_code: 11369921MB1A01001K400013112800001")
    assert {d["path"] for d in found(check(guides, catalogue), "X002")} == {SHELI, "guides/shichang/getihu-biangeng-dengji.yaml"}


# -- checking one file ------------------------------------------------------------


def test_one_file_is_checked_against_the_rest_of_the_catalogue(guides, catalogue, renamed):
    # a problem in a file that is not named: not reported
    mutate(catalogue / "guides/minzheng/neidi-jumin-jiehun-dengji.yaml", "type: 行政确认", "type: 确认")
    run = check(guides, catalogue, SHIPIN)
    assert {d["path"] for d in run.diagnostics} == {SHIPIN}
    [d] = found(run, "X002")  # the other name lives in a file that was not named, and is still seen
    assert "shipin-xiangzhen.yaml" in d["message"]
    assert run.json["summary"]["files"] == 1 and run.code == 1


def test_a_file_named_twice_or_by_absolute_path_is_not_its_own_duplicate(guides, catalogue):
    run = check(guides, catalogue, SHIPIN, str(catalogue / SHIPIN))
    assert found(run, "X001") == [] and run.json["summary"]["files"] == 1


def test_a_copy_outside_the_catalogue_stands_in_for_the_file_it_copies(guides, exemplar_copy):
    # cwd is the repository: the catalogue is the real guides/, the copy lives in a temporary folder
    run = guides("check", str(exemplar_copy), "--format", "json")
    assert [d for d in run.diagnostics if d["code"].startswith("X")] == []


# -- X003 related guides exist ------------------------------------------------------


def test_related_guide_that_does_not_exist(guides, catalogue):
    mutate(catalogue / SHELI, "  - shichang/getihu-zhuxiao-dengji", "  - shichang/getihu-zhuxiao")
    run = check(guides, catalogue, SHELI)
    [d] = found(run, "X003")
    assert (d["line"], d["column"]) == (line_of(catalogue / SHELI, "  - shichang/getihu-zhuxiao"), 5)
    assert "「shichang/getihu-zhuxiao」" in d["message"] and "shichang/getihu-zhuxiao-dengji" in d["hint"]


def test_related_guide_of_a_deleted_file(guides, catalogue):
    (catalogue / "guides/shichang/getihu-zhuxiao-dengji.yaml").unlink()
    run = check(guides, catalogue, SHELI, SHIPIN)
    assert {(d["path"], d["line"]) for d in found(run, "X003")} == {
        (SHELI, line_of(catalogue / SHELI, "- shichang/getihu-zhuxiao-dengji")),
        (SHIPIN, line_of(catalogue / SHIPIN, "- shichang/getihu-zhuxiao-dengji")),
    }


def test_related_guide_with_errors_of_its_own_exists(guides, catalogue):
    """A guide that fails the schema is left out of the model, but not out of the catalogue: only its own
    error is reported, not one X003 in every guide that relates to it."""
    zhuxiao = "guides/shichang/getihu-zhuxiao-dengji.yaml"
    mutate(catalogue / zhuxiao, "type: 行政许可", "type: 行政许可证")
    run = check(guides, catalogue, SHELI, SHIPIN, zhuxiao)
    assert found(run, "X003") == []
    assert [d["path"] for d in found(run, "S004")] == [zhuxiao]


def test_related_guides_in_other_departments_pass(guides, catalogue):
    mutate(catalogue / SHELI, "  - shichang/getihu-zhuxiao-dengji", "  - minzheng/neidi-jumin-jiehun-dengji")
    assert found(check(guides, catalogue, SHELI), "X003") == []


# -- X004 department profiles --------------------------------------------------------


MINZHENG = sorted(p.name for p in (GUIDES / "minzheng").glob("*.yaml") if p.name != "_department.yaml")


def test_department_folder_without_profile(guides, catalogue):
    (catalogue / "guides/minzheng/_department.yaml").unlink()
    run = check(guides, catalogue)
    x004 = found(run, "X004")
    assert sorted(Path(d["path"]).name for d in x004) == MINZHENG
    d = x004[0]
    assert (d["line"], d["column"]) == (line_of(catalogue / d["path"], "name:"), 1)
    assert "「minzheng」" in d["message"] and "_department.yaml" in d["message"]
    assert all(d["path"].startswith("guides/minzheng/") for d in x004)


def test_department_profile_with_errors(guides, catalogue):
    mutate(catalogue / "guides/minzheng/_department.yaml", "uscc: 11369921MB1A01003R", "uscc: 123")
    guide = f"guides/minzheng/{MINZHENG[0]}"
    run = check(guides, catalogue, guide)
    [d] = found(run, "X004")
    assert d["path"] == guide and "部门档案 guides/minzheng/_department.yaml 有错误，先修正它" in d["message"]
    assert {x["path"] for x in run.diagnostics} == {guide}  # the profile's own errors: only when it is checked


def test_department_with_valid_profile_passes(guides, catalogue):
    assert found(check(guides, catalogue, f"guides/minzheng/{MINZHENG[0]}"), "X004") == []


def test_without_a_catalogue_a_single_file_is_not_held_to_catalogue_rules(guides, tmp_path):
    folder = tmp_path / "shichang"
    folder.mkdir()
    shutil.copy(EXEMPLAR, folder / EXEMPLAR.name)  # its `related` and its department are nowhere to be found
    run = guides("check", f"shichang/{EXEMPLAR.name}", "--format", "json", cwd=tmp_path)
    assert [d for d in run.diagnostics if d["code"] in ("X003", "X004")] == []
