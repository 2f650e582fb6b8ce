"""Typed objects built once from schema-valid data; rules, reports and the site read these.

Each class mirrors one object of the schema; optional elements are None or empty. Building
from data that failed the schema is not supported: the pipeline only models valid files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Generic, TypeVar


@dataclass(frozen=True)
class Duration:
    value: int | None = None
    unit: str | None = None
    none: bool = False
    note: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Duration | None:
        if data is None:
            return None
        return cls(data.get("value"), data.get("unit"), bool(data.get("none", False)), data.get("note"))

    def text(self) -> str:
        """How a citizen reads it: 当场办结, 20 个工作日, 无法定时限."""
        if self.none:
            return "无规定时限"
        if self.value == 0:
            return "当场办结"
        return f"{self.value} 个{self.unit}" if self.unit == "工作日" else f"{self.value} {self.unit}"


@dataclass(frozen=True)
class LegalBasis:
    title: str
    article: str
    doc_number: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Material:
    name: str
    form: str
    medium: str
    necessity: str
    source: str
    copies: int | None = None
    basis: str | None = None
    blank_form: str | None = None
    sample: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Step:
    name: str
    actor: str
    description: str
    duration: Duration | None = None


@dataclass(frozen=True)
class SpecialProcedure:
    name: str
    limit: Duration
    note: str | None = None


@dataclass(frozen=True)
class TimeLimit:
    kind: str
    statutory: Duration
    promised: Duration
    excluded: tuple[SpecialProcedure, ...] = ()


@dataclass(frozen=True)
class FeeItem:
    name: str
    standard: str
    basis: str
    waivable: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class Fees:
    charged: bool
    items: tuple[FeeItem, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Location:
    name: str
    address: str
    hours: str
    phone: str | None = None
    transit: str | None = None


@dataclass(frozen=True)
class Online:
    depth: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Delivery:
    express: bool | None = None
    appointment: bool | None = None
    online_payment: bool | None = None


@dataclass(frozen=True)
class Intermediary:
    name: str
    basis: str
    provider: str | None = None


@dataclass(frozen=True)
class Result:
    name: str
    type: str
    sample: str | None = None
    validity: str | None = None


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Contacts:
    consult: tuple[Contact, ...]
    complaint: tuple[Contact, ...]


@dataclass(frozen=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True)
class Department:
    id: str  # the folder name
    name: str
    short_name: str
    uscc: str
    region_code: str
    address: str
    hours: str
    consult_phone: str
    complaint_phone: str
    owners: tuple[str, ...]
    windows: tuple[str, ...] = ()
    website: str | None = None
    source: str = ""  # the profile's path, for diagnostics

    @classmethod
    def of(cls, id: str, data: dict[str, Any], source: str = "") -> Department:
        return cls(
            id=id, name=data["name"], short_name=data["short_name"], uscc=data["uscc"],
            region_code=data["region_code"], address=data["address"], hours=data["hours"],
            consult_phone=data["phones"]["consult"], complaint_phone=data["phones"]["complaint"],
            owners=tuple(data["owners"]), windows=tuple(data.get("windows", ())),
            website=data.get("website"), source=source,
        )


def _all(cls: type, items: list[dict[str, Any]] | None) -> tuple[Any, ...]:
    return tuple(cls(**item) for item in items or ())


@dataclass(frozen=True)
class Guide:
    id: str  # "<department folder>/<file stem>", what `related` refers to
    department: str  # the department folder
    source: str  # the file's display path
    name: str
    basic_code: str
    type: str
    level: str
    audience: tuple[str, ...]
    summary: str
    basis: tuple[LegalBasis, ...]
    conditions: tuple[str, ...]
    materials: tuple[Material, ...]
    process: tuple[Step, ...]
    time_limit: TimeLimit
    fees: Fees
    locations: tuple[Location, ...]
    online: Online
    visits: int
    result: Result
    contacts: Contacts
    status: str
    updated: str
    impl_code: str | None = None
    handle_code: str | None = None
    power_source: str | None = None
    themes: tuple[str, ...] = ()
    materials_note: str | None = None
    visit_reason: str | None = None
    delivery: Delivery | None = None
    scope: str | None = None
    joint_departments: tuple[str, ...] = ()
    intermediary: tuple[Intermediary, ...] = ()
    quantity_limit: str | None = None
    faq: tuple[Faq, ...] = ()
    related: tuple[str, ...] = ()
    status_note: str | None = None
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, id: str, department: str, source: str, data: dict[str, Any]) -> Guide:
        limit = data["time_limit"]
        return cls(
            id=id, department=department, source=source,
            name=data["name"], basic_code=data["basic_code"], type=data["type"], level=data["level"],
            audience=tuple(data["audience"]), summary=data["summary"],
            basis=_all(LegalBasis, data["basis"]), conditions=tuple(data["conditions"]),
            materials=_all(Material, data["materials"]),
            process=tuple(Step(s["name"], s["actor"], s["description"], Duration.of(s.get("duration")))
                          for s in data["process"]),
            time_limit=TimeLimit(
                limit["kind"], Duration.of(limit["statutory"]), Duration.of(limit["promised"]),  # type: ignore[arg-type]
                tuple(SpecialProcedure(p["name"], Duration.of(p["limit"]), p.get("note"))  # type: ignore[arg-type]
                      for p in limit.get("excluded", ())),
            ),
            fees=Fees(data["fees"]["charged"], _all(FeeItem, data["fees"].get("items")), data["fees"].get("note")),
            locations=_all(Location, data["locations"]),
            online=Online(**data["online"]), visits=data["visits"], result=Result(**data["result"]),
            contacts=Contacts(_all(Contact, data["contacts"]["consult"]), _all(Contact, data["contacts"]["complaint"])),
            status=data["status"], updated=data["updated"],
            impl_code=data.get("impl_code"), handle_code=data.get("handle_code"),
            power_source=data.get("power_source"), themes=tuple(data.get("themes", ())),
            materials_note=data.get("materials_note"), visit_reason=data.get("visit_reason"),
            delivery=Delivery(**data["delivery"]) if "delivery" in data else None, scope=data.get("scope"),
            joint_departments=tuple(data.get("joint_departments", ())),
            intermediary=_all(Intermediary, data.get("intermediary")),
            quantity_limit=data.get("quantity_limit"), faq=_all(Faq, data.get("faq")),
            related=tuple(data.get("related", ())), status_note=data.get("status_note"), data=data,
        )

    def as_json(self) -> dict[str, Any]:
        """The open-data shape: the model's fields, without the raw data."""
        out = asdict(self)
        out.pop("data")
        return out


@dataclass(frozen=True)
class GuideSummary:
    """What the catalogue rules read of a guide: where it is, and the few elements that identify it.

    `guides check` takes the guides it only needs as context from the summary cache without parsing
    them (check/summary_cache.py), so a catalogue rule sees nothing else: one that needs another
    element adds it here, with the name and type it has in Guide (a test holds them to that).
    """

    # where the guide is, from its path (never cached)
    id: str
    department: str
    source: str
    # what it says (cached by content)
    name: str
    basic_code: str
    impl_code: str | None
    handle_code: str | None
    related: tuple[str, ...]

    @classmethod
    def of(cls, guide: Guide) -> GuideSummary:
        return cls(**{f.name: getattr(guide, f.name) for f in fields(cls)})


PLACE_FIELDS = ("id", "department", "source")  # the fields of a guide and its summary that come from the path

G = TypeVar("G", Guide, GuideSummary)


@dataclass
class Catalogue(Generic[G]):
    """Every valid department and guide of one catalogue root: the guides' models (the site, the assessment),
    or their summaries (the catalogue rules)."""

    departments: dict[str, Department] = field(default_factory=dict)
    guides: list[G] = field(default_factory=list)

    def guide(self, id: str) -> G | None:
        return next((g for g in self.guides if g.id == id), None)

    def by_department(self, department: str) -> list[G]:
        return [g for g in self.guides if g.department == department]
