"""Small separate builds: hostile values stay text; a broken guide or a failed build leaves no output."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import EXEMPLAR, mutate
from .site_support import ARTIFACTS, ROOT, Build, article, mkdocs_build, open_search_page, project_copy, search, serve, text_of

SCRIPT = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[点我领取补贴](javascript:alert(1))"
ATTR = '{: onclick="alert(1)" }'
HOSTILE_URL = 'https://x.example/"onmouseover="alert(1)'
# Live markup any of the values above would become if a value reached the page unescaped.
LIVE = [re.compile(p, re.I) for p in (
    r"<script>alert",  # a script element (the theme's own scripts do not call alert)
    r"<img[^<>]*onerror",  # an image with a handler
    r"<[a-z][^<>]*\son[a-z]+\s*=",  # any event handler attribute inside a real tag
    r"""(href|src)\s*=\s*["']?\s*javascript:""",  # a javascript: link
)]


def hostile_guide() -> dict:
    data = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    data["name"] = f"个体工商户设立登记{SCRIPT}</title>"
    data["summary"] = f"开店前办理登记 {IMG} {JS_LINK}"
    data["conditions"][0] = f"申请人有经营能力 {JS_LINK} {ATTR}"
    data["materials"][0]["name"] = f"申请书 {SCRIPT} | 断开 | 表格"
    data["materials"][0]["notes"] = f"签字 {IMG}"
    data["process"][0]["actor"] = f'申请人"><script>alert(1)</script> {SCRIPT}'
    data["process"][0]["description"] = f"网上填报 {JS_LINK}"
    data["basis"][0]["text"] = f"第三条 {SCRIPT}\n\n{IMG}\n\n- {JS_LINK}"
    data["locations"][0]["address"] = f"城关镇 {IMG}"
    data["locations"][0]["hours"] = f"周一至周五 {ATTR}"
    data["online"]["url"] = HOSTILE_URL
    data["online"]["note"] = f"登录 {JS_LINK}"
    data["contacts"]["consult"][0]["label"] = f"登记股 {SCRIPT}"
    data["faq"][0] = {"q": f"没有房产证怎么办？{IMG}", "a": f"可以出具证明。{JS_LINK}"}
    data["situations"][0]["question"] = f"谁来经营？{SCRIPT}"  # the situation chooser builds its form from these
    data["situations"][0]["note"] = f"按营业执照填写 {IMG}"
    data["aliases"] = [f"开店{IMG}", "开个体户"]
    data.pop("related")  # the small catalogue has no other guide
    return data


def small_project(tmp_path: Path, guide: dict | None = None, *, docs: Path | None = None) -> Path:
    """One department with one guide (the exemplar, or `guide`), built with the real mkdocs.yml."""
    config = project_copy(tmp_path)
    folder = tmp_path / "guides" / "shichang"
    folder.mkdir(parents=True)
    shutil.copy(EXEMPLAR.parent / "_department.yaml", folder)
    target = folder / EXEMPLAR.name
    if guide is None:
        shutil.copy(EXEMPLAR, target)
        mutate(target, "related:\n  - shichang/getihu-zhuxiao-dengji\n", "")  # not in this small catalogue
    else:
        text = yaml.safe_dump(guide, allow_unicode=True, sort_keys=False)
        target.write_text("# yaml-language-server: $schema=../../schema/guide.schema.json\n" + text, encoding="utf-8")
    if docs is not None:
        config.write_text(config.read_text(encoding="utf-8").replace(f"docs_dir: {ROOT / 'site'}", f"docs_dir: {docs}"), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("hostile")
    build = mkdocs_build(small_project(tmp, hostile_guide()), tmp / "public")
    assert build.code == 0, build.log
    return build


def test_no_value_becomes_live_html(hostile_site: Build) -> None:
    # Everything a browser renders as markup; the open data (api/*.json) holds the values as data, unchanged.
    files = [p for p in hostile_site.out.rglob("*") if p.suffix in (".html", ".xml")]
    files.append(hostile_site.out / "search" / "search_index.json")  # the search shows its text as HTML
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        for live in LIVE:
            assert not live.search(text), (path, live.pattern)


def test_hostile_values_are_shown_as_typed(hostile_site: Build) -> None:
    page = hostile_site.page("guides/shichang/getihu-sheli-dengji/")
    shown = text_of(article(page))
    for value in (SCRIPT, IMG, JS_LINK, ATTR):
        assert value in shown
    assert "<title>个体工商户设立登记&#60;script&#62;" in page
    assert 'href="https://x.example/' not in page  # not a plain https address: shown, not linked


def test_a_guide_with_an_error_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    config = small_project(tmp_path)
    mutate(tmp_path / "guides" / "shichang" / EXEMPLAR.name, "type: 行政许可", "type: 行政许可证")
    out = tmp_path / "public"
    out.mkdir()
    (out / "previous.html").write_text("上一次成功构建的网站", encoding="utf-8")

    build = mkdocs_build(config, out)
    assert build.code != 0
    assert "办事指南有 1 个错误" in build.log
    assert "getihu-sheli-dengji.yaml:11:7: S004" in build.log
    # the last line a clerk reads is Chinese, after mkdocs' English "Aborted with a BuildError!"
    assert build.log.strip().splitlines()[-1] == "办事指南有 1 个错误，网站没有生成。请改正后重新构建（详见上文）。原有的网站文件夹没有改动。"
    assert [p.name for p in out.iterdir()] == ["previous.html"]  # the last good site is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guides", "mkdocs.yml", "public"]  # no staging folder left


def test_a_build_failing_late_leaves_the_previous_output(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "site", docs)
    (docs / "broken.md").write_text("# 坏链接\n\n[不存在的页面](missing.md)\n", encoding="utf-8")
    config = small_project(tmp_path, docs=docs)
    out = tmp_path / "public"
    out.mkdir()
    (out / "previous.html").write_text("上一次成功构建的网站", encoding="utf-8")

    build = mkdocs_build(config, out)
    assert build.code != 0 and "strict mode" in build.log  # every page was written, then --strict aborted
    assert [p.name for p in out.iterdir()] == ["previous.html"]
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


UNWRITABLE = """
import os
from mkdocs.plugins import event_priority

@event_priority(-200)  # the staging folder exists: a folder where the guide's page goes, which no file can replace
def on_env(env, config, files):
    page = files.get_file_from_path("guides/shichang/getihu-sheli-dengji.md")
    os.makedirs(page.abs_dest_path)
    return env
"""


def _built_with_hook(tmp_path: Path, hook: str):
    """The small project built with `hook` (a mkdocs hooks file) over a previous site: the build and its folder."""
    config = small_project(tmp_path)
    (tmp_path / "hook.py").write_text(hook, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n", encoding="utf-8")
    out = tmp_path / "public"
    out.mkdir()
    (out / "previous.html").write_text("上一次成功构建的网站", encoding="utf-8")
    return mkdocs_build(config, out), out


def test_a_page_that_cannot_be_written_fails_the_build_with_its_name(tmp_path: Path) -> None:
    """The pages are written by a process of the plugin's (page_writer.py): a page it could not write fails the build
    in Chinese with the file's name, and the previous output stays."""
    build, out = _built_with_hook(tmp_path, UNWRITABLE)
    assert build.code != 0
    assert re.search(r"网站文件写不进去：\S*/public/guides/shichang/getihu-sheli-dengji/index\.html（Is a directory）", build.log), build.log
    assert "Traceback" not in build.log and "Page skipped" not in build.log
    assert build.log.strip().splitlines()[-1].endswith("原有的网站文件夹没有改动。")
    assert [p.name for p in out.iterdir()] == ["previous.html"]
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


WRITER_KILLED = """
import os
import signal
from mkdocs.plugins import event_priority

@event_priority(200)  # before the plugin waits for its page writer: the writer is killed (as by the OOM killer)
def on_post_build(config):
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as stat, open(f"/proc/{pid}/cmdline", "rb") as line:
                parent, command = int(stat.read().rsplit(")", 1)[1].split()[1]), line.read()
        except OSError:
            continue
        if parent == os.getpid() and b"write_pages" in command:
            os.kill(int(pid), signal.SIGKILL)
"""


def test_a_page_writer_that_dies_fails_the_build_and_leaves_the_previous_output(tmp_path: Path) -> None:
    build, out = _built_with_hook(tmp_path, WRITER_KILLED)
    assert build.code != 0
    assert "写网站页面文件的进程意外退出（返回值 -9），页面没有写完。请重新构建。" in build.log, build.log
    assert "Traceback" not in build.log
    assert [p.name for p in out.iterdir()] == ["previous.html"]


def test_a_successful_build_replaces_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "stale.html").write_text("旧页面", encoding="utf-8")
    build = mkdocs_build(small_project(tmp_path), out)
    assert build.code == 0, build.log
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask  # readable by the web server, like any new folder
    # the previous output is kept beside it for the next build to write over (spare_site.py), git-ignored
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.spare", "guides", "mkdocs.yml", "public"]
    assert sorted(p.name for p in (tmp_path / ".public.spare").iterdir()) == [".gitignore", "stale.html"]


def test_hostile_values_run_no_script_in_a_browser(hostile_site: Build, browser) -> None:
    dialogs: list[str] = []
    with serve(hostile_site.out) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        open_search_page(page, base + "guides/shichang/getihu-sheli-dengji/")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hostile-guide.png"), full_page=True)
        for query in ("申请书", "登记股", "点我领取补贴"):  # results show the hostile values
            assert search(page, query)
        page.goto(base + "guides/shichang/getihu-sheli-dengji/?情形=" + "x%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E")
        legend = page.locator(".guide-chooser legend").first
        assert legend.inner_text().startswith(f"谁来经营？{SCRIPT}")  # the chooser shows it as text
        assert page.locator(".guide-chooser img, .guide-chooser script").count() == 0
        page.close()
    assert dialogs == []
