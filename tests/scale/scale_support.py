"""Helpers of the scale tests: where the repository is, and the benchmark scripts made importable."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SMALL = 60  # agreements in the generated test registry: enough for every feature the generator writes
if str(REPO / "benchmarks") not in sys.path:
    sys.path.insert(0, str(REPO / "benchmarks"))  # the generator is a script folder, not a package
