"""Legal bases against the law registry (validator/laws): repealed laws, articles that do not exist,
quotes that are not the text in force, article numbers not written as laws write them, renamed
agencies, titles the registry does not know, contradicting 文号. The registry reaches the rules through the
run's `Context`; its own files' problems (L201) and its age (L108) are check/law_registry.py's.

A guide cites laws in two ways: `basis` (title, 文号, article, quote: each checked on its own) and
running text in a material's, fee's or intermediary's `basis` (「社会救助暂行办法 第五十八条第二款；…」),
where the registry's titles are found in the text and the articles after each title checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from ..diagnostics import LINES, Example, Severity
from ..laws import Law, LawRegistry
from ..laws.agencies import agencies
from ..laws.model import clauses, items
from ..laws.numbers import ArticleRef, articles_in, label, parse, to_chinese, to_int
from ..laws.quotes import compare
from ..model import Guide, LegalBasis
from .base import AS_WRITTEN, Context, Finding, guide_rule

HINT_LIMIT = 300  # characters of an article's text in a hint; the rest: `guides laws show`
MISSING_SHOWN = 8  # missing articles named in one message (第一条至第五百条 of an 83-article law is 417)


def _named(law: Law) -> str:
    return f"《{law.title}》"


def _version(law: Law) -> str:
    if law.effective:
        return f"现行版本（{law.effective} 施行）"
    return f"现行版本（{law.promulgated} 公布）" if law.promulgated else "现行版本"


Verdict = tuple[str, str]  # (message, hint) of one finding, wherever it is placed
MEMO_LIMIT = 100_000
_UNSEEN = object()


def _memo(registry: LawRegistry, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """A verdict depends only on what is cited and the registry, never on the guide: the same basis in a thousand
    guides (a catalogue repeats them) is judged once per process."""
    memo = registry.memo
    verdict = memo.get(key, _UNSEEN)
    if verdict is _UNSEEN:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        verdict = memo[key] = compute()
    return verdict


def _judged(guide: Guide, context: Context, code: str, element: str,
            judge: Callable[[LawRegistry, LegalBasis], Verdict | None]) -> Iterator[Finding]:
    """A finding at `basis[i].<element>` for each basis the judge finds fault with (judged once per distinct basis)."""
    registry = context.laws
    if registry is None:
        return
    for index, basis in enumerate(guide.basis):
        # Keyed by the fields' texts: a tuple of strings hashes and compares in C, the dataclass in Python.
        key = (code, basis.title, basis.article, basis.doc_number, basis.text)
        verdict = _memo(registry, key, lambda basis=basis: judge(registry, basis))
        if verdict is not None:
            yield Finding(("basis", index, element), *verdict)


def _judged_texts(guide: Guide, context: Context, code: str, judge: Callable[[LawRegistry, str], list[Verdict]]) -> Iterator[Finding]:
    """A finding at each running-text basis (a material's, fee's or intermediary's) for each fault the judge finds."""
    registry = context.laws
    if registry is None:
        return
    for path, text in _running_bases(guide):
        for verdict in _memo(registry, (code, text), lambda text=text: judge(registry, text)):
            yield Finding(path, *verdict)


RUNNING_TEXT = ("materials[].basis", "fees.items[].basis", "intermediary[].basis")  # what _running_bases reads


def _running_bases(guide: Guide) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every basis written as running text."""
    for index, material in enumerate(guide.materials):
        if material.basis:
            yield ("materials", index, "basis"), material.basis
    for index, item in enumerate(guide.fees.items):
        yield ("fees", "items", index, "basis"), item.basis
    for index, service in enumerate(guide.intermediary):
        yield ("intermediary", index, "basis"), service.basis


def _mentions(registry: LawRegistry, text: str) -> list[tuple[Law, str]]:
    """Each law named in running text, with the text after it up to the next law named."""
    def compute() -> list[tuple[Law, str]]:
        normal = unicodedata.normalize("NFKC", text)
        found = registry.mentioned(text)
        return [(law, normal[end:found[i + 1][0] if i + 1 < len(found) else len(normal)]) for i, (_, end, law) in enumerate(found)]
    return _memo(registry, ("mentions", text), compute)


# --- L101 -------------------------------------------------------------------------------------------


def repealed_message(law: Law) -> tuple[str, str]:
    when = f"已于 {law.repealed} " if law.repealed else "已"
    verb = "失效" if law.status == "失效" else "废止"
    if law.successor:
        by = f"（{law.repealed_by}）" if law.repealed_by else ""
        return (f"{_named(law)}{when}{verb}，由《{law.successor}》代替{by}。",
                f"改引《{law.successor}》的相应条款，并按现行规定核对这个事项的条件、材料和时限。")
    return f"{_named(law)}{when}{verb}。", "删去这项依据，或改引现行有效的法律法规。"


@guide_rule("L101", "依据的法律法规已废止", Severity.ERROR, (
    "设定依据、申请材料、收费或中介服务的依据中引用了已经废止或失效的法律法规。例如民法典自 2021 年 1 月 1 日起施行，"
    "婚姻法、继承法、民法通则、收养法、担保法、合同法、物权法、侵权责任法、民法总则同时废止（民法典 第一千二百六十条）。"
    "依据已废止，办事要求就可能已经变了：提示给出代替它的法律法规和废止日期，请改引现行规定并核对条件和材料。"
    "法规库见 `guides laws`。"),
    reads=("basis[].title", *RUNNING_TEXT),
    bad=Example("basis:\n  - title: 中华人民共和国合同法\n    article: 第十条", into=LINES, line=2),
    good=Example("basis:\n  - title: 中华人民共和国民法典\n    article: 第四百六十九条", into=LINES))
def repealed_law(guide: Guide, context: Context) -> Iterator[Finding]:
    yield from _judged(guide, context, "L101", "title", _repealed_basis)
    yield from _judged_texts(guide, context, "L101", lambda registry, text: [
        repealed_message(law) for law, _ in _mentions(registry, text) if not law.in_force])


def _repealed_basis(registry: LawRegistry, basis: LegalBasis) -> Verdict | None:
    law = registry.find(basis.title)
    return repealed_message(law) if law is not None and not law.in_force else None


# --- L102 -------------------------------------------------------------------------------------------


def _last_label(law: Law) -> str:
    return list(law.articles)[-1] if law.articles else ""


def missing_parts(law: Law, refs: tuple[ArticleRef, ...]) -> Iterator[str]:
    """What the citation names that the version in force does not have: 第八十四条, 第四十二条第三款 …"""
    for ref in refs:
        for number, suffix in ref.numbers():
            text = law.article(number, suffix)
            name = label(number, suffix)
            if text is None:
                yield name
                continue
            paragraphs = clauses(text)
            for clause in ref.clauses:
                wanted = clause.span.numbers() if clause.span else [1]
                for n in wanted:
                    if n > len(paragraphs):
                        yield f"{name}第{to_chinese(n)}款（这一条只有 {len(paragraphs)} 款）"
                        continue
                    listed = items(paragraphs[n - 1])
                    for item in clause.items:
                        if listed and item.last > len(listed):
                            where = f"{name}第{to_chinese(n)}款" if clause.span else name
                            yield f"{where}第{to_chinese(item.last)}项（只有 {len(listed)} 项）"


def _loose_missing(law: Law, text: str) -> Iterator[str]:
    for number, suffix, clause, _, _ in articles_in(text):
        article = law.article(number, suffix)
        if article is None:
            yield label(number, suffix)
        elif clause is not None and clause > len(clauses(article)):
            yield f"{label(number, suffix)}第{to_chinese(clause)}款（这一条只有 {len(clauses(article))} 款）"


def _missing_verdict(law: Law, missing: list[str]) -> Verdict:
    named = list(dict.fromkeys(missing))
    shown = "、".join(named[:MISSING_SHOWN]) + (f"等 {len(named)} 处" if len(named) > MISSING_SHOWN else "")
    return (f"{_named(law)}{_version(law)}中没有{shown}。",
            f"全文最后一条是{_last_label(law)}。核对条号：法律修改后条号常会变动，可以用 `guides laws show {law.title}` 查看现行条文。")


def _missing_in_basis(registry: LawRegistry, basis: LegalBasis) -> Verdict | None:
    law = registry.find(basis.title)
    if law is None or not law.in_force or not law.has_articles:
        return None
    cited = parse(basis.article)
    missing = list(missing_parts(law, cited.articles) if cited else _loose_missing(law, basis.article))
    return _missing_verdict(law, missing) if missing else None


def _missing_in_text(registry: LawRegistry, text: str) -> list[Verdict]:
    out = []
    for law, after in _mentions(registry, text):
        if law.in_force and law.has_articles:
            missing = list(_loose_missing(law, after))
            if missing:
                out.append(_missing_verdict(law, missing))
    return out


@guide_rule("L102", "引用的条款在现行版本中不存在", Severity.ERROR, (
    "设定依据或材料、收费的依据引用的条（或款、项）在这部法律法规的现行版本中不存在，例如行政许可法只有八十三条，"
    "却引用“第八十四条”。多半是条号写错，或者照抄了修改前的条号。法规库没有收录条文的法律法规（只记录了名称和时效的）不做这项检查。"),
    reads=("basis[].title", "basis[].article", *RUNNING_TEXT),
    bad=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第八十四条", into=LINES, line=3),
    good=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第八十三条", into=LINES))
def article_exists(guide: Guide, context: Context) -> Iterator[Finding]:
    yield from _judged(guide, context, "L102", "article", _missing_in_basis)
    yield from _judged_texts(guide, context, "L102", _missing_in_text)


def basis_valid(registry: LawRegistry, basis: LegalBasis) -> bool:
    """What 依据有效率 counts: the registry knows the law, it is in force, and the articles cited exist (when it has them)."""
    law = registry.find(basis.title)
    if law is None or not law.in_force:
        return False
    if not law.has_articles:
        return True
    cited = parse(basis.article)
    return not any(missing_parts(law, cited.articles) if cited else _loose_missing(law, basis.article))


# --- L103 -------------------------------------------------------------------------------------------


def _cited_texts(articles: dict[str, str], refs: tuple[ArticleRef, ...]) -> list[tuple[str, str]] | None:
    out = []
    for ref in refs:
        for number, suffix in ref.numbers():
            name = label(number, suffix)
            if name not in articles:
                return None
            out.append((name, articles[name]))
    return out


def _shown(cited: list[tuple[str, str]]) -> str:
    parts, budget = [], HINT_LIMIT * 2
    for name, text in cited:
        flat = text.replace("\n", "")
        shown = flat if len(flat) <= min(HINT_LIMIT, budget) else flat[:min(HINT_LIMIT, budget)] + "……"
        parts.append(f"{name} {shown}")
        budget -= len(shown)
        if budget <= 0:
            break
    return "；".join(parts)


@guide_rule("L103", "引用的条文与现行文本不一致", Severity.WARNING, (
    "设定依据的条款内容（text）与法规库中这一条的现行文本对不上。比较时不计标点、空格和全角半角的差别；"
    "可以只引一条中连续的一部分（一款、一项或一句），可以连引几条，可以用“……”省略中间的文字。"
    "对不上的，多半是照抄了修改前的旧文本，或者条号变了（提示会说出这段文字现在在哪一条）。"
    "法规库只有上一版本条文的（如 2025 年修订的婚姻登记条例），引用了旧版本条文的也会提示核对。提示中给出现行条文。"),
    reads=("basis[].title", "basis[].article", "basis[].text"),
    bad=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第四十二条\n"
        "    text: 行政机关应当自受理行政许可申请之日起三十日内作出行政许可决定。", into=LINES, line=4),
    good=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第四十二条\n"
         "    text: 行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。", into=LINES))
def quote_matches(guide: Guide, context: Context) -> Iterator[Finding]:
    yield from _judged(guide, context, "L103", "text", _quote_verdict)


def _quote_verdict(registry: LawRegistry, basis: LegalBasis) -> Verdict | None:
    law = registry.find(basis.title)
    cited = parse(basis.article)
    if not basis.text or law is None or not law.in_force or cited is None or not cited.articles:
        return None
    if law.has_articles:
        texts = _cited_texts(law.articles, cited.articles)
        if texts is None:
            return None  # L102 says which article is missing
        mismatch = compare(basis.text, texts, law.articles)
        if mismatch is None:
            return None
        moved = f"这段文字现在在{mismatch.elsewhere}，条号可能因修改而变动。" if mismatch.elsewhere else ""
        return (f"引用的条文与{_named(law)}{_version(law)}{basis.article}不一致（从「{mismatch.quoted}」处起对不上）。{moved}",
                f"现行条文：{_shown(texts)}")
    if law.previous is not None:
        effective, old = law.previous
        texts = _cited_texts(old, cited.articles)
        if texts is not None and compare(basis.text, texts, {}) is None:
            return (f"引用的是{_named(law)} {effective} 施行的旧版本的条文；现行版本自 {law.effective} 施行，法规库还没有收录它的条文。",
                    f"对照现行文本核对这项依据的条号和条文（{law.note or law.source}）。")
    return None


# --- L104 -------------------------------------------------------------------------------------------

_ARABIC = re.compile(r"(\d+)\s*([条款章节编])")  # not 项: 附件第112项 numbers a list the way its document does


@lru_cache(maxsize=8192)
def normal_form(article: str) -> tuple[str | None, bool]:
    """(the normal form if it differs from the text, whether the text names parts instead of articles)."""
    written = re.sub(r"\s+", "", article)
    cited = parse(written)
    if cited is not None:
        normal = cited.normal()
        return (normal if normal != written else None), bool(cited.parts) and not cited.articles
    if _ARABIC.search(unicodedata.normalize("NFKC", written)):  # not a pure citation, but Arabic numbers in one
        fixed = _ARABIC.sub(lambda m: f"{to_chinese(n)}{m.group(2)}" if (n := to_int(m.group(1))) else m.group(), unicodedata.normalize("NFKC", written))
        return fixed, False
    return None, False


@guide_rule("L104", "条款号写法不规范", Severity.WARNING, (
    "条款号应当像法律条文引用条款那样书写：数字用汉字，每个条号写全，如“第二十九条、第三十一条”“第十九条第一款、第二款”"
    "“第十二条第三项”“第二十二条至第二十五条”。“第29、31条”“第二十九、三十一条”“第（三）项”这样的写法，"
    "法规库无法可靠地对照条文，网站上也无法链接到条文。只写“第一章”“第一、二章”的，没有写到具体条款，"
    "请写明设定这项要求的条。提示给出规范的写法。"),
    reads=("basis[].article",),
    bad=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第29、31条", into=LINES, line=3),
    good=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第二十九条、第三十一条", into=LINES))
def article_notation(guide: Guide, context: Context) -> Iterator[Finding]:
    for index, basis in enumerate(guide.basis):
        normal, parts_only = normal_form(basis.article)
        path = ("basis", index, "article")
        if parts_only:
            shown = f"（规范写法：{normal}）" if normal else ""
            yield Finding(path, f"条款号「{basis.article}」引的是章节{shown}，没有写到具体的条。",
                          "写明设定这项要求的条，如“第三十五条”；一章中有几条的，逐条写出，如“第二十九条、第三十一条”。")
        elif normal is not None:
            yield Finding(path, f"条款号「{basis.article}」的写法不规范，应写作「{normal}」。",
                          "数字用汉字，每个条、款、项写全，几条之间用顿号，连续的用“至”。")


# --- L105 -------------------------------------------------------------------------------------------

_NOT_READ = {"basis", "doc_number", "url", "blank_form", "sample", "basic_code", "impl_code", "handle_code", "related", "updated"}


def _strings(value: Any, out: list[str]) -> list[str]:
    """The texts `citizen_texts` yields, without their paths (what a first look needs). A text child is taken
    where it is met, not in a call of its own: most children are texts."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for name, child in value.items():
            if name not in _NOT_READ:
                if type(child) is str:
                    out.append(child)
                else:
                    _strings(child, out)
    elif isinstance(value, list):
        for child in value:
            if type(child) is str:
                out.append(child)
            else:
                _strings(child, out)
    return out


def citizen_texts(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every text of a guide a citizen reads: everything but legal citations, codes and addresses."""
    out: list[tuple[tuple[str | int, ...], str]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            out.append((path, value))
        elif isinstance(value, dict):
            for name, child in value.items():
                if name not in _NOT_READ:
                    walk(child, (*path, name))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))

    walk(data, ())
    return out


@guide_rule("L105", "使用了已撤并或更名的机构名称", Severity.WARNING, (
    "群众读到的文字（事项简述、受理条件、材料名称和说明、办理流程的承办机构、办理地点、咨询投诉、常见问题等）中出现了"
    "机构改革中已经撤销、合并或更名的机构名称，例如 2018 年机构改革后，工商行政管理局、质量技术监督局、食品药品监督管理局"
    "并入市场监督管理局，国土资源局改为自然资源局，卫生和计划生育委员会改为卫生健康委员会，安全生产监督管理局改为应急管理局，"
    "环境保护局改为生态环境局，农业局改为农业农村局。群众按旧名称找不到地方。提示给出现在的名称（各地以本级机构改革方案为准）。"
    "确需提到原机构的（如“原县工商局核发的营业执照”），在名称前写“原”即可。设定依据和材料依据中的文件名称、文号不检查。"
    "名称清单及其日期、来源见 validator/laws/agencies.yaml。"),
    reads=(AS_WRITTEN,),
    bad=Example("summary: 开办个体工商户，到县工商局窗口申请登记，不收费。"),
    good=Example("summary: 开办个体工商户，到县市场监督管理局窗口申请登记，不收费。"))
def renamed_agencies(guide: Guide, context: Context) -> Iterator[Finding]:
    if not agencies().may_name_one("\n".join(_strings(guide.data, []))):  # most guides: one search, no paths built
        return
    for path, text in citizen_texts(guide.data):
        verdict = _agency_verdict(text)
        if verdict is not None:
            yield Finding(path, *verdict)


@lru_cache(maxsize=16384)
def _agency_verdict(text: str) -> Verdict | None:
    found = agencies().find(text)
    if not found:
        return None
    names = "；".join(f"「{f.renamed.old}」今为{f.renamed.new}" for f in found)
    sources = "；".join(dict.fromkeys(f"{f.renamed.date}：{f.renamed.source}" for f in found))
    return (f"使用了机构改革前的名称：{names}。",
            f"改为现在的机构名称（以本级机构改革方案为准）；确需提到原机构的，写作“原…”。依据：{sources}")


# --- L106, L107 -------------------------------------------------------------------------------------


@guide_rule("L106", "法律法规名称在法规库中找不到", Severity.WARNING, (
    "设定依据的法律法规名称与法规库中的名称和简称都对不上，因此无法核对它是否现行有效、条款是否存在。"
    "常见原因是名称写错或写了简称以外的叫法；提示会给出最接近的名称。本地的地方性法规、规章和规范性文件，"
    "用 `guides laws import 文件.md` 加入目录仓库的法规库（laws/ 文件夹）后就能核对。这只是警告：法规库不可能收录所有文件。"),
    reads=("basis[].title",),
    bad=Example("basis:\n  - title: 中华人民共和国行政许可条例\n    article: 第四十二条", into=LINES, line=2),
    good=Example("basis:\n  - title: 中华人民共和国行政许可法\n    article: 第四十二条", into=LINES))
def title_known(guide: Guide, context: Context) -> Iterator[Finding]:
    yield from _judged(guide, context, "L106", "title", _unknown_verdict)


def _unknown_verdict(registry: LawRegistry, basis: LegalBasis) -> Verdict | None:
    title = basis.title
    if registry.find(title) is not None:
        return None
    close = registry.suggest(title)
    guess = f"您是不是要写「{'」或「'.join(close)}」？" if close else ""
    folder = f"{registry.folder.as_posix()}/" if registry.folder is not None else "laws/"
    return (f"「{title}」不在法规库中，无法核对它的时效和条款。",
            f"{guess}本地文件请用 `guides laws import 文件.md` 加入法规库（{folder}）。")


_ORDER_NUMBER = re.compile(r"令(?:(\d{4})年)?第([0-9零〇一二三四五六七八九十百千两]+)号")
_FILE_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")


def doc_signatures(text: str) -> set[tuple[str, str, int]]:
    """(kind, year, number) of each 文号 in the text: 国务院令第387号 → ("令", "", 387); 国发〔2014〕8号 → ("〔〕", "2014", 8)."""
    text = unicodedata.normalize("NFKC", text).replace("[", "〔").replace("]", "〕")
    found: set[tuple[str, str, int]] = set()
    for match in _ORDER_NUMBER.finditer(text):
        number = to_int(match.group(2))
        if number is not None:
            found.add(("令", match.group(1) or "", number))
    for match in _FILE_NUMBER.finditer(text):
        found.add(("〔〕", match.group(1), int(match.group(2))))
    return found


@guide_rule("L107", "文号与法规库记载的不一致", Severity.WARNING, (
    "设定依据的文号（doc_number）与法规库记载的这部法律法规的公布令、修改令或发文字号都不一致，"
    "多半是抄错了号，或者把另一部法规的文号写在了这里。法规库记载的文号可以用 `guides laws show 名称` 查看；"
    "法规库没有记载文号的不做这项检查。"),
    reads=("basis[].title", "basis[].doc_number"),
    bad=Example("basis:\n  - title: 市场主体登记管理条例\n    doc_number: 国务院令第745号\n    article: 第三条", into=LINES, line=3),
    good=Example("basis:\n  - title: 市场主体登记管理条例\n    doc_number: 国务院令第746号\n    article: 第三条", into=LINES))
def doc_number_matches(guide: Guide, context: Context) -> Iterator[Finding]:
    yield from _judged(guide, context, "L107", "doc_number", _doc_number_verdict)


def _doc_number_verdict(registry: LawRegistry, basis: LegalBasis) -> Verdict | None:
    law = registry.find(basis.title)
    if law is None or not basis.doc_number or not law.doc_numbers:
        return None
    known = set().union(*(doc_signatures(n) for n in law.doc_numbers))
    written = doc_signatures(basis.doc_number)
    if not known or not written or written & known:
        return None
    return (f"文号「{basis.doc_number}」与法规库记载的{_named(law)}的文号不一致。", f"法规库记载：{'、'.join(law.doc_numbers)}。")


RULES = (repealed_law, article_exists, quote_matches, article_notation, renamed_agencies, title_known, doc_number_matches)
