"""A measurement prototype, not used by pks: a record read straight from libyaml's events in C
(creader.c), to say how far below libyaml's compose floor a YAML front end could go while keeping
every guarantee of yamlread (positions, duplicate keys, YAML 1.1 hazards). It replaces only the
node reader (yamlread._read_nodes): anything that reader hands to the event reader, it hands over
too (returns None), and plain values of a special first character go through yamlread._plain_scalar.

    python benchmarks/c_reader/measure.py ROOT              # build, compare with _read_nodes, time
    python benchmarks/c_reader/measure.py ROOT --validate   # then run `pks validate` with it (CPU)

Needs gcc, Python's headers and libyaml's (Debian: libyaml-dev). Issue 12, target 3; the numbers
are in docs/teknis/kinerja.md.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import resource
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def build(folder: Path) -> Path:
    target = folder / f"creader{sysconfig.get_config_var('EXT_SUFFIX')}"
    include = sysconfig.get_paths()["include"]
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", f"-I{include}", str(HERE / "creader.c"), "-lyaml", "-o", str(target)], check=True)
    return target


def load(library: Path):
    spec = importlib.util.spec_from_file_location("creader", library)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install(creader) -> None:
    """Put the C reader in place of yamlread's node reader, in this process (and in forked workers)."""
    from site_builder.validation import yamlread

    creader.setup(yamlread._plain_scalar, yamlread.INVISIBLE.search)

    def read_c(text: str):
        if yamlread._may_hold_property(text):
            return None
        got = creader.read(text)
        return None if got is None else yamlread.Parsed(got[0], True, got[1], got[2], [], got[3])

    yamlread._read_nodes = read_c


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def compare(root: Path, creader) -> int:
    import yaml

    from floor import record_files
    from site_builder.validation import sources, yamlread

    node_reader = yamlread._read_nodes
    install(creader)
    c_reader = yamlread._read_nodes
    texts = [sources.decode(Path(name).read_bytes()) for name in record_files(root)]
    gc.disable()
    best: dict[str, float] = {}
    for _ in range(3):
        for label, read in (("yaml.compose", lambda t: yaml.compose(t, Loader=yaml.CSafeLoader)),
                            ("yamlread node reader", node_reader), ("C reader", c_reader)):
            start = cpu()
            for text in texts:
                read(text)
            best[label] = min(best.get(label, 1e9), cpu() - start)
    for label, seconds in best.items():
        print(f"{label:22} {seconds:6.3f} s CPU, {len(texts)} files (least of 3)")
    differ = 0
    for text in texts:
        a, b = node_reader(text), c_reader(text)
        if (a is None) != (b is None) or (a and b and (a.data, a.values, a.keys, a.rewritten) != (b.data, b.values, b.keys, b.rewritten)):
            differ += 1
    print(f"files read differently from the node reader: {differ}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--validate", action="store_true", help="run pks validate with the C reader (CPU of the process tree)")
    parser.add_argument("--library", type=Path, help=argparse.SUPPRESS)  # the child: an already built library
    args = parser.parse_args()
    if args.library:  # the child of --validate: pks validate with the C reader in place
        install(load(args.library))
        from site_builder.cli import run

        sys.argv = ["pks", "validate", "--root", str(args.root)]
        run()
        return 0
    with tempfile.TemporaryDirectory() as folder:
        library = build(Path(folder))
        status = compare(args.root.resolve(), load(library))
        if args.validate:
            import measure

            with tempfile.TemporaryDirectory() as cache:
                env = dict(os.environ, PKS_CACHE_DIR=cache, PYTHONPATH=str(HERE.parent.parent))
                result = measure.run([sys.executable, __file__, str(args.root), "--library", str(library)], env=env)
            print(f"pks validate with the C reader: CPU {result.cpu_seconds:.2f} s, wall {result.seconds:.2f} s, load {measure.loadavg()}")
        return status


if __name__ == "__main__":
    sys.exit(main())
