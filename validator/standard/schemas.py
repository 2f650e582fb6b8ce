"""The standard's schema files: which file describes which kind of file, loading them, their version.

The schemas are shipped in the package (`schemas/` here is a link to the repository's `schema/` folder),
so the installed tool checks against the standard it was released with.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

# kind of file → its schema: a `_department.yaml` is a department profile, every other YAML file of the catalogue
# root a guide; a file of the law registry's folder (laws/, check/law_registry.py) is a law
SCHEMA_FILES = {"guide": "guide.schema.json", "department": "department.schema.json", "law": "law.schema.json"}


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The schema of a kind of file ("guide", "department", "law"), as shipped; parsed once, never to be mutated."""
    return json.loads(_shipped(kind).read_text(encoding="utf-8"))


def _shipped(kind: str) -> Traversable:
    return resources.files(__package__).joinpath("schemas", SCHEMA_FILES[kind])


def shipped_path(kind: str) -> Path:
    """The installed schema file's real path (in this repository, the file in schema/ the link points to)."""
    return Path(str(_shipped(kind))).resolve()


def version() -> str:
    """The standard's version, from the guide schema's `$id` (…/1.0.0/guide.schema.json)."""
    return load_schema("guide")["$id"].rsplit("/", 2)[-2]


def nearest_schema(target: Path, kind: str) -> str | None:
    """The `$schema` path for a YAML file: relative to its folder, to the nearest `schema/` folder above it
    (as in the samples, so editors resolve it without settings); None when there is none."""
    folder = target.resolve().parent
    for base in (folder, *folder.parents):
        candidate = base / "schema" / SCHEMA_FILES[kind]
        if candidate.is_file():
            return os.path.relpath(candidate, folder).replace(os.sep, "/")
    return None


def schema_reference(kind: str, target: Path) -> str:
    """The `$schema` path relative to the file: the nearest `schema/` folder above it, else the installed schema."""
    found = nearest_schema(target, kind)
    if found is not None:
        return found
    folder = target.resolve().parent
    shipped = shipped_path(kind)
    try:
        return os.path.relpath(shipped, folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return shipped.as_uri()
