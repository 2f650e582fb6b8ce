"""The page writer's process (page_writer.py): reads the pages from its standard input and writes each one's file.

Each page comes as a header (`HEAD`: the path's and the text's length in bytes), the path, then the text as the file
holds it. At the end of its input the process reports the first page it could not write on its standard output (the
path, a NUL, the reason), or nothing, and exits. After a failure it reads on without writing (the build fails
anyway), so the build never waits on a full pipe. Ctrl-C is the build's to handle: the build ends this process.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from typing import BinaryIO

from .spare_site import own_file

HEAD = struct.Struct("<II")


def write_all(pages: BinaryIO) -> str:
    """Write every page read from `pages`; the first failure as "path\\0reason", or ""."""
    failed = ""
    while len(head := pages.read(HEAD.size)) == HEAD.size:
        path_size, text_size = HEAD.unpack(head)
        path, text = os.fsdecode(pages.read(path_size)), pages.read(text_size)
        if len(text) != text_size:
            break  # the build ended mid-page: it fails anyway
        if failed:
            continue
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with own_file(path) as out:  # as mkdocs' utils.write_file, but never through a link of the live site's
                out.write(text)
        except (OSError, ValueError) as error:
            failed = f"{path}\0{getattr(error, 'strerror', None) or error}"
    return failed


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout.write(write_all(sys.stdin.buffer))
