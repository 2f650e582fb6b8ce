"""The published 权力清单: the catalogue in the list's official columns, as pages and as CSV and Excel downloads.

One page and one pair of downloads for the whole catalogue, and the same per department, so a
department publishes its own list and the service centre the whole one. Every cell is built from the
model (never typed twice) and every download is formula-safe: a name starting with = + - @ stays text.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from openpyxl import Workbook

from ..model import Catalogue, Guide
from ..wording import facts
from ..wording.escape import escape, text_cell
from . import markup, paths
from .flow_page import flow_page
from .markup import heading, link, para
from .stored import Stored, stored_key

FOLDER = "power-list"
PAGE = f"{FOLDER}/index.md"
CHANGES = f"{FOLDER}/changes.md"  # the 动态调整 record (adjustments.py)
FEED = f"{FOLDER}/changes.xml"
COLUMNS = ("权力名称（事项名称）", "事项类型", "实施主体", "实施依据", "收费标准", "办理流程")
# Characters a worksheet cannot hold (openpyxl refuses them); a YAML value can carry some of them.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = datetime(2000, 1, 1)  # the workbook's dates: the same catalogue gives the same file
Made = tuple[str, str, bytes]  # a list's page, its CSV's text, its workbook


def department_page(department: str) -> str:
    return f"{FOLDER}/{department}.md"


def download(page: str, suffix: str) -> str:
    """power-list/index.md → power-list/权力清单.csv; power-list/gongan.md → power-list/gongan.csv."""
    stem = page.rsplit("/", 1)[1].removesuffix(".md")
    return f"{FOLDER}/{'权力清单' if stem == 'index' else stem}.{suffix}"


def row(guide: Guide, catalogue: Catalogue) -> tuple[str, ...]:
    """The list's columns for one item, as plain text (not escaped: each output escapes for itself)."""
    department = catalogue.departments.get(guide.department)
    body = guide.bodies.implementing.name if guide.bodies.implementing else department.name if department else guide.department
    name = guide.name + ("" if guide.status == "在用" else f"（{guide.status}）")
    basis = "；".join(f"《{b.title}》{b.article}" for b in guide.basis)
    process = " → ".join(step.name for step in guide.process)
    return name, guide.type, body, basis, facts.fee_text(guide), process


def power_list_files(catalogue: Catalogue, stored: Stored | None = None) -> dict[str, str | bytes]:
    """The whole list's page and downloads, then each department's. `stored(key, make)`: a list's three files as an
    earlier build made them, where `_key` (all they read besides code) is the same (guide_page.GuidePages.page);
    most edits (a material, a condition) change no row, and the whole list's workbook is a second's work at 10 000."""
    lists: list[tuple[str, str, Sequence[Guide]]] = [(PAGE, "权力清单（全部事项）", catalogue.guides)]
    lists += [(department_page(d.id), f"{d.name}权力清单", catalogue.by_department(d.id))
              for d in sorted(catalogue.departments.values(), key=lambda d: d.id)]
    files: dict[str, str | bytes] = {}
    for page, title, guides in lists:
        rows = [row(guide, catalogue) for guide in guides]
        make = partial(_made, page, title, guides, rows, catalogue)
        html, table, workbook = make() if stored is None else _unpacked(stored(_key(page, title, guides, rows, catalogue), partial(_packed, make)))
        files[page] = html
        files[download(page, "csv")] = table.encode("utf-8-sig")  # Excel on Windows reads a CSV without BOM as GBK
        files[download(page, "xlsx")] = workbook
    return files


def _made(page: str, title: str, guides: Sequence[Guide], rows: list[tuple[str, ...]], catalogue: Catalogue) -> Made:
    return _page(page, title, guides, rows, catalogue), _csv(rows), _xlsx(title, rows)


def _key(page: str, title: str, guides: Sequence[Guide], rows: list[tuple[str, ...]], catalogue: Catalogue) -> str:
    """A digest of all `_made` reads: the rows, each item's address and whether it has a 流程图, the departments the
    whole list links to."""
    departments = sorted((d.id, d.short_name) for d in catalogue.departments.values()) if page == PAGE else []
    return stored_key("power-list", [page, title, rows, [(g.id, bool(g.process)) for g in guides], departments])


def _packed(make: Callable[[], Made]) -> str:
    """A list's three files as one text to store, the workbook in base64."""
    html, table, workbook = make()
    return json.dumps([html, table, base64.b64encode(workbook).decode()])


def _unpacked(packed: str) -> Made:
    html, table, workbook = json.loads(packed)
    return html, table, base64.b64decode(workbook)


def _page(page: str, title: str, guides: Sequence[Guide], rows: list[tuple[str, ...]], catalogue: Catalogue) -> str:
    """HTML (markup.py): the whole list has a row per item."""
    def to(target: str, text: str) -> str:
        return link(paths.url_href(page, target), text)

    cells = []
    for guide, values in zip(guides, rows, strict=True):
        name = to(paths.guide_page(guide), escape(values[0]))
        process = to(flow_page(guide), escape(values[5])) if guide.process else ""  # to its 权力运行流程图
        cells.append([name, *(escape(value) for value in values[1:5]), process])
    downloads = (f"下载：{to(download(page, 'xlsx'), 'Excel 表格')} · {to(download(page, 'csv'), 'CSV')} · "
                 f"{to(CHANGES, '动态调整记录')}（{to(FEED, '订阅')}）")
    others = ""
    if page == PAGE:
        others = para("各部门清单：" + " · ".join(
            to(department_page(d.id), escape(d.short_name)) for d in sorted(catalogue.departments.values(), key=lambda d: d.id)))
    return markup.page(escape(title, one_line=True), heading(1, escape(title)),
                       para(f"共 {len(rows)} 项。依据本站办事指南生成，与各事项页面一致；暂停或取消的事项在名称后注明。"),
                       para(downloads), others, markup.card_table(list(COLUMNS), cells, "power-list") if cells else para("暂无事项。"),
                       searchable=False)


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([text_cell(value) for value in values] for values in rows)
    return out.getvalue()


def _xlsx(title: str, rows: list[tuple[str, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "权力清单"
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append([_NOT_IN_XLSX.sub("", value) for value in values])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.data_type = "s"  # text as written, never a formula (openpyxl takes "=…" for one)
    for letter, width in zip("ABCDEF", (32, 12, 24, 48, 24, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.properties.title = title
    book.properties.created = _EPOCH  # `modified` openpyxl sets when saving: _timeless dates it
    out = io.BytesIO()
    book.save(out)
    return _timeless(out.getvalue())


def _timeless(workbook: bytes) -> bytes:
    """The workbook dated as its properties say, where openpyxl puts the time of writing (its zip entries' dates and
    the `modified` property it sets when saving): the same rows make the same bytes, so one build can be compared
    with another, and a download's checksum means something."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=_EPOCH.timetuple()[:6]), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
