"""The benchmark: `.venv/bin/python bench/run.py` prints one table and writes it to bench/results.md.

For each N (default 1 000 and 10 000; the check alone also at 50 000) it generates a catalogue with
bench/generate.py and runs, each in a child process of its own (so the peak memory is the step's):

- the floors: reading the bytes of every file; composing every file with PyYAML's libyaml CSafeLoader;
- `guides check --jobs 1` and `--jobs <cores>` (cold: GUIDES_NO_CACHE=1), and the peer
  `check-jsonschema --schemafile schema/guide.schema.json` on the guide files (not the department
  profiles, which have another schema; it reports no positions and runs no rules);
- one changed file: `guides check PATH` and `guides check --changed-since HEAD` in a git repo of the
  catalogue, cold (no cache) and warm (the cache filled by a previous run);
- the site: `mkdocs build` with built-in search and with `search: pagefind`, against the floor
  (mkdocs-material alone building one plain Markdown page per guide with the same theme, search and
  section navigation); HTML bytes per guide page; the bytes a browser downloads before the first
  search result and how long that result takes (bench/first_search.py, Chromium, 4× CPU throttle).

A step the tool does not offer yet (an option another change adds) prints "—" with the reason.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from bench.measure import Measured, measure  # noqa: E402
from validator.mkdocs_plugin import stored_maps  # noqa: E402

BIN = Path(sys.executable).parent
CORES = len(os.sched_getaffinity(0))
MB = 1024 * 1024
READ = "import sys\nfor p in open(sys.argv[1], encoding='utf-8').read().splitlines():\n    open(p, 'rb').read()\n"
COMPOSE = ("import sys, yaml\nfor p in open(sys.argv[1], encoding='utf-8').read().splitlines():\n"
           "    yaml.compose(open(p, 'rb').read(), Loader=yaml.CSafeLoader)\n")
# PYTHONDONTWRITEBYTECODE cleared: Python keeps the package's compiled modules between runs, as on a clerk's machine.
# Where the environment sets it (some CI images; this machine), every step compiled the package again (~0.2 s a
# step, which the floors, importing only installed libraries with their compiled modules, never paid). The first
# `guides check --help` (check_options) writes them.
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", "PYTHONDONTWRITEBYTECODE": ""}
COLD = {**ENV, "GUIDES_NO_CACHE": "1"}
# The compose floor and the one-process check are each timed this many times, alternately, and the fastest run of
# each is the cell: the shared machine's speed moves by 10 % and more within minutes, more than the margin the
# check's ratio to the floor is judged by.
PAIRS = 3
ARGV_BYTES = 1_000_000  # the peer takes file names as arguments: batches stay well under ARG_MAX

# Rows of the table, in order: (key, label).
ROWS = (
    ("generate", "generate the catalogue (bench/generate.py)"),
    ("read", "floor: read the bytes"),
    ("compose", "floor: compose with libyaml CSafeLoader"),
    ("check1", "`guides check --jobs 1`"),
    ("checkN", "`guides check --jobs {cores}`"),
    ("peer", "peer: `check-jsonschema` (guide files only)"),
    ("one", "one file: `guides check PATH`"),
    ("changed_cold", "one changed file: `--changed-since HEAD`, no cache"),
    ("changed_warm", "one changed file: `--changed-since HEAD`, warm cache"),
    ("site_builtin", "site build, built-in search"),
    ("site_pagefind", "site build, `search: pagefind`"),
    ("site_floor", "floor: mkdocs-material, plain Markdown pages"),
    ("site_rebuild", "one guide changed, `mkdocs build` again (built-in search)"),
    ("site_rebuild_next", "… and changed again, built again: written over the site before last"),
    ("serve_reload", "one guide changed under `mkdocs serve`: change to reloaded"),
    ("html", "HTML per guide page"),
    ("index", "built-in `search_index.json` (gzip)"),
    ("search_builtin", "first search, built-in: downloaded · time to result"),
    ("search_pagefind", "first search, Pagefind: downloaded · time to result"),
)


@dataclass
class Results:
    sizes: list[int]
    cells: dict[str, dict[int, str]] = field(default_factory=dict)
    raw: dict[int, dict[str, object]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def put(self, key: str, n: int, text: str, **raw: object) -> None:
        self.cells.setdefault(key, {})[n] = text
        self.raw.setdefault(n, {})[key] = raw or text
        print(f"  N={n:>6}  {key:<16} {text}", flush=True)


# ---------------------------------------------------------------- formatting

def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def size(value: float) -> str:
    if value >= 10 * MB:
        return f"{value / MB:.0f} MB"
    if value >= MB:
        return f"{value / MB:.1f} MB"
    return f"{value / 1024:.0f} KB" if value >= 10 * 1024 else f"{value / 1024:.1f} KB"


def rate(files: int, wall: float) -> str:
    return f"{files / wall:,.0f} files/s".replace(",", " ")


def failure(step: Measured, what: str) -> str:
    if step.timed_out:
        return f"— ({what}: timed out after {seconds(step.wall)})"
    lines = [line for line in (step.err or step.out).strip().splitlines() if line.strip()]
    return f"— ({what} failed, exit {step.code}: {lines[-1][:120] if lines else 'no output'})"


# ---------------------------------------------------------------- environment

def machine() -> list[str]:
    model = "?"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "?"
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return [f"{platform.system()} {platform.release()}, {CORES} cores available ({os.cpu_count()} online), {model}, {memory} RAM",
            f"load average at start (1/5/15 min): {load()} (other work on the machine makes every figure slower)"]


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def versions() -> str:
    import yaml

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "—"

    libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "absent"  # type: ignore[attr-defined]
    parts = [f"python {platform.python_version()}", f"pyyaml {yaml.__version__} (libyaml {libyaml})"]
    parts += [f"{name} {version(name)}" for name in ("jsonschema", "jsonschema-rs", "fastjsonschema", "check-jsonschema",
                                                    "mkdocs", "mkdocs-material", "jieba", "rjieba", "playwright")]
    pagefind = _pagefind_version()
    parts.append(f"pagefind {pagefind}")
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        parts.append(chromium or "chromium —")
    except (OSError, subprocess.SubprocessError):
        parts.append("chromium —")
    return ", ".join(parts)


def _pagefind_version() -> str:
    found = []
    for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        try:
            found.append(f"{metadata.version(name)} ({name})")
        except metadata.PackageNotFoundError:
            continue
    if found:
        return " + ".join(found)
    binary = shutil.which("pagefind_extended") or shutil.which("pagefind")
    if binary:
        try:
            return subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return "—"


def check_options() -> set[str]:
    done = subprocess.run([str(BIN / "guides"), "check", "--help"], capture_output=True, text=True, env={**os.environ, **ENV})
    return {option for option in ("--jobs", "--changed-since") if option in done.stdout}


# ---------------------------------------------------------------- steps

def check_summary(step: Measured) -> dict | None:
    try:
        return json.loads(step.out)["summary"]
    except (ValueError, KeyError, TypeError):
        return None


def check_cell(step: Measured, files: int | None, floor: float | None) -> tuple[str, dict]:
    """`files` None: a one-file check, where a rate means nothing."""
    summary = check_summary(step)
    if not step.ok and not (step.code == 1 and summary):
        return failure(step, "check"), {}
    text = seconds(step.wall) + (f" · {rate(files, step.wall)}" if files else "")
    if floor:
        text += f" · {step.wall / floor:.1f}× floor"
    text += f" · {size(step.rss)} · CPU {seconds(step.cpu)}"
    if summary and (summary.get("errors") or summary.get("warnings")):
        text += f" · {summary.get('errors')} errors, {summary.get('warnings')} warnings"
    return text, {"wall": step.wall, "rss": step.rss, "cpu": step.cpu, "summary": summary}


def _fastest(runs: list[Measured]) -> Measured:
    """The fastest of a step's runs, or the first that failed (a check that found problems exits 1: not a failure)."""
    failed = next((run for run in runs if run.timed_out or run.code not in (0, 1)), None)
    return failed or min(runs, key=lambda run: run.wall)


def run_checks(n: int, out: Path, results: Results, options: set[str], peer: bool, timeout: float) -> None:
    files = sorted(str(p.relative_to(out)) for p in (out / "guides").rglob("*.yaml"))
    listing = out / "files.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    read = measure([sys.executable, "-c", READ, str(listing)], out, ENV, timeout)
    results.put("read", n, f"{seconds(read.wall)} · {rate(len(files), read.wall)}" if read.ok else failure(read, "read"),
                wall=read.wall, cpu=read.cpu)
    guides = [str(BIN / "guides"), "check", "guides", "--format", "json"]
    single_command = [*guides, "--jobs", "1"] if "--jobs" in options else guides
    composes, singles = [], []
    for _ in range(PAIRS):  # alternately, so that both see the machine's same moods
        composes.append(measure([sys.executable, "-c", COMPOSE, str(listing)], out, ENV, timeout))
        singles.append(measure(single_command, out, COLD, timeout))
    compose, single = _fastest(composes), _fastest(singles)
    floor = compose.wall if compose.ok else None
    results.put("compose", n, f"{seconds(compose.wall)} · {rate(len(files), compose.wall)} · {size(compose.rss)} · CPU {seconds(compose.cpu)}"
                if compose.ok else failure(compose, "compose"), wall=compose.wall, cpu=compose.cpu)
    text, raw = check_cell(single, len(files), floor)
    results.put("check1", n, text, **raw)
    if "--jobs" in options:
        text, raw = check_cell(measure([*guides, "--jobs", str(CORES)], out, COLD, timeout), len(files), floor)
        results.put("checkN", n, text, **raw)
    else:
        results.put("checkN", n, "— (`guides check` has no --jobs option yet)")
    if not peer:
        results.put("peer", n, "— (skipped at this size: --peer-max)")
        return
    guide_files = [f for f in files if not f.endswith("_department.yaml")]
    wall = cpu = 0.0
    rss = 0
    batches = _batches(guide_files)
    for batch in batches:
        step = measure([str(BIN / "check-jsonschema"), "--schemafile", "schema/guide.schema.json", *batch], out, ENV, timeout)
        if not step.ok:
            results.put("peer", n, failure(step, "check-jsonschema"))
            return
        wall, cpu, rss = wall + step.wall, cpu + step.cpu, max(rss, step.rss)
    calls = f" · {len(batches)} calls" if len(batches) > 1 else ""
    ratio = f" · `guides check --jobs 1` is {wall / single.wall:.1f}× faster" if single.ok and single.wall else ""
    results.put("peer", n, f"{seconds(wall)} · {rate(len(guide_files), wall)} · {size(rss)}{calls}{ratio}", wall=wall, rss=rss)


def _batches(files: list[str]) -> list[list[str]]:
    batches: list[list[str]] = [[]]
    used = 0
    for name in files:
        if used + len(name.encode()) + 1 > ARGV_BYTES and batches[-1]:
            batches.append([])
            used = 0
        batches[-1].append(name)
        used += len(name.encode()) + 1
    return batches


def _git(out: Path, *args: str) -> None:
    # gc.auto=0: a commit may start git's automatic gc, which goes on in the background during the next steps.
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false",
                    "-c", "gc.auto=0", *args],
                   cwd=out, check=True, capture_output=True)


def _touch(path: Path) -> None:
    """A valid change: another sample date in `updated` (the rules only refuse future and stale dates)."""
    text = path.read_text(encoding="utf-8")
    current = re.search(r'^updated: "([0-9-]+)"', text, re.M)
    assert current, path
    new = "2026-10-20" if current.group(1) != "2026-10-20" else "2026-10-21"
    path.write_text(text.replace(current.group(0), f'updated: "{new}"'), encoding="utf-8")


def run_changed(n: int, out: Path, results: Results, options: set[str], timeout: float) -> None:
    guide_files = sorted(p for p in (out / "guides").rglob("*.yaml") if p.name != "_department.yaml")
    first, second = guide_files[len(guide_files) // 3], guide_files[2 * len(guide_files) // 3]
    one = measure([str(BIN / "guides"), "check", str(first.relative_to(out)), "--format", "json"], out, COLD, timeout)
    text, raw = check_cell(one, None, None)
    results.put("one", n, text, **raw)
    if "--changed-since" not in options:
        for key in ("changed_cold", "changed_warm"):
            results.put(key, n, "— (`guides check` has no --changed-since option yet)")
        return
    shutil.rmtree(out / ".git", ignore_errors=True)
    shutil.rmtree(out / ".guides-cache", ignore_errors=True)
    _git(out, "init", "-q")
    _git(out, "add", "-A")
    _git(out, "commit", "-q", "-m", "benchmark catalogue")
    _touch(first)
    command = [str(BIN / "guides"), "check", "--changed-since", "HEAD", "--format", "json"]
    cold = measure(command, out, COLD, timeout)
    text, raw = check_cell(cold, None, None)
    results.put("changed_cold", n, text + _checked(cold), **raw)
    filling = measure(command, out, ENV, timeout)  # fills the cache
    _git(out, "commit", "-q", "-a", "-m", "first change")  # so that the next run again sees one changed file
    _touch(second)
    warm = measure(command, out, ENV, timeout)
    text, raw = check_cell(warm, None, None)
    results.put("changed_warm", n, text + _checked(warm) + (f" (filling run {seconds(filling.wall)})" if filling.ok else ""), **raw)


def _checked(step: Measured) -> str:
    summary = check_summary(step)
    return f" · {summary['files']} file{'s' if summary['files'] != 1 else ''} checked" if summary and "files" in summary else ""


def _pages(site: Path) -> list[Path]:
    return list((site / "guides").glob("*/*/index.html"))


def _change_one_guide(out: Path, n: int, day: int = 1) -> tuple[Path, bytes]:
    """One guide's text changed (its `updated` date, to day `day` of December 2026): the file and its bytes before,
    to put back."""
    guide = sorted((out / "guides").glob("*/*.yaml"))[n // 2]
    before = guide.read_bytes()
    text = before.decode("utf-8")
    changed = re.sub(r"^updated: .*$", f"updated: '2026-12-{day:02d}'", text, count=1, flags=re.M)
    guide.write_text(changed if changed != text else text + f"\n# 改动 {day}\n", encoding="utf-8")
    return guide, before


def _settle() -> None:
    """The last step's files written back to disk before the next site step starts: a build writes 1.3 GB at 10 000
    guides, which the kernel writes back over the next half minute, slowing whatever runs then."""
    if hasattr(os, "sync"):
        os.sync()


def _cold(out: Path, site: Path) -> None:
    """No page cache, no compiled templates, no stored QR codes or guide pages, no spare site to write over: a full
    build pays for storing them and for creating every file (the check's summaries stay)."""
    for folder in ("pages", "templates"):
        shutil.rmtree(out / ".guides-cache" / folder, ignore_errors=True)
    for kind in (stored_maps.QR_CODES, stored_maps.GUIDE_PAGES):
        (out / ".guides-cache" / kind.file).unlink(missing_ok=True)
    shutil.rmtree(site.parent / f".{site.name}.spare", ignore_errors=True)


def run_rebuild(n: int, out: Path, results: Results, timeout: float, full: Measured) -> None:
    """The built-in search site built again after one guide's text changed, with the page cache the full build
    filled (the full build swapped out no site to write over: it writes over links to the full build's site,
    spare_site.linked); then once more after the same guide
    changed again, as a clerk's next build, which writes over the full build's site (spare_site.py). The file is
    put back afterwards."""
    for key, day in (("site_rebuild", 1), ("site_rebuild_next", 2)):
        guide, before = _change_one_guide(out, n, day)
        try:
            _settle()
            step = measure([str(BIN / "mkdocs"), "build", "-f", str(out / "mkdocs.yml"), "-d", str(out / "public")], out, ENV, timeout)
        finally:
            guide.write_bytes(before)
        if not step.ok:
            results.put(key, n, failure(step, "mkdocs build"))
            return
        results.put(key, n, f"{seconds(step.wall)} · {size(step.rss)} · {full.wall / step.wall:.1f}× faster than the full build",
                    wall=step.wall, rss=step.rss)


def run_serve(n: int, out: Path, results: Results, timeout: float) -> None:
    """`mkdocs serve` (built-in search): the time from one guide's change to the browsers' reload, after its first
    build (which renders every page: its site_url is the server's, not the one the stored pages were made for)."""
    with tempfile.TemporaryFile() as log:
        command = [str(BIN / "mkdocs"), "serve", "-f", str(out / "mkdocs.yml"), "-a", "127.0.0.1:0"]
        server = subprocess.Popen(command, cwd=out, env={**os.environ, **ENV}, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        guide, before = None, b""
        try:
            if not _wait_for(log, "Serving on", timeout):
                results.put("serve_reload", n, "— (the first build did not finish)")
                return
            started = time.perf_counter()
            guide, before = _change_one_guide(out, n)
            if not _wait_for(log, "Reloading browsers", timeout, after="Detected file changes"):
                results.put("serve_reload", n, "— (no reload in time)")
                return
            took = time.perf_counter() - started
            results.put("serve_reload", n, seconds(took), wall=took)
        finally:
            if guide is not None:
                guide.write_bytes(before)
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _wait_for(log: Any, line: str, timeout: float, after: str = "") -> bool:
    """Whether the server's log says `line` (past the first `after`) within `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
        if line in text[text.find(after) if after else 0:] and (not after or after in text):
            return True
        time.sleep(0.2)
    return False


def run_site(n: int, out: Path, results: Results, timeout: float, browser: bool, query: str) -> None:
    mkdocs = [str(BIN / "mkdocs"), "build"]
    builds: dict[str, Measured] = {}
    plan = [("site_floor", out / "floor" / "mkdocs.yml", out / "floor" / "public"),
            ("site_builtin", out / "mkdocs.yml", out / "public"),
            ("site_pagefind", out / "mkdocs-pagefind.yml", out / "public-pagefind")]
    for key, config, site in plan:
        shutil.rmtree(site, ignore_errors=True)
        _cold(out, site)
        _settle()
        step = measure([*mkdocs, "-f", str(config), "-d", str(site)], config.parent, ENV, timeout)
        builds[key] = step
        if not step.ok:
            results.put(key, n, failure(step, "mkdocs build"))
            continue
        floor = builds.get("site_floor")
        text = f"{seconds(step.wall)} · {size(step.rss)}"
        if key != "site_floor" and floor is not None and floor.ok:
            text += f" · {step.wall / floor.wall:.1f}× floor"
        results.put(key, n, text, wall=step.wall, rss=step.rss)
        if key == "site_builtin":  # with the page cache this build filled, before the next build empties it
            run_rebuild(n, out, results, timeout, step)
            run_serve(n, out, results, timeout)
    pages = {key: _pages(site) for key, _, site in plan if builds[key].ok}
    if pages:
        mean = {key: sum(p.stat().st_size for p in found) / len(found) for key, found in pages.items() if found}
        ours = mean.get("site_builtin")
        text = f"{size(ours)}" if ours else "—"
        others = [f"{label} {size(mean[key])}" for key, label in (("site_pagefind", "Pagefind"), ("site_floor", "floor")) if key in mean]
        if others:
            text += f" ({', '.join(others)})"
        results.put("html", n, text, **mean)
    index = out / "public" / "search" / "search_index.json"
    if builds["site_builtin"].ok and index.is_file():
        raw = index.read_bytes()
        packed = len(gzip.compress(raw, 6))
        results.put("index", n, f"{size(packed)} ({size(len(raw))} uncompressed, {size(len(raw) / n)} per guide)", disk=len(raw), wire=packed)
    else:
        results.put("index", n, "— (no built-in index)")
    for key, site_key, site in (("search_builtin", "site_builtin", out / "public"), ("search_pagefind", "site_pagefind", out / "public-pagefind")):
        if not browser:
            results.put(key, n, "— (skipped: --skip-browser or no /usr/bin/chromium)")
        elif site_key not in builds or not builds[site_key].ok:
            results.put(key, n, "— (no site)")
        else:
            step = measure([sys.executable, str(REPO / "bench" / "first_search.py"), str(site), query], REPO, ENV, timeout)
            try:
                found = json.loads(step.out)
            except ValueError:
                results.put(key, n, failure(step, "browser"))
                continue
            search = [r for r in found["requests"] if r["search"]]
            what = ", ".join(f"{r['path']} {size(r['wire'])}" for r in sorted(search, key=lambda r: -r["wire"])[:3])
            more = f" +{len(search) - 3} more" if len(search) > 3 else ""
            page = found["wire"] - found["search_wire"]
            took = seconds(found["seconds"]) if found["seconds"] is not None else f"— ({found['error']}; bytes so far)"
            results.put(key, n, f"{size(found['search_wire'])} search ({len(search)} requests: {what}{more}) + {size(page)} page · {took}", **found)


def run_profiles(n: int, out: Path, folder: Path, results: Results, options: set[str], timeout: float, site: bool) -> None:
    """pyinstrument text profiles of a cold single-process check and of the site build (library frames shown)."""
    pyinstrument = BIN / "pyinstrument"
    if not pyinstrument.exists():
        results.notes.append("No profiles: pyinstrument is not installed.")
        return
    plan = [("check", ["--hide", "*/site-packages/*"], [str(BIN / "guides"), "check", "guides", "--format", "json",
                                                          *(["--jobs", "1"] if "--jobs" in options else [])])]
    if site:
        shown = ["--show-regex", ".*/(mkdocs|material|markdown|pymdownx|jinja2|jieba|rjieba)/.*"]
        plan.append(("site", shown, [str(BIN / "mkdocs"), "build", "-f", "mkdocs.yml", "-d", str(out / "public-profile")]))
    for name, view, command in plan:
        target = folder / f"profile-{name}-n{n}.txt"
        step = measure([str(pyinstrument), "--no-color", "-r", "text", "-o", str(target), *view, *command], out, COLD, timeout)
        where = target.relative_to(REPO) if target.is_relative_to(REPO) else target
        results.notes.append(f"Profile of `{Path(command[0]).name} {' '.join(command[1:3])}` at N={n}: "
                             + (f"`{where}`" if step.ok else failure(step, "pyinstrument")))
    shutil.rmtree(out / "public-profile", ignore_errors=True)


# ---------------------------------------------------------------- targets and the table

def targets(results: Results) -> list[str]:
    """The issue's targets, judged from this run's figures where they exist."""
    raw, lines = results.raw, []

    def get(n: int, key: str, field_: str = "wall") -> float | None:
        value = raw.get(n, {}).get(key)
        return value.get(field_) if isinstance(value, dict) else None

    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"

    ten = 10000 if 10000 in raw else max(raw)
    single, compose, cores = get(ten, "check1"), get(ten, "compose"), get(ten, "checkN")
    if single and compose:
        cpu = get(ten, "check1", "cpu"), get(ten, "compose", "cpu")
        by_cpu = f" (by CPU time {cpu[0] / cpu[1]:.1f}×)" if all(cpu) else ""
        lines.append(f"- check ≤ 1.5× the compose floor single-process (N={ten}): {single / compose:.2f}×{by_cpu} — {mark(single <= 1.5 * compose)}")
    if single and cores:
        lines.append(f"- check uses all {CORES} cores on many files (N={ten}): --jobs {CORES} is {single / cores:.2f}× faster than --jobs 1 — "
                     f"{mark(single / cores >= 1.3)}")
    peer = get(ten, "peer")
    if single and peer:
        lines.append(f"- check faster than check-jsonschema (N={ten}): {peer / single:.1f}× — {mark(single < peer)}")
    changed = get(ten, "changed_warm") or get(ten, "changed_cold")
    if changed:
        lines.append(f"- one changed file < 1.5 s (N={ten}): {seconds(changed)} — {mark(changed < 1.5)}")
    small, large = min(raw), max((n for n in raw if get(n, "site_builtin")), default=None)
    for key, label in (("site_builtin", "built-in search"), ("site_pagefind", "Pagefind")):
        if large and large != small and get(small, key) and get(large, key):
            growth = get(large, key) / get(small, key)
            lines.append(f"- site build linear, {label}: T({large})/T({small}) = {growth:.1f} (N ratio {large / small:.0f}) — "
                         f"{mark(growth <= 1.1 * large / small)}")
        for n in sorted(raw):  # issue 15: at or under the floor at every size (0.8× is the aim)
            built, floor = get(n, key), get(n, "site_floor")
            if built and floor:
                lines.append(f"- site build ≤ 1.0× the mkdocs-material floor, {label} (N={n}): {built / floor:.2f}× — {mark(built <= floor)}")
    full = get(ten, "site_builtin")
    for key, which in (("site_rebuild", "the first, over links to the full build's site"),
                       ("site_rebuild_next", "the next, written over the site before last")):
        rebuild = get(ten, key)
        if rebuild and full:
            lines.append(f"- one-guide rebuild ≥ 5× faster than a full build (N={ten}, {which}): {full / rebuild:.1f}× — "
                         f"{mark(full >= 5 * rebuild)}")
    for key, label in (("search_builtin", "built-in"), ("search_pagefind", "Pagefind")):
        wire, took = get(ten, key, "search_wire"), get(ten, key, "seconds")
        if wire is not None:
            answer = f"result in {seconds(took)} at 4× CPU throttle — {mark(took < 1)}" if took is not None else "no result in time — **not met**"
            lines.append(f"- first search ≤ 500 KB compressed, {label} (N={ten}): {size(wire)} — {mark(wire <= 500 * 1024)}; {answer}")
    for key, limit in (("check1", 2), ("checkN", 2), ("site_builtin", 1), ("site_pagefind", 2)):
        rss = get(ten, key, "rss")
        if rss:
            lines.append(f"- peak memory < {limit} GB, {dict(ROWS)[key].format(cores=CORES)} (N={ten}): {size(rss)} — "
                         f"{mark(rss < limit * 1024 * MB)}")
    return lines


def table(results: Results) -> str:
    head = "| step | " + " | ".join(f"N = {n:,}".replace(",", " ") for n in results.sizes) + " |"
    lines = [head, "| --- |" + " --- |" * len(results.sizes)]
    for key, label in ROWS:
        row = results.cells.get(key)
        if not row:
            continue
        lines.append(f"| {label.format(cores=CORES)} | " + " | ".join(row.get(n, "") for n in results.sizes) + " |")
    return "\n".join(lines)


LEGEND = """\
Cells: wall time · files/s · ratio to the compose floor (wall) · peak memory (RSS of one process; the summed PSS while
there are several, since forked workers share pages) · CPU time (user + system of all processes; CPU above wall means
more than one core was busy, far below wall means the machine was shared). Check runs are cold (`GUIDES_NO_CACHE=1`) unless the row says warm.
The site floor is mkdocs-material (same theme, `language: zh`, `navigation.prune`, search plugin) building one plain
Markdown page per guide with the same texts and a navigation of section pages. First search: the gzip size (level 6)
of every file the browser fetched from opening the home page to the first result, search files apart; the time is from
typing the query to the first result with Chromium's CPU throttled 4× (a mid-tier phone), served from localhost (no
network time); the static server does not compress, so sizes are computed from the files."""


def report(results: Results, command: str, started: datetime.datetime, elapsed: float, header: list[str]) -> str:
    parts = ["# Benchmark results", "", f"Command: `{command}` (run from the repository root; took {seconds(elapsed)}, "
             f"started {started:%Y-%m-%d %H:%M} UTC).", ""]
    parts += [f"- {line}" for line in header]
    parts += ["", table(results), "", LEGEND, ""]
    judged = targets(results)
    if judged:
        parts += ["Targets (issues 6 and 15), judged from this run:", "", *judged, ""]
    if results.notes:
        parts += ["Notes:", "", *[f"- {note}" for note in results.notes], ""]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `guides check` and the site build against their floors.")
    parser.add_argument("--sizes", default="1000,10000", help="catalogue sizes for every step (default 1000,10000)")
    parser.add_argument("--check-sizes", default="50000", help="extra sizes for the check steps only (default 50000; '' for none)")
    parser.add_argument("--peer-max", type=int, default=10000, help="run check-jsonschema up to this N (it does ~60 files/s)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: N=60, no site, no browser, no extra check sizes")
    parser.add_argument("--skip-site", action="store_true", help="no site builds and no browser")
    parser.add_argument("--skip-browser", action="store_true", help="no first-search measurement in Chromium")
    parser.add_argument("--query", default="营业执照", help="the first search (default 营业执照)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "guides-bench", help="where catalogues are generated")
    parser.add_argument("--out", type=Path, help="the Markdown report (default bench/results.md; none with --quick)")
    parser.add_argument("--profile", action="store_true", help="also write pyinstrument profiles of the check and the site build (smallest N)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one step may take")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.check_sizes, args.skip_site = "60", "", True
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    check_only = [int(s) for s in args.check_sizes.split(",") if s.strip() and int(s) not in sizes]
    out_file = args.out or (None if args.quick else REPO / "bench" / "results.md")
    for tool in ("guides", "mkdocs", "check-jsonschema"):
        if not (BIN / tool).exists():
            print(f"bench: {BIN / tool} is missing: run with the project's virtual environment "
                  "(.venv/bin/python bench/run.py after .venv/bin/pip install -e '.[test,bench]').", file=sys.stderr)
            return 2
    started = datetime.datetime.now(datetime.UTC)
    clock = datetime.datetime.now().timestamp()
    header = machine() + [f"versions: {versions()}"]
    for line in header:
        print(line)
    options = check_options()
    browser = not args.skip_browser and Path("/usr/bin/chromium").exists()
    results = Results(sizes + check_only)
    for n in sizes + check_only:
        out = args.work / f"n{n}"
        out.mkdir(parents=True, exist_ok=True)
        made = generate(n, out, floor=n in sizes and not args.skip_site)
        results.put("generate", n, f"{seconds(made.seconds)} · {size(made.bytes)} · {size(made.bytes / n)} per guide · {made.departments} departments")
        run_checks(n, out, results, options, n <= args.peer_max, args.timeout)
        if n in sizes:
            run_changed(n, out, results, options, args.timeout)
            if not args.skip_site:
                run_site(n, out, results, args.timeout, browser, args.query)
    if args.profile and sizes:
        folder = out_file.parent if out_file else args.work
        run_profiles(min(sizes), args.work / f"n{min(sizes)}", folder, results, options, args.timeout, not args.skip_site)
    header.insert(2, f"load average at end: {load()}")
    if args.skip_site:
        results.notes.append("Site steps skipped (--skip-site or --quick).")
    command = "python bench/run.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    text = report(results, command.strip(), started, datetime.datetime.now().timestamp() - clock, header)
    print()
    print(text)
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        print(f"written to {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
