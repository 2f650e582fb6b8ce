"""The law registry: the laws and regulations guides cite, with their status and the articles in force.

- `numbers`: article numbers and citations (第十九条第一款、第二款), their normal form
- `titles`: title spellings, "did you mean", titles inside running text
- `quotes`: whether a quote is the article's current text
- `markdown`: the corpus's Markdown format (what `guides laws import` reads)
- `store`: the registry in memory and the shipped default (package data)
- `importing`: a Markdown text → a registry entry (`guides laws import`, tools/build_law_registry.py)
- `agencies`: renamed and merged government agencies, found in text

The catalogue's own folder (`laws/`) is read and checked by validator/check/law_registry.py, whose
`load_registry` joins it to the shipped registry.
"""

from .model import AMENDED, EXPIRED, IN_FORCE, REPEALED, Law
from .store import LawRegistry

__all__ = ["AMENDED", "EXPIRED", "IN_FORCE", "REPEALED", "Law", "LawRegistry"]
