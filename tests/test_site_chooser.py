"""情形引导 in Chromium, on the sample site built once per session: the guide's questions narrow the page to the
reader's case, the choice lives in the URL (shareable, back button), and the print sheet prints the chosen case with a
QR code that carries it (decoded with zxing-cpp). Without JavaScript every item shows, labelled."""

from __future__ import annotations

import io
from urllib.parse import quote, unquote

import pytest
from PIL import Image

from .site_support import ARTIFACTS

zxingcpp = pytest.importorskip("zxingcpp", reason="需要 zxing-cpp（pip install -e '.[test]'）来识读二维码")

GUIDE = "guides/gongan/jumin-shenfenzheng-huanling/"
ALL = ["本人原居民身份证", "居民身份证申领登记表", "居民户口簿", "监护人居民身份证"]


@pytest.fixture
def page(tab):
    """A phone's tab (375 × 800): the chooser is for citizens on phones."""
    return tab(375, 800)


def shown_materials(page) -> list[str]:
    rows = page.locator("xpath=//h2[@id='申请材料']/following::table[1]//tbody/tr")
    return [row.locator("td").first.inner_text().split("\n")[0] for row in rows.all() if row.is_visible()]


def case_url(base: str, *names: str) -> str:
    return base + GUIDE + "?" + "&".join(f"{quote('情形')}={quote(n)}" for n in names)


def test_choosing_a_case_narrows_the_page_and_the_url_keeps_it(page, site_base_url) -> None:
    page.goto(site_base_url + GUIDE)
    assert shown_materials(page) == ALL and page.locator(".guide-situations-list").is_hidden()  # the form replaces the list
    page.get_by_role("radio", name="有效期满或者即将期满").check()
    page.get_by_role("radio", name="已满十六周岁").check()
    assert shown_materials(page) == ALL[:2]
    assert "需要带 2 项材料（全部共 4 项）" in page.locator(".guide-count").inner_text()
    assert unquote(page.url).endswith("?情形=有效期满或者即将期满&情形=已满十六周岁")
    conditions = page.locator("h2#受理条件 + ul > li")
    assert [c.is_visible() for c in conditions.all()] == [True, True, False, True]  # 未满十六周岁's condition hidden
    fees = [r.inner_text() for r in page.locator("xpath=//h2[@id='收费']/following::table[1]//tbody/tr").all() if r.is_visible()]
    assert len(fees) == 2 and not any("损坏换领" in f for f in fees)  # 40 元 is for a damaged card only
    page.screenshot(path=str(ARTIFACTS / "chooser-375-chosen.png"), full_page=True)
    page.go_back()  # one step back: 已满十六周岁 not yet chosen, so the guardian's ID may still be needed
    assert unquote(page.url).endswith("?情形=有效期满或者即将期满")
    assert shown_materials(page) == [ALL[0], ALL[1], ALL[3]]
    page.get_by_role("button", name="清除选择").click()
    assert shown_materials(page) == ALL


def test_a_shared_link_opens_with_the_case_chosen(page, site_base_url) -> None:
    page.goto(case_url(site_base_url, "姓名变更", "未满十六周岁"))
    assert page.get_by_role("radio", name="姓名变更").is_checked() and page.get_by_role("radio", name="未满十六周岁").is_checked()
    assert shown_materials(page) == ALL
    page.goto(case_url(site_base_url, "证件严重损坏不能辨认", "已满十六周岁", "<img src=x onerror=alert(1)>"))  # an unknown name is ignored
    assert shown_materials(page) == ALL[:2]


def test_the_print_sheet_prints_the_case_and_its_qr_code_carries_it(page, site_base_url) -> None:
    url = case_url(site_base_url, "姓名变更", "已满十六周岁")
    page.goto(url)
    page.emulate_media(media="print")
    sheet = page.locator(".print-sheet")
    assert "本告知单按以下情况打印：姓名变更、已满十六周岁" in sheet.inner_text()
    items = [li.inner_text() for li in sheet.locator(".print-sheet__checklist li").all() if li.is_visible()]
    assert len(items) == 3 and not any("监护人" in item for item in items)
    page.wait_for_function("document.querySelector('.print-sheet__qr figcaption').textContent.includes('情形')")
    shot = page.locator(".print-sheet__qr svg").screenshot()
    page.screenshot(path=str(ARTIFACTS / "chooser-print.png"), full_page=True)
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L").resize((600, 600), Image.NEAREST))]
    assert decoded and unquote(decoded[0]) == unquote(url)
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1  # still one A4 page


def test_without_javascript_every_item_shows_labelled(browser, site_base_url) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site_base_url + GUIDE)
    assert page.locator(".guide-chooser").is_hidden() and page.locator(".guide-situations-list").is_visible()
    assert shown_materials(page) == ALL
    assert page.get_by_text("以下情况需要提供：未满十六周岁").is_visible()
    assert page.locator(".guide-print").is_hidden()  # a print button that cannot work is not shown
    context.close()


def _guide_pages(sample_site) -> list[str]:
    return sorted(str(p.parent.relative_to(sample_site.out)) + "/" for p in (sample_site.out / "guides").glob("*/*/index.html"))


def test_every_guides_common_case_prints_on_one_a4_page(browser, site_base_url, sample_site) -> None:
    """The common case: the first option of every question asked (follow-ups appear as they become asked)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    longer = {}
    for path in _guide_pages(sample_site):
        page.goto(site_base_url + path)
        for _ in range(10):  # each round answers the questions now asked; follow-ups come in the next
            unanswered = page.locator(".guide-chooser__question:not([hidden]):not(:has(input:checked)) input").first
            if unanswered.count() == 0:
                break
            unanswered.check()
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        if pages != 1:
            longer[path + unquote(page.url.partition("?")[2])] = pages
    context.close()
    assert len(_guide_pages(sample_site)) >= 28 and not longer
