"""The semantic diff: what changed in the catalogue between two versions, in plain Chinese.

`reading` loads one version as `guides check` would, `elements` compares a file's two versions
element by element (schema-driven), `words` says each edit as a sentence, `catalogue` pairs the
files of two git revisions (renames included) and `formats` prints the result as text or Markdown.
"""

from .catalogue import CatalogueDiff, FileDiff, diff_revisions
from .elements import Edit, compare
from .formats import DESCRIPTIONS, FORMATS

__all__ = ["DESCRIPTIONS", "FORMATS", "CatalogueDiff", "Edit", "FileDiff", "compare", "diff_revisions"]
