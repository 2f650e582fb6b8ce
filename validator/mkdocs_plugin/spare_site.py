"""The site a `mkdocs build` swapped out, kept beside the output for the next build to write over.

A build writes every file of the site into a staging folder (staging.py). Into an empty one, that means creating
20 000 folders and files at 10 000 guides, which costs a rebuild seconds (here 3.5 s for the folders and 4.7 s for
the files, against 0.1 s and 0.8 s to write over the same files where they are). So the site a build swaps out is
kept as `.<name>.spare` beside the output instead of being removed, and the next build moves it into its staging
folder once mkdocs has cleaned that folder (`take`): mkdocs then writes each file as it would into an empty folder,
only over the old one, except the pages whose file is already what it would write (kept_pages.py). Whatever the
build neither wrote again nor kept, a removed guide's page say, goes at the end (`Spare.sweep`): a file written
again has a new status (ctime: the kernel sets it on every write, and no program can set it back), so a file whose
ctime is still the one it had when the spare was taken, and that was not kept, is left over.

Where there is no spare (the first rebuild after a full build, or after the spare was removed), one is made of hard
links to the site's own files that may be kept (`linked`; kept_pages.py says which): a link costs a directory entry,
not a file (1.6 s for 30 000 files here, against 10 s more for the first rebuild than for the next). The site and
its spare then share those files, so nothing in a build may write into a file that has another link: each is
replaced by a file of its own before it is written (`own_file`, `unshare`), and the live site stays as it was until
the swap. A link removed (the spare's file replaced, the spare deleted) changes the file's ctime in the other folder,
not its bytes: `Status.unwritten` tells that from a write (the same file, modification time and size, fewer links).

A spare holding a symbolic link is not used (a page written through it could land outside the site), nor is one
under `mkdocs build --dirty` (mkdocs leaves files it thinks unchanged unwritten, which the sweep would remove).
The spare is git-ignored (a .gitignore in it, removed when the spare is taken); removing it by hand at any time
costs only the next build's time. Its files are the site's own where they are the same: edit neither by hand.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Container, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

IGNORE = ".gitignore"


def spare_of(target: Path) -> Path:
    return target.parent / f".{target.name}.spare"


def keep(old_site: Path, target: Path) -> bool:
    """Keep `old_site` (the site just swapped out) as the spare of `target`; False when there is one already (a build
    running beside this one kept its own), and the caller removes `old_site`."""
    spare = spare_of(target)
    try:
        old_site.rename(spare)
    except OSError:
        return False
    try:
        (spare / IGNORE).write_text("# 上一次构建的网站，留给下一次构建覆盖写入（加快构建）；可随时删除\n*\n", encoding="utf-8")
    except OSError:
        pass  # only git's view of it
    return True


class Status(NamedTuple):
    """What a file's status says of its writes."""

    changed: int  # st_ctime_ns: set by every write, and by every link added or removed; no program can set it back
    inode: int
    modified: int  # st_mtime_ns
    size: int
    links: int

    @classmethod
    def of(cls, found: os.stat_result) -> Status:
        return cls(found.st_ctime_ns, found.st_ino, found.st_mtime_ns, found.st_size, found.st_nlink)

    def unwritten(self, now: Status) -> bool:
        """Whether the file, of this status before, is `now` as it was: its ctime is the same, or only a link of it
        went (the same file with fewer links, its modification time and size the same)."""
        return now.changed == self.changed or (now.links < self.links and (now.inode, now.modified, now.size) == (self.inode, self.modified, self.size))


class Spare:
    """The spare moved into a build's staging folder, with the status of each of its files."""

    def __init__(self, site: Path, files: dict[str, Status]) -> None:
        self.site = site
        self.files = files  # path under `site` ("/"-separated) → its status when taken
        self.shared = {name for name, status in files.items() if status.links > 1}  # the live site's files too

    def unshare(self, written: Container[str]) -> None:
        """Before mkdocs writes: a file that has another link goes unless it is one of the build's own (`written`:
        pages and generated files, which are replaced before they are written), as mkdocs and other plugins write
        theirs in place."""
        for name in [name for name in self.shared if name not in written]:
            unshare(os.path.join(self.site, name))
            self.shared.discard(name)

    def sweep(self, kept: set[str]) -> int:
        """After the build wrote every file: remove the spare's files it neither wrote again nor `kept` as they
        were, and the folders they leave empty; how many files were removed."""
        emptied: set[str] = set()
        removed = 0
        for name, taken in self.files.items():
            path = os.path.join(self.site, name)
            try:
                if name in kept or not taken.unwritten(Status.of(os.lstat(path))):  # written again: this build's
                    continue
                os.unlink(path)
                removed += 1
            except FileNotFoundError:  # gone already (`unshare`): its folder may be empty
                pass
            except OSError:  # not ours to remove: nothing left over to publish either way
                continue
            emptied.add(os.path.dirname(path))
        top = str(self.site)
        for folder in sorted(emptied, key=len, reverse=True):  # deepest first: a parent empties after its children
            while folder != top and folder.startswith(top):
                try:
                    os.rmdir(folder)
                except OSError:  # not empty: what is above it is not either
                    break
                folder = os.path.dirname(folder)
        return removed


def take(target: Path, site: Path) -> Spare | None:
    """Move the spare of `target` to `site` (which must not exist yet); None when there is none to use, and the
    build writes into an empty folder as before."""
    spare = spare_of(target)
    if spare.is_symlink() or not spare.is_dir():
        return None
    try:
        spare.rename(site)  # atomic: of two builds starting at once, one gets it
    except OSError:
        return None
    found = _statuses(site)
    if found is None:
        shutil.rmtree(site, ignore_errors=True)
        return None
    (site / IGNORE).unlink(missing_ok=True)
    found.pop(IGNORE, None)
    return Spare(site, found)


def linked(target: Path, site: Path, wanted: Mapping[str, Status]) -> Spare | None:
    """A spare at `site` (which must not exist yet) made of links to the files of the site `target` that are as
    `wanted` says (path → status when written); None when there is nothing to link, or `target` holds a symbolic
    link (a link to a file outside would publish it) or anything but folders and plain files."""
    found = _statuses(target) if target.is_dir() and not target.is_symlink() else None
    names = [name for name, status in (found or {}).items() if name in wanted and wanted[name].unwritten(status)]
    if not names:
        return None
    folders: set[str] = set()
    try:
        for name in names:
            folder = os.path.dirname(name)
            if folder not in folders:
                os.makedirs(os.path.join(site, folder), exist_ok=True)
                folders.add(folder)
            os.link(os.path.join(target, name), os.path.join(site, name), follow_symlinks=False)
        statuses = {name: Status.of(os.lstat(os.path.join(site, name))) for name in names}  # a link moved its ctime
    except OSError:  # links not allowed here, say: the build writes every file
        shutil.rmtree(site, ignore_errors=True)
        return None
    return Spare(site, statuses)


def own_file(path: str) -> BinaryIO:
    """`path` opened to be written whole, as `open(path, "wb")`, but a file that has another link (one of the live
    site's) is replaced by a new one rather than written through."""
    unshare(path)
    return open(path, "wb")


def unshare(path: str) -> None:
    """Remove the file at `path` if it has another link: whatever writes it next makes a file of its own."""
    try:
        if os.lstat(path).st_nlink > 1:
            os.unlink(path)
    except OSError:
        pass  # none there: nothing to keep apart


def _statuses(site: Path) -> dict[str, Status] | None:
    """Every file under `site` ("/"-separated path) with its status; None when there is a symbolic link or anything
    else but folders and plain files."""
    found: dict[str, Status] = {}
    top = len(str(site)) + 1
    folders = [str(site)]
    try:
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return None
                    if entry.is_dir():
                        folders.append(entry.path)
                    elif entry.is_file():
                        found[entry.path[top:].replace(os.sep, "/")] = Status.of(entry.stat())
                    else:
                        return None
    except OSError:  # unreadable: not ours to write over
        return None
    return found
