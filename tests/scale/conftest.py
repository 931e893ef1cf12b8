"""Fixtures of the scale tests: a small registry made by the benchmark's own generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from scale_support import SMALL  # also makes benchmarks/ importable

import generate  # noqa: E402


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A generated registry root of SMALL agreements; tests must not change it (copy it first)."""
    root = tmp_path_factory.mktemp("generated") / "registry"
    generate.generate(SMALL, root, seed=7)
    return root
