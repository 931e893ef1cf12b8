"""Fixtures for the maintainer-workflow tests: a real copy of the registry, as a git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workflow_helpers import REPO, commit, git

RECORD_DIRS = ("schema", "agencies", "agreements")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """The real schemas and records, copied into a fresh registry folder (not yet a git repository)."""
    root = tmp_path / "registri"
    root.mkdir()
    for name in RECORD_DIRS:
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def repo(registry: Path) -> Path:
    """The registry copy as a git repository with one commit."""
    git(registry, "init", "-q", "-b", "main")
    commit(registry, "awal")
    return registry
