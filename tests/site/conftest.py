"""Fixtures of the site tests; the helpers live in sitebuild.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import PAGE_BREAKDOWN, PAGE_WEIGHTS, build_into, copy_registry


@pytest.fixture(scope="session")
def frozen_site(tmp_path_factory) -> tuple[Path, Path]:
    """(registry root, site dir) of the frozen test registry (tests/fixtures/registry) built once for the session."""
    base = tmp_path_factory.mktemp("frozen")
    root = copy_registry(base / "registry")
    site_dir = base / "site"
    build_into(root, site_dir)
    return root, site_dir


def pytest_terminal_summary(terminalreporter):
    if PAGE_WEIGHTS:
        terminalreporter.section("page weights (test registry)")
        for name, html, total, compressed in PAGE_WEIGHTS:
            terminalreporter.write_line(f"{name:<24} HTML {html / 1024:6.1f} KB; with CSS+JS {total / 1024:6.1f} KB, "
                                        f"{compressed / 1024:6.1f} KB gzipped")
    if PAGE_BREAKDOWN:
        terminalreporter.section("heaviest record page of each kind: KB of HTML, by part of the page")
        for site, kind, page, sizes in PAGE_BREAKDOWN:
            parts = "  ".join(f"{part} {size / 1024:.1f}" for part, size in sizes.items())
            terminalreporter.write_line(f"{site:<9} {kind:<22} {sum(sizes.values()) / 1024:5.1f}  {parts}  ({page})")
