"""Window cards (宣传卡片): content against the catalogue, escaping, what is left out; printed in Chromium as A4 sheets
of four A6 cards whose QR codes decode to the guides' addresses."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import pytest

from validator.model import Catalogue
from validator.site import render_site
from validator.site.cards import INDEX, cards_page

from .site_support import ARTIFACTS, markdown_html

SITE = "https://banshi.example.gov.cn/"
HOSTILE = '<img src=x onerror=alert(1)>**粗体** | 表格'


@pytest.fixture(scope="module")
def catalogue(sample_catalogue) -> Catalogue:
    return sample_catalogue


def _cards(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="window-card" data-guide="([^"]+)">(.*?)</section>', page))


def test_a_card_for_every_item_with_its_facts(catalogue: Catalogue) -> None:
    pages = render_site(catalogue, site_url=SITE)
    for department in catalogue.departments.values():
        cards = _cards(pages[cards_page(department.id)])
        assert set(cards) == {g.id for g in catalogue.by_department(department.id)}
        assert f"[{department.name}]" in pages[INDEX]
    getihu = catalogue.guide("shichang/getihu-sheli-dengji")
    assert getihu is not None
    text = unescape(re.sub(r"<[^>]+>", " ", _cards(pages[cards_page("shichang")])[getihu.id]))
    assert getihu.name in text and "行政许可" in text and f"申请材料（{len(getihu.materials)} 件）" in text
    assert "《促进个体工商户发展条例》第六条等 5 项" in text and "不收费" in text and "0799-6212315" in text
    assert "即办：当场办结；法定 3 个工作日" in text and "跑 0 次" in text
    assert text.count("申请书") == 1 and "另有 2 件，扫码看完整清单" in text  # 7 materials: 5 named, the rest counted
    assert f'data-url="{SITE}guides/shichang/getihu-sheli-dengji/"' in pages[cards_page("shichang")]


def test_cancelled_and_incomplete_guides_get_no_card(catalogue: Catalogue) -> None:
    first, second, *rest = catalogue.by_department("shichang")
    changed = [dataclasses.replace(first, status="取消", status_note="已取消"), dataclasses.replace(second, complete=False, missing=("materials",))]
    planted = Catalogue(catalogue.departments, [*changed, *rest, *(g for g in catalogue.guides if g.department != "shichang")])
    page = render_site(planted)[cards_page("shichang")]
    assert set(_cards(page)) == {g.id for g in rest}
    assert "（已取消）" in page and "（指南不完整）" in page


def test_values_are_escaped_on_the_cards(catalogue: Catalogue) -> None:
    guide = catalogue.by_department("shichang")[0]
    planted = Catalogue(catalogue.departments, [dataclasses.replace(guide, name=HOSTILE), *catalogue.guides[1:]])
    page = render_site(planted)[cards_page("shichang")]
    html = markdown_html(page)
    assert "<img" not in html and "<strong>" not in html and HOSTILE in unescape(html)


def test_printed_cards_are_a6_on_a4_and_their_codes_decode(browser, site_base_url, sample_site) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    context = browser.new_context(viewport={"width": 794, "height": 1123}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_base_url + "cards/shichang/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cards-screen.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.is_visible("h1") and not page.is_visible(".md-header")
    sizes = page.eval_on_selector_all(".window-card", "cs => cs.map(c => [c.getBoundingClientRect().width, c.getBoundingClientRect().height])")
    assert len(sizes) == 3 and all(abs(w - 105 * 96 / 25.4) < 1 and abs(h - 148 * 96 / 25.4) < 1 for w, h in sizes)
    for card in page.query_selector_all(".window-card"):  # nothing cut off at the card's bottom edge
        assert card.evaluate("c => c.scrollHeight <= c.clientHeight + 1"), card.get_attribute("data-guide")
    page.screenshot(path=str(ARTIFACTS / "cards-print.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "cards-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    found = {r.text for r in zxingcpp.read_barcodes(Image.open(ARTIFACTS / "cards-print.png"))}
    base = "https://guides.example.gov.cn/"  # mkdocs.yml's site_url
    assert found == {f"{base}guides/shichang/{name}/" for name in ("getihu-sheli-dengji", "getihu-zhuxiao-dengji", "shipin-jingying-xuke")}
    context.close()
