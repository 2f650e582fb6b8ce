"""Pages written by a thread of their own while the build puts out the next page.

mkdocs writes each page's file itself, between putting out one page and the next. Into a new folder (a first build,
a first rebuild) that is 20 000 folders and files at 10 000 guides, and creating a file is the kernel's work: on this
project's ext4 machines, finding a free inode after many files were removed took 7 s of a 28 s rebuild, while the
second core idled. The plugin hands each page's final output to this thread instead (`take`) and gives mkdocs an
empty output, for which mkdocs writes nothing: the thread writes the file as mkdocs would (its folder made, the text
encoded as mkdocs encodes it) while the build puts out the next page. At most `LIMIT` pages wait.

`finish` waits until every page is written, before any plugin reads the finished site; a page that could not be
written fails the build there, with the file's name, as mkdocs' own write would have.

mkdocs logs that it skipped each page whose output is empty: `Skipped` keeps those lines, and only those, out of
the log (for the pages handed over here, and those kept_pages.py leaves as they are).
"""

from __future__ import annotations

import logging
import os
import queue
import threading

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .spare_site import own_file

LIMIT = 256  # pages waiting at most (~10 MB of HTML)
ENGINE_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")  # where `_build_page` logs a skipped page


class Skipped(logging.Filter):
    """Drops mkdocs' "Page skipped" line of the pages `add`ed: while any is, it filters the engine's log."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: set[str] = set()

    def add(self, page: Page) -> None:
        if not self.lines:
            for name in ENGINE_LOGGERS:
                logging.getLogger(name).addFilter(self)
        self.lines.add(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")

    def remove(self) -> None:
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeFilter(self)
        self.lines.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg in self.lines)


class PageWriter:
    def __init__(self) -> None:
        self.waiting: queue.Queue[tuple[str, str] | None] = queue.Queue(LIMIT)
        self.thread: threading.Thread | None = None
        self.failed: tuple[str, Exception] | None = None  # the first page that could not be written
        self.skipped = Skipped()

    def take(self, output: str, page: Page) -> str:
        """A page's final output: written by the thread, and "" for mkdocs; an empty one as it is (mkdocs then says
        that it skipped the page)."""
        if not output.strip():  # as mkdocs tells
            return output
        if self.thread is None:
            self.thread = threading.Thread(target=self._write, name="guides-page-writer", daemon=True)
            self.thread.start()
        self.waiting.put((output, page.file.abs_dest_path))
        self.skipped.add(page)
        return ""

    def finish(self) -> None:
        """Every page handed over is written; raises PluginError if one could not be."""
        self._stop()
        if self.failed is not None:
            path, error = self.failed
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            raise PluginError(f"网站文件写不进去：{path}（{reason}）。请检查磁盘空间和输出文件夹的权限，然后重新构建。")

    def close(self) -> None:
        """The build is over, or failed: the thread ends (a failed build's pages need not be written), the log
        filter goes."""
        self._stop()
        self.failed = None
        self.skipped.remove()

    def _stop(self) -> None:
        if self.thread is not None:
            self.waiting.put(None)
            self.thread.join()
            self.thread = None

    def _write(self) -> None:
        while (item := self.waiting.get()) is not None:
            if self.failed is not None:  # the build fails: the rest need not be written
                continue
            output, path = item
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with own_file(path) as out:  # as mkdocs' utils.write_file, but never through a link of the live site's
                    out.write(output.encode("utf-8", errors="xmlcharrefreplace"))
            except Exception as error:  # noqa: BLE001 - the build reports it: the thread must go on taking pages
                self.failed = path, error
