"""A page per department (profile, windows, hours, phones, its items) and the list of departments."""

from __future__ import annotations

from ..model import Catalogue, Department
from ..wording.escape import escape, link, tel
from . import blocks, paths
from .listing import guide_list

# Elements of a department profile its page does not show, and why (tests/test_drift.py holds every other one to a place).
NOT_SHOWN: dict[str, str] = {
    "short_name": "the page is headed by the full name; the short one labels the department on the home page and in each guide's summary",
    "uscc": "checked against the guides' implementation codes (C101, C103), not something a citizen asks for",
    "region_code": "sets a new guide's 行使层级 (guides new), not something a citizen asks for",
    "owners": "who reviews changes to the folder (CODEOWNERS), not for citizens",
}


def render_department(department: Department, catalogue: Catalogue) -> str:
    source = paths.department_page(department.id)
    guides = catalogue.by_department(department.id)
    profile = [
        f"**地址**：{escape(department.address)}",
        f"**办公时间**：{escape(department.hours)}",
        f"**咨询电话**：{tel(department.consult_phone)}",
        f"**投诉电话**：{tel(department.complaint_phone)}",
    ]
    if department.website:
        profile.append(f"**网站**：{link(department.website)}")
    parts = [f"# {escape(department.name)}", blocks.bullets(profile)]
    if department.windows:
        parts += ["## 办事窗口", blocks.bullets(escape(w) for w in department.windows)]
    parts.append(f"## 办理事项（{len(guides)} 项）")
    parts.append(guide_list(guides, source) if guides else "本部门暂无已发布的办事指南。")
    return blocks.page(escape(department.name, one_line=True), *parts)


def departments_index(catalogue: Catalogue) -> str:
    rows = [[f"[{escape(d.name)}]({paths.href(paths.DEPARTMENTS, paths.department_page(d.id))})",
             str(len(catalogue.by_department(d.id))), tel(d.consult_phone)]
            for d in sorted(catalogue.departments.values(), key=lambda d: d.id)]
    return blocks.page("按部门", "# 按部门浏览", blocks.table(["部门", "事项数", "咨询电话"], rows))
