"""Kiosk mode (触摸屏查询) in Chromium at 1080×1920 portrait and 1920×1080 landscape: browse by theme and department,
the pinyin-initial keypad, the way back and the announced return to the start; kiosk.json against the catalogue."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from validator.check.run import check_catalogue
from validator.site import render_site
from validator.site.kiosk import DATA, initials

from .conftest import GUIDES, ROOT
from .site_support import ARTIFACTS

SHENFENZHENG = "居民身份证换领"


def test_the_data_holds_every_item_with_its_initials() -> None:
    run = check_catalogue(GUIDES)
    data = json.loads(render_site(run.catalogue)[DATA])
    assert {g["name"] for g in data["guides"]} == {g.name for g in run.catalogue.guides if g.status != "取消"}
    entry = next(g for g in data["guides"] if g["name"] == SHENFENZHENG)
    assert "JMSFZHL" in entry["initials"] and entry["url"] == "../guides/gongan/jumin-shenfenzheng-huanling/"
    assert data["idle"] >= 120  # the default gives a slow reader at least two minutes
    assert initials("个体工商户（设立）登记 2") == "GTGSHSLDJ2"


APART = """
import json, sys
from validator.check.workers import jobs_for
from validator.site.kiosk import initials_of
names = [f"{name}{n}" for n in range(150) for name in ("居民身份证换领", "个体工商户（设立）登记")]
found = initials_of(names)
print(json.dumps({"found": found, "forked": jobs_for(None, len(names)) > 1, "loaded": "pypinyin" in sys.modules}))
"""


def test_the_initials_of_many_names_are_made_without_loading_pypinyin_into_the_build() -> None:
    """Where a process can be forked for many names, the kiosk's initials are made in it: pypinyin's dictionaries
    (50 MB) never enter the build's process. The initials are those made here."""
    done = subprocess.run([sys.executable, "-c", APART], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["loaded"] is not result["forked"]  # one core: made in the process, as below
    assert len(result["found"]) == 300 and result["found"]["居民身份证换领7"] == "JMSFZHL7" == initials("居民身份证换领7")
    assert all(result["found"][name] == initials(name) for name in ("个体工商户（设立）登记0", "个体工商户（设立）登记149"))


@pytest.fixture
def portrait(browser):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def landscape(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True)
    yield context.new_page()
    context.close()


def _targets_are_large(page) -> None:
    heights = page.eval_on_selector_all(".kiosk .kiosk-button", "bs => bs.map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 72, heights


def test_portrait_theme_to_guide_and_back_after_an_announced_pause(portrait, site_base_url) -> None:
    page = portrait
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(site_base_url + "kiosk/?idle=5")
    page.wait_for_selector(".kiosk-start")
    assert not page.is_visible(".md-header")
    _targets_are_large(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-portrait-start.png"))
    page.tap("button:has-text('按主题找')")
    page.tap("button:has-text('证件办理')")
    page.wait_for_selector(f"a.kiosk-item:has-text('{SHENFENZHENG}')")
    _targets_are_large(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-portrait-theme.png"))
    page.tap(f"a.kiosk-item:has-text('{SHENFENZHENG}')")
    page.wait_for_url("**/guides/gongan/jumin-shenfenzheng-huanling/")
    assert page.is_visible("a.kiosk-home")
    page.wait_for_selector(".kiosk-notice:not([hidden])", timeout=5000)  # announced before anything happens
    assert "秒后返回首页" in page.inner_text(".kiosk-notice")
    page.screenshot(path=str(ARTIFACTS / "kiosk-portrait-notice.png"))
    page.tap(".kiosk-notice__stay")  # the reader is still there: stays on the page
    assert page.is_hidden(".kiosk-notice") and "/guides/gongan/" in page.url
    page.wait_for_url("**/kiosk/**", timeout=15000)  # no touch at all: back at the start
    page.wait_for_selector(".kiosk-start")


def test_landscape_department_and_keypad(landscape, site_base_url) -> None:
    page = landscape
    page.goto(site_base_url + "kiosk/")
    page.tap("button:has-text('按部门找')")
    page.tap("button:has-text('示例县公安局')")
    assert page.locator("a.kiosk-item").count() == 3
    page.tap("button:has-text('返回')")
    page.tap("button:has-text('返回')")
    page.tap("button:has-text('拼音首字母查找')")
    for letter in "SFZ":
        page.tap(f"button.kiosk-key:text-is('{letter}')")
    page.wait_for_selector(f"a.kiosk-item:has-text('{SHENFENZHENG}')")
    assert page.inner_text(".kiosk-typed") == "SFZ"
    _targets_are_large(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-landscape-keypad.png"))
    page.tap("button:has-text('删除')")
    assert page.inner_text(".kiosk-typed") == "SF"


def test_names_are_shown_as_text(landscape, site_base_url) -> None:
    page = landscape
    hostile = {"site": "<img src=x onerror=window.hit=1>", "idle": 180, "themes": ["证件办理"], "departments": [],
               "guides": [{"name": "<img src=x onerror=window.hit=1>办证", "aliases": [], "department": "x", "themes": ["证件办理"],
                           "url": "javascript:window.hit=1", "initials": ["BZ"]}]}
    page.route("**/kiosk/kiosk.json", lambda route: route.fulfill(body=json.dumps(hostile), content_type="application/json"))
    page.goto(site_base_url + "kiosk/")
    page.tap("button:has-text('按主题找')")
    page.tap("button:has-text('证件办理')")
    assert page.locator(".kiosk img").count() == 0 and "<img" in page.inner_text(".kiosk")
    assert page.locator("a.kiosk-item").get_attribute("href") is None  # a javascript: address is not made a link
    page.tap("a.kiosk-item")
    assert page.evaluate("window.hit") is None
