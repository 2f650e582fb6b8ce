"""`guides render --out DIR`: the site's generated pages written to disk, for another site engine."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ..check.config import load_config
from ..errors import EXIT_ERRORS, EXIT_OK, UsageError
from ..output import FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    render = subparsers.add_parser("render", help="把办事指南生成网站页面（Markdown 和开放数据）写到文件夹",
                                   description="检查整个目录（默认 guides/）；没有错误时，把 mkdocs 插件生成的同一批页面写到文件夹，供其他网站引擎使用。")
    render.add_argument("--out", required=True, metavar="文件夹", help="写入的文件夹（不存在时新建）")
    render.add_argument("--site-url", default="", metavar="网址", help="网站地址，用于二维码和开放数据中的网页链接")
    render.add_argument("--site-name", default="政务服务办事指南", metavar="名称", help="首页标题")
    render.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace) -> int:
    """Nothing is written when any guide has an error, as in the site build."""
    from ..site.build import build_site  # the renderer (QR codes, …): only when a site is made
    from ..site.joined import Joined

    config = load_config()
    try:
        built = build_site(config.root, config=config, site_name=args.site_name, site_url=args.site_url)
    finally:
        gc.unfreeze()  # what build_site froze may go once this command is done with it (a caller in the same process)
    if built.run.errors:
        sys.stderr.write(FORMATS["text"](built.run))
        print("有错误，没有生成页面。", file=sys.stderr)
        return EXIT_ERRORS
    try:
        for path, content in built.pages.items():
            target = Path(args.out, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                with open(target, "w", encoding="utf-8") as out:
                    out.writelines(content.parts() if isinstance(content, Joined) else [content])
    except OSError as exc:
        raise UsageError(f"无法写入 {args.out}：{exc.strerror}") from None
    print(f"已把 {len(built.pages)} 个文件写入 {args.out}（{len(built.run.catalogue.guides)} 个事项）。", file=sys.stderr)
    for notice in built.run.notices:  # information: the law registry's age, a site without the web editor
        print(notice, file=sys.stderr)
    return EXIT_OK
