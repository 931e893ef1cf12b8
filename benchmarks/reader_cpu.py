"""CPU of the YAML readers alone over every record of a registry, in one process (issue 12, target 3).

    python benchmarks/reader_cpu.py ROOT [--repeat 3]

Texts are read beforehand, garbage collection is off (as validation runs). Lines, least CPU of
--repeat rounds, each round running every line in turn:
- yaml.compose (libyaml's C composer, CSafeLoader): the compose floor, without reading the files;
- yamlread's Python node reader (_read_nodes) and the native one (_read_native, native/pks_yamlc.c),
  without positions (what validation asks: parse(text, positions=False)) and with them;
- yamlread.parse(text, positions=False) as this environment runs it (native unless PKS_NATIVE_YAML=0
  or not built), event-reader fallbacks included.
The native lines need the native reader installed (./scripts/setup); without it they are left out.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import measure
import yaml
from floor import record_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from site_builder.validation import yamlread  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = []
    for name in record_files(args.root.resolve()):
        with open(name, encoding="utf-8") as handle:
            texts.append(handle.read())
    saved = os.environ.pop("PKS_NATIVE_YAML", None)
    native, why = yamlread._load_native()
    if saved is not None:
        os.environ["PKS_NATIVE_YAML"] = saved
    lines: dict[str, Callable[[str], object]] = {
        "yaml.compose (the compose floor)": lambda text: yaml.compose(text, Loader=yaml.CSafeLoader),
        "Python node reader, no positions": lambda text: yamlread._read_nodes(text, False),
    }
    if native is not None:
        lines["native node reader, no positions"] = lambda text: yamlread._read_native(text, False, native)
    lines["Python node reader, positions"] = lambda text: yamlread._read_nodes(text, True)
    if native is not None:
        lines["native node reader, positions"] = lambda text: yamlread._read_native(text, True, native)
    lines[f"yamlread.parse, no positions ({yamlread.NATIVE})"] = lambda text: yamlread.parse(text, False)
    print(f"{len(texts)} files of {args.root}; native reader: {why}; load average {measure.loadavg()}", flush=True)
    best: dict[str, float] = {}
    gc.disable()
    for _ in range(args.repeat):
        for label, read in lines.items():
            start = cpu()
            for text in texts:
                read(text)
            best[label] = min(best.get(label, float("inf")), cpu() - start)
    floor = best["yaml.compose (the compose floor)"]
    for label, seconds in best.items():
        print(f"{label:58} {seconds:7.3f} s CPU  {seconds / floor:5.2f}x compose")
    handed = sum(yamlread._read_nodes(text, False) is None for text in texts)
    print(f"least of {args.repeat} rounds; files handed to the event reader: {handed}; load average {measure.loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
