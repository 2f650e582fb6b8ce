"""Change history on each guide page (动态调整): when it last changed and what changed, from git.

Built for a catalogue of thousands of guides: ONE `git log --raw -M` over the catalogue root
gives every commit with the blob ids of each file before and after (renames followed), and ONE
`git cat-file --batch` reads the blobs of the few latest entries per guide, which are compared
with the same semantic diff as `guides diff`. Dates are committer dates (`%cs`, YYYY-MM-DD): the
day a change landed in the repository. Outside git, for files git does not know, and at the
boundary of a shallow clone (where every file looks newly added) a page simply has no history.
`GUIDES_HISTORY=0` turns the block off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import git
from ..changes.elements import compare
from ..changes.words import summary
from ..check.loader import LoadFailed, load
from ..errors import GitError
from ..model import Catalogue
from ..wording.escape import escape
from .markup import bullets, para, strong

ENVIRONMENT = "GUIDES_HISTORY"
LIMIT = 5  # entries shown per guide


@dataclass(frozen=True)
class History:
    """The catalogue root's commits, read once per build for the guide pages and the 权力清单's record (adjustments.py)."""

    top: Path  # the repository's root
    folder: str  # the catalogue root, relative to it ("" at the top)
    commits: list[git.Commit]  # newest first


def read_history(root: Path) -> History | None:
    """ONE `git log` over the catalogue root; None outside git, without commits, or with `GUIDES_HISTORY=0`."""
    if os.environ.get(ENVIRONMENT, "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    top = git.toplevel(root)
    if top is None:
        return None
    top = top.resolve()
    try:
        folder = root.resolve().relative_to(top).as_posix()
        return History(top, folder if folder != "." else "", git.log(folder or ".", top))
    except (ValueError, GitError):  # the root outside the repository, a repository without commits
        return None


def history_blocks(root: Path, catalogue: Catalogue, limit: int = LIMIT, *, read: History | None = None) -> dict[str, str]:
    """Guide id → the HTML of its history block; guides without known history are absent.
    `read`: the history already read for this build (read_history), else it is read here."""
    found = read or read_history(root)
    if found is None or not catalogue.guides:
        return {}
    top, commits = found.top, found.commits
    here, inside = os.getcwd(), os.path.join(top, "")  # a path in the repository starts with `inside` ("…/")
    tracked = {}  # the path in the repository of each guide → its id
    for guide in catalogue.guides:  # strings, not Path: 10 000 of them
        path = os.path.normpath(os.path.join(here, guide.source))
        if path.startswith(inside):
            tracked[path[len(inside):].replace(os.sep, "/")] = guide.id
    paths = {guide_id: path for path, guide_id in tracked.items()}
    entries = _entries(commits, tracked, limit)
    try:
        summaries = _summarise({(c.old_blob, c.new_blob) for found in entries.values() for _, c in found
                                if c.status != "A" and c.old_blob.strip("0")}, top,
                               _current(entries, paths, {guide.id: guide.data for guide in catalogue.guides}, top))
    except GitError:  # git could not read the blobs: dates without summaries rather than no site
        summaries = {}
    out = {}
    for guide_id, found in entries.items():
        lines = [f"{escape(commit.date)}：{escape(_entry_text(change, summaries))}" for commit, change in found]
        out[guide_id] = para(f"{strong('最近更新')}：{escape(found[0][0].date)}（据版本记录）") + "\n" + bullets(lines)
    return out


def _entries(commits: list[git.Commit], tracked: dict[str, str], limit: int) -> dict[str, list[tuple[git.Commit, git.FileChange]]]:
    """Each guide's latest commits, newest first, following its file back through renames.

    A file's history ends where it was added, or where an earlier file of the same name was deleted.
    """
    found: dict[str, list[tuple[git.Commit, git.FileChange]]] = {}
    for commit in commits:  # newest first
        if not tracked:
            break
        earlier: dict[str, str] = {}  # the names to follow in older commits, known once this commit is read
        for change in commit.files:
            guide_id = tracked.pop(change.path, None)
            if guide_id is None or change.status == "D":
                continue
            mine = found.setdefault(guide_id, [])
            mine.append((commit, change))
            if len(mine) < limit and change.status != "A":
                earlier[change.old_path] = guide_id
        tracked.update(earlier)
    return found


def _current(entries: dict[str, list[tuple[git.Commit, git.FileChange]]], paths: dict[str, str],
             data: dict[str, Any], top: Path) -> dict[str, Any]:
    """Blob id → data of the guides whose newest change is what the work tree holds: loaded already, not read again."""
    out = {}
    for guide_id, found in entries.items():
        newest = found[0][1]
        if newest.status == "A" or not data.get(guide_id):
            continue
        try:
            raw = (top / paths[guide_id]).read_bytes()
        except OSError:
            continue
        if git.blob_id(raw, length=len(newest.new_blob)) == newest.new_blob:
            out[newest.new_blob] = data[guide_id]
    return out


def _summarise(pairs: set[tuple[str, str]], top: Path, known: dict[str, Any]) -> dict[tuple[str, str], str]:
    """A summary of each (old blob, new blob) change; the blobs not `known` already are read in one git process."""
    summaries: dict[tuple[str, str], str] = {}
    if not pairs:
        return summaries
    blobs = git.read_blobs((blob for pair in pairs for blob in pair if blob not in known), top)
    readings: dict[str, Any] = dict(known)

    def data(blob: str) -> Any:
        if blob not in readings:
            try:
                readings[blob] = load(blob, blobs[blob]).data if blob in blobs else None
            except LoadFailed:
                readings[blob] = None
        return readings[blob]

    for old, new in pairs:
        before, after = data(old), data(new)
        if before is None or after is None:
            summaries[(old, new)] = "修改（有一个版本无法读取）"
        else:
            edits = compare("guide", before, after)
            summaries[(old, new)] = summary(edits) if edits else ""
    return summaries


def _entry_text(change: git.FileChange, summaries: dict[tuple[str, str], str]) -> str:
    if change.status == "A" or not change.old_blob.strip("0"):
        return "发布"
    said = summaries.get((change.old_blob, change.new_blob))
    if said is None:  # not summarised (git failed to read it)
        return "修改"
    if said:
        return said
    return "调整文件位置" if change.status == "R" else "文字排版调整，内容不变"
