"""Open data next to the site: the catalogue as JSON and CSV, one JSON per guide, the schemas.

JSON files carry the schema version, so a consumer knows which edition of the standard the
data follows. The CSV starts with a byte order mark: Excel on Windows otherwise reads it as GBK.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model import Catalogue, Guide
from ..schema_stage import load_schema
from . import blocks, facts, paths

SCHEMA_FILES = ("guide.schema.json", "department.schema.json")
CSV_COLUMNS = (
    ("id", "标识"), ("name", "事项名称"), ("basic_code", "基本编码"), ("impl_code", "实施编码"),
    ("department", "实施主体"), ("type", "事项类型"), ("level", "行使层级"), ("audience", "服务对象"),
    ("themes", "服务主题"), ("time", "办理时限"), ("statutory", "法定办结时限"), ("promised", "承诺办结时限"),
    ("fee", "收费"), ("visits", "到现场次数"), ("online", "网上办理深度"), ("online_url", "网办地址"),
    ("status", "事项状态"), ("updated", "更新日期"), ("page", "网页"),
)
# A cell starting with one of these is a formula to a spreadsheet; a leading ' keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json(data: Any) -> str:
    # Compact: with `indent` the json module falls back to its pure-Python encoder, ~5× slower for 10 000 guides.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def open_data_files(catalogue: Catalogue, *, schema_version: str, site_url: str) -> dict[str, str | bytes]:
    shapes = [g.as_json() for g in catalogue.guides]  # once per guide: the whole list and each guide's file
    files: dict[str, str | bytes] = {
        paths.API_JSON: _json({"schema_version": schema_version, "count": len(catalogue.guides), "guides": shapes}),
        paths.API_CSV: _csv(catalogue, site_url).encode("utf-8-sig"),
    }
    for guide, shape in zip(catalogue.guides, shapes, strict=True):
        files[paths.guide_json(guide)] = _json({"schema_version": schema_version, "guide": shape})
    for name in SCHEMA_FILES:
        # Both the current schema and the versioned path its $id names, so the $id resolves.
        text = json.dumps(load_schema(name), ensure_ascii=False, indent=1) + "\n"  # two files, read by people too
        files[f"schema/{name}"] = text
        files[f"schema/{schema_version}/{name}"] = text
    return files


def _cell(value: object) -> str:
    return text_cell("、".join(value) if isinstance(value, tuple) else "" if value is None else str(value))


def text_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is, never runs as a formula (`=HYPERLINK(…)`)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(guide: Guide, catalogue: Catalogue, site_url: str) -> list[str]:
    department = catalogue.departments.get(guide.department)
    values = {
        "department": department.name if department else guide.department,
        "time": facts.time_text(guide), "statutory": guide.time_limit.statutory.text(),
        "promised": guide.time_limit.promised.text(), "fee": facts.fee_text(guide),
        "online": guide.online.depth, "online_url": guide.online.url,
        "page": site_url.rstrip("/") + "/" + paths.url_of(paths.guide_page(guide)) if site_url else paths.url_of(paths.guide_page(guide)),
    }
    return [_cell(values[key] if key in values else getattr(guide, key)) for key, _ in CSV_COLUMNS]


def _csv(catalogue: Catalogue, site_url: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(title for _, title in CSV_COLUMNS)
    writer.writerows(_row(g, catalogue, site_url) for g in catalogue.guides)
    return out.getvalue()


def open_data_page(catalogue: Catalogue, *, schema_version: str) -> str:
    def to(target: str) -> str:
        return paths.href(paths.OPEN_DATA, target)

    rows = [
        [f"[api/guides.json]({to(paths.API_JSON)})", "全部办事指南（JSON），字段与标准一致，附标准版本号"],
        [f"[api/guides.csv]({to(paths.API_CSV)})", "全部办事指南的主要要素（CSV，UTF-8 带 BOM，可用 Excel 直接打开）"],
        ["api/guides/部门/事项.json", "单个事项（JSON），每个事项页面底部有下载链接"],
        *([f"[schema/{name}]({to('schema/' + name)})", load_schema(name)["title"] + "（标准，JSON Schema 2020-12）"]
          for name in SCHEMA_FILES),
    ]
    return blocks.page("开放数据", "# 开放数据",
                       f"本站共发布 {len(catalogue.guides)} 个事项的办事指南，数据遵循办事指南标准 {schema_version} 版，可自由下载使用。",
                       blocks.table(["文件", "内容"], rows))
