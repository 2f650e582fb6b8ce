"""Typed objects built once from a guide's data; rules, reports and the site read these.

Each class mirrors one object of the schema; optional elements are None or empty. Construction is
lenient: every element is read with `.get`, so that a guide that failed the schema can still be built
from what the schema accepted (check/partial.py prunes the rest). Such a guide is marked: `complete`
is False and `missing` names the elements it lacks or had rejected ("basic_code", "materials[].form").
On a partial guide any element in `missing` is None or empty, whatever its annotation says: the rules
run only where their `reads` avoid `missing`, and the site shows only what is there. On a complete
(schema-valid) guide every required element is present, as annotated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any, Generic, TypeVar, dataclass_transform

M = TypeVar("M")


@dataclass_transform(frozen_default=True)
def model(cls: type[M]) -> type[M]:
    """A frozen dataclass whose __init__ fills the instance's __dict__ directly. The one dataclass writes for a frozen
    class sets each field through object.__setattr__, 2–4× slower, and a check makes ~40 model objects per guide
    (a third of building one). Once made, the object is as frozen as any: equality, hash and refusal to change are
    dataclass's own."""
    cls = dataclass(frozen=True)(cls)
    names = {"_MISSING": MISSING}
    parameters, body = [], []
    for f in fields(cls):  # type: ignore[arg-type]
        assert f.init, f"{cls.__name__}.{f.name}: every field is set by __init__"
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_MISSING")
            body.append(f"if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
        else:
            parameters.append(f.name)
        body.append(f"fields[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(parameters)}):\n    fields = self.__dict__\n" + "".join(f"    {line}\n" for line in body)
    exec(source, names)  # noqa: S102 - the source is made of this module's field names
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


When = tuple[str, ...]  # 适用情形: the names of the situations (options) an item applies to; () = always

DEFAULT_NATURE = "法定机关"


def _when(data: Mapping[str, Any]) -> When:
    return tuple(data.get("when") or ())


@model
class Duration:
    value: int | None = None
    unit: str | None = None
    none: bool = False
    note: str | None = None
    start: str | None = None  # 起算时点: 自受理之日起, 自材料齐全之日起 …

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> Duration | None:
        if data is None:
            return None
        return cls(data.get("value"), data.get("unit"), bool(data.get("none", False)), data.get("note"), data.get("start"))

    def text(self) -> str:
        """How a citizen reads it: 当场办结, 20 个工作日, 无法定时限."""
        if self.none:
            return "无规定时限"
        if self.value == 0:
            return "当场办结"
        return f"{self.value} 个{self.unit}" if self.unit == "工作日" else f"{self.value} {self.unit}"


@model
class Option:
    """One answer to a question: a situation (办理情形), named as `when` refers to it."""

    name: str
    note: str | None = None

    @classmethod
    def of(cls, data: str | Mapping[str, Any]) -> Option:
        if isinstance(data, str):  # the shorthand: a plain name
            return cls(data)
        return cls(data.get("name"), data.get("note"))  # type: ignore[arg-type]


@model
class Question:
    question: str
    options: tuple[Option, ...]
    multiple: bool = False
    note: str | None = None
    when: When = ()  # asked only in these situations (a follow-up question)

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Question:
        return cls(data.get("question"), tuple(Option.of(o) for o in data.get("options") or ()),  # type: ignore[arg-type]
                   bool(data.get("multiple", False)), data.get("note"), _when(data))


@model
class Condition:
    text: str
    when: When = ()

    @classmethod
    def of(cls, data: str | Mapping[str, Any]) -> Condition:
        if isinstance(data, str):  # the shorthand: applies always
            return cls(data)
        return cls(data.get("text"), _when(data))  # type: ignore[arg-type]


@model
class LegalBasis:
    title: str
    article: str
    doc_number: str | None = None
    text: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> LegalBasis:
        return cls(data.get("title"), data.get("article"), data.get("doc_number"), data.get("text"))  # type: ignore[arg-type]


@model
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
    when: When = ()
    when_note: str | None = None  # 需要提交的情形, in words, where it is not worth a question

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Material:
        get = data.get
        return cls(get("name"), get("form"), get("medium"), get("necessity"), get("source"), get("copies"),  # type: ignore[arg-type]
                   get("basis"), get("blank_form"), get("sample"), get("notes"), _when(data), get("when_note"))


@model
class Step:
    name: str
    actor: str
    description: str
    duration: Duration | None = None
    when: When = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Step:
        return cls(data.get("name"), data.get("actor"), data.get("description"),  # type: ignore[arg-type]
                   Duration.of(data.get("duration")), _when(data))


@model
class SpecialProcedure:
    name: str
    limit: Duration | None = None  # None: the law sets none and the guide gives none (T213)
    note: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SpecialProcedure:
        return cls(data.get("name"), Duration.of(data.get("limit")), data.get("note"))  # type: ignore[arg-type]


@model
class SituationLimit:
    """分情形时限: what differs for some situations; what it does not write is the guide's own."""

    when: When
    kind: str | None = None
    statutory: Duration | None = None
    promised: Duration | None = None
    stated: Duration | None = None
    note: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SituationLimit:
        return cls(_when(data), data.get("kind"), Duration.of(data.get("statutory")), Duration.of(data.get("promised")),
                   Duration.of(data.get("stated")), data.get("note"))


@model
class TimeLimit:
    kind: str
    statutory: Duration | None = None
    promised: Duration | None = None
    stated: Duration | None = None  # 办理时限 the guide gives without saying 法定 or 承诺
    intake: str | None = None  # 受理时间安排: 每季度集中受理 …
    excluded: tuple[SpecialProcedure, ...] = ()
    by_situation: tuple[SituationLimit, ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> TimeLimit:
        return cls(data.get("kind"), Duration.of(data.get("statutory")), Duration.of(data.get("promised")),  # type: ignore[arg-type]
                   Duration.of(data.get("stated")), data.get("intake"),
                   tuple(SpecialProcedure.of(p) for p in data.get("excluded") or ()),
                   tuple(SituationLimit.of(s) for s in data.get("by_situation") or ()))


@model
class FeeItem:
    name: str
    standard: str
    basis: str
    waivable: bool | None = None
    note: str | None = None
    when: When = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> FeeItem:
        return cls(data.get("name"), data.get("standard"), data.get("basis"), data.get("waivable"),  # type: ignore[arg-type]
                   data.get("note"), _when(data))


@model
class Fees:
    charged: bool
    items: tuple[FeeItem, ...] = ()
    note: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Fees:
        return cls(data.get("charged"), tuple(FeeItem.of(i) for i in data.get("items") or ()), data.get("note"))  # type: ignore[arg-type]


@model
class Location:
    name: str
    address: str
    hours: str
    phone: str | None = None
    transit: str | None = None
    when: When = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Location:
        return cls(data.get("name"), data.get("address"), data.get("hours"), data.get("phone"),  # type: ignore[arg-type]
                   data.get("transit"), _when(data))


@model
class Online:
    depth: str
    url: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Online:
        return cls(data.get("depth"), data.get("url"), data.get("note"))  # type: ignore[arg-type]


@model
class Delivery:
    express: bool | None = None
    appointment: bool | None = None
    online_payment: bool | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Delivery:
        return cls(data.get("express"), data.get("appointment"), data.get("online_payment"))


@model
class Intermediary:
    name: str
    basis: str
    provider: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Intermediary:
        return cls(data.get("name"), data.get("basis"), data.get("provider"))  # type: ignore[arg-type]


@model
class Result:
    name: str
    type: str
    sample: str | None = None
    validity: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Result:
        return cls(data.get("name"), data.get("type"), data.get("sample"), data.get("validity"))  # type: ignore[arg-type]


@model
class Contact:
    label: str
    phone: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Contact:
        return cls(data.get("label"), data.get("phone"), data.get("url"))  # type: ignore[arg-type]


@model
class Contacts:
    consult: tuple[Contact, ...]
    complaint: tuple[Contact, ...]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Contacts:
        return cls(tuple(Contact.of(c) for c in data.get("consult") or ()), tuple(Contact.of(c) for c in data.get("complaint") or ()))


@model
class Faq:
    q: str
    a: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Faq:
        return cls(data.get("q"), data.get("a"))  # type: ignore[arg-type]


@model
class Body:
    """实施主体: name, 统一社会信用代码, 性质 (法定机关 · 授权组织 · 受委托组织)."""

    name: str
    uscc: str | None = None
    nature: str = DEFAULT_NATURE


@model
class Bodies:
    """实施机构, defaults filled from the department profile: the profile is the implementing body (法定机关),
    which also accepts and decides; no 承办机构, no 共同实施部门. Without a profile and without `bodies`,
    nothing is known (None)."""

    implementing: Body | None = None
    accepting: str | None = None  # 受理机构
    deciding: str | None = None  # 决定机构
    handling: str | None = None  # 承办机构
    co_implementing: tuple[str, ...] = ()  # 共同实施部门 (not 联办机构)
    defaults: tuple[str, ...] = ()  # which of implementing, accepting, deciding come from the profile, not the guide

    @classmethod
    def of(cls, data: Mapping[str, Any] | None, profile: Department | None) -> Bodies:
        data = data or {}
        written = data.get("implementing")
        if written is not None:
            uscc = written.get("uscc") or (profile.uscc if profile is not None and written.get("name") == profile.name else None)
            implementing: Body | None = Body(written.get("name"), uscc, written.get("nature") or DEFAULT_NATURE)
        else:
            implementing = Body(profile.name, profile.uscc) if profile is not None else None
        default = implementing.name if implementing is not None else None
        filled = tuple(key for key in ("implementing", "accepting", "deciding") if not data.get(key) and default is not None)
        return cls(implementing, data.get("accepting") or default, data.get("deciding") or default, data.get("handling"),
                   tuple(data.get("co_implementing") or ()), filled)


@model
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


def _all(cls: Any, items: list[Any] | None) -> tuple[Any, ...]:
    return tuple(cls.of(item) for item in items or ())


@model
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
    conditions: tuple[Condition, ...]  # a plain string in the file is a Condition without `when`
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
    aliases: tuple[str, ...] = ()
    impl_code: str | None = None
    handle_code: str | None = None
    power_source: str | None = None
    themes: tuple[str, ...] = ()
    situations: tuple[Question, ...] = ()
    bodies: Bodies = field(default_factory=Bodies)
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
    complete: bool = True  # False: the file failed the schema; this guide holds what the schema accepted
    missing: tuple[str, ...] = ()  # elements it lacks or had rejected, by element name ("materials[].form")
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # the data as written

    @classmethod
    def of(cls, id: str, department: str, source: str, data: dict[str, Any], *, profile: Department | None = None,
           accepted: dict[str, Any] | None = None, missing: tuple[str, ...] | None = None) -> Guide:
        """The guide of a file's data. `profile`: its department's, for the bodies' defaults. For a file that failed
        the schema, `accepted` is the data with what the schema rejected removed and `missing` names what it lacks."""
        written = data
        if accepted is not None:
            data = accepted
        get = data.get
        return cls(
            id=id, department=department, source=source,
            name=get("name"), basic_code=get("basic_code"), type=get("type"), level=get("level"),  # type: ignore[arg-type]
            audience=tuple(get("audience") or ()), summary=get("summary"),  # type: ignore[arg-type]
            basis=_all(LegalBasis, get("basis")), conditions=_all(Condition, get("conditions")),
            materials=_all(Material, get("materials")), process=_all(Step, get("process")),
            time_limit=TimeLimit.of(get("time_limit") or {}), fees=Fees.of(get("fees") or {}),
            locations=_all(Location, get("locations")), online=Online.of(get("online") or {}),
            visits=get("visits"), result=Result.of(get("result") or {}), contacts=Contacts.of(get("contacts") or {}),  # type: ignore[arg-type]
            status=get("status"), updated=get("updated"),  # type: ignore[arg-type]
            aliases=tuple(get("aliases") or ()), impl_code=get("impl_code"), handle_code=get("handle_code"),
            power_source=get("power_source"), themes=tuple(get("themes") or ()), situations=_all(Question, get("situations")),
            bodies=Bodies.of(get("bodies"), profile),
            materials_note=get("materials_note"), visit_reason=get("visit_reason"),
            delivery=Delivery.of(data["delivery"]) if "delivery" in data else None, scope=get("scope"),
            joint_departments=tuple(get("joint_departments") or ()), intermediary=_all(Intermediary, get("intermediary")),
            quantity_limit=get("quantity_limit"), faq=_all(Faq, get("faq")),
            related=tuple(get("related") or ()), status_note=get("status_note"),
            complete=missing is None and accepted is None, missing=missing or (), data=written,
        )

    def as_json(self) -> dict[str, Any]:
        """The open-data shape: the model's fields, without the raw data (as `open_data_fields` gives json)."""
        return json.loads(json.dumps(self, ensure_ascii=False, default=open_data_fields))


_FIELDS: dict[type, tuple[str, ...]] = {}


class _Released(dict[str, Any]):
    """`Guide.data` after `Catalogue.release_data`: any reading of it raises."""

    def _fail(self, *args: object) -> Any:
        raise RuntimeError("Guide.data was released after the check (Catalogue.release_data): read the model's fields")

    __getitem__ = get = __iter__ = __len__ = __contains__ = keys = items = values = _fail  # type: ignore[assignment]


_RELEASED = _Released()


def open_data_fields(value: Any) -> dict[str, Any]:
    """A model object as json's encoder meets it (`default=`): its fields, a guide's without the raw data. The C
    encoder then walks the model itself, 5× faster than building the dicts first (site/open_data.py)."""
    names = _FIELDS.get(type(value))
    if names is None:
        if not is_dataclass(value):
            raise TypeError(f"{type(value).__name__} is not part of the model")
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value) if not (isinstance(value, Guide) and f.name == "data"))
    return {name: getattr(value, name) for name in names}


@model
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
    missing: tuple[str, ...]  # a partial guide's: a catalogue rule does not see it where it reads one of these

    @classmethod
    def of(cls, guide: Guide) -> GuideSummary:
        return cls(**{f.name: getattr(guide, f.name) for f in fields(cls)})


PLACE_FIELDS = ("id", "department", "source")  # the fields of a guide and its summary that come from the path

G = TypeVar("G", Guide, GuideSummary)


@dataclass
class Catalogue(Generic[G]):
    """Every valid department and every guide that loaded of one catalogue root (partial ones too: see `Guide.complete`):
    the guides' models (the site, the assessment), or their summaries (the catalogue rules)."""

    departments: dict[str, Department] = field(default_factory=dict)
    guides: list[G] = field(default_factory=list)

    def guide(self, id: str) -> G | None:
        """By id, through an index of positions (`_positions`): each page's 关联事项 looks others up, and a scan made
        that N² (11 s of a 10 000-guide build). A guide replaced in place is found at its position, or by a scan when
        its id changed."""
        number = self._positions("id").get(id, [-1])[0]  # the first guide with this id
        if number >= 0 and self.guides[number].id == id:
            return self.guides[number]
        return next((g for g in self.guides if g.id == id), None)

    def _positions(self, field_name: str) -> dict[str, list[int]]:
        """Each value of the guides' `field_name` → the positions of the guides with it, in order; made once per list
        (made again when the list is replaced, grows or shrinks)."""
        name = f"_positions_{field_name}"
        cached = self.__dict__.get(name)
        if cached is None or cached[1] is not self.guides or cached[2] != len(self.guides):
            positions: dict[str, list[int]] = {}
            for number, guide in enumerate(self.guides):
                positions.setdefault(getattr(guide, field_name), []).append(number)
            cached = self.__dict__[name] = (positions, self.guides, len(self.guides))
        return cached[0]

    def release_data(self) -> None:
        """Let go of each guide's data as written (`Guide.data`), which the rules, the assessment and the history
        read, once they have: the pages read the typed model (at 10 000 guides the data is 170 MB beside it). Reading
        it afterwards is a mistake in this package, said loudly (`_Released`)."""
        for guide in self.guides:
            if isinstance(guide, Guide):
                object.__setattr__(guide, "data", _RELEASED)  # the one change made to a frozen model, on purpose

    def by_department(self, department: str) -> list[G]:
        """A department's guides in catalogue order, from one grouping of the list: five pages ask for every
        department's (0.4 s of scans at 10 000 guides). A guide replaced in place is given as it is now, and only if
        it is still the department's."""
        found = (self.guides[number] for number in self._positions("department").get(department, ()))
        return [guide for guide in found if guide.department == department]
