"""The parse floor: read every record file and let libyaml build its node tree, nothing else.

    python benchmarks/floor.py ROOT [--jobs N]

yaml.compose with the C loader is the least any validator that reports line numbers must do
(the tree carries them). With --jobs N the files are shared among N processes.
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


def record_files(root: Path) -> list[str]:
    return sorted(str(p) for top in ("agencies", "agreements") for p in (root / top).rglob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    files = record_files(args.root)
    if args.jobs == 1:
        count = compose_all(files)
    else:
        size = max(1, len(files) // (args.jobs * 8))
        with Pool(args.jobs) as pool:
            count = sum(pool.imap_unordered(compose_all, [files[i:i + size] for i in range(0, len(files), size)]))
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
