"""`[tool.guides]` in pyproject.toml: which rules run, how severe, thresholds, per-path ignores."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import UsageError
from .diagnostics import Severity

_KEYS = {"root", "select", "ignore", "severity", "per-path-ignores", "compression-target", "stale-days"}


@dataclass
class Config:
    root: Path = Path("guides")
    select: list[str] = field(default_factory=lambda: ["ALL"])  # codes or prefixes ("T" = every T rule)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob → codes or prefixes
    compression_target: float = 0.3  # promised time at least 30 % below statutory
    stale_days: int = 365

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def ignored_at(self, path: str, code: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern) and _matches(code, codes)
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
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(f"{source} 的 [tool.guides] 中有不认识的设置：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(_KEYS))}）")
    config = Config()
    try:
        root = Path(table.get("root", "guides"))
        config.root = root if root.is_absolute() else _relative(folder / root)
        config.select = [str(s) for s in table.get("select", config.select)]
        config.ignore = [str(s) for s in table.get("ignore", [])]
        config.severity = {str(code).upper(): Severity(level) for code, level in table.get("severity", {}).items()}
        config.per_path_ignores = {str(p): [str(c) for c in codes] for p, codes in table.get("per-path-ignores", {}).items()}
        config.compression_target = float(table.get("compression-target", config.compression_target))
        config.stale_days = int(table.get("stale-days", config.stale_days))
    except (TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"{source} 的 [tool.guides] 设置有误：{exc}（severity 只能是 error 或 warning）") from None
    return config


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
