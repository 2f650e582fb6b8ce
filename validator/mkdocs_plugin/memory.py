"""Give the pages' memory back before the Pagefind indexer writes its index.

The indexer is a second process (pagefind_service.py), whose memory peaks when it writes the index, after the last
page; the build's Python process then still holds every page's text (the generated sources, their HTML content), so
the two peaks would add up (4.5 GB at 10 000 guides). Once every page is written nothing reads those texts again:
they are dropped and glibc is asked to return the freed heap to the system (`malloc_trim`; a no-op elsewhere), so the
indexer's peak stands beside a smaller build.
"""

from __future__ import annotations

import gc

from mkdocs.structure.files import Files

from ..heap import give_back


def release_pages(files: Files) -> None:
    for file in files:
        page = file.page
        if page is not None:
            page.content = None
            page.markdown = None
        if file.generated_by is not None:
            file._content = None  # a generated file's text: written, not read again in this build
    gc.collect()
    give_back()
