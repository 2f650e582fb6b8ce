"""`[tool.guides]` in pyproject.toml: which rules run, how severe, thresholds, per-path ignores."""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Severity
from ..errors import UsageError
from .registry import registry

_KEYS = {"root", "select", "ignore", "severity", "per-path-ignores", "compression-target", "stale-days", "baseline", "laws", "laws-max-age"}


@dataclass
class Config:
    root: Path = Path("guides")
    select: list[str] = field(default_factory=lambda: ["ALL"])  # codes or prefixes ("T" = every T rule)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob → codes or prefixes
    compression_target: float = 0.3  # promised time at least 30 % below statutory
    stale_days: int = 365
    laws: Path = Path("laws")  # the catalogue's own law registry folder (validator/laws), beside the root
    laws_max_age: int = 365  # L108: registry data older than this many days gets one notice per run
    baseline: Path | None = None  # the known problems' file (check/baseline.py); None: every problem counts
    base: Path = Path(".")  # the pyproject.toml's folder: per-path-ignores patterns are relative to it

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def ignored_at(self, path: str, code: str) -> bool:
        """`path` is a display path (relative to the working directory); patterns are relative to `base`."""
        if not self.per_path_ignores:
            return False
        try:
            relative = os.path.relpath(Path(path).resolve(), self.base.resolve()).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            relative = path
        return any((fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path, pattern)) and _matches(code, codes)
                   for pattern, codes in self.per_path_ignores.items())


def _matches(code: str, selectors: list[str]) -> bool:
    return any(s == "ALL" or code.startswith(s.upper()) for s in selectors)


def load_config(start: Path | None = None) -> Config:
    """The [tool.guides] table of the nearest pyproject.toml at or above `start` (the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("guides")
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise UsageError(f"无法读取 {pyproject}：{exc}") from None
            if table is not None:
                return _parse(table, folder, pyproject)
    return Config()


def _parse(table: dict[str, Any], folder: Path, source: Path) -> Config:
    where = f"{source} 的 [tool.guides]"
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(f"{where} 中有不认识的设置：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(_KEYS))}）")
    config = Config(base=folder)
    root = table.get("root", "guides")
    if not isinstance(root, str):
        raise UsageError(f"{where} 中 root 应为文件夹路径（文字），如 root = \"guides\"。")
    config.root = Path(root) if Path(root).is_absolute() else _relative(folder / root)
    config.select = _codes(table.get("select", config.select), "select", where)
    config.ignore = _codes(table.get("ignore", []), "ignore", where)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise UsageError(f"{where} 中 severity 应为表，如 severity = {{ T207 = \"error\" }}。")
    for code, level in severity.items():
        if level not in ("error", "warning"):
            raise UsageError(f"{where} 中 severity.{code} 是「{level}」，只能是 \"error\" 或 \"warning\"。")
    config.severity = {code: Severity(level) for code, level in zip(_codes(list(severity), "severity", where, exact=True),
                                                                     severity.values(), strict=True)}
    ignores = table.get("per-path-ignores", {})
    if not isinstance(ignores, dict):
        raise UsageError(f"{where} 中 per-path-ignores 应为表，如 per-path-ignores = {{ \"guides/xiangzhen/*\" = [\"W\"] }}。")
    config.per_path_ignores = {str(pattern): _codes(codes, f"per-path-ignores 的「{pattern}」", where)
                               for pattern, codes in ignores.items()}
    target = table.get("compression-target", config.compression_target)
    if isinstance(target, bool) or not isinstance(target, int | float) or not 0 <= target < 1:
        raise UsageError(f"{where} 中 compression-target 是「{target}」，应为 0 到 1 之间的小数，如 0.3 表示压缩 30%。")
    config.compression_target = float(target)
    stale = table.get("stale-days", config.stale_days)
    if isinstance(stale, bool) or not isinstance(stale, int) or stale < 1:
        raise UsageError(f"{where} 中 stale-days 是「{stale}」，应为正整数（天数），如 365。")
    config.stale_days = stale
    laws = table.get("laws", "laws")
    if not isinstance(laws, str):
        raise UsageError(f"{where} 中 laws 应为法规库文件夹的路径（文字），如 laws = \"laws\"。")
    config.laws = Path(laws) if Path(laws).is_absolute() else _relative(folder / laws)
    age = table.get("laws-max-age", config.laws_max_age)
    if isinstance(age, bool) or not isinstance(age, int) or age < 1:
        raise UsageError(f"{where} 中 laws-max-age 是「{age}」，应为正整数（天数），如 365。")
    config.laws_max_age = age
    baseline = table.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline):
        raise UsageError(f"{where} 中 baseline 应为基线文件的路径（文字），如 baseline = \"guides-baseline.json\"。")
    config.baseline = None if baseline is None else Path(baseline) if Path(baseline).is_absolute() else _relative(folder / baseline)
    return config


def _codes(value: Any, setting: str, where: str, *, exact: bool = False) -> list[str]:
    """A list of codes or prefixes ("T2", "ALL"); each must name at least one configurable code."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} 中 {setting} 应为代码列表，如 [\"T207\", \"W\"]。")
    known = registry().configurable()
    out = []
    for selector in (v.strip().upper() for v in value):
        matched = [code for code in known if code == selector or (not exact and (selector == "ALL" or code.startswith(selector)))]
        if not matched:
            kind = "代码" if exact else "代码或代码前缀"
            raise UsageError(f"{where} 中 {setting} 的「{selector}」不是可以配置的{kind}。"
                             "格式检查（Y、S 开头）不能关闭；用 `guides rules` 查看全部代码。")
        out.append(selector)
    return out


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
