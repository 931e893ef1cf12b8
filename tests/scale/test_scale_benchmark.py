"""The benchmark scripts keep working: figures are printed, memory is measured across processes."""

from __future__ import annotations

import json
import subprocess
import sys

from scale_support import REPO

import measure  # noqa: E402  (benchmarks/, put on the path by scale_support)

ALLOCATE = "import time; block = bytearray({mb} * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.3)"


# Each child allocates, then waits until the other has allocated too, so that both blocks are held
# at the same time however slowly a loaded machine starts the second one.
TOGETHER = ("import os, sys, time; block = bytearray({mb} * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); "
            "open(os.path.join(sys.argv[1], str(os.getpid())), 'w').close(); start = time.monotonic(); "
            "exec('while len(os.listdir(sys.argv[1])) < 2 and time.monotonic() - start < 60: time.sleep(0.01)'); "
            "time.sleep(0.3)")


def test_peak_memory_counts_children_together(tmp_path):
    one = measure.run([sys.executable, "-c", ALLOCATE.format(mb=120)])
    spawn = ("import subprocess, sys; procs = [subprocess.Popen([sys.executable, '-c', sys.argv[1], sys.argv[2]]) "
             "for _ in range(2)]; [p.wait() for p in procs]")
    two = measure.run([sys.executable, "-c", spawn, TOGETHER.format(mb=120), str(tmp_path)])
    assert one.returncode == two.returncode == 0
    assert 120 <= one.peak_mb < 200
    assert two.peak_mb >= 240  # both children at once, not the larger one only
    assert two.cpu_seconds > 0


def test_best_of_several_runs_keeps_the_fastest_and_the_highest_peak():
    prepared = []
    result = measure.best(3, [sys.executable, "-c", "pass"], prepare=prepared.append)
    assert prepared == [0, 1, 2] and result.returncode == 0


def test_benchmark_prints_every_validation_figure(tmp_path):
    figures = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "30", "--repeat", "1", "--skip-build",
                             "--skip-check-jsonschema", "--out", str(tmp_path / "out"), "--json", str(figures)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("parse floor: libyaml compose, 1 process", "pks validate, empty cache (2 processes)",
                 "pks validate FILE, one file changed (cache)", "read floor: bytes of every file, 1 process",
                 "validate / parse floor, CPU", "validate / parse floor, wall, 2 processes each", "validate / read floor, CPU"):
        assert line in result.stdout
    saved = json.loads(figures.read_text(encoding="utf-8"))["results"][0]
    assert saved["agreements"] == 30 and all(line["seconds"] > 0 for line in saved["lines"])
    assert (tmp_path / "out" / "30" / "agencies").is_dir()


def test_a_large_parent_does_not_inflate_the_peak():
    # fork+exec hands the parent's high-water mark to the child's ru_maxrss: the benchmark must not use it
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    child = measure.run([sys.executable, "-c", ALLOCATE.format(mb=60)])
    assert child.returncode == 0
    assert 60 <= child.peak_mb < 200
    del ballast


def test_the_precommit_benchmark_alternates_with_other_code_on_a_given_registry(tmp_path):
    """run.py precommit --registry DIR --versus PYTHON: the pre-commit lines on that registry, then runs
    of this code and the other by turns, each with wall, CPU and the main process's CPU; the registry's
    edited file is put back as it was."""
    import generate

    root = tmp_path / "registry"
    generate.generate(20, root, seed=3)
    before = {path: path.read_bytes() for path in root.rglob("*.yaml")}
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "precommit", "--registry", str(root),
                             "--repeat", "1", "--versus", sys.executable, "--alternate", "2"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pks validate FILE, one file changed (cache)" in result.stdout
    runs = [line for line in result.stdout.splitlines() if " wall " in line and "main process" in line]
    assert [line.split()[0] for line in runs] == ["baru", "lama", "baru", "lama", "baru", "lama"]  # 2 runs each, then both summaries
    for line in runs[:4]:
        main, total = float(line.split("main process")[1].split()[0]), float(line.split("CPU")[1].split()[0])
        assert 0 < main <= total
    assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == before
