"""The law registry a run reads: the shipped one (validator/laws) joined by the catalogue's own folder
(`laws` in [tool.guides], default laws/), whose files are clerk input and checked here; and the registry's age.

Here rather than in the `laws` package: the folder is read with the loader and the schema stage, and `laws`
(which the rules read) stays free of them.

Files are read with the strict loader and checked against schema/law.schema.json and for what the
schema cannot say (L201); every problem is a located diagnostic and a file with errors is left out,
never half-read. An entry whose title is a shipped one's replaces it; the others add to the registry.
The registry's age is one notice per run (L108), not a finding of any file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

from ..boundary import leaves
from ..diagnostics import LAWS, CodeDoc, Diagnostic, Example, Severity
from ..errors import UsageError
from ..laws.model import AMENDED, EXPIRED, IN_FORCE, REPEALED, Law
from ..laws.numbers import parse, parse_label
from ..laws.store import LawRegistry, law_from, shipped_registry
from ..laws.titles import key
from .files import YAML_SUFFIXES, display_path, outside_link, read
from .loader import Document, LoadFailed, load
from .schema_stage import SchemaStage

_LOCAL = ("title: 示例县农村村民住房建设管理办法\nlevel: 规范性文件\nissuer: 示例县人民政府\nstatus: 现行有效\n"
          "source: 示例县人民政府门户网站\n")
L201 = CodeDoc("L201", "法规库文件内容有误", Severity.ERROR, stage="schema", explanation=(
    "法规库文件夹（默认 laws/）中的文件符合格式，但内容自相矛盾或无法使用：条号不是“第十条”“第二十条之一”这样的写法，"
    "两个文件是同一部法律，已废止却没有废止日期，施行日期早于公布日期等。有错误的文件不会被读入法规库，"
    "引用它的指南会按“不在法规库中”处理，直到改正。"),
    bad=Example(_LOCAL + 'data_date: "2026-11-20"\narticles:\n  第10条: 农村村民一户只能拥有一处宅基地。', into=LAWS, line=8),
    good=Example(_LOCAL + 'data_date: "2026-11-20"\narticles:\n  第十条: 农村村民一户只能拥有一处宅基地。', into=LAWS))
L108 = CodeDoc("L108", "法规库数据过旧", Severity.WARNING, (
    "法规库（随 guides 提供的内置法规库和目录仓库 laws/ 文件夹中的条目）中有数据日期早于规定天数"
    "（pyproject.toml 的 [tool.guides] laws-max-age，默认 365 天）的条目：这之后修改或废止的法律法规，检查不出来。"
    "每次检查只提示一次（不针对某个指南），不影响检查结果。更新办法：升级 guides（带来新的内置法规库），"
    "或用 `guides laws import` 把新版本导入 laws/ 文件夹（导入的条目以导入日期为数据日期）。"),
    bad=Example(_LOCAL + 'data_date: "2021-03-01"  # 录入后没有再核对', into=LAWS, line=0),
    good=Example(_LOCAL + 'data_date: "2026-11-20"  # 按新文本更新', into=LAWS))

CODES = (L201, L108)  # listed in check/registry.py


def load_registry(folder: Path | None) -> LawRegistry:
    """The shipped registry with the catalogue folder's entries added (and replacing shipped ones of the same title)."""
    shipped = shipped_registry()
    laws = dict(shipped.laws)
    diagnostics: list[Diagnostic] = []
    if folder is not None and folder.is_dir():
        local, diagnostics = read_folder(folder)
        replaced = {key(law.title) for law in local}
        laws = {id: law for id, law in laws.items() if key(law.title) not in replaced}
        laws.update((law.id, law) for law in local)
    return LawRegistry(laws, shipped.meta, diagnostics, folder)


def law_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.suffix in YAML_SUFFIXES and path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts))


def read_folder(folder: Path) -> tuple[list[Law], list[Diagnostic]]:
    """Every valid entry of the folder, and the located problems of every file."""
    stage = SchemaStage()
    laws: list[Law] = []
    diagnostics: list[Diagnostic] = []
    taken: dict[str, str] = {}  # title or alias key → the file that has it
    for path in law_files(folder):
        shown = display_path(path)
        if leaves(path, folder):  # Y014, as for a guide: never read, not even an excerpt echoed
            diagnostics.append(outside_link(shown))
            continue
        try:
            document = load(shown, read(path, shown))
        except LoadFailed as failed:
            diagnostics += failed.diagnostics
            continue
        except UsageError as exc:  # unreadable: said at the file, the run goes on
            diagnostics.append(Diagnostic(shown, 1, 1, L201.code, L201.severity, str(exc)))
            continue
        problems = stage.check(document, "law")
        if not any(d.severity is Severity.ERROR for d in problems):
            problems += list(_content_problems(document, taken))
        diagnostics += problems
        if not any(d.severity is Severity.ERROR for d in problems):
            laws.append(law_from(document.data, f"local:{path.stem}", shown, local=True))
            for name in (document.data["title"], *document.data.get("aliases", ())):
                taken.setdefault(key(name), shown)
    return laws, diagnostics


def _content_problems(document: Document, taken: dict[str, str]) -> Iterable[Diagnostic]:
    data = document.data
    for path, name in [(("title",), data["title"])] + [(("aliases", i), a) for i, a in enumerate(data.get("aliases", ()))]:
        other = taken.get(key(name))
        if other is not None:
            yield document.diagnostic(L201, path, f"「{name}」已经是 {other} 中的法律法规。",
                                      "一部法律法规只写一个文件：合并两个文件，或删去重复的名称。")
    for label in data.get("articles") or {}:
        if parse_label(str(label)) is None:
            cited = parse(str(label))
            hint = (f"写作「{cited.normal()}」。" if cited and len(cited.articles) == 1 and not cited.articles[0].clauses
                    else "条号写作“第十条”“第二十条之一”，数字用汉字。")
            yield document.diagnostic(L201, ("articles", label), f"「{label}」不是条号。", hint, key=True)
    status = data["status"]
    if status in (IN_FORCE, AMENDED) and "repealed" in data:
        yield document.diagnostic(L201, ("repealed",), f"时效性是「{status}」，却写了废止日期。",
                                  "已废止的把 status 改为 已废止；仍然有效的删去 repealed。", key=True)
    if status not in (REPEALED, EXPIRED) and "successor" in data:
        yield document.diagnostic(L201, ("successor",), f"时效性是「{status}」，却写了代替它的法律法规。",
                                  "已被代替的把 status 改为 已废止 并写 repealed；否则删去 successor。", key=True)
    promulgated, effective = data.get("promulgated"), data.get("effective")
    if promulgated and effective and str(effective) < str(promulgated):
        yield document.diagnostic(L201, ("effective",), f"施行日期 {effective} 早于公布日期 {promulgated}。",
                                  "核对这两个日期：现行版本先公布、后施行（或公布之日起施行）。")


def stale_notice(registry: LawRegistry, max_age: int, today: datetime.date) -> str | None:
    """The one line a run prints when the registry's data is older than `max_age` days, else None."""
    stale = registry.stale(today, max_age)
    if not stale:
        return None
    oldest = min(law.data_date for law in stale)
    age = (today - datetime.date.fromisoformat(oldest)).days
    return (f"{L108.code} 提示：法规库中有 {len(stale)} 部法律法规的数据已超过 {max_age} 天（最早的截至 {oldest}，已 {age} 天），"
            "此后的修改和废止检查不出来。请升级 guides，或用 `guides laws import` 导入新的文本（`guides rules L108`）。")
