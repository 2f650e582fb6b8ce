"""Temporary git repositories holding copies of sample departments, for `guides diff` and the site history."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import GUIDES


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in `repo` whatever the user's own git configuration; `date` (ISO, with zone) dates a commit."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def new_repo(path: Path, departments: list[str] | None = None) -> Path:
    """A repository whose `guides/` holds copies of the named sample departments (all of them by default)."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "测试")
    git(path, "config", "user.email", "test@example.com")
    for folder in sorted(GUIDES.iterdir()):
        if folder.is_dir() and (departments is None or folder.name in departments):
            shutil.copytree(folder, path / "guides" / folder.name)
    return path


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()

