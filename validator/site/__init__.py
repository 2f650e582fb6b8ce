"""The public site: the validated model rendered as pages (path → Markdown or file content).

Nothing here imports mkdocs; `validator.mkdocs_plugin` and `guides render` are the two users.
"""

from .render import render_site

__all__ = ["render_site"]
