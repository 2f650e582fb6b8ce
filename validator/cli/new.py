"""`guides new` and `guides new-department`: start a guide or a department from a schema-generated template."""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..authoring.template import missing_required, template
from ..check.config import load_config
from ..check.files import PROFILE_NAME, YAML_SUFFIXES, check_file, department_folders, display_path
from ..check.schema_stage import SchemaStage
from ..errors import EXIT_OK, UsageError
from ..standard.numbering import LEVEL_CODES
from ..standard.schemas import load_schema, nearest_schema
from ..standard.slugs import MAX_SLUG, NAME_PATTERN, pinyin_slug, unique_slug

ATTEMPTS = 3  # wrong answers at a prompt before giving up


def register(subparsers: Any) -> None:
    new = subparsers.add_parser("new", help="新建一份办事指南（按标准生成带注释的模板）",
                                description="在部门文件夹中新建一份办事指南：按标准生成模板，每个要素都有中文说明和示例，"
                                            "并按部门档案和本部门已有的指南预填已知内容。缺少参数时在终端中提问。")
    new.add_argument("--name", metavar="事项名称", help="事项名称，例如：个体工商户设立登记")
    new.add_argument("--department", metavar="部门", help="部门文件夹名或部门名称，例如：shichang 或 示例县市场监督管理局")
    new.add_argument("--slug", metavar="文件名", help="文件名（不含 .yaml），默认取事项名称的拼音")
    new.set_defaults(handler=run_new)

    department = subparsers.add_parser("new-department", help="新建一个部门文件夹和部门档案",
                                       description="新建部门文件夹和部门档案 _department.yaml（按标准生成带注释的模板）。"
                                                   "缺少参数时在终端中提问。")
    department.add_argument("--name", metavar="部门全称", help="部门全称，例如：示例县税务局")
    department.add_argument("--folder", metavar="文件夹名", help="部门文件夹名，例如：shuiwu；默认取部门名称的拼音")
    department.set_defaults(handler=run_new_department)


# -- the catalogue's departments -------------------------------------------------------

@dataclass(frozen=True)
class DepartmentFolder:
    folder: str
    path: Path
    name: str | None  # from the profile, even one still being filled in
    profile: dict[str, Any] | None  # the profile's data when it passes the schema: what a new guide may copy


def departments(root: Path) -> list[DepartmentFolder]:
    found = []
    for path, checked in department_folders(root, SchemaStage()):
        document = checked.document if checked is not None else None
        name = document.data.get("name") if document is not None else None
        found.append(DepartmentFolder(path.name, path, name if isinstance(name, str) else None,
                                document.data if checked is not None and checked.valid and document else None))
    return found


def _label(department: DepartmentFolder) -> str:
    return f"{department.folder}（{department.name}）" if department.name else department.folder


def _find_department(answer: str, known: list[DepartmentFolder]) -> DepartmentFolder:
    answer = answer.strip()
    for department in known:
        names = {department.folder, department.name}
        if department.profile:
            names.add(department.profile["short_name"])
        if answer in names:
            return department
    candidates = {d.folder: d for d in known} | {d.name: d for d in known if d.name}
    close = difflib.get_close_matches(answer, list(candidates), n=1, cutoff=0.5)
    guess = f"您是不是要写「{_label(candidates[close[0]])}」？" if close else ""
    listing = "、".join(_label(d) for d in known) or "（还没有部门，先用 `guides new-department` 新建）"
    raise UsageError(f"没有部门「{answer}」。{guess}现有部门：{listing}。")


# -- names -------------------------------------------------------------------------------

def _checked_name(value: str, what: str, flag: str) -> str:
    if len(value) > MAX_SLUG or not NAME_PATTERN.match(value):
        raise UsageError(f"{what}「{value}」不可用：只能用小写英文字母、数字和连字符（-），以字母或数字开头，不超过 {MAX_SLUG} 个字符，"
                         f"例如 getihu-sheli-dengji。请改用 {flag} 指定。")
    return value


def _text_bounds(kind: str, key: str) -> tuple[int, int]:
    spec = load_schema(kind)["properties"][key]
    return spec.get("minLength", 1), spec.get("maxLength", 10_000)


def _checked_text(value: str, kind: str, key: str, what: str) -> str:
    value = value.strip()
    low, high = _text_bounds(kind, key)
    if not low <= len(value) <= high:
        raise UsageError(f"{what}「{value}」的长度不符：应为 {low} 到 {high} 个字，现在是 {len(value)} 个字。")
    return value


# -- asking ------------------------------------------------------------------------------

def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


NEW_EXAMPLE = "guides new --department shichang --name 个体工商户设立登记"
NEW_DEPARTMENT_EXAMPLE = "guides new-department --folder shuiwu --name 示例县税务局"


def _ask(prompt: str, check: Any, flag: str, example: str, default: str | None = None) -> Any:
    """Ask on the terminal until `check(answer)` accepts it; without a terminal, name the missing flag."""
    if not _interactive():
        raise UsageError(f"缺少参数 {flag}（不在终端中运行，无法提问）。例如：{example}")
    for attempt in range(ATTEMPTS):
        sys.stderr.write(prompt + (f"（回车使用 {default}）" if default else "") + "：")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise UsageError("输入已结束，没有新建文件。")
        answer = line.strip() or (default or "")
        if not answer:
            continue
        try:
            return check(answer)
        except UsageError as exc:
            if attempt == ATTEMPTS - 1:
                raise
            print(exc, file=sys.stderr)
    raise UsageError(f"没有得到回答，没有新建文件。也可以用 {flag} 直接给出。")


# -- files -------------------------------------------------------------------------------

def _schema_ref(target: Path, kind: str) -> str:
    """Relative path from the new file to the repository's schema/ (as in the samples), else the schema's $id."""
    return nearest_schema(target, kind) or load_schema(kind)["$id"]


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{display_path(target)} 已经存在，没有覆盖。请换一个名称或文件名。") from None
    except OSError as exc:
        raise UsageError(f"无法写入 {display_path(target)}：{exc.strerror}") from None


def _root(*, must_exist: bool) -> Path:
    root = load_config().root
    if must_exist and not root.is_dir():
        raise UsageError(f"找不到指南目录 {display_path(root)}。请在仓库根目录运行，或在 pyproject.toml 的 [tool.guides] 中设置 root。")
    return root


def _report(target: Path, known: dict[str, Any], kind: str, what: str) -> None:
    shown = display_path(target)
    missing = missing_required(kind, known)
    prefilled = "、".join(known)
    print(f"已新建{what}：{shown}")
    print(f"已预填：{prefilled}（请核对）。还要填写的必填要素 {len(missing)} 项：{'、'.join(missing)}。")
    print("下一步：")
    print("  1. 用编辑器打开这个文件，按每个要素上方的说明填写：删掉示例行开头的“# ”，改成本事项的内容；")
    print("     VS Code 装上 YAML 扩展（redhat.vscode-yaml）后，输入时有自动补全和中文说明。")
    print(f"  2. 检查：guides check {shown}（会列出还没有填写的要素），改到没有错误为止。")
    print("  3. 提交合并请求（pull request），由部门维护人和政务服务中心审核。")


# -- guides new --------------------------------------------------------------------------

def run_new(args: argparse.Namespace) -> int:
    root = _root(must_exist=True)
    known_departments = departments(root)
    if not known_departments:
        raise UsageError(f"{display_path(root)} 中还没有部门文件夹。先用 `guides new-department` 新建部门。")
    if args.department:
        department = _find_department(args.department, known_departments)
    else:
        listing = "\n".join(f"  {i}. {_label(d)}" for i, d in enumerate(known_departments, 1))
        if _interactive():
            print(f"现有部门：\n{listing}", file=sys.stderr)

        def pick(answer: str) -> DepartmentFolder:
            if answer.isdigit() and 1 <= int(answer) <= len(known_departments):
                return known_departments[int(answer) - 1]
            return _find_department(answer, known_departments)

        department = _ask("部门（文件夹名、部门名称或序号）", pick, "--department", NEW_EXAMPLE)

    def named(answer: str) -> str:
        return _checked_text(answer, "guide", "name", "事项名称")

    name = named(args.name) if args.name else _ask("事项名称（与权力清单中的名称一致）", named, "--name", NEW_EXAMPLE)

    taken = {p.stem for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.name != PROFILE_NAME}
    if args.slug:
        slug = _checked_name(args.slug, "文件名", "--slug")
    else:
        base = pinyin_slug(name)
        if not base:
            raise UsageError(f"无法从事项名称「{name}」生成文件名，请用 --slug 指定，例如 --slug getihu-sheli-dengji。")
        slug = unique_slug(_checked_name(base, "由事项名称生成的文件名", "--slug"), taken)
    target = department.path / f"{slug}.yaml"

    known = _guide_prefill(name, department)
    header = _guide_header(name, department, target)
    _write(target, template("guide", known, header, _schema_ref(target, "guide")))
    _report(target, known, "guide", "办事指南")
    return EXIT_OK


def _guide_prefill(name: str, department: DepartmentFolder) -> dict[str, Any]:
    """What is known before the clerk writes anything: the name, today, the profile and the department's other guides.

    Where and whom to ask are taken from what the department's existing guides say most often (the
    profile's office address is not the service centre's window); without guides, contacts come
    from the profile's phones and locations stay an example.
    """
    profile = department.profile
    known: dict[str, Any] = {"name": name}
    if profile and _level(profile["region_code"]):
        known["level"] = _level(profile["region_code"])
    guides = _department_guides(department)
    for key in ("locations", "contacts"):
        counts = Counter(json.dumps(g[key], ensure_ascii=False, sort_keys=True) for g in guides)
        if counts:
            favourite = counts.most_common(1)[0][0]
            known[key] = next(g[key] for g in guides if json.dumps(g[key], ensure_ascii=False, sort_keys=True) == favourite)
    if "contacts" not in known and profile:
        complaint = profile["phones"]["complaint"]
        known["contacts"] = {
            "consult": [{"label": profile["short_name"], "phone": profile["phones"]["consult"]}],
            "complaint": [{"label": "12345 政务服务便民热线" if complaint == "12345" else profile["short_name"], "phone": complaint}],
        }
    known["status"] = "在用"
    known["updated"] = datetime.date.today().isoformat()
    return {key: known[key] for key in load_schema("guide")["properties"] if key in known}


def _department_guides(department: DepartmentFolder) -> list[dict[str, Any]]:
    stage = SchemaStage()
    checked = (check_file(p, stage) for p in sorted(department.path.glob("*.yaml")) if p.name != PROFILE_NAME)
    return [c.document.data for c in checked if c.valid and c.document is not None]


def _level(region_code: str) -> str | None:
    """行使层级 from the department's GB/T 2260 region code: XX0000 province, XXXX00 city, else county; 9 town, 12 village."""
    if len(region_code) == 12:
        return "村级"
    if len(region_code) == 9:
        return "乡镇级"
    if region_code.endswith("0000"):
        return "省级"
    return "市级" if region_code.endswith("00") else "县级"


def _guide_header(name: str, department: DepartmentFolder, target: Path) -> list[str]:
    who = department.name or department.folder
    lines = [f"{name} · {who}（{department.folder}）",
             f"由 `guides new` 于 {datetime.date.today().isoformat()} 生成。每个要素上方的注释说明写什么：",
             "  · 【必填】的都要写，【按情况必填】的在条件成立时写，【建议填写】的尽量写，用不到的可以整段删除；",
             "  · “# 键: 值”是示例：删掉行首的“# ”（VS Code 中选中几行按 Ctrl+/），再改成本事项的内容；",
             "  · 没有“#”的行已按部门档案和本部门已有的指南预填，请核对。"]
    if department.profile:
        code = LEVEL_CODES.get(_level(department.profile["region_code"]) or "", "")
        lines.append(f"  · 实施编码 = 本部门统一社会信用代码 {department.profile['uscc']} + 行使层级代码 {code or '?'} + 12 位基本编码。")
    lines.append(f"写好后检查：guides check {display_path(target)}")
    return lines


# -- guides new-department ---------------------------------------------------------------

def run_new_department(args: argparse.Namespace) -> int:
    root = _root(must_exist=False)
    existing = departments(root) if root.is_dir() else []

    def named(answer: str) -> str:
        answer = _checked_text(answer, "department", "name", "部门全称")
        same = next((d for d in existing if d.name == answer), None)
        if same:
            raise UsageError(f"部门「{answer}」已经有文件夹 {display_path(same.path)}。")
        return answer

    name = named(args.name) if args.name else _ask("部门全称（例如：示例县税务局）", named, "--name", NEW_DEPARTMENT_EXAMPLE)

    def foldered(answer: str) -> str:
        folder = _checked_name(answer, "文件夹名", "--folder")
        if (root / folder / PROFILE_NAME).exists():
            raise UsageError(f"{display_path(root / folder / PROFILE_NAME)} 已经存在，没有覆盖。请换一个文件夹名。")
        return folder

    if args.folder:
        folder = foldered(args.folder)
    else:
        suggested = pinyin_slug(name)
        if _interactive():
            folder = _ask("文件夹名（小写拼音，例如 shuiwu）", foldered, "--folder", NEW_DEPARTMENT_EXAMPLE, default=suggested)
        else:
            folder = foldered(suggested)
    target = root / folder / PROFILE_NAME
    known = {"name": name}
    header = [f"{name}（{folder}）的部门档案",
              f"由 `guides new-department` 于 {datetime.date.today().isoformat()} 生成。每个要素上方的注释说明写什么：",
              "  · 【必填】的都要写；“# 键: 值”是示例：删掉行首的“# ”，再改成本部门的内容。",
              f"写好后检查：guides check {display_path(target)}；然后用 guides new --department {folder} 新建本部门的办事指南。"]
    _write(target, template("department", known, header, _schema_ref(target, "department")))
    _report(target, known, "department", "部门档案")
    return EXIT_OK
