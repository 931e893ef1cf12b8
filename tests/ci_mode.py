"""Whether this test run is a CI run, read once when conftest.py is loaded, before its session
fixture unsets CI for the code under test (a build without git history is refused under CI). In CI
a missing browser or JavaScript engine fails the run; this is where the tests ask."""

from __future__ import annotations

import os

RUN_IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}
