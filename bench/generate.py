"""Generate a large, valid, varied catalogue for the benchmark: `python bench/generate.py N OUT [--seed S]`.

The 28 sample guides of 示例县 are the vocabulary. A province's implementation list is the same items
carried out by many counties' departments, so the catalogue is 4 counties × the sample departments
(41 department folders). Each county department implements items of its sample department's kind: a
sample guide, or a variant of it (a qualified name such as 「（企业·延续）」 and a code of its own), with
conditions, materials, bases and questions recombined from the samples of that kind, so sizes and texts vary.

Codes are valid by construction: department credit codes get their GB 32100 check character, the
implementation code is credit code + level code + basic code, the same basic code always carries the
same name (X002), and every implementation and handling code is unique (X001).

OUT gets a small project: guides/ (+ _department.yaml per folder), schema/ (a copy, for the peer
check-jsonschema), laws/ (the samples' own law registry entries, a copy), pyproject.toml ([tool.guides] root), mkdocs.yml (built-in search) and
mkdocs-pagefind.yml (search: pagefind), both using the repository's site/ sources, and, with floor=True,
floor/ (the same texts as plain Markdown pages with the same theme and search settings: the site-build floor).

Emission is string concatenation of fragments emitted once per sample element, so 10 000 guides take
seconds. The output is a pure function of (N, seed).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator.check.loader import load  # noqa: E402
from validator.standard.numbering import LEVEL_CODES, TYPE_CODES, uscc_check_char  # noqa: E402

SAMPLES = REPO / "guides"
SAMPLE_COUNTY = "示例县"
SAMPLE_REGION = "369921"
# (name, region code, pinyin for folders and owner teams); the first keeps the sample folder names.
COUNTIES = (("示例县", "369921", "shixian"), ("青山县", "369922", "qingshan"),
            ("白水县", "369923", "baishui"), ("南岭县", "369924", "nanling"))
VILLAGE_KIND = "liushu-cun"  # only the sample county keeps its village: 4 × 10 + 1 = 41 departments

# Qualifiers that make an item variant's name: 办理情形 × 申请人类别 (× 第 n 类 beyond 240 variants).
CASES = ("首次申请", "变更", "延续", "注销", "补办", "遗失补领", "换证", "迁入", "迁出", "增项", "减项", "年度核验",
         "告知承诺制", "容缺受理", "跨省通办", "省内通办", "网上申请", "委托代办", "加急办理", "上门办理")
APPLICANTS = ("", "个人", "企业", "农村", "城镇", "外地户籍", "港澳台居民", "老年人", "残疾人", "退役军人", "高校毕业生", "农民专业合作社")
CHINESE_DIGITS = "〇一二三四五六七八九"

HEADER_GUIDE = "# yaml-language-server: $schema=../../schema/guide.schema.json\n"
HEADER_DEPARTMENT = "# yaml-language-server: $schema=../../schema/department.schema.json\n"

# ---------------------------------------------------------------- YAML emission

# Quote what YAML could read as something else: indicators first, ": " and " #", number-like or bool-like words.
_NEEDS_QUOTES = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`~]|[\s:]$|: | #|[\t\n\r]|^[-+.0-9:_eExob]+$|^(true|false|null|yes|no|on|off|y|n)$""", re.I)


@functools.lru_cache(maxsize=100_000, typed=True)  # typed: True and 1 are different scalars
def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if not text or _NEEDS_QUOTES.search(text):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    return text


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


# Emitted text of nested mappings and list items, by (id, indent). Guides share these objects with the
# vocabulary; the cache holds each object too, so an id is never reused while its text is cached.
_emitted: dict[tuple[int, int], tuple[Any, str]] = {}


def _cached(value: Any, indent: int, make: Any) -> str:
    hit = _emitted.get((id(value), indent))
    if hit is None or hit[0] is not value:
        hit = _emitted[(id(value), indent)] = (value, make(value, indent))
    return hit[1]


def emit(value: Any, indent: int = 0) -> str:
    """Block-style YAML for a mapping's body at `indent` spaces (what the samples look like)."""
    pad = " " * indent
    out: list[str] = []
    for key, item in value.items():
        if _is_scalar(item):
            out.append(f"{pad}{key}: {scalar(item)}\n")
        elif isinstance(item, list) and not item:
            out.append(f"{pad}{key}: []\n")
        elif isinstance(item, dict) and not item:
            out.append(f"{pad}{key}: {{}}\n")
        elif isinstance(item, list) and all(_is_scalar(v) for v in item) and sum(len(str(v)) for v in item) < 40 \
                and not any("," in str(v) for v in item):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in item)}]\n")
        elif isinstance(item, list):
            out.append(f"{pad}{key}:\n")
            out.extend(list_item(v, indent + 2) for v in item)
        else:
            out.append(f"{pad}{key}:\n{_cached(item, indent + 2, emit)}")
    return "".join(out)


def _list_item(value: Any, indent: int) -> str:
    body = emit(value, indent + 2)
    return f"{' ' * indent}- {body[indent + 2:]}"  # the first key goes on the dash's line


def list_item(value: Any, indent: int) -> str:
    if _is_scalar(value):
        return f"{' ' * indent}- {scalar(value)}\n"
    return _cached(value, indent, _list_item)


# ---------------------------------------------------------------- the vocabulary

@dataclass
class Template:
    kind: str
    slug: str
    data: dict[str, Any]
    index: int  # within its kind


@dataclass
class Kind:
    name: str
    profile: dict[str, Any]
    templates: list[Template] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    basis: list[dict[str, Any]] = field(default_factory=list)
    faq: list[dict[str, Any]] = field(default_factory=list)


def _load(path: Path) -> dict[str, Any]:
    return load(str(path), path.read_bytes()).data


def vocabulary(samples: Path = SAMPLES) -> list[Kind]:
    kinds: list[Kind] = []
    special = json.loads((REPO / "validator" / "rules" / "phrases.json").read_text(encoding="utf-8"))["special_procedures"]
    for folder in sorted(p for p in samples.iterdir() if p.is_dir()):
        kind = Kind(folder.name, _load(folder / "_department.yaml"))
        for index, path in enumerate(sorted(p for p in folder.glob("*.yaml") if p.name != "_department.yaml")):
            data = _load(path)
            # Two samples excuse an ordinary step excluded from the time limit with a suppression (T206, in `ignore`);
            # suppressions are not carried over (they name the sample's own elements), so such steps are left out.
            data.pop("ignore", None)
            limit = data["time_limit"]
            if "excluded" in limit:
                limit["excluded"] = [e for e in limit["excluded"] if any(word in e["name"] for word in special)]
                if not limit["excluded"]:
                    del limit["excluded"]
            data.pop("related", None)
            _settle_limits(data)
            kind.templates.append(Template(folder.name, path.stem, data, index))
            # Only what applies always is lent to other guides: a `when` names the lender's own situations.
            kind.conditions += [c for c in data["conditions"] if isinstance(c, str) and c not in kind.conditions]
            kind.materials += [m for m in data["materials"] if m.get("basis") and _always(m)
                               and m["name"] not in {x["name"] for x in kind.materials}]
            kind.basis += [b for b in data["basis"] if b["title"] not in {x["title"] for x in kind.basis}]
            kind.faq += [q for q in data.get("faq", []) if q not in kind.faq]
        kinds.append(kind)
    return kinds


def _always(material: dict[str, Any]) -> bool:
    """A material that applies in every case and says so: no `when`, and not 非必要 without a `when_note`."""
    return "when" not in material and (material["necessity"] != "非必要" or "when_note" in material)


def _settle_limits(data: dict[str, Any]) -> None:
    """A few samples write time limits the way the T2 rules flag on purpose, excused by a suppression (not carried
    over): 「日」, a limit only stated, step limits without a total. The generated
    guides say them plainly: 工作日, a promised limit, the steps' sum as the promised limit."""
    limit = data["time_limit"]
    durations = [d for d in (limit.get("statutory"), limit.get("promised"), limit.get("stated"),
                             *(e.get(k) for e in limit.get("by_situation", ()) for k in ("statutory", "promised", "stated")),
                             *(p.get("limit") for p in limit.get("excluded", ())), *(s.get("duration") for s in data["process"])) if d]
    for duration in durations:
        if duration.get("unit") == "日":
            duration["unit"] = "工作日"
    for holder in (limit, *limit.get("by_situation", ())):
        if "stated" in holder and "promised" not in holder:
            holder["promised"] = holder.pop("stated")
    if "promised" not in limit:
        steps = [s["duration"]["value"] for s in data["process"] if s.get("duration", {}).get("unit") == "工作日"]
        limit["promised"] = {"value": sum(steps), "unit": "工作日"}


def with_check_char(first17: str) -> str:
    char = uscc_check_char(first17)
    assert char is not None, first17
    return first17 + char


@dataclass
class Department:
    folder: str
    kind: Kind
    county: str
    region: str
    uscc: str
    weight: float
    count: int = 0
    ids: list[str] = field(default_factory=list)


def departments(kinds: list[Kind], rng: random.Random) -> list[Department]:
    result = []
    for number, (county, region, pinyin) in enumerate(COUNTIES):
        for kind in kinds:
            if number and kind.name == VILLAGE_KIND:
                continue
            sample_uscc = kind.profile["uscc"]
            uscc = with_check_char(sample_uscc[:2] + region + sample_uscc[8:17])
            folder = kind.name if number == 0 else f"{pinyin}-{kind.name}"
            result.append(Department(folder, kind, county, region, uscc, rng.uniform(0.4, 1.6)))
    return result


def localise(text: str, department: Department) -> str:
    return text.replace(SAMPLE_COUNTY, department.county).replace(SAMPLE_REGION, department.region)


def department_yaml(department: Department) -> str:
    profile = dict(department.kind.profile, uscc=department.uscc)
    pinyin = next(p for c, _, p in COUNTIES if c == department.county)
    profile["owners"] = [o.replace("@shixian/", f"@{pinyin}/") for o in profile.get("owners", [])]
    return localise(HEADER_DEPARTMENT + emit(profile), department)


# ---------------------------------------------------------------- one guide

def variant_name(name: str, variant: int) -> str:
    if variant == 0:
        return name
    case = CASES[(variant - 1) % len(CASES)]
    applicant = APPLICANTS[((variant - 1) // len(CASES)) % len(APPLICANTS)]
    group = (variant - 1) // (len(CASES) * len(APPLICANTS))
    qualifier = "·".join(x for x in (applicant, case) if x)
    suffix = f"（第{''.join(CHINESE_DIGITS[int(d)] for d in str(group + 1))}类）" if group else ""
    return f"{name}（{qualifier}）{suffix}"


def basic_code(template: Template, kind_number: int, variant: int) -> str:
    """The sample's own code for variant 0; otherwise 00 + type code + 9 + kind + template + variant."""
    if variant == 0:
        return template.data["basic_code"]
    return f"00{TYPE_CODES[template.data['type']]}9{kind_number:02d}{template.index}{variant:04d}"


_short: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def _without_text(basis: dict[str, Any]) -> dict[str, Any]:
    """The basis without its quoted article text; one shared object per basis, so its emitted text is cached."""
    if "text" not in basis:
        return basis
    hit = _short.get(id(basis))
    if hit is None or hit[0] is not basis:
        hit = _short[id(basis)] = (basis, {k: v for k, v in basis.items() if k != "text"})
    return hit[1]


def _some(rng: random.Random, items: list[Any], low: int, high: int) -> list[Any]:
    return rng.sample(items, min(len(items), rng.randint(low, high)))


def guide_data(template: Template, kind: Kind, department: Department, kind_number: int, variant: int,
               rng: random.Random, updated: list[str]) -> dict[str, Any]:
    data = dict(template.data)
    data["name"] = variant_name(data["name"], variant)
    data["basic_code"] = basic_code(template, kind_number, variant)
    data["impl_code"] = department.uscc + LEVEL_CODES[data["level"]] + data["basic_code"]
    implementing = data.get("bodies", {}).get("implementing")
    if implementing is not None and "uscc" in implementing:  # the sample's own department, named in its bodies
        data["bodies"] = {**data["bodies"], "implementing": {**implementing, "uscc": department.uscc}}
    if "handle_code" in data:
        data["handle_code"] = data["impl_code"] + "01"
    own = template.data["conditions"]
    # What depends on a situation stays (each situation must still change something); the rest varies.
    conditions = [c for c in own if not isinstance(c, str) or rng.random() < 0.8] or own[:1]
    conditions += [c for c in _some(rng, kind.conditions, 0, 1) if c not in conditions]
    data["conditions"] = conditions
    materials = [m for m in template.data["materials"] if m["necessity"] == "必要" or "when" in m or rng.random() < 0.5]
    names = {m["name"] for m in materials}
    materials += [m for m in _some(rng, kind.materials, 0, 2) if m["name"] not in names]
    data["materials"] = materials
    basis = list(template.data["basis"])
    basis += [b for b in _some(rng, kind.basis, 0, 2) if b not in basis]
    data["basis"] = [b if rng.random() < 0.25 else _without_text(b) for b in basis]
    faq = _some(rng, kind.faq, 0, 3)
    if faq:
        data["faq"] = faq
    else:
        data.pop("faq", None)
    if department.ids and rng.random() < 0.3:
        data["related"] = [rng.choice(department.ids)]
    data["updated"] = rng.choice(updated)
    # Keep the sample's key order; `related` sits before status as in the samples.
    order = [k for k in template.data if k not in ("related", "status", "updated")] + ["related", "status", "updated"]
    return {k: data[k] for k in order if k in data}


# ---------------------------------------------------------------- the floor: the same texts as Markdown

def markdown(data: dict[str, Any]) -> str:
    """A plain Markdown page with the guide's texts: what mkdocs-material alone would publish."""
    out = [f"# {data['name']}\n", data["summary"], "", "## 受理条件", ""]
    out += [f"- {c}" for c in data["conditions"]]
    out += ["", "## 申请材料", "", "| 材料 | 形式 | 份数 | 必要性 | 来源 | 说明 |", "| --- | --- | --- | --- | --- | --- |"]
    out += [f"| {m['name']} | {m.get('form', '')} | {m.get('copies', '')} | {m.get('necessity', '')} | {m.get('source', '')} | {m.get('notes', '')} |"
            for m in data["materials"]]
    out += ["", "## 办理流程", ""]
    out += [f"{n}. **{s['name']}**（{s.get('actor', '')}）：{s.get('description', '')}" for n, s in enumerate(data["process"], 1)]
    limit = data["time_limit"]
    out += ["", "## 办理时限", "", f"- 办件类型：{limit.get('kind', '')}"]
    for key, label in (("statutory", "法定时限"), ("promised", "承诺时限")):
        value = limit.get(key) or {}
        out.append(f"- {label}：{value.get('value', '')} {value.get('unit', '')} {value.get('note', '')}")
    out += ["", "## 办理地点", ""]
    out += [f"- {loc.get('name', '')}：{loc.get('address', '')}，{loc.get('hours', '')}，电话 {loc.get('phone', '')}" for loc in data.get("locations", [])]
    if data.get("faq"):
        out += ["", "## 常见问题", ""]
        for qa in data["faq"]:
            out += [f"**{qa['q']}**", "", qa["a"], ""]
    out += ["", "## 设定依据", ""]
    out += [f"- {b['title']} {b.get('doc_number', '')} {b.get('article', '')}" + (f"\n\n    {b['text']}" if b.get("text") else "") for b in data["basis"]]
    out += ["", f"更新日期：{data['updated']}", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- project files

_PLUGIN = r"^  - {name}\b[^\n]*\n(?:      [^\n]*\n)*"  # a plugins entry with its options


def _sources(text: str, docs: str) -> str:
    """Point at the repository's hand-written site sources (not copied, so never stale)."""
    return text.replace("docs_dir: site", f"docs_dir: {docs}").replace("custom_dir: site/overrides", f"custom_dir: {REPO / 'site' / 'overrides'}")


def mkdocs_config(search: str) -> str:
    text = _sources((REPO / "mkdocs.yml").read_text(encoding="utf-8"), str(REPO / "site"))
    if search == "pagefind":
        text = re.sub(_PLUGIN.format(name="search"), "", text, flags=re.M)
        entry = re.search(_PLUGIN.format(name="guides"), text, flags=re.M)
        assert entry, "mkdocs.yml lists no guides plugin"
        options = [line for line in entry.group(0).splitlines()[1:] if not line.strip().startswith("search:")]
        head = re.sub(r"^  - guides:?", "  - guides:", entry.group(0).splitlines()[0])
        text = text.replace(entry.group(0), "\n".join([head, *options, "      search: pagefind"]) + "\n")
    return text


def floor_config() -> str:
    text = _sources((REPO / "mkdocs.yml").read_text(encoding="utf-8"), "docs")
    text = re.sub(_PLUGIN.format(name="guides"), "", text, flags=re.M)
    text = re.sub(r"^extra_css:\n(  - .*\n)+|^extra_javascript:\n(  - .*\n)+", "", text, flags=re.M)
    return text


def floor_pages(out: Path, departments: list[Department], names: dict[str, str]) -> None:
    """Section pages like the real site's nav (home, departments, indexes), not listing every guide."""
    docs = out / "floor" / "docs"
    sections = {"index.md": "首页", "browse/themes.md": "按主题", "browse/types.md": "按事项类型", "browse/levels.md": "就近办",
                "open-data.md": "开放数据", "rules.md": "检查规则", "dashboard.md": "标准化考核", "about.md": "关于本站"}
    for path, title in sections.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(f"# {title}\n\n本页是基准测试的对照页面。\n", encoding="utf-8")
    lines = ["# 按部门", ""]
    (docs / "departments").mkdir(parents=True, exist_ok=True)
    for department in departments:
        lines.append(f"- [{department.county}{department.kind.profile['short_name']}]({department.folder}.md)")
        listing = [f"# {department.county}{department.kind.profile['short_name']}", ""]
        listing += [f"- [{names[i]}](../guides/{i}.md)" for i in department.ids]
        (docs / "departments" / f"{department.folder}.md").write_text("\n".join(listing) + "\n", encoding="utf-8")
    (docs / "departments" / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def project_files(out: Path) -> None:
    if (out / "schema").exists():  # the peer check-jsonschema reads the schema from here
        shutil.rmtree(out / "schema")
    shutil.copytree(REPO / "schema", out / "schema")
    if (out / "laws").exists():
        shutil.rmtree(out / "laws")
    shutil.copytree(REPO / "laws", out / "laws")  # the local documents the samples cite
    (out / "pyproject.toml").write_text('# The benchmark catalogue: default settings.\n[tool.guides]\nroot = "guides"\n', encoding="utf-8")
    (out / "mkdocs.yml").write_text(mkdocs_config("builtin"), encoding="utf-8")
    (out / "mkdocs-pagefind.yml").write_text(mkdocs_config("pagefind"), encoding="utf-8")
    (out / ".gitignore").write_text("public/\nfloor/public/\n.guides-cache/\n", encoding="utf-8")


# ---------------------------------------------------------------- the whole catalogue

@dataclass
class Generated:
    guides: int
    departments: int
    bytes: int
    seconds: float


def generate(n: int, out: Path, *, seed: int = 6, floor: bool = False) -> Generated:
    """Write N guides under out/guides (replacing a previous catalogue there) and the project files.

    The time reported excludes removing the previous catalogue (and a previous floor site).
    """
    for old in (out / "guides", out / "floor"):
        if old.exists():
            shutil.rmtree(old)
    started = time.perf_counter()
    rng = random.Random(f"{seed}:{n}")
    kinds = vocabulary()
    kind_numbers = {k.name: i for i, k in enumerate(kinds)}
    updated = sorted({t.data["updated"] for k in kinds for t in k.templates})
    depts = departments(kinds, rng)
    guides = out / "guides"
    for department in depts:
        (guides / department.folder).mkdir(parents=True)
        (guides / department.folder / "_department.yaml").write_text(department_yaml(department), encoding="utf-8")
    cumulative, total = [], 0.0
    for department in depts:
        total += department.weight
        cumulative.append(total)
    names: dict[str, str] = {}
    written = 0
    for _ in range(n):
        department = rng.choices(depts, cum_weights=cumulative)[0]
        kind = department.kind
        template = kind.templates[department.count % len(kind.templates)]
        variant = department.count // len(kind.templates)
        department.count += 1
        data = guide_data(template, kind, department, kind_numbers[kind.name], variant, rng, updated)
        slug = template.slug if variant == 0 else f"{template.slug}-{variant:04d}"
        guide_id = f"{department.folder}/{slug}"
        text = localise(HEADER_GUIDE + emit(data), department).encode("utf-8")
        (guides / department.folder / f"{slug}.yaml").write_bytes(text)
        written += len(text)
        department.ids.append(guide_id)
        names[guide_id] = data["name"]
        if floor:
            page = out / "floor" / "docs" / "guides" / f"{guide_id}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(localise(markdown(data), department), encoding="utf-8")
    _emitted.clear()
    _short.clear()
    project_files(out)
    if floor:
        floor_pages(out, depts, names)
        (out / "floor" / "mkdocs.yml").write_text(floor_config(), encoding="utf-8")
    return Generated(n, len(depts), written, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 N 份有效、多样的办事指南，用于性能基准测试。")
    parser.add_argument("n", type=int, help="指南数量")
    parser.add_argument("out", type=Path, help="输出文件夹（其中的 guides/ 会被替换）")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--floor", action="store_true", help="同时生成对照用的纯 Markdown 网站（floor/）")
    args = parser.parse_args(argv)
    result = generate(args.n, args.out, seed=args.seed, floor=args.floor)
    print(f"{result.guides} guides in {result.departments} departments, {result.bytes / 1e6:.1f} MB "
          f"(mean {result.bytes / max(result.guides, 1) / 1000:.1f} KB) in {result.seconds:.1f} s → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
