"""Full validation against the floors, for one or more code trees, run by run in turn so that a
shared machine's load falls on every tree alike (issue 12, target 3).

    python benchmarks/versus.py ROOT [--tree NAME=PATH ...] [--env NAME=VARIABLE=VALUE ...] [--repeat 3]

ROOT is a registry from benchmarks/generate.py. Each tree is a checkout of this repository (its
site_builder/ is put first on PYTHONPATH); without --tree, this checkout. --env sets a variable
for one tree's runs, so one checkout can be compared with itself, e.g. the native YAML reader off:
`--tree native=. --tree python=. --env python=PKS_NATIVE_YAML=0`. Per run and tree, each in
a fresh process: the read floor and the parse floor (benchmarks/floor.py, 1 and 2 processes),
`pks validate` as CI runs it (two processes, an empty cache folder of its own) and in one process
without cache, and the YAML reader alone: site_builder.validation.yamlread.parse over every file in
one process, beside yaml.compose over the same texts in the same process (the reader's own floor,
without reading the files). CPU is user + system of the process and its children. Printed: every
run with the load average when it ended, then the least CPU and wall of each line, and the ratios
(CPU with CPU; wall at N processes with the floor's wall at N processes).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import measure

HERE = Path(__file__).resolve().parent


def reader_seconds(root: Path) -> dict[str, float | str]:
    """CPU seconds of yamlread.parse and of yaml.compose over every record text, in this process
    (garbage collection off, as validation runs it; texts read beforehand)."""
    import yaml

    from floor import record_files
    from site_builder.validation import yamlread

    texts = []
    for name in record_files(root):
        with open(name, encoding="utf-8") as handle:
            texts.append(handle.read())

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    gc.disable()
    start = cpu()
    for text in texts:
        yaml.compose(text, Loader=yaml.CSafeLoader)
    composed = cpu()
    for text in texts:
        yamlread.parse(text)
    return {"compose": composed - start, "yamlread": cpu() - composed, "reader": yamlread.__file__}


def lines(root: Path, tree: Path, cache: Path, extra: dict[str, str]) -> dict[str, tuple[list[str], dict[str, str]]]:
    python = sys.executable
    base = {k: v for k, v in os.environ.items() if k not in ("PKS_JOBS", "PKS_CACHE", "PKS_CACHE_DIR", "CI")}
    env = dict(base, PYTHONPATH=str(tree), **extra)
    floor = [python, str(HERE / "floor.py"), str(root)]
    validate = [python, "-m", "site_builder", "validate", "--root", str(root)]
    return {
        "read floor, 1 process": ([*floor, "--read-only"], env),
        "parse floor, 1 process": (floor, env),
        "parse floor, 2 processes": ([*floor, "--jobs", "2"], env),
        "validate, 2 processes, empty cache": (validate, dict(env, PKS_CACHE_DIR=str(cache))),
        "validate, 1 process, no cache": (validate, dict(env, PKS_JOBS="1", PKS_CACHE="0")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--tree", action="append", default=[], help="NAME=PATH of a checkout (default: this one)")
    parser.add_argument("--env", action="append", default=[], help="NAME=VARIABLE=VALUE for one tree's runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--reader-only", action="store_true", help=argparse.SUPPRESS)  # the in-process part
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.reader_only:
        print(json.dumps(reader_seconds(root)))
        return 0
    trees = dict(t.split("=", 1) for t in args.tree) or {"this": str(HERE.parent)}
    settings: dict[str, dict[str, str]] = {name: {} for name in trees}
    for setting in args.env:
        name, variable, value = setting.split("=", 2)
        settings[name][variable] = value
    cpu: dict[tuple[str, str], list[float]] = {}
    wall: dict[tuple[str, str], list[float]] = {}
    for name, tree in trees.items():  # each tree runs its own code, not the installed package
        found = subprocess.run([sys.executable, "-c", "import site_builder; print(site_builder.__file__)"], cwd=tree,
                               env=dict(os.environ, PYTHONPATH=tree), capture_output=True, text=True, check=True).stdout
        if not Path(found.strip()).resolve().is_relative_to(Path(tree).resolve()):
            print(f"{name}: site_builder comes from {found.strip()}, not from {tree}", file=sys.stderr)
            return 1
    print(f"{len(trees)} tree(s), {args.repeat} runs each; load average at start {measure.loadavg()}", flush=True)
    for attempt in range(args.repeat):
        for name, tree in trees.items():
            with tempfile.TemporaryDirectory() as cache:
                for what, (command, env) in lines(root, Path(tree), Path(cache), settings[name]).items():
                    result = measure.run(command, env=env, cwd=Path(tree))  # the current folder comes first on sys.path
                    if result.returncode != 0:
                        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
                        return 1
                    cpu.setdefault((name, what), []).append(result.cpu_seconds)
                    wall.setdefault((name, what), []).append(result.seconds)
                    print(f"run {attempt + 1} {name:8} {what:40} CPU {result.cpu_seconds:7.2f}  wall {result.seconds:7.2f}"
                          f"  load {measure.loadavg()}", flush=True)
            inner = subprocess.run([sys.executable, __file__, str(root), "--reader-only"], capture_output=True, text=True,
                                   env=dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{HERE}", **settings[name]), cwd=tree,
                                   check=True)
            reader = json.loads(inner.stdout)
            for what in ("compose", "yamlread"):
                cpu.setdefault((name, f"in one process: {what}"), []).append(reader[what])
            print(f"run {attempt + 1} {name:8} yamlread.parse {reader['yamlread']:.2f} s CPU, yaml.compose {reader['compose']:.2f} s"
                  f" ({reader['reader']})", flush=True)
    summary: dict[str, dict[str, float]] = {}
    print(f"\nleast of {args.repeat} runs; load average at end {measure.loadavg()}")
    for name in trees:
        best = {what: min(values) for (tree, what), values in cpu.items() if tree == name}
        fastest = {what: min(values) for (tree, what), values in wall.items() if tree == name}
        floor1, floor2 = "parse floor, 1 process", "parse floor, 2 processes"
        ratios = {
            "validate / parse floor, CPU": best["validate, 2 processes, empty cache"] / best[floor1],
            "validate 1 process / parse floor, CPU": best["validate, 1 process, no cache"] / best[floor1],
            "validate / parse floor, wall, 2 processes each": fastest["validate, 2 processes, empty cache"] / fastest[floor2],
            "validate / parse floor, wall, 1 process each": fastest["validate, 1 process, no cache"] / fastest[floor1],
            "yamlread / yaml.compose, CPU, one process": best["in one process: yamlread"] / best["in one process: compose"],
        }
        for what in best:
            shown = f"  wall {fastest[what]:7.2f}" if what in fastest else ""
            print(f"{name:8} {what:40} CPU {best[what]:7.2f}{shown}")
        for what, value in ratios.items():
            print(f"{name:8} {what:48} {value:6.2f}")
        summary[name] = {**{f"CPU {k}": v for k, v in best.items()}, **{f"wall {k}": v for k, v in fastest.items()}, **ratios}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
