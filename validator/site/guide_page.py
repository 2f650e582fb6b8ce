"""One guide as one page, in the order a citizen reads it.

能不能办 (conditions) → 带什么 (materials) → 怎么办 (steps) → 多久 / 多少钱 → 在哪办 / 网上办
→ 拿到什么 → 问谁 / 投诉谁, after a summary box that answers the first questions at a glance.

Written as HTML (markup.py), not Markdown: these are most of a site's pages, and the build need not parse back
what the renderer already knows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from itertools import islice
from typing import TYPE_CHECKING

from ..model import Catalogue, Contact, Guide, Material, When
from ..spool import Spooled
from ..standard.schemas import load_schema
from ..standard.walk import element_title
from ..wording import facts
from ..wording.escape import attribute, escape, is_https, link, tel
from ..wording.plain import AUDIENCE, NECESSITY, ONLINE, SOURCE, plain
from . import markup, paths
from .basis import basis_section
from .flowchart import flowchart
from .markup import admonition, bullets, card_table, heading, para, strong
from .print_sheet import print_sheet
from .qr import QrCodes
from .stored import stored_key

# Elements of the standard the page does not show, and why (tests/test_drift.py holds every other one to a place).
NOT_SHOWN: dict[str, str] = {
    "materials[].basis": "why a material is required is for the reviewers of the list (M802); a citizen reads what to bring",
    "time_limit.excluded[].limit.note": "the special procedures' table shows each procedure's own note (excluded[].note), "
                                        "not a note on its time limit",
}

if TYPE_CHECKING:
    from ..laws import LawRegistry
    from ..spool import Spool

# Resolves a material's blank form or sample (a path in the repository or an https address)
# to an HTML link written from the guide page.
FileLink = Callable[[Guide, str, str], str]


def render_guide(guide: Guide, catalogue: Catalogue, *, site_url: str, file_link: FileLink, qr: QrCodes, history: str = "",
                 laws: LawRegistry | None = None) -> str:
    """The guide's page. What it reads is what `render_key` digests: a new read here is a new part there."""
    page = paths.guide_page(guide)
    sections = [
        heading(1, escape(guide.name or guide.id)),
        _aliases(guide),
        _banner(guide),
        _incomplete(guide),
        _summary_box(guide, catalogue, page),
        _situations(guide),
        _conditions(guide),
        _materials(guide, file_link),
        _process(guide),
        _time_limit(guide),
        _fees(guide),
        _locations(guide),
        _online(guide),
        _result(guide, file_link),
        _contacts(guide),
        _faq(guide),
        basis_section(guide, laws),
        _related(guide, catalogue, page),
        _codes(guide),
        heading(2, "更新日期"),
        para(f"本指南最近核对于 {escape(guide.updated)}。" + markup.link(paths.url_href(page, paths.guide_json(guide)), "下载本事项的开放数据（JSON）")),
        history,  # 最近更新 and the latest changes from git (site/history.py), HTML
        print_sheet(guide, catalogue, site_url=site_url, qr=qr),
    ]
    return markup.page(escape(guide.name, one_line=True), *sections, description=escape(guide.summary, one_line=True))


def render_key(guide: Guide, catalogue: Catalogue, *, model: str, site_url: str, history: str, published: str,
               laws: LawRegistry | None) -> str:
    """A digest of all `render_guide` reads for `guide`, besides code: the guide's whole model (`model`, the digest of
    its open-data JSON: stored.text_digest), its department, its related items' names and addresses, its history
    block, the site's address (the QR code), the published attachments (`published`, a digest of their paths) and the law registry's sources."""
    department = catalogue.departments.get(guide.department)
    related = [[other.id, other.name, paths.guide_page(other)] if (other := catalogue.guide(ref)) is not None else ref
               for ref in guide.related]
    return stored_key("guide-page", [model, department, related, site_url, history, published,
                                     laws.sources_digest() if laws is not None else ""])


class GuidePages:
    """The guide pages of one build by `render_key`, taken from those of earlier builds (`known`) where the key is the
    same (mkdocs_plugin/stored_maps.py keeps them, stamped with this package's code); the 权力清单's files too, by
    their own key (power_list.py)."""

    def __init__(self, known: Mapping[str, str | Spooled] | None = None) -> None:
        self._known = known or {}  # a text, or where it is (stored_maps.py leaves the guide pages unread in their pack)
        self.made: dict[str, str | tuple[str, str] | Spooled] = {}  # a text, its head and body (`hold_body`), or where it is kept
        self.helped = 0  # pages made by the helper (two_ends.py)

    def page(self, key: str, render: Callable[[], str], *, keep: bool = True) -> str:
        """The text stored under `key`, or `render()`'s; `keep`: record it in `made`, to be stored for the next build
        (not in two_ends.py's helper, whose records would go nowhere: the build records what the helper gives it).
        For a text that goes into another (a card, a row); a whole page or file is taken as `whole` takes it."""
        page = self.whole(key, render, keep=keep)
        return page.text() if isinstance(page, Spooled) else page

    def whole(self, key: str, render: Callable[[], str], *, keep: bool = True) -> str | Spooled:
        """`page`, where one stored is taken unread (a `Spooled` text in the store's pack): a page or file as a whole,
        read when mkdocs puts it out, if at all."""
        page = self._known.get(key)
        if page is None:
            page = render()
        if keep:
            self.made[key] = page
        return page

    def hold_body(self, key: str, body: str) -> None:
        """`body`, the end of the text made under `key`, is now a text of its own elsewhere (mkdocs' file of an HTML
        page holds its body alone): the text is recorded as its head and that body, not kept whole beside it (300 MB
        at 10 000 guides). One taken from an earlier build stays whole: the store holds it anyway, and copies its bytes."""
        page = self.made.get(key)
        if isinstance(page, str) and page is not self._known.get(key) and len(body) < len(page) and page.endswith(body):
            self.made[key] = (page[:len(page) - len(body)], body)

    def knows(self, key: str) -> bool:
        """Whether an earlier build's page has this key."""
        return key in self._known

    def moved(self, key: str, kept: Spooled) -> None:
        """The text made under `key` is now `kept` in a spool (spool.py): recorded so, it is not held in memory."""
        self.made[key] = kept

    def keep_made(self, spool: Spool, since: int) -> dict[int, str | Spooled]:
        """The texts made after the first `since` (a count of `made`) kept in `spool`, not in memory, except those of an
        earlier build (the store holds them anyway); by the id of each text, where it now is (itself, where it stays)."""
        moved: dict[int, str | Spooled] = {}
        for key, text in list(islice(self.made.items(), since, None)):
            if isinstance(text, str):
                moved[id(text)] = self.made[key] = text if text is self._known.get(key) else spool.keep(text)
        return moved

    def given(self, key: str, page: str | Spooled | None) -> str | Spooled:
        """A page made elsewhere (by the helper of two_ends.py, which leaves it in its spool), kept as `page` keeps
        what it renders; None for one an earlier build made, which the helper names by its key only (it need not
        travel back)."""
        if page is None:
            page = self._known[key]
        else:
            self.helped += 1
        self.made[key] = page
        return page


def when_mark(when: When, lead: str = "适用情形") -> str:
    """The situations an item applies to, in words, with a machine-readable marker (`data-when`, names joined by
    "|") for the situation chooser to filter by; "" for an item that applies always."""
    if not when:
        return ""
    names = attribute("|".join(when))
    return f'<span class="guide-when" data-when="{names}">{escape(lead)}：{escape(facts.situations_text(when))}</span>'


def _aliases(guide: Guide) -> str:
    return f'<p class="guide-aliases">又称：{escape("、".join(guide.aliases))}</p>' if guide.aliases else ""


def _situations(guide: Guide) -> str:
    """The questions that decide what applies, each with its options: what the labels below refer to. With
    JavaScript (assets/guides-chooser.js) they become a form that narrows the page to the reader's case."""
    if not guide.situations:
        return ""
    listed = []
    for question in guide.situations:
        head = strong(escape(question.question)) + ("（可多选）" if question.multiple else "")
        if question.when:
            head += f"（{when_mark(question.when, '只在以下情况下要回答')}）"
        if question.note:
            head += f"<br><small>{escape(question.note)}</small>"
        listed += [para(head), bullets(escape(o.name) + (f"：{escape(o.note)}" if o.note else "") for o in question.options)]
    data = [{"question": q.question, "multiple": q.multiple, "note": q.note or "", "when": list(q.when),
             "options": [{"name": o.name, "note": o.note or ""} for o in q.options]} for q in guide.situations]
    chooser = f'<div class="guide-chooser" data-situations="{attribute(json.dumps(data, ensure_ascii=False))}" hidden></div>'
    return "\n".join([heading(2, "办理情形"), para("下面的材料、条件、流程、收费和时限，有些只在某些情况下才需要，已在各项旁注明。先看看您属于哪种情况："),
                      chooser, '<div class="guide-situations-list">', *listed, "</div>"])


def _incomplete(guide: Guide) -> str:
    """A guide published under a baseline with elements still missing (issue 12) says so at the top, and which."""
    if not guide.missing:
        return ""
    schema = load_schema("guide")
    lacking = "、".join(dict.fromkeys(element_title(schema, name) for name in guide.missing))
    return admonition("warning", "本指南尚不完整", para(f"缺少：{escape(lacking)}。办理前请以窗口告知为准。"))


def _banner(guide: Guide) -> str:
    if not facts.is_inactive(guide):
        return ""
    note = escape(guide.status_note) if guide.status_note else "请向咨询电话了解替代办法。"
    return admonition("danger", facts.status_banner(guide), para(note))


def _summary_box(guide: Guide, catalogue: Catalogue, page: str) -> str:
    """The first screen: where to go, when, which phone, how long, how much, how many trips, online — in plain words."""
    department = catalogue.departments.get(guide.department)
    accepting = guide.bodies.accepting
    if department and accepting in (None, department.name):  # where the citizen applies: the accepting body
        who = markup.link(paths.url_href(page, paths.department_page(guide.department)), escape(department.short_name))
    else:
        who = escape(accepting or guide.department)
    place = next((p for p in guide.locations if not p.when), guide.locations[0] if guide.locations else None)
    where = who + (f"<br>{escape(place.address)}（{escape(place.name)}）" if place else "")
    phone = (place.phone if place and place.phone else None) or next((c.phone for c in guide.contacts.consult if c.phone), None)
    online = escape(plain(ONLINE, guide.online.depth))
    button = ""
    if is_https(guide.online.url) and guide.online.depth != "不支持网办":
        button = f'<a class="md-button md-button--primary guide-online" href="{attribute(guide.online.url)}">去网上办理</a>'
    lines = [
        para(escape(guide.summary)),
        bullets([
            f"{strong('到哪里办')}：{where}",
            *([f"{strong('办公时间')}：{escape(place.hours)}"] if place else []),
            *([f"{strong('咨询电话')}：{tel(phone)}"] if phone else []),
            f"{strong('要多久')}：{escape(facts.time_text(guide))}",
            f"{strong('要多少钱')}：{escape(facts.fee_text(guide))}",
            f"{strong('要跑几次')}：{escape(facts.visits_text(guide))}",
            f"{strong('网上能不能办')}：{online}",
            f"{strong('谁可以办')}：{'、'.join(_term(AUDIENCE, a) for a in guide.audience)}",
        ]),
        para(f'{button}<button type="button" class="md-button guide-print" hidden>打印一次性告知单</button>', "guide-actions"),
    ]
    return admonition("abstract", "办事一览", "\n".join(lines))


def _term(vocabulary: dict[str, str], term: str) -> str:
    """The plain word, with the standard's term as its tooltip where they differ: 个人 (自然人)."""
    word = plain(vocabulary, term)
    return escape(word) if word == term else f'<abbr title="{attribute(term)}">{escape(word)}</abbr>'


def _conditions(guide: Guide) -> str:
    parts = [heading(2, "受理条件"), bullets(escape(c.text) + (f"（{when_mark(c.when)}）" if c.when else "") for c in guide.conditions)]
    if guide.quantity_limit:
        parts.append(para(f"{strong('数量限制')}：{escape(guide.quantity_limit)}"))
    if guide.intermediary:
        parts += [para(f"{strong('需要的中介服务')}（申请人可自主选择服务机构）："), bullets(
            escape(i.name) + f"（依据：{escape(i.basis)}）" + (f"，服务机构：{escape(i.provider)}" if i.provider else "")
            for i in guide.intermediary)]
    return "\n".join(parts)


def _materials(guide: Guide, file_link: FileLink) -> str:
    if not guide.materials:
        return "\n".join([heading(2, "申请材料"), para("无须提交材料。"), para(escape(guide.materials_note)) if guide.materials_note else ""])
    headers = ["材料名称", "原件/复印件", "纸质/电子", "份数", "是否必须", "来源"]
    rows = [[_material_name(m), escape(m.form), escape(m.medium), escape(m.copies) if m.copies else "",
             _term(NECESSITY, m.necessity), escape(plain(SOURCE, m.source) if m.source != "其他" else "")]
            for m in guide.materials]
    downloads = [_downloads(guide, m, file_link) for m in guide.materials]
    if any(downloads):  # a column of dashes helps nobody
        headers.append("表格下载")
        rows = [[*row, links] for row, links in zip(rows, downloads, strict=True)]
    table = card_table(headers, rows, "materials")
    count = f'<p class="guide-count" data-total="{len(guide.materials)}">共 {len(guide.materials)} 项。</p>'
    parts = [heading(2, "申请材料"), count, table]
    if guide.materials_note:
        parts.append(para(escape(guide.materials_note)))
    return "\n".join(parts)


def _material_name(material: Material) -> str:
    name = escape(material.name)
    if material.when:
        name += "<br>" + when_mark(material.when, "以下情况需要提供")
    if material.when_note:
        name += f"<br><small>{escape(material.when_note if material.when else '需要提供的情形：' + material.when_note)}</small>"
    return f"{name}<br><small>{escape(material.notes)}</small>" if material.notes else name


def _downloads(guide: Guide, material: Material, file_link: FileLink) -> str:
    found = [file_link(guide, ref, label) for ref, label in ((material.blank_form, "空白表格"), (material.sample, "填写样表")) if ref]
    return "<br>".join(found)


def _process(guide: Guide) -> str:
    steps = []
    for step in guide.process:
        line = f"{strong(escape(step.name))}（{escape(step.actor)}）：{escape(step.description)}"
        if step.when:
            line += f"（{when_mark(step.when)}）"
        if step.duration:
            line += f"（时限：{escape(facts.duration_text(step.duration))}）"
        steps.append(line)
    return "\n".join([heading(2, "办理流程"), flowchart(guide), markup.numbered(steps)])


def _time_limit(guide: Guide) -> str:
    limit = guide.time_limit
    items = [f"{strong('办件类型')}：{escape(limit.kind)}"] if limit.kind else []
    items += [f"{strong(label)}：{escape(facts.duration_text(duration))}"
              for label, duration in (("法定办结时限", limit.statutory), ("承诺办结时限", limit.promised),
                                      ("办理时限（未注明法定或承诺）", limit.stated)) if duration is not None]
    if not (limit.statutory or limit.promised or limit.stated) and any(step.duration for step in guide.process):
        items.append(f"{strong('办理时限')}：没有写总时限，见办理流程中各环节的时限")
    if limit.intake:
        items.append(f"{strong('受理时间')}：{escape(limit.intake)}")
    items += [f"{strong(when_mark(s.when, '以下情况'))}：{escape(facts.situation_limit_text(s).split('：', 1)[1])}"
              for s in limit.by_situation]
    if guide.joint_departments:
        items.append(f"{strong('联办机构')}：{escape('、'.join(guide.joint_departments))}")
    parts = [heading(2, "办理时限"), bullets(items)]
    if limit.excluded:
        parts += [para("以下特别程序所需时间不计入办理时限："),
                  card_table(["特别程序", "时限", "说明"],
                             [[escape(p.name), escape(facts.limit_text(p.limit)), escape(p.note or "")] for p in limit.excluded], "procedures")]
    return "\n".join(parts)


def _fees(guide: Guide) -> str:
    parts = [heading(2, "收费")]
    if not guide.fees.charged:
        parts.append(para(f"{strong('不收费')}。"))
    else:
        parts.append(card_table(["收费项目", "收费标准", "收费依据", "减免"], [
            [escape(i.name) + (f"<br>{when_mark(i.when)}" if i.when else ""), escape(i.standard), escape(i.basis),
             {True: "可以减免", False: "不减免"}.get(i.waivable, "") + (f"：{escape(i.note)}" if i.note else "")]
            for i in guide.fees.items], "fees"))
    if guide.fees.note:
        parts.append(para(escape(guide.fees.note)))
    return "\n".join(parts)


def _locations(guide: Guide) -> str:
    parts = [heading(2, "办理地点和时间")]
    for place in guide.locations:
        items = [f"{strong('地址')}：{escape(place.address)}", f"{strong('办公时间')}：{escape(place.hours)}"]
        if place.phone:
            items.append(f"{strong('电话')}：{tel(place.phone)}")
        if place.transit:
            items.append(f"{strong('交通')}：{escape(place.transit)}")
        parts += [para(strong(escape(place.name)) + (f"（{when_mark(place.when)}）" if place.when else "")), bullets(items)]
    service = _delivery(guide)
    if service:
        parts.append(para(f"{strong('便民服务')}：{service}"))
    if guide.visits and guide.visit_reason:
        parts.append(para(f"{strong('为什么要到现场')}：{escape(guide.visit_reason)}"))
    return "\n".join(parts)


def _delivery(guide: Guide) -> str:
    offered = []
    if guide.scope:
        offered.append(escape(guide.scope))
    if guide.delivery:
        named = {"express": "结果可快递送达", "appointment": "可预约办理", "online_payment": "可网上缴费"}
        offered += [text for key, text in named.items() if getattr(guide.delivery, key)]
    return "；".join(offered)


def _online(guide: Guide) -> str:
    items = [f"{strong('网上办理深度')}：{escape(guide.online.depth)}"]
    if guide.online.url:
        items.append(f"{strong('网办地址')}：{link(guide.online.url)}")
    if guide.online.note:
        items.append(f"{strong('说明')}：{escape(guide.online.note)}")
    return heading(2, "网上办理") + "\n" + bullets(items)


def _result(guide: Guide, file_link: FileLink) -> str:
    result = guide.result
    items = [f"{strong('结果名称')}：{escape(result.name)}", f"{strong('结果类型')}：{escape(result.type)}"]
    if result.validity:
        items.append(f"{strong('有效期')}：{escape(result.validity)}")
    if result.sample:
        items.append(f"{strong('结果样本')}：{file_link(guide, result.sample, '查看样本')}")
    return heading(2, "审批结果") + "\n" + bullets(items)


def _contact(contact: Contact) -> str:
    ways = [tel(contact.phone)] if contact.phone else []
    if contact.url:
        ways.append(link(contact.url, "网上咨询投诉入口"))
    return f"{escape(contact.label)}：{' '.join(ways)}"


def _contacts(guide: Guide) -> str:
    return "\n".join([
        heading(2, "咨询与投诉"),
        para(strong("咨询")), bullets(_contact(c) for c in guide.contacts.consult),
        para(strong("投诉")), bullets(_contact(c) for c in guide.contacts.complaint),
    ])


def _faq(guide: Guide) -> str:
    if not guide.faq:
        return ""
    return "\n".join([heading(2, "常见问题"), *(para(strong(f"问：{escape(f.q)}")) + "\n" + para(f"答：{escape(f.a)}") for f in guide.faq)])


def _related(guide: Guide, catalogue: Catalogue, page: str) -> str:
    found = [other for other in map(catalogue.guide, guide.related) if other is not None]
    if not found:
        return ""
    return heading(2, "关联事项") + "\n" + bullets(
        markup.link(paths.url_href(page, paths.guide_page(other)), escape(other.name)) for other in found)


def _codes(guide: Guide) -> str:
    bodies = guide.bodies
    body = bodies.implementing
    rows = [("实施主体", f"{body.name}（{body.nature}）" if body else None), ("实施主体统一社会信用代码", body.uscc if body else None),
            ("受理机构", bodies.accepting), ("决定机构", bodies.deciding), ("承办机构", bodies.handling),
            ("共同实施部门", "、".join(bodies.co_implementing)),
            ("基本编码", guide.basic_code), ("实施编码", guide.impl_code), ("业务办理项编码", guide.handle_code),
            ("事项类型", guide.type), ("行使层级", guide.level), ("权力来源", guide.power_source),
            ("服务主题", "、".join(guide.themes))]
    return heading(2, "事项信息") + "\n" + markup.table(["要素", "内容"], [[name, escape(value)] for name, value in rows if value])
