"""`pks build` at national scale: wall time, CPU time and peak memory of each run, with the load average.

    .venv/bin/python benchmarks/build_bench.py --sizes 1000,10000 [--repeat 3] [--jobs 1]

Generates the registries (benchmarks/generate.py, into benchmarks/out/) when missing, then builds
each one `--repeat` times into a fresh folder. Memory is sampled 50 times a second from /proc for the
whole process tree, twice: the sum of resident sets (VmRSS; what benchmarks/run.py reports) and the
sum of proportional sets (Pss, from smaps_rollup). They differ when processes share memory: a
process made by fork shares its parent's pages until either writes them, and VmRSS counts such a
page in each process, Pss once in all. `pks build` forks a second process for the record pages
(site/engine.py, build_shared), so Pss is what the machine holds; both are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402  (benchmarks/ is not a package)

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
AS_OF = "2025-07-01"  # as benchmarks/run.py: the day after the generator's last event


def run_build(root: Path, jobs: int | None) -> dict[str, float | str]:
    site = Path(tempfile.mkdtemp(prefix="pks-build-bench-")) / "site"
    env = {k: v for k, v in os.environ.items() if k not in ("PKS_JOBS", "PKS_CACHE", "CI", "SOURCE_DATE_EPOCH")}
    if jobs:
        env["PKS_JOBS"] = str(jobs)
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--site-dir", str(site), "--as-of", AS_OF]
    try:
        result = measure.run(command, env=env, cwd=root, pss=True)
        if result.returncode != 0:
            raise SystemExit(f"pks build failed on {root}:\n{result.stderr}")
        pages = sum(1 for _ in site.rglob("*.html"))
        return {"wall": result.seconds, "cpu": result.cpu_seconds, "rss_mb": result.peak_mb,
                "pss_mb": result.peak_pss_mb, "pages": pages, "load": measure.loadavg()}
    finally:
        shutil.rmtree(site.parent, ignore_errors=True)


def registry(agreements: int) -> Path:
    root = OUT / f"registry-{agreements}"
    if not (root / "agreements").is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--agreements", str(agreements), "--out", str(root)],
                       check=True)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="PKS_JOBS for the build (1: one process)")
    parser.add_argument("--root", type=Path, action="append", help="build this registry instead of generating")
    args = parser.parse_args()
    roots = args.root or [registry(int(size)) for size in args.sizes.split(",")]
    print(f"load average at start: {measure.loadavg()}")
    for root in roots:
        for attempt in range(1, args.repeat + 1):
            r = run_build(root, args.jobs)
            print(f"{root.name} run {attempt}: wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, peak RSS {r['rss_mb']:.0f} MB, "
                  f"peak PSS {r['pss_mb']:.0f} MB, {r['pages']} HTML pages, "
                  f"{1000 * r['wall'] / max(1, int(r['pages'])):.2f} ms/page, load {r['load']}", flush=True)
    print(f"load average at end: {measure.loadavg()}")


if __name__ == "__main__":
    main()
