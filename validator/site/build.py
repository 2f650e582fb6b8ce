"""From a catalogue folder to pages: check, then render only what passed. Used by the plugin and the CLI."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..check.config import Config
from ..check.file_check import guide_id
from ..check.files import PROFILE_NAME, discover
from ..check.result_cache import ResultCache
from ..check.run import CheckRun, check_catalogue
from ..digests import package_stamp
from ..editor.site import editor_files
from ..laws.store import LawRegistry
from ..model import Guide
from ..report.assessment import GuideFigures, assess, guide_figures
from ..spool import Spool
from .adjustments import adjustments
from .attachments import collect_attachments
from .guide_page import GuidePages
from .history import history_blocks, read_history
from .print_sheet import qr_url_of
from .qr import QrCodes
from .render import Pages, render_site
from .stored import stored_key


@dataclass
class SiteBuild:
    run: CheckRun
    pages: Pages = field(default_factory=dict)  # empty when the catalogue has errors


def build_site(root: Path, *, config: Config | None = None, site_name: str, site_url: str, popular: Sequence[str] = (),
               qr: QrCodes | None = None, guide_pages: GuidePages | None = None, jobs: int | None = None,
               stored: ResultCache | None = None, spool: Spool | None = None) -> SiteBuild:
    """Check every file under `root`; when nothing is an error, render the whole site (`qr`, `guide_pages`: render_site's;
    `jobs`: the check's processes; `stored`: the check results of earlier builds; `spool`: render_site's)."""
    config = config or Config()
    qr = qr or QrCodes(jobs=jobs)
    if site_url:  # the codes are made beside the check, for the guides its files will be (qr.py)
        qr.start([qr_url_of(guide_id(path)[0], site_url) for path in discover([str(root)]) if path.name != PROFILE_NAME])
    try:
        run = check_catalogue(root, config, jobs=jobs, stored=stored)
        if run.errors:
            return SiteBuild(run)
        # The check made the models with the collector paused; they live until the site is written. Frozen, the next
        # collections need not walk them (at 10 000 guides the first one took 1.8 s). The caller unfreezes them when it
        # is done with them (the mkdocs plugin when the build ends, `guides render` once the pages are written).
        gc.freeze()
        history = read_history(root)  # one git log for the guide pages' history and the 权力清单's record
        assessment = assess(run.catalogue, [*run.diagnostics, *run.known], root, run.laws, _stored_figures(guide_pages, run.digests, run.laws))
        blocks, changes = history_blocks(root, run.catalogue, read=history), adjustments(history, run.catalogue, run.digests)
        run.catalogue.release_data()  # what read the guides' data as written has read it: the pages read the models
        pages = render_site(run.catalogue, site_name=site_name, site_url=site_url, schema_version=run.schema_version, popular=popular,
                            attachments=collect_attachments(run.catalogue, root), assessment=assessment, history=blocks, laws=run.laws,
                            adjustments=changes, qr=qr, guide_pages=guide_pages, jobs=jobs, digests=run.digests, spool=spool)
        editor = editor_files(root, config.base, run.catalogue)  # admin/: the web editor, when its bundle is installed
        pages.update(editor.files)
        if editor.notice:
            run.notices.append(editor.notice)
        return SiteBuild(run, pages)
    finally:
        qr.stop()


def _stored_figures(guide_pages: GuidePages | None, digests: Mapping[str, str],
                    laws: LawRegistry | None) -> Callable[[Guide], GuideFigures] | None:
    """A guide's figures for the 工作台 (report/assessment.py), kept with the guide pages by all they read: the guide
    file's bytes, the schemas (this package's data) and the law registry's sources."""
    if guide_pages is None:
        return None
    sources = [package_stamp(), laws.sources_digest() if laws is not None else ""]

    def figures(guide: Guide) -> GuideFigures:
        digest = digests.get(guide.source)
        if digest is None:
            return guide_figures(guide, laws)
        text = guide_pages.page(stored_key("figures", [*sources, digest]), lambda: " ".join(map(repr, guide_figures(guide, laws))))
        completeness, _, bases = text.partition(" ")
        try:
            return float(completeness), int(bases)
        except ValueError:  # not what this function stores
            return guide_figures(guide, laws)

    return figures
