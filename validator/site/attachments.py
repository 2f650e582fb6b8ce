"""Blank forms and samples kept in the repository next to a guide, published under files/.

A material may name `files/shenqingshu.pdf` (relative to its guide's folder) or an https address.
Local files are read here, once, so the renderer itself never touches the disk.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..boundary import leaves
from ..model import Catalogue, Guide


def attachment_path(guide: Guide, ref: str) -> str | None:
    """Where a guide's local file is published; None for an address or a path leaving the folder."""
    if ref.startswith("https://"):
        return None
    relative = posixpath.normpath(ref.replace("\\", "/"))
    if relative.startswith(("../", "/")) or relative in ("..", "."):
        return None
    return f"files/{guide.department}/{relative}"


def _refs(guide: Guide) -> list[str]:
    refs = [ref for m in guide.materials for ref in (m.blank_form, m.sample) if ref]
    return refs + ([guide.result.sample] if guide.result.sample else [])


def collect_attachments(catalogue: Catalogue, root: Path) -> dict[str, bytes]:
    """Every local file the guides refer to that exists, by its published path; never one a symlink takes outside
    the catalogue `root` (M805 reports it; switching M805 off does not publish it)."""
    found: dict[str, bytes] = {}
    for guide in catalogue.guides:
        folder = Path(guide.source).parent
        for ref in _refs(guide):
            published = attachment_path(guide, ref)
            source = folder / ref
            if published and source.is_file() and not leaves(source, root):
                found[published] = source.read_bytes()
    return found
