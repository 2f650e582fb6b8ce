"""The fast check keeps the slow check's answers: processes, the fast schema validator, options.

No timings here (the benchmark prints them): only that every way of running gives the same result.
"""

from __future__ import annotations

import copy
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from validator.check.loader import load
from validator.check.schema_stage import SchemaStage

from .conftest import GUIDES, mutate


@pytest.fixture
def troubled(tmp_path: Path) -> Path:
    """A copy of the sample catalogue with load, schema, rule, suppression and cross-file problems."""
    shutil.copytree(GUIDES, tmp_path / "guides")
    shichang = tmp_path / "guides" / "shichang"
    mutate(shichang / "getihu-sheli-dengji.yaml", "type: 行政许可", "type: 行政许可证")
    mutate(shichang / "shipin-jingying-xuke.yaml", "impl_code: 11369921MB1A01001K4000131024000",
           "impl_code: 11369921MB1A01001K4000131129000")  # a duplicate of getihu-zhuxiao-dengji's (X001)
    (shichang / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    (shichang / "copy.yaml").write_bytes((shichang / "getihu-zhuxiao-dengji.yaml").read_bytes())
    return tmp_path


@pytest.mark.parametrize("output", ["json", "text", "sarif"])
def test_one_process_and_two_agree(guides, troubled, output, monkeypatch):
    monkeypatch.setenv("GUIDES_NO_CACHE", "1")
    one = guides("check", "--jobs", "1", "--format", output, cwd=troubled)
    two = guides("check", "--jobs", "2", "--format", output, cwd=troubled)
    assert one.code == two.code == 1
    assert one.out == two.out
    if output == "json":
        found = {(d["path"].rsplit("/", 1)[-1], d["code"]) for d in one.diagnostics}
        assert {("getihu-sheli-dengji.yaml", "S004"), ("shipin-jingying-xuke.yaml", "X001"), ("broken.yaml", "Y002"),
                ("copy.yaml", "X001")} <= found
        assert one.json["summary"]["suppressed"] > 0  # the samples' markers went through both paths


def test_the_sample_catalogue_is_the_same_either_way(guides, monkeypatch):
    monkeypatch.setenv("GUIDES_NO_CACHE", "1")
    one = guides("check", "guides", "--jobs", "1", "--format", "json")
    two = guides("check", "guides", "--jobs", "2", "--format", "json")
    assert one.code == two.code == 0 and one.out == two.out


def test_many_files_use_the_default_pool_with_the_same_result(guides, tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDES_NO_CACHE", "1")
    folder = tmp_path / "guides" / "shichang"
    folder.mkdir(parents=True)
    shutil.copy(GUIDES / "shichang" / "_department.yaml", folder)
    sources = sorted(p for p in GUIDES.glob("*/*.yaml") if p.name != "_department.yaml")
    for index in range(210):  # above the threshold where the default turns to every core
        shutil.copy(sources[index % len(sources)], folder / f"g{index:03d}.yaml")
    default = guides("check", "--format", "json", cwd=tmp_path)
    single = guides("check", "--jobs", "1", "--format", "json", cwd=tmp_path)
    assert default.out == single.out
    assert default.json["summary"]["files"] == 211


# Run in a fresh interpreter: the workers are forked only from a process without other threads, and by now the
# session may hold a browser's (tests/test_cards.py), which would check in this process instead.
EXPLODING_CHECK = """
import os, sys
from validator.check import schema_stage
from validator.cli.main import main
original = schema_stage.SchemaStage.validate
def explode(self, doc, kind):
    if kind == "guide":  # department profiles are checked in this process, the guides in workers
        raise RuntimeError(f"boom in process {os.getpid()}")
    return original(self, doc, kind)
schema_stage.SchemaStage.validate = explode
print(f"main process {os.getpid()}", file=sys.stderr)
sys.exit(main(["check", "--jobs", "2"]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patched method reaches the workers by fork")
def test_a_failure_in_a_worker_is_exit_2_without_traceback(troubled):
    run = subprocess.run([sys.executable, "-c", EXPLODING_CHECK], cwd=troubled, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert run.returncode == 2, run.stderr
    assert "内部错误" in run.stderr and "boom in process" in run.stderr and "Traceback" not in run.stderr + run.stdout
    main_process = re.search(r"main process (\d+)", run.stderr)
    assert main_process and f"boom in process {main_process.group(1)}）" not in run.stderr  # a worker failed, and its error came through


@pytest.mark.parametrize("value", ["0", "-1", "zwei"])
def test_jobs_must_be_a_positive_number(guides, value):
    run = guides("check", "guides", "--jobs", value)
    assert run.code == 2 and "正整数" in run.err


# --- the fast validator (jsonschema_rs) against the detailed one (jsonschema) -------------------------------

# Values that break each kind of keyword somewhere in the schemas: types, enums, patterns (also through
# characters whose "whitespace" differs between Python and ECMA regexes, and a final newline, which Python's
# `$` accepts), the date format, lengths counted in characters beyond the BMP, bounds, empty lists.
VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 3, 1.5, 10**30, "", "x", "中", "😀" * 3, "行政许可", "公共服务", "即办件", "承诺件",
    "工作日", "自然日", "必要", "在用", "暂停", "县级", "全程网办", "2024-01-01", "2023-02-30", "2024-13-01", "20240101",
    "2024-01-01\n", "https://example.gov.cn", "https://a b", "https://a\x1fb", "https://a\x85b", "https://a\ufeffb",
    "https://a\u3000b", "https://ab\n", "0571-1234567", "0571-1234567\n", "12345", "abc", "《条例》", "shichang/getihu-sheli-dengji",
    "Shichang/x", "000131128000", "000131128000\n", "11369921MB1A01001K", "11369921MB1A01001K4000131128000",
    "11369921MB1A01001K400013112800001", "@shixian/team", "x" * 300, [], ["x"], ["x", "x"], {}, {"foo": 1},
]


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, prefix + (index,))
    return out


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _mutations(data: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    out = []
    paths = [p for p in _paths(data) if p]
    # Every address gets the characters on which the regex dialects' `\s` differ.
    addresses = [p for p in paths if isinstance(_at(data, p), str) and _at(data, p).startswith("https://")]
    changes = [(p, _at(data, p).replace("//", "//a" + space, 1)) for p in addresses for space in "\x1c\x1f\x85\ufeff\u3000"]
    for path in rng.sample(paths, min(len(paths), 8)):
        changes += [(path, value) for value in [*rng.sample(VALUES, 6), "https://a\x1fb", "2024-01-01\n"]]
    for path, value in changes:
        changed = copy.deepcopy(data)
        _at(changed, path[:-1])[path[-1]] = value
        out.append(changed)
    for path in rng.sample(paths, min(len(paths), 8)):
        deleted = copy.deepcopy(data)  # a missing element: `required`, and if/then conditions
        del _at(deleted, path[:-1])[path[-1]]
        out.append(deleted)
        added = copy.deepcopy(data)  # an unknown key: additionalProperties
        if isinstance(_at(added, path[:-1]), dict):
            _at(added, path[:-1])["foo"] = "bar"
            out.append(added)
    return out


def test_fast_and_detailed_validators_agree_on_every_sample_and_mutation():
    """A file the fast validator passes must be one jsonschema passes: `check` skips the detailed pass for it."""
    stage = SchemaStage()
    rng = random.Random(6)
    cases = 0
    for path in sorted(GUIDES.rglob("*.yaml")):
        kind = "department" if path.name == "_department.yaml" else "guide"
        fast, detailed = stage._fast[kind], stage._validators[kind]  # the two validators `check` chooses between
        assert fast is not None
        data = load(path.name, path.read_bytes()).data
        for variant in [data, *_mutations(data, rng)]:
            passes = detailed.is_valid(variant)
            try:
                fast_passes = fast.is_valid(variant)
            except Exception:  # check() then takes the detailed pass
                fast_passes = False
            # Never more lenient; stricter only where Python's `$` takes a final newline.
            assert not fast_passes or passes, (path.name, variant)
            if not passes == fast_passes:
                assert _has_final_newline(variant), (path.name, variant)
            cases += 1
    assert cases > 1500


def _has_final_newline(data: Any) -> bool:
    if isinstance(data, dict):
        return any(_has_final_newline(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_final_newline(v) for v in data)
    return isinstance(data, str) and data.endswith("\n")
