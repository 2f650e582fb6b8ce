"""`guides edit`'s parts: the local backend (decap-server, pinned in package-lock.json), a server for the editor's
page on localhost, and a watch over the catalogue that checks each file the editor saves.

Local use only: decap-server writes to the working tree without a login, so both listen on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError
from .site import FOLDER, node_modules

HOST = "127.0.0.1"
_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".yml": "text/yaml",
          ".html": "text/html", ".txt": "text/plain"}


class _Handler(http.server.BaseHTTPRequestHandler):
    def __init__(self, files: Mapping[str, str | bytes], *args: object) -> None:
        self.files = files
        super().__init__(*args)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        path = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if path in ("", FOLDER):
            self.send_response(302)
            self.send_header("Location", f"/{FOLDER}/")
            self.end_headers()
            return
        content = self.files.get(f"{path}index.html" if path.endswith("/") else path)
        if content is None:
            self.send_error(404)
            return
        body = content.encode("utf-8") if isinstance(content, str) else content
        self.send_response(200)
        self.send_header("Content-Type", _TYPES.get(Path(path or "index.html").suffix, "text/html") + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal shows the check results
        pass


@contextmanager
def page_server(files: Mapping[str, str | bytes], port: int) -> Iterator[int]:
    """The editor's files served on 127.0.0.1 (`port` 0: any free one); yields the port."""
    try:
        server = http.server.ThreadingHTTPServer((HOST, port), functools.partial(_Handler, files))
    except OSError as exc:
        raise UsageError(f"无法在端口 {port} 上启动编辑器页面（{exc.strerror}）：用 --port 换一个端口。") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def local_backend(repository: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """decap-server from node_modules, writing into `repository`'s working tree, on 127.0.0.1:`port`."""
    node = shutil.which("node")
    modules = node_modules(repository)
    if node is None:
        raise UsageError("网页编辑需要 Node.js：在 Debian/Ubuntu 上运行 `apt-get install nodejs npm`。")
    server = modules / "decap-server" / "dist" / "index.js" if modules else None
    if server is None or not server.is_file():
        raise UsageError("找不到 decap-server：在项目文件夹运行 `npm ci` 安装固定版本的编辑器和本地后端。")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "GIT_REPO_DIRECTORY": str(repository.resolve()), "LOG_LEVEL": "error"}
    process = subprocess.Popen([node, str(server)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = (process.stderr.read() if process.stderr else b"").decode("utf-8", "replace")[-400:]
            raise UsageError(f"本地后端 decap-server 没有启动（端口 {port} 可能已被占用，用 --backend-port 换一个）。{said}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise UsageError(f"本地后端 decap-server 在 {seconds:.0f} 秒内没有响应。")


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """(modification time, size) of every YAML file under the catalogue root."""
    found = {}
    for path in root.rglob("*.y*ml"):
        try:
            stat = path.stat()
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def watch(root: Path, saved: Callable[[Path], None], stop: threading.Event, interval: float = 0.5) -> None:
    """Call `saved(path)` for each YAML file created or changed under `root` until `stop` is set."""
    seen = snapshot(root)
    while not stop.wait(interval):
        now = snapshot(root)
        for path, stamp in now.items():
            if seen.get(path) != stamp:
                saved(path)
        seen = now
