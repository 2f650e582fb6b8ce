"""Output formats for diagnostics: one module each, one `render(report) -> str` each."""

from __future__ import annotations

from collections.abc import Callable

from ..check.result import CheckReport
from . import github, gitlab, json_format, junit, sarif, text

FORMATS: dict[str, Callable[[CheckReport], str]] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}
# What `guides check --format` says of a format, where its name is not enough.
DESCRIPTIONS = {"text": "默认，给人看", "github": "GitHub Actions 注释", "gitlab": "GitLab 代码质量报告", "junit": "JUnit XML"}
