"""Attacks on the tool by a hostile or careless contributor (issue 11): each defect found, as a regression test
through the public entry points (the CLI, `mkdocs build`, the built site in Chromium).

The fuzz test (tests/test_fuzz.py) covers the same promises on mutated inputs; SECURITY.md lists which test proves what.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from .conftest import EXEMPLAR, GUIDES
from .site_support import project_copy

TOKEN = "GUIDES_TEST_TOKEN=hunter2-绝密"  # stands for a CI secret: must never appear in any output
FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")
SHICHANG = "guides/shichang"


def catalogue(tmp_path: Path, *departments: str) -> Path:
    """tmp_path/guides with copies of the named sample departments (shichang by default)."""
    for name in departments or ("shichang",):
        shutil.copytree(GUIDES / name, tmp_path / "guides" / name)
    return tmp_path


def secret(tmp_path: Path) -> Path:
    """A file outside the catalogue, holding what a symlink must never reveal."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "secret.txt"
    path.write_text(f"{TOKEN}\nPATH=/usr/bin\n", encoding="utf-8")
    return path


def site_project(tmp_path: Path) -> Path:
    """The real mkdocs.yml with a catalogue of its own (the shichang department); returns mkdocs.yml."""
    config = project_copy(tmp_path)
    catalogue(tmp_path)
    return config


def published(out: Path) -> str:
    """Everything a build wrote, as text."""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()) if out.exists() else ""


def diagnostics(run) -> list[tuple[str, str, int, int]]:
    return [(d["path"], d["code"], d["line"], d["column"]) for d in run.diagnostics]


def parses(output: str, text: str) -> None:
    """The output is well-formed in its format."""
    if output in ("json", "sarif", "gitlab"):
        json.loads(text)
    elif output == "junit":
        ET.fromstring(text.split("\n", 1)[1])
    elif output == "github":
        lines = text.rstrip("\n").split("\n")
        assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1]) and lines[-1].startswith("检查了")


# -- 2. Symlinks out of the catalogue are refused, never read; excerpts are bounded and printable ---------------

def test_a_long_line_is_echoed_only_as_a_bounded_printable_excerpt(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    bad = root / SHICHANG / "changhang.yaml"
    bad.write_text("name: 很长的一行\nsummary: \"" + "长" * 30_000 + "\x1b[2J" + "尾" * 30_000 + "\"\n", encoding="utf-8")
    run = guides("check", f"{SHICHANG}/changhang.yaml", cwd=root)
    assert run.code == 1 and "\x1b" not in run.out
    [headline] = [line for line in run.out.splitlines() if "changhang.yaml:2:" in line]
    assert headline.startswith(f"{SHICHANG}/changhang.yaml:2:30011: Y002")  # the control character, exactly located
    assert max(len(line) for line in run.out.splitlines()) < 400
    source = next(line for line in run.out.splitlines() if line.startswith(" 2 | "))
    caret = run.out.splitlines()[run.out.splitlines().index(source) + 1]
    assert source.startswith(" 2 | …长") and source.endswith("尾…") and "�" in source  # cut at both ends, ESC shown as �
    assert source[5:].index("�") == 101 and caret.index("^") - 5 == 1 + 2 * 100  # under it: "…" and 100 CJK (two columns each)


# -- 3. What one line and one file can emit is bounded --------------------------------------------------------

def test_a_list_of_thousands_on_one_line_gives_bounded_output_in_every_format(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    guide = root / SHICHANG / EXEMPLAR.name
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"conditions:\n(  - .*\n)+", "conditions: [" + ", ".join(["a"] * 2000) + "]\n", text), encoding="utf-8")
    for output in FORMATS:
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 1 and len(run.out) < 60_000, (output, len(run.out))  # 2 000 × a 6 KB line before
        parses(output, run.out)
    run = guides("check", "--format", "json", cwd=root)
    short = [d for d in run.diagnostics if d["code"] == "S006"]
    assert len(short) == 21
    assert "另有 1980 处" in short[-1]["message"] and short[-1]["column"] == short[-2]["column"] + 3


# -- 4. Linear checks of two ordinary mistakes ------------------------------------------------------------------

def _timed_check(guides, root: Path, addition: str) -> tuple[float, object]:
    guide = root / SHICHANG / EXEMPLAR.name
    guide.write_text(guide.read_text(encoding="utf-8") + addition, encoding="utf-8")
    started = time.perf_counter()
    run = guides("check", f"{SHICHANG}/{EXEMPLAR.name}", "--format", "json", cwd=root)
    return time.perf_counter() - started, run


def test_many_unknown_keys_are_located_in_linear_time(guides, tmp_path: Path) -> None:
    elapsed, run = _timed_check(guides, catalogue(tmp_path), "".join(f"k{i}: 值\n" for i in range(40_000)))
    assert elapsed < 30  # a sanity bound against the quadratic lookup (65 s before, 4 s now), not a timing claim
    assert run.code == 1 and sum(d["code"] == "S002" for d in run.diagnostics) == 21


def test_many_full_width_colons_are_located_in_linear_time(guides, tmp_path: Path) -> None:
    elapsed, run = _timed_check(guides, catalogue(tmp_path), "k：\n" * 190_000)  # just under 1 MB
    assert elapsed < 10  # a sanity bound against the quadratic line count (23 s before, 1.5 s now), not a timing claim
    assert run.code == 1 and sum(d["code"] == "Y005" for d in run.diagnostics) == 21


# -- 12. Unclosed quotes and brackets where they open; all problems of a file in one run -----------------------

def test_an_unclosed_quote_is_reported_where_it_opens(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('name: 结婚登记\ntype: 行政确认\nsummary: "办理结婚登记\nstatus: 在用\nlevel: 县级\n', encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y002", 3, 10)]
    assert "引号" in run.diagnostics[0]["message"] and "文件末尾" in run.diagnostics[0]["message"]


def test_an_unclosed_bracket_is_reported_where_it_opens(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: 结婚登记\naudience: [自然人\ntype: 行政确认\nstatus: 在用\n", encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y002", 2, 11)]
    assert "方括号“[”" in run.diagnostics[0]["message"] and "第 3 行" in run.diagnostics[0]["message"]


def test_a_tab_indent_and_a_full_width_colon_are_both_reported(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: 结婚登记\nsummary：办理结婚登记\nmaterials:\n\t- name: 居民身份证\n", encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y005", 2, 8), ("a.yaml", "Y004", 4, 1)]
    (tmp_path / "b.yaml").write_text("name: 结婚登记\nsummary：[办理\ntype: 行政确认\n", encoding="utf-8")
    run = guides("check", "b.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("b.yaml", "Y005", 2, 8), ("b.yaml", "Y002", 2, 9)]  # the `[` after the `：`
