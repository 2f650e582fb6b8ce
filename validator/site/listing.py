"""A list of guides as links with their key facts, as every index and department page shows it."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Guide
from ..wording import facts
from ..wording.escape import escape
from . import markup, paths


def guide_item(guide: Guide, source: str) -> str:
    status = f"（{escape(guide.status)}）" if facts.is_inactive(guide) else ""
    brief = " · ".join([facts.time_text(guide), facts.fee_text(guide), facts.visits_text(guide)])
    return markup.link(paths.url_href(source, paths.guide_page(guide)), escape(guide.name)) + f"{status}：{escape(brief)}"


def guide_list(guides: Iterable[Guide], source: str) -> str:
    """HTML (markup.py): the lists that grow with the catalogue are on pages written as HTML."""
    return markup.bullets(guide_item(g, source) for g in guides)
