"""A list of guides as links with their key facts, as every index and department page shows it."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Guide
from ..wording import facts
from ..wording.escape import escape
from . import markup, paths


class Listing:
    """Each guide's key facts, worked out once for all the lists of one render that show the guide (its type, themes,
    level and department: about five lists a guide)."""

    def __init__(self) -> None:
        self.facts: dict[str, str] = {}  # guide id → what follows its link

    def item(self, guide: Guide, source: str) -> str:
        told = self.facts.get(guide.id)
        if told is None:
            status = f"（{escape(guide.status)}）" if facts.is_inactive(guide) else ""
            brief = " · ".join([facts.time_text(guide), facts.fee_text(guide), facts.visits_text(guide)])
            told = self.facts[guide.id] = f"{status}：{escape(brief)}"
        return markup.link(paths.url_href(source, paths.guide_page(guide)), escape(guide.name)) + told


def guide_list(guides: Iterable[Guide], source: str, listing: Listing | None = None) -> str:
    """HTML (markup.py): the lists that grow with the catalogue are on pages written as HTML."""
    listing = listing or Listing()
    return markup.bullets(listing.item(g, source) for g in guides)
