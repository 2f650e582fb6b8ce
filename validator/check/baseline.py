"""A baseline: the problems a catalogue had when it adopted the tool, recorded so that CI fails only on new ones.

`guides baseline` writes the file; `guides check` with a baseline (`--baseline FILE` or `[tool.guides] baseline`)
lists a problem it records as known (已登记) instead of counting it, as ruff, mypy and phpstan do:

    {"version": 1, "files": {"guides/x/y.yaml": {"digest": "<git blob id>",
        "problems": [{"code": "S001", "element": "basic_code", "message": "…", "count": 1}]}}}

- A problem is recognised by its fingerprint: code, element (list items by their natural key, `materials[户口簿复印件]
  .form`) and message (line numbers taken out), with a count for identical ones. No line or column: it survives lines
  added above, comments and reformatting.
- Only in a file whose content is the one recorded (the same git blob id): a file changed since the baseline is checked
  in full, its recorded problems count again, unless the baseline is rewritten in the same change (reviewers see it).
- Recorded problems that no longer occur make the baseline shrinkable (a notice says how many).
- Paths are relative to the baseline file's folder, sorted, one problem per line group: small and reviewable.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import UsageError
from .result import CheckReport, Outcome

VERSION = 1
DEFAULT_FILE = "guides-baseline.json"

Fingerprint = tuple[str, str, str]  # code, element, message without line numbers


@dataclass(frozen=True)
class Recorded:
    digest: str
    problems: Counter[Fingerprint]


@dataclass(frozen=True)
class Baseline:
    path: Path
    files: dict[str, Recorded] = field(default_factory=dict)  # path relative to the baseline's folder → what it recorded

    @property
    def folder(self) -> Path:
        return self.path.resolve().parent

    def key(self, shown: str) -> str:
        """A diagnostic's display path as the baseline names it: relative to the baseline's folder, forward slashes."""
        return Path(os.path.relpath(Path(shown).resolve(), self.folder)).as_posix()

    @property
    def total(self) -> int:
        return sum(sum(recorded.problems.values()) for recorded in self.files.values())


def read(path: Path) -> Baseline:
    """The baseline at `path`; a usage error (exit 2) when it is missing or not a baseline."""
    where = f"基线文件 {path}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"找不到{where}。先运行 `guides baseline` 生成它，或者去掉 --baseline / [tool.guides] baseline。") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"无法读取{where}：{exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
        raise UsageError(f"{where}不是 guides 的基线（应为 {{\"version\": {VERSION}, \"files\": …}}）：用 `guides baseline` 重新生成。")
    files: dict[str, Recorded] = {}
    for name, entry in data["files"].items():
        try:
            problems = Counter({(p["code"], p["element"], p["message"]): int(p["count"]) for p in entry["problems"]})
            files[name] = Recorded(str(entry["digest"]), problems)
        except (KeyError, TypeError, ValueError):
            raise UsageError(f"{where}中「{name}」一项的格式不对：用 `guides baseline` 重新生成。") from None
    return Baseline(path, files)


def recorded(report: CheckReport, path: Path, keep: Baseline | None = None) -> Baseline:
    """A baseline of the report's problems (known ones included) in the checked files; `keep`: a previous baseline whose
    entries for files not checked now stay."""
    baseline = Baseline(path)
    files = dict(keep.files) if keep is not None else {}
    problems: dict[str, Counter[Fingerprint]] = {}
    for diagnostic in (*report.diagnostics, *report.known):
        problems.setdefault(baseline.key(diagnostic.path), Counter())[diagnostic.fingerprint()] += 1
    for shown in report.paths:
        name = baseline.key(shown)
        files.pop(name, None)
        if name in problems and shown in report.digests:
            files[name] = Recorded(report.digests[shown], problems[name])
    return replace(baseline, files=files)


def write(baseline: Baseline) -> None:
    """The file, sorted, one problem a line: a fix shows in review as the lines it removes."""
    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    files = []
    for name, entry in sorted(baseline.files.items()):
        problems = ",\n".join(f"    {line({'code': code, 'element': element, 'message': message, 'count': count})}"
                              for (code, element, message), count in sorted(entry.problems.items()))
        files.append(f"  {line(name)}: {{\"digest\": {line(entry.digest)}, \"problems\": [\n{problems}\n  ]}}")
    text = f"{{\"version\": {VERSION}, \"files\": {{" + ("\n" + ",\n".join(files) + "\n" if files else "") + "}}\n"
    try:
        baseline.path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法写入基线文件 {baseline.path}：{exc.strerror}") from None


def apply(report: CheckReport, baseline: Baseline, *, whole: bool) -> CheckReport:
    """The report with the problems the baseline records (in files unchanged since) moved to `known`.

    `whole`: the whole catalogue root was checked, so recorded files that are gone count as fixed.
    """
    checked = {baseline.key(shown): shown for shown in report.paths}
    left = {name: Counter(entry.problems) for name, entry in baseline.files.items() if name in checked}
    kept, known = [], []
    again: Counter[str] = Counter()
    for diagnostic in report.diagnostics:
        name = baseline.key(diagnostic.path)
        fingerprint = diagnostic.fingerprint()
        remaining = left.get(name)
        if remaining is None or remaining[fingerprint] <= 0:
            kept.append(diagnostic)
            continue
        remaining[fingerprint] -= 1
        if baseline.files[name].digest == report.digests.get(diagnostic.path):
            known.append(diagnostic)
        else:
            kept.append(diagnostic)
            again[diagnostic.path] += 1
    fixed = sum(sum(c for c in counter.values() if c > 0) for counter in left.values())
    if whole:
        fixed += sum(sum(entry.problems.values()) for name, entry in baseline.files.items() if name not in checked)
    outcome = Outcome(str(baseline.path), fixed, sorted(again.items()))
    return replace(report, diagnostics=kept, known=known, baseline=outcome, notices=[*report.notices, *notices(outcome)])


def notices(outcome: Outcome) -> list[str]:
    out = [f"{path} 在登记基线后改动过，按新文件全部检查：其中 {count} 条原已登记的问题重新计入。"
           "改好这些问题，或者运行 `guides baseline` 把改动一并登记（审阅者会看到基线的改动）。"
           for path, count in outcome.changed]
    if outcome.fixed:
        out.append(f"基线可缩减：{outcome.fixed} 条已修复，运行 `guides baseline` 更新 {outcome.file}。")
    return out
