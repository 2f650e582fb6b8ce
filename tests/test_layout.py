"""The package's layout as the README tells it, and imports that run one way."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "validator"


def test_the_readme_names_every_folder_and_top_level_module_of_the_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(validator/[^`]*)` \| (.*) \|$", readme, flags=re.M))
    folders = {f"validator/{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(rows) == {"validator/", *folders}, "README's \"What is here\" rows and validator/'s folders differ"
    for module in (p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")):
        assert f"`{module}`" in rows["validator/"], f"validator/{module}.py is not in README's validator/ row"


def test_imports_run_one_way() -> None:
    tool = ROOT.parent / "shared" / "tools" / "import_cycles.py"
    if not tool.is_file():
        pytest.skip(f"the shared import-cycle tool is not at {tool}")
    done = subprocess.run([sys.executable, str(tool), "validator"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "import cycles: 0 between modules, 0 between subpackages" in done.stdout, done.stdout
