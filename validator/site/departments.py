"""A page per department (profile, windows, hours, phones, its items) and the list of departments."""

from __future__ import annotations

from ..model import Catalogue, Department
from ..wording.escape import escape, link, tel
from . import markup, paths
from .listing import Listing, guide_list
from .markup import bullets, heading, para, strong

# Elements of a department profile its page does not show, and why (tests/test_drift.py holds every other one to a place).
NOT_SHOWN: dict[str, str] = {
    "short_name": "the page is headed by the full name; the short one labels the department on the home page and in each guide's summary",
    "uscc": "checked against the guides' implementation codes (C101, C103), not something a citizen asks for",
    "region_code": "sets a new guide's 行使层级 (guides new), not something a citizen asks for",
    "owners": "who reviews changes to the folder (CODEOWNERS), not for citizens",
}


def render_department(department: Department, catalogue: Catalogue, listing: Listing | None = None) -> str:
    source = paths.department_page(department.id)
    guides = catalogue.by_department(department.id)
    profile = [
        f"{strong('地址')}：{escape(department.address)}",
        f"{strong('办公时间')}：{escape(department.hours)}",
        f"{strong('咨询电话')}：{tel(department.consult_phone)}",
        f"{strong('投诉电话')}：{tel(department.complaint_phone)}",
    ]
    if department.website:
        profile.append(f"{strong('网站')}：{link(department.website)}")
    parts = [heading(1, escape(department.name)), bullets(profile)]
    if department.windows:
        parts += [heading(2, "办事窗口"), bullets(escape(w) for w in department.windows)]
    parts.append(heading(2, f"办理事项（{len(guides)} 项）"))
    parts.append(guide_list(guides, source, listing) if guides else para("本部门暂无已发布的办事指南。"))
    return markup.page(escape(department.name, one_line=True), *parts)


def departments_index(catalogue: Catalogue) -> str:
    rows = [[markup.link(paths.url_href(paths.DEPARTMENTS, paths.department_page(d.id)), escape(d.name)),
             str(len(catalogue.by_department(d.id))), tel(d.consult_phone)]
            for d in sorted(catalogue.departments.values(), key=lambda d: d.id)]
    return markup.page("按部门", heading(1, "按部门浏览"), markup.table(["部门", "事项数", "咨询电话"], rows))
