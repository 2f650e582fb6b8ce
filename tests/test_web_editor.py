"""The web editor in Chromium against `guides edit` (the local backend, decap-server): an edit and a new guide,
saved as files that `guides check` reads, with nothing else changed (byte for byte).

A git repository holding a copy of the sample catalogue is the department's repository; `guides edit` runs in it as
a clerk starts it. What it prints after each save is read too.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from .conftest import GUIDES, ROOT
from .site_support import ARTIFACTS

GUIDE = "guides/gongan/jumin-shenfenzheng-huanling.yaml"
GUIDES_COMMAND = [sys.executable, "-c", "import sys; from validator.cli.main import main; sys.exit(main())"]
# Finds a form control by the value it shows (ids are generated; labels repeat in every list item).
BY_VALUE = """([value, label]) => {
  const scope = label ? [...document.querySelectorAll('label')].find(l => l.innerText.trim() === label)?.parentElement : document;
  return [...(scope || document).querySelectorAll('input, textarea')].find(e => e.value === value) || null;
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@dataclass
class Session:
    repo: Path
    url: str
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)

    def said_after_save(self, shown: str, seconds: float = 30) -> str:
        """The terminal's report on a saved file (the line naming it, and what follows until the next quiet moment)."""
        deadline, found = time.monotonic() + seconds, []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if found:
                    return "".join(found)
                continue
            if found or f"已保存 {shown}" in line:
                found.append(line)
        raise AssertionError(f"guides edit 没有报告 {shown} 的检查结果：{''.join(found)}")


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    assert shutil.which("node"), "网页编辑的测试需要 Node.js（.ci/run 会安装）"
    repo = tmp_path_factory.mktemp("department") / "repo"
    repo.mkdir()
    shutil.copytree(GUIDES, repo / "guides")
    shutil.copytree(ROOT / "schema", repo / "schema")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=t@example.invalid", "-c", "user.name=测试", "commit", "-qm", "样例")
    port, backend = _free_port(), _free_port()
    process = subprocess.Popen([*GUIDES_COMMAND, "edit", "--port", str(port), "--backend-port", str(backend)], cwd=repo,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    started = Session(repo, "", process)
    reader = threading.Thread(target=lambda: [started.lines.put(line) for line in process.stdout or ()], daemon=True)
    reader.start()
    first = started.lines.get(timeout=120)
    assert "网页编辑器已启动：" in first, first
    started.url = first.split("：", 1)[1].strip()
    yield started
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def editor(session: Session, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(session.url)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("县公安局").first.wait_for()
    yield page, requests
    page.close()


def fill(page, value: str, new: str, label: str | None = None) -> None:
    handle = page.evaluate_handle(BY_VALUE, [value, label]).as_element()
    assert handle is not None, f"表单中没有值为「{value}」的输入框"
    handle.fill(new)


def publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").first.click()


def wait_for_change(path: Path, before: bytes, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes() != before:
            return
        time.sleep(0.2)
    raise AssertionError(f"{path} 没有保存")


def test_an_edit_saves_only_what_changed_and_passes_the_check(session: Session, editor):
    page, requests = editor
    target = session.repo / GUIDE
    before = target.read_bytes()
    page.goto(f"{session.url}#/collections/gongan/entries/jumin-shenfenzheng-huanling")
    page.get_by_text("居民身份证换领").first.wait_for()
    page.wait_for_timeout(1000)
    fill(page, "领取新证时交回原证，由民警剪角作废；原证严重损坏的，交回残证。",  # a material
         "领取新证时交回原证，由民警剪角作废；原证严重损坏不能辨认的，交回残证。")
    fill(page, "20", "25", label="承诺办结时限")  # a time limit
    fill(page, "芯片损坏读不出，或者照片、文字看不清的", "芯片损坏读不出，或者照片、姓名、号码看不清的")  # a situation's option
    page.screenshot(path=str(ARTIFACTS / "web-editor-edit.png"))
    publish(page)
    wait_for_change(target, before)

    diff = git(session.repo, "diff", "-U0", "--", GUIDE)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-        note: 芯片损坏读不出，或者照片、文字看不清的",
        "+        note: 芯片损坏读不出，或者照片、姓名、号码看不清的",
        "-    notes: 领取新证时交回原证，由民警剪角作废；原证严重损坏的，交回残证。",
        "+    notes: 领取新证时交回原证，由民警剪角作废；原证严重损坏不能辨认的，交回残证。",
        "-    value: 20",
        "+    value: 25",
    ], diff
    said = session.said_after_save(GUIDE)
    assert "检查通过" in said or "0 个错误" in said, said
    checked = subprocess.run([*GUIDES_COMMAND, "check", GUIDE], cwd=session.repo, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    origin = session.url.split("/admin/")[0]
    assert requests and all(url.startswith((origin, "http://localhost:", "data:", "blob:")) for url in requests), (
        sorted({url for url in requests if not url.startswith(origin)}))  # nothing from a CDN: the page's own server, the local backend


def test_a_copied_guide_gets_a_pinyin_file_name_and_no_copied_codes(session: Session, editor):
    page, _ = editor
    folder = session.repo / "guides" / "gongan"
    before = {p.name for p in folder.iterdir()}
    page.goto(f"{session.url}#/collections/gongan/entries/chusheng-dengji")
    page.get_by_text("出生登记").first.wait_for()
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="已发布").first.click()
    page.get_by_role("menuitem", name="复制").click()
    page.wait_for_timeout(1000)
    fill(page, "出生登记", "收养登记后的户口登记")
    page.screenshot(path=str(ARTIFACTS / "web-editor-new.png"))
    publish(page)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and {p.name for p in folder.iterdir()} == before:
        time.sleep(0.2)
    [name] = {p.name for p in folder.iterdir()} - before
    assert name == "shou-yang-deng-ji-hou-de-hu-kou-deng-ji.yaml"

    text = (folder / name).read_text(encoding="utf-8")
    data, source = yaml.safe_load(text), yaml.safe_load((folder / "chusheng-dengji.yaml").read_text(encoding="utf-8"))
    assert text.startswith("# yaml-language-server: $schema=../../schema/guide.schema.json\n")
    assert data["name"] == "收养登记后的户口登记" and data["basic_code"] == "待填写"
    assert "impl_code" not in data and "handle_code" not in data and "_slug" not in text and "_kind" not in text
    assert {k: v for k, v in data.items() if k not in ("name", "basic_code")} == {
        k: v for k, v in source.items() if k not in ("name", "basic_code", "impl_code", "handle_code")}
    fmt = subprocess.run([*GUIDES_COMMAND, "fmt", "--check", f"guides/gongan/{name}"], cwd=session.repo, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert fmt.returncode == 0, fmt.stdout  # the editor wrote the canonical layout
    said = session.said_after_save(f"guides/gongan/{name}")
    assert "basic_code" in said and "待填写" in said, said  # what is still to fill, named by the check
