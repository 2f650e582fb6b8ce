"""The check results a site build keeps (validator/check/result_cache.py): a rebuild checks again only the guides that
changed, and reports what a fresh check reports; what else a result depends on starts the store afresh."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import mutate
from .git_support import commit, new_repo
from .site_support import Build, mkdocs_build, project_copy

REUSED = re.compile(r"检查结果：(\d+) 个文件没有改动，沿用上次构建的检查结果")
WARNINGS = re.compile(r"办事指南有 (\d+) 条警告")
GUIDE = "guides/shichang/getihu-sheli-dengji.yaml"


def _project(tmp_path: Path) -> Path:
    repo = new_repo(tmp_path / "project", ["shichang", "gongan", "weijian"])
    config = project_copy(repo)
    commit(repo, "目录", "2026-11-02T09:00:00+08:00")
    return config


def _reused(build: Build) -> int:
    found = REUSED.search(build.log)
    return int(found[1]) if found else 0


def _warnings(build: Build) -> str:
    found = WARNINGS.search(build.log)
    return found[1] if found else "0"


def _guides(config: Path) -> int:
    return sum(1 for path in (config.parent / "guides").rglob("*.yaml") if path.name != "_department.yaml")


def test_a_rebuild_checks_again_only_the_changed_guide_and_reports_what_a_fresh_check_does(tmp_path: Path) -> None:
    config = _project(tmp_path)
    first = mkdocs_build(config, tmp_path / "public", cache=True)
    assert first.code == 0, first.log
    assert _reused(first) == 0

    again = mkdocs_build(config, tmp_path / "public", cache=True)
    assert _reused(again) == _guides(config)
    assert _warnings(again) == _warnings(first)

    # A new warning in one guide: that guide alone is checked again, and its warning is reported.
    mutate(config.parent / GUIDE, "经营者本人签字；", "经营者本人签字；到县工商局窗口核对；")
    changed = mkdocs_build(config, tmp_path / "public", cache=True)
    assert changed.code == 0, changed.log
    assert _reused(changed) == _guides(config) - 1
    fresh = mkdocs_build(config, tmp_path / "fresh", cache=False)
    assert _warnings(changed) == _warnings(fresh) == str(int(_warnings(first)) + 1)
    assert "到县工商局窗口核对" in changed.page("guides/shichang/getihu-sheli-dengji/")


def test_a_stored_result_is_not_used_once_a_file_its_guide_references_is_gone(tmp_path: Path) -> None:
    config = _project(tmp_path)
    form = config.parent / "guides" / "shichang" / "files" / "shenqingshu.pdf"
    form.parent.mkdir()
    form.write_bytes(b"%PDF-1.4\n%%EOF\n")
    mutate(config.parent / GUIDE, "    notes: 经营者本人签字；", "    blank_form: files/shenqingshu.pdf\n    notes: 经营者本人签字；")
    assert mkdocs_build(config, tmp_path / "public", cache=True).code == 0

    form.unlink()  # the guide's bytes are as they were; what M804 reads is not
    gone = mkdocs_build(config, tmp_path / "public", cache=True)
    assert gone.code != 0
    assert "M804" in gone.log and "files/shenqingshu.pdf" in gone.log
    assert _reused(gone) == _guides(config) - 1


def test_a_changed_department_profile_or_setting_checks_every_guide_again(tmp_path: Path) -> None:
    config = _project(tmp_path)
    assert mkdocs_build(config, tmp_path / "public", cache=True).code == 0
    profile = config.parent / "guides" / "gongan" / "_department.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(re.sub(r"hours: .*", "hours: 周一至周五 8:30-12:00，14:00-17:30", text, count=1), encoding="utf-8")
    assert _reused(mkdocs_build(config, tmp_path / "public", cache=True)) == 0

    assert _reused(mkdocs_build(config, tmp_path / "public", cache=True)) == _guides(config)
    (config.parent / "pyproject.toml").write_text("[tool.guides]\nignore = [\"T2\"]\n", encoding="utf-8")
    assert _reused(mkdocs_build(config, tmp_path / "public", cache=True)) == 0


def test_damaged_stored_results_are_checked_again(tmp_path: Path) -> None:
    config = _project(tmp_path)
    first = mkdocs_build(config, tmp_path / "public", cache=True)
    store = config.parent / ".guides-cache" / "results.jsonl"
    lines = store.read_text(encoding="utf-8").split("\n")
    assert len([line for line in lines[1:] if line]) == _guides(config)
    damaged = [lines[0], *(f"{line.partition(chr(9))[0]}\t" + '{"data": [1], "missing": {}' for line in lines[1:] if line)]
    store.write_text("\n".join(damaged) + "\nnot a line\n", encoding="utf-8")

    again = mkdocs_build(config, tmp_path / "public", cache=True)
    assert again.code == 0, again.log
    assert _reused(again) == 0
    assert _warnings(again) == _warnings(first)
    assert _reused(mkdocs_build(config, tmp_path / "public", cache=True)) == _guides(config)  # written whole again
