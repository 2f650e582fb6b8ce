"""The benchmark's generator and script: valid, varied, deterministic catalogues; a smoke run prints the table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from validator.check.loader import load

ROOT = Path(__file__).resolve().parents[1]


def _guide_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "guides").rglob("*.yaml") if p.name != "_department.yaml")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "n60"
    generate(60, out, floor=True)
    return out


def test_generated_catalogue_passes_the_check_without_findings(catalogue: Path, guides) -> None:
    run = guides("check", "guides", "--format", "json", cwd=catalogue)
    assert run.code == 0, run.out[:2000]
    assert run.json["summary"]["errors"] == 0
    assert run.json["summary"]["warnings"] == 0, [d["code"] for d in run.diagnostics]
    assert run.json["summary"]["files"] == 60 + len(list((catalogue / "guides").glob("*/_department.yaml")))


def test_generated_guides_are_varied(catalogue: Path) -> None:
    files = _guide_files(catalogue)
    assert len(files) == 60
    items = [load(str(p), p.read_bytes()).data for p in files]
    impl_codes = [g["impl_code"] for g in items]
    assert len(set(impl_codes)) == 60  # every guide is another implementation of an item
    assert len({g["name"] for g in items}) >= 20
    assert len({p.parent.name for p in files}) >= 25  # spread over the ~40 departments
    assert len(list((catalogue / "guides").glob("*/_department.yaml"))) >= 40
    sizes = [p.stat().st_size for p in files]
    assert max(sizes) > 1.5 * min(sizes)
    assert len({len(g["materials"]) for g in items}) >= 3


def test_generation_is_deterministic_for_n_and_seed(catalogue: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(60, again, floor=True)
    generate(60, other, seed=7)

    def contents(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in (root / "guides").rglob("*.yaml")}

    assert contents(again) == contents(catalogue)
    assert contents(other) != contents(catalogue)
    floor = sorted((catalogue / "floor" / "docs" / "guides").rglob("*.md"))
    assert len(floor) == 60 and (catalogue / "floor" / "mkdocs.yml").is_file()


def test_quick_benchmark_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--work", str(tmp_path / "work"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert report in done.stdout
    assert "| step | N = 60 |" in report
    assert "cores available" in report and "pyyaml" in report and "mkdocs-material" in report
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1] for line in report.splitlines() if line.startswith("| ") and " | " in line}
    for label in ("floor: read the bytes", "floor: compose with libyaml CSafeLoader", "`guides check --jobs 1`",
                  "peer: `check-jsonschema` (guide files only)", "one file: `guides check PATH`"):
        assert label in rows, label
        assert "files/s" in rows[label] or " s" in rows[label], rows[label]
        assert "failed" not in rows[label], rows[label]
    assert "files/s" in rows["`guides check --jobs 1`"]
