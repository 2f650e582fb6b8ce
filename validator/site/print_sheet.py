"""The printed 一次性告知单: what to bring as a checklist, when, how much, where, whom to call.

It is a block of plain HTML at the end of each guide page, hidden on screen and shown by the
print style sheet instead of the page (see site/assets/print.css). Search skips it
(`data-search-exclude`, and `data-pagefind-ignore` for Pagefind), so the page's words are not indexed twice.
"""

from __future__ import annotations

from ..model import Catalogue, Contact, Guide, Material
from ..wording import facts
from ..wording.escape import attribute, escape
from . import paths
from .qr import QrCodes

OPENING = '<section class="print-sheet" data-search-exclude data-pagefind-ignore="all">'


def print_sheet(guide: Guide, catalogue: Catalogue, *, site_url: str, qr: QrCodes) -> str:
    department = catalogue.departments.get(guide.department)
    rows = [
        OPENING,
        '<p class="print-sheet__title">一次性告知单</p>',
        _qr(guide, site_url, qr),
        f"<p>受理部门：{escape(guide.bodies.accepting or (department.name if department else guide.department))}</p>",
        '<p class="print-sheet__case" hidden></p>',  # the reader's chosen case, filled in by assets/guides-chooser.js
        *_conditions(guide),
        "<p><strong>申请材料</strong>（请逐项核对，在方框内打勾）：</p>",
        '<ul class="print-sheet__checklist">',
        *(f"<li{_when(m.when)}>{_material(m)}</li>" for m in guide.materials),
        *(["<li>无须提交材料</li>"] if not guide.materials else []),
        "</ul>",
        f"<p><strong>办理时限</strong>：{escape(facts.time_text(guide))}"
        + (f"（法定 {escape(guide.time_limit.statutory.text())}）" if guide.time_limit.statutory else "") + "</p>",
        f"<p><strong>收费</strong>：{escape(facts.fee_text(guide))}</p>",
        *(f"<p{_when(i.when)}><strong>减免</strong>：{escape(i.name)}{'：' + escape(i.note) if i.note else '可以减免'}</p>"
          for i in guide.fees.items if i.waivable),
        f"<p><strong>到现场</strong>：{escape(facts.visits_text(guide))}</p>",
        *(f"<p{_when(p.when)}><strong>办理地点</strong>：{escape(p.name)}，{escape(p.address)}；{escape(p.hours)}"
          + (f"；电话 {escape(p.phone)}" if p.phone else "") + "</p>" for p in guide.locations),
        f"<p><strong>咨询电话</strong>：{_phones(guide.contacts.consult)}</p>",
        f"<p><strong>投诉电话</strong>：{_phones(guide.contacts.complaint)}</p>",
        f'<p class="print-sheet__note">以上为办理本事项的全部材料，窗口不得要求提交清单以外的材料。'
        f"本告知单依据 {escape(guide.updated)} 核对的办事指南打印。</p>",
        "</section>",
    ]
    return "\n".join(rows)


def _material(material: Material) -> str:
    details = [material.form] if material.form else []  # a partial guide may lack it
    if material.copies:
        details.append(f"{material.copies} 份")
    needed = facts.needed_text(material)
    if material.necessity and material.necessity != "必要" and not needed:
        details.append(material.necessity)
    if material.source == "电子证照调取":
        details.append("可由电子证照调取")
    # when a conditional material is needed, not just 非必要: the reader sees at once whether it is theirs
    shown = "，".join(details) + ("；" if details and needed else "") + needed.replace("以下情况需要提供：", "以下情况需要：", 1)
    return escape(material.name) + (f"（{escape(shown)}）" if shown else "")


def _when(when: tuple[str, ...]) -> str:
    """The marker the situation chooser hides an item by when the reader's case does not need it."""
    return f' data-when="{attribute("|".join(when))}"' if when else ""


def _conditions(guide: Guide) -> list[str]:
    """受理条件 in short: each condition's first sentence, so the sheet stays one page."""
    if not guide.conditions:
        return []
    items = [f"<li{_when(c.when)}>{escape(_first_sentence(c.text))}</li>" for c in guide.conditions]
    return ["<p><strong>受理条件</strong>：</p>", '<ul class="print-sheet__conditions">', *items, "</ul>"]


def _first_sentence(text: str, limit: int = 60) -> str:
    head = text.split("。", 1)[0]
    return head + "。" if len(head) <= limit else head[:limit] + "…"


def _phones(contacts: tuple[Contact, ...]) -> str:
    return "；".join(escape(c.label) + (f" {escape(c.phone)}" if c.phone else "") for c in contacts)


def qr_url(guide: Guide, site_url: str) -> str:
    """The address the print sheet's QR code encodes: the guide's page ("" without a site_url)."""
    return qr_url_of(guide.id, site_url)


def qr_url_of(guide_id: str, site_url: str) -> str:
    return site_url.rstrip("/") + "/" + paths.url_of(paths.guide_page_of(guide_id)) if site_url else ""


def _qr(guide: Guide, site_url: str, qr: QrCodes) -> str:
    url = qr_url(guide, site_url)
    if not url:
        return ""
    return (f'<figure class="print-sheet__qr">{qr.svg(url)}'
            f"<figcaption>扫码查看最新版本：{escape(url)}</figcaption></figure>")
