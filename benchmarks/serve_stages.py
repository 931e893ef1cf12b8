"""`pks serve` after an edit, stage by stage: the CPU time of each stage of the build that shows it.

    .venv/bin/python benchmarks/serve_stages.py /work/gen/r10k [--edits 3] [--no-index]

Runs the serve builder (build._Served) in this process on a copy of the registry: the first build and
its `finish` (open data, search index, the spare links), then `--edits` times a new title for the first
agreement, its build (the figures: CPU seconds of the building thread per stage, as _Served.times
records them) and its finish. --no-index leaves Pagefind out of finish (quicker; the edit's build does
not use the index). benchmarks/serve_edit.py measures the same edits over HTTP from the file's write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402  (benchmarks/ is not a package)

from site_builder import build  # noqa: E402

TITLE = re.compile(r"^title:.*\n(?:[ ]+.*\n)*", re.MULTILINE)  # a plain or folded title


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a registry (benchmarks/generate.py's) to copy")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--no-index", action="store_true", help="no Pagefind index after each build")
    args = parser.parse_args()
    if args.no_index:
        build.site.index_search = lambda site_dir, stop=None: None
    work = Path(tempfile.mkdtemp(prefix="pks-serve-stages-"))
    try:
        root = work / "registry"
        shutil.copytree(args.source, root, symlinks=True)
        served = build._Served(root, dt.date(2025, 7, 1), 90, lambda report: print("invalid:", report.errors))
        site_dir = work / "site"
        started = time.process_time()
        served.build(site_dir)
        served.finish(site_dir, lambda: False)
        print(f"first build and finish: {time.process_time() - started:.1f} s CPU, load {measure.loadavg()}")
        record = sorted((root / "agreements").glob("*/*.yaml"))[0]
        text = record.read_text(encoding="utf-8")
        for edit in range(1, args.edits + 1):
            text = TITLE.sub(f"title: Judul suntingan {edit}\n", text, count=1)
            record.write_text(text, encoding="utf-8")
            started = time.thread_time()
            served.build(site_dir)
            stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in served.times.items())
            print(f"edit {edit}: {time.thread_time() - started:.2f} s CPU ({stages}; {served.log[-1]}), "
                  f"load {measure.loadavg()}", flush=True)
            served.finish(site_dir, lambda: False)
        served.close(site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
