"""The floors: read every record file and let libyaml build its node tree, nothing else; or only
read every file's bytes.

    python benchmarks/floor.py ROOT [--jobs N] [--read-only]

yaml.compose with the C loader is the least any validator that reports line numbers must do
(the tree carries them). --read-only opens and reads each file and does nothing with its bytes:
the physical floor of any validator. With --jobs N the files are shared among N processes.
"""

from __future__ import annotations

import argparse
import sys
from multiprocessing import Pool
from pathlib import Path

import yaml

assert yaml.__with_libyaml__, "PyYAML without libyaml would make the floor 10x too high"


def compose_all(files: list[str]) -> int:
    for name in files:
        with open(name, "rb") as handle:
            yaml.compose(handle.read(), Loader=yaml.CSafeLoader)
    return len(files)


def read_all(files: list[str]) -> int:
    for name in files:
        with open(name, "rb") as handle:
            handle.read()
    return len(files)


def record_files(root: Path) -> list[str]:
    return sorted(str(p) for top in ("agencies", "agreements") for p in (root / top).rglob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--read-only", action="store_true", help="only read the bytes of every file")
    args = parser.parse_args(argv)
    files = record_files(args.root)
    work = read_all if args.read_only else compose_all
    if args.jobs == 1:
        count = work(files)
    else:
        size = max(1, len(files) // (args.jobs * 8))
        with Pool(args.jobs) as pool:
            count = sum(pool.imap_unordered(work, [files[i:i + size] for i in range(0, len(files), size)]))
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
