"""The pre-commit hook `guides-check`, run with `pre-commit try-repo` in a department repository.

`try-repo` builds the hook's environment (a virtualenv with this package and its dependencies) in
a temporary store of its own on every run, whatever PRE_COMMIT_HOME says, and its shadow commit of
an uncommitted work tree leaves untracked files out. So the hook repository is a committed snapshot
of the work tree, made once per session, and the passing and the failing run go side by side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import GUIDES, ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
GOOD = "guides/shichang/getihu-sheli-dengji.yaml"
BROKEN = "guides/shuili/qushui-xuke.yaml"  # no guide of GOOD's relates to it (a schema-invalid guide drops out of the catalogue)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _repo(path: Path) -> None:
    _git(path, "init", "-q")
    _git(path, "config", "user.name", "测试")
    _git(path, "config", "user.email", "test@example.invalid")
    _git(path, "add", "-A")
    _git(path, "commit", "-qm", "snapshot")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's work tree as it is now (tracked and untracked files, not ignored ones), committed."""
    if not PRE_COMMIT.exists() or shutil.which("git") is None:
        pytest.skip("需要 pre-commit（pip install -e '.[test]'）和 git")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source, target = ROOT / name, snapshot / name
        if source.is_symlink() or source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    _repo(snapshot)
    return snapshot


def _department_repo(base: Path) -> Path:
    base.mkdir()
    shutil.copytree(GUIDES, base / "guides")
    shutil.copytree(ROOT / "schema", base / "schema")
    _repo(base)
    return base


def test_hook_manifest():
    check, fmt = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (check["id"], check["entry"], check["language"]) == ("guides-check", "guides check", "python")
    assert (fmt["id"], fmt["entry"], fmt["language"]) == ("guides-fmt", "guides fmt", "python")
    assert all(hook.get("pass_filenames", True) is True and hook["files"] == "^guides/.*\\.ya?ml$" for hook in (check, fmt))


def test_try_repo_passes_a_good_guide_and_stops_a_broken_one(hook_repo, tmp_path):
    good = _department_repo(tmp_path / "good")
    bad = _department_repo(tmp_path / "bad")
    broken = bad / BROKEN
    broken.write_text(broken.read_text(encoding="utf-8").replace("type: 行政许可\n", "type: 行政许可证\n", 1), encoding="utf-8")
    _git(bad, "add", "-A")  # staged, as in a real commit

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    command = [str(PRE_COMMIT), "try-repo", str(hook_repo), "guides-check", "--ref", "HEAD", "--verbose"]
    runs = [subprocess.Popen([*command, "--files", GOOD], cwd=good, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT),
            subprocess.Popen([*command, "--files", BROKEN, GOOD], cwd=bad, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)]
    (passed, _), (failed, _) = [run.communicate(timeout=900) for run in runs]
    passed_text, failed_text = passed.decode("utf-8"), failed.decode("utf-8")

    assert runs[0].returncode == 0, passed_text
    assert "Passed" in passed_text and "没有发现问题" in passed_text

    assert runs[1].returncode == 1, failed_text
    assert "Failed" in failed_text
    assert f"{BROKEN}:" in failed_text and "S004" in failed_text and "「事项类型」（type）的值「行政许可证」不是允许的取值" in failed_text
    assert f"{GOOD}:" not in failed_text  # the good file beside it has nothing to report
    assert "Traceback" not in failed_text + passed_text
