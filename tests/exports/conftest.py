"""Fixtures of the export tests: the frozen test registry (tests/fixtures/registry), and a hostile one
in its own git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

import registry_fixture
from export_records import HOSTILE_SUBJECT, RECORDS, build, git, write_registry
from site_builder import model


@pytest.fixture(scope="session")
def frozen_root(tmp_path_factory) -> Path:
    return registry_fixture.copy_registry(tmp_path_factory.mktemp("frozen"))


@pytest.fixture(scope="session")
def frozen_registry(frozen_root) -> model.Registry:
    return build(frozen_root)


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
