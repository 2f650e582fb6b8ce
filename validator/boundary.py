"""Where a path really is: the catalogue's boundary that no symbolic link may cross. Imports nothing of the package."""

from __future__ import annotations

import os
from pathlib import Path


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether `path` is `folder` or below it, as written (no symlink followed)."""
    path, folder = os.path.normcase(os.path.abspath(path)), os.path.normcase(os.path.abspath(folder))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leaves(path: str | Path, boundary: str | Path) -> bool:
    """Whether following the symlinks on `path` (the file itself, or a folder on its way) leads outside `boundary`."""
    return not inside(os.path.realpath(path), os.path.realpath(boundary))
