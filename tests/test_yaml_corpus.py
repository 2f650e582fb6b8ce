"""The official YAML test suite through `guides check`: every invalid input is rejected, nothing crashes.

One subprocess checks the whole corpus (each `<ID>/in.yaml` copied as `<ID>.yaml`), so the test
exercises the public CLI exactly as a clerk runs it, at the cost of a single interpreter start.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# libyaml accepts these although the spec calls them invalid; validator/check/yaml_strict.py catches them.
LIBYAML_LAX = ("9C9N", "QB6E", "S98Z", "SU5Z", "X4QW")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, bool]]:
    if not CORPUS.is_dir():
        pytest.skip(f"YAML test suite not found at {CORPUS}")
    folder = tmp_path_factory.mktemp("yaml-test-suite")
    invalid: dict[str, bool] = {}  # file name → the input is invalid YAML
    for source in sorted(CORPUS.rglob("in.yaml")):
        name = "-".join(source.parent.relative_to(CORPUS).parts) + ".yaml"  # 9C9N.yaml, DK95-01.yaml
        shutil.copyfile(source, folder / name)
        invalid[name] = (source.parent / "error").exists()
    if not invalid:
        pytest.skip(f"no in.yaml files under {CORPUS}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("GUIDES_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "validator", "check", "--format", "json", *sorted(invalid)],
                          cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8")
    return done, invalid


def test_corpus_never_crashes(corpus_run) -> None:
    done, invalid = corpus_run
    assert done.returncode in (0, 1), done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == len(invalid)


def test_every_invalid_input_is_an_error(corpus_run) -> None:
    done, invalid = corpus_run
    failed = {Path(d["path"]).name for d in json.loads(done.stdout)["diagnostics"] if d["severity"] == "error"}
    accepted = sorted(name for name, bad in invalid.items() if bad and name not in failed)
    assert accepted == []
    for test_id in LIBYAML_LAX:
        assert f"{test_id}.yaml" in failed


def test_every_diagnostic_is_located_and_in_chinese(corpus_run) -> None:
    done, invalid = corpus_run
    diagnostics = json.loads(done.stdout)["diagnostics"]
    assert diagnostics
    for diagnostic in diagnostics:
        assert Path(diagnostic["path"]).name in invalid, diagnostic
        assert isinstance(diagnostic["line"], int) and diagnostic["line"] >= 1, diagnostic
        assert isinstance(diagnostic["column"], int) and diagnostic["column"] >= 1, diagnostic
        assert CHINESE.search(diagnostic["message"]), diagnostic
