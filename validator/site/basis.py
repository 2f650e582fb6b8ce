"""A guide's 设定依据 on its page, with each cited article's text in force from the law registry.

Each basis names its law and articles; an amended law says so (「已修改，现行版本 2019-04-23 施行」),
and the articles cited fold out with the registry's current text, so a citizen reads the law as it
is, not as the guide once quoted it. Without the registry's text (a local document it has no
articles for) the guide's own quote folds out, as before. The registry is untrusted input like
every guide: everything from it is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..laws.numbers import label, parse
from ..model import Guide, LegalBasis
from ..wording.escape import escape
from .markup import admonition, heading, para, strong

if TYPE_CHECKING:
    from ..laws import Law, LawRegistry

# The articles folded out: a quote admonition (markup.admonition) of their own class, which no search indexes
# (unindexed.py).
LAW_TEXT_KIND = "quote law-text"
LAW_TEXT = f'<details class="{LAW_TEXT_KIND}">'
MAX_FOLDED = 12  # articles folded out for one basis (第一条至第八十三条 is not something to print)


def basis_section(guide: Guide, laws: LawRegistry | None = None) -> str:
    parts = [heading(2, "设定依据")]
    from_registry = False
    for basis in guide.basis:
        law = laws.find(basis.title) if laws is not None else None
        number = f"（{escape(basis.doc_number)}）" if basis.doc_number else ""
        parts.append(para(f"《{escape(basis.title)}》{number}{escape(basis.article)}{_status(law)}"))
        articles = _current(law, basis)
        if articles:
            from_registry = True
            body = "\n".join(para(f"{strong(escape(label))}　{escape(text)}") for label, text in articles)
            parts.append(admonition(LAW_TEXT_KIND, f"{escape(basis.article, one_line=True)} 现行条文", body, collapsed=True))
        elif basis.text:
            parts.append(admonition(LAW_TEXT_KIND, f"{escape(basis.article, one_line=True)} 原文", para(escape(basis.text)), collapsed=True))
    if from_registry and laws is not None:
        parts.append(para(f"<small>现行条文取自法规库（数据截至 {escape(laws.data_date)}），以官方公布的文本为准。</small>"))
    return "\n".join(parts)


def _status(law: Law | None) -> str:
    if law is None:
        return ""
    if not law.in_force:
        return f"（{escape(law.status)}）"
    if law.status == "已修改" and (law.effective or law.promulgated):
        when = f"{law.effective} 施行" if law.effective else f"{law.promulgated} 公布"
        return f"（已修改，现行版本 {escape(when)}）"
    return ""


def _current(law: Law | None, basis: LegalBasis) -> list[tuple[str, str]]:
    """(label, text) of each cited article the registry has, in order; empty when it has none of them."""
    if law is None or not law.in_force or not law.has_articles or not basis.article:
        return []
    cited = parse(basis.article)
    if cited is None:
        return []
    found: list[tuple[str, str]] = []
    for ref in cited.articles:
        for number, suffix in ref.numbers():
            name = label(number, suffix)
            if name in law.articles and len(found) < MAX_FOLDED:
                found.append((name, law.articles[name]))
    return found
