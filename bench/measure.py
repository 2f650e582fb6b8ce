"""Run one benchmark step in a child process: wall time, CPU time and the peak memory of its process tree."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its waited-for descendants
    rss: int  # bytes: the peak of the tree's memory (sampled: `tree_memory`), at least the largest single process's RSS
    code: int
    out: str
    err: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def tree_memory(pid: int) -> int:
    """The memory in bytes of a process and all its descendants (Linux /proc): the RSS of one process; for several,
    the sum of their PSS, since forked workers share most of their pages and summed RSS would count them twice."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack += _children(current)
    if len(found) == 1:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                return int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            return 0
    total = 0
    for current in found:
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, IndexError, ValueError, StopIteration):
            continue
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None) -> Measured:
    """Run `command` to completion; its output is kept (in temporary files, so a big output cannot block it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err,
                                   start_new_session=True)  # its own group: a timeout ends the whole tree
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            interval = 0.02
            while not done.wait(interval):
                began = time.perf_counter()
                peak[0] = max(peak[0], tree_memory(process.pid))
                # A big process's PSS costs the kernel ~13 ms a GB to add up: sampling may take 3 % of a core, no more.
                interval = max(0.02, 30 * (time.perf_counter() - began))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)  # the rusage of this child alone, not of earlier steps
        wall = time.perf_counter() - started
        if timer:
            timer.cancel()
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss * 1024), process.returncode,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), timed_out.is_set())
