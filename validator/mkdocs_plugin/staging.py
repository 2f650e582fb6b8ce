"""The output folder of `mkdocs build`, swapped in only when the whole build succeeded.

mkdocs writes into a staging folder beside `site_dir`; a failed build (also a `--strict` abort at
the very end, or Ctrl-C) leaves the previous output as it was, never a half-written folder. SIGTERM
cleans up as Ctrl-C does; the folders of a build killed outright (SIGKILL, a lost runner) are removed
by the next build, which tells them from those of a build still running by the lock each build holds
on its folder. The swapped-out site is kept for the next build to write over (spare_site.py); where one is kept
already, it is removed by a process of its own, after the build has ended.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from . import spare_site

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: leftovers of killed builds stay (SIGTERM still cleans up)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.guides")


def _staging_prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}.building-", f".{target.name}.old-"


def _held_folder(target: Path, prefix: str) -> tuple[Path, int | None]:
    """A new folder `<prefix>XXXX` beside `target`, locked (flock on the folder itself) until the returned descriptor
    is closed or the process dies, however it dies."""
    while True:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        if fcntl is None:
            return folder, None
        descriptor = os.open(folder, os.O_RDONLY)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if folder.is_dir():  # not taken for a leftover between mkdtemp and the lock by another build's clearing
            return folder, descriptor
        os.close(descriptor)


def _clear_leftovers(target: Path) -> None:
    """Remove the staging and old folders beside `target` that no running build holds: those of killed builds.
    Folders of older versions (not locked) count as leftovers too."""
    if fcntl is None or not target.parent.is_dir():
        return
    for folder in target.parent.iterdir():
        if not folder.name.startswith(_staging_prefixes(target)) or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: a build still running
            os.close(descriptor)
            continue
        previous = folder / target.name  # an old folder holds the last good site while it is swapped
        if folder.name.startswith(_staging_prefixes(target)[1]) and previous.is_dir() and not target.exists():
            previous.rename(target)  # killed in the middle of the swap: put the last good site back
        shutil.rmtree(folder, ignore_errors=True)
        os.close(descriptor)


def _remove_later(folder: Path, lock: int | None) -> None:
    """Remove the last site (swapped out into `folder`) in a process of its own, so the build ends without waiting
    for it: 20 000 folders take seconds to remove (5.7 s at 10 000 guides here). The process holds the folder's
    lock until it is done, so a build starting meanwhile leaves the folder alone; one killed half-way leaves a
    folder the next build clears. Where no process can be started, the folder is removed here."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, pass_fds=() if lock is None else (lock,))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    _release(lock)


def _release(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)


def _terminate_as_interrupt() -> Any:
    """SIGTERM (a cancelled CI job) unwinds the build like Ctrl-C, so that the swap removes the staging folder.
    Returns the previous handler, to put back; None where signals cannot be set (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


class Staging:
    def __init__(self) -> None:
        self.target: Path | None = None  # the real output folder while mkdocs writes into `staging`
        self.staging: Path | None = None  # the folder this build holds; mkdocs writes into `staging / target.name`
        self.spare: spare_site.Spare | None = None  # the last site but one, written over
        self.reuse = False  # whether this build may write over a spare
        self.lock: int | None = None  # the descriptor holding the staging folder's lock
        self.sigterm: Any = None  # the SIGTERM handler to put back after the build
        self.finished = False  # the build wrote every file
        self.failed = False

    def start(self, config: MkDocsConfig, *, build: bool, dirty: bool = False) -> None:
        """A build begins (only `mkdocs build` writes into a staging folder; `serve` has its own temporary one)."""
        self.finished = self.failed = False
        self.spare = None
        if build:
            self.target = Path(config.site_dir).resolve()
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.sigterm = _terminate_as_interrupt()
            _clear_leftovers(self.target)
            self.staging, self.lock = _held_folder(self.target, _staging_prefixes(self.target)[0])
            config.site_dir = str(self.staging / self.target.name)
            self.reuse = not dirty and fcntl is not None  # without locks, a killed build's leftovers would stay

    def lends_site(self) -> bool:
        """Whether this build, with no spare kept to write over, may write over links to the site it replaces."""
        return (self.reuse and self.spare is None and self.target is not None and self.target.is_dir()
                and not spare_site.spare_of(self.target).exists())

    def take_spare(self) -> None:
        """Before mkdocs writes the first file (and after it cleaned the output folder, which does not exist yet): the
        spare becomes that folder, to be written over."""
        if self.staging is not None and self.target is not None and self.reuse:
            self.spare = spare_site.take(self.target, self.staging / self.target.name)

    def finish(self) -> None:
        self.finished = True

    def fail(self) -> None:
        self.failed = True

    def swap(self) -> None:
        """Swap the staging folder in only after a complete build; otherwise throw it away."""
        staging, target, lock = self.staging, self.target, self.lock
        if staging is None or target is None:
            return
        self.staging = self.target = self.lock = None
        spare, self.spare = self.spare, None
        try:
            site = staging / target.name
            if self.failed or not self.finished or not site.is_dir():  # an error, --strict, Ctrl-C or SIGTERM
                if spare is not None:
                    spare_site.keep(site, target)  # a half-written spare is a spare still
                shutil.rmtree(staging, ignore_errors=True)  # what is left of it
                return
            old, old_lock = None, None
            if target.exists():
                old, old_lock = _held_folder(target, _staging_prefixes(target)[1])
                target.rename(old / target.name)
            site.rename(target)
            shutil.rmtree(staging, ignore_errors=True)  # empty now
            if old is not None:
                if self.reuse and spare_site.keep(old / target.name, target):
                    shutil.rmtree(old, ignore_errors=True)  # empty now
                    _release(old_lock)
                else:
                    _remove_later(old, old_lock)
            log.info(f"网站已写入 {target}")
        finally:
            _release(lock)
            if self.sigterm is not None:
                signal.signal(signal.SIGTERM, self.sigterm)
                self.sigterm = None
