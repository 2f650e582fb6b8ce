"""`guides baseline`: record the catalogue's current problems as known (check/baseline.py), to adopt the tool
with an imperfect catalogue; run again as guides are fixed, and the file shrinks."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from ..check.baseline import DEFAULT_FILE, read, recorded, write
from ..check.config import Config, load_config
from ..check.result import CheckReport
from ..check.run import check_diagnostics
from ..errors import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    baseline = subparsers.add_parser(
        "baseline", help="把目前的问题登记为已知问题（基线），此后只有新问题才算错误",
        description="检查目录（或给出的文件），把发现的全部问题写入基线文件。`guides check` 用这个基线时，已登记的问题单独列出、"
                    "不计为错误；只有新问题和登记后改动过的文件中的问题才计入。修好一批后再运行一次，基线随之缩小。")
    baseline.add_argument("paths", nargs="*", metavar="路径", help="只重新登记这些文件或文件夹（其余文件的登记保留）；默认整个目录")
    baseline.add_argument("--file", metavar="文件", help=f"基线文件（默认按 [tool.guides] baseline，否则为 {DEFAULT_FILE}）")
    baseline.set_defaults(handler=run_baseline)


def baseline_file(config: Config, given: str | None = None) -> Path:
    """The file to write: as given, else the configured one, else guides-baseline.json beside pyproject.toml."""
    if given:
        return Path(given)
    return config.baseline if config.baseline is not None else config.base / DEFAULT_FILE


def record(report: CheckReport, target: Path, *, merge: bool) -> str:
    """Write the report's problems as the baseline at `target` (`merge`: keep what it records of other files); what was done."""
    previous = read(target) if merge and target.is_file() else None
    written = recorded(report, target, keep=previous)
    write(written)
    problems = len(report.diagnostics) + len(report.known)
    return f"已把 {len(report.paths)} 个文件中的 {problems} 条问题登记到基线 {target}（基线共登记 {len(written.files)} 个文件、{written.total} 条）。"


def run_baseline(args: argparse.Namespace) -> int:
    config = load_config()
    target = baseline_file(config, args.file)
    report = check_diagnostics(args.paths or None, replace(config, baseline=None), complete=True)
    print(record(report, target, merge=bool(args.paths)))
    print("以后 `guides check` 只把新问题和改动过的文件中的问题算作错误；修好一批后再运行 `guides baseline`。", file=sys.stderr)
    return EXIT_OK
