"""The theme's templates, compiled once and kept between builds (`.guides-cache/templates/`).

Every build compiles the Jinja templates it renders anew (material's and our overrides': ~0.5 s, a fifth of a small
site's build, and as much of each `mkdocs serve` reload). Jinja keeps compiled code through a bytecode cache, keyed by
the template's name and checked against its source. Its own file cache reads the source's checksum with pickle and
fails the build on a damaged file; this one writes the Python bytecode version, the checksum and the code (marshal),
and a file that does not match, or does not load, is compiled again and written over.
"""

from __future__ import annotations

import importlib.util
import marshal
import types
from pathlib import Path

import jinja2

from ..check.cache_files import write_file

_MAGIC = b"guides-template " + importlib.util.MAGIC_NUMBER.hex().encode()  # marshal's format changes with Python's


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self, cache: Path) -> None:
        self.folder = cache / "templates"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = (self.folder / bucket.key).read_bytes()
        except OSError:
            return
        head = _header(bucket)
        if not data.startswith(head):  # another Python, or the template's source changed
            return
        try:
            code = marshal.loads(memoryview(data)[len(head):])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_file(self.folder, bucket.key, _header(bucket) + marshal.dumps(bucket.code))


def _header(bucket: jinja2.bccache.Bucket) -> bytes:
    """One line: the format, the Python bytecode version and the source's checksum."""
    return _MAGIC + b" " + bucket.checksum.encode() + b"\n"


def keep_compiled(env: jinja2.Environment, cache: Path | None) -> None:
    """Keep `env`'s compiled templates in the cache folder (none when the cache is off)."""
    if cache is not None:
        env.bytecode_cache = TemplateCache(cache)
