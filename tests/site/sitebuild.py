"""Helpers for the site tests: the test registry copied into tmp_path, real builds, page weights.

(A module of its own, not conftest.py: test folders each have a conftest, and `from conftest import`
would pick whichever was imported first.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import registry_fixture
from registry_fixture import REPO
from site_builder import build

AS_OF = dt.date(2026, 11, 29)


def copy_registry(target: Path) -> Path:
    """The test registry's records, the schemas, mkdocs.yml and hand-written docs in a folder of
    their own (no git history)."""
    return registry_fixture.copy_registry(target, site=True)


def build_into(root: Path, site_dir: Path, as_of: dt.date = AS_OF) -> build.BuildResult:
    return build.build(root, as_of, site_dir)


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


# Page weights, printed at the end of the run: HTML plus the same-site CSS and JS each page loads.
PAGE_WEIGHTS: list[tuple[str, int, int, int]] = []  # (page, HTML bytes, with CSS+JS, all gzipped)
# Where the bytes of each record page kind's heaviest page go, printed at the end of the run:
# (site, page kind, page, {region of the page: bytes}).
PAGE_BREAKDOWN: list[tuple[str, str, str, dict[str, int]]] = []
