"""`guides print`: the batch of print-ready PDFs (window cards per department, posters per service point), read back
as text with pdftotext and as pixels with pdftoppm: every printable item on its department's sheets, the QR codes
decoding to the guides' addresses, nothing running into a card's bottom margin, values printed as text."""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from validator.model import Catalogue
from validator.site.cards import printable
from validator.site.posters import handled, is_service_point

from .conftest import ROOT, mutate
from .site_support import ARTIFACTS

try:
    import weasyprint  # noqa: F401 - without Pango the import raises OSError, which importorskip would not catch
except (ImportError, OSError) as missing:
    pytest.skip(f"需要 WeasyPrint 和 Pango（pip install -e '.[print]'）：{missing}", allow_module_level=True)
zxingcpp = pytest.importorskip("zxingcpp")
if shutil.which("pdftoppm") is None:
    pytest.skip("需要 poppler-utils（pdftoppm、pdftotext）来读回 PDF", allow_module_level=True)

SITE = "https://guides.example.gov.cn/"  # mkdocs.yml's site_url
DPI = 100
MM = DPI / 25.4


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from validator.cli.main import main

    out = tmp_path_factory.mktemp("print")
    with contextlib.chdir(ROOT):  # the project: guides/, mkdocs.yml and its site/assets
        assert main(["print", "--out", str(out)]) == 0
    return out


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> list:
    from PIL import Image

    stem = pdf.parent / f"{pdf.stem}-png"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(stem)], check=True)
    return [Image.open(p).convert("L") for p in sorted(pdf.parent.glob(f"{stem.name}-*.png"))]


def _codes(images: list) -> set[str]:
    return {r.text for image in images for r in zxingcpp.read_barcodes(image)}


def test_every_department_with_items_gets_its_cards_with_every_printable_item(printed: Path, sample_catalogue: Catalogue) -> None:
    for department in sample_catalogue.departments.values():
        shown = [g for g in sample_catalogue.by_department(department.id) if printable(g)]
        pdf = printed / "cards" / f"{department.id}.pdf"
        assert pdf.exists() == bool(shown), department.id
        if not shown:
            continue
        text = re.sub(r"\s+", "", _text(pdf))
        for guide in shown:
            assert re.sub(r"\s+", "", guide.name) in text, (department.id, guide.name)
        images = _pages(pdf)
        assert len(images) == math.ceil(len(shown) / 4)  # four A6 cards to an A4 sheet
        assert all(abs(i.width - 210 * MM) < 2 and abs(i.height - 297 * MM) < 2 for i in images)
        assert _codes(images) == {f"{SITE}guides/{g.id}/" for g in shown}


def _ink_in_bottom_margins(pdf: Path) -> list[str]:
    """Cards whose 9 mm bottom padding has ink: the card clips what does not fit (overflow: hidden), so text there
    means the last rows (time, fee, phone) are cut."""
    inked = []
    for number, image in enumerate(_pages(pdf), 1):
        for row in range(2):
            for column in range(2):
                left, bottom = round(column * 105 * MM), round((row + 1) * 148 * MM)
                band = image.crop((left + round(3 * MM), bottom - round(7 * MM), left + round(102 * MM), bottom - round(2 * MM)))
                if band.getextrema()[0] < 200:
                    inked.append(f"{pdf.name} 第 {number} 页第 {row * 2 + column + 1} 张")
    return inked


def test_nothing_runs_into_a_cards_bottom_margin(printed: Path) -> None:
    assert [card for pdf in sorted((printed / "cards").glob("*.pdf")) for card in _ink_in_bottom_margins(pdf)] == []


def test_a_village_poster_lists_what_it_handles_on_a3(printed: Path, sample_catalogue: Catalogue) -> None:
    points = [d for d in sample_catalogue.departments.values() if is_service_point(d)]
    assert {p.stem for p in (printed / "posters").glob("*.pdf")} == {d.id for d in points}
    village = next(d for d in points if len(d.region_code) == 12)
    pdf = printed / "posters" / f"{village.id}.pdf"
    text = re.sub(r"\s+", "", _text(pdf))
    items = handled(village, sample_catalogue)
    assert items and all(re.sub(r"\s+", "", g.name) in text for g in items)
    assert re.sub(r"\s+", "", village.hours) in text and village.consult_phone in text
    images = _pages(pdf)
    assert len(images) == 1 and abs(images[0].width - 297 * MM) < 2 and abs(images[0].height - 420 * MM) < 2
    assert _codes(images) == {f"{SITE}posters/{village.id}/"}
    ARTIFACTS.mkdir(exist_ok=True)
    images[0].save(ARTIFACTS / "poster-village-pdf.png")
    _pages(printed / "cards" / "shichang.pdf")[0].save(ARTIFACTS / "cards-pdf.png")


def test_markup_in_a_value_is_printed_as_text_and_a_long_card_still_fits(guides, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "guides" / "shichang", tmp_path / "guides" / "shichang")
    shutil.copytree(ROOT / "site" / "assets", tmp_path / "site" / "assets")
    (tmp_path / "mkdocs.yml").write_text(f"site_url: {SITE}\ndocs_dir: site\n", encoding="utf-8")
    hostile = "个体<b>工商户</b>设立&lt;登记"
    guide = tmp_path / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    mutate(guide, "name: 个体工商户设立登记", f"name: '{hostile}'")
    long_name = "建设工程消防设计审查验收（含特殊建设工程消防设计审查和消防验收、其他建设工程消防验收备案抽查）"
    mutate(tmp_path / "guides" / "shichang" / "shipin-jingying-xuke.yaml", "name: 食品经营许可", f"name: {long_name}")
    run = guides("print", "--out", "out", cwd=tmp_path)
    assert run.code == 0, run.err
    pdf = tmp_path / "out" / "cards" / "shichang.pdf"
    assert hostile in _text(pdf) and long_name in re.sub(r"\s+", "", _text(pdf))
    assert _ink_in_bottom_margins(pdf) == []  # a three-line name takes lines from the materials, not the phone


def test_a_catalogue_with_an_error_prints_nothing(guides, exemplar_copy: Path) -> None:
    project = exemplar_copy.parents[2]
    mutate(exemplar_copy, "name: 个体工商户设立登记", "name: ''")
    (project / "mkdocs.yml").write_text(f"site_url: {SITE}\ndocs_dir: site\n", encoding="utf-8")
    run = guides("print", "--out", "out", cwd=project)
    assert run.code == 1 and "没有生成 PDF" in run.err and "getihu-sheli-dengji.yaml" in run.err
    assert not (project / "out").exists()


def test_without_a_site_address_it_says_where_to_set_one(guides, exemplar_copy: Path) -> None:
    project = exemplar_copy.parents[2]
    tagged = "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
    (project / "mkdocs.yml").write_text("docs_dir: site\n" + tagged, encoding="utf-8")  # python tags are read past
    run = guides("print", "--out", "out", cwd=project)
    assert run.code == 2 and "site_url" in run.err and "Traceback" not in run.err
    run = guides("print", "--out", "out", "--config", "nowhere.yml", cwd=project)
    assert run.code == 2 and "找不到网站配置 nowhere.yml" in run.err
