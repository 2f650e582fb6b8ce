"""A rebuild's unchanged pages left as they are in the spare site instead of written again.

A `mkdocs build` writes over the site swapped out the time before (spare_site.py). After one guide changed, all but
a few pages come out byte for byte as a build wrote them before, and the page cache (page_cache.py) knows which:
their key is the one they were written with. So each build records, for the folder it wrote (by the folder's inode,
which its renames keep: staging folder, output, spare), each page's key and the status its file had when written
(spare_site.Status: above all its ctime): `.guides-cache/site-files-<device>-<inode>.json`, a stamped file
(check/cache_files.py). A later build that takes that folder as its spare leaves a page's file alone when the key is
this build's and the file is as written (its ctime still the recorded one: no write since, by anyone, as no program
can set a ctime back; or only a link of it gone); it neither reads the stored page's HTML nor writes the file. Any
other page is written as before. Where the search index file holds each page's entries is recorded too, with the
index file's status: while that file is as written, a kept page's entries are copied from it (index_file.Span), and
its store file is not opened at all.

The files the plugin generates that are not pages (a guide's open data, the QR codes' images) are kept the same way,
with the digest of their bytes for a key (`StaticFile`): mkdocs copies them before the pages are put out.

With no spare to take, the site itself lends the files its record says are as written: linked into the staging
folder (`LinkedSpare`, spare_site.linked) while the catalogue is checked, they are kept or replaced as a spare's are.
A link moves a file's ctime, in the site too: its record is written again with the new status, so that the build
that takes it as its spare keeps them.

mkdocs writes nothing for a page whose output is empty, and logs that it skipped the page: a kept page's output is
made empty, and its log line is kept out of the log (page_writer.Skipped).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..check.cache_files import read_stamped, remove_unused, write_stamped
from ..site.joined import Joined
from ..spool import Spooled
from . import spare_site
from .index_file import NAME
from .page_writer import Skipped
from .processes import start
from .spare_site import Spare, Status

PREFIX, SUFFIX = "site-files-", ".json"
STAMP = "3"  # the record's format
INDEX = f"search/{NAME}"  # the built-in search's index file
Entry = tuple[str, Status, tuple[int, int] | None]  # what a file was written with: its key, status, entries' span
Recorded = dict[str, Entry]  # by file in the folder


class KeptPages:
    def __init__(self, cache: Path | None, spare: Spare | None, recorded: Recorded | None = None) -> None:
        """`cache`: the cache folder (None: off, nothing kept or recorded); `spare`: the folder this build writes over,
        and what its files were written with (`recorded`; None: as its record says)."""
        self.cache = cache
        self.spare = spare
        if recorded is None:
            recorded = _read(_record_of(cache, spare.site)) if cache is not None and spare is not None else {}
        self.recorded = recorded
        self.index_kept = self._as_written(INDEX) is not None  # the spare's index file
        self.pages: dict[str, str] = {}  # this build's pages: file in the site folder → key
        self.kept: set[str] = set()  # of those, the files left as they were
        self.kept_files = 0  # of those, the files that are not pages
        self.quiet = Skipped()

    def holds(self, page: Page, key: str) -> bool:
        """Whether the spare's file of `page` was written with `key` and is as it was written."""
        return self._holds(page.file.dest_uri, key)

    def span(self, page: Page) -> tuple[int, int] | None:
        """Where the spare's index file holds the entries of `page`, whose file it `holds`; None when it does not."""
        recorded = self.recorded.get(page.file.dest_uri)
        return recorded[2] if self.index_kept and recorded is not None else None

    def _holds(self, destination: str, key: str) -> bool:
        recorded = self._as_written(destination)
        return recorded is not None and recorded[0] == key

    def _as_written(self, destination: str) -> Entry | None:
        """What the spare's file `destination` was written with, if it is as written; None otherwise."""
        recorded = self.recorded.get(destination)
        taken = self.spare.files.get(destination) if self.spare is not None else None
        return recorded if recorded is not None and taken is not None and recorded[1].unwritten(taken) else None

    def put(self, page: Page, key: str, *, kept: bool) -> None:
        """The page is put out with `key`: written, or `kept` (its output is empty, and mkdocs writes nothing)."""
        self.pages[page.file.dest_uri] = key
        if kept:
            self.kept.add(page.file.dest_uri)
            self.quiet.add(page)

    def plan_files(self, files: Files) -> None:
        """Before mkdocs copies the files that are not pages: each generated one (`StaticFile`) is kept where the
        spare's file holds the same bytes (a guide's open data, its QR code: 10 000 files at 10 000 guides). The
        spare's files the site shares that mkdocs or another plugin would write in place are replaced first."""
        if self.spare is not None:
            self.spare.unshare({INDEX, *(file.dest_uri for file in files if _own(file))})
        if self.cache is None:
            return
        for file in files:
            if isinstance(file, StaticFile) and file.abs_src_path is None:
                key = file.digest()
                file.kept = self._holds(file.dest_uri, key)
                self.pages[file.dest_uri] = key
                if file.kept:
                    self.kept.add(file.dest_uri)
                    self.kept_files += 1

    def finish(self, site_dir: str, spans: dict[str, tuple[int, int]]) -> None:
        """After every file is written: the spare's files this build did not put out go, and what each page's file
        is gets recorded for the build that will write over this folder, with where the index file holds the page's
        entries (`spans`)."""
        if self.spare is not None:
            self.spare.sweep(self.kept)
        if self.cache is None or not self.pages:
            return
        files: dict[str, list[object]] = {}
        for destination, key in [*self.pages.items(), *([(INDEX, "")] if spans else [])]:
            if destination in self.kept and self.spare is not None:
                files[destination] = [key, self.spare.files[destination], spans.get(destination)]
                continue
            try:
                files[destination] = [key, Status.of(os.lstat(os.path.join(site_dir, destination))), spans.get(destination)]
            except OSError:
                continue
        try:
            record = _record_of(self.cache, Path(site_dir))
        except OSError:  # the folder is gone: nothing to record
            return
        write_stamped(self.cache, record.name, STAMP, "files", files)
        # Records no build wrote for a day go: their folders were removed, or are built no more.
        remove_unused(self.cache, lambda name: not (name.startswith(PREFIX) and name.endswith(SUFFIX)) or name == record.name)

    def close(self) -> None:
        """The build ended (or failed): the log filter goes."""
        self.quiet.remove()


class StaticFile(File):
    """A file the plugin generated that is not a page: copied as mkdocs copies it, unless `kept`; its text is let go
    once written (mkdocs copies these files before the first page, and nothing reads them again: at 10 000 guides
    the open data alone is 300 MB). A text is encoded a part at a time, never whole (api/guides.json: 100 MB); one
    kept in a spool (a guide's open data) is read from it when written."""

    kept = False
    written = False

    def _bytes(self) -> bytes:
        return self._content.data() if isinstance(self._content, Spooled) else File.content_bytes.fget(self)  # type: ignore[attr-defined]

    def _text(self) -> str:
        return self._content.text() if isinstance(self._content, Spooled) else File.content_string.fget(self)  # type: ignore[attr-defined]

    content_bytes = property(_bytes, File.content_bytes.fset)  # type: ignore[assignment, attr-defined]
    content_string = property(_text, File.content_string.fset)  # type: ignore[assignment, attr-defined]

    def digest(self) -> str:
        """The digest of the file's bytes."""
        h = hashlib.blake2b(digest_size=16)
        for part in _parts(self._content):
            h.update(part.encode() if isinstance(part, str) else part)
        return h.hexdigest()

    def copy_file(self, dirty: bool = False) -> None:
        if self.written:  # by `write_generated`, before mkdocs copies the files
            return
        if not self.kept and self.abs_src_path is None:  # generated: mkdocs would write it (in place)
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            with spare_site.own_file(self.abs_dest_path) as out:  # a text in UTF-8, as mkdocs writes one
                for part in _parts(self._content):
                    out.write(part.encode() if isinstance(part, str) else part)
        elif not self.kept:
            super().copy_file(dirty)
        self._content = None
        self.written = True


def write_generated(files: Files) -> None:
    """The generated files that are not pages, written (or kept) now, when the plugin says, not a moment later when
    mkdocs copies the files: then their texts go before the build forks its search helper (two_ends.py). Freed after
    the fork, they would stay in the helper's memory until it ends (the open data: 220 MB at 10 000 guides)."""
    for file in files:
        if isinstance(file, StaticFile):
            file.copy_file()


class LinkedSpare:
    """A spare for a build with none (spare_site.linked): the files of the site `live` that are as its record says,
    linked into the build's staging `folder` by a process of its own (link_spare.py: `link_recorded`) from on_config
    on, beside the check. That is kernel work, 10 000 folders and 20 000 links at 10 000 guides (~5 s), that would
    otherwise stand between the check and the first page; in a thread it would wait for the interpreter's lock after
    every call (page_writer.py)."""

    def __init__(self, cache: Path, live: Path, folder: Path) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.made = folder / ".linked"  # where the process makes it, until the build takes it
        try:
            self.record = _record_of(cache, live)
        except OSError:  # no site yet: a first build
            return
        if not self.record.is_file():
            return
        self.process = start("link_spare", "链接上次构建的网站文件")
        assert self.process.stdin is not None
        try:
            with self.process.stdin as sent:
                sent.write(json.dumps([str(live), str(self.made), str(self.record)]).encode("utf-8"))
        except OSError:  # it is gone already: no spare (`take`)
            pass

    def take(self, site: Path) -> tuple[Spare, Recorded] | None:
        """The spare moved to `site` (which must not exist yet), with what its files were written with; None when
        there was nothing to link, or the process could not link (links not allowed here, say): the build writes
        every file."""
        process, self.process = self.process, None
        if process is None:
            return None
        _ended(process)
        # The record as the process wrote it: the linked files, with their status now. A spare whose files it does not
        # name could not be told apart from the site's (Spare.unshare): what the process made then goes with the
        # staging folder.
        recorded = _read(self.record) if not process.returncode and self.made.is_dir() else {}
        try:
            if recorded:
                self.made.rename(site)
        except OSError:
            recorded = {}
        return (Spare(site, {name: entry[1] for name, entry in recorded.items()}), recorded) if recorded else None

    def cancel(self) -> None:
        """The build ends without taking the spare (it failed, or took a spare kept meanwhile): the process ends."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            _ended(process)


def _ended(process: subprocess.Popen[bytes]) -> None:
    """Wait for the process to end (its input is closed already; it writes nothing)."""
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def link_recorded(live: Path, site: Path, record: Path) -> bool:
    """In the process of a LinkedSpare: link the files of the site `live` that are as its `record` says at `site`,
    and write the record again with those files alone, with their new status (a link moves a file's ctime, in the
    site too), for the build to take as the spare's. False when nothing was linked, or the record could not be
    written (a full disk, say): it would not name the linked files."""
    recorded = _read(record)
    spare = spare_site.linked(live, site, {name: entry[1] for name, entry in recorded.items()}) if recorded else None
    if spare is None:
        return False
    moved = {name: [key, spare.files[name], span] for name, (key, _, span) in recorded.items() if name in spare.files}
    return write_stamped(record.parent, record.name, STAMP, "files", moved)


def _own(file: File) -> bool:
    """Whether the build writes `file` as a file of its own (spare_site.own_file): a page (page_writer.py), a
    generated file."""
    return file.is_documentation_page() or (isinstance(file, StaticFile) and file.abs_src_path is None)


def _parts(content: str | bytes | Joined | Spooled | None, size: int = 1 << 20) -> Iterator[str | bytes]:
    """The content a part at a time (a slice of a text never splits a character; a Joined text, its own parts; a
    spooled one, its bytes)."""
    if isinstance(content, Joined):
        yield from content.parts()
    elif isinstance(content, Spooled):
        yield content.data()
    elif isinstance(content, str):
        for start in range(0, len(content), size):
            yield content[start:start + size]
    elif content is not None:
        yield content


def _record_of(cache: Path, site: Path) -> Path:
    found = os.stat(site)
    return cache / f"{PREFIX}{found.st_dev}-{found.st_ino}{SUFFIX}"


def _read(path: Path) -> Recorded:
    """The files a build wrote into a folder, with their keys, status and their entries' spans in the index file;
    empty when none were recorded or the record is damaged."""
    return {name: (value[0], Status(*value[1]), _span(value[2])) for name, value in read_stamped(path, STAMP, "files").items()
            if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and isinstance(value[1], list)
            and len(value[1]) == len(Status._fields) and all(type(n) is int for n in value[1])}


def _span(value: object) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(type(n) is int and n >= 0 for n in value):
        return value[0], value[1]
    return None
