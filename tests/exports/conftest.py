"""Fixtures of the export tests: the real registry, and a hostile one in its own git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_records import HOSTILE_SUBJECT, RECORDS, REPO, build, git, write_registry
from site_builder import model


@pytest.fixture(scope="session")
def real_registry() -> model.Registry:
    return build(REPO)


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_registry(root, RECORDS)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "agencies", "agreements", "schema")
    git(root, "commit", "-q", "-m", HOSTILE_SUBJECT)
    return root


@pytest.fixture(scope="session")
def hostile_registry(hostile_root) -> model.Registry:
    return build(hostile_root)
