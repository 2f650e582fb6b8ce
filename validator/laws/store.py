"""The registry in memory, and the shipped default (package data) it starts from.

The catalogue's own folder (`laws/`) is read by validator/check/law_registry.py. Both hold one file per law in one format
(schema/law.schema.json). The shipped files are generated (tools/build_law_registry.py) and tested, and are JSON (which is
YAML too: a shipped file saved as .yaml in the folder reads as an entry): the index of every law's facts is
read when the registry is loaded (~3 ms), a law's articles only when a rule or a page asks for them
(JSON, because a forked worker reads the laws its guides cite: ~50 ms for the samples' laws as
YAML, a few as JSON).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from ..digests import files_digest
from .model import Articles, Law
from .titles import TitleIndex, normal

SHIPPED = Path(__file__).with_name("data")
INDEX = "_index.json"  # the shipped registry's facts (source, data date, how chosen) and every law's, but the articles
SHIPPED_ORIGIN = "内置"

@dataclass
class LawRegistry:
    laws: dict[str, Law]  # id → law; a catalogue entry's id is prefixed with "local:"
    meta: dict[str, Any]  # the shipped registry's own facts (data/_index.json): data date, source, how chosen
    diagnostics: list[Diagnostic] = field(default_factory=list)  # problems of the catalogue's own files
    folder: Path | None = None
    index: TitleIndex = field(init=False)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # the rules' verdicts (rules/legal.py), per process

    def __post_init__(self) -> None:
        ordered = sorted(self.laws.values(), key=lambda law: not law.local)  # the catalogue's names first
        self.index = TitleIndex([(law.title, law.id) for law in ordered] +
                                [(alias, law.id) for law in ordered for alias in law.aliases])

    def sources_digest(self) -> str:
        """A digest of the files this registry was read from (the shipped data, every file of the catalogue's folder)."""
        digest = self.memo.get("sources_digest")
        if digest is None:
            digest = self.memo["sources_digest"] = files_digest([SHIPPED, self.folder])
        return digest

    def find(self, title: str) -> Law | None:
        id = self.index.get(title)
        return None if id is None else self.laws[id]

    def suggest(self, title: str) -> list[str]:
        return self.index.suggest(title)

    def mentioned(self, text: str) -> list[tuple[int, int, Law]]:
        """The laws named in running text: (start, end, law), positions in `titles.normal(text)`."""
        return [(start, end, self.laws[id]) for start, end, id in self.index.find_in(normal(text))]

    def successor(self, law: Law) -> Law | None:
        return self.find(law.successor) if law.successor else None

    @property
    def data_date(self) -> str:
        return str(self.meta.get("data_date", ""))

    def stale(self, today: datetime.date, max_age: int) -> list[Law]:
        """Entries whose data is older than `max_age` days."""
        return [law for law in self.laws.values() if (age := law.data_age(today)) is not None and age > max_age]


@cache
def shipped_registry() -> LawRegistry:
    """The shipped registry: the index at once (~3 ms), each law's articles when first asked for."""
    if not (SHIPPED / INDEX).is_file():
        return LawRegistry({}, {})
    index = json.loads((SHIPPED / INDEX).read_text(encoding="utf-8"))
    laws = {id: law_from(data, id, SHIPPED_ORIGIN, local=False, loader=partial(_articles, SHIPPED / f"{id}.json"))
            for id, data in index["laws"].items()}
    return LawRegistry(laws, index["meta"])


def _articles(path: Path) -> Articles:
    return json.loads(path.read_text(encoding="utf-8")).get("articles") or {}


def shipped_files(entries: dict[str, dict[str, Any]], meta: dict[str, Any]) -> dict[str, str]:
    """The shipped registry's files (name → content) for entries by id: one JSON per law, and the index."""
    files = {f"{id}.json": json.dumps(_ordered(entry), ensure_ascii=False, indent=1) + "\n" for id, entry in entries.items()}
    heads = {id: {k: v for k, v in _ordered(entry).items() if k != "articles"} for id, entry in sorted(entries.items())}
    files[INDEX] = json.dumps({"meta": meta, "laws": heads}, ensure_ascii=False, indent=0) + "\n"
    return files



def law_from(data: dict[str, Any], id: str, origin: str, *, local: bool, loader: Any = None) -> Law:
    """A Law from one file's (schema-valid) data."""
    articles = data.get("articles")
    return Law(
        id=id, title=data["title"], level=data["level"], status=data["status"], source=data["source"],
        data_date=str(data["data_date"]), aliases=tuple(data.get("aliases", ())), issuer=data.get("issuer"),
        doc_numbers=tuple(data.get("doc_numbers", ())), promulgated=_date(data.get("promulgated")),
        effective=_date(data.get("effective")), repealed=_date(data.get("repealed")), successor=data.get("successor"),
        repealed_by=data.get("repealed_by"), history=tuple(data.get("history", ())), verified=data.get("verified", True),
        note=data.get("note"), previous=_previous(data.get("previous_version")), origin=origin, local=local, loader=loader,
        _articles=None if loader else {str(k): str(v) for k, v in (articles or {}).items()},
    )


def _previous(data: dict[str, Any] | None) -> tuple[str, Articles] | None:
    if not data:
        return None
    return str(data["effective"]), {str(k): str(v) for k, v in (data.get("articles") or {}).items()}


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


# The order of a file's keys: facts first, the articles last.
ORDER = ("title", "aliases", "level", "issuer", "doc_numbers", "status", "promulgated", "effective", "repealed", "successor",
         "repealed_by", "history", "source", "data_date", "verified", "note", "previous_version", "articles")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None  # an article's paragraphs stay one per line
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    ordered = {name: data[name] for name in ORDER if data.get(name) not in (None, [], {}, "")}
    ordered.update((name, value) for name, value in data.items() if name not in ordered and name not in ORDER)
    return ordered


def dump_law(data: dict[str, Any], header: str = "") -> str:
    """One file of the catalogue's registry folder: `header` (comment lines), then the keys in ORDER, as YAML."""
    body = yaml.dump(_ordered(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 16, default_flow_style=False)
    return header + body
