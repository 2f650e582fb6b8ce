"""`guides export` and `guides import`: the 实施清单 as an Excel workbook, and back to YAML files."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..boundary import leaves
from ..check.baseline import apply, read
from ..check.config import load_config
from ..check.files import PROFILE_NAME, department_folders, display_path, outside_link
from ..check.loader import Document, LoadFailed, load
from ..check.schema_stage import SchemaStage
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..spreadsheet.markers import MARKER, Marker, carry, markers
from ..spreadsheet.yaml_out import dump, same
from ..standard.schemas import load_schema
from ..standard.walk import tool_members
from .baseline import record

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')


def register(subparsers: Any) -> None:
    out = subparsers.add_parser(
        "export", help="把整个目录导出为 Excel 实施清单（xlsx），或生成空白模板",
        description="把目录（默认 guides/）中的全部事项和部门档案导出为一个 xlsx 文件：「事项」表每行一个事项，"
                    "申请材料、设定依据等各占一张表；改好后用 `guides import` 导回。加 --template 生成空白模板。")
    out.add_argument("file", metavar="文件.xlsx", help="要写入的 xlsx 文件")
    out.add_argument("--template", action="store_true", help="只写空白模板（表头、下拉列表、填写说明），不含事项")
    out.add_argument("--department", action="append", metavar="文件夹", help="只导出这个部门文件夹（可重复）")
    out.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    out.set_defaults(handler=run_export)

    into = subparsers.add_parser(
        "import", help="把 Excel 实施清单（xlsx）转换为 YAML 指南文件并检查",
        description="读取 xlsx 文件（格式见 `guides export --template`），为每个事项写一个 YAML 文件、为每个部门写 _department.yaml，"
                    "然后检查写出的文件。任何单元格无法转换时，列出全部问题，不写任何文件。")
    into.add_argument("file", metavar="文件.xlsx", help="要导入的 xlsx 文件")
    into.add_argument("--out", metavar="文件夹", help="写入的目录文件夹（默认为目录根文件夹，通常是 guides/）")
    into.add_argument("--force", action="store_true", help="覆盖内容有变化的已有文件（忽略标记会保留，其他注释会丢失）")
    into.add_argument("--baseline", metavar="文件", help="把导入的文件中发现的问题登记到这个基线文件（缺少的要素等，以后逐步补齐）")
    into.set_defaults(handler=run_import)


# -- export ----------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from ..spreadsheet.export import export, read_catalogue  # openpyxl: only when a workbook is made

    target = Path(args.file)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"文件名应以 .xlsx 结尾：{args.file}")
    if target.exists() and not args.force:
        print(f"{display_path(target)} 已存在，没有覆盖。要覆盖请加 --force。", file=sys.stderr)
        return EXIT_ERRORS
    if args.template:
        if args.department:
            raise UsageError("--template 生成空白模板，不能与 --department 同时使用。")
        exported = export()
    else:
        root = load_config().root
        records, problems = read_catalogue(root, args.department)
        if args.department:
            found = {r.department for r in records}
            missing = [d for d in args.department if d not in found]
            if missing:
                raise UsageError(f"目录 {display_path(root)} 中没有部门文件夹：{'、'.join(missing)}")
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print(f"有 {len(problems)} 处无法读取，没有导出。请先用 `guides check` 找到并改正。", file=sys.stderr)
            return EXIT_ERRORS
        exported = export(records)
        if exported.problems:
            print("\n".join(exported.problems), file=sys.stderr)
            print(f"有 {len(exported.problems)} 个值表格中放不下，没有导出。", file=sys.stderr)
            return EXIT_ERRORS
    for note in exported.notes:
        print(f"注意：{note}", file=sys.stderr)
    _save(exported.workbook, target)
    what = "空白模板" if args.template else f" {exported.guides} 个事项、{exported.departments} 个部门"
    print(f"已把{what}写入 {display_path(target)}。", file=sys.stderr)
    return EXIT_OK


def _save(workbook: Any, target: Path) -> None:
    """Write beside the target and move it into place, so a failure never leaves half a workbook."""
    folder = target.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"文件夹不存在：{display_path(folder)}")
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=folder)
    os.close(handle)
    mask = os.umask(0)
    os.umask(mask)
    try:
        workbook.save(temporary)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp's file is private; the workbook is an ordinary file
        os.replace(temporary, target)
    except OSError as exc:
        raise UsageError(f"无法写入 {display_path(target)}：{exc.strerror}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# -- import ----------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    from ..check.run import check_diagnostics
    from ..output import FORMATS
    from ..spreadsheet.importer import read_workbook  # openpyxl: only when a workbook is read

    config = load_config()
    out = Path(args.out) if args.out else config.root
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out 应为文件夹：{display_path(out)}")
    imported = read_workbook(Path(args.file), _known_departments(out))
    if imported.problems:
        print("\n\n".join(str(p) for p in imported.problems))
        print(f"\n有 {len(imported.problems)} 处无法导入，没有写入任何文件。改正后重新导入。")
        return EXIT_ERRORS
    if not imported.guides and not imported.departments:
        print("表格中没有任何事项或部门，没有写入文件。", file=sys.stderr)
        return EXIT_ERRORS

    targets = [(_guide_path(out / folder, slug), "guide", data) for (folder, slug), data in imported.guides.items()]
    targets += [(out / folder / PROFILE_NAME, "department", data) for folder, data in imported.departments.items()]
    if _outside(out, [path for path, _, _ in targets]):
        return EXIT_ERRORS
    planned = [_plan(path, kind, data) for path, kind, data in targets]
    writes = [p for p in planned if p.text is not None]
    changed = [p for p in writes if p.previous is not None]
    if changed and not args.force:
        print("以下已有文件的内容会改变，没有写入任何文件：")
        for plan in changed:
            print(f"  {display_path(plan.path)}（{plan.describe()}）")
        print("确认要用表格内容覆盖时加 --force。`# guides: ignore[…]` 忽略标记会保留在原处，其他注释会丢失。")
        return EXIT_ERRORS

    for row, folder, slug in imported.named:
        print(f"「事项」表第 {row} 行没有文件名，按事项名称生成：{folder}/{slug}.yaml", file=sys.stderr)
    for plan in writes:
        try:
            plan.path.parent.mkdir(parents=True, exist_ok=True)
            plan.path.write_text(plan.text or "", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {display_path(plan.path)}：{exc.strerror}") from None
    for plan in changed:
        if plan.comments or plan.lost:
            lost = [f"{plan.comments} 行注释"] if plan.comments else []
            lost += [f"{len(plan.lost)} 个忽略标记（所标的内容已不存在）：" + "；".join(m.text for m in plan.lost)] if plan.lost else []
            print(f"注意：{display_path(plan.path)} 原有的 {'，'.join(lost)}已丢失，需要时请补回。", file=sys.stderr)
    print(f"已写入 {len(writes)} 个文件（新建 {len(writes) - len(changed)} 个，覆盖 {len(changed)} 个），"
          f"{len(planned) - len(writes)} 个文件内容相同未改动。", file=sys.stderr)
    _untouched(out, planned)

    run = check_diagnostics([str(plan.path) for plan in planned], replace(config, root=out, baseline=None), complete=True)
    if args.baseline:  # what the workbook lacks is a check matter: record it, and fix it guide by guide
        target = Path(args.baseline)
        print(record(run, target, merge=True), file=sys.stderr)
        run = apply(run, read(target), whole=False)
    elif config.baseline is not None:
        run = apply(run, read(config.baseline), whole=False)
    sys.stdout.write(FORMATS["text"](run.bounded()))
    return EXIT_ERRORS if run.errors else EXIT_OK


def _outside(out: Path, paths: list[Path]) -> bool:
    """Whether a symlink (a department folder or a file) would take a write outside the catalogue: then nothing is
    read or written, and each is reported."""
    from ..output.text import headline

    found = [outside_link(display_path(path), "部门文件夹" if leaves(path.parent, out) else "文件")
             for path in paths if leaves(path, out)]
    for diagnostic in found:
        print(f"{headline(diagnostic)}\n  提示：{diagnostic.hint}")
    if found:
        print(f"\n有 {len(found)} 个文件会写到目录之外，没有写入任何文件。删除这些符号链接后重新导入。")
    return bool(found)


@dataclass
class _Plan:
    """One file the workbook makes: its new text (None when the file already holds the same data)."""

    path: Path
    data: dict[str, Any]
    text: str | None
    previous: dict[str, Any] | None = None  # the data of the file it overwrites
    comments: int = 0  # comment lines other than ignore markers, lost by overwriting
    kept: int = 0  # ignore markers carried into the new text
    lost: list[Marker] = field(default_factory=list)

    def describe(self) -> str:
        old, new = self.previous or {}, self.data
        keys = [k for k in dict.fromkeys([*old, *new]) if not same(old.get(k), new.get(k))]
        parts = [f"变化：{'、'.join(keys)}"] if keys else []
        if self.kept:
            parts.append(f"{self.kept} 个忽略标记会保留")
        if self.lost:
            parts.append(f"{len(self.lost)} 个忽略标记所标的内容已不存在，会丢失")
        if self.comments:
            parts.append(f"{self.comments} 行注释会丢失")
        return "；".join(parts)


def _guide_path(folder: Path, slug: str) -> Path:
    """`<slug>.yaml`, or the existing `<slug>.yml` it would otherwise duplicate."""
    yml = folder / f"{slug}.yml"
    return yml if yml.is_file() and not (folder / f"{slug}.yaml").exists() else folder / f"{slug}.yaml"


def _plan(path: Path, kind: str, data: dict[str, Any]) -> _Plan:
    document = _document(path)
    if document is not None:  # the file's suppressions (tool data, not in the workbook) stay with it
        data = {**data, **{k: document.data[k] for k in tool_members(load_schema(kind)) if k in document.data and k not in data}}
    if document is not None and same(document.data, data):
        return _Plan(path, data, None)
    text = dump(data, kind, path)
    if document is None:  # a new file, or one that cannot be read: written, and overwriting the latter needs --force
        return _Plan(path, data, text, {} if path.exists() else None)
    plan = _Plan(path, data, text, document.data, comments=_comment_lines(document.text))
    found = markers(document)
    if found:
        carried, plan.lost = carry(found, document.data, load(display_path(path), text.encode("utf-8")))
        if _loads_to(path, carried, data):
            plan.text, plan.kept = carried, len(found) - len(plan.lost)
        else:  # never expected: the markers are comments
            plan.lost = found
    return plan


def _document(path: Path) -> Document | None:
    try:
        return load(display_path(path), path.read_bytes())
    except (OSError, LoadFailed):
        return None


def _loads_to(path: Path, text: str, data: dict[str, Any]) -> bool:
    try:
        return same(load(display_path(path), text.encode("utf-8")).data, data)
    except LoadFailed:
        return False


def _comment_lines(text: str) -> int:
    """Lines with a comment other than the editor's schema line and the ignore markers (a close estimate)."""
    count = 0
    for line in text.splitlines():
        bare = _QUOTED.sub("", line)
        if (bare.lstrip().startswith("#") or " #" in bare) and "yaml-language-server" not in line and not MARKER.search(line):
            count += 1
    return count


def _untouched(out: Path, planned: list[_Plan]) -> None:
    """A row deleted from the workbook does not delete its file: say so, for the departments the workbook covers."""
    wanted = {plan.path.resolve() for plan in planned}
    folders = {plan.path.parent for plan in planned}
    left = sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.yaml") if p.resolve() not in wanted)
    if left:
        shown = "、".join(display_path(p) for p in left)
        print(f"表格中没有的 {len(left)} 个已有文件保持不变（导入不会删除文件，要删除请另行处理）：{shown}", file=sys.stderr)


def _known_departments(out: Path) -> dict[str, tuple[str, ...]]:
    """Department folders already in the target, with their names, so rows may name them."""
    known: dict[str, tuple[str, ...]] = {}
    if not out.is_dir():
        return known
    for folder, checked in department_folders(out, SchemaStage()):
        if checked is not None:
            data = checked.document.data if checked.document else {}
            known[folder.name] = tuple(str(data.get(k, "")) for k in ("name", "short_name"))
    return known
