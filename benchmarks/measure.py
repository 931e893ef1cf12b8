"""Run a command in a fresh process; measure its wall time and the peak memory of its process tree.

With several runs the fastest counts: on a shared machine it is the one least slowed by others.
Peak memory is the sum of the resident sets of the process and all its descendants, sampled 50
times a second from /proc: what the machine must hold at once. The kernel's ru_maxrss is not used:
a child made by fork+exec inherits its parent's high-water mark at exec, so under a large parent
(pytest, a long benchmark) it reports the parent's size, not the command's.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_EVERY = 0.02  # seconds


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    cpu_seconds: float  # user + system time of the process and the children it waited for
    returncode: int
    stdout: str
    stderr: str
    runs: tuple[float, ...] = ()  # wall seconds of every run, in order (best() fills it)
    cpu_runs: tuple[float, ...] = ()  # CPU seconds of every run, in order (best() fills it)
    load: str = ""  # the machine's 1-minute load average when the runs ended (best() fills it)
    # Peak sum of proportional sets (Pss) when run(pss=True): a page shared by processes (fork) counts once.
    peak_pss_mb: float = 0.0


def _parents() -> dict[int, int]:
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                found[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
    return found


def proc_kb(pid: int, file: str = "status", key: bytes = b"VmRSS:") -> int:
    """A figure in kB from /proc/<pid>/<file> (VmRSS of status; Pss of smaps_rollup); 0 once it ended."""
    try:
        with open(f"/proc/{pid}/{file}", "rb") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pids(root: int) -> list[int]:
    """root and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_rss_kb(root: int) -> int:
    return sum(proc_kb(pid) for pid in tree_pids(root))


def best(times: int, command: list[str], prepare=None, **options) -> Measurement:
    """The fastest of several runs (on a shared machine the least disturbed one), with the highest peak
    and the least CPU time of any run (each is compared with another least CPU time, never with wall time)."""
    runs = []
    for attempt in range(times):
        if prepare:
            prepare(attempt)
        runs.append(run(command, **options))
        if runs[-1].returncode != 0:
            return runs[-1]
    fastest = min(runs, key=lambda m: m.seconds)
    fastest.peak_mb = max(m.peak_mb for m in runs)
    fastest.cpu_seconds = min(m.cpu_seconds for m in runs)
    fastest.runs = tuple(m.seconds for m in runs)
    fastest.cpu_runs = tuple(m.cpu_seconds for m in runs)
    fastest.load = loadavg()
    return fastest


def loadavg() -> str:
    """The machine's 1-, 5- and 15-minute load: other work on a shared machine shows here."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "?"


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, pss: bool = False) -> Measurement:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        done = threading.Event()
        peak = [0, 0]  # VmRSS, Pss

        def sample() -> None:
            while not done.is_set():
                pids = tree_pids(process.pid)
                peak[0] = max(peak[0], sum(proc_kb(pid) for pid in pids))
                if pss:
                    peak[1] = max(peak[1], sum(proc_kb(pid, "smaps_rollup", b"Pss:") for pid in pids))
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measurement(seconds, peak[0] / 1024, usage.ru_utime + usage.ru_stime, process.returncode,
                           out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                           peak_pss_mb=peak[1] / 1024)
