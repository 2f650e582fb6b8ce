"""The change history on guide pages (最近更新 + the latest changes from git), through `guides render`."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import markdown
import pytest

from .conftest import GUIDES, mutate
from .git_support import commit, git, new_repo

SHENFENZHENG = "guides/gongan/jumin-shenfenzheng-huanling"
MOVED_FROM, MOVED_TO = "guides/gongan/jidongche-jiashizheng-qiman-huanzheng", "guides/gongan/jiashizheng-huanzheng"
GETIHU = "guides/shichang/getihu-sheli-dengji"
SHIPIN = "guides/shichang/shipin-jingying-xuke"
MATERIAL = "体检*证明* <i>近期</i>"
BUSY_DATES = [f"2026-06-{day:02d}" for day in range(1, 7)]  # six changes to one guide


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = new_repo(tmp_path_factory.mktemp("history") / "repo")
    commit(repo, "发布", "2026-01-05T10:00:00+08:00")
    # 18, not 10: the steps (2 working days and 15 calendar days to make the card) would certainly exceed 10 days (T210)
    mutate(repo / f"{SHENFENZHENG}.yaml", "  promised:\n    value: 20", "  promised:\n    value: 18")
    commit(repo, "压缩时限", "2026-03-07T23:30:00+08:00")  # 15:30 UTC: the date is the committer's own day
    git(repo, "mv", f"{MOVED_FROM}.yaml", f"{MOVED_TO}.yaml")
    mutate(repo / f"{MOVED_TO}.yaml", "process:\n", f"  - name: \"{MATERIAL}\"\n    form: 原件\n    medium: 纸质\n    copies: 1\n"
                                                   "    necessity: 非必要\n    source: 申请人自备\nprocess:\n")
    mutate(repo / f"{GETIHU}.yaml", "name: 个体工商户设立登记\n", "name: 个体工商户设立登记  # 与国家目录一致\n")
    commit(repo, "改名并新增材料；注释", "2026-05-09T10:00:00+08:00")
    for number, date in enumerate(BUSY_DATES):
        mutate(repo / f"{SHIPIN}.yaml", "copies: 1" if number % 2 == 0 else "copies: 2", "copies: 2" if number % 2 == 0 else "copies: 1")
        commit(repo, f"第 {number + 1} 次调整", f"{date}T10:00:00+08:00")
    return repo


def render(guides, repo: Path, out: Path) -> Path:
    run = guides("render", "--out", str(out), cwd=repo)
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from validator.cli.main import main

    out = tmp_path_factory.mktemp("history-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        assert main(["render", "--out", str(out)]) == 0
    return out


def history(site: Path, page: str) -> list[str]:
    """The 最近更新 line and the entries under it, as text, from the page's HTML."""
    text = (site / f"{page}.md").read_text(encoding="utf-8")
    found = re.search(r"<p><strong>最近更新</strong>：(.*?)</p>\n<ul>\n(.*?)</ul>", text, re.S)
    if found is None:
        return []
    return [f"最近更新：{found.group(1)}", *re.findall(r"<li>(.*?)</li>", found.group(2))]


def test_changed_guide_shows_date_and_what_changed(site: Path) -> None:
    assert history(site, SHENFENZHENG) == [
        "最近更新：2026-03-07（据版本记录）",
        "2026-03-07：承诺办结时限：20 自然日 → 18 自然日",
        "2026-01-05：发布",
    ]


def test_history_follows_a_renamed_file(site: Path) -> None:
    lines = history(site, MOVED_TO)
    assert lines[0] == "最近更新：2026-05-09（据版本记录）" and lines[2] == "2026-01-05：发布" and len(lines) == 3
    shown = unescape(re.sub(r"<[^>]+>", "", markdown.markdown(lines[1]))).strip()  # values are escaped, and read as typed
    assert shown == f"2026-05-09：新增申请材料「{MATERIAL}」"
    assert "<i>" not in markdown.markdown(lines[1])


def test_a_comment_only_change_and_an_untouched_guide(site: Path) -> None:
    assert history(site, GETIHU)[1] == "2026-05-09：文字排版调整，内容不变"
    assert history(site, "guides/minzheng/neidi-jumin-jiehun-dengji") == ["最近更新：2026-01-05（据版本记录）", "2026-01-05：发布"]


def test_only_the_latest_five_newest_first(site: Path) -> None:
    lines = history(site, SHIPIN)
    assert lines[0] == f"最近更新：{BUSY_DATES[-1]}（据版本记录）"
    assert [line[:10] for line in lines[1:]] == BUSY_DATES[::-1][:5]
    assert all("份数" in line for line in lines[1:])


def test_the_block_sits_under_the_update_date(site: Path) -> None:
    text = (site / f"{SHENFENZHENG}.md").read_text(encoding="utf-8")
    assert text.index('<h2 id="更新日期">') < text.index("<strong>最近更新</strong>") < text.index('class="print-sheet"')


def test_a_guide_git_does_not_know_yet_has_none(guides, repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    source = (clone / "guides/weijian/yishi-zhiye-zhuce.yaml").read_text(encoding="utf-8")
    draft = source.replace("117402000", "117499000").replace("name: 医师执业注册\n", "name: 医师执业变更注册\n", 1)
    (clone / "guides/weijian/yishi-zhiye-biangeng.yaml").write_text(draft, encoding="utf-8")  # untracked
    out = render(guides, clone, tmp_path / "out")
    assert (out / "guides/weijian/yishi-zhiye-biangeng.md").is_file() and history(out, "guides/weijian/yishi-zhiye-biangeng") == []
    assert history(out, "guides/weijian/yishi-zhiye-zhuce")[1] == "2026-01-05：发布"


def test_no_history_outside_git(guides, tmp_path: Path) -> None:
    shutil.copytree(GUIDES, tmp_path / "plain" / "guides")
    out = render(guides, tmp_path / "plain", tmp_path / "out")
    assert list(out.glob("guides/*/*.md")) and not any("最近更新" in p.read_text(encoding="utf-8") for p in out.glob("guides/*/*.md"))


def test_shallow_clone_shows_only_what_it_knows(guides, repo: Path, tmp_path: Path) -> None:
    """At the boundary of a shallow clone every file looks newly added: those entries are left out, never shown as 发布."""
    one = tmp_path / "depth1"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(one))
    out = render(guides, one, tmp_path / "out1")
    assert not any("最近更新" in p.read_text(encoding="utf-8") for p in out.glob("guides/*/*.md"))
    two = tmp_path / "depth2"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(two))
    out = render(guides, two, tmp_path / "out2")
    lines = history(out, SHIPIN)  # changed in the newest commit: that change is known, the one before is not
    assert len(lines) == 2 and lines[0] == f"最近更新：{BUSY_DATES[-1]}（据版本记录）"
    assert lines[1].startswith(f"{BUSY_DATES[-1]}：修改申请材料「")
    assert history(out, SHENFENZHENG) == []


def test_switched_off(guides, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUIDES_HISTORY", "0")
    out = render(guides, repo, tmp_path / "out")
    assert (out / f"{SHENFENZHENG}.md").is_file() and history(out, SHENFENZHENG) == []


def test_a_few_git_processes_not_one_per_guide(guides, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args, *rest, **options):
        if args and args[0] == "git":
            calls.append(list(args))
        return real(args, *rest, **options)

    monkeypatch.setattr(subprocess, "run", counting)
    out = render(guides, repo, tmp_path / "out")
    pages = list(out.glob("guides/*/*.md"))
    assert len(pages) == 28 and all("最近更新" in page.read_text(encoding="utf-8") for page in pages)
    commands = [call[1] for call in calls]
    # one log for the whole build; one cat-file for the pages' history, one for the 权力清单's record (test_power_list.py)
    assert commands.count("log") == 1 and commands.count("cat-file") == 2, commands
    assert len(calls) < 10, calls
