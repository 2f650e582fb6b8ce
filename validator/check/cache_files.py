"""`.guides-cache/`: where the check's summaries (summary_cache.py) and the site build's stores (mkdocs_plugin/
page_cache.py, stored_maps.py) are kept, and how a store that is one stamped JSON file is read and written.

The folder is at the root of the git repository holding the catalogue, ignored by git (its own .gitignore), and not
trusted when git tracks anything in it: a cache committed to the repository (by a pull request) could lie about the
files it stands for. `GUIDES_NO_CACHE=1` switches every store off. A stamped file holds its stamp (what its values
depend on besides their keys) and one map; it is written atomically, and one that is missing, damaged or of another
stamp reads as nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import GitError

FOLDER = ".guides-cache"
UNUSED_SECONDS = 24 * 3600  # a store's file that no build used for this long is removed


def cache_folder(root: Path) -> Path | None:
    """The cache folder of the git repository holding `root`; None outside git, with GUIDES_NO_CACHE=1, or when git
    tracks anything in it."""
    if os.environ.get("GUIDES_NO_CACHE", "") not in ("", "0"):
        return None
    from .. import git

    top = git.toplevel(root if root.is_dir() else Path("."))
    if top is None:
        return None
    try:
        if git.run("ls-files", "--", FOLDER, cwd=top).strip():
            return None
    except GitError:
        return None
    return top / FOLDER


def mark_ignored(folder: Path) -> None:
    """Create `folder` (the cache's) with a .gitignore that keeps all of it out of commits."""
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# guides check 与网站构建的缓存，可随时删除\n*\n", encoding="utf-8")


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write `folder`/`name`, in a store's own folder inside the cache, atomically; a read-only checkout or a full disk
    leaves it as it was (the next build makes it again)."""
    try:
        if not folder.is_dir():
            mark_ignored(folder.parent)
            folder.mkdir(exist_ok=True)
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, folder / name)
    except OSError:
        pass


def remove_unused(folder: Path, keep: Callable[[str], bool]) -> None:
    """Remove the files in `folder` that `keep` does not keep by name and that no build used (wrote or touched) for
    `UNUSED_SECONDS`: they stand for pages or folders that are gone."""
    cutoff = time.time() - UNUSED_SECONDS
    try:
        with os.scandir(folder) as found:
            for entry in found:
                try:
                    if not keep(entry.name) and entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
                except OSError:  # gone already (another build pruning), or not ours to remove
                    pass
    except OSError:  # no folder yet
        pass


def read_stamped(path: Path, stamp: str, field: str) -> dict[str, Any]:
    """The map under `field` of a stamped file; empty when the file is missing, damaged or of another stamp."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # RecursionError: nesting too deep for the parser ("[[[[…")
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp or not isinstance(data.get(field), dict):
        return {}
    return data[field]


def write_stamped(folder: Path, name: str, stamp: str, field: str, values: dict[str, Any]) -> bool:
    """Write `folder`/`name` atomically; a read-only checkout or a full disk leaves it as it was (the next run makes
    its values again), and says so: False."""
    try:
        mark_ignored(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # dumps, not dump: `json.dump` encodes with the pure-Python encoder, 5× slower (a 10 000-guide site's
            # record of its files, 4 MB: ~0.2 s)
            out.write(json.dumps({"stamp": stamp, field: values}, ensure_ascii=False, separators=(",", ":")))
        os.replace(temporary, folder / name)
    except OSError:
        return False
    return True
