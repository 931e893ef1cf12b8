"""Shared helpers for the site tests: registries copied into tmp_path, real MkDocs builds, page weights."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from site_builder import build

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 29)
RECORD_FOLDERS = ("agencies", "agreements", "schema", "docs")


def copy_registry(target: Path) -> Path:
    """The real records, schemas, mkdocs.yml and hand-written docs in a folder of their own (no git history)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in RECORD_FOLDERS:
        shutil.copytree(REPO / folder, target / folder)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_into(root: Path, site_dir: Path, as_of: dt.date = AS_OF) -> build.BuildResult:
    return build.build(root, as_of, site_dir)


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> tuple[Path, Path]:
    """(registry root, site dir) of the real records built once for the session."""
    base = tmp_path_factory.mktemp("real")
    root = copy_registry(base / "registry")
    site_dir = base / "site"
    build_into(root, site_dir)
    return root, site_dir


# Page weights, printed at the end of the run: HTML plus the same-site CSS and JS each page loads.
PAGE_WEIGHTS: list[tuple[str, int, int, int]] = []  # (page, HTML bytes, with CSS+JS, all gzipped)


def pytest_terminal_summary(terminalreporter):
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("page weights (real records)")
    for name, html, total, compressed in PAGE_WEIGHTS:
        terminalreporter.write_line(f"{name:<24} HTML {html / 1024:6.1f} KB; with CSS+JS {total / 1024:6.1f} KB, "
                                    f"{compressed / 1024:6.1f} KB gzipped")
