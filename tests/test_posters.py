"""Service-point posters: the items a 村 or 乡镇 point handles, where else to go, escaped values; printed on A3 with a
QR code that decodes to the poster's own page."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import pytest

from validator.model import Catalogue
from validator.site import render_site
from validator.site.posters import INDEX, handled, poster_page

from .site_support import ARTIFACTS, markdown_html


@pytest.fixture(scope="module")
def catalogue(sample_catalogue) -> Catalogue:
    return sample_catalogue


def test_village_and_township_posters_list_what_they_handle(catalogue: Catalogue) -> None:
    pages = render_site(catalogue, site_url="https://banshi.example.gov.cn/")
    village = pages[poster_page("liushu-cun")]
    for guide in catalogue.by_department("liushu-cun"):
        assert f"[{guide.name}](../guides/{guide.id}.md)" in village
    assert "**示例县清河镇人民政府**" in village  # a village sends the rest to its township
    assert 'data-url="https://banshi.example.gov.cn/posters/liushu-cun/"' in village
    assert "0799-6231201" in village and "周六上午" in village
    assert {p for p in pages if p.startswith("posters/")} == {INDEX, poster_page("liushu-cun"), poster_page("qinghe-zhen")}
    assert "[示例县清河镇人民政府](qinghe-zhen.md) | 乡镇（街道） | 2" in pages[INDEX]


def test_an_item_of_another_department_at_the_point_is_on_its_poster(catalogue: Catalogue) -> None:
    point = catalogue.departments["liushu-cun"]
    other = next(g for g in catalogue.guides if g.department == "gongan")
    assert other not in handled(point, catalogue)
    place = dataclasses.replace(other.locations[0], name=point.windows[0])
    moved = dataclasses.replace(other, locations=(place,), name='<script>alert(1)</script>办证')
    planted = Catalogue(catalogue.departments, [moved, *(g for g in catalogue.guides if g.id != other.id)])
    html = markdown_html(render_site(planted)[poster_page("liushu-cun")])
    assert "<script>" not in html and "<script>alert(1)</script>办证" in unescape(html)


def test_printed_on_a3_with_its_qr_code(browser, site_base_url) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    context = browser.new_context(viewport={"width": 1123, "height": 1587}, device_scale_factor=1.5)  # A3 at 96 dpi
    page = context.new_page()
    page.goto(site_base_url + "posters/liushu-cun/")
    page.emulate_media(media="print")
    assert not page.is_visible(".md-header") and page.locator(".poster table tbody tr").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "poster-village.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "poster-village.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1 and abs(float(boxes[0][0]) - 841.9) < 2  # one A3 sheet (297 mm = 841.9 pt wide)
    found = {r.text for r in zxingcpp.read_barcodes(Image.open(ARTIFACTS / "poster-village.png"))}
    assert found == {"https://guides.example.gov.cn/posters/liushu-cun/"}
    context.close()
