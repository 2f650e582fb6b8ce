"""Build the shipped law registry (validator/laws/data/) from the laws corpus and tools/law_registry/curated.yaml.

    python tools/build_law_registry.py [--corpus ../shared/corpora/laws] [--check]

Chosen: every law the sample guides cite (basis titles, and the laws named in material, fee and
intermediary bases), the laws curated.yaml selects by domain, and every law those texts repeal with
「《…》同时废止」 (as a repealed entry naming the successor and the article). Each corpus law's
latest version gives the articles; the corpus database gives level, dates and status; curated.yaml
adds what the corpus lacks. `--check` builds in memory and exits 1 when the shipped files differ
(the test suite runs it when the corpus is present).
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from validator.laws import importing, markdown  # noqa: E402
from validator.laws.model import AMENDED, IN_FORCE, REPEALED  # noqa: E402
from validator.laws.store import SHIPPED, shipped_files  # noqa: E402
from validator.laws.titles import TitleIndex, key  # noqa: E402
from validator.standard.slugs import pinyin_slug, unique_slug  # noqa: E402

CURATED = ROOT / "tools" / "law_registry" / "curated.yaml"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "laws"
CIVIL_CODE_PARTS = ("总则", "物权编", "合同编", "人格权编", "婚姻家庭编", "继承编", "侵权责任编", "附则")
DEPARTMENT_ISSUERS = {"公安部": "公安部", "市场监督管理总局": "国家市场监督管理总局",
                      "人力资源社会保障部": "人力资源和社会保障部", "国家安全部": "国家安全部"}
_REPEAL = re.compile(r"本(?:法|条例|规定|办法|细则)自(\d{4}年\d{1,2}月\d{1,2}日)起施行[。，,].*?((?:《[^》]+》、?)+)同时废止")
_TITLE = re.compile(r"《([^》]+)》")
LAW_NUMBERS_NOTE = "主席令文号据公开资料补充，未与官方文本核对。"


@dataclass
class Version:
    name: str  # the database's name
    date: str  # from the file name ("" when there is one version)
    paths: list[Path]
    category: str
    count: int = 1  # versions of this law in the corpus


def corpus_versions(corpus: Path) -> dict[str, Version]:
    """The latest version of each law in the corpus, by database name."""
    found: dict[str, Version] = {}
    for path in sorted(Path(p) for p in glob.glob(str(corpus / "**" / "*.md"), recursive=True)):
        if path.name.startswith("_") or path.name in ("README.md", "法律法规模版.md") or path.parent.name == "民法典":
            continue
        match = re.match(r"(.*?)(?:\((\d{4}-\d{2}-\d{2})\))?\.md$", path.name)
        assert match
        name, date = match.group(1), match.group(2) or ""
        category = path.relative_to(corpus).parts[0]
        count = found[name].count + 1 if name in found else 1
        if name not in found or date > found[name].date:
            found[name] = Version(name, date, [path], category)
        found[name].count = count
    found["民法典"] = Version("民法典", "2020-05-28", [corpus / "民法典" / f"{part}.md" for part in CIVIL_CODE_PARTS], "民法典")
    return found


def database(corpus: Path) -> dict[str, dict[str, Any]]:
    """The latest row of each name: level, publish, valid_from, expired."""
    rows: dict[str, dict[str, Any]] = {}
    connection = sqlite3.connect(corpus / "db.sqlite3")
    try:
        for name, level, publish, valid_from, expired in connection.execute(
                "select name, level, publish, valid_from, expired from law order by publish"):
            rows[name] = {"level": level, "publish": publish or "", "valid_from": valid_from or "", "expired": bool(expired)}
    finally:
        connection.close()
    return rows


def sample_citations(guides: Path) -> tuple[list[str], list[str]]:
    """(basis titles, running-text bases) of every sample guide."""
    titles: list[str] = []
    texts: list[str] = []
    for path in sorted(guides.rglob("*.yaml")):
        if path.name == "_department.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        titles += [basis["title"] for basis in data.get("basis", ())]
        texts += [m["basis"] for m in data.get("materials", ()) if m.get("basis")]
        texts += [i["basis"] for i in (data.get("fees") or {}).get("items", ()) if i.get("basis")]
        texts += [i["basis"] for i in data.get("intermediary", ()) if i.get("basis")]
    return titles, texts


def parse_version(version: Version) -> markdown.ParsedLaw:
    if version.name != "民法典":
        return markdown.parse(version.paths[0].read_text(encoding="utf-8"))
    whole = markdown.ParsedLaw(title="中华人民共和国民法典")
    for path in version.paths:
        part = markdown.parse(path.read_text(encoding="utf-8"))
        whole.articles.update(part.articles)
        whole.problems += part.problems
        if not whole.events:
            whole.events = part.events
    return whole


def entry_from_corpus(version: Version, row: dict[str, Any], curated: dict[str, Any], snapshot: dict[str, Any],
                      log: list[str]) -> tuple[dict[str, Any], markdown.ParsedLaw]:
    parsed = parse_version(version)
    for problem in parsed.problems:
        log.append(f"  语料问题 {version.paths[0].name}:{problem.line}: {problem.message}")
    facts = markdown.facts(parsed)
    extra = curated.get("facts", {}).get(key(parsed.title)) or curated.get("facts", {}).get(version.name) or {}
    where = "/".join(p.relative_to(p.parents[1]).as_posix() for p in version.paths[:1])
    entry = importing.entry(parsed, level=row.get("level"), issuer=_issuer(version, facts, row),
                            source=f"{snapshot['source']}（快照 {snapshot['date']}，提交 {snapshot['commit']}）：{where}",
                            data_date=snapshot["date"])
    entry["status"] = REPEALED if row.get("expired") else AMENDED if _amended(version, parsed, facts) else IN_FORCE
    entry["promulgated"] = row.get("publish") or facts.promulgated or version.date or None
    entry["effective"] = row.get("valid_from") or facts.effective or None
    if extra:
        keep_previous = extra.get("keep_previous")
        entry.update({k: v for k, v in extra.items() if k not in ("keep_previous", "doc_numbers", "history_add")})
        entry["history"] = entry["history"] + list(extra.get("history_add", ()))
        numbers = [n for n in extra.get("doc_numbers", ()) if n not in entry["doc_numbers"]]
        entry["doc_numbers"] = entry["doc_numbers"] + numbers if entry["doc_numbers"] else list(extra.get("doc_numbers", ()))
        if entry["level"] == "法律" and extra.get("doc_numbers"):
            entry["note"] = " ".join(filter(None, [entry.get("note"), LAW_NUMBERS_NOTE]))
        if keep_previous:  # the corpus's text is the previous version's
            entry["previous_version"] = {"effective": row.get("valid_from") or facts.effective or version.date,
                                         "articles": entry.pop("articles")}
    after = curated.get("after_snapshot", {}).get(version.name)
    if after:
        entry["note"] = " ".join(filter(None, [entry.get("note"), after]))
    return entry, parsed


def _amended(version: Version, parsed: markdown.ParsedLaw, facts: markdown.Facts) -> bool:
    """Amended: the head says so, the corpus has older versions, or this version is dated after the original's
    promulgation (heads are often incomplete: 社会救助暂行办法(2019-03-02) shows only its 2014 公布)."""
    original = max((e.date for e in parsed.events if any(w in e.text for w in ("通过", "公布", "发布"))
                    and not any(w in e.text for w in ("修正", "修订", "修改"))), default=None)
    return facts.amended or version.count > 1 or bool(version.date and original and version.date > original)


def _issuer(version: Version, facts: markdown.Facts, row: dict[str, Any]) -> str | None:
    if version.category == "部门规章":
        return DEPARTMENT_ISSUERS.get(version.paths[0].parent.name, version.paths[0].parent.name)
    if row.get("level") == "行政法规":
        return "国务院"
    return facts.issuer or ("全国人民代表大会常务委员会" if row.get("level") == "法律" else None)


def _repeal_source(fact: dict[str, Any], snapshot: dict[str, Any]) -> str:
    return f"废止据《{fact['repealed_by'].replace(' ', '》')}；{snapshot['source']}（快照 {snapshot['date']}）"


def repeals(parsed: markdown.ParsedLaw) -> list[dict[str, Any]]:
    """Repealed entries for the laws this one's closing article repeals (「《…》同时废止」)."""
    out = []
    for label, text in list(parsed.articles.items())[-5:]:
        match = _REPEAL.search(text)
        if not match:
            continue
        date = markdown.iso(match.group(1))
        for title in _TITLE.findall(match.group(2)):
            out.append({"title": title, "status": REPEALED, "repealed": date, "successor": parsed.title,
                        "repealed_by": f"{parsed.title} {label}"})
    return out


def build(corpus: Path, guides: Path) -> tuple[dict[str, str], list[str]]:
    """file name → content of every shipped file, and a log of what was done."""
    curated = yaml.load(CURATED.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    snapshot = {k: str(v) for k, v in curated["snapshot"].items()}
    versions = corpus_versions(corpus)
    rows = database(corpus)
    log: list[str] = []

    chosen: dict[str, str] = {}  # corpus name → why
    for domain, names in curated["select"].items():
        for name in names:
            if name not in versions:
                raise SystemExit(f"curated.yaml 选了语料库中没有的「{name}」")
            chosen.setdefault(name, domain)
    titles, texts = sample_citations(guides)
    index = TitleIndex([(name, name) for name in versions])
    added = {key(entry["title"]) for entry in curated.get("add", ())}
    for title in titles:
        found = index.get(title)
        if found:
            chosen.setdefault(found, "示例指南引用")
        elif key(title) not in added:
            log.append(f"  示例指南引用的「{title}」既不在语料库中，也不在 curated.yaml 的 add 中")
    for text in texts:
        for _, _, found in index.find_in(text):
            chosen.setdefault(found, "示例指南引用")

    entries: list[dict[str, Any]] = []
    repealed: dict[str, dict[str, Any]] = {}  # title key → what a law in force says of its repeal
    for name in sorted(chosen):
        entry, parsed = entry_from_corpus(versions[name], rows.get(name, rows.get(f"{name} 总则", {})), curated, snapshot, log)
        entries.append(entry)
        for fact in repeals(parsed):
            repealed.setdefault(key(fact["title"]), fact)
    for entry in curated.get("add", ()):
        entries.append({**entry, "source": entry.get("source", "据公开资料整理，未与官方文本核对"),
                        "data_date": str(entry.get("data_date", snapshot["date"]))})
    for entry in entries:  # the text that repealed a law is the best source of its repeal
        fact = repealed.pop(key(entry["title"]), None)
        if fact is None:
            continue
        if entry["status"] != REPEALED or entry.get("successor", fact["successor"]) != fact["successor"]:
            log.append(f"  「{entry['title']}」：据《{fact['successor']}》已废止（原记为{entry['status']}）")
        entry.pop("articles", None)
        entry.update(status=REPEALED, repealed=fact["repealed"], successor=fact["successor"], repealed_by=fact["repealed_by"])
        entry["source"] = f"{_repeal_source(fact, snapshot)}；其余信息：{entry['source']}"
    for fact in repealed.values():  # repealed laws nothing else records
        entries.append({**fact, "level": _repealed_level(fact["title"]), "source": _repeal_source(fact, snapshot),
                        "data_date": snapshot["date"]})

    by_id: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: key(e["title"])):
        by_id[unique_slug(pinyin_slug(key(entry["title"])) or "law", by_id.keys())] = _dates_as_text(entry)
    with_articles = [e for e in entries if e.get("articles")]
    meta = {
        "data_date": snapshot["date"],
        "source": f"{snapshot['source']}（快照 {snapshot['date']}，提交 {snapshot['commit']}），以及 tools/law_registry/curated.yaml",
        "generated_by": "tools/build_law_registry.py（请勿手工修改：要改，在目录仓库的法规库文件夹中写同名条目）",
        "laws": len(entries),
        "with_articles": len(with_articles),
        "articles": sum(len(e["articles"]) for e in with_articles),
        "repealed": sum(e["status"] == REPEALED for e in entries),
        "unverified": sum(e.get("verified") is False for e in entries),
        "chosen": "示例指南引用的全部法律法规；curated.yaml 按领域选定的政务服务常用法律法规；它们的施行条款废止的法律法规。",
    }
    files = shipped_files(by_id, meta)
    log.append(f"法律法规 {meta['laws']} 部（有条文的 {meta['with_articles']} 部，共 {meta['articles']} 条；已废止 {meta['repealed']} 部；"
               f"未核对 {meta['unverified']} 部），{sum(len(c.encode()) for c in files.values()) / 1e6:.1f} MB")
    return files, log


def _repealed_level(title: str) -> str:
    return "法律" if title.endswith("法") or title.endswith("法则") else "行政法规"


def _dates_as_text(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k in ("promulgated", "effective", "repealed", "data_date") and v is not None else v) for k, v in entry.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--guides", type=Path, default=ROOT / "guides")
    parser.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing them")
    args = parser.parse_args()
    files, log = build(args.corpus, args.guides)
    print("\n".join(log))
    current = {path.name: path.read_text(encoding="utf-8") for path in SHIPPED.iterdir() if path.suffix in (".yaml", ".json")} \
        if SHIPPED.is_dir() else {}
    if args.check:
        differ = sorted(name for name in files.keys() | current.keys() if files.get(name) != current.get(name))
        if differ:
            print(f"内置法规库与生成结果不同（{len(differ)} 个文件）：{'、'.join(differ[:10])}")
            return 1
        return 0
    SHIPPED.mkdir(exist_ok=True)
    for name in current.keys() - files.keys():
        os.remove(SHIPPED / name)
    for name, content in files.items():
        if current.get(name) != content:
            (SHIPPED / name).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
