"""`guides print --out DIR`: every department's window cards and every service point's poster as print-ready PDFs.

The same check as the site build comes first, and nothing is written when a guide has an error: a card printed
from a broken catalogue would go up on the counter. The site's address (for the QR codes) and the folder of the
print stylesheets come from mkdocs.yml, so the PDFs match the site they point to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..check.config import load_config
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..output import FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("print", help="把窗口卡片和便民服务点公开栏生成可直接打印的 PDF",
                                    description="检查整个目录（默认 guides/）；没有错误时，为每个部门生成窗口卡片 PDF（A4，每张 4 张 A6 卡片），"
                                                "为每个乡镇、村便民服务点生成公开栏 PDF（A3）。")
    command.add_argument("--out", required=True, metavar="文件夹", help="写入的文件夹：cards/部门.pdf、posters/服务点.pdf")
    command.add_argument("--config", default="mkdocs.yml", metavar="文件", help="网站配置（读取 site_url 和 docs_dir），默认 mkdocs.yml")
    command.add_argument("--site-url", metavar="网址", help="二维码指向的网站地址，默认取网站配置的 site_url")
    command.set_defaults(handler=run_print)


class _SiteConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold python tags (pymdownx's slugify): read past them, only two plain keys are wanted."""


_SiteConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_settings(path: Path) -> tuple[str, Path]:
    """(site_url, docs_dir) from the site's mkdocs.yml; docs_dir relative to the file, as mkdocs reads it."""
    try:
        settings = yaml.load(path.read_text(encoding="utf-8"), Loader=_SiteConfigLoader) or {}
    except OSError:
        raise UsageError(f"找不到网站配置 {path}。\n  提示：在项目根目录运行，或用 --config 指定 mkdocs.yml。") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"网站配置 {path} 不是有效的 YAML：{exc}") from None
    if not isinstance(settings, dict):
        raise UsageError(f"网站配置 {path} 应是键值对。")
    return str(settings.get("site_url") or ""), path.parent / str(settings.get("docs_dir") or "docs")


def run_print(args: argparse.Namespace) -> int:
    from ..check.run import check_catalogue
    from ..site import cards, posters
    from ..site.pdf import renderer, write_pdfs
    from ..site.qr import QrCodes

    site_url, docs_dir = site_settings(Path(args.config))
    site_url = args.site_url if args.site_url is not None else site_url
    if not site_url:
        raise UsageError("没有网站地址，卡片和公开栏上的二维码无处可指。\n  提示：在 mkdocs.yml 中设置 site_url，或用 --site-url 指定。")
    html = renderer()  # before the check: a machine that cannot print says so at once
    config = load_config()
    run = check_catalogue(config.root, config)
    if run.errors:
        sys.stderr.write(FORMATS["text"](run))
        print("有错误，没有生成 PDF：改正后重新运行。", file=sys.stderr)
        return EXIT_ERRORS
    qr = QrCodes()
    pages = {**cards.cards_files(run.catalogue, site_url=site_url, qr=qr), **posters.poster_files(run.catalogue, site_url=site_url, qr=qr)}
    out = Path(args.out)
    try:
        written = write_pdfs(pages, html, docs_dir=docs_dir, site_url=site_url, out=out)
    except OSError as exc:
        raise UsageError(f"无法写入 {out}：{exc.strerror}") from None
    card_files = sum(1 for p in written if p.parent.name == cards.FOLDER)
    print(f"已在 {out} 生成 {card_files} 个部门的窗口卡片和 {len(written) - card_files} 个服务点的公开栏（PDF）。", file=sys.stderr)
    return EXIT_OK
