"""`guides codeowners`: CODEOWNERS generated from the department profiles, written, and checked in CI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from .conftest import GUIDES, ROOT, mutate


def git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def catalogue_in(repo: Path, under: str = "guides", folders: tuple[str, ...] = ("shichang", "minzheng")) -> Path:
    root = repo / under
    for folder in folders:
        shutil.copytree(GUIDES / folder, root / folder)
    return root


def profile_owners(root: Path) -> dict[str, list[str]]:
    """Read independently of the tool: folder → owners as the YAML says."""
    return {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))["owners"] for p in root.glob("*/_department.yaml")}


def rules_of(text: str) -> dict[str, list[str]]:
    """CODEOWNERS rules: path pattern → owners, comments and blank lines left out."""
    rules = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            path, *owners = line.split(" ")
            rules[path] = owners
    return rules


def test_committed_codeowners_is_current(guides):
    """What CI runs; fails when a profile's owners change without regenerating."""
    run = guides("codeowners", "--check")
    assert run.code == 0, run.err
    committed = rules_of((ROOT / "CODEOWNERS").read_text(encoding="utf-8"))
    assert committed == {f"/guides/{folder}/": owners for folder, owners in profile_owners(GUIDES).items()}


def test_prints_one_sorted_line_per_department_folder(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo, folders=("zhujian", "gongan", "shichang", "liushu-cun"))
    run = guides("codeowners", cwd=repo)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert header and "guides codeowners --write" in run.out.split("\n\n")[0]
    rules = rules_of(run.out)
    assert rules == {f"/guides/{folder}/": owners for folder, owners in profile_owners(root).items()}
    assert list(rules) == sorted(rules)
    assert not (repo / "CODEOWNERS").exists(), "printing writes nothing"


def test_write_then_check_detects_a_changed_owner(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo)
    missing = guides("codeowners", "--check", cwd=repo)
    assert missing.code == 1 and "找不到 CODEOWNERS" in missing.err and "guides codeowners --write" in missing.err

    written = guides("codeowners", "--write", cwd=repo)
    assert written.code == 0 and "已写入 CODEOWNERS" in written.err
    assert guides("codeowners", "--check", cwd=repo).code == 0

    mutate(root / "shichang" / "_department.yaml", '"@shixian/shichang-fazhigu"', '"@shixian/shichang-dengjike"')
    stale = guides("codeowners", "--check", cwd=repo)
    assert stale.code == 1
    assert "不是最新" in stale.err and "提示：运行 `guides codeowners --write`" in stale.err
    assert "-/guides/shichang/ @shixian/shichang-fazhigu" in stale.err and "+/guides/shichang/ @shixian/shichang-dengjike" in stale.err

    assert guides("codeowners", "--write", cwd=repo).code == 0
    assert guides("codeowners", "--check", cwd=repo).code == 0
    assert rules_of((repo / "CODEOWNERS").read_text(encoding="utf-8"))["/guides/shichang/"] == ["@shixian/shichang-dengjike"]


def test_windows_line_ends_in_the_committed_file_are_fine(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    catalogue_in(repo)
    assert guides("codeowners", "--write", cwd=repo).code == 0
    path = repo / "CODEOWNERS"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert guides("codeowners", "--check", cwd=repo).code == 0


def test_explicit_file_and_the_one_the_repository_has(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo)
    (repo / ".github").mkdir()
    assert guides("codeowners", "--write", ".github/CODEOWNERS", cwd=repo).code == 0
    assert (repo / ".github" / "CODEOWNERS").is_file() and not (repo / "CODEOWNERS").exists()
    assert guides("codeowners", "--check", ".github/CODEOWNERS", cwd=repo).code == 0
    # without a path: the CODEOWNERS the repository already has (GitHub would read .github/ first), not a new one
    mutate(root / "minzheng" / "_department.yaml", '"@shixian/minzheng-fazhigu"', '"@shixian/minzheng-kezhang"')
    stale = guides("codeowners", "--check", cwd=repo)
    assert stale.code == 1 and ".github/CODEOWNERS" in stale.err
    assert guides("codeowners", "--write", cwd=repo).code == 0
    assert not (repo / "CODEOWNERS").exists() and "@shixian/minzheng-kezhang" in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_paths_follow_the_configured_root_from_any_folder(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo, under="data/banshi")
    (repo / "pyproject.toml").write_text('[tool.guides]\nroot = "data/banshi"\n', encoding="utf-8")
    run = guides("codeowners", "--write", cwd=repo / "data")  # pyproject.toml found above the working directory
    assert run.code == 0, run.err
    written = (repo / "CODEOWNERS").read_text(encoding="utf-8")  # at the repository root, not in data/
    assert rules_of(written) == {f"/data/banshi/{folder}/": owners for folder, owners in profile_owners(root).items()}
    assert guides("codeowners", "--check", cwd=repo).code == 0


def test_outside_git_paths_are_relative_to_pyproject(guides, tmp_path):
    project = tmp_path / "project"
    catalogue_in(project, folders=("shichang",))
    (project / "pyproject.toml").write_text('[tool.guides]\nroot = "guides"\n', encoding="utf-8")
    assert guides("codeowners", "--write", cwd=project / "guides").code == 0
    assert list(rules_of((project / "CODEOWNERS").read_text(encoding="utf-8"))) == ["/guides/shichang/"]


def test_folder_names_with_spaces_are_escaped(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo, folders=("shichang",))
    shutil.copytree(GUIDES / "minzheng", root / "min zheng")
    (root / ".drafts").mkdir()  # hidden folders are not departments
    (root / ".drafts" / "x.yaml").write_text("name: x\n", encoding="utf-8")
    run = guides("codeowners", cwd=repo)
    assert run.code == 0, run.err
    assert "/guides/min\\ zheng/ @shixian/minzheng-fazhigu" in run.out.splitlines()
    assert ".drafts" not in run.out


def test_a_folder_without_profile_or_owners_is_a_clear_error(guides, tmp_path):
    repo = git_repo(tmp_path / "repo")
    root = catalogue_in(repo, folders=("shichang", "minzheng", "gongan"))
    (root / "minzheng" / "_department.yaml").unlink()
    mutate(root / "gongan" / "_department.yaml", "owners:\n", "maintainers:\n")
    run = guides("codeowners", "--write", cwd=repo)
    assert run.code == 1
    assert "guides/minzheng/：没有部门档案 _department.yaml" in run.err and "owners" in run.err
    assert "guides/gongan/_department.yaml:" in run.err and "S001" in run.err and "S002" in run.err
    assert "没有生成 CODEOWNERS" in run.err and not (repo / "CODEOWNERS").exists()
    assert "Traceback" not in run.err


def test_usage_errors(guides, tmp_path):
    empty = git_repo(tmp_path / "empty")
    run = guides("codeowners", cwd=empty)
    assert run.code == 2 and "找不到目录 guides" in run.err
    repo = git_repo(tmp_path / "repo")
    catalogue_in(repo, folders=("shichang",))
    both = guides("codeowners", "--write", "--check", cwd=repo)
    assert both.code == 2
    unwritable = guides("codeowners", "--write", "no/such/folder/CODEOWNERS", cwd=repo)
    assert unwritable.code == 2 and "无法写入" in unwritable.err
