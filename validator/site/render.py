"""render_site: the validated model in, every generated page and file out (path → content).

Knows nothing of mkdocs: the plugin hands the result to mkdocs in memory, and
`guides render --out DIR` writes it to disk for any other engine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from ..digests import package_stamp
from ..model import Catalogue, Guide
from ..spool import Spool, Spooled
from ..two_ends import TwoEnds
from ..wording.escape import escape, link
from . import paths
from .adjustments import Adjustment, changes_feed, changes_page
from .attachments import attachment_path
from .cards import cards_files
from .dashboard import dashboard_page
from .departments import departments_index, render_department
from .flow_page import flow_files
from .guide_page import GuidePages, render_guide, render_key
from .home import home_page
from .indexes import levels_page, themes_page, types_page
from .joined import Joined
from .kiosk import kiosk_files
from .listing import Listing
from .open_data import guide_file, open_data_files, open_data_page
from .posters import poster_files
from .power_list import CHANGES, FEED, power_list_files
from .qr import QrCodes
from .rules_page import rules_page
from .stored import stored_key, text_digest

if TYPE_CHECKING:
    from ..laws import LawRegistry
    from ..report.assessment import Assessment

Pages = dict[str, str | bytes | Joined | Spooled]  # Joined: api/guides.json (joined.py); Spooled: guide pages kept in a spool


def render_site(catalogue: Catalogue, *, site_name: str = "政务服务办事指南", site_url: str = "", schema_version: str = "",
                attachments: Mapping[str, bytes] | None = None, assessment: Assessment | None = None,
                history: Mapping[str, str] | None = None, laws: LawRegistry | None = None, popular: Sequence[str] = (),
                adjustments: list[Adjustment] | None = None, qr: QrCodes | None = None,
                guide_pages: GuidePages | None = None, jobs: int | None = None, digests: Mapping[str, str] | None = None,
                spool: Spool | None = None) -> Pages:
    """`adjustments`: the 权力清单's 动态调整 record (adjustments.py); None where there is no history to read.
    `qr`: where the QR codes are made (with those of earlier builds); a new one by default. `guide_pages`: the guide
    pages of earlier builds, taken where nothing they read has changed (guide_page.render_key). `jobs`: processes
    for the guide pages (None: this one): with two, they are made from both ends (two_ends.py) while this process
    first makes the rest. `digests`: each guide file's content digest, by its `source` (the
    check's): a guide's open data is stored by it, with its department and this package's code and data. `spool`:
    where the guide pages made in this build are kept, not in memory (spool.py); each is then a `Spooled` text."""
    files = dict(attachments or {})

    def open_data(guide: Guide) -> str:
        """The guide's open data, and what the keys of its pages hold of it; taken from the store where the guide's file,
        its department and this package are the same (what its model is made from)."""
        if guide_pages is None or digests is None or guide.source not in digests:
            return guide_file(guide, schema_version)
        department = catalogue.departments.get(guide.department)
        return guide_pages.whole(stored_key("open-data", [package_stamp(), schema_version, guide.source, digests[guide.source], department]),
                                 partial(guide_file, guide, schema_version))

    since = len(guide_pages.made) if guide_pages is not None else 0
    texts = [open_data(guide) for guide in catalogue.guides]
    models = [text_digest(text) for text in texts]  # what the keys of a guide's pages hold of its model
    if spool is not None:  # read again only when written: each guide's file, then api/guides.json (100 MB at 10 000)
        keep = _kept_in(spool, guide_pages, since)
        texts = [keep(text) for text in texts]

    def file_link(guide: Guide, ref: str, label: str) -> str:
        published = attachment_path(guide, ref)
        if published in files:
            return f'<a href="{paths.url_href(paths.guide_page(guide), published)}">{escape(label)}</a>'
        return link(ref, label) if ref.startswith("https://") else ""

    stored = guide_pages.page if guide_pages is not None else None
    by_id = dict(zip((guide.id for guide in catalogue.guides), models, strict=True))
    listing = Listing(stored, by_id)
    pages: Pages = {
        paths.HOME: home_page(catalogue, site_name=site_name, popular=popular),
        paths.DEPARTMENTS: departments_index(catalogue),
        paths.THEMES: themes_page(catalogue, listing),
        paths.TYPES: types_page(catalogue, listing),
        paths.LEVELS: levels_page(catalogue, listing),
        paths.OPEN_DATA: open_data_page(catalogue, schema_version=schema_version),
        paths.RULES_PAGE: rules_page(),
    }
    if assessment is not None:
        pages[paths.DASHBOARD] = dashboard_page(assessment)
    for department in catalogue.departments.values():
        pages[paths.department_page(department.id)] = render_department(department, catalogue, listing)
    qr = qr or QrCodes()
    published = hashlib.blake2b("\0".join(sorted(files)).encode(), digest_size=16).hexdigest()

    def guide_page(place: int, keep: bool = True) -> tuple[str, str | Spooled]:
        """A guide's page, and its key ("" without `guide_pages`; `keep`: see GuidePages.page)."""
        guide = catalogue.guides[place]
        block = (history or {}).get(guide.id, "")
        render = partial(render_guide, guide, catalogue, site_url=site_url, file_link=file_link, qr=qr, history=block, laws=laws)
        if guide_pages is None:
            return "", render()
        key = render_key(guide, catalogue, model=models[place], site_url=site_url, history=block, published=published, laws=laws)
        return key, guide_pages.whole(key, render, keep=keep)

    def helped_page(place: int) -> tuple[str, str | Spooled | None]:
        """In the helper: a guide's key and page; the key alone for a page an earlier build made (this process has it)."""
        key, page = guide_page(place, keep=False)  # the helper holds no page it has sent
        return key, None if guide_pages is not None and guide_pages.knows(key) else page

    def kept(made: Callable[[], Mapping[str, str | bytes | Spooled]]) -> Mapping[str, str | bytes | Spooled]:
        """What `made` makes, its pages kept in the spool from now until mkdocs puts each out (the flow pages and the
        cards are 250 MB at 10 000 guides)."""
        since = len(guide_pages.made) if guide_pages is not None else 0
        files = made()
        if spool is None:
            return files
        keep = _kept_in(spool, guide_pages, since)
        return {path: keep(text) if isinstance(text, str) and path.endswith(".md") else text for path, text in files.items()}

    helper = TwoEnds()
    # A forked helper copies every page of the models that either process then reads (CPython writes each object's
    # reference count), 230 MB at 10 000 guides, and timed alternately with and without, cold at 1 000 and 10 000,
    # the builds were no faster with it: by default one process makes the guide pages.
    helper.start(len(catalogue.guides), helped_page, jobs or 1, forked=qr.forked)
    try:
        rest: Pages = {}
        for made in (partial(power_list_files, catalogue, stored),
                     partial(cards_files, catalogue, site_url=site_url, qr=qr, stored=stored, models=by_id),
                     partial(flow_files, catalogue, guide_pages.whole if guide_pages is not None else None, by_id),
                     partial(poster_files, catalogue, site_url=site_url, qr=qr),
                     partial(kiosk_files, catalogue, site_name=site_name, stored=stored)):
            rest.update(kept(made))
        rest[CHANGES] = changes_page(adjustments)
        rest[FEED] = changes_feed(adjustments, site_url=site_url, updated=max((str(g.updated) for g in catalogue.guides), default="2000-01-01"))
        rest.update(open_data_files(catalogue, schema_version=schema_version, site_url=site_url, texts=texts, stored=stored, models=by_id))
        for place, guide in enumerate(catalogue.guides):
            made = helper.take(place)
            page: str | Spooled | None
            if made is None:
                key, page = guide_page(place)
                if spool is not None and isinstance(page, str) and not (guide_pages is not None and guide_pages.knows(key)):
                    page = spool.keep(page)  # one an earlier build made stays where the store has it
                    if guide_pages is not None:
                        guide_pages.moved(key, page)
            else:
                key, page = made  # the helper's page stays in its spool; None: one an earlier build made
                if spool is None and page is not None:
                    page = page.text()
                page = guide_pages.given(key, page) if guide_pages is not None else page
            assert page is not None
            pages[paths.guide_page(guide)] = page
    finally:
        helper.stop()
    pages.update(rest)
    pages.update(files)
    return pages


def _kept_in(spool: Spool, guide_pages: GuidePages | None, since: int) -> Callable[[str | Spooled], str | Spooled]:
    """Where a text made from now on is kept in `spool`, not in memory; the texts made by a key after the first
    `since` move there with it (GuidePages.keep_made), and one an earlier build made stays as it is (the store holds it)."""
    moved = guide_pages.keep_made(spool, since) if guide_pages is not None else {}
    return lambda text: text if isinstance(text, Spooled) else moved.get(id(text)) or spool.keep(text)
