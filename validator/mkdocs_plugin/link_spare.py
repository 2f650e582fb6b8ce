"""The process of a kept_pages.LinkedSpare: makes a spare of links to the live site while the build checks the catalogue.

It reads a JSON list from its standard input: the live site, where to make the spare (which must not exist yet) and
the site's record (kept_pages.py), and exits when it is done: with 1 when it linked nothing or could not write the
record, and the build then writes every file. Ctrl-C is the build's to handle: the build ends this
process.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from .kept_pages import link_recorded

if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    live, site, record = json.load(sys.stdin)
    sys.exit(0 if link_recorded(Path(live), Path(site), Path(record)) else 1)
