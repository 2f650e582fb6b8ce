"""Attacks on the tool by a hostile or careless contributor (issue 11): each defect found, as a regression test
through the public entry points (the CLI, `mkdocs build`, the built site in Chromium).

The fuzz test (tests/test_fuzz.py) covers the same promises on mutated inputs; SECURITY.md lists which test proves what.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from .conftest import EXEMPLAR, GUIDES, line_of, mutate
from .git_support import commit, new_repo
from .site_support import ARTIFACTS, MKDOCS, mkdocs_build, project_copy, serve, use_pagefind

TOKEN = "GUIDES_TEST_TOKEN=hunter2-绝密"  # stands for a CI secret: must never appear in any output
FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")
SHICHANG = "guides/shichang"


def catalogue(tmp_path: Path, *departments: str) -> Path:
    """tmp_path/guides with copies of the named sample departments (shichang by default)."""
    for name in departments or ("shichang",):
        shutil.copytree(GUIDES / name, tmp_path / "guides" / name)
    return tmp_path


def secret(tmp_path: Path) -> Path:
    """A file outside the catalogue, holding what a symlink must never reveal."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "secret.txt"
    path.write_text(f"{TOKEN}\nPATH=/usr/bin\n", encoding="utf-8")
    return path


def site_project(tmp_path: Path) -> Path:
    """The real mkdocs.yml with a catalogue of its own (the shichang department); returns mkdocs.yml."""
    config = project_copy(tmp_path)
    catalogue(tmp_path)
    return config


def published(out: Path) -> str:
    """Everything a build wrote, as text."""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()) if out.exists() else ""


def diagnostics(run) -> list[tuple[str, str, int, int]]:
    return [(d["path"], d["code"], d["line"], d["column"]) for d in run.diagnostics]


def parses(output: str, text: str) -> None:
    """The output is well-formed in its format."""
    if output in ("json", "sarif", "gitlab"):
        json.loads(text)
    elif output == "junit":
        ET.fromstring(text.split("\n", 1)[1])
    elif output == "github":
        lines = text.rstrip("\n").split("\n")
        assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1]) and lines[-1].startswith("检查了")


# -- 1. Pagefind: nothing a guide holds becomes markup in the search UI -----------------------------------------

HOSTILE_SHORT = "县<img src=x onerror=alert(7)>"


@pytest.fixture(scope="module")
def hostile_pagefind(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("hostile-pagefind")
    config = site_project(tmp)
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^  - search\n", "", text, flags=re.M)
    text = re.sub(r"^  - guides.*$", "  - guides:\n      search: pagefind", text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    folder = tmp / SHICHANG
    mutate(folder / "_department.yaml", "short_name: 县市场监管局", f'short_name: "{HOSTILE_SHORT}"')
    mutate(folder / "_department.yaml", "name: 示例县市场监督管理局", 'name: "示例县市场监督管理局<img src=x onerror=alert(6)>"')
    guide = folder / EXEMPLAR.name
    mutate(guide, "name: 个体工商户设立登记", 'name: "个体工商户设立登记<img src=x onerror=alert(8)>"')
    mutate(guide, "summary: ", 'summary: 营业执照 <img src=x onerror=alert(9)> &lt;img src=x onerror=alert(10)&gt; ')
    build = mkdocs_build(config, tmp / "public")
    assert build.code == 0, build.log
    return build


def test_pagefind_index_holds_no_markup_in_filters_or_titles(hostile_pagefind) -> None:
    """Whatever Pagefind decodes, its filters and titles hold no HTML special character (issue 11, defect 1)."""
    fragments = list((hostile_pagefind.out / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == 4  # three guides and the department page
    for path in fragments:
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        values = [v for vs in fragment["filters"].values() for v in vs] + list(fragment["meta"].values())
        assert values and not [v for v in values if re.search(r"[<>&\"']", v)], values
    assert '<span data-pagefind-filter="部门">县＜img src' in hostile_pagefind.page("guides/shichang/getihu-sheli-dengji/")


def test_pagefind_search_runs_no_script_from_hostile_values(hostile_pagefind, browser) -> None:
    """A department's short name as a filter ran its script on every query (issue 11, defect 1)."""
    dialogs: list[str] = []
    with serve(hostile_pagefind.out) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for query in ("营业执照", "个体工商户", "市场监督管理局"):  # the summary, the title, the department page
            page.goto(base + f"search/?q={query}")
            page.wait_for_selector(".pagefind-ui__result-title a")
            page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__filter-name').length === 2")  # both loaded
            page.click(".pagefind-ui__filter-name:has-text('部门')")  # open the 部门 filter's values
            page.wait_for_timeout(500)  # an injected image fails to load and runs its handler within this
            assert dialogs == [], query
            assert page.eval_on_selector_all("[data-guides-search] [onerror], [data-guides-search] img", "els => els.length") == 0
            # The filter, shown as text (before: an <img> whose handler ran).
            page.wait_for_function("t => document.querySelector('[data-guides-search]').innerText.includes(t)",
                                   arg="县＜img src=x onerror=alert(7)＞")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hostile-pagefind.png"), full_page=True)
        page.close()
    assert dialogs == []


# -- 2. Symlinks out of the catalogue are refused, never read; excerpts are bounded and printable ---------------

def test_a_guide_linked_out_of_the_catalogue_is_refused_unread(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    (root / SHICHANG / "huanjing.yaml").symlink_to(secret(tmp_path))  # as `ln -s /proc/self/environ …`
    for output in FORMATS:
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 1 and TOKEN not in run.out + run.err, output
        parses(output, run.out)
    run = guides("check", "--format", "json", cwd=root)
    assert [d for d in diagnostics(run) if "huanjing" in d[0]] == [(f"{SHICHANG}/huanjing.yaml", "Y014", 1, 1)]
    assert "符号链接" in run.diagnostics[0]["message"] and run.diagnostics[0]["hint"]
    named = guides("check", f"{SHICHANG}/huanjing.yaml", cwd=root)  # named on the command line: the same
    assert named.code == 1 and "Y014" in named.out and TOKEN not in named.out


def test_a_law_registry_file_linked_out_is_refused_unread(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    (root / "laws").mkdir()
    (root / "laws" / "huanjing.yaml").symlink_to(secret(tmp_path))  # every check reads the law registry folder
    run = guides("check", "--format", "json", cwd=root)
    assert run.code == 1 and TOKEN not in run.out + run.err
    assert [d for d in diagnostics(run) if "huanjing" in d[0]] == [("laws/huanjing.yaml", "Y014", 1, 1)]


def test_the_build_refuses_a_guide_linked_out_and_publishes_nothing(tmp_path: Path) -> None:
    config = site_project(tmp_path)
    (tmp_path / SHICHANG / "huanjing.yaml").symlink_to(secret(tmp_path))
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code != 0 and f"{SHICHANG}/huanjing.yaml:1:1: Y014" in build.log
    assert TOKEN not in build.log and not (tmp_path / "public").exists()


def test_a_department_folder_linked_out_is_refused(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    elsewhere = tmp_path / "outside" / "evil"
    shutil.copytree(GUIDES / "renshe", elsewhere)
    mutate(elsewhere / "jiuye-chuangye-zheng-shenling.yaml", "type: 公共服务", f'type: "{TOKEN}"')
    (root / "guides" / "evil").symlink_to(elsewhere, target_is_directory=True)

    run = guides("check", "--format", "json", cwd=root)
    assert run.code == 1 and ("guides/evil/_department.yaml", "Y014", 1, 1) in diagnostics(run)
    named = guides("check", "guides/evil", "--format", "json", cwd=root)  # the folder named: each file refused
    assert named.code == 1 and {d[1] for d in diagnostics(named)} == {"Y014"} and len(named.diagnostics) == 4
    rendered = guides("render", "--out", "site", cwd=root)
    assert rendered.code == 1 and not (root / "site").exists()
    owners = guides("codeowners", cwd=root)
    assert owners.code == 1 and "guides/evil/_department.yaml:1:1: Y014" in owners.out + owners.err
    assert TOKEN not in run.out + named.out + rendered.out + rendered.err + owners.out + owners.err


def _with_blank_form(root: Path, target: Path) -> int:
    """The exemplar's first material names files/shenqingshu.txt, a symlink to `target`; returns its line."""
    guide = root / SHICHANG / EXEMPLAR.name
    mutate(guide, "    notes: 经营者本人签字；网上申请的，使用电子签名。\n",
           "    notes: 经营者本人签字；网上申请的，使用电子签名。\n    blank_form: files/shenqingshu.txt\n")
    (root / SHICHANG / "files").mkdir()
    (root / SHICHANG / "files" / "shenqingshu.txt").symlink_to(target)
    return line_of(guide, "blank_form:")


def test_an_attachment_linked_out_is_refused_and_never_published(guides, tmp_path: Path) -> None:
    config = site_project(tmp_path)
    line = _with_blank_form(tmp_path, secret(tmp_path))
    run = guides("check", "--format", "json", cwd=tmp_path)
    assert run.code == 1 and (f"{SHICHANG}/{EXEMPLAR.name}", "M805", line, 17) in diagnostics(run)
    build = mkdocs_build(config, tmp_path / "public")
    assert build.code != 0 and "M805" in build.log and not (tmp_path / "public").exists()
    # Switching the rule off hides the message, never publishes the file.
    (tmp_path / "pyproject.toml").write_text('[tool.guides]\nignore = ["M805"]\n', encoding="utf-8")
    rendered = guides("render", "--out", "site", cwd=tmp_path)
    assert rendered.code == 0, rendered.err
    assert (tmp_path / "site" / "guides" / "shichang" / "getihu-sheli-dengji.md").is_file()
    assert TOKEN not in published(tmp_path / "site")


def test_import_never_writes_through_a_linked_department_folder(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    assert guides("export", "qingdan.xlsx", cwd=root).code == 0
    elsewhere = tmp_path / "outside" / "shichang"
    elsewhere.mkdir(parents=True)
    (elsewhere / EXEMPLAR.name).write_text("不能被覆盖\n", encoding="utf-8")
    shutil.rmtree(root / SHICHANG)
    (root / SHICHANG).symlink_to(elsewhere, target_is_directory=True)

    run = guides("import", "qingdan.xlsx", "--force", cwd=root)
    assert run.code == 1
    assert f"{SHICHANG}/{EXEMPLAR.name}:1:1: Y014" in run.out and "没有写入任何文件" in run.out
    assert [p.name for p in elsewhere.iterdir()] == [EXEMPLAR.name]
    assert (elsewhere / EXEMPLAR.name).read_text(encoding="utf-8") == "不能被覆盖\n"


def test_diff_never_reads_through_a_guide_linked_out(guides, tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", ["shichang"])
    commit(repo, "初始", "2026-01-05T10:00:00+08:00")
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"name: {TOKEN}\nsummary: 服务器上的其他文件\n", encoding="utf-8")
    (repo / SHICHANG / "huanjing.yaml").symlink_to(outside)
    for output in ("text", "markdown"):
        run = guides("diff", "HEAD", "--format", output, cwd=repo)
        assert run.code == 0 and "huanjing.yaml" in run.out and TOKEN not in run.out + run.err


def test_a_long_line_is_echoed_only_as_a_bounded_printable_excerpt(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    bad = root / SHICHANG / "changhang.yaml"
    bad.write_text("name: 很长的一行\nsummary: \"" + "长" * 30_000 + "\x1b[2J" + "尾" * 30_000 + "\"\n", encoding="utf-8")
    run = guides("check", f"{SHICHANG}/changhang.yaml", cwd=root)
    assert run.code == 1 and "\x1b" not in run.out
    [headline] = [line for line in run.out.splitlines() if "changhang.yaml:2:" in line]
    assert headline.startswith(f"{SHICHANG}/changhang.yaml:2:30011: Y002")  # the control character, exactly located
    assert max(len(line) for line in run.out.splitlines()) < 400
    source = next(line for line in run.out.splitlines() if line.startswith(" 2 | "))
    caret = run.out.splitlines()[run.out.splitlines().index(source) + 1]
    assert source.startswith(" 2 | …长") and source.endswith("尾…") and "�" in source  # cut at both ends, ESC shown as �
    assert source[5:].index("�") == 101 and caret.index("^") - 5 == 1 + 2 * 100  # under it: "…" and 100 CJK (two columns each)


# -- 3. What one line and one file can emit is bounded --------------------------------------------------------

def test_a_list_of_thousands_on_one_line_gives_bounded_output_in_every_format(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    guide = root / SHICHANG / EXEMPLAR.name
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"conditions:\n(  - .*\n(    .*\n)*)+", "conditions: [" + ", ".join(["a"] * 2000) + "]\n", text), encoding="utf-8")
    for output in FORMATS:
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 1 and len(run.out) < 60_000, (output, len(run.out))  # 2 000 × a 6 KB line before
        parses(output, run.out)
    run = guides("check", "--format", "json", cwd=root)
    short = [d for d in run.diagnostics if d["code"] == "S006"]
    assert len(short) == 21
    assert "另有 1980 处" in short[-1]["message"] and short[-1]["column"] == short[-2]["column"] + 3


def _conditions(guide: Path, block: str) -> None:
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"conditions:\n(  - .*\n(    .*\n)*)+", block, text), encoding="utf-8")


def test_suppression_markers_echo_a_bounded_reason_a_bounded_number_of_times(guides, tmp_path: Path) -> None:
    """Found while hardening: a reason was echoed whole with every finding it waved through, and matched linearly."""
    root = catalogue(tmp_path)
    guide = root / SHICHANG / EXEMPLAR.name
    items = ", ".join(f"其他材料{i}" for i in range(2_000))
    _conditions(guide, f"conditions: [{items}]  # guides: ignore[W301] \u202e{'经县政务办同意' * 1_500}\n")  # bidi override
    for output in ("text", "json", "junit"):
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 0 and len(run.out) < 100_000 and "\u202e" not in run.out, (output, len(run.out))
    waved = [s for s in guides("check", "--format", "json", cwd=root).json["suppressed"] if s["code"] == "W301"]
    assert len(waved) == 21 and "另有 1980 处 W301" in waved[-1]["message"] and len(waved[0]["reason"]) <= 1_000

    _conditions(guide, "conditions:\n" + "".join(f"  - 其他材料{i}  # guides: ignore[W301] 经县政务办同意\n" for i in range(10_000)))
    run = guides("check", "--format", "text", cwd=root)
    assert run.code == 0 and len(run.out) < 100_000 and "已按标记忽略 22 条" in run.out  # and getihu-zhuxiao-dengji's T206


# -- 4. Linear checks of two ordinary mistakes ------------------------------------------------------------------

def _timed_check(guides, root: Path, addition: str) -> tuple[float, object]:
    guide = root / SHICHANG / EXEMPLAR.name
    guide.write_text(guide.read_text(encoding="utf-8") + addition, encoding="utf-8")
    started = time.perf_counter()
    run = guides("check", f"{SHICHANG}/{EXEMPLAR.name}", "--format", "json", cwd=root)
    return time.perf_counter() - started, run


def test_many_unknown_keys_are_located_in_linear_time(guides, tmp_path: Path) -> None:
    elapsed, run = _timed_check(guides, catalogue(tmp_path), "".join(f"k{i}: 值\n" for i in range(40_000)))
    assert elapsed < 30  # a sanity bound against the quadratic lookup (65 s before, 4 s now), not a timing claim
    assert run.code == 1 and sum(d["code"] == "S002" for d in run.diagnostics) == 21


def test_many_full_width_colons_are_located_in_linear_time(guides, tmp_path: Path) -> None:
    elapsed, run = _timed_check(guides, catalogue(tmp_path), "k：\n" * 190_000)  # just under 1 MB
    assert elapsed < 10  # a sanity bound against the quadratic line count (23 s before, 1.5 s now), not a timing claim
    assert run.code == 1 and sum(d["code"] == "Y005" for d in run.diagnostics) == 21


# -- 5. A workbook's unpacked size is checked before it is read ----------------------------------------------

def test_a_workbook_unpacking_to_hundreds_of_mb_is_refused(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    assert guides("export", "qingdan.xlsx", cwd=root).code == 0
    bomb = root / "bomb.xlsx"
    with zipfile.ZipFile(root / "qingdan.xlsx") as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":  # 「事项」: 101 MB of blanks, 100 KB packed
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * 101_000_000)
            out.writestr(info.filename, data, compresslevel=9)
    assert bomb.stat().st_size < 1_000_000
    before = {p: p.read_bytes() for p in (root / "guides").rglob("*")  if p.is_file()}
    run = guides("import", "bomb.xlsx", "--force", cwd=root)
    assert run.code == 2 and "解压后超过 100 MB" in run.err and "Traceback" not in run.err
    assert {p: p.read_bytes() for p in (root / "guides").rglob("*") if p.is_file()} == before


# -- 6, 7. The assessment report's CSV and Markdown ------------------------------------------------------------

def test_report_csv_writes_no_live_formula(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    formula = '=HYPERLINK("http://e.x/","点")'
    mutate(root / SHICHANG / "_department.yaml", "short_name: 县市场监管局", f"short_name: '{formula}'")
    mutate(root / SHICHANG / "_department.yaml", "name: 示例县市场监督管理局", f"name: '{formula}示例县市场监督管理局'")
    run = guides("report", "--format", "csv", cwd=root)
    rows = list(csv.reader(io.StringIO(run.out.removeprefix("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert "-" not in [cell[:1] for cell in cells if not re.fullmatch(r"-?\d+(\.\d+)?%?", cell)]


def test_open_data_csv_writes_no_live_formula(guides, tmp_path: Path) -> None:
    """The promise `guides report --format csv` now keeps too (SECURITY.md): api/guides.csv runs no formula."""
    root = catalogue(tmp_path)
    mutate(root / SHICHANG / EXEMPLAR.name, "name: 个体工商户设立登记", """name: '=HYPERLINK("http://e.x/","个体工商户设立登记")'""")
    assert guides("render", "--out", "site", cwd=root).code == 0
    rows = list(csv.reader(io.StringIO((root / "site" / "api" / "guides.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://e.x/","个体工商户设立登记")' in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_report_markdown_shows_html_as_typed(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    mutate(root / SHICHANG / "_department.yaml", "short_name: 县市场监管局", f'short_name: "{HOSTILE_SHORT}"')
    mutate(root / SHICHANG / "_department.yaml", "name: 示例县市场监督管理局", 'name: "示例县市场监督管理局<img src=x onerror=alert(1)> | **粗**"')
    run = guides("report", "--format", "markdown", cwd=root)
    assert run.code == 0 and "<img" not in run.out and "**粗**" not in run.out
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in run.out
    table = [line for line in run.out.splitlines() if line.startswith("|")]
    assert len({line.count(" | ") for line in table}) == 1  # no value adds a column


# -- 8. Every format survives a file name that is not UTF-8 ---------------------------------------------------

def test_every_format_survives_a_file_name_that_is_not_utf8(guides, tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    with open(os.path.join(os.fsencode(root / SHICHANG), b"\xff\xfe.yaml"), "wb") as handle:
        handle.write(b"name: x\n")
    for output in FORMATS:
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 1 and "内部错误" not in run.err, (output, run.err)
        parses(output, run.out)


def test_a_file_name_with_control_characters_is_shown_printable(guides, tmp_path: Path) -> None:
    """Found while hardening: a file name went raw into the text and GitHub outputs (ANSI escapes in a CI log)."""
    root = catalogue(tmp_path)
    shutil.copy(root / SHICHANG / EXEMPLAR.name, root / SHICHANG / "\x1b[2Jqingping.yaml")
    for output in ("text", "github", "junit"):
        run = guides("check", "--format", output, cwd=root)
        assert run.code == 1 and "\x1b" not in run.out and "�[2Jqingping.yaml" in run.out, output


# -- 9. Any unreadable cache is ignored and rebuilt -----------------------------------------------------------

def test_a_deeply_nested_cache_is_ignored_and_rebuilt(guides, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GUIDES_NO_CACHE", raising=False)
    repo = new_repo(tmp_path / "repo", ["shichang"])
    commit(repo, "初始", "2026-01-05T10:00:00+08:00")
    cache = repo / ".guides-cache" / "summaries.json"
    cache.parent.mkdir()
    cache.write_text("[" * 100_000, encoding="utf-8")
    for _ in range(2):  # the second run reads the rebuilt cache
        run = guides("check", cwd=repo)
        assert run.code == 0 and "内部错误" not in run.err, run.err
    assert isinstance(json.loads(cache.read_text(encoding="utf-8")), dict)


# -- 10. Killed builds leave no staging folders behind ----------------------------------------------------------

def _start_build(config: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([*MKDOCS, "build", "-f", str(config), "-d", str(out)], cwd=config.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _staging(folder: Path) -> set[str]:
    """The staging and swapped-out folders beside the site (not the spare kept for the next build: spare_site.py)."""
    return {p.name for p in folder.iterdir() if p.name.startswith(".public.") and p.name != ".public.spare"}


def _new_staging(folder: Path, before: set[str]) -> str:
    for _ in range(6000):
        found = _staging(folder) - before
        if found:
            return found.pop()
        time.sleep(0.01)
    raise AssertionError("the build made no staging folder")


# Stand-ins for Pagefind's binary: one that dies at once, one that answers the new index and dies reading the pages.
_DIES_AT_ONCE = "#!/bin/sh\necho 'thread main panicked: No space left on device' >&2\nexit 101\n"
_DIES_READING = f"""#!{sys.executable}
import base64, json, sys
asked = b""
while b"," not in asked:
    asked += sys.stdin.buffer.read1(100)
message_id = json.loads(base64.b64decode(asked.split(b",")[0]))["message_id"]
answer = {{"message_id": message_id, "payload": {{"type": "NewIndex", "index_id": 0}}}}
sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
sys.stdout.flush()
sys.stdin.buffer.read(20000)
sys.exit("No space left on device")
"""


@pytest.mark.parametrize(("stand_in", "said"), [(_DIES_AT_ONCE, "Pagefind 没能启动：Pagefind 意外退出："),
                                                (_DIES_READING, "Pagefind 没能生成搜索索引：Pagefind 意外退出：")])
def test_a_failing_pagefind_fails_the_build_in_chinese_and_leaves_the_site_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in: str, said: str) -> None:
    """The indexer runs beside the build (mkdocs_plugin/pagefind_service.py): when it dies, the build says so with
    what it printed, and the last good site stays."""
    config = use_pagefind(site_project(tmp_path))
    out = tmp_path / "public"
    out.mkdir()
    (out / "previous.html").write_text("上一次成功构建的网站", encoding="utf-8")
    binary = tmp_path / "pagefind"
    binary.write_text(stand_in, encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    build = mkdocs_build(config, out)
    assert build.code != 0 and "Traceback" not in build.log
    assert said in build.log and "No space left on device" in build.log, build.log
    assert [p.name for p in out.iterdir()] == ["previous.html"]


def test_sigterm_cleans_up_like_ctrl_c(tmp_path: Path) -> None:
    config = site_project(tmp_path)
    out = tmp_path / "public"
    out.mkdir()
    (out / "previous.html").write_text("上一次成功构建的网站", encoding="utf-8")
    build = _start_build(config, out)
    _new_staging(tmp_path, set())
    build.send_signal(signal.SIGTERM)
    log = build.communicate(timeout=120)[0]
    assert build.returncode != 0 and "Traceback" not in log
    assert _staging(tmp_path) == set() and [p.name for p in out.iterdir()] == ["previous.html"]


def test_a_later_build_clears_killed_builds_leftovers_but_not_a_running_builds(tmp_path: Path) -> None:
    config = site_project(tmp_path)
    out = tmp_path / "public"
    killed = _start_build(config, out)
    leftover = _new_staging(tmp_path, set())
    killed.kill()  # SIGKILL: nothing can clean up
    killed.communicate(timeout=120)
    assert _staging(tmp_path) == {leftover}

    running = _start_build(config, out)
    theirs = _new_staging(tmp_path, {leftover})
    running.send_signal(signal.SIGSTOP)  # a build still running, paused while another one runs
    try:
        later = mkdocs_build(config, out)
        assert later.code == 0, later.log
        assert _staging(tmp_path) == {theirs}  # the killed build's folder is gone, the running one's kept
    finally:
        running.send_signal(signal.SIGCONT)
    assert running.wait(timeout=300) == 0
    assert (out / "index.html").is_file()
    _removed(tmp_path)
    assert (tmp_path / ".public.spare" / "index.html").is_file()  # the site the running build swapped out, kept


def _removed(folder: Path) -> None:
    """Every staging and swapped-out folder beside the site is gone, or goes within a minute (staging._remove_later)."""
    for _ in range(6000):
        if not _staging(folder):
            return
        time.sleep(0.01)
    raise AssertionError(f"left beside the site: {_staging(folder)}")


# -- 11. File and folder names: what `guides new` writes, the same verdict in check and build -----------------

def test_file_and_folder_names_are_checked_alike_by_check_and_build(guides, tmp_path: Path) -> None:
    config = site_project(tmp_path)
    odd = 'x"><img src=x onerror=alert(9)>{{7}}'
    shutil.move(tmp_path / SHICHANG / "getihu-zhuxiao-dengji.yaml", tmp_path / SHICHANG / f"{odd}.yaml")
    (tmp_path / "guides" / "Ren She").mkdir()
    shutil.copy(GUIDES / "renshe" / "_department.yaml", tmp_path / "guides" / "Ren She")

    run = guides("check", "--format", "json", cwd=tmp_path)
    named = {(d["path"], d["line"], d["column"]): d for d in run.diagnostics if d["code"] == "Y015"}
    assert set(named) == {(f"{SHICHANG}/{odd}.yaml", 1, 1), ("guides/Ren She/_department.yaml", 1, 1)}
    assert "改名为「x-img-src-x-onerror-alert-9-7.yaml」" in named[f"{SHICHANG}/{odd}.yaml", 1, 1]["hint"]
    assert "改名为「ren-she」" in named["guides/Ren She/_department.yaml", 1, 1]["hint"]

    build = mkdocs_build(config, tmp_path / "public")
    assert build.code != 0 and not (tmp_path / "public").exists()
    assert f"{SHICHANG}/{odd}.yaml:1:1: Y015" in build.log and "guides/Ren She/_department.yaml:1:1: Y015" in build.log


# -- 12. Unclosed quotes and brackets where they open; all problems of a file in one run -----------------------

def test_an_unclosed_quote_is_reported_where_it_opens(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('name: 结婚登记\ntype: 行政确认\nsummary: "办理结婚登记\nstatus: 在用\nlevel: 县级\n', encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y002", 3, 10)]
    assert "引号" in run.diagnostics[0]["message"] and "文件末尾" in run.diagnostics[0]["message"]


def test_an_unclosed_bracket_is_reported_where_it_opens(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: 结婚登记\naudience: [自然人\ntype: 行政确认\nstatus: 在用\n", encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y002", 2, 11)]
    assert "方括号“[”" in run.diagnostics[0]["message"] and "第 3 行" in run.diagnostics[0]["message"]


def test_a_tab_indent_and_a_full_width_colon_are_both_reported(guides, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: 结婚登记\nsummary：办理结婚登记\nmaterials:\n\t- name: 居民身份证\n", encoding="utf-8")
    run = guides("check", "a.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("a.yaml", "Y005", 2, 8), ("a.yaml", "Y004", 4, 1)]
    (tmp_path / "b.yaml").write_text("name: 结婚登记\nsummary：[办理\ntype: 行政确认\n", encoding="utf-8")
    run = guides("check", "b.yaml", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("b.yaml", "Y005", 2, 8), ("b.yaml", "Y002", 2, 9)]  # the `[` after the `：`


# -- SECURITY.md names the tests that prove each promise: they must exist --------------------------------------

def test_security_md_names_only_tests_that_exist() -> None:
    root = Path(__file__).resolve().parents[1]
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`", (root / "SECURITY.md").read_text(encoding="utf-8"))
    assert len(named) > 30
    missing = [f"{module}::{test}" for module, test in named
               if not re.search(rf"^def {test}\(", (root / "tests" / module).read_text(encoding="utf-8"), re.M)]
    assert missing == []
