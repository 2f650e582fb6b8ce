"""The web editor in Chromium against `guides edit` (the local backend, decap-server): an edit, a copied guide and a
new guide, saved as files that `guides check` reads, with nothing else changed (byte for byte).

A git repository holding a copy of the sample catalogue is the department's repository; `guides edit` runs in it as
a clerk starts it. What it prints after each save is read too.
"""

from __future__ import annotations

import os
import queue
import re
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
    """Until the file holds new content that two reads 0.2 s apart agree on: decap-server writes in place, so the
    file can be seen empty or half-written (a fresh-clone CI run read an empty new guide)."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        now = path.read_bytes() if path.exists() else None
        if now and now != before and now == last:
            return
        last = now
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
    wait_for_change(folder / name, b"")

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


def choose(page, label: str, option: str, nth: int = 0) -> None:
    """A pick-list (react-select): type the value, click the option that is it (labelled 「value：description」)."""
    box = page.get_by_label(label, exact=True).nth(nth)
    box.click()
    box.fill(option)
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}(：|$)")).first.click()


def text(page, label: str, value: str, nth: int = 0) -> None:
    page.get_by_label(label, exact=True).nth(nth).fill(value)


def add(page, what: str) -> None:
    page.get_by_role("button", name=f"新增{what}").first.click()


def test_a_new_guide_through_the_form_is_named_in_pinyin_and_the_check_names_what_is_left(session: Session, editor):
    """What the form requires, filled as a clerk would; what it cannot require (the schema's if/then rules) and the
    code still 待填写 are what `guides check` then names."""
    page, _ = editor
    folder = session.repo / "guides" / "minzheng"
    page.goto(f"{session.url}#/collections/minzheng/new")
    page.get_by_label("事项名称", exact=True).wait_for()
    text(page, "事项名称", "特困人员救助供养审核确认")
    assert page.get_by_label("基本编码", exact=True).input_value() == "待填写"  # marked, for the clerk to fill
    choose(page, "事项类型", "行政给付")
    choose(page, "行使层级", "县级")
    choose(page, "服务对象", "自然人")
    text(page, "事项简述", "无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人，可以申请特困人员救助供养。")
    add(page, "设定依据")
    text(page, "法律法规名称", "社会救助暂行办法")
    text(page, "条款号", "第十四条")
    add(page, "受理条件")
    text(page, "条件内容", "无劳动能力、无生活来源且无法定赡养、抚养、扶养义务人的本县户籍老年人、残疾人和未满十六周岁的未成年人。")
    add(page, "申请材料")
    text(page, "材料名称", "特困人员救助供养申请书")
    choose(page, "材料类型", "原件")
    choose(page, "材料形式", "纸质")
    choose(page, "必要性", "必要")
    choose(page, "来源渠道", "申请人自备")
    add(page, "办理流程")
    text(page, "环节名称", "申请")
    text(page, "办理人", "申请人")
    text(page, "环节说明", "向户籍所在地乡镇人民政府（街道办事处）提出书面申请。")
    choose(page, "办件类型", "承诺件")
    add(page, "办理地点和时间")
    text(page, "窗口名称", "各乡镇人民政府（街道办事处）社会事务办")
    text(page, "地址", "申请人户籍所在地乡镇人民政府（街道办事处）便民服务中心")
    text(page, "办公时间", "周一至周五 8:30—12:00，14:30—17:30（法定节假日除外）")
    choose(page, "网上办理深度", "不支持网办")
    text(page, "到办事现场次数", "1")
    text(page, "结果名称", "特困人员救助供养证")
    choose(page, "结果类型", "证照")
    add(page, "咨询方式")
    text(page, "名称", "县民政局社会救助股")
    add(page, "监督投诉方式")
    text(page, "名称", "县政务服务便民热线", nth=1)
    choose(page, "事项状态", "在用")
    text(page, "更新日期", "2026-12-01")
    publish(page)

    target = folder / "te-kun-ren-yuan-jiu-zhu-gong-yang-shen-he-que-ren.yaml"
    wait_for_change(target, b"")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["name"] == "特困人员救助供养审核确认" and data["basic_code"] == "待填写" and data["updated"] == "2026-12-01"
    assert data["materials"] == [{"name": "特困人员救助供养申请书", "form": "原件", "medium": "纸质", "necessity": "必要", "source": "申请人自备"}]
    assert list(data) == [k for k in yaml.safe_load((ROOT / "schema" / "guide.schema.json").read_text(encoding="utf-8"))["properties"] if k in data]
    said = session.said_after_save(f"guides/minzheng/{target.name}")
    for element in ("（basic_code）的值「待填写」", "（power_source）", "（materials[1].copies）", "（visit_reason）", "（contacts.consult[1]）", "T212"):
        assert element in said, said  # the code to fill; the schema's if/then rules the form cannot say
