"""The CI templates in templates/: valid for their CI, wired consistently, and every command they run works.

The commands (each `guides …` and `mkdocs …` line) run for real, with the CI's variables filled
in, in a clone of a repository holding the sample catalogue, on a branch that changes a guide.
A renamed option or a missing command fails here before a department copies the template.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, mutate

TEMPLATES = ROOT / "templates"
GITHUB = TEMPLATES / "github" / "guides.yml"
GITLAB = TEMPLATES / "gitlab" / ".gitlab-ci.yml"
TOOLS = ("guides", "mkdocs")
BIN = Path(sys.executable).parent
SITE_DIR = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_dir"]
CHANGED = "guides/shichang/getihu-sheli-dengji.yaml"


def load(path: Path) -> dict[str, Any]:
    # BaseLoader: every scalar is text, so GitHub's `on:` stays a key rather than becoming True.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def tool_lines(script: str | list[str]) -> list[str]:
    """The shell lines of a `run:` block or `script:` list that call guides or mkdocs."""
    lines = script.splitlines() if isinstance(script, str) else script
    return [line.strip() for line in lines if line.strip().split(" ", 1)[0] in TOOLS]


def github_scripts(workflow: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(the `run:` block, its environment) of every step that calls guides or mkdocs."""
    out = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if tool_lines(step.get("run", "")):
                out.append((step["run"], {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}))
    return out


def gitlab_scripts(pipeline: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(the `script:` lines as one shell script, its variables) of every job that calls guides or mkdocs."""
    out = []
    for job in pipeline.values():
        if isinstance(job, dict) and tool_lines(job.get("script", [])):
            out.append(("\n".join(job["script"]), {**pipeline.get("variables", {}), **job.get("variables", {})}))
    return out


def commands(scripts: list[tuple[str, dict[str, str]]]) -> list[str]:
    return [line for script, _ in scripts for line in tool_lines(script)]


# --- the repository a department would have -------------------------------------------------

def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def department_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone (so `origin/main` exists) of a repository with the sample catalogue, on a branch with one edit."""
    base = tmp_path_factory.mktemp("ci")
    origin = base / "origin"
    origin.mkdir()
    for folder in ("guides", "laws", "schema", "site"):  # laws/: the catalogue's own law registry
        shutil.copytree(ROOT / folder, origin / folder, symlinks=True)
    for name in ("mkdocs.yml", "CODEOWNERS"):
        shutil.copy(ROOT / name, origin / name)
    git("init", "-q", "-b", "main", cwd=origin)
    git("-c", "user.name=测试", "-c", "user.email=ci@example.gov.cn", "add", "-A", cwd=origin)
    git("-c", "user.name=测试", "-c", "user.email=ci@example.gov.cn", "commit", "-q", "-m", "示例目录", cwd=origin)
    work = base / "work"
    git("clone", "-q", str(origin), str(work), cwd=base)
    git("checkout", "-q", "-b", "change", cwd=work)
    mutate(work / CHANGED, "    copies: 1\n", "    copies: 2\n")
    git("-c", "user.name=测试", "-c", "user.email=ci@example.gov.cn", "commit", "-q", "-am", "份数改为 2", cwd=work)
    return work


def run_script(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A template's shell lines in bash, stopping at the first failure as the CI does. A trailing
    `|| true` (write the report, fail later) is dropped so that the command's own exit status counts:
    the catalogue is clean, so every command must succeed."""
    script = re.sub(r"[ \t]*\|\|[ \t]*true[ \t]*$", "", script, flags=re.MULTILINE)
    environment = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


# --- valid for their CI ---------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "schema"), [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")])
def test_template_is_valid_for_its_ci(template: Path, schema: str):
    pytest.importorskip("check_jsonschema", reason="pip install -e '.[test]' installs check-jsonschema")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(template)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_workflow_is_wired():
    workflow = load(GITHUB)
    assert set(workflow["on"]) >= {"pull_request", "push"} and workflow["on"]["push"]["branches"] == ["main"]
    assert "REPLACE-ME" in workflow["env"]["GUIDES_PIP_SOURCE"], "the install address is a marked placeholder"
    jobs = workflow["jobs"]
    checkout = next(s for s in jobs["check"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0", "--changed-since and guides diff need the base branch"
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == SITE_DIR
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert "pull_request" in deploy["if"] and "pull_request" in jobs["check"]["if"]
    # Expressions are passed through env, never pasted into a shell line (template injection).
    for line in commands(github_scripts(workflow)):
        assert "${{" not in line, line
    summary = [line for line in commands(github_scripts(workflow)) if "GITHUB_STEP_SUMMARY" in line]
    assert any(line.startswith("guides report --format markdown") for line in summary)
    assert any(line.startswith("guides diff ") and "--format markdown" in line for line in summary)


def test_gitlab_pipeline_is_wired():
    pipeline = load(GITLAB)
    assert pipeline["stages"] == ["check", "build", "deploy"]
    assert "REPLACE-ME" in pipeline["variables"]["GUIDES_PIP_SOURCE"]
    check = pipeline["check"]
    artifacts = check["artifacts"]
    assert artifacts["when"] == "always"
    written = {m.group(1): m.group(2) for line in tool_lines(check["script"])
               if (m := re.search(r"--format (\w+) > (\S+)", line))}
    assert artifacts["reports"] == {"codequality": written["gitlab"], "junit": written["junit"]}
    merge_request = '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert {"if": merge_request} in pipeline["workflow"]["rules"]
    assert pipeline["changes"]["rules"] == [{"if": merge_request}] and pipeline["build"]["rules"] == [{"if": merge_request}]
    pages = pipeline["pages"]
    assert pages["stage"] == "deploy" and pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == [SITE_DIR] == ["public"], "GitLab Pages publishes public/"
    assert "mkdocs build --strict" in tool_lines(pages["script"])


# --- every command works -----------------------------------------------------------------------------

CI_VARIABLES = {
    "GITHUB_STEP_SUMMARY": "summary.md",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    "CI_DEFAULT_BRANCH": "main",
    "CI_PIPELINE_SOURCE": "merge_request_event",
}


def filled(env: dict[str, str], cwd: Path) -> dict[str, str]:
    """The templates' own variables with GitHub expressions and GitLab's predefined variables filled in."""
    expressions = {"github.base_ref": "main"}
    out = {**CI_VARIABLES, "CI_PROJECT_DIR": str(cwd), "CI_MERGE_REQUEST_DIFF_BASE_SHA": git("rev-parse", "origin/main", cwd=cwd)}
    for key, value in env.items():
        out[key] = re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: expressions.get(m.group(1), m.group(0)), value)
    return out


def test_every_command_in_the_templates_runs(department_repo: Path):
    scripts = github_scripts(load(GITHUB)) + gitlab_scripts(load(GITLAB))
    assert {line.split(" ", 2)[1] for line in commands(scripts)} >= {"check", "codeowners", "report", "diff", "build"}
    distinct: dict[str, dict[str, str]] = {}
    for script, env in scripts:  # each distinct script once: the site build is in three jobs
        distinct.setdefault(script, env)
    failures = []
    for script, env in distinct.items():
        done = run_script(script, filled(env, department_repo), department_repo)
        if done.returncode != 0:
            failures.append(f"$ {script}\n退出状态 {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)

    # what the commands wrote is what the CI reads
    name = yaml.load((department_repo / CHANGED).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["name"]
    summary = (department_repo / "summary.md").read_text(encoding="utf-8")
    assert "合计" in summary, "the assessment's table"
    lines = summary.splitlines()
    for before, line in zip(lines, lines[1:], strict=False):  # a table glued to a list would render inside it
        assert not (line.startswith("|") and not before.startswith("|") and before.strip()), (before, line)
    assert name in summary or CHANGED in summary, "the changed guide, from guides diff"
    assert json.loads((department_repo / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    junit = ET.parse(department_repo / "guides-junit.xml").getroot()
    assert int(junit.get("tests")) == len(list((department_repo / "guides").rglob("*.yaml"))) and junit.get("failures") == "0"
    assert (department_repo / SITE_DIR / "index.html").is_file()
    diff = (department_repo / "guides-diff.md").read_text(encoding="utf-8")
    assert name in diff or CHANGED in diff


def test_a_broken_command_would_fail_the_test(department_repo: Path):
    """The runner above is not blind: a misspelt option in a template line exits non-zero."""
    [(script, env)] = [(script, env) for script, env in github_scripts(load(GITHUB)) if "--format github" in script]
    done = run_script(script.replace("--format github", "--format githb"), filled(env, department_repo), department_repo)
    assert done.returncode == 2 and "githb" in done.stderr
