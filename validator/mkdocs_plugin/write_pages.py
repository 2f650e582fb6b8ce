"""The page writer's process (page_writer.py): reads files to write from its standard input and writes them.

Each comes as a header (`HEAD`: what to do, the path's and the bytes' length), the path, then the bytes:

- `PAGE`: a page of the site, written as mkdocs writes one (its folder made), never through a link of the live
  site's (spare_site.own_file); the first one that cannot be written is reported;
- `STORE`: a file of the page cache's store, written atomically (cache_files.write_file); one that cannot be written
  is left as it was (the next build makes it again);
- `TOUCH`: a store file a build used again, its time set to now (remove_unused keeps it).

At the end of its input the process reports the first page it could not write on its standard output (the path, a
NUL, the reason), or nothing, and exits. After a failure it reads on without writing (the build fails anyway), so the
build never waits on a full pipe. Ctrl-C is the build's to handle: the build ends this process (on_shutdown).
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from pathlib import Path
from typing import BinaryIO

from ..check.cache_files import write_file
from .spare_site import own_file

HEAD = struct.Struct("<BII")
PAGE, STORE, TOUCH = range(3)


def write_all(source: BinaryIO) -> str:
    """Write every file read from `source`; the first page that failed as "path\\0reason", or ""."""
    failed = ""
    while len(head := source.read(HEAD.size)) == HEAD.size:
        kind, path_size, data_size = HEAD.unpack(head)
        path, data = os.fsdecode(source.read(path_size)), source.read(data_size)
        if len(data) != data_size:
            break  # the build ended mid-file: it fails anyway
        if failed:
            continue
        if kind == STORE:
            write_file(Path(os.path.dirname(path)), os.path.basename(path), data)
        elif kind == TOUCH:
            try:
                os.utime(path)
            except OSError:
                pass  # removed meanwhile: the next build stores it again
        else:
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with own_file(path) as out:  # as mkdocs' utils.write_file, but never through a link of the live site's
                    out.write(data)
            except (OSError, ValueError) as error:
                failed = f"{path}\0{getattr(error, 'strerror', None) or error}"
    return failed


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout.write(write_all(sys.stdin.buffer))
