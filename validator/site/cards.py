"""Window cards (宣传卡片): one card per item of a department, for the counter's card holder.

Each card says what the service centre's rules ask of it (名称、依据、条件、数量、程序、时限、收费) in the
short form a card has room for, the phone to ask and a QR code to the guide's page. Printed, four cards
fill an A4 sheet, each A6 (105 × 148 mm, the common size of a counter's acrylic card holder): two cuts along
the dashed cross give four cards (site/assets/cards.css). Only complete guides in use are printed: a
cancelled item has no place on a counter, and a guide that fails the schema (published with a notice
under a baseline) would print a card with gaps — the page lists both instead of printing them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import partial

from ..model import Catalogue, Department, Guide
from ..wording import facts
from ..wording.escape import attribute, escape
from . import blocks, markup, paths
from .markup import para
from .print_sheet import qr_url
from .qr import QrCodes
from .stored import Stored, of_model

FOLDER = "cards"
INDEX = f"{FOLDER}/index.md"
BASIS_CHARS, CONDITION_CHARS, MATERIAL_CHARS, FEE_CHARS = 40, 60, 20, 40  # what fits an A6 card at 10 pt
MATERIALS_SHOWN = 6
# The printed card's line budget (cards.css: 10 pt, 1.45 line height, 16 pt name): lines it holds, and characters
# per line beside the 30 mm QR code, across the whole 89 mm, and in the name.
CARD_LINES, BESIDE_QR, WIDE, TITLE_PER_LINE = 23, 14, 24, 15


def cards_page(department: str) -> str:
    return f"{FOLDER}/{department}.md"


def printable(guide: Guide) -> bool:
    """Whether a guide gets a card: in use or suspended (the card says so), and complete."""
    return guide.status != "取消" and guide.complete and not guide.missing


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scalable(svg: str) -> str:
    """segno's SVG has a size but no viewBox: given one, it scales to the card's 30 mm instead of being cropped."""
    return re.sub(r'<svg ([^>]*?)width="(\d+)" height="(\d+)"', r'<svg \1viewBox="0 0 \2 \3"', svg, count=1)


def _row(label: str, value: str) -> str:
    return f'<p class="window-card__row"><b>{label}</b>{value}</p>'


def _lines(text: str, per_line: int) -> int:
    """Lines a text takes, a Latin letter or digit counted as half a Chinese character."""
    width = sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)
    return max(1, math.ceil(width / per_line))


def materials_shown(guide: Guide, fixed: list[tuple[str, int]]) -> int:
    """How many materials the card names: at most MATERIALS_SHOWN, and no more than its lines leave room for.

    Printed, a card holds CARD_LINES lines of 10 pt (130 mm at 1.45 line height, paragraph gaps included);
    `fixed` is every other row as (text, characters per line). The card clips what does not fit, so a long
    name and long conditions take lines from the material list (the count and the QR code still say all)."""
    used = 1 + 1.6 * _lines(guide.name, TITLE_PER_LINE) + sum(_lines(text, width) for text, width in fixed)
    room = int(CARD_LINES - used)
    if len(guide.materials) <= min(room, MATERIALS_SHOWN):
        return len(guide.materials)
    return max(0, min(room, MATERIALS_SHOWN) - 1)  # one line goes to 「另有 N 件」


def card(guide: Guide, department: Department | None, *, site_url: str, qr: QrCodes) -> str:
    """One card as HTML: every value escaped, no blank line (it stays one HTML block in the page's Markdown)."""
    basis = guide.basis[0] if guide.basis else None
    basis_text = _short(f"《{basis.title}》{basis.article}", BASIS_CHARS) if basis else "—"
    if len(guide.basis) > 1:
        basis_text += f"等 {len(guide.basis)} 项"
    conditions = _short(guide.conditions[0].text, CONDITION_CHARS) if guide.conditions else "无特别条件"
    if len(guide.conditions) > 1:
        conditions += f"（共 {len(guide.conditions)} 条）"
    statutory, promised = guide.time_limit.statutory, guide.time_limit.promised
    limits = facts.time_text(guide)
    if promised is not None and statutory is not None and statutory.text() not in limits:
        limits += f"；法定 {statutory.text()}"  # the counter shows both: the promise and what the law allows
    fee = _short(facts.fee_text(guide), FEE_CHARS)
    phone = next((c.phone for c in guide.contacts.consult if c.phone), None) or (department.consult_phone if department else "")
    paused = guide.status == "暂停"
    count = materials_shown(guide, [("事项类型" + guide.type, BESIDE_QR), ("实施依据" + basis_text, BESIDE_QR),
                                    ("受理条件" + conditions, BESIDE_QR), ("申请材料", WIDE), ("办理时限" + limits, WIDE),
                                    ("收费" + fee, WIDE), ("到现场", WIDE), ("咨询电话", WIDE), *([("暂停办理", WIDE)] if paused else [])])
    names = [escape(_short(m.name, MATERIAL_CHARS)) for m in guide.materials[:count]]
    more = (f'<p class="window-card__more">{"另有" if count else "共"} {len(guide.materials) - count} 件，扫码看完整清单</p>'
            if count < len(guide.materials) else "")
    url = qr_url(guide, site_url)
    code = (f'<figure class="window-card__qr" data-url="{attribute(url)}">{scalable(qr.svg(url))}<figcaption>扫码看完整指南</figcaption></figure>'
            if url else "")
    return "".join([
        f'<section class="window-card" data-guide="{attribute(guide.id)}">',
        f'<p class="window-card__dept">{escape(department.name if department else guide.department)}</p>',
        f'<h2 class="window-card__name">{escape(guide.name)}</h2>',
        '<p class="window-card__status">暂停办理</p>' if paused else "", code,
        _row("事项类型", escape(guide.type)), _row("实施依据", escape(basis_text)), _row("受理条件", escape(conditions)),
        _row(f"申请材料（{len(guide.materials)} 件）", ""),
        f'<ol class="window-card__materials">{"".join(f"<li>{n}</li>" for n in names)}</ol>' if names else "", more,
        _row("办理时限", escape(limits)), _row("收费", escape(fee)), _row("到现场", escape(facts.visits_text(guide))),
        _row("咨询电话", escape(phone)),
        "</section>",
    ])


def cards_files(catalogue: Catalogue, *, site_url: str, qr: QrCodes, stored: Stored | None = None,
                models: Mapping[str, str] | None = None) -> dict[str, str | bytes]:
    """A page of cards per department, and their index. `stored(key, make)`: a card as an earlier build made it, where
    all it reads (the guide's model: `models`, its open data's digest by guide id; its department's name and phone;
    the site's address) is the same."""

    def card_of(guide: Guide, department: Department) -> str:
        return of_model(stored, models, guide.id, "card", [department.name, department.consult_phone, site_url],
                        partial(card, guide, department, site_url=site_url, qr=qr))

    files: dict[str, str | bytes] = {}
    rows = []
    for department in sorted(catalogue.departments.values(), key=lambda d: d.id):
        page = cards_page(department.id)
        guides = catalogue.by_department(department.id)
        shown = [g for g in guides if printable(g)]
        left = [g for g in guides if not printable(g)]
        notes = [para(f"共 {len(shown)} 张卡片，A4 纸每张印 4 张（A6，105 × 148 毫米，放入柜台台卡架），沿虚线裁开。"
                      "用浏览器打印本页即可（纸张 A4、缩放 100%、不加页眉页脚）。")]
        if left:
            notes.append(para("未制作卡片：" + "、".join(markup.link(paths.url_href(page, paths.guide_page(g)), escape(g.name))
                                                        + f"（{'已取消' if g.status == '取消' else '指南不完整'}）" for g in left)))
        body = "\n".join(card_of(g, department) for g in shown)
        files[page] = markup.page(  # HTML (markup.py): a card per item
            f"{escape(department.name, one_line=True)}窗口卡片", markup.heading(1, f"{escape(department.name)}窗口卡片"), *notes,
            f'<div class="window-cards">\n{body}\n</div>' if shown else "", searchable=False)
        rows.append([f"[{escape(department.name)}]({paths.href(INDEX, page)})", str(len(shown))])
    files[INDEX] = blocks.page("窗口卡片", "# 窗口卡片（宣传卡片）",
                               "每个部门一页，每个事项一张卡片：名称、依据、条件、材料、时限、收费、跑动次数、咨询电话和指南二维码，"
                               "内容与办事指南同步生成。打印后放在窗口柜面，方便群众查询和监督。",
                               blocks.table(["部门", "卡片数"], rows), searchable=False)
    return files
