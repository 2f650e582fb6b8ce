"""Every QR code on the built sample site decodes to an address of that site: the guide page's own on its print
sheet, and on the cards, posters and other prints a page that exists. The codes are drawn from their SVG path as
a phone's camera would see the printed squares, then read with zxing-cpp."""

from __future__ import annotations

import re

import pytest

zxingcpp = pytest.importorskip("zxingcpp", reason="需要 zxing-cpp（pip install -e '.[test]'）来识读二维码")
Image = pytest.importorskip("PIL.Image")

SITE = "https://guides.example.gov.cn/"  # mkdocs.yml's site_url
_SVG = re.compile(r'<svg [^>]*class="segno"[^>]*>.*?</svg>', re.S)
_PATH = re.compile(r'<path [^>]*\bd="([^"]+)"')
_STEP = re.compile(r"([MmHhVv])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?")


def raster(svg: str, scale: int = 4):
    """segno's path draws each row's dark runs as horizontal strokes (M x y, m dx dy, h n) through the modules'
    middle: fill those modules, black on white, with the quiet zone the SVG already has."""
    size = int(re.search(r'(?:viewBox="0 0 |width=")(\d+)', svg).group(1)) // 3  # scale(3) in the path's transform
    modules = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in _STEP.findall(_PATH.search(svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        elif command == "h":
            for column in range(int(x), int(x + float(a))):
                modules[int(y)][column] = True
            x += float(a)
    image = Image.new("L", (size * scale, size * scale), 255)
    for row, cells in enumerate(modules):
        for column, dark in enumerate(cells):
            if dark:
                image.paste(0, (column * scale, row * scale, (column + 1) * scale, (row + 1) * scale))
    return image


def decoded(html: str) -> list[str]:
    found = []
    for svg in _SVG.findall(html):
        results = zxingcpp.read_barcodes(raster(svg))
        found.append(results[0].text if len(results) == 1 else "")
    return found


def test_every_code_on_the_site_reads_as_an_address_of_the_site(sample_site, sample_catalogue) -> None:
    out, codes = sample_site.out, 0
    for page in sorted(out.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for text in decoded(html):
            codes += 1
            where = page.parent.relative_to(out).as_posix()
            assert text.startswith(SITE), f"{where}：二维码无法识读或不是本站地址（{text!r}）"
            assert (out / text[len(SITE):] / "index.html").is_file(), f"{where}：二维码指向不存在的页面 {text}"
            if where.startswith("guides/"):  # a guide page's print sheet: the page itself
                assert text == f"{SITE}{where}/"
    assert codes >= 2 * len(sample_catalogue.guides)  # each guide's print sheet, its card, and the posters

