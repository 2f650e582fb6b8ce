"""`guides codeowners`: the CODEOWNERS file, generated from the department profiles' `owners`.

Each department folder is reviewed by the people its profile names, so a merge request that
touches `guides/shichang/` asks `@shixian/shichang-fazhigu` for approval (GitHub and GitLab
both read CODEOWNERS at the repository root). Paths are relative to the repository that holds
the catalogue root, whatever `root` says in `[tool.guides]`.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import git
from ..check.config import Config, load_config
from ..check.files import PROFILE_NAME, YAML_SUFFIXES, department_folders, display_path
from ..check.result import CheckReport
from ..check.schema_stage import SchemaStage
from ..diagnostics import Diagnostic
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..output import FORMATS

FILE_NAME = "CODEOWNERS"
# Where GitHub (.github/, root, docs/) and GitLab (root, docs/, .gitlab/) look for the file.
PLACES = (FILE_NAME, f".github/{FILE_NAME}", f".gitlab/{FILE_NAME}", f"docs/{FILE_NAME}")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "codeowners", help="根据部门档案的维护人（owners）生成 CODEOWNERS 文件",
        description="根据每个部门文件夹的部门档案（_department.yaml）中的 owners 生成 CODEOWNERS：修改某个部门文件夹的合并请求，"
                    "需要该部门的维护人审核。不带选项时输出文件内容。")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", nargs="?", const="", metavar="文件", help=f"写入文件（默认：仓库中已有的 {FILE_NAME}，没有时为仓库根目录的 {FILE_NAME}）")
    mode.add_argument("--check", nargs="?", const="", metavar="文件",
                      help="检查已提交的文件（默认同 --write）是否最新；不是最新时退出状态为 1（用于 CI）")
    parser.set_defaults(handler=run_codeowners)


@dataclass
class Owners:
    """The department folders' owners, and every reason a folder has none."""

    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folder name → owners
    diagnostics: list[Diagnostic] = field(default_factory=list)  # of profiles that fail to load or the schema
    missing: list[str] = field(default_factory=list)  # folders with guides but no profile (display paths)


def read_owners(root: Path) -> Owners:
    """Load every department profile directly under the catalogue root (load and schema stages only)."""
    found = Owners()
    for folder, checked in department_folders(root, SchemaStage()):
        if checked is None:
            if any(p.suffix in YAML_SUFFIXES for p in folder.rglob("*")):
                found.missing.append(display_path(folder))
            continue
        if checked.valid and checked.document is not None:
            found.folders[folder.name] = tuple(checked.document.data["owners"])
        else:  # its warnings, if any, are for `guides check`; a valid profile names its owners
            found.diagnostics += checked.diagnostics
    return found


def codeowners_text(owners: dict[str, tuple[str, ...]], prefix: str) -> str:
    """The file: a header saying how it is made, then `/<prefix><folder>/ @owner …` per folder, sorted."""
    lines = [
        f"# 本文件由 `guides codeowners --write` 根据各部门档案（{prefix}<部门>/{PROFILE_NAME}）中的维护人（owners）生成，请勿手工修改。",
        "# 更换维护人：修改部门档案的 owners，再运行 `guides codeowners --write` 并提交。CI 用 `guides codeowners --check` 检查本文件是否最新。",
        "",
    ]
    lines += [f"/{_escape(prefix + folder)}/ {' '.join(names)}" for folder, names in sorted(owners.items())]
    return "\n".join(lines) + "\n"


def _escape(path: str) -> str:
    """CODEOWNERS patterns end at a space and a `#` starts a comment: both need a backslash."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def _repository(config: Config) -> Path:
    """The folder CODEOWNERS paths are relative to: the git work tree holding the catalogue root,
    outside git the folder of pyproject.toml (or the working directory)."""
    return (git.toplevel(config.root) or config.base).resolve()


def _default(repository: Path) -> Path:
    """The one CODEOWNERS the repository already has in a place the platforms read, else one at its root."""
    existing = [repository / place for place in PLACES if (repository / place).is_file()]
    return existing[0] if len(existing) == 1 else repository / FILE_NAME


def _prefix(root: Path, repository: Path) -> str:
    relative = os.path.relpath(root.resolve(), repository).replace(os.sep, "/")
    if relative == ".." or relative.startswith("../"):
        raise UsageError(f"目录 {display_path(root)} 不在仓库 {repository} 之内，CODEOWNERS 无法指向它。")
    return "" if relative == "." else relative + "/"


def run_codeowners(args: argparse.Namespace) -> int:
    config = load_config()
    if not config.root.is_dir():
        raise UsageError(f"找不到目录 {display_path(config.root)}。请在仓库中运行，或在 pyproject.toml 的 [tool.guides] 中设置 root。")
    repository = _repository(config)
    owners = read_owners(config.root)
    if owners.diagnostics or owners.missing:
        return _problems(owners)
    text = codeowners_text(owners.folders, _prefix(config.root, repository))
    if args.write is None and args.check is None:
        sys.stdout.write(text)
        return EXIT_OK
    chosen = args.write if args.write is not None else args.check
    target = Path(chosen) if chosen else _default(repository)
    shown = display_path(target)
    regenerate = "guides codeowners --write" + (f" {chosen}" if chosen else "")
    if args.write is not None:
        try:
            target.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UsageError(f"无法写入 {shown}：{exc.strerror}") from None
        print(f"已写入 {shown}（{len(owners.folders)} 个部门文件夹）。", file=sys.stderr)
        return EXIT_OK
    return _compare(target, shown, text, regenerate)


def _compare(target: Path, shown: str, text: str, regenerate: str) -> int:
    try:
        committed = target.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    except FileNotFoundError:
        print(f"guides：找不到 {shown}。\n  提示：运行 `{regenerate}` 生成它，然后提交。", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        raise UsageError(f"无法读取 {shown}：{exc.strerror}") from None
    if committed == text:
        print(f"{shown} 是最新的。", file=sys.stderr)
        return EXIT_OK
    diff = difflib.unified_diff(committed.splitlines(), text.splitlines(), f"{shown}（已提交）", f"{shown}（按部门档案应为）", lineterm="")
    print(f"guides：{shown} 不是最新的：与部门档案中的维护人（owners）不一致。\n" + "\n".join(diff)
          + f"\n  提示：运行 `{regenerate}` 重新生成，然后提交。", file=sys.stderr)
    return EXIT_ERRORS


def _problems(owners: Owners) -> int:
    if owners.diagnostics:
        report = CheckReport(owners.diagnostics, len({d.path for d in owners.diagnostics}))
        sys.stderr.write(FORMATS["text"](report))
    for folder in owners.missing:
        print(f"{folder}/：没有部门档案 {PROFILE_NAME}，不知道这个文件夹由谁维护。\n"
              f"  提示：新建 {folder}/{PROFILE_NAME}，在 owners 中写明维护人（以 @ 开头的用户名或团队名）。", file=sys.stderr)
    print("guides：部门档案有问题，没有生成 CODEOWNERS。改正后重新运行。", file=sys.stderr)
    return EXIT_ERRORS
