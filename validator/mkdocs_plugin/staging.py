"""The output folder of `mkdocs build`, swapped in only when the whole build succeeded.

mkdocs writes into a staging folder beside `site_dir`; a failed build (also a `--strict` abort at
the very end, or Ctrl-C) leaves the previous output as it was, never a half-written folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.guides")


def _folder_mode() -> int:
    """What a new folder gets under the current umask (os.umask can only be read by setting it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


class Staging:
    def __init__(self) -> None:
        self.target: Path | None = None  # the real output folder while mkdocs writes into `staging`
        self.staging: Path | None = None
        self.finished = False  # the build wrote every file
        self.failed = False

    def start(self, config: MkDocsConfig, *, build: bool) -> None:
        """A build begins (only `mkdocs build` writes into a staging folder; `serve` has its own temporary one)."""
        self.finished = self.failed = False
        if build:
            self.target = Path(config.site_dir).resolve()
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-", dir=self.target.parent))
            self.staging.chmod(_folder_mode())  # mkdtemp's 0700 would hide the site from the web server
            config.site_dir = str(self.staging)

    def finish(self) -> None:
        self.finished = True

    def fail(self) -> None:
        self.failed = True

    def swap(self) -> None:
        """Swap the staging folder in only after a complete build; otherwise throw it away."""
        staging, target = self.staging, self.target
        if staging is None or target is None:
            return
        self.staging = self.target = None
        if self.failed or not self.finished or not staging.is_dir():  # an error, --strict or Ctrl-C
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            target.rename(old / target.name)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        log.info(f"网站已写入 {target}")
