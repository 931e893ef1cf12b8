"""Fixtures for the maintainer-workflow tests: a copy of the test registry, as a git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

import registry_fixture
from workflow_helpers import commit, git


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """The schemas and the test registry's records (tests/fixtures/registry), copied into a fresh
    registry folder (not yet a git repository)."""
    return registry_fixture.copy_registry(tmp_path / "registri")


@pytest.fixture
def repo(registry: Path) -> Path:
    """The registry copy as a git repository with one commit."""
    git(registry, "init", "-q", "-b", "main")
    commit(registry, "awal")
    return registry
