"""Output formats of `guides report`: one `render(assessment) -> str` each.

Text, Markdown and CSV share one table (the cells below); JSON gives every number unrounded. The elements
guides lack most (最常缺少的要素) follow the table in text and Markdown, are the table's last column in CSV and
a list per department in JSON. Department names come from the profiles: escaped in Markdown as
`guides diff --format markdown` escapes values, kept from running as formulas in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from .. import __version__
from ..standard.schemas import load_schema
from ..standard.walk import element_name, element_title
from ..wording.display import pad, width
from ..wording.escape import escape, text_cell
from .assessment import Assessment, Figures, statuses
from .completeness import RECOMMENDED_WEIGHT, REQUIRED_WEIGHT, recommended_elements, required_elements

MISSING = "—"
MOST_MISSING = "最常缺少的要素"
MOST_MISSING_NOTE = "（缺少或写错这个要素、未能通过格式检查的指南数，多者在前）"
SHOWN = 5  # elements per department in the tables; JSON lists all
_FIGURE = re.compile(r"-?\d+(\.\d+)?%?")  # a count or a percentage, written by us: stays a number in a spreadsheet
BOM = "\ufeff"
NOTE = (f"比率以在用事项为分母；压缩率 =（法定时限 − 承诺时限）÷ 法定时限，取单位相同、可以比较的事项（可比事项）的平均；"
        f"完整度 = {REQUIRED_WEIGHT:g} × 必填要素填写率 + {RECOMMENDED_WEIGHT:g} × 建议填写要素填写率；"
        "依据有效率 = 在用事项的设定依据中，法规库查得到、现行有效、所引条款在现行版本中存在的项数 ÷ 设定依据总项数；"
        "排名依次按完整度（高者在前）、错误数、警告数（少者在前）。")


def _percent(value: float | None) -> str:
    return MISSING if value is None else f"{value * 100:.1f}%"


def _rank(f: Figures) -> str:
    if f.rank is not None:
        return str(f.rank)
    return MISSING if f.id else ""  # an unranked department; the whole catalogue's row


def _headers() -> list[str]:
    return ["排名", "部门", "事项", *statuses(), "即办率", "压缩率", "可比事项", "网办率", "零跑腿率", "最多跑一次率",
            "收费事项", "依据有效率", "完整度", "错误", "警告", "无效文件"]


def _cells(f: Figures) -> list[str]:
    return [_rank(f), f.name, str(f.items), *(str(n) for n in f.by_status.values()),
            _percent(f.immediate_rate), _percent(f.compression), str(f.comparable), _percent(f.online_rate), _percent(f.zero_visit_rate),
            _percent(f.at_most_one_visit_rate), str(f.charged), _percent(f.basis_validity), _percent(f.mean_completeness),
            str(f.errors), str(f.warnings), str(f.invalid_files)]


def _rows(assessment: Assessment) -> list[list[str]]:
    return [_cells(f) for f in (*assessment.departments, assessment.total)]


def most_missing(f: Figures, limit: int | None = SHOWN) -> str:
    """「基本编码 9、咨询与投诉·监督投诉方式 5、…」: the elements most guides lack, with how many."""
    schema = load_schema("guide")
    shown = list(f.missing.items())[:limit]
    more = f"（共 {len(f.missing)} 项）" if limit is not None and len(f.missing) > limit else ""
    return "、".join(f"{element_title(schema, name)} {count}" for name, count in shown) + more


def _lacking(assessment: Assessment) -> list[Figures]:
    return [f for f in (*assessment.departments, assessment.total) if f.missing]


def render_text(assessment: Assessment) -> str:
    headers, rows = _headers(), _rows(assessment)
    widths = [max(width(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(pad(cell, widths[i], right=i != 1) for i, cell in enumerate(row)).rstrip()

    rule = "-" * width(line(headers))
    body = [line(headers), rule, *(line(r) for r in rows[:-1]), rule, line(rows[-1])]
    lacking = _lacking(assessment)
    if lacking:
        body += ["", MOST_MISSING + MOST_MISSING_NOTE + "：", *(f"  {f.name}：{most_missing(f)}" for f in lacking)]
    return "\n".join(body) + f"\n\n{NOTE}\n"


def render_markdown(assessment: Assessment) -> str:
    headers, rows = _headers(), _rows(assessment)
    # Department names come from the profiles: escaped as `guides diff --format markdown` escapes values, so that
    # neither Markdown nor HTML in a name does anything where the table is pasted.
    rows = [[cell if _FIGURE.fullmatch(cell) else escape(cell) for cell in row] for row in rows]
    total = ["" if not cell else f"**{cell}**" for cell in rows[-1]]
    align = ["---:" if i != 1 else ":---" for i in range(len(headers))]
    table = [headers, align, *rows[:-1], total]
    out = "\n".join("| " + " | ".join(row) + " |" for row in table)
    lacking = _lacking(assessment)
    if lacking:
        out += (f"\n\n**{MOST_MISSING}**{MOST_MISSING_NOTE}\n\n| 部门 | {MOST_MISSING} |\n| :--- | :--- |\n"
                + "\n".join(f"| {escape(f.name)} | {escape(most_missing(f))} |" for f in lacking))
    return out + f"\n\n{NOTE}\n"


def render_csv(assessment: Assessment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*_headers(), MOST_MISSING])
    figures = (*assessment.departments, assessment.total)
    writer.writerows([*(_csv_cell(cell) for cell in row), text_cell(most_missing(f, None))] for row, f in zip(_rows(assessment), figures, strict=True))
    return BOM + buffer.getvalue()


def _csv_cell(cell: str) -> str:
    if cell == MISSING:
        return ""
    return cell if _FIGURE.fullmatch(cell) else text_cell(cell)  # a name starting with = + - @ is text, not a formula


def render_json(assessment: Assessment) -> str:
    payload = {
        "tool": {"name": "guides", "version": __version__},
        "completeness": {
            "required_weight": REQUIRED_WEIGHT, "recommended_weight": RECOMMENDED_WEIGHT,
            "required": list(required_elements()), "recommended": [element_name(p) for p in recommended_elements()],
        },
        "departments": [f.as_json() for f in assessment.departments],
        "total": assessment.total.as_json(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


REPORT_FORMATS: dict[str, Callable[[Assessment], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
# What `guides report --format` says of a format, where its name is not enough.
DESCRIPTIONS = {"text": "默认，终端表格", "markdown": "贴到合并请求或会议纪要", "csv": "带 BOM，Excel 可直接打开"}
