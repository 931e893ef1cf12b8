"""Time the open-data exports alone: validate and model first (untimed), then write every export.

    python benchmarks/time_exports.py ROOT AS_OF OUT_DIR

Prints one JSON line: seconds spent in exports.write_all, files written and their total bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from site_builder import exports, model
from site_builder.validation import validate


def main(argv: list[str]) -> int:
    root, as_of, out = Path(argv[0]).resolve(), dt.date.fromisoformat(argv[1]), Path(argv[2])
    report, shaped = validate.validate(root, as_of)
    if report.errors:
        print(f"{report.errors} errors in {root}: nothing to export", file=sys.stderr)
        return 1
    registry = model.build(shaped, as_of)
    started = time.perf_counter()
    written = exports.write_all(registry, out, as_of, root=root)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "files": len(written), "bytes": sum(p.stat().st_size for p in written)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
