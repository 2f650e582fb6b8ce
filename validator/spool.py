"""Texts kept in a file instead of memory: each written once, and read back where and when it is needed.

At 10 000 guides the guide pages are 300 MB of text, made long before mkdocs puts each out and needed then for a
moment. Kept in a spool they cost a file's bytes, not the build's memory (mkdocs_plugin/html_pages.py reads a page's
body when mkdocs asks for it). Texts are written and read each at its own offset (pwrite, pread): a forked process
may write into the spool through the descriptor it inherits, or read from it, without a position shared with its
parent (two_ends.py). A spool may also be a file of texts written before (`Spool(file)`, read only): the guide pages
an earlier build stored (mkdocs_plugin/stored_maps.py), read where and when they are needed as this build's are.
Imports nothing of the package.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import BinaryIO


class Spool:
    """An unnamed temporary file of texts; gone when closed, or when neither it nor a text kept in it is referenced.
    `file`: an open file of texts written before, read from instead (never written to)."""

    def __init__(self, file: BinaryIO | None = None) -> None:
        self.file = file if file is not None else tempfile.TemporaryFile()
        self.end = 0  # the next text's offset (a forked writer counts its own)

    def write(self, text: str) -> tuple[int, int]:
        """Where `text`'s UTF-8 bytes now are: (offset, length)."""
        data = text.encode("utf-8", "surrogatepass")
        offset, self.end = self.end, self.end + len(data)
        written = 0
        while written < len(data):
            written += os.pwrite(self.file.fileno(), data[written:], offset + written)
        return offset, len(data)

    def keep(self, text: str) -> Spooled:
        return Spooled(self, *self.write(text))

    def data(self, offset: int, length: int) -> bytes:
        data = os.pread(self.file.fileno(), length, offset)
        if len(data) != length:
            raise OSError("the spool is shorter than a text kept in it")
        return data

    def read(self, offset: int, length: int) -> str:
        return self.data(offset, length).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.file.close()


@dataclass(frozen=True, slots=True, eq=False)
class Spooled:
    """A text kept in a spool: where its bytes are. Compared as an object, as texts are kept (GuidePages.made)."""

    spool: Spool
    offset: int
    length: int

    def text(self) -> str:
        return self.spool.read(self.offset, self.length)

    def data(self) -> bytes:
        return self.spool.data(self.offset, self.length)

    def start(self, most: int) -> str:
        """The text's beginning: its first `most` bytes at most, without a character they cut (the rest is not read)."""
        if self.length <= most:
            return self.text()
        data = self.spool.data(self.offset, most + 1)
        end = most
        while end > 0 and data[end] & 0xC0 == 0x80:  # data[end] continues a character: it starts before `end`
            end -= 1
        return data[:end].decode("utf-8", "surrogatepass")

    def tail(self, head: str) -> Spooled:
        """The text after its beginning `head` (a page's body after its front matter)."""
        cut = len(head.encode("utf-8", "surrogatepass"))
        return Spooled(self.spool, self.offset + cut, self.length - cut)
