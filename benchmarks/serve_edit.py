"""`pks serve`: how long from saving an edited record until the browser can show the change.

    .venv/bin/python benchmarks/serve_edit.py --agreements 10000 [--edits 3] [--source DIR]

Copies the generated registry (benchmarks/generate.py, into benchmarks/out/, or --source) to a
temporary folder, starts `pks serve` on a free port, waits for the first build, then edits one
agreement's title (`--edits` times, a new title each time) and polls that agreement's page over HTTP
until it shows the new title: the time printed is from the file's write to the first response that
shows it (the live-reload script in the page reloads it at that moment). CPU time is the serve
process's (all its threads, and the children it waited for) during the same interval, from /proc.
Then it waits until the serve process is idle (the open-data files and the search index follow the
page in a thread) and prints how long that took, before the next edit.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402  (benchmarks/ is not a package)

HERE = Path(__file__).resolve().parent
AS_OF = "2025-07-01"
TITLE = re.compile(r"^title:.*\n(?:[ ]+.*\n)*", re.MULTILINE)  # a plain or folded title


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User + system time of pid and of the children it has waited for."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        total += sum(int(f) for f in fields[11:15]) / ticks  # utime, stime, cutime, cstime
    except (OSError, ValueError):
        pass
    return total


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = _get(url)
        if page is not None and text in page:
            return time.perf_counter()
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")


def _children(pid: int) -> list[str]:
    """The process's running children (Pagefind, while it indexes): their CPU reaches /proc only when they end."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += (task / "children").read_text().split()
        except OSError:
            pass
    return found


def _wait_idle(pid: int, limit: float) -> float:
    """When the process, with no child running, used under 0.05 s of CPU in a second (its thread after
    the page is done: the open-data files, then Pagefind)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        before = _cpu_seconds(pid)
        time.sleep(1)
        if _cpu_seconds(pid) - before < 0.05 and not _children(pid):
            return time.perf_counter() - 1
    raise SystemExit(f"serve did not become idle within {limit:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--limit", type=float, default=1800, help="seconds to wait for a build before giving up")
    parser.add_argument("--source", type=Path, help="a generated registry to copy (default: benchmarks/out/registry-N)")
    args = parser.parse_args()
    source = args.source or HERE / "out" / f"registry-{args.agreements}"
    if not (source / "agreements").is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--agreements", str(args.agreements), "--out",
                        str(source)], check=True)
    work = Path(tempfile.mkdtemp(prefix="pks-serve-bench-"))
    root = work / "registry"
    shutil.copytree(source, root)
    record = sorted((root / "agreements").glob("*/*.yaml"))[0]
    url = None
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PKS_JOBS", "PKS_CACHE", "CI", "SOURCE_DATE_EPOCH")}
    server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--as-of", AS_OF,
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/perjanjian/{record.stem}.html"
        text = record.read_text(encoding="utf-8")
        started = time.perf_counter()
        _wait_for(url, "<html", args.limit)
        print(f"{args.agreements} agreements: first build and serve {time.perf_counter() - started:.1f} s, "
              f"load {measure.loadavg()}", flush=True)
        _wait_idle(server.pid, args.limit)
        for edit in range(1, args.edits + 1):
            marker = f"Judul suntingan {edit} {os.getpid()}"
            text = TITLE.sub(f"title: {marker}\n", text, count=1)
            cpu = _cpu_seconds(server.pid)
            saved = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            shown = _wait_for(url, marker, args.limit)
            print(f"edit {edit}: visible after {shown - saved:.2f} s wall, {_cpu_seconds(server.pid) - cpu:.2f} s CPU "
                  f"(serve process), load {measure.loadavg()}", flush=True)
            idle = _wait_idle(server.pid, args.limit)
            print(f"  open data and search index done {idle - saved:.1f} s after the write, "
                  f"{_cpu_seconds(server.pid) - cpu:.1f} s CPU in all", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
