"""The plugin's own processes (write_pages.py, link_spare.py), started from this package wherever it is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def start(module: str, what: str) -> subprocess.Popen[bytes]:
    """`python -m <this package>.<module>` with pipes to its standard input and output; PluginError (`what` the
    process does, in Chinese) where none can be started."""
    root = str(Path(__file__).resolve().parents[2])  # where this package is, for the process to import it from
    path = os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))
    try:
        # -P: not the working folder first on its path (a checkout of this project there would be imported instead)
        return subprocess.Popen([sys.executable, "-P", "-m", f"{__package__}.{module}"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
    except OSError as error:
        raise PluginError(f"无法启动{what}的进程（{error.strerror or error}）。请检查系统资源，然后重新构建。") from None
