"""National-scale benchmark: validation, revalidation, site build and exports, beside two floors (reading
every file's bytes; libyaml composing every file) and check-jsonschema, on the same generated files in
the same run. Prints figures and ratios; every ratio compares like with like: CPU time with CPU time,
wall time at N processes with the floor's wall time at N processes.

    benchmarks/run.sh [--sizes 1000,10000] [--skip-build] [--skip-check-jsonschema] [--json FILE]
    benchmarks/run.py precommit [--sizes 1000,10000] [--repeat 3]   # the pre-commit case alone
    benchmarks/run.py precommit --versus OTHER/bin/python [--alternate 6]  # and alternated with other code

Every figure comes from a fresh process (wall time; peak resident memory of the process and its
children). docs/teknis/kinerja.md explains each line and the targets.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate
import measure
from site_builder.validation import cache, validate

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "benchmarks"
OUT = HERE / "out"
CHECK_JSONSCHEMA = HERE / ".venv-cjs" / "bin" / "check-jsonschema"
AS_OF = "2025-07-01"  # the day after the generator's last event: a fixed as-of date gives comparable builds
SCHEMA_OF = {"agencies/*.yaml": "agency.schema.json", "agreements/*/*.yaml": "agreement.schema.json",
             "agreements/*/rencana-aksi/*.yaml": "action-plan.schema.json"}
ARGUMENTS_PER_CALL = 4000  # file names per check-jsonschema call, well below the system's argument limit


@dataclass
class Line:
    what: str
    seconds: float | None
    peak_mb: float | None
    cpu_seconds: float | None = None
    note: str = ""
    runs: tuple[float, ...] = ()  # wall seconds of each run
    load: str = ""  # load average when the runs ended
    cpu_runs: tuple[float, ...] = ()  # CPU seconds of each run

    @classmethod
    def of(cls, what: str, measured: measure.Measurement, note: str = "") -> "Line":
        return cls(what, measured.seconds, measured.peak_mb, measured.cpu_seconds, note, measured.runs, measured.load,
                   measured.cpu_runs)

    def text(self) -> str:
        seconds = f"{self.seconds:9.2f}" if self.seconds is not None else f"{'-':>9}"
        cpu = f"{self.cpu_seconds:8.2f}" if self.cpu_seconds is not None else f"{'-':>8}"
        peak = f"{self.peak_mb:10.0f}" if self.peak_mb is not None else f"{'-':>10}"
        runs = "/".join(f"{r:.2f}" for r in self.runs)
        cpu_runs = "/".join(f"{r:.2f}" for r in self.cpu_runs)
        context = f"runs {runs} (CPU {cpu_runs}); load {self.load}" if self.runs else ""
        return f"{self.what:50} {seconds} {cpu} {peak}  {self.note}{'; ' if self.note and context else ''}{context}"


@dataclass
class SizeResult:
    agreements: int
    files: int
    megabytes: float
    lines: list[Line] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)
    site: dict[str, float] = field(default_factory=dict)
    load: tuple[str, str] = ("", "")

    def add(self, *lines: Line) -> None:
        """Keep and print each figure as soon as it is measured: a later failure loses none."""
        for line in lines:
            self.lines.append(line)
            print(line.text(), flush=True)


class BenchmarkFailed(Exception):
    pass


def pks(*args: str) -> list[str]:
    return [sys.executable, "-m", "site_builder", *args]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PKS_JOBS", "PKS_CACHE", "CI", "PYTHONDONTWRITEBYTECODE")}
    env.update(extra)
    return env


def checked(result: measure.Measurement, what: str) -> measure.Measurement:
    if result.returncode != 0:
        raise BenchmarkFailed(f"{what} failed (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def clear_cache(root: Path) -> None:
    folder = cache.folder_for(root)  # the user's cache folder of this registry (PKS_CACHE_DIR when set)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


loadavg = measure.loadavg


def validation(result: SizeResult, root: Path, repeat: int) -> float:
    """Validation figures; returns the seconds of a full validation, which the comparisons divide by."""
    command = pks("validate", "--root", str(root))
    floor = [sys.executable, str(HERE / "floor.py"), str(root)]
    read1 = checked(measure.best(repeat, [*floor, "--read-only"]), "read floor")
    read2 = checked(measure.best(repeat, [*floor, "--read-only", "--jobs", "2"]), "read floor --jobs 2")
    floor1 = checked(measure.best(repeat, floor), "floor")
    floor2 = checked(measure.best(repeat, [*floor, "--jobs", "2"]), "floor --jobs 2")
    result.add(Line.of("read floor: bytes of every file, 1 process", read1), Line.of("read floor: bytes of every file, 2 processes", read2),
               Line.of("parse floor: libyaml compose, 1 process", floor1), Line.of("parse floor: libyaml compose, 2 processes", floor2))
    cold = checked(measure.best(repeat, command, prepare=lambda _: clear_cache(root), env=environment()), "pks validate")
    if "0 galat, 0 peringatan" not in cold.stdout:
        raise BenchmarkFailed(f"the generated registry has problems:\n{cold.stdout[-3000:]}")
    single = checked(measure.best(repeat, command, env=environment(PKS_JOBS="1", PKS_CACHE="0")), "pks validate, 1 process")
    warm = checked(measure.best(repeat, command, env=environment()), "pks validate, cached")
    edited = one_changed_file(root, repeat, environment())
    nocache_edit = one_changed_file(root, repeat, environment(PKS_CACHE="0"))
    result.add(
        Line.of("pks validate, empty cache (2 processes)", cold, "full validation"),
        Line.of("pks validate, 1 process, no cache", single),
        Line.of("pks validate, nothing changed (cache)", warm),
        Line.of("pks validate FILE, one file changed (cache)", edited, "pre-commit case"),
        Line.of("pks validate FILE, one file changed, no cache", nocache_edit),
    )
    result.ratios.update({
        # CPU with CPU: all the work done, however many processes shared it
        "validate / parse floor, CPU": cold.cpu_seconds / floor1.cpu_seconds,
        "validate 1 process / parse floor, CPU": single.cpu_seconds / floor1.cpu_seconds,
        "validate / read floor, CPU": cold.cpu_seconds / read1.cpu_seconds,
        "parse floor / read floor, CPU": floor1.cpu_seconds / read1.cpu_seconds,
        # wall with wall, the same number of processes on both sides
        "validate / parse floor, wall, 1 process each": single.seconds / floor1.seconds,
        "validate / parse floor, wall, 2 processes each": cold.seconds / floor2.seconds,
        "validate / read floor, wall, 2 processes each": cold.seconds / read2.seconds,
        "pre-commit revalidation, seconds": edited.seconds,
        "pre-commit revalidation, CPU seconds": edited.cpu_seconds,
    })
    return cold.seconds


def one_changed_file(root: Path, repeat: int, env: dict[str, str], first: int = 0) -> measure.Measurement:
    """Give one agreement a new title, as a maintainer would, and validate that file (the pre-commit hook).

    Each repetition writes another title (numbered from first), so the file is never one the cache has seen."""
    agreements = sorted((root / "agreements").glob("*/*.yaml"))
    record = agreements[len(agreements) // 2]
    original = record.read_bytes()
    try:
        return checked(measure.best(repeat, pks("validate", "--root", str(root), str(record.relative_to(root))), cwd=root, env=env,
                                    prepare=lambda attempt: record.write_bytes(retitled(original, first + attempt))), "pks validate FILE")
    finally:
        record.write_bytes(original)


def retitled(text: bytes, attempt: int) -> bytes:
    """The record with a new one-line title (a folded title's continuation lines go with the old one)."""
    lines = text.split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(b"title:"))
    end = at + 1
    while end < len(lines) and lines[end].startswith(b"  "):
        end += 1
    return b"\n".join(lines[:at] + [f"title: Judul diperbarui untuk uji kinerja {attempt + 1}".encode()] + lines[end:])


def registry(out: Path, agreements: int, seed: int) -> tuple[Path, SizeResult, str]:
    """A generated registry of this size, its (empty) result, and the load average as it starts."""
    root = out / str(agreements)
    summary = generate.generate(agreements, root, seed)
    files = summary["agreements"] + summary["action_plans"] + summary["agencies"]
    result = SizeResult(agreements, files, summary["bytes"] / 1e6)
    start_load = loadavg()
    print(f"\n== {agreements} perjanjian: {files} berkas, {result.megabytes:.1f} MB (load average {start_load}) ==")
    print(f"{'':50} {'detik':>9} {'CPU s':>8} {'puncak MB':>10}", flush=True)
    return root, result, start_load


# Runs pks as `python -m site_builder` does, and says on stderr, just before the process ends, the CPU
# time of the processes it waited for (the pre-commit child): the rest of the total is the main process's.
MAIN_CPU_PROBE = ("import atexit, resource, sys\n"
                  "def say():\n"
                  "    usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                  "    print(f'\\npks-children-cpu {usage.ru_utime + usage.ru_stime:.4f}', file=sys.stderr)\n"
                  "atexit.register(say)\n"
                  "from site_builder.cli import run\n"
                  "run()\n")


@dataclass
class Timed:
    seconds: float
    cpu: float  # the process and the children it waited for
    main_cpu: float  # the main process alone
    load: str


def timed_run(python: str, args: list[str], cwd: Path, env: dict[str, str]) -> Timed:
    """One run, without sampling memory (a sampler would take CPU from a run this short on 2 cores)."""
    import subprocess
    import time
    started = time.perf_counter()
    process = subprocess.Popen([python, "-c", MAIN_CPU_PROBE, *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise BenchmarkFailed(f"{python} {' '.join(args)} failed:\n{err.decode(errors='replace')[-2000:]}")
    children = [line for line in err.decode(errors="replace").splitlines() if line.startswith("pks-children-cpu ")]
    cpu = usage.ru_utime + usage.ru_stime
    return Timed(seconds, cpu, cpu - float(children[-1].split()[1]) if children else cpu, loadavg())


def alternated(root: Path, others: str, times: int) -> None:
    """The pre-commit case with this code and other code (another checkout's interpreter) run by turns on
    the same registry, each with its own cache folder, so that the machine's load hits both alike."""
    agreements = sorted((root / "agreements").glob("*/*.yaml"))
    record = agreements[len(agreements) // 2]
    original = record.read_bytes()
    relpath = str(record.relative_to(root))
    sides = {"baru / new": sys.executable, "lama / old": others}
    caches = {name: tempfile.mkdtemp(prefix="pks-versus-") for name in sides}
    figures: dict[str, list[Timed]] = {name: [] for name in sides}
    try:
        for name, python in sides.items():  # each side's cache filled, then its summary table built
            env = environment(PKS_CACHE_DIR=caches[name])
            timed_run(python, ["validate", "--root", str(root)], root, env)
            record.write_bytes(retitled(original, 1000))
            timed_run(python, ["validate", "--root", str(root), relpath], root, env)
        for attempt in range(times):
            for name, python in sides.items():
                record.write_bytes(retitled(original, 2000 + attempt * 2 + len(figures[name]) % 2))
                figures[name].append(timed_run(python, ["validate", "--root", str(root), relpath], root,
                                               environment(PKS_CACHE_DIR=caches[name])))
                run_ = figures[name][-1]
                print(f"  {name:12} wall {run_.seconds:5.2f} s  CPU {run_.cpu:5.2f} s  main process {run_.main_cpu:5.2f} s"
                      f"  (load {run_.load})", flush=True)
    finally:
        record.write_bytes(original)
        for folder in caches.values():
            shutil.rmtree(folder, ignore_errors=True)
    for name, runs in figures.items():
        walls = sorted(r.seconds for r in runs)
        print(f"{name:12} wall fastest {walls[0]:.2f} median {walls[len(walls) // 2]:.2f} s; CPU least "
              f"{min(r.cpu for r in runs):.2f} s; main process CPU least {min(r.main_cpu for r in runs):.2f} "
              f"median {sorted(r.main_cpu for r in runs)[len(runs) // 2]:.2f} s", flush=True)


def precommit(out: Path, agreements: int, seed: int, repeat: int) -> SizeResult:
    """The pre-commit case alone (issue 12, target 2): a warm cache, then one agreement edited and
    named, as the hook runs `pks validate FILE`; each run's wall and CPU time and the load average."""
    root, result, start_load = registry(out, agreements, seed)
    return precommit_measured(root, result, start_load, repeat)


def precommit_on(root: Path, repeat: int) -> SizeResult:
    """precommit() on an existing registry (a copy of a shared one)."""
    agreements = len(list((root / "agreements").glob("*/*.yaml")))
    files = len(list((root / "agencies").glob("*.yaml"))) + len(list((root / "agreements").glob("*/rencana-aksi/*.yaml")))
    result = SizeResult(agreements, files + agreements, 0.0)
    start_load = loadavg()
    print(f"\n== {root}: {agreements} perjanjian, {result.files} berkas (load average {start_load}) ==")
    print(f"{'':50} {'detik':>9} {'CPU s':>8} {'puncak MB':>10}", flush=True)
    return precommit_measured(root, result, start_load, repeat)


def precommit_measured(root: Path, result: SizeResult, start_load: str, repeat: int) -> SizeResult:
    env = environment()
    clear_cache(root)
    full = checked(measure.run(pks("validate", "--root", str(root)), env=env), "pks validate")
    # the first named run reads the summary table a full run of 5,000 files or more left (validate.TABLE_FROM;
    # below that it builds the table itself); its title is not one measured below
    first = one_changed_file(root, 1, env, first=repeat)
    edited = one_changed_file(root, repeat, env)
    agreements_found = sorted((root / "agreements").glob("*/*.yaml"))
    unchanged = agreements_found[len(agreements_found) // 3]
    named = checked(measure.best(repeat, pks("validate", "--root", str(root), str(unchanged.relative_to(root))), cwd=root, env=env),
                    "pks validate FILE, unchanged")
    result.add(
        Line.of("pks validate, empty cache (2 processes)", full, "fills the verdict cache"),
        Line.of("pks validate FILE, first named run", first, "reads the table a full run of 5,000 files or more wrote"),
        Line.of("pks validate FILE, one file changed (cache)", edited, "pre-commit case"),
        Line.of("pks validate FILE, file named but unchanged (cache)", named),
    )
    result.ratios.update({"pre-commit revalidation, seconds": edited.seconds,
                          "pre-commit revalidation, CPU seconds": edited.cpu_seconds})
    result.load = (start_load, loadavg())
    print(summary_text(result), flush=True)
    return result


def check_jsonschema(result: SizeResult, root: Path, validate_seconds: float) -> None:
    """check-jsonschema on the same files against the same schemas: schema only, as a user would run it."""
    if not CHECK_JSONSCHEMA.exists():
        result.add(Line("check-jsonschema", None, None, None, "not installed: run benchmarks/run.sh"))
        return
    seconds, peak = 0.0, 0.0
    for pattern, schema in SCHEMA_OF.items():
        files = sorted(str(p.relative_to(root)) for p in root.glob(pattern))
        schema_file = root / "schema" / schema
        for start in range(0, len(files), ARGUMENTS_PER_CALL):
            command = [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_file), "--base-uri", schema_file.as_uri(),
                       *files[start:start + ARGUMENTS_PER_CALL]]
            call = checked(measure.run(command, cwd=root), f"check-jsonschema {schema}")
            seconds += call.seconds
            peak = max(peak, call.peak_mb)
    result.add(Line("check-jsonschema 0.39 (schema only, 1 process)", seconds, peak, None, "same files, same schemas"))
    result.ratios["check-jsonschema / validate"] = seconds / validate_seconds


def site(result: SizeResult, root: Path) -> None:
    site_dir = root.parent / f"site-{result.agreements}"
    shutil.rmtree(site_dir, ignore_errors=True)
    built = checked(measure.run(pks("build", "--root", str(root), "--site-dir", str(site_dir), "--as-of", AS_OF), env=environment(),
                                cwd=root), "pks build")
    pages = list(site_dir.rglob("*.html"))
    # The Pagefind index (site_builder/site/search.py): its chunks are gzip already; its scripts are not.
    index_files = [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
    index_bytes = sum(p.stat().st_size for p in index_files)
    index_gz = sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix == ".js" else p.stat().st_size for p in index_files)
    with tempfile.TemporaryDirectory() as scratch:
        timed = checked(measure.run([sys.executable, str(HERE / "time_exports.py"), str(root), AS_OF, scratch], env=environment()),
                        "exports")
    exported = json.loads(timed.stdout.strip().splitlines()[-1])
    result.add(Line.of("pks build (validate, pages, MkDocs, exports)", built, f"{len(pages)} HTML pages"),
               Line("exports alone (JSON, CSV, iCalendar, Atom)", exported["seconds"], None, None,
                    f"{exported['files']} files, {exported['bytes'] / 1e6:.1f} MB"))
    result.site = {
        "html_pages": len(pages),
        "site_mb": sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file()) / 1e6,
        "build_ms_per_page": built.seconds * 1000 / max(1, len(pages)),
        "build_peak_mb": built.peak_mb,
        "search_index_mb": index_bytes / 1e6,
        "search_index_gzip_mb": index_gz / 1e6,
    }
    for folder in ("perjanjian", "instansi", "tema"):
        sizes = sorted(p.stat().st_size for p in (site_dir / folder).glob("*.html"))
        if sizes:
            result.site[f"{folder}/*.html median_kb"] = sizes[len(sizes) // 2] / 1000
            result.site[f"{folder}/*.html largest_kb"] = sizes[-1] / 1000
    result.site["largest_top_level_page_kb"] = max(p.stat().st_size for p in site_dir.glob("*.html")) / 1000


def bench(out: Path, agreements: int, seed: int, repeat: int, skip_build: bool, skip_cjs: bool) -> SizeResult:
    root, result, start_load = registry(out, agreements, seed)
    validate_seconds = validation(result, root, repeat)
    if not skip_cjs:
        check_jsonschema(result, root, validate_seconds)
    if not skip_build:
        try:
            site(result, root)
        except BenchmarkFailed as failure:  # the validation figures still stand
            result.add(Line("pks build", None, None, None, "GAGAL / failed: " + str(failure).splitlines()[0]))
            print(failure, file=sys.stderr)
    result.load = (start_load, loadavg())
    print(summary_text(result), flush=True)
    return result


def summary_text(result: SizeResult) -> str:
    out = ["rasio / ratios:"]
    out += [f"  {name:48} {value:8.2f}" for name, value in result.ratios.items()]
    if result.site:
        out.append("situs / site:")
        out += [f"  {name:48} {value:8.1f}" for name, value in result.site.items()]
    out.append(f"load average: {result.load[0]} -> {result.load[1]}")
    return "\n".join(out)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return f"{validate.usable_cores()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=["all", "precommit"], default="all",
                        help="precommit: only the pre-commit case (pks validate FILE after one edit)")
    parser.add_argument("--sizes", default="1000,10000", help="agreements per registry, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each validation figure; the fastest counts")
    parser.add_argument("--skip-build", action="store_true", help="no site build or exports")
    parser.add_argument("--skip-check-jsonschema", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--out", type=Path, default=OUT, help="where the registries and sites are written")
    parser.add_argument("--registry", type=Path, help="precommit: measure on this registry (a copy: one file is "
                        "edited and restored) instead of generating one; --sizes is then ignored")
    parser.add_argument("--versus", help="precommit: also alternate runs with this Python (another checkout's .venv)")
    parser.add_argument("--alternate", type=int, default=6, help="precommit --versus: runs of each side")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"Mesin / machine: {machine()}")
    if args.mode == "precommit" and args.registry:
        try:
            results = [precommit_on(args.registry.resolve(), args.repeat)]
            if args.versus:
                alternated(args.registry.resolve(), args.versus, args.alternate)
        except BenchmarkFailed as failure:
            print(failure, file=sys.stderr)
            return 1
        return 0
    results = []
    for size in sizes:
        try:
            if args.mode == "precommit":
                results.append(precommit(args.out, size, args.seed, args.repeat))
                if args.versus:
                    alternated(args.out / str(size), args.versus, args.alternate)
                continue
            results.append(bench(args.out, size, args.seed, args.repeat, args.skip_build, args.skip_check_jsonschema))
        except BenchmarkFailed as failure:
            print(failure, file=sys.stderr)
            return 1
    if len(results) > 1 and all(r.site for r in results):
        small, large = results[0], results[-1]
        growth = large.site["build_ms_per_page"] / small.site["build_ms_per_page"]
        print(f"\nbuild time per page, {large.agreements} vs {small.agreements} agreements: x{growth:.2f} (1.00 = linear)")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": [asdict(r) for r in results]}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
