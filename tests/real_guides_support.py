"""The nine real-guide fixtures (tests/fixtures/real-guides) copied into a catalogue with the department profiles
their README names, as a county would bring in its existing catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import GUIDES, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "real-guides"
# fixture → department folder (tests/fixtures/real-guides/README.md); `canlian` has no profile in the samples (X004)
FOLDERS = {
    "qushui-xuke-yanxu": "shuili", "jianshe-gongcheng-guihua-xuke": "ziran", "tuixiu-renyuan-dangan-jieshou": "renshe",
    "canjirenzheng-xinban": "canlian", "canjirenzheng-huanling": "canlian", "chengxiang-jumin-yanglao-canbao": "qinghe-zhen",
    "shipin-jingying-xuke": "shichang", "jiehun-dengji-2020": "minzheng", "nongcun-dibao": "qinghe-zhen",
}


def real_catalogue(root: Path) -> Path:
    """A project at `root`: guides/ with the fixtures and their folders' profiles; the stale check counted from the
    day the tests were written, so that D702 does not depend on today."""
    for stem, folder in FOLDERS.items():
        target = root / "guides" / folder
        target.mkdir(parents=True, exist_ok=True)
        profile = GUIDES / folder / "_department.yaml"
        if profile.is_file():
            shutil.copy(profile, target / profile.name)
        shutil.copy(FIXTURES / f"{stem}.yaml", target / f"{stem}.yaml")
    (root / "pyproject.toml").write_text("[tool.guides]\nroot = \"guides\"\n", encoding="utf-8")
    return root


def shown(stem: str) -> str:
    return f"guides/{FOLDERS[stem]}/{stem}.yaml"
