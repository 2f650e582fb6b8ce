"""`guides edit`: the web editor on this computer, without a git host.

Starts the local backend (decap-server from node_modules, pinned by package-lock.json) and a server for the
editor's page on 127.0.0.1, prints the address (opens it with --open), and after each save shows what
`guides check` says about the saved file. Ctrl-C stops both.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import webbrowser
from pathlib import Path

import yaml

from ..check.config import load_config
from ..check.files import display_path
from ..check.run import check_catalogue, check_paths
from ..editor.local import HOST, local_backend, page_server, watch
from ..editor.site import FOLDER, editor_files
from ..errors import EXIT_OK, UsageError
from ..output.text import render


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("edit", help="在本机打开网页编辑器（不需要代码托管平台），保存后自动检查",
                                   description="启动本地后端（decap-server）和编辑器页面，在浏览器中用中文表单修改或新建办事指南；"
                                               "每次保存后在这里显示 guides check 对该文件的检查结果。按 Ctrl-C 结束。")
    parser.add_argument("--port", type=int, default=8080, metavar="端口", help="编辑器页面的端口（默认 8080）")
    parser.add_argument("--backend-port", type=int, default=8081, metavar="端口", help="本地后端的端口（默认 8081）")
    parser.add_argument("--open", action="store_true", help="自动用浏览器打开编辑器")
    parser.set_defaults(handler=run_edit)


def run_edit(args: argparse.Namespace) -> int:
    config = load_config()
    root, base = config.root, config.base
    if not root.is_dir():
        raise UsageError(f"找不到办事指南文件夹 {root}：请在项目文件夹中运行。")
    editor = editor_files(root, base, check_catalogue(root, config).catalogue)
    if editor.notice:
        raise UsageError(editor.notice)
    files = dict(editor.files)
    settings = yaml.safe_load(str(files[f"{FOLDER}/config.yml"]))
    settings["local_backend"] = {"url": f"http://localhost:{args.backend_port}/api/v1", "allowed_hosts": [HOST, "localhost"]}
    files[f"{FOLDER}/config.yml"] = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1_000_000)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, _interrupted)  # `kill` stops it like Ctrl-C: the local backend goes with it

    def saved(path: Path) -> None:
        shown = display_path(path)
        run = check_paths([str(path)], config)
        if not run.diagnostics:
            print(f"已保存 {shown}：检查通过。", flush=True)
        else:
            print(f"已保存 {shown}：{run.errors} 个错误，{run.warnings} 条警告。", flush=True)
            print(render(run), end="", flush=True)

    with local_backend(base, args.backend_port), page_server(files, args.port) as port:
        url = f"http://{HOST}:{port}/{FOLDER}/"
        print(f"网页编辑器已启动：{url}", flush=True)
        print("在浏览器中打开这个地址；保存后这里会显示检查结果。按 Ctrl-C 结束。", flush=True)
        if args.open:
            webbrowser.open(url)
        watcher = threading.Thread(target=watch, args=(root, saved, stop), daemon=True)
        watcher.start()
        try:
            while watcher.is_alive():
                watcher.join(0.5)
        except KeyboardInterrupt:
            print("已结束网页编辑。", file=sys.stderr)
        finally:
            stop.set()
    return EXIT_OK


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
