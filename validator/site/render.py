"""render_site: the validated model in, every generated page and file out (path → content).

Knows nothing of mkdocs: the plugin hands the result to mkdocs in memory, and
`guides render --out DIR` writes it to disk for any other engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..model import Catalogue, Guide
from ..wording.escape import escape, link
from . import paths
from .adjustments import Adjustment, changes_feed, changes_page
from .attachments import attachment_path
from .cards import cards_files
from .dashboard import dashboard_page
from .departments import departments_index, render_department
from .flow_page import flow_files
from .guide_page import render_guide
from .home import home_page
from .indexes import levels_page, themes_page, types_page
from .kiosk import kiosk_files
from .open_data import open_data_files, open_data_page
from .posters import poster_files
from .power_list import CHANGES, FEED, power_list_files
from .print_sheet import qr_url
from .qr import QrCodes
from .rules_page import rules_page

if TYPE_CHECKING:
    from ..laws import LawRegistry
    from ..report.assessment import Assessment

Pages = dict[str, str | bytes]


def render_site(catalogue: Catalogue, *, site_name: str = "政务服务办事指南", site_url: str = "", schema_version: str = "",
                attachments: Mapping[str, bytes] | None = None, assessment: Assessment | None = None,
                history: Mapping[str, str] | None = None, laws: LawRegistry | None = None, popular: Sequence[str] = (),
                adjustments: list[Adjustment] | None = None, qr: QrCodes | None = None) -> Pages:
    """`adjustments`: the 权力清单's 动态调整 record (adjustments.py); None where there is no history to read.
    `qr`: where the QR codes are made (with those of earlier builds); a new one by default."""
    files = dict(attachments or {})

    def file_link(guide: Guide, ref: str, label: str) -> str:
        published = attachment_path(guide, ref)
        if published in files:
            return f'<a href="{paths.url_href(paths.guide_page(guide), published)}">{escape(label)}</a>'
        return link(ref, label) if ref.startswith("https://") else ""

    pages: Pages = {
        paths.HOME: home_page(catalogue, site_name=site_name, popular=popular),
        paths.DEPARTMENTS: departments_index(catalogue),
        paths.THEMES: themes_page(catalogue),
        paths.TYPES: types_page(catalogue),
        paths.LEVELS: levels_page(catalogue),
        paths.OPEN_DATA: open_data_page(catalogue, schema_version=schema_version),
        paths.RULES_PAGE: rules_page(),
    }
    if assessment is not None:
        pages[paths.DASHBOARD] = dashboard_page(assessment)
    for department in catalogue.departments.values():
        pages[paths.department_page(department.id)] = render_department(department, catalogue)
    qr = qr or QrCodes()
    if site_url:
        qr.prepare([qr_url(guide, site_url) for guide in catalogue.guides])
    for guide in catalogue.guides:
        pages[paths.guide_page(guide)] = render_guide(guide, catalogue, site_url=site_url, file_link=file_link, qr=qr,
                                                     history=(history or {}).get(guide.id, ""), laws=laws)
    pages.update(power_list_files(catalogue))
    pages.update(cards_files(catalogue, site_url=site_url, qr=qr))
    pages.update(flow_files(catalogue))
    pages.update(poster_files(catalogue, site_url=site_url, qr=qr))
    pages.update(kiosk_files(catalogue, site_name=site_name))
    pages[CHANGES] = changes_page(adjustments)
    pages[FEED] = changes_feed(adjustments, site_url=site_url, updated=max((str(g.updated) for g in catalogue.guides), default="2000-01-01"))
    pages.update(open_data_files(catalogue, schema_version=schema_version, site_url=site_url))
    pages.update(files)
    return pages
