"""Shared helpers: run the public `guides` CLI in-process and read its output."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from validator.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "guides"
EXEMPLAR = GUIDES / "shichang" / "getihu-sheli-dengji.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        return self.json["diagnostics"]


@pytest.fixture
def guides(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call the CLI as `guides(*args, cwd=...)`; relative paths resolve against cwd."""

    def run(*args: str, cwd: Path = ROOT) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits for usage errors and --version
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def exemplar_copy(tmp_path: Path) -> Path:
    """A copy of a real sample guide, in a department folder of its own, to mutate."""
    folder = tmp_path / "guides" / "shichang"
    folder.mkdir(parents=True)
    target = folder / EXEMPLAR.name
    shutil.copy(EXEMPLAR, target)
    return target


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def mutate(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the site (tests/test_site*.py): one real build of the sample site per test session ---

@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory):
    from .site_support import ROOT as PROJECT
    from .site_support import mkdocs_build

    build = mkdocs_build(PROJECT / "mkdocs.yml", tmp_path_factory.mktemp("sample-site") / "public")
    assert build.code == 0, build.log
    return build


@pytest.fixture(scope="session")
def site_base_url(sample_site):
    from .site_support import serve

    with serve(sample_site.out) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from .site_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"浏览器测试需要 Debian 的 chromium（{CHROMIUM} 不存在；apt-get install chromium fonts-wqy-zenhei）")
    sync_api = pytest.importorskip("playwright.sync_api", reason="浏览器测试需要 playwright（pip install -e '.[test]'）")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def sample_catalogue():
    """The model of the sample catalogue (guides/), checked once: it has no errors."""
    from validator.check.run import check_catalogue

    run = check_catalogue(GUIDES)
    assert run.errors == 0
    return run.catalogue


@pytest.fixture
def tab(browser):
    """Opens browser tabs: `tab(width, height)`, each in a context of its own, closed after the test."""
    contexts = []

    def open_tab(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(tab):
    """A desktop browser tab (1280 × 900); the test names the site it opens (site_base_url, pagefind_base_url)."""
    return tab(1280, 900)


@pytest.fixture
def guide(exemplar_copy: Path) -> Path:
    """The exemplar guide inside a copy of its whole department folder (profile and related guides)."""
    for path in (GUIDES / "shichang").glob("*.yaml"):
        if path.name != exemplar_copy.name:
            shutil.copy(path, exemplar_copy.parent / path.name)
    return exemplar_copy


def found(guides, guide: Path) -> list[dict[str, Any]]:
    """Diagnostics for one guide, checked from its catalogue's folder so cross-file rules see the copy."""
    run = guides("check", str(guide.relative_to(guide.parents[2])), "--format", "json", cwd=guide.parents[2])
    return run.diagnostics


def codes(diagnostics: list[dict[str, Any]]) -> set[str]:
    return {d["code"] for d in diagnostics}


@pytest.fixture(scope="session")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory):
    """The sample site built a second time, with `search: pagefind`."""
    from .site_support import mkdocs_build, pagefind_config

    folder = tmp_path_factory.mktemp("pagefind-site")
    build = mkdocs_build(pagefind_config(folder), folder / "public")
    assert build.code == 0, build.log
    return build


@pytest.fixture(scope="session")
def pagefind_base_url(pagefind_site):
    from .site_support import serve

    with serve(pagefind_site.out) as url:
        yield url
