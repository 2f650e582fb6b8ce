"""Service-point posters (服务事项公开栏 / 上墙清单): an A3 list of what a 乡镇 or 村 service point handles.

A service point is a department whose region code names a township (9 digits) or a village (12). It handles
its own items and those of other departments that name it as a place to go: a location whose name is one of
its windows, or whose address is its address. The poster gives each item's name, time, fee and visits, the
point's address, hours and phones, where to go for what it does not handle (the township's point for a
village; the county's departments otherwise), and one QR code to the poster's page on the site. Cancelled
and incomplete guides are left off, as on the window cards.
"""

from __future__ import annotations

from ..model import Catalogue, Department, Guide
from ..wording import facts
from ..wording.escape import attribute, escape, tel
from . import blocks, paths
from .cards import printable, scalable
from .qr import QrCodes

FOLDER = "posters"
INDEX = f"{FOLDER}/index.md"


def poster_page(department: str) -> str:
    return f"{FOLDER}/{department}.md"


def is_service_point(department: Department) -> bool:
    return len(department.region_code) in (9, 12)


def handled(point: Department, catalogue: Catalogue) -> list[Guide]:
    def names_it(guide: Guide) -> bool:
        return any(place.name in point.windows or place.address == point.address for place in guide.locations)

    return [g for g in catalogue.guides if printable(g) and (g.department == point.id or names_it(g))]


def _elsewhere(point: Department, catalogue: Catalogue) -> list[str]:
    """Where to go for what this point does not handle."""
    lines = []
    if len(point.region_code) == 12:
        for town in catalogue.departments.values():
            if town.region_code == point.region_code[:9]:
                lines.append(f"**{escape(town.name)}**（{escape(town.address)}，{escape(town.hours)}，电话 {tel(town.consult_phone)}）")
    lines.append("县级事项：到县政务服务中心相关部门窗口办理，或扫描二维码查看全部办事指南")
    return lines


def poster(point: Department, catalogue: Catalogue, *, site_url: str, qr: QrCodes) -> str:
    page = poster_page(point.id)
    guides = handled(point, catalogue)
    rows = [[f"[{escape(g.name)}]({paths.href(page, paths.guide_page(g))})" + ("（暂停办理）" if g.status == "暂停" else ""),
             escape(facts.time_text(g)), escape(facts.fee_text(g)), escape(facts.visits_text(g))] for g in guides]
    url = site_url.rstrip("/") + "/" + paths.url_of(page) if site_url else ""
    code = (f'<figure class="poster__qr" data-url="{attribute(url)}">{scalable(qr.svg(url))}'
            f"<figcaption>扫码查看本清单和每个事项的办事指南</figcaption></figure>") if url else ""
    facts_block = blocks.bullets([f"**地址**：{escape(point.address)}", f"**办公时间**：{escape(point.hours)}",
                                  f"**咨询电话**：{tel(point.consult_phone)}　**投诉电话**：{tel(point.complaint_phone)}"])
    return blocks.page(
        f"{escape(point.name, one_line=True)}便民服务事项清单",
        f'<div class="poster" markdown="1">\n\n# {escape(point.name)}\n\n**便民服务事项公开栏**（共 {len(guides)} 项）\n\n{code}\n\n{facts_block}\n\n'
        + (blocks.table(["事项名称", "办理时限", "收费", "跑动次数"], rows) if rows else "本站暂无可办理的事项。")
        + "\n\n**本站不能办理的事项，请到：**\n\n" + blocks.bullets(_elsewhere(point, catalogue)) + "\n\n</div>", searchable=False)


def poster_files(catalogue: Catalogue, *, site_url: str, qr: QrCodes) -> dict[str, str | bytes]:
    points = [d for d in sorted(catalogue.departments.values(), key=lambda d: d.id) if is_service_point(d)]
    files: dict[str, str | bytes] = {poster_page(d.id): poster(d, catalogue, site_url=site_url, qr=qr) for d in points}
    rows = [[f"[{escape(d.name)}]({paths.href(INDEX, poster_page(d.id))})", "村" if len(d.region_code) == 12 else "乡镇（街道）",
             str(len(handled(d, catalogue)))] for d in points]
    files[INDEX] = blocks.page("便民服务站公开栏", "# 便民服务站公开栏（上墙清单）",
                               "乡镇（街道）和村（社区）便民服务站可办事项的上墙清单，用浏览器按 A3 纸打印即可，内容与办事指南同步。",
                               blocks.table(["服务站", "层级", "事项数"], rows) if rows else "目录中暂无乡镇或村级服务站。", searchable=False)
    return files
