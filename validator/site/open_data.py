"""Open data next to the site: the catalogue as JSON and CSV, one JSON per guide, the schemas.

JSON files carry the schema version, so a consumer knows which edition of the standard the
data follows. The CSV starts with a byte order mark: Excel on Windows otherwise reads it as GBK.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import Catalogue, Guide, open_data_fields
from ..spool import Spooled
from ..standard.schemas import SCHEMA_FILES, load_schema
from ..wording import facts
from ..wording.escape import text_cell
from . import blocks, paths
from .joined import Joined
from .stored import Stored, of_model

# The standard's schemas, published beside the data they describe (not the law registry's: it describes a catalogue's
# own files, which the site does not publish).
PUBLISHED_SCHEMAS = {kind: SCHEMA_FILES[kind] for kind in ("guide", "department")}
CSV_COLUMNS = (
    ("id", "标识"), ("name", "事项名称"), ("aliases", "俗称"), ("basic_code", "基本编码"), ("impl_code", "实施编码"),
    ("department", "实施主体"), ("nature", "实施主体性质"), ("uscc", "实施主体统一社会信用代码"), ("accepting", "受理机构"),
    ("deciding", "决定机构"), ("handling", "承办机构"), ("co_implementing", "共同实施部门"),
    ("type", "事项类型"), ("level", "行使层级"), ("audience", "服务对象"), ("themes", "服务主题"),
    ("situations", "办理情形"), ("time", "办理时限"), ("statutory", "法定办结时限"), ("promised", "承诺办结时限"),
    ("stated", "办理时限（未注明法定或承诺）"), ("intake", "受理时间安排"), ("by_situation", "分情形时限"),
    ("fee", "收费"), ("visits", "到现场次数"), ("online", "网上办理深度"), ("online_url", "网办地址"),
    ("status", "事项状态"), ("updated", "更新日期"), ("page", "网页"),
)
# Elements of the standard the CSV leaves out, and why (tests/test_drift.py holds every other one to a column).
# The CSV is one row per guide with the facts a list of items is sorted and filtered by; api/guides.json has all.
_LIST = "a list of records: one row per guide has no place for it"
_DETAIL = "a detail for the guide page, not a fact a list of items is sorted or filtered by"
NOT_IN_CSV: dict[str, str] = {
    "handle_code": "the row's id and implementation code identify the item; a handling code only splits it",
    "power_source": _DETAIL, "summary": _DETAIL, "basis": _LIST, "conditions": _LIST, "materials": _LIST,
    "materials_note": _DETAIL, "process": _LIST,
    "time_limit.kind": "the 办理时限 column says what a citizen waits (当场办结 or the promised days), not the 办件类型",
    "time_limit.statutory.note": _DETAIL, "time_limit.promised.note": _DETAIL, "time_limit.excluded": _LIST,
    "fees.items[].basis": "the 收费 column names each fee and its amount; its legal basis is a detail",
    "fees.items[].waivable": _DETAIL, "fees.items[].note": _DETAIL, "fees.note": _DETAIL,
    "locations": _LIST, "online.note": _DETAIL, "visit_reason": _DETAIL, "delivery": _DETAIL, "scope": _DETAIL,
    "joint_departments": _DETAIL, "intermediary": _LIST, "quantity_limit": _DETAIL, "result": _DETAIL,
    "contacts": _LIST, "faq": _LIST, "related": "links between guide pages", "status_note": _DETAIL,
    "time_limit.stated.note": _DETAIL,
    "situations[].note": _DETAIL, "situations[].when": "a follow-up question's condition: the 办理情形 column lists every question",
}


def _json(data: Any) -> str:
    # Compact: with `indent` the json module falls back to its pure-Python encoder, ~5× slower for 10 000 guides.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def guide_text(guide: Guide) -> str:
    """`Guide.as_json()` as compact JSON text (tests/test_site_build.py compares the two)."""
    return json.dumps(guide, ensure_ascii=False, separators=(",", ":"), default=open_data_fields)


def guide_file(guide: Guide, schema_version: str) -> str:
    """A guide's open-data file: its `guide_text` with the schema version."""
    return _file_head(schema_version) + guide_text(guide) + _FILE_TAIL


def _file_head(schema_version: str) -> str:
    return f'{{"schema_version":{json.dumps(schema_version, ensure_ascii=False)},"guide":'


_FILE_TAIL = "}\n"


def open_data_files(catalogue: Catalogue, *, schema_version: str, site_url: str, texts: Sequence[str | Spooled],
                    stored: Stored | None = None, models: Mapping[str, str] | None = None) -> dict[str, str | bytes | Joined | Spooled]:
    """`texts`: each guide's `guide_file`, made once for its file, the whole list (cut from them as it is written:
    joined.py) and render_site's keys (at 10 000 guides each copy of them is 100 MB), or where it is kept (spool.py);
    `stored`, `models`: as cards_files takes them, for the CSV's rows."""
    version = json.dumps(schema_version, ensure_ascii=False)
    head = len(_file_head(schema_version))

    def whole_list() -> Iterator[str]:
        yield f'{{"schema_version":{version},"count":{len(texts)},"guides":['
        for place, text in enumerate(texts):
            yield ("," if place else "") + (text.text() if isinstance(text, Spooled) else text)[head:-len(_FILE_TAIL)]
        yield "]}\n"

    files: dict[str, str | bytes | Joined | Spooled] = {
        paths.API_JSON: Joined(whole_list),
        paths.API_CSV: _csv(catalogue, site_url, stored, models).encode("utf-8-sig"),
    }
    for guide, text in zip(catalogue.guides, texts, strict=True):
        files[paths.guide_json(guide)] = text
    for kind, name in PUBLISHED_SCHEMAS.items():
        # Both the current schema and the versioned path its own $id names (each schema has its version), so the $id resolves.
        schema = load_schema(kind)
        text = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"  # two files, read by people too
        files[f"schema/{name}"] = text
        files[f"schema/{schema['$id'].rsplit('/', 2)[-2]}/{name}"] = text
    return files


def _cell(value: object) -> str:
    return text_cell("、".join(value) if isinstance(value, tuple) else "" if value is None else str(value))


def _row(guide: Guide, catalogue: Catalogue, site_url: str) -> list[str]:
    department = catalogue.departments.get(guide.department)
    bodies, limit = guide.bodies, guide.time_limit
    implementing = bodies.implementing
    values = {
        "department": implementing.name if implementing else department.name if department else guide.department,
        "nature": implementing.nature if implementing else None, "uscc": implementing.uscc if implementing else None,
        "accepting": bodies.accepting, "deciding": bodies.deciding, "handling": bodies.handling,
        "co_implementing": bodies.co_implementing, "situations": facts.questions_text(guide),
        "time": facts.time_text(guide), "statutory": facts.limit_text(limit.statutory),
        "promised": facts.limit_text(limit.promised), "stated": facts.limit_text(limit.stated), "intake": limit.intake,
        "by_situation": "；".join(facts.situation_limit_text(s) for s in limit.by_situation), "fee": facts.fee_text(guide),
        "online": guide.online.depth, "online_url": guide.online.url,
        "page": site_url.rstrip("/") + "/" + paths.url_of(paths.guide_page(guide)) if site_url else paths.url_of(paths.guide_page(guide)),
    }
    return [_cell(values[key] if key in values else getattr(guide, key)) for key, _ in CSV_COLUMNS]


def _csv(catalogue: Catalogue, site_url: str, stored: Stored | None, models: Mapping[str, str] | None) -> str:
    """The CSV; a guide's row as an earlier build wrote it where all it reads is the same (its model, its department's
    name, the site's address): working out its facts again is most of the file's time in a rebuild."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(values: Iterable[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    def row(guide: Guide) -> str:
        department = catalogue.departments.get(guide.department)
        return of_model(stored, models, guide.id, "csv-row", [department.name if department else None, site_url],
                        lambda: line(_row(guide, catalogue, site_url)))

    return line(title for _, title in CSV_COLUMNS) + "".join(map(row, catalogue.guides))


def open_data_page(catalogue: Catalogue, *, schema_version: str) -> str:
    def to(target: str) -> str:
        return paths.href(paths.OPEN_DATA, target)

    rows = [
        [f"[api/guides.json]({to(paths.API_JSON)})", "全部办事指南（JSON），字段与标准一致，附标准版本号"],
        [f"[api/guides.csv]({to(paths.API_CSV)})", "全部办事指南的主要要素（CSV，UTF-8 带 BOM，可用 Excel 直接打开）"],
        ["api/guides/部门/事项.json", "单个事项（JSON），每个事项页面底部有下载链接"],
        *([f"[schema/{name}]({to('schema/' + name)})", load_schema(kind)["title"] + "（标准，JSON Schema 2020-12）"]
          for kind, name in PUBLISHED_SCHEMAS.items()),
    ]
    return blocks.page("开放数据", "# 开放数据",
                       f"本站共发布 {len(catalogue.guides)} 个事项的办事指南，数据遵循办事指南标准 {schema_version} 版，可自由下载使用。",
                       blocks.table(["文件", "内容"], rows))
