"""A list of guides as links with their key facts, as every index and department page shows it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from ..model import Guide
from ..wording import facts
from ..wording.escape import escape
from . import markup, paths
from .stored import Stored, of_model


class Listing:
    """Each guide's key facts, worked out once for all the lists of one render that show the guide (its type, themes,
    level and department: about five lists a guide)."""

    def __init__(self, stored: Stored | None = None, models: Mapping[str, str] | None = None) -> None:
        self.facts: dict[str, str] = {}  # guide id → what follows its link
        self.stored = stored  # as cards_files takes them: a guide's facts as an earlier build wrote them,
        self.models = models  # where its model is the same

    def item(self, guide: Guide, source: str) -> str:
        told = self.facts.get(guide.id)
        if told is None:
            told = self.facts[guide.id] = of_model(self.stored, self.models, guide.id, "listing", [], partial(_told, guide))
        return markup.link(paths.url_href(source, paths.guide_page(guide)), escape(guide.name)) + told


def _told(guide: Guide) -> str:
    status = f"（{escape(guide.status)}）" if facts.is_inactive(guide) else ""
    brief = " · ".join([facts.time_text(guide), facts.fee_text(guide), facts.visits_text(guide)])
    return f"{status}：{escape(brief)}"


def guide_list(guides: Iterable[Guide], source: str, listing: Listing | None = None) -> str:
    """HTML (markup.py): the lists that grow with the catalogue are on pages written as HTML."""
    listing = listing or Listing()
    return markup.bullets(listing.item(g, source) for g in guides)
