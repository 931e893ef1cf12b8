"""The one group of tests about the published records (agencies/, agreements/ at the root).

Every other test reads the frozen test registry (tests/fixtures/registry). These check what must
hold for any version of the published records: they validate clean, build a site where every
record has its page and reaches the open data, and the seed facts from the source article are
shown. They assert presence, never totals, so adding a valid record never breaks them.

The root under test is PKS_REAL_ROOT, or this checkout: the same tests run against a copy
(tests/isolation runs them on a copy with a new institution added).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from site_builder import build, model
from site_builder.validation import validate

# Folders of a registry that the site build reads; documents/ only when records keep files there.
SITE_INPUTS = ("agencies", "agreements", "schema", "docs", "documents")


def real_root() -> Path:
    return Path(os.environ.get("PKS_REAL_ROOT") or Path(__file__).resolve().parents[2]).resolve()


@pytest.fixture(scope="session")
def root() -> Path:
    found = real_root()
    assert (found / "agencies").is_dir() and (found / "agreements").is_dir(), f"no registry at {found}"
    return found


@pytest.fixture(scope="session")
def today() -> dt.date:
    return dt.date.today()  # the day CI judges a pull request on


@pytest.fixture(scope="session")
def validation(root, today):
    """(report, shaped documents) of the published records, without any cache: nothing in the
    checkout may vouch for a record."""
    return validate.validate(root, today, use_cache=False)


@pytest.fixture(scope="session")
def records(validation) -> dict[str, dict]:
    """{id: data} of every record that passed validation."""
    return {doc.data["id"]: doc.data for doc in validation[1]}


@pytest.fixture(scope="session")
def registry(validation, today) -> model.Registry:
    report, shaped = validation
    assert report.errors == 0, report.sorted()
    return model.build(shaped, today)


@pytest.fixture(scope="session")
def site_dir(root, today, tmp_path_factory) -> Path:
    """A real MkDocs build of the published records, from a copy so that nothing is written into the checkout."""
    base = tmp_path_factory.mktemp("real-records")
    copy = base / "registry"
    for name in SITE_INPUTS:
        if (root / name).is_dir():
            shutil.copytree(root / name, copy / name)
    shutil.copy2(root / "mkdocs.yml", copy / "mkdocs.yml")
    build.build(copy, today, base / "site")
    return base / "site"
