"""Mutation fuzzing of `guides check`: hostile and broken inputs never crash it, every diagnostic is located, and
what it prints stays bounded.

Inputs are the sample guides and the YAML test suite's documents (`/work/shared/corpora/yaml-test-suite`, when
present), each mutated one to four times: bytes flipped, inserted or cut; lines duplicated, dropped, swapped,
re-indented or spliced in from another document; values replaced by hostile ones (markup, control and bidi
characters, full-width colons, tabs, unclosed quotes and brackets, lines of thousands of items, long lines);
now and then an odd file name. A batch of inputs is written as one department of a catalogue and checked
in-process through the public CLI (`validator.cli.main.main`) with GUIDES_DEBUG=1, so an exception surfaces as one.

Each batch asserts: exit status 0 or 1 (never 2: no internal error), output in the requested format that parses,
every diagnostic at line ≥ 1 and column ≥ 1, at most PER_CODE + 1 diagnostics of one code per file, each
diagnostic's text bounded, no control character in the text and GitHub outputs, and the whole output at most
MAX_OUTPUT_PER_FILE bytes per input. A failing batch is
re-checked one input at a time and each failing input saved for reproduction.

Long runs (release checks), one process, niced:

    nice -n 10 .venv/bin/python -m tests.fuzzing --inputs 1000000 --seed 1 --out fuzz-failures
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "yaml-test-suite"
FORMATS = ("json", "json", "sarif", "gitlab", "junit", "github", "text")
BATCH = 40
MAX_OUTPUT_PER_FILE = 128_000  # bytes of output one input may cause (21 diagnostics of a few codes, bounded texts)
MAX_DIAGNOSTIC_TEXT = 2 * 1_000 + 2  # message and hint, each bounded by validator.diagnostics.TEXT_WIDTH

HOSTILE = (
    '<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))", "{{7*7}}",
    '=HYPERLINK("http://evil.example/","点我")', "\x1b[31m红字\x1b[0m", "\u202e倒序\u202c", "\x00", "\ufeff",
    "行政许可证", "summary：全角冒号", "\u3000全角空格", "\t", '"没有闭合', "[没有闭合", "{a: 1", "&anchor", "*alias",
    "!!python/object:os.system", "---", "...", "? 复杂键", "- 列表", "0571-1234567", "NO", "2024-01-01", "1e400",
    "99999999999999999999999", "~", "|", ">-", "#注释", "@shichang", "`", "%YAML 1.2", "\\u0000",
    "其他材料 # guides: ignore[W301] 原因", "a # guides: ignore[]", "# guides: ignore[W301, X] \x1b[2J" + "长" * 2000,
)
INSERTS = (b"\t", "\u3000".encode(), "：".encode(), b'"', b"'", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!", b"#",
           b"- ", b": ", b"\n", b"\r\n", b"\x00", b"\x1b", b"\xef\xbb\xbf", b"\xff", b"\xc3", "\u202e".encode(), b"?")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")  # what a terminal or CI log would act on
ODD_NAMES = ("Bad Name", "大写Chinese", 'x"><img src=x onerror=alert(9)>{{7}}', "under_score", "-dash", "a.b",
             "\x1b[31m", "UPPER")


@dataclass
class Outcome:
    inputs: int = 0
    batches: int = 0
    failures: list[str] = field(default_factory=list)
    largest: int = 0  # most output bytes per input in one run (its output ÷ its inputs)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.inputs / self.seconds if self.seconds else 0.0


def seeds() -> tuple[list[bytes], list[bytes], list[bytes]]:
    """(guides, profiles, YAML documents) to mutate."""
    guides = [p.read_bytes() for p in sorted((ROOT / "guides").rglob("*.yaml")) if p.name != "_department.yaml"]
    profiles = [p.read_bytes() for p in sorted((ROOT / "guides").rglob("_department.yaml"))]
    documents = [p.read_bytes() for p in sorted(CORPUS.rglob("in.yaml"))] if CORPUS.is_dir() else []
    return guides, profiles, documents


class Mutator:
    def __init__(self, rng: random.Random, guides: list[bytes], documents: list[bytes]) -> None:
        self.rng, self.guides, self.documents = rng, guides, documents

    def input(self) -> bytes:
        rng = self.rng
        data = rng.choice(self.documents) if self.documents and rng.random() < 0.2 else rng.choice(self.guides)
        for _ in range(rng.choice((1, 1, 2, 3, 4))):
            data = rng.choice(self.MUTATIONS)(self, data)
        return data[:1_100_000]

    # -- bytes ---------------------------------------------------------------------------
    def flip(self, data: bytes) -> bytes:
        if not data:
            return data
        i = self.rng.randrange(len(data))
        return data[:i] + bytes([data[i] ^ (1 << self.rng.randrange(8))]) + data[i + 1:]

    def insert(self, data: bytes) -> bytes:
        i = self.rng.randrange(len(data) + 1)
        return data[:i] + self.rng.choice(INSERTS) + data[i:]

    def cut(self, data: bytes) -> bytes:
        if not data:
            return data
        i = self.rng.randrange(len(data))
        return data[:i] + data[i + self.rng.randrange(1, 64):]

    def truncate(self, data: bytes) -> bytes:
        return data[:self.rng.randrange(len(data) + 1)]

    # -- lines ---------------------------------------------------------------------------
    def _lines(self, data: bytes) -> list[bytes]:
        return data.split(b"\n")

    def duplicate_line(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i = self.rng.randrange(len(lines))
        return b"\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])

    def drop_line(self, data: bytes) -> bytes:
        lines = self._lines(data)
        del lines[self.rng.randrange(len(lines))]
        return b"\n".join(lines)

    def swap_lines(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i, j = self.rng.randrange(len(lines)), self.rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)

    def indent(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i = self.rng.randrange(len(lines))
        change = self.rng.choice((-2, -1, 1, 2, 4))
        lines[i] = b" " * change + lines[i] if change > 0 else lines[i][-change:]
        return b"\n".join(lines)

    def splice(self, data: bytes) -> bytes:
        other = self._lines(self.rng.choice(self.documents or self.guides))
        lines = self._lines(data)
        i, j = self.rng.randrange(len(lines) + 1), self.rng.randrange(len(other))
        return b"\n".join(lines[:i] + other[j:j + self.rng.randrange(1, 6)] + lines[i:])

    # -- values ----------------------------------------------------------------------------
    def hostile_value(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i = self.rng.randrange(len(lines))
        line = lines[i]
        head = line[:line.index(b": ") + 2] if b": " in line else line
        lines[i] = head + self.rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
        return b"\n".join(lines)

    def many_items(self, data: bytes) -> bytes:
        """A whole list on one line: thousands of diagnostics from one line (output must stay bounded)."""
        key = self.rng.choice((b"conditions", b"audience", b"themes", b"unknown_key"))
        items = b", ".join([self.rng.choice((b"a", b"\xe5\x90\x8c", b"{}"))] * self.rng.choice((50, 500, 3000)))
        return data + b"\n" + key + b": [" + items + b"]\n"

    def many_keys(self, data: bytes) -> bytes:
        return data + b"\n" + b"".join(b"k%d%s v\n" % (n, self.rng.choice((b":", "：".encode()))) for n in range(self.rng.choice((30, 300, 2000))))

    def markers(self, data: bytes) -> bytes:
        """Suppression markers, many and with long reasons: what they echo must stay bounded too."""
        reason = self.rng.choice(("原因".encode(), "长".encode() * 3000, b"\x1b[2J"))
        lines = self._lines(data)
        for _ in range(self.rng.choice((1, 20, 400))):
            i = self.rng.randrange(len(lines))
            lines[i] += b" # guides: ignore[" + self.rng.choice((b"W301", b"W303", b"S002", b"", b"T206, W302")) + b"] " + reason
        return b"\n".join(lines)

    def long_line(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i = self.rng.randrange(len(lines))
        lines[i] += self.rng.choice((b"x", "长".encode(), b"\x1b", b"\t")) * self.rng.choice((300, 5000, 60000))
        return b"\n".join(lines)

    MUTATIONS = (flip, flip, insert, insert, insert, cut, truncate, duplicate_line, drop_line, swap_lines, indent,
                 indent, splice, hostile_value, hostile_value, hostile_value, many_items, many_keys, long_line, markers)


def batches(seed: int, inputs: int, batch: int = BATCH) -> Iterator[tuple[int, str, list[tuple[str, bytes]], bytes]]:
    """(batch number, format, [(file name, bytes)], the department profile's bytes), deterministic for a seed."""
    guides, profiles, documents = seeds()
    rng = random.Random(seed)
    mutator = Mutator(rng, guides, documents)
    made, number = 0, 0
    while made < inputs:
        size = min(batch, inputs - made)
        files = []
        for index in range(size):
            name = f"f{index:03d}" if rng.random() > 0.05 else rng.choice(ODD_NAMES) + str(index)
            files.append((name + rng.choice((".yaml", ".yaml", ".yaml", ".yml")), mutator.input()))
        profile = rng.choice(profiles)
        if rng.random() < 0.1:
            profile = mutator.hostile_value(profile)
        yield number, FORMATS[number % len(FORMATS)], files, profile
        made += size
        number += 1


def check_once(folder: Path, output: str) -> tuple[int, str]:
    """`guides check --format OUTPUT` on the catalogue under `folder`, in this process; an exception propagates."""
    from validator.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--format", output])
    finally:
        os.chdir(previous)
    return code, out.getvalue()


def problems_in(output: str, text: str, code: int, files: int) -> list[str]:
    """What is wrong with one run's result (empty: nothing)."""
    found = [] if code in (0, 1) else [f"exit status {code}"]
    if len(text.encode("utf-8", "surrogateescape")) > MAX_OUTPUT_PER_FILE * files + 4_000:
        found.append(f"output of {len(text)} characters for {files} files")
    if output in ("text", "github") and _CONTROL.search(text):
        found.append(f"a control character in the {output} output: {_CONTROL.search(text).group()!r}")
    try:
        found += _format_problems(output, text)
    except (ValueError, ET.ParseError, KeyError, TypeError) as exc:
        found.append(f"{output} output does not parse: {exc!r}")
    return found


def _format_problems(output: str, text: str) -> list[str]:
    located: list[tuple[str, str, int, int, int]] = []  # (path, code, line, column, text length)
    if output == "json":
        for d in json.loads(text)["diagnostics"]:
            located.append((d["path"], d["code"], d["line"], d["column"], len(d["message"]) + len(d.get("hint", ""))))
    elif output == "sarif":
        for r in json.loads(text)["runs"][0]["results"]:
            region = r["locations"][0]["physicalLocation"]["region"]
            located.append((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                            region["startLine"], region["startColumn"], len(r["message"]["text"])))
    elif output == "gitlab":
        issues = json.loads(text)
        if len({i["fingerprint"] for i in issues}) != len(issues):
            return ["gitlab fingerprints are not unique"]
        for i in issues:
            located.append((i["location"]["path"], i["check_name"], i["location"]["lines"]["begin"], 1, len(i["description"])))
    elif output == "junit":
        ET.fromstring(text.split("\n", 1)[1])
    elif output == "github":
        lines = text.rstrip("\n").split("\n")
        if not all(line.startswith(("::error ", "::warning ")) for line in lines[:-1]) or not lines[-1].startswith("检查了"):
            return ["github output has a line that is not a workflow command"]
    found = [f"{path}: {code} at {line}:{column}" for path, code, line, column, _ in located if line < 1 or column < 1]
    found += [f"{path}: {code} has {size} characters" for path, code, _, _, size in located if size > MAX_DIAGNOSTIC_TEXT + 40]
    per_code = Counter((path, code) for path, code, *_ in located)
    from validator.diagnostics import PER_CODE

    found += [f"{path}: {n} × {code}" for (path, code), n in per_code.items() if n > PER_CODE + 1]
    return found


def _write(folder: Path, files: list[tuple[str, bytes]], profile: bytes) -> Path:
    department = folder / "guides" / "shichang"
    if folder.exists():
        shutil.rmtree(folder)
    department.mkdir(parents=True)
    (department / "_department.yaml").write_bytes(profile)
    for name, data in files:
        (department / name).write_bytes(data)
    return folder


def run(seed: int, inputs: int, *, out: Path | None = None, batch: int = BATCH, report_every: float = 0.0) -> Outcome:
    """Fuzz `inputs` inputs; failing inputs are saved under `out` (when given) and listed in the outcome."""
    outcome = Outcome()
    started = last = time.perf_counter()
    with _environment(GUIDES_DEBUG="1", GUIDES_NO_CACHE="1"), tempfile.TemporaryDirectory(prefix="guides-fuzz-") as scratch:
        folder = Path(scratch) / "catalogue"
        for number, output, files, profile in batches(seed, inputs, batch):
            _write(folder, files, profile)
            found, size = _attempt(folder, output, len(files))
            outcome.largest = max(outcome.largest, size // len(files))
            if found:
                outcome.failures += _isolate(Path(scratch) / "one", seed, number, output, files, profile, found, out)
            outcome.inputs += len(files)
            outcome.batches += 1
            now = time.perf_counter()
            if report_every and now - last >= report_every:
                last = now
                print(f"{outcome.inputs} inputs, {outcome.inputs / (now - started):.0f}/s, {len(outcome.failures)} failures",
                      file=sys.stderr, flush=True)
    outcome.seconds = time.perf_counter() - started
    return outcome


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """GUIDES_DEBUG=1: an exception is raised, not turned into exit status 2; GUIDES_NO_CACHE=1: no git lookups."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _attempt(folder: Path, output: str, files: int) -> tuple[list[str], int]:
    """(problems, output bytes) of one check run."""
    try:
        code, text = check_once(folder, output)
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        return [f"{type(exc).__name__}: {exc}"[:500]], 0
    return problems_in(output, text, code, files), len(text.encode("utf-8", "surrogateescape"))


def _isolate(folder: Path, seed: int, number: int, output: str, files: list[tuple[str, bytes]], profile: bytes,
             found: list[str], out: Path | None) -> list[str]:
    """Each input of a failing batch alone: the ones that fail by themselves (or the batch, if none does)."""
    failures = []
    for name, data in files:
        alone, _ = _attempt(_write(folder, [(name, data)], profile), output, 1)
        if alone:
            failures.append(f"seed {seed} batch {number} {name!r} ({output}): {'; '.join(alone)[:300]}")
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{seed}-{number}-{len(failures)}.yaml").write_bytes(data)
    return failures or [f"seed {seed} batch {number} ({output}), only together: {'; '.join(found)[:300]}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzzing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="how many mutated inputs (default 10 000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=BATCH, help="inputs per check run")
    parser.add_argument("--out", type=Path, help="folder for failing inputs")
    args = parser.parse_args(argv)
    outcome = run(args.seed, args.inputs, out=args.out, batch=args.batch, report_every=60)
    for failure in outcome.failures:
        print(failure)
    print(f"{outcome.inputs} inputs in {outcome.batches} runs, {outcome.seconds:.0f} s ({outcome.rate:.0f} inputs/s), "
          f"{len(outcome.failures)} failures; at most {outcome.largest} bytes of output per input")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
