"""The page cache (validator/mkdocs_plugin/page_cache.py): a rebuild renders only the pages whose inputs changed, and
its site is the site a fresh build makes, byte for byte; so is the site of a build whose helpers (two_ends.py)
rendered guide pages and indexed pages in a second process."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
import types
from collections import Counter
from pathlib import Path

import jinja2

from validator.mkdocs_plugin import stored_maps
from validator.mkdocs_plugin.kept_pages import StaticFile
from validator.site.joined import Joined
from validator.spool import Spool

from .conftest import mutate
from .git_support import commit, git, new_repo
from .site_support import ROOT, Build, mkdocs_build, project_copy, use_pagefind

GUIDE = "guides/shichang/getihu-sheli-dengji/"
COUNTS = re.compile(r"页面缓存：(\d+) 个页面沿用上次的渲染结果，(\d+) 个重新渲染")
KEPT = re.compile(r"(\d+) 个页面文件与上次写入的相同，没有重写")
HELPED = re.compile(r"搜索索引：(\d+) 个页面由第二个进程建立")
RENDERED_ELSEWHERE = re.compile(r"指南页面：(\d+) 个由第二个进程生成")


def _project(tmp_path: Path) -> Path:
    """A git repository with three sample departments, the real site sources and theme overrides of its own."""
    repo = new_repo(tmp_path / "project", ["shichang", "gongan", "weijian"])
    config = project_copy(repo)
    shutil.copytree(ROOT / "site" / "overrides", repo / "overrides")
    config.write_text(re.sub(r"custom_dir: .*", f"custom_dir: {repo / 'overrides'}", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    commit(repo, "目录", "2026-11-02T09:00:00+08:00")
    return config


def _build(config: Path, out: Path, *, cache: bool = True) -> Build:
    build = mkdocs_build(config, out, cache=cache)
    assert build.code == 0, build.log
    return build


def _counts(build: Build) -> tuple[int, int]:
    """(pages put out as stored, pages rendered) from the build's log."""
    found = COUNTS.search(build.log)
    assert found, build.log
    return int(found[1]), int(found[2])


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by its path there."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _site(out: Path) -> dict[str, bytes]:
    """Every file of a built site, the 权力清单 workbooks included (their dates are fixed: power_list._timeless)."""
    files = _files(out)
    assert any(name.endswith(".xlsx") for name in files)
    return files


def _spare(tmp_path: Path) -> dict[str, bytes]:
    """The spare site's files (spare_site.py), without the .gitignore that keeps it out of git (which must be there)."""
    files = _site(tmp_path / ".public.spare")
    assert files.pop(".gitignore")
    return files


def _kept(build: Build) -> int:
    """Pages whose file the build left as it was in the site it wrote over (kept_pages.py); mkdocs' own line for each
    page it did not write stays out of the log."""
    found = KEPT.search(build.log)
    assert found and "Page skipped" not in build.log, build.log
    return int(found[1])


def _stored(config: Path) -> list[Path]:
    return sorted((config.parent / ".guides-cache" / "pages").glob("*.page"))


def test_a_rebuild_after_one_guide_changed_renders_only_what_changed_and_makes_the_fresh_site(tmp_path: Path) -> None:
    config = _project(tmp_path)
    first = _build(config, tmp_path / "public")
    reused, pages = _counts(first)
    assert reused == 0 and pages > 20
    assert len(_stored(config)) == pages

    first_site = _site(first.out)
    again = _build(config, tmp_path / "public")
    # No spare yet: the first site lends its files (linked into the staging folder), and every page is kept; the
    # first site, swapped out, is kept to write over, as it was.
    assert _counts(again) == (pages, 0) and _kept(again) == pages
    spare = tmp_path / ".public.spare"
    assert (spare / GUIDE / "index.html").is_file() and (spare / ".gitignore").is_file()
    assert _spare(tmp_path) == first_site
    assert (spare / GUIDE / "index.html").stat().st_ino == (again.out / GUIDE / "index.html").stat().st_ino
    codes = _stored_map(config.parent / ".guides-cache", stored_maps.QR_CODES)  # kept, though no page asked for one
    assert all(f"https://guides.example.gov.cn/guides/{p.parent.name}/{p.stem}/" in codes
               for p in (config.parent / "guides").glob("*/*.yaml") if p.name != "_department.yaml")
    assert _site(again.out) == _site(_build(config, tmp_path / "fresh", cache=False).out)

    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "经营者本人签字；", "经营者本人签字或者按手印；")
    # The spare (the first site) is written over: a file edited there since, or one no build writes, does not last.
    edited = spare / "guides" / "gongan" / "jumin-shenfenzheng-huanling" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</body>", "<!-- 手工改动 --></body>"), encoding="utf-8")
    (spare / "guides" / "stray" / "x").mkdir(parents=True)
    (spare / "guides" / "stray" / "x" / "stray.html").write_text("<p>旧文件</p>", encoding="utf-8")
    kept = (spare / "guides" / "weijian").stat().st_ino
    # Generated files that are not pages are kept too, by their bytes: an unchanged guide's open data stays as it was
    # written; the changed guide's is written again, and so is a file edited in the spare.
    unchanged, edited_data = spare / "api" / "guides" / "weijian" / "gonggong-changsuo-weisheng-xuke.json", spare / "api" / "guides.csv"
    before = unchanged.stat()
    edited_data.write_bytes(edited_data.read_bytes() + b"x")
    # The spare shares the files of the site it was linked from (an edit in place shows there too): what the next
    # build writes is a file of its own, and the site stays as it was until the swap, to become the next spare.
    live = _site(again.out)
    changed = _build(config, tmp_path / "public")
    assert _spare(tmp_path) == live
    reused, rendered = _counts(changed)
    assert reused + rendered == pages
    assert 1 <= rendered <= pages // 4, rendered  # a material's note: the guide's page and its window card
    assert _kept(changed) == reused - 1  # all but the page edited in the spare
    assert (changed.out / "guides" / "weijian").stat().st_ino == kept  # the spare became the site
    assert "经营者本人签字或者按手印；" in changed.page(GUIDE) and "手工改动" not in changed.page("guides/gongan/jumin-shenfenzheng-huanling/")
    assert not (changed.out / "guides" / "stray").exists()
    after = (changed.out / "api" / "guides" / "weijian" / "gonggong-changsuo-weisheng-xuke.json").stat()
    assert (after.st_ino, after.st_ctime_ns) == (before.st_ino, before.st_ctime_ns)
    assert "经营者本人签字或者按手印；" in (changed.out / "api" / "guides" / "shichang" / "getihu-sheli-dengji.json").read_text(encoding="utf-8")
    assert re.search(r"另有 [1-9]\d* 个生成的文件", changed.log), changed.log
    assert _site(changed.out) == _site(_build(config, tmp_path / "fresh-changed", cache=False).out)

    # A kept page's search entries are copied from the index file it was written with; that file edited in the spare
    # since (here the second site's), they are read from the store as before.
    index = spare / "search" / "search_index.json"
    index.write_bytes(index.read_bytes().replace(b'"docs":[{', b'"docs":[ {', 1))
    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "经营者本人签字或者按手印；", "经营者本人签字；")
    restored = _build(config, tmp_path / "public")
    # The pages that changed and changed back are kept too (the previous build replaced their twins in its spare: a
    # link gone, not a write), all but the page edited by hand in the spare above, whose file was this one too.
    assert _kept(restored) == _counts(restored)[0] - 1
    assert _site(restored.out) == _site(_build(config, tmp_path / "fresh-restored", cache=False).out)


def test_a_pagefind_rebuild_indexes_the_pages_it_keeps_as_a_fresh_build_does(tmp_path: Path) -> None:
    """With `search: pagefind` the indexer reads each page as it is put out; a page a rebuild leaves as it was is read
    from its file at that point, so the index (which depends on the order of its pages) is a fresh build's."""
    config = use_pagefind(_project(tmp_path))
    first = _build(config, tmp_path / "public")
    pages = sum(_counts(first))
    indexed = re.search(r"Pagefind 已为 (\d+) 个页面生成搜索索引", first.log)
    assert indexed and int(indexed[1]) == 12, first.log  # 9 guides, 3 departments
    before = _bundle(first.out)

    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "经营者本人签字；", "经营者本人签字或者按手印；")
    changed = _build(config, tmp_path / "public")
    assert pages // 2 < _kept(changed) < pages
    assert f"Pagefind 已为 {indexed[1]} 个页面生成搜索索引" in changed.log, changed.log
    bundle = _bundle(changed.out)
    assert bundle == _bundle(_build(config, tmp_path / "fresh", cache=False).out)
    assert bundle != before  # the changed guide's words


def _bundle(out: Path) -> dict[str, bytes]:
    """The Pagefind index of a built site, file by file."""
    files = _files(out / "pagefind")
    assert any(name.startswith("fragment/") for name in files)
    return files


def test_a_spare_holding_a_symbolic_link_is_not_written_over(tmp_path: Path) -> None:
    """A page written through a link could land outside the site: such a spare is removed, and the build writes
    over links to the site it replaces instead."""
    config = _project(tmp_path)
    _build(config, tmp_path / "public")
    _build(config, tmp_path / "public")
    outside = tmp_path / "outside.html"
    outside.write_text("站外的文件", encoding="utf-8")
    page = tmp_path / ".public.spare" / GUIDE / "index.html"
    page.unlink()
    page.symlink_to(outside)

    again = _build(config, tmp_path / "public")
    assert outside.read_text(encoding="utf-8") == "站外的文件" and not (tmp_path / ".public.spare" / GUIDE / "index.html").is_symlink()
    assert not (again.out / GUIDE / "index.html").is_symlink() and _kept(again) == sum(_counts(again))
    assert _site(again.out) == _site(_build(config, tmp_path / "fresh", cache=False).out)


def test_a_first_rebuild_writes_over_links_to_the_site_it_replaces_which_stays_as_it_was(tmp_path: Path) -> None:
    """No spare yet (spare_site.linked): the site's unchanged files are linked into the staging folder (by a process of
    its own, while the catalogue is checked) and kept, a removed guide's pages go, and the site, swapped out, is the
    spare as it was. A build that fails leaves no link behind. A site holding a symbolic link lends nothing."""
    config = _project(tmp_path)
    first = _build(config, tmp_path / "public")
    pages = sum(_counts(first))
    before = _site(first.out)
    removed = "guides/weijian/gonggong-changsuo-weisheng-xuke/"
    (config.parent / "guides" / "weijian" / "gonggong-changsuo-weisheng-xuke.yaml").unlink()
    rebuilt = _build(config, tmp_path / "public")
    assert pages // 2 < _kept(rebuilt) < pages
    assert not (rebuilt.out / removed).exists() and (tmp_path / ".public.spare" / removed / "index.html").is_file()
    assert _spare(tmp_path) == before
    assert _site(rebuilt.out) == _site(_build(config, tmp_path / "fresh", cache=False).out)

    # The spare deleted, its links with it (which moved the status of the site's files): the site lends them again.
    shutil.rmtree(tmp_path / ".public.spare")
    again = _build(config, tmp_path / "public")
    assert _kept(again) == sum(_counts(again)) > 0

    # A first rebuild that fails (a guide with an error) while its spare is linked beside the check: the site is as it
    # was, nothing is left holding a link to its files, and the next build lends them again.
    shutil.rmtree(tmp_path / ".public.spare")
    site = _site(again.out)
    guide = config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    mutate(guide, "type: 行政许可", "type: 行政许可证")
    assert mkdocs_build(config, tmp_path / "public").code != 0
    assert _site(again.out) == site and {path.stat().st_nlink for path in again.out.rglob("*") if path.is_file()} == {1}
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".public.")]
    mutate(guide, "type: 行政许可证", "type: 行政许可")
    assert _kept(_build(config, tmp_path / "public")) == sum(_counts(again))

    shutil.rmtree(tmp_path / ".public.spare")
    outside = tmp_path / "outside.html"
    outside.write_text("站外的文件", encoding="utf-8")
    (rebuilt.out / "outside.html").symlink_to(outside)
    again = _build(config, tmp_path / "public")
    assert _kept(again) == 0 and outside.read_text(encoding="utf-8") == "站外的文件"
    assert not (again.out / "outside.html").exists()


def test_what_every_page_reads_renders_every_page_again(tmp_path: Path) -> None:
    config = _project(tmp_path)
    _, pages = _counts(_build(config, tmp_path / "public"))

    mutate(config, "copyright: 示例县人民政府办公室", "copyright: 示例县人民政府办公室（新）")
    settings = _build(config, tmp_path / "public")
    assert _counts(settings) == (0, pages)
    assert "示例县人民政府办公室（新）" in settings.page(GUIDE)

    override = config.parent / "overrides" / "partials" / "language.html"
    override.write_text(override.read_text(encoding="utf-8") + "{# 改版 #}\n", encoding="utf-8")
    assert _counts(_build(config, tmp_path / "public")) == (0, pages)


HOOK = """
from pathlib import Path

def on_page_markdown(markdown, page, config, files):
    return markdown + Path(config.config_file_path).with_name("note.html").read_text(encoding="utf-8")
"""


def test_a_page_another_plugin_changes_is_known_by_its_content_not_by_the_key_it_was_made_by(tmp_path: Path) -> None:
    """A guide page is keyed by the key its text was made by, not by reading its 30 KB; a plugin (here a hook whose
    only input is a file mkdocs.yml does not name) that changes the page makes that key say too little."""
    config = _project(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n", encoding="utf-8")
    (config.parent / "hook.py").write_text(HOOK, encoding="utf-8")
    note = config.parent / "note.html"
    note.write_text('<p class="note">第一版</p>\n', encoding="utf-8")
    _, pages = _counts(_build(config, tmp_path / "public"))

    note.write_text('<p class="note">第二版</p>\n', encoding="utf-8")
    changed = _build(config, tmp_path / "public")
    assert '<p class="note">第二版</p>' in changed.page(GUIDE) and "第一版" not in changed.page(GUIDE)
    assert _counts(changed) == (0, pages)  # the hook changes every page

    note.write_text('<p class="note">第三版</p>\n', encoding="utf-8")  # written over the first site, the spare
    assert '<p class="note">第三版</p>' in _build(config, tmp_path / "public").page(GUIDE)


def test_damaged_stored_pages_are_rendered_again(tmp_path: Path) -> None:
    config = _project(tmp_path)
    _build(config, tmp_path / "public")
    stored = _stored(config)
    damaged = stored[::3]
    for number, path in enumerate(damaged):  # the store's format (page_cache.py): head, entries, the output's parts
        line, entries, output = path.read_bytes().split(b"\n", 2)
        head = json.loads(line)

        def file(changes: dict, entries: bytes = entries, output: bytes = output, head: dict = head) -> bytes:
            return json.dumps({**head, **changes}).encode() + b"\n" + entries + b"\n" + output

        shapes = [b"", line, line + b"\n" + entries, file({"split": len(output) + 1}), file({"split": True}), file({"split": -1}),
                  file({"entries": head["entries"] + 1}), file({}, entries=entries[:-1] or b"["), file({}, entries=entries.replace(b'"', b"'", 1) or b"'"),
                  file({"split": None}, output=b"\xff<p>"), b'["<p>"]\n\n<p>', b"[" * 100_000 + b"\n\n"]
        path.write_bytes(shapes[number % len(shapes)])
    rebuilt = _build(config, tmp_path / "elsewhere")  # no site there: every page is read from the store (none is kept)
    assert _counts(rebuilt) == (len(stored) - len(damaged), len(damaged))
    assert _site(rebuilt.out) == _site(_build(config, tmp_path / "fresh", cache=False).out)


def test_templates_are_compiled_once_and_again_where_their_kept_code_is_damaged(tmp_path: Path) -> None:
    """A later build renders with the code kept of each template (template_cache.py): the 404 page's, swapped for
    other code under its source's checksum, shows in the site; every other kept code damaged is compiled again."""
    config = _project(tmp_path)
    fresh = _site(_build(config, tmp_path / "fresh", cache=False).out)
    _build(config, tmp_path / "public")
    kept = sorted((config.parent / ".guides-cache" / "templates").iterdir())
    good = {path: path.read_bytes() for path in kept}
    [page_404] = [path for path in kept if b"404.html" in path.read_bytes()]  # the code's file name
    for number, path in enumerate(kept):  # the format: a line (format, Python, checksum), then marshal's code
        line, _, code = path.read_bytes().partition(b"\n")
        if path == page_404:
            path.write_bytes(line + b"\n" + marshal.dumps(jinja2.Environment().compile("沿用的模板", "404.html")))
            continue
        shapes = [b"", line, line + b"\n", line + b"\n" + code[:-1], line + b"\n" + b"\xff" * 20, line + b"\n" + marshal.dumps("文字"),
                  line.replace(b" ", b"  ", 1) + b"\n" + code, line[:-1] + b"\n" + code, b"\n" + code]
        path.write_bytes(shapes[number % len(shapes)])
    shutil.rmtree(config.parent / ".guides-cache" / "pages")  # every page is rendered: every template is loaded
    rebuilt = _site(_build(config, tmp_path / "public").out)
    assert rebuilt.pop("404.html") == "沿用的模板".encode()
    fresh.pop("404.html")
    assert rebuilt == fresh
    for path in kept:  # each damaged one written again, whole
        line, _, code = path.read_bytes().partition(b"\n")
        assert path == page_404 or (line == good[path].partition(b"\n")[0] and isinstance(marshal.loads(code), types.CodeType))


def test_stored_pages_are_trusted_only_while_git_does_not_track_them(tmp_path: Path) -> None:
    """A pull request could commit a store whose pages say anything: then it is not read at all."""
    config = _project(tmp_path)
    _build(config, tmp_path / "public")
    for path in _stored(config):  # in the store's format (page_cache.py): head, entries, the output's parts
        line, entries, _ = path.read_bytes().split(b"\n", 2)
        head = json.dumps({**json.loads(line), "split": None}).encode()
        path.write_bytes(head + b"\n" + entries + b"\n" + "<script>alert('注入')</script>".encode())
    # A store only this machine wrote is this machine's own output (built into a new folder: no site lends its pages)
    local = _build(config, tmp_path / "elsewhere")
    assert "alert('注入')" in local.page(GUIDE)

    git(config.parent, "add", "-f", ".guides-cache")
    commit(config.parent, "带缓存的提交", "2026-11-03T09:00:00+08:00")
    committed = _build(config, tmp_path / "public")
    assert not COUNTS.search(committed.log)
    assert not any("alert('注入')" in path.read_text(encoding="utf-8") for path in committed.out.rglob("*.html"))


def test_stored_qr_codes_are_used_only_in_the_shape_segno_writes(tmp_path: Path) -> None:
    config = _project(tmp_path)
    first = _build(config, tmp_path / "public")
    folder = config.parent / ".guides-cache"
    values = _stored_map(folder, stored_maps.QR_CODES)
    address = "https://guides.example.gov.cn/" + GUIDE
    assert values[address] in first.page(GUIDE)
    other = "https://guides.example.gov.cn/guides/gongan/chusheng-dengji/"
    drawn = re.sub(r' d="[^"]+"', ' d="M2 2h7"', values[address])
    values[address] = drawn  # the shape segno writes: a rebuild takes it as this address's code
    values[other] = values[other].replace("<title>", '<title onload="alert(1)">')
    stored_maps.save(folder, stored_maps.QR_CODES, values, stored_maps.Stored())
    (folder / stored_maps.GUIDE_PAGES.file).unlink()  # the guide pages are rendered again, their codes taken from the store

    rebuilt = _build(config, tmp_path / "elsewhere")  # no site there to lend its pages, whose keys say the same
    assert drawn in rebuilt.page(GUIDE)
    assert "alert(1)" not in rebuilt.page("guides/gongan/chusheng-dengji/")
    assert _stored_map(folder, stored_maps.QR_CODES)[other] in _build(config, tmp_path / "fresh", cache=False).page(
        "guides/gongan/chusheng-dengji/")


def test_a_damaged_pack_of_stored_guide_pages_is_made_again(tmp_path: Path) -> None:
    config = _project(tmp_path)
    _, pages = _counts(_build(config, tmp_path / "public"))
    pack = config.parent / ".guides-cache" / stored_maps.GUIDE_PAGES.file
    whole = pack.read_bytes()
    fresh = _site(_build(config, tmp_path / "fresh", cache=False).out)  # the catalogue stays as it is
    for damaged in (whole[:-1], whole + b"7", whole[1:], b"[" * 100_000 + b"%020d" % 0, b'{"stamp": 1}' + b"%020d" % 0,
                    whole.replace(b'"index"', b'"x"'), b"%020d" % 10**19):
        pack.write_bytes(damaged)
        rebuilt = _build(config, tmp_path / "public")
        assert _site(rebuilt.out) == fresh
        assert len(_stored_map(config.parent / ".guides-cache", stored_maps.GUIDE_PAGES)) > 0  # written whole again


def _stored_map(folder: Path, kind: stored_maps.Kind) -> dict[str, str]:
    stored = stored_maps.load(folder, kind)
    stored.close()
    return dict(stored)


def test_a_guide_page_is_rendered_again_when_what_it_shows_of_others_changes(tmp_path: Path) -> None:
    """A guide page shows its related items' names and its department: their change is its change (guide_page.render_key);
    so do its window card and its 流程图 (stored_key's parts in cards.py and flow_page.py)."""
    config = _project(tmp_path)
    _build(config, tmp_path / "public")
    guides = config.parent / "guides"
    changes = [(guides / "weijian" / "chusheng-yixue-zhengming-shouci-qianfa.yaml", "name: 出生医学证明首次签发", "name: 出生医学证明签发（首次）"),
               (guides / "gongan" / "_department.yaml", "short_name: 县公安局", "short_name: 县公安局户政"),
               (guides / "gongan" / "_department.yaml", "name: 示例县公安局", "name: 示例县公安局户政科")]  # cards, 流程图
    for number, (path, old, new) in enumerate(changes):
        mutate(path, old, new)
        rebuilt = _build(config, tmp_path / "public")
        assert new.split(": ")[1] in rebuilt.page("guides/gongan/chusheng-dengji/")
        assert _site(rebuilt.out) == _site(_build(config, tmp_path / f"fresh-{number}", cache=False).out)


def test_the_power_list_is_made_again_when_a_row_of_it_changes(tmp_path: Path) -> None:
    """The 权力清单's page and downloads are stored by all they read (power_list._key): a step's new name is in them,
    and in the item's stored 流程图 page."""
    config = _project(tmp_path)
    _build(config, tmp_path / "public")
    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "  - name: 审查与核准\n", "  - name: 审查与核准登记\n")
    rebuilt = _build(config, tmp_path / "public")
    for download in ("权力清单.csv", "shichang.csv"):
        assert "审查与核准登记" in (rebuilt.out / "power-list" / download).read_text(encoding="utf-8-sig")
    assert "审查与核准登记" in rebuilt.page("power-list/")
    assert _site(rebuilt.out) == _site(_build(config, tmp_path / "fresh", cache=False).out)


def _jobs(config: Path, jobs: int) -> None:
    """The project's site built with `jobs` processes (the guides plugin's setting)."""
    text = re.sub(r"^      jobs: \d+\n", "", config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(re.sub(r"^  - guides:.*$", f"  - guides:\n      jobs: {jobs}", text, count=1, flags=re.M), encoding="utf-8")


def test_pages_made_by_the_helpers_make_the_site_one_process_makes(tmp_path: Path) -> None:
    config = _project(tmp_path)
    _jobs(config, 1)
    alone = _build(config, tmp_path / "alone", cache=False)
    assert not HELPED.search(alone.log) and not RENDERED_ELSEWHERE.search(alone.log)

    _jobs(config, 2)
    helped = _build(config, tmp_path / "helped", cache=False)
    for said in (HELPED, RENDERED_ELSEWHERE):
        found = said.search(helped.log)
        assert found and int(found[1]) >= 1, helped.log
    assert _site(helped.out) == _site(alone.out)
    assert json.loads((helped.out / "search" / "search_index.json").read_bytes())["docs"]  # the index is not empty

    first = _build(config, tmp_path / "public")  # the store gets entries the helper made; a rebuild's helper
    assert int(HELPED.search(first.log)[1]) >= 1  # indexes only the changed pages
    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "经营者本人签字；", "经营者本人签字或者按手印；")
    changed = _build(config, tmp_path / "public")
    assert 1 <= int(HELPED.search(changed.log)[1]) <= _counts(changed)[1]  # of the pages rendered again
    rendered = RENDERED_ELSEWHERE.search(changed.log)  # the guide pages stored already are not made again
    assert rendered is None or int(rendered[1]) <= 1, changed.log
    assert _site(changed.out) == _site(_build(config, tmp_path / "fresh-changed", cache=False).out)


SERVE_BUILD = """
import gc, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)  # the plugin instance lives on, as under `mkdocs serve`
build(config)
gc.collect()
print(sum(isinstance(o, Page) for o in gc.get_objects()))
"""


def test_a_build_under_serve_leaves_none_of_its_pages_to_the_next(tmp_path: Path) -> None:
    """`mkdocs serve` keeps the plugin between builds: a build's pages must not live on into the next one (at 10 000
    guides they would double its memory)."""
    config = _project(tmp_path)
    done = subprocess.run([sys.executable, "-c", SERVE_BUILD, str(config), str(tmp_path / "served")], cwd=config.parent,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "served" / GUIDE / "index.html").is_file()
    assert done.stdout.split() == ["0"], done.stdout


DIRTY_RELOAD = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=True)  # `mkdocs serve --dirty`: material merges the last index
build(config, dirty=True)
guide = Path(sys.argv[3])
guide.write_text(guide.read_text(encoding="utf-8").replace("经营者本人签字；", "经营者本人签字或者按手印；"), encoding="utf-8")
build(config, dirty=True)
"""


def _dirty_reload(config: Path, served: Path) -> None:
    """Two builds as `mkdocs serve --dirty` makes them (DIRTY_RELOAD), a guide changed between them."""
    guide = config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml"
    done = subprocess.run([sys.executable, "-c", DIRTY_RELOAD, str(config), str(served), str(guide)], cwd=config.parent,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr


def test_a_dirty_reload_under_serve_merges_the_index_material_takes(tmp_path: Path) -> None:
    """Under `mkdocs serve --dirty` material merges the last build's index entries with this build's: the index file's
    own entries (index_file.Written) reach it as the dictionaries it reads, and no page's are there twice."""
    config = _project(tmp_path)
    _dirty_reload(config, tmp_path / "served")
    index = json.loads((tmp_path / "served" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"].replace("\u200b", "") for doc in index["docs"] if doc["location"].startswith(GUIDE)]  # sub-word marks
    assert any("按手印" in text for text in texts)
    locations = [doc["location"] for doc in index["docs"]]
    assert len(locations) == len(set(locations))  # each page's entries once




def test_a_dirty_reload_under_serve_indexes_with_pagefind_the_pages_it_did_not_build(tmp_path: Path) -> None:
    """`mkdocs serve --dirty` builds only the pages it finds changed, and Pagefind's index is written whole each time
    from the pages put out: it keeps every page (mkdocs takes every generated page for changed)."""
    config = use_pagefind(_project(tmp_path))
    _dirty_reload(config, tmp_path / "served")
    entry = json.loads((tmp_path / "served" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == 12  # 9 guides, 3 departments

SEEN_AT_ENV = """
import json
from pathlib import Path
from mkdocs.plugins import event_priority
from validator.mkdocs_plugin.kept_pages import StaticFile

seen = {}
held = {}

@event_priority(-200)  # after the guides plugin's on_files: what each file not a page holds until it is written
def on_files(files, config):
    for f in files:
        if isinstance(f, StaticFile):
            guide = f.dest_uri.startswith("api/guides/")  # a guide's open data: its bytes, as another plugin reads them
            held[f.dest_uri] = [type(f._content).__name__, len(f.content_bytes) if guide else None]
    return files

@event_priority(-200)  # after the guides plugin's on_env, where it forks its search helper
def on_env(env, config, files):
    for f in files:
        if isinstance(f, StaticFile):
            path = Path(f.abs_dest_path)
            seen[f.dest_uri] = [path.is_file(), f._content is None, path.stat().st_mtime_ns if path.is_file() else 0]
    return env

def on_post_build(config):  # a file written again has another modification time
    for name, state in seen.items():
        state[2] = state[2] == (Path(config.site_dir) / name).stat().st_mtime_ns
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
    Path(config.config_file_path).with_name("held.json").write_text(json.dumps(held))
"""


def test_generated_files_are_written_and_let_go_before_the_pages_are_put_out(tmp_path: Path) -> None:
    """The open data and the other generated files that are not pages are on disk, their texts gone, when the plugin
    forks its search helper (at 10 000 guides the open data alone is 220 MB the helper would otherwise hold), and the
    build copies none of them again. Until then a guide's open data is kept in the spool the pages are, not in memory,
    and api/guides.json is joined from there as it is written."""
    config = _project(tmp_path)
    (config.parent / "seen.py").write_text(SEEN_AT_ENV, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - seen.py\n", encoding="utf-8")
    build = _build(config, tmp_path / "public", cache=False)
    seen = json.loads((config.parent / "seen.json").read_text(encoding="utf-8"))
    assert "api/guides.json" in seen and len(seen) > 10
    assert all(state == [True, True, True] for state in seen.values()), [name for name, state in seen.items() if state != [True, True, True]]
    guides = json.loads((build.out / "api" / "guides.json").read_bytes())
    assert "个体工商户设立登记" in {guide["name"] for guide in guides["guides"]}
    held = json.loads((config.parent / "held.json").read_text(encoding="utf-8"))
    opened = {name: kind for name, (kind, _) in held.items() if name.startswith("api/guides/")}
    assert len(opened) == len(guides["guides"]) and set(opened.values()) == {"Spooled"}, held
    for name in opened:  # each file as its guide is in the whole list, and as big as its bytes were read before
        assert json.loads((build.out / name).read_bytes())["guide"] in guides["guides"]
        assert held[name][1] == (build.out / name).stat().st_size


HELD = """
import json
from pathlib import Path
from mkdocs.plugins import event_priority
from validator.mkdocs_plugin.html_pages import HtmlPage

held = {}

def _held(page):
    return sorted(name for name in ("_markdown", "_content") if isinstance(page.__dict__.get(name), str))

@event_priority(-200)  # every page is read; the search helper is forked
def on_env(env, config, files):
    for file in files.documentation_pages():
        if isinstance(file.page, HtmlPage) and file.page.body is not None:
            where = getattr(file.page.body.spool.file, "name", None)  # a temporary file's is its descriptor
            held[file.src_uri] = {"read": _held(file.page), "file": file._content is not None, "body": file.page.content,
                                  "kept in": "store" if isinstance(where, str) and where.endswith(".pack") else "spool"}
    return env

def on_post_build(config):  # after the guides plugin's first on_post_build: every page's file is written
    for file in config["plugins"]["guides"].files.documentation_pages():
        if file.src_uri in held:
            held[file.src_uri]["written"] = _held(file.page)
            held[file.src_uri]["in output"] = held[file.src_uri].pop("body") in Path(file.abs_dest_path).read_text("utf-8")
    Path(config.config_file_path).with_name("held.json").write_text(json.dumps(held))
"""


def test_generated_pages_stay_in_the_spool_until_mkdocs_puts_each_out(tmp_path: Path) -> None:
    """A guide page's text, and a flow page's, a department's cards, the 权力清单's pages, is kept in a spool file from
    the moment it is made (spool.py): neither its page nor its file holds its body when every page has been read, nor
    after it is put out, and the page's file holds that body (read from the spool when asked for) when another
    plugin's on_post_build reads it. In a rebuild, a guide page or flow page an earlier build made is read from the
    store it was kept in (stored_maps.py's pack) in the same way, never all of them at once."""
    config = _project(tmp_path)
    (config.parent / "held.py").write_text(HELD, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - held.py\n", encoding="utf-8")
    build = _build(config, tmp_path / "public")
    held = json.loads((config.parent / "held.json").read_text(encoding="utf-8"))
    assert GUIDE + "index.md" not in held and "guides/shichang/getihu-sheli-dengji.md" in held
    kinds = Counter(path.split("/")[0] for path in held)
    assert kinds["guides"] == len([path for path in (config.parent / "guides").glob("*/*.yaml") if path.name != "_department.yaml"])
    flows = {path.relative_to(build.out).parent.as_posix() + ".md" for path in (build.out / "flow").rglob("index.html")}
    assert flows and flows <= set(held) and kinds["flow"] == len(flows)
    assert {"cards/shichang.md", "cards/gongan.md", "cards/weijian.md"} <= set(held) and kinds["power-list"] > 1, sorted(held)
    spooled = {"read": [], "file": False, "kept in": "spool", "in output": True, "written": []}
    assert all(state == spooled for state in held.values()), held

    mutate(config.parent / "guides" / "shichang" / "getihu-sheli-dengji.yaml", "经营者本人签字；", "经营者本人签字或者按手印；")
    _build(config, tmp_path / "public")
    again = json.loads((config.parent / "held.json").read_text(encoding="utf-8"))
    assert set(again) == set(held)
    made = {"guides/shichang/getihu-sheli-dengji.md", "flow/shichang/getihu-sheli-dengji.md"}
    assert made <= set(held)
    stored = {path for path in held if path.split("/")[0] in ("guides", "flow")} - made
    assert all(again[path] == {**spooled, "kept in": "store"} for path in stored), again
    assert all(state == spooled for path, state in again.items() if path not in stored), again


def test_a_big_generated_file_is_written_and_keyed_a_part_at_a_time_with_the_bytes_of_the_whole(tmp_path: Path) -> None:
    """A generated file that is not a page (api/guides.json: 100 MB at 10 000 guides) is encoded a part at a time,
    never whole, when it is keyed and when it is written: the parts make the same bytes and the same key as the whole,
    whatever character a part ends at, also when the text is given as its parts (a Joined text, never joined); once
    written its text is let go."""
    text = "".join(f'{{"名称":"个体工商户设立登记 {n}","note":"a\\u2028b 🏛"}},' for n in range(60_000))  # > 2 parts of 1 Mi characters
    assert len(text) > 2 * (1 << 20)
    whole = text.encode("utf-8")
    file = _generated("api/guides.json", text, tmp_path / "site")
    file_key = file.digest()
    assert file_key == hashlib.blake2b(whole, digest_size=16).hexdigest()
    file.copy_file()
    assert (tmp_path / "site" / "api" / "guides.json").read_bytes() == whole
    assert file._content is None
    data = _generated("api/guides.csv", b"\xef\xbb\xbf" + whole, tmp_path / "site")
    key = data.digest()
    data.copy_file()
    assert (tmp_path / "site" / "api" / "guides.csv").read_bytes() == b"\xef\xbb\xbf" + whole
    assert key == hashlib.blake2b(b"\xef\xbb\xbf" + whole, digest_size=16).hexdigest()
    cuts = range(0, len(text), 70_001)  # api/guides.json is given as the guides' texts (site/joined.py)
    listed = _generated("api/listed.json", Joined(lambda: (text[at:at + 70_001] for at in cuts)), tmp_path / "site")
    assert listed.digest() == file_key
    listed.copy_file()
    assert (tmp_path / "site" / "api" / "listed.json").read_bytes() == whole
    assert listed._content is None


def test_a_kept_text_is_read_from_its_beginning_without_cutting_a_character() -> None:
    """A spooled page's front matter is read from its first bytes (html_pages.spooled_text): never a character cut,
    whatever byte the limit falls on, one, three or four bytes long."""
    text = "---\ntitle: 个体工商户\n---\n" + "营业执照🏛a" * 20
    kept = Spool().keep(text)
    size = len(text.encode("utf-8"))
    for most in range(size + 2):
        start = kept.start(most)
        assert text.startswith(start) and most - 4 < len(start.encode("utf-8")) <= most or start == text


def _generated(path: str, content: str | bytes | Joined, site: Path) -> StaticFile:
    """As pages.add_pages makes it (File.generated, without a whole mkdocs configuration)."""
    file = StaticFile(path, src_dir=None, dest_dir=str(site), use_directory_urls=True)
    if isinstance(content, Joined):
        file._content = content
    elif isinstance(content, str):
        file.content_string = content
    else:
        file.content_bytes = content
    return file
