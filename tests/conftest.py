"""Fixtures shared by every test folder: a throw-away registry and the `pks` command line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import ci_mode  # noqa: F401  (reads CI before without_ambient_settings unsets it)
from site_builder.validation import cache
from site_builder.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def make_registry(tmp_path):
    """make_registry(files) -> root: a registry in tmp_path holding the real schema/ plus files.

    files maps repository-relative paths to their text (bytes are written as they are). Calling
    it again adds files to the same registry.
    """
    root = tmp_path / "registry"

    def make(files: dict[str, str | bytes]) -> Path:
        if not (root / "schema").is_dir():
            shutil.copytree(REPO / "schema", root / "schema")
        for relpath, content in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return make


@pytest.fixture
def run_cli():
    """run_cli(*args, env=None) -> click Result. GITHUB_ACTIONS and PKS_LANG are unset unless env
    sets them, so output does not depend on where the tests run."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(main, list(args), env={"GITHUB_ACTIONS": None, "PKS_LANG": None, **(env or {})},
                             catch_exceptions=False)

    return run


# Settings from the shell that would change what the tests see: each test that needs one sets it.
# (A developer's `export PKS_CACHE=0` turned the cache-trust tests red, SOURCE_DATE_EPOCH the feed's;
# CI=true, set by every CI service, makes a build of a registry without git history refuse.)
AMBIENT = ("PKS_CACHE", "SOURCE_DATE_EPOCH", "PKS_JOBS", "CI")


@pytest.fixture(scope="session", autouse=True)
def without_ambient_settings():
    saved = {name: os.environ.pop(name) for name in AMBIENT if name in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory):
    """Validation caches of the tests' throw-away registries go to a temporary folder, not to the
    user's cache directory; commands run as subprocesses inherit it."""
    before = os.environ.get(cache.FOLDER_VARIABLE)
    os.environ[cache.FOLDER_VARIABLE] = str(tmp_path_factory.mktemp("pks-cache"))
    yield
    if before is None:
        del os.environ[cache.FOLDER_VARIABLE]
    else:
        os.environ[cache.FOLDER_VARIABLE] = before
