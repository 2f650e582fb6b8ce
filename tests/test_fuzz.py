"""A bounded, seeded fuzz run through the CLI on every test run (tests/fuzzing.py; longer runs: its command line).

A few thousand mutated guides and YAML documents: no exception, exit status 0 or 1, output that parses in its
format, every diagnostic located (line and column ≥ 1), at most PER_CODE + 1 diagnostics of one code per file and
the output bounded per input.
"""

from __future__ import annotations

import json

from validator.diagnostics import PER_CODE

from .fuzzing import CORPUS, batches, problems_in, run

SEED = 20251122
INPUTS = 4_000


def test_mutated_inputs_never_crash_and_stay_located_and_bounded() -> None:
    outcome = run(SEED, INPUTS)
    assert outcome.inputs == INPUTS
    assert outcome.failures == []


def test_the_inputs_are_varied_and_reproducible() -> None:
    first = [files for _, _, files, _ in batches(SEED, 400)]
    assert first == [files for _, _, files, _ in batches(SEED, 400)]
    inputs = [data for files in first for _, data in files]
    assert len(set(inputs)) > 390
    assert {output for _, output, _, _ in batches(SEED, 400)} == {"json", "sarif", "gitlab", "junit", "github", "text"}
    if CORPUS.is_dir():
        assert any(b"%YAML" in data or b"!!" in data or b"&" in data for data in inputs)  # from the YAML test suite


def test_the_checks_catch_what_they_must() -> None:
    """The fuzz test can fail: each property it asserts is checked on a bad result."""
    def report(*found: tuple[str, str, int, int]) -> str:
        return json.dumps({"diagnostics": [{"path": p, "code": c, "line": n, "column": k, "message": "m"} for p, c, n, k in found]})

    assert problems_in("json", report(("a.yaml", "Y002", 1, 1)), 1, 1) == []
    assert problems_in("json", report(("a.yaml", "Y002", 0, 1)), 1, 1)  # not located
    assert problems_in("json", report(*[("a.yaml", "S002", 1, 1)] * (PER_CODE + 2)), 1, 1)  # not summarised
    assert problems_in("json", report(), 2, 1)  # an internal error
    assert problems_in("json", report() + " " * 1_000_000, 1, 1)  # unbounded output
    assert problems_in("sarif", "{", 1, 1) and problems_in("junit", "<?xml?>\n<a>", 1, 1)  # does not parse
    assert problems_in("github", "x\n检查了 1 个文件\n", 1, 1)
    assert problems_in("text", "a.yaml:1:1: Y002 错误：\x1b[2J\n", 1, 1)  # a control character reaches the terminal
