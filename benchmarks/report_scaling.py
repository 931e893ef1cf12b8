"""CPU time of each report format for N problems on one long source line (issue 8, part 6).

    python benchmarks/report_scaling.py [N ...]            (default: 1000 2000 5000 10000)

Writes a throwaway registry with one agency whose `note` is a single line of N phone numbers,
validates it once (untimed), then renders the report in every format twice: as shipped (at most
reporters.PER_CODE problems of one code per file) and with that cap lifted, which shows that
the work per problem stays flat as N grows (linear, not quadratic). Prints one JSON line per N.
CPU seconds (time.process_time) of this one process, so the figures compare like with like.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from site_builder.validation import reporters
from site_builder.validation.validate import validate

REPO = Path(__file__).resolve().parents[1]
AGENCY = """id: banyak-nomor
name: Dinas Contoh
short_name: null
kind: perangkat-daerah
parent: null
region: "63.07"
website: null
note: "{numbers}"
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""


def registry(root: Path, n: int) -> Path:
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "agencies").mkdir()
    (root / "agreements").mkdir()
    numbers = ", ".join(f"08{11 + i % 80}{i:07d}" for i in range(n))  # 0811..0890 mobile prefixes, all distinct
    (root / "agencies/banyak-nomor.yaml").write_text(AGENCY.format(numbers=numbers), encoding="utf-8")
    return root


def cpu(fn) -> tuple[float, int]:
    started = time.process_time()
    out = fn()
    return time.process_time() - started, len(out)


def measure(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = registry(Path(tmp), n)
        report, _ = validate(root, dt.date(2024, 6, 1))
        row = {"n": n, "problems": len(report.problems)}
        for cap in ("capped", "uncapped"):
            shipped = getattr(reporters, "PER_CODE", None)  # None: a version without the cap (for comparison)
            reporters.PER_CODE = shipped if cap == "capped" or shipped is None else 10**9
            try:
                for name, fn in reporters.REPORTERS.items():
                    seconds, size = cpu(lambda: fn(report, root, "en"))
                    row[f"{name}_{cap}_s"] = round(seconds, 3)
                    row[f"{name}_{cap}_bytes"] = size
            finally:
                reporters.PER_CODE = shipped
        row["text_uncapped_us_per_problem"] = round(row["text_uncapped_s"] / max(1, row["problems"]) * 1e6, 1)
        return row


def main(argv: list[str]) -> int:
    for n in [int(a) for a in argv] or [1000, 2000, 5000, 10000]:
        print(json.dumps(measure(n)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
