"""Every code's documented examples are tests: the bad one raises its code at its line, the good one is clean.

The examples are those `guides rules CODE` prints and the site's rules page shows; each is placed into a
copy of a sample department folder as its `diagnostics.Example` says, and checked with the public CLI.
A code a run reports once beside its report (a notice on stderr, L108) is found there, at line 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from validator.check.registry import all_codes
from validator.diagnostics import CodeDoc, Example

from .example_support import catalogue, place

CODES = all_codes()
NOTICE = re.compile(r"^([A-Z]\d{3}) 提示：")


def test_every_code_has_a_bad_and_a_good_example() -> None:
    missing = [doc.code for doc in CODES if doc.bad is None or doc.good is None]
    assert missing == [], f"codes without a bad and a good example: {missing}"


def _check(guides, example: Example, tmp_path: Path) -> tuple[list[dict], Callable[[], int], str]:
    root = catalogue(tmp_path)
    placed, line, checked = place(example, root)
    run = guides("check", checked, "--format", "json", cwd=root)
    assert run.code in (0, 1), run.err
    notices = [{"code": m.group(1), "line": 0} for m in map(NOTICE.match, run.err.splitlines()) if m]
    return run.diagnostics + notices, line, (root / placed).read_bytes().decode(example.encoding, "replace")


@pytest.mark.parametrize("doc", [d for d in CODES if d.bad is not None], ids=lambda d: d.code)
def test_the_bad_example_raises_its_code_at_its_line(guides, doc: CodeDoc, tmp_path: Path) -> None:
    assert doc.bad is not None
    found, line, text = _check(guides, doc.bad, tmp_path)
    codes = {d["code"] for d in found}
    assert doc.code in codes and codes <= {doc.code, *doc.bad.also}, f"{doc.code}: {found}\n{text}"
    lines = [d["line"] for d in found if d["code"] == doc.code]
    assert line() in lines, f"{doc.code} expected at line {line()}, found at {lines}:\n{text}"


@pytest.mark.parametrize("doc", [d for d in CODES if d.good is not None], ids=lambda d: d.code)
def test_the_good_example_is_clean(guides, doc: CodeDoc, tmp_path: Path) -> None:
    assert doc.good is not None
    found, _, text = _check(guides, doc.good, tmp_path)
    assert found == [], f"{doc.code}: {found}\n{text}"
