"""`guides check --changed-since REF` in a git repository holding a copy of the sample catalogue.

Only the changed guides (and what a change can break) are reported, while the cross-file rules still see
the whole catalogue, partly from the summary cache in .guides-cache/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import GUIDES, mutate

SHICHANG = "guides/shichang"
SHELI = f"{SHICHANG}/getihu-sheli-dengji.yaml"
ZHUXIAO = f"{SHICHANG}/getihu-zhuxiao-dengji.yaml"
SHIPIN = f"{SHICHANG}/shipin-jingying-xuke.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed copy of the sample catalogue."""
    shutil.copytree(GUIDES, tmp_path / "guides")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "clerk@example.gov.cn")
    git(tmp_path, "config", "user.name", "Clerk")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "catalogue")
    return tmp_path


def check(guides, repo: Path, *args: str):
    return guides("check", *args, "--format", "json", cwd=repo)


def codes_by_path(run) -> set[tuple[str, str]]:
    return {(d["path"], d["code"]) for d in run.diagnostics}


def test_nothing_changed_says_so(guides, repo):
    run = guides("check", "--changed-since", "HEAD", cwd=repo)
    assert run.code == 0
    assert "自 HEAD 以来没有改动的指南文件" in run.out
    as_json = check(guides, repo, "--changed-since", "HEAD")
    assert as_json.code == 0 and as_json.json["summary"]["files"] == 0 and as_json.diagnostics == []
    assert "没有改动" in as_json.err


def test_only_the_changed_file_is_reported(guides, repo):
    # A problem already on the base branch, in a file the pull request does not touch …
    mutate(repo / SHIPIN, "type: 行政许可", "type: 行政许可证")
    git(repo, "commit", "-qam", "broken on main")
    # … and one the pull request brings.
    mutate(repo / SHELI, "level: 县级", "level: 县")
    run = check(guides, repo, "--changed-since", "HEAD")
    assert run.code == 1
    assert {path for path, _ in codes_by_path(run)} == {SHELI}
    assert ("guides/shichang/getihu-sheli-dengji.yaml", "S004") in codes_by_path(run)
    assert run.json["summary"]["files"] == 1


def test_a_cross_file_problem_with_an_unchanged_file_is_found(guides, repo):
    # The changed guide now claims the implementation code of an unchanged one: X001 on the changed file only.
    mutate(repo / ZHUXIAO, "impl_code: 11369921MB1A01001K4000131129000", "impl_code: 11369921MB1A01001K4000131024000")
    run = check(guides, repo, "--changed-since", "HEAD")
    found = codes_by_path(run)
    assert (ZHUXIAO, "X001") in found
    assert all(path == ZHUXIAO for path, _ in found)


def test_an_added_file_is_checked_against_the_catalogue(guides, repo):
    copy = repo / SHICHANG / "getihu-sheli-dengji-fuben.yaml"
    shutil.copy(repo / SHELI, copy)  # untracked: a copy that forgot to change its codes
    run = check(guides, repo, "--changed-since", "HEAD")
    assert (f"{SHICHANG}/getihu-sheli-dengji-fuben.yaml", "X001") in codes_by_path(run)
    assert all(path.endswith("fuben.yaml") for path, _ in codes_by_path(run))


def test_a_rename_leaves_no_phantom_and_a_deletion_breaks_related(guides, repo):
    check(guides, repo)  # a full check warms the cache with every file, the old name included
    assert (repo / ".guides-cache" / "summaries.json").is_file()
    # Renaming getihu-zhuxiao-dengji: the new file is checked, the old id is gone, and the unchanged guides
    # whose `related` name it (getihu-sheli-dengji, shipin-jingying-xuke) are now reported too.
    (repo / ZHUXIAO).rename(repo / SHICHANG / "getihu-zhuxiao.yaml")
    run = check(guides, repo, "--changed-since", "HEAD")
    found = codes_by_path(run)
    assert not any(code == "X001" for _, code in found), run.diagnostics  # same codes under the old name? none left
    assert (SHELI, "X003") in found and (SHIPIN, "X003") in found
    assert {path for path, _ in found} <= {SHELI, SHIPIN, f"{SHICHANG}/getihu-zhuxiao.yaml"}


def test_a_changed_department_profile_checks_its_guides(guides, repo):
    # A new credit code in the profile: every guide of the folder now has a wrong impl_code (C103).
    mutate(repo / SHICHANG / "_department.yaml", "uscc: 11369921MB1A01001K", "uscc: 11369921MB1A01002F")
    run = check(guides, repo, "--changed-since", "HEAD")
    flagged = {path for path, code in codes_by_path(run) if code == "C103"}
    assert flagged == {SHELI, ZHUXIAO, SHIPIN}


def test_a_configuration_change_checks_everything(guides, repo):
    (repo / "pyproject.toml").write_text('[tool.guides]\nignore = ["W303"]\n', encoding="utf-8")
    run = check(guides, repo, "--changed-since", "HEAD")
    assert run.json["summary"]["files"] == len(list(GUIDES.rglob("*.yaml")))
    assert "检查全部文件" in run.err


def test_cold_warm_and_corrupted_cache_give_the_same_answer(guides, repo, monkeypatch):
    mutate(repo / ZHUXIAO, "impl_code: 11369921MB1A01001K4000131129000", "impl_code: 11369921MB1A01001K4000131024000")
    mutate(repo / SHELI, "level: 县级", "level: 县")
    monkeypatch.setenv("GUIDES_NO_CACHE", "1")
    uncached = check(guides, repo, "--changed-since", "HEAD")
    assert not (repo / ".guides-cache").exists()
    monkeypatch.delenv("GUIDES_NO_CACHE")
    cold = check(guides, repo, "--changed-since", "HEAD")
    cache = repo / ".guides-cache" / "summaries.json"
    assert cache.is_file()
    warm = check(guides, repo, "--changed-since", "HEAD")
    for damage in (b"\x00garbage", b'{"stamp": "old", "entries": {}}', b"[1, 2"):
        cache.write_bytes(damage)
        assert check(guides, repo, "--changed-since", "HEAD").out == uncached.out
    assert uncached.out == cold.out == warm.out
    assert uncached.code == 1 and {c for _, c in codes_by_path(uncached)} >= {"S004", "X001"}


def test_cache_is_not_trusted_when_committed(guides, repo):
    check(guides, repo)
    entries = json.loads((repo / ".guides-cache" / "summaries.json").read_text(encoding="utf-8"))["entries"]
    assert entries
    (repo / ".guides-cache" / ".gitignore").unlink()
    git(repo, "add", "-f", ".guides-cache")
    git(repo, "commit", "-qm", "cache committed by mistake")
    mutate(repo / ZHUXIAO, "impl_code: 11369921MB1A01001K4000131129000", "impl_code: 11369921MB1A01001K4000131024000")
    # Poison the committed cache: every summary claims to be invalid, which would hide the duplicate.
    cache = repo / ".guides-cache" / "summaries.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps({**data, "entries": {k: None for k in data["entries"]}}), encoding="utf-8")
    run = check(guides, repo, "--changed-since", "HEAD")
    assert (ZHUXIAO, "X001") in codes_by_path(run)


def test_checking_one_file_with_a_warm_cache_matches_a_cold_one(guides, repo, monkeypatch):
    mutate(repo / ZHUXIAO, "impl_code: 11369921MB1A01001K4000131129000", "impl_code: 11369921MB1A01001K4000131024000")
    check(guides, repo)  # warm
    warm = check(guides, repo, ZHUXIAO)
    monkeypatch.setenv("GUIDES_NO_CACHE", "1")
    assert warm.out == check(guides, repo, ZHUXIAO).out
    assert (ZHUXIAO, "X001") in codes_by_path(warm)


def test_bad_revision_and_no_repository_are_usage_errors(guides, repo, tmp_path_factory):
    run = guides("check", "--changed-since", "no-such-branch", cwd=repo)
    assert run.code == 2 and "git 里没有版本「no-such-branch」" in run.err and "Traceback" not in run.err
    elsewhere = tmp_path_factory.mktemp("plain")
    shutil.copytree(GUIDES, elsewhere / "guides")
    run = guides("check", "--changed-since", "HEAD", cwd=elsewhere)
    assert run.code == 2 and "不在 git 仓库中" in run.err and "Traceback" not in run.err
    run = guides("check", "guides", "--changed-since", "HEAD", cwd=repo)
    assert run.code == 2
