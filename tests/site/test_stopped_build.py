"""`pks build` stopped by SIGTERM or SIGINT (a CI job cancelled, Ctrl+C, a supervisor stopping it): at
any stage, Pagefind included, nothing of the build is left running or on disk, the live site is as
it was, and the exit status says the build did not happen.

Real `python -m site_builder build` processes. PKS_TEST_PAUSE_AT makes one stop at a stage
(publish.checkpoint); for Pagefind the test waits until the build has a Pagefind process (tiny index
parts: one run after the other, while the signal comes). Nothing here waits for a fixed time.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import AS_OF, build_into, copy_registry, site_files
from site_builder.site import publish, search

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> tuple[Path, Path]:
    """(a registry copy, its site: the live site each test starts from)."""
    base = tmp_path_factory.mktemp("stopped")
    root = copy_registry(base / "registry")
    build_into(root, base / "live")
    return root, base / "live"


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is pid: their command names."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            if int(rest[1]) == pid:
                found[int(entry.name)] = name
    return found


def _running_with(text: str) -> list[int]:
    """The processes (not zombies) whose command line holds text."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _slow_pagefind(folder: Path) -> Path:
    """A package folder for PYTHONPATH: a pagefind_bin whose Pagefind sleeps (a shell script named
    pagefind: the process has that name until the shell ends)."""
    (folder / "pagefind_bin").mkdir(parents=True)
    executable = folder / "pagefind"
    executable.write_text("#!/bin/sh\nwhile :; do sleep 1; done\n", encoding="utf-8")
    executable.chmod(0o755)
    (folder / "pagefind_bin" / "__init__.py").write_text(
        f"from pathlib import Path\n\ndef get_executable():\n    return Path({str(executable)!r})\n", encoding="utf-8")
    return folder


def _wait_for_pagefind(process: subprocess.Popen) -> int:
    """The pid of the build's Pagefind once it runs (the binary, not the launcher before its exec)."""
    while process.poll() is None:
        running = [pid for pid, name in _children(process.pid).items() if name == "pagefind"]
        if running:
            return running[0]
    pytest.fail(f"the build ended (exit {process.returncode}) before Pagefind ran: {process.stderr.read()}")


def _wait_paused(process: subprocess.Popen, stage: str) -> None:
    for line in process.stderr:
        if line.strip() == f"{publish.PAUSED} {stage}":
            return
    process.wait()
    pytest.fail(f"the build ended (exit {process.returncode}) without reaching {stage}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("stage", ["mkdocs", "exports", "search", "pagefind", "slow pagefind", "swap"])
def test_a_build_stopped_by_a_signal_leaves_nothing_running_nothing_behind_and_the_live_site_whole(
        live, tmp_path, stage, signum):
    root, live_dir = live
    site_dir = tmp_path / "out" / "site"
    shutil.copytree(live_dir, site_dir)
    before = site_files(site_dir)
    temporary = tmp_path / "tmp"  # the build's temporary folder (Pagefind's work folder goes there)
    temporary.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PKS_LANG", "SOURCE_DATE_EPOCH", publish.PAUSE_ENV)}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), TMPDIR=str(temporary), PKS_LANG="en")
    if stage == "pagefind":
        env[search.PART_PAGES_VARIABLE] = "1"  # a Pagefind run a page: the signal comes while one runs
    elif stage == "slow pagefind":  # one that would run a minute: only a kill ends it in time
        env["PYTHONPATH"] = str(_slow_pagefind(tmp_path / "shim"))
    else:
        env[publish.PAUSE_ENV] = stage
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--site-dir", str(site_dir),
         "--as-of", AS_OF.isoformat()], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    pagefind = None
    if stage in ("pagefind", "slow pagefind"):
        pagefind = _wait_for_pagefind(process)
    else:
        _wait_paused(process, stage)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode != 0, stderr
    assert "Aborted!" in stderr and "Traceback" not in stderr
    assert _running_with(str(tmp_path)) == []  # no Pagefind, no second build process
    if pagefind is not None:  # killed and waited for: no Pagefind of this build runs on, or is left unreaped
        assert not Path(f"/proc/{pagefind}").exists()
    assert list(temporary.iterdir()) == []  # no pks-search-* work folder
    assert site_files(site_dir) == before  # the live site, byte for byte
    lock = publish.lock_path(site_dir).name
    assert sorted(p.name for p in site_dir.parent.iterdir() if p.name != lock) == ["site"]  # no half-built site beside it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_pagefind_dies_with_the_process_that_started_it(tmp_path):
    """Even a build killed where no cleanup runs (SIGKILL) leaves no Pagefind behind."""
    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; from site_builder.site import search; "
         "p = subprocess.Popen(search._command(sys.argv[1], '--quiet')); print(p.pid, flush=True); p.wait()", str(slow)],
        stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    ended = os.pidfd_open(child)  # readable once the process has ended
    try:
        while Path(f"/proc/{child}/comm").read_text().strip() != "sleep":  # the launcher has exec'd Pagefind
            pass
        parent.kill()
        parent.wait()
        parent.stdout.close()
        # A bound on a failure, not a measurement: the kernel kills it at once, a survivor would sleep 60 s.
        assert select.select([ended], [], [], 30)[0] == [ended]
    finally:
        os.close(ended)
