"""The 权力清单's 动态调整 record from git: items added, removed, suspended or cancelled, renamed, bases changed.

ONE `git log --raw -M` over the catalogue root (as for the guide pages' history) names the guide
files each commit added, deleted, renamed or changed; ONE `git cat-file --batch` reads the blobs
of the changed ones, and only their name, status and bases are compared: a changed material is a
guide's own history, not a change of the list. Outside git, with `GUIDES_HISTORY=0`, and at the
boundary of a shallow clone (git.log leaves it out) the record is simply shorter or empty: the
page says so and the feed has no entries.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import git
from ..check.files import PROFILE_NAME, YAML_SUFFIXES
from ..check.loader import LoadFailed, load
from ..errors import GitError
from ..laws import titles
from ..laws.numbers import CHINESE_NUMERAL, to_int
from ..model import Catalogue
from ..wording.escape import attribute, escape
from . import markup, paths
from .history import History
from .power_list import CHANGES, FEED, PAGE

MAX_COMMITS = 400  # commits read: bounds the blobs loaded on a long history; older adjustments drop off the record
ADDED, REMOVED, RENAMED, SUSPENDED, CANCELLED, RESUMED, BASIS = "新增", "删除", "更名", "暂停", "取消", "恢复办理", "依据调整"
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Adjustment:
    date: str  # YYYY-MM-DD, the committer date
    commit: str
    kind: str
    name: str  # the item's name after the change (before it, for a removal)
    detail: str = ""
    guide: str | None = None  # the guide id, where the item is in the catalogue now


def adjustments(read: History | None, catalogue: Catalogue, digests: Mapping[str, str]) -> list[Adjustment] | None:
    """The record, newest first, from the history read for this build; None where there is none to read.

    `digests`: each checked file's blob id (the check's `CheckRun.digests`, by the path a guide's `source` names). Most
    versions in the record are the current ones (a catalogue's first commit adds every file): those are taken from the
    loaded catalogue, not read from git and parsed again."""
    if read is None:
        return None
    top, commits = read.top, read.commits[:MAX_COMMITS]
    prefix = f"{read.folder}/" if read.folder else ""
    changes = [(commit, change) for commit in commits for change in commit.files
               if change.path.startswith(prefix) and _is_guide(change.path)]
    data: dict[str, Any] = {digests[g.source]: g.data for g in catalogue.guides if g.source in digests}  # blob → data, now
    try:
        blobs = git.read_blobs((blob for _, c in changes for blob in (c.old_blob, c.new_blob) if blob.strip("0") and blob not in data), top)
    except GitError:
        return None
    known = {guide.id for guide in catalogue.guides}

    def read(blob: str) -> dict[str, Any]:
        if blob not in data:
            try:
                loaded = load(blob, blobs[blob]).data if blob in blobs else None
            except LoadFailed:
                loaded = None
            data[blob] = loaded if isinstance(loaded, dict) else {}
        return data[blob]

    out = []
    for commit, change in changes:
        guide_id = posixpath.splitext(change.path[len(prefix):])[0]  # git's paths are normal: no PurePosixPath (10 000s of them)
        found = _compare(read(change.old_blob) if change.status != "A" else {}, read(change.new_blob) if change.status != "D" else {},
                         change.status)
        out += [Adjustment(commit.date, commit.id, kind, name, detail, guide_id if guide_id in known and change.status != "D" else None)
                for kind, name, detail in found]
    return out


def _is_guide(path: str) -> bool:
    name = posixpath.basename(path)
    return posixpath.splitext(name)[1] in YAML_SUFFIXES and name != PROFILE_NAME


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _bases(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Each basis as written, keyed so that rewriting it (第（二）项 → 第二项, 第 65 条 → 第六十五条, 中华人民共和国
    dropped from the title) is not an adjustment of the list."""
    found = {}
    for b in data.get("basis") or ():
        if isinstance(b, dict):
            title, article = _text(b.get("title")), _text(b.get("article"))
            found.setdefault((titles.key(title), _article_key(article)), f"《{title}》{article}")
    return found


_LOOSE = re.compile(r"[\s()（）、]")
_NUMERAL = re.compile(rf"[{CHINESE_NUMERAL}]+")


def _article_key(article: str) -> str:
    """第 65 条 第（一）款 and 第六十五条第一款 alike: numerals as digits, no spaces or brackets."""
    text = _LOOSE.sub("", titles.normal(article))
    return _NUMERAL.sub(lambda m: str(to_int(m.group()) or m.group()), text)


def _compare(before: dict[str, Any], after: dict[str, Any], status: str) -> list[tuple[str, str, str]]:
    """What one file change does to the list: (kind, name, detail) for each adjustment, none for other edits."""
    name, old_name = _text(after.get("name")), _text(before.get("name"))
    if status == "A":
        return [(ADDED, name, "")] if name else []
    if status == "D":
        return [(REMOVED, old_name, "从清单中移除")] if old_name else []
    found = []
    if name and old_name and name != old_name:
        found.append((RENAMED, name, f"原名称：{old_name}"))
    new_status, old_status = _text(after.get("status")), _text(before.get("status"))
    if new_status != old_status and new_status:
        kind = {"暂停": SUSPENDED, "取消": CANCELLED}.get(new_status, RESUMED)
        found.append((kind, name, _text(after.get("status_note"))))
    old_bases, new_bases = _bases(before), _bases(after)
    if before and after and list(old_bases) != list(new_bases):
        gone = [shown for b, shown in old_bases.items() if b not in new_bases]
        came = [shown for b, shown in new_bases.items() if b not in old_bases]
        detail = "；".join(([f"新增{'、'.join(came)}"] if came else []) + ([f"删去{'、'.join(gone)}"] if gone else []))
        found.append((BASIS, name, detail or "依据顺序调整"))
    return found


def changes_page(record: list[Adjustment] | None) -> str:
    """HTML (markup.py): the record has a row per adjustment, and grows with the catalogue's history."""
    def to(target: str, text: str) -> str:
        return markup.link(paths.url_href(CHANGES, target), text)

    title = "权力清单动态调整"
    intro = markup.para(f"权力清单实行动态调整。本页依据指南仓库的版本记录（git）列出事项的新增、删除、更名、暂停、取消和依据调整，"
                        f"最新的在前。可以用阅读器{to(FEED, '订阅本页')}（Atom）。{to(PAGE, '返回权力清单')}")
    if record is None:
        return markup.page(title, markup.heading(1, title), intro,
                           markup.para("本站构建时没有可读的版本记录（不在 git 仓库中，或已关闭），暂无调整记录。"), searchable=False)
    rows = []
    for entry in record:
        name = to(paths.guide_page_of(entry.guide), escape(entry.name)) if entry.guide else escape(entry.name)
        rows.append([escape(entry.date), escape(entry.kind), name, escape(entry.detail)])
    table = (markup.card_table(["日期", "调整类型", "事项", "说明"], rows, "power-list-changes") if rows  # a card per row on a phone
             else markup.para("版本记录中暂无调整（浅克隆只含最近的提交）。"))
    return markup.page(title, markup.heading(1, title), intro, table, searchable=False)


def _xml(value: str) -> str:
    return attribute(_XML_FORBIDDEN.sub("", value))


def changes_feed(record: list[Adjustment] | None, *, site_url: str, updated: str) -> str:
    """An Atom feed of the record. Entry ids are tag URIs (commit and item), stable across rebuilds and hosts."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = []
    for entry in record or ():
        link = f'\n    <link href="{_xml(base + paths.url_of(paths.guide_page_of(entry.guide)))}"/>' if entry.guide and base else ""
        title = f"{entry.kind}：{entry.name}"
        entries.append(
            f"  <entry>\n    <id>tag:guides,{entry.date}:{entry.commit}/{_xml(entry.kind)}/{_xml(entry.name)}</id>\n"
            f"    <title>{_xml(title)}</title>\n    <updated>{entry.date}T00:00:00Z</updated>{link}\n"
            f"    <summary>{_xml(entry.detail or title)}</summary>\n  </entry>")
    newest = record[0].date if record else updated
    self_link = f'\n  <link rel="self" href="{_xml(base + FEED)}"/>\n  <link href="{_xml(base + paths.url_of(CHANGES))}"/>' if base else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>{_xml(base + FEED) if base else 'tag:guides,2000:power-list/changes'}</id>\n  <title>权力清单动态调整</title>\n"
            f"  <updated>{newest}T00:00:00Z</updated>{self_link}\n  <author><name>政务服务办事指南</name></author>\n"
            + "".join(e + "\n" for e in entries) + "</feed>\n")
