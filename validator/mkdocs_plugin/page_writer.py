"""Pages written by a process of their own while the build puts out the next page.

mkdocs writes each page's file itself, between putting out one page and the next. Into a new folder (a first build,
a first rebuild) that is 20 000 folders and files at 10 000 guides, and creating a file is the kernel's work: on this
project's ext4 machines, finding a free inode after many files were removed took 7 s of a 28 s rebuild, while the
second core idled. The plugin hands each page's final output to another process instead (`take`, write_pages.py)
and gives mkdocs an empty output, for which mkdocs writes nothing: that process writes the file as mkdocs would (its
folder made, the text encoded as mkdocs encodes it) while the build puts out the next page. Not a thread: each of a
page's five system calls gave the lock of Python's interpreter back to the build's thread, and the writing thread
waited up to 5 ms (the switch interval) to take it again: ~30 ms a page where the build puts one out in ~10, so the
build waited for it (1.8–3.8 s of a 21 s build at 1 000 guides) where the writing alone takes 0.5 s.

`finish` waits until every page is written, before any plugin reads the finished site; a page that could not be
written fails the build there, with the file's name, as mkdocs' own write would have.

mkdocs logs that it skipped each page whose output is empty: `Skipped` keeps those lines, and only those, out of
the log (for the pages handed over here, and those kept_pages.py leaves as they are).
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .processes import start
from .write_pages import HEAD, PAGE, STORE, TOUCH

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
        self.process: subprocess.Popen[bytes] | None = None
        self.failed: tuple[str, str] | None = None  # the first page that could not be written, and why
        self.skipped = Skipped()

    def take(self, output: str, page: Page) -> str:
        """A page's final output: written by the process, and "" for mkdocs; an empty one as it is (mkdocs then says
        that it skipped the page)."""
        if not output.strip():  # as mkdocs tells
            return output
        self._send(PAGE, page.file.abs_dest_path, output.encode("utf-8", errors="xmlcharrefreplace"))
        self.skipped.add(page)
        return ""

    def store(self, path: Path, data: bytes) -> None:
        """A file of the page cache's store, written atomically, or left as it was where it cannot be."""
        self._send(STORE, str(path), data)

    def touch(self, path: Path) -> None:
        """A store file used again: its time set to now."""
        self._send(TOUCH, str(path), b"")

    def _send(self, kind: int, path: str, data: bytes) -> None:
        if self.process is None:
            self.process = start("write_pages", "写网站页面文件")
            _widen(self.process)
        assert self.process.stdin is not None
        name = os.fsencode(path)
        try:
            self.process.stdin.write(HEAD.pack(kind, len(name), len(data)) + name)
            self.process.stdin.write(data)
        except OSError as error:  # the process is gone (finish tells)
            if kind == PAGE:
                self.failed = self.failed or (path, error.strerror or str(error))

    def finish(self) -> None:
        """Every page handed over is written; raises PluginError if one could not be."""
        process, self.process = self.process, None
        if process is not None:
            report, _ = process.communicate()  # its input ends: it writes what is left and says how it went
            if report:
                path, _, reason = report.decode("utf-8", "replace").partition("\0")
                self.failed = self.failed or (path, reason)
            elif process.returncode:
                raise PluginError(f"写网站页面文件的进程意外退出（返回值 {process.returncode}），页面没有写完。请重新构建。")
        if self.failed is not None:
            path, reason = self.failed
            raise PluginError(f"网站文件写不进去：{path}（{reason}）。请检查磁盘空间和输出文件夹的权限，然后重新构建。")

    def close(self) -> None:
        """The build is over, or failed: the process ends (a failed build's pages need not be written), the log
        filter goes."""
        if self.process is not None:
            self.process.kill()
            self.process.communicate()
            self.process = None
        self.failed = None
        self.skipped.remove()


def _widen(process: subprocess.Popen[bytes]) -> None:
    """Room for ~25 pages in the pipe, so a moment's wait for the process does not stop the build (Linux)."""
    try:
        import fcntl  # not on Windows
        fcntl.fcntl(process.stdin.fileno(), 1031, 1 << 20)  # type: ignore[union-attr]  # F_SETPIPE_SZ
    except (ImportError, OSError):
        pass
