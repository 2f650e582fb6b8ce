"""The 权力清单 on the built sample site, in Chromium: the page at 1280 and 375 px, printed (A4 landscape), the
downloads as a person opens them, the 动态调整 page and feed. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import csv
import html
import io
import re

from openpyxl import load_workbook

from validator.site.power_list import COLUMNS

from .site_support import ARTIFACTS

LIST = "power-list/"


def test_the_list_page_on_a_desktop_and_a_phone(browser, site_base_url) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((1280, "power-list-1280.png"), (375, "power-list-375.png")):
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500, has_touch=width < 500)
        page = context.new_page()
        page.goto(site_base_url + "power-list/shichang/")
        assert page.locator("table.power-list tbody tr").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()


def test_the_printed_list_is_a4_landscape_with_every_row(page, site_base_url) -> None:
    page.goto(site_base_url + LIST)
    rows = page.locator("table.power-list tbody tr").count()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    assert not page.is_visible(".md-header") and page.is_visible("table.power-list")
    assert page.eval_on_selector("table.power-list tr", "tr => getComputedStyle(tr).display") == "table-row"
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert sizes and all(float(w) > float(h) for w, h in sizes)  # landscape sheets
    (ARTIFACTS / "power-list-print.pdf").write_bytes(pdf)
    page.screenshot(path=str(ARTIFACTS / "power-list-print.png"), full_page=True)
    assert rows == 28


def _grid(page, title: str, rows: list[list[str]], path: str) -> None:
    """Show what a spreadsheet program shows: the cells as read back, in a plain grid."""
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    page.set_content(f"<meta charset=utf-8><style>body{{font:12px sans-serif}}td{{border:1px solid #999;padding:2px 4px;"
                     f"vertical-align:top;max-width:320px}}tr:first-child td{{background:#ddd;font-weight:bold}}</style>"
                     f"<h3>{html.escape(title)}</h3><table style='border-collapse:collapse'>{cells}</table>")
    page.screenshot(path=str(ARTIFACTS / path), full_page=True)


def test_the_downloads_as_a_spreadsheet_shows_them(page, site_base_url, sample_site) -> None:
    out = sample_site.out / "power-list"
    book = load_workbook(out / "shichang.xlsx").active
    sheet = [[str(c or "") for c in row] for row in book.iter_rows(values_only=True)]
    assert tuple(sheet[0]) == COLUMNS and len(sheet) == 4
    table = list(csv.reader(io.StringIO((out / "shichang.csv").read_bytes().decode("utf-8-sig"))))
    assert table == sheet
    page.set_viewport_size({"width": 1400, "height": 400})
    _grid(page, "shichang.xlsx（openpyxl 读出的单元格）", sheet, "power-list-xlsx.png")
    _grid(page, "shichang.csv（UTF-8 带 BOM）", table, "power-list-csv.png")


def test_the_adjustment_record_and_its_feed(page, site_base_url) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_base_url + "power-list/changes/")
    assert page.is_visible("h1:has-text('权力清单动态调整')")
    page.screenshot(path=str(ARTIFACTS / "power-list-changes.png"), full_page=False)
    page.goto(site_base_url + "power-list/changes.xml")
    page.screenshot(path=str(ARTIFACTS / "power-list-feed.png"), full_page=False)
