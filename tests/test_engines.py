"""Site engines besides MkDocs 1.6: ProperDocs (the maintained MkDocs 1.x fork) builds the sample site with our plugin
and the same page set, and `guides render --out` is a complete site source that plain mkdocs-material builds with no
plugin of ours (as an engine that runs no plugins would read it: the guide pages' HTML passes through as it is)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .site_support import ROOT, article

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site(sample_site, tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    if properdocs is None:
        pytest.skip("需要 ProperDocs（pip install -e '.[test]'）")
    out = tmp_path / "public"
    done = subprocess.run([properdocs, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _files(out) == _files(sample_site.out)
    page = "guides/shichang/getihu-sheli-dengji/index.html"
    ours, theirs = ((folder / page).read_text(encoding="utf-8") for folder in (sample_site.out, out))
    assert "ProperDocs" in theirs and article(theirs) == article(ours)


CONFIG = """site_name: 示例县政务服务办事指南
docs_dir: pages
theme:
  name: material
  language: zh
  font: false
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details, pymdownx.superfences]
"""


def test_the_rendered_source_builds_without_our_plugin(guides, tmp_path: Path) -> None:
    run = guides("render", "--out", str(tmp_path / "pages"), "--site-url", "https://guides.example.gov.cn/")
    assert run.code == 0, run.err
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "public"], cwd=tmp_path, capture_output=True,
                          text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "public/guides/shichang/getihu-sheli-dengji/index.html").read_text(encoding="utf-8")
    body = article(html)
    assert body.count("<h1") == 1 and ">个体工商户设立登记</h1>" in body
    assert '<div class="admonition abstract">' in body and 'class="card-table materials"' in body
    assert 'class="print-sheet"' in body and "generated: html" not in body and not re.search(r"<p>\s*&lt;", body)
