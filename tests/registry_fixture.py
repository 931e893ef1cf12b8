"""Where the tests' records live: one frozen registry under tests/fixtures/registry.

Tests count, render and export these records, never the published ones in agencies/ and
agreements/ at the repository root: maintainers add, change and remove those without touching a
test. Only tests/real_records/ looks at the published records. Schemas, hand-written docs and
mkdocs.yml are code, so they still come from the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST_REGISTRY = REPO / "tests" / "fixtures" / "registry"
RECORD_FOLDERS = ("agencies", "agreements")
CODE_FOLDERS = ("schema",)
SITE_FOLDERS = ("docs",)


def record_files() -> dict[str, bytes]:
    """Every record file of the test registry, by registry-relative path."""
    return {path.relative_to(TEST_REGISTRY).as_posix(): path.read_bytes()
            for top in RECORD_FOLDERS for path in sorted((TEST_REGISTRY / top).rglob("*.yaml"))}


def copy_registry(target: Path, site: bool = False) -> Path:
    """The test registry's records with the repository's schemas in target (no git history); with
    site=True also the hand-written docs and mkdocs.yml, so that `pks build` can run there."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in RECORD_FOLDERS:
        shutil.copytree(TEST_REGISTRY / folder, target / folder)
    for folder in CODE_FOLDERS + (SITE_FOLDERS if site else ()):
        shutil.copytree(REPO / folder, target / folder)
    if site:
        shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target
