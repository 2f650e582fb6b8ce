"""权力运行流程图: a standalone page per item with a lane per body, from the catalogue; printed on one A4 sheet."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import pytest

from validator.model import Catalogue, Step
from validator.site import render_site
from validator.site.flow_page import flow_page, lanes

from .site_support import ARTIFACTS

GUIDE = "shichang/getihu-sheli-dengji"


@pytest.fixture(scope="module")
def catalogue(sample_catalogue) -> Catalogue:
    return sample_catalogue


def test_a_page_per_item_with_every_step_in_its_lane(catalogue: Catalogue) -> None:
    pages = render_site(catalogue)
    for guide in catalogue.guides:
        page = pages[flow_page(guide)]
        texts = [unescape(t) for t in re.findall(r'class="swimlane__(?:step|head)">([^<]*)<', page)]
        for number, step in enumerate(guide.process, 1):
            assert any(t.startswith(f"{number}. {step.name[:3]}") for t in texts), (guide.id, step.name)
        heads = "".join(re.findall(r'class="swimlane__head">([^<]*)<', page))
        assert all(actor.replace(" ", "")[:4] in heads for _, actor in lanes(guide)), guide.id
        assert f'href="../flow/{guide.id}/"' in pages["power-list/index.md"]  # the list's 办理流程 links to it


def test_lanes_carry_the_bodies_roles(catalogue: Catalogue) -> None:
    guide = catalogue.guide(GUIDE)
    assert guide is not None
    found = dict((actor, role) for role, actor in lanes(guide))
    assert found["申请人"] == "申请人"
    accepting = dataclasses.replace(guide.bodies, accepting="登记窗口工作人员", deciding="登记注册股")
    changed = dataclasses.replace(guide, bodies=accepting)
    found = dict((actor, role) for role, actor in lanes(changed))
    assert found["登记窗口工作人员"] == "受理机构" and found["登记注册股"] == "决定机构"


def test_step_values_are_escaped(catalogue: Catalogue) -> None:
    guide = catalogue.guide(GUIDE)
    assert guide is not None
    hostile = Step(name='<script>alert(1)</script>', actor='"><img src=x onerror=alert(1)>', description="| x |")
    page = render_site(Catalogue(catalogue.departments, [dataclasses.replace(guide, process=(hostile,))]))[flow_page(guide)]
    assert "<script>" not in page and "<img" not in page


def test_printed_on_one_a4_sheet(page, site_base_url) -> None:
    page.set_viewport_size({"width": 794, "height": 1123})
    page.goto(site_base_url + f"flow/{GUIDE}/")
    assert page.locator(".swimlane rect.swimlane__box").count() == 4
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "flow-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "flow-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
