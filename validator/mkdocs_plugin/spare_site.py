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

A spare holding a symbolic link is not used (a page written through it could land outside the site), nor is one
under `mkdocs build --dirty` (mkdocs leaves files it thinks unchanged unwritten, which the sweep would remove).
The spare is git-ignored (a .gitignore in it, removed when the spare is taken); removing it by hand at any time
costs only the next build's time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


class Spare:
    """The spare moved into a build's staging folder, with the status of each of its files."""

    def __init__(self, site: Path, files: dict[str, int]) -> None:
        self.site = site
        self.files = files  # path under `site` ("/"-separated) → st_ctime_ns when taken

    def sweep(self, kept: set[str]) -> int:
        """After the build wrote every file: remove the spare's files it neither wrote again nor `kept` as they
        were, and the folders they leave empty; how many files were removed."""
        emptied: set[str] = set()
        removed = 0
        for name, changed in self.files.items():
            path = os.path.join(self.site, name)
            try:
                if name in kept or os.lstat(path).st_ctime_ns != changed:
                    continue
                os.unlink(path)
            except OSError:  # gone already, or not ours to remove: nothing left over to publish either way
                continue
            removed += 1
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
    files = _statuses(site)
    if files is None:
        shutil.rmtree(site, ignore_errors=True)
        return None
    (site / IGNORE).unlink(missing_ok=True)
    files.pop(IGNORE, None)
    return Spare(site, files)


def _statuses(site: Path) -> dict[str, int] | None:
    """Every file under `site` ("/"-separated path) with its ctime; None when there is a symbolic link or anything
    else but folders and plain files."""
    found: dict[str, int] = {}
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
                        found[entry.path[top:].replace(os.sep, "/")] = entry.stat().st_ctime_ns
                    else:
                        return None
    except OSError:  # unreadable: not ours to write over
        return None
    return found
