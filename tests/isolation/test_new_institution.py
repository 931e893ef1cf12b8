"""A maintainer who adds, changes or removes published records never breaks a test outside
tests/real_records: proved on copies of the repository.

- With a new institution added (tests/fixtures/new-institution: a Lapas, its partners, two
  agreements and an action plan, written from public news articles), the real-record group passes.
- With every published record replaced by that institution alone, tests that count, render and
  export still pass (they read the frozen test registry), while the real-record group fails: the
  copy is what was tested, not this checkout.
- No test outside tests/real_records names the published records' folders in a way that reads them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry_fixture import REPO

pytestmark = pytest.mark.slow

NEW_INSTITUTION = REPO / "tests" / "fixtures" / "new-institution"
PUBLISHED = ("agencies", "agreements")
# Modules that count records, render pages, export data and run workflow logic: a sample of the
# suite that would notice published records leaking into it.
REPRESENTATIVE = ["tests/exports/test_counts.py", "tests/site/test_render.py", "tests/workflow/test_expiry.py",
                  "tests/validator/test_validator_check_shapes.py"]
# Never copied when this is no git checkout: build output and tools at the top, caches anywhere.
SKIPPED_AT_TOP = {".git", ".venv", "site", ".pks-cache"}
SKIPPED_ANYWHERE = {"__pycache__", ".pytest_cache"}


def repository_files() -> list[str]:
    """The checkout's files as git knows them (tracked and not ignored), or every file when this is no git checkout."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True)
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0") if name and (REPO / name).is_file()]
    return files_below(REPO)


def files_below(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if path.is_file() and parts[0] not in SKIPPED_AT_TOP and not SKIPPED_ANYWHERE & set(parts):
            found.append(path.relative_to(root).as_posix())
    return found


def copy_repository(target: Path) -> Path:
    for name in repository_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name, follow_symlinks=False)
    return target


def add_new_institution(root: Path) -> None:
    for top in PUBLISHED:
        shutil.copytree(NEW_INSTITUTION / top, root / top, dirs_exist_ok=True)


def run_tests(root: Path, *paths: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PKS_REAL_ROOT": str(root), "PKS_CACHE": "0"}
    return subprocess.run([sys.executable, "-m", "pytest", *paths, "-q", "-p", "no:cacheprovider", "-x"],
                          cwd=root, env=env, capture_output=True, text=True)


def test_the_new_institution_is_a_valid_addition(tmp_path, run_cli):
    root = copy_repository(tmp_path / "repo")
    add_new_institution(root)
    result = run_cli("validate", "--root", str(root), "--strict", env={"PKS_CACHE": "0"})
    assert result.exit_code == 0, result.output
    added = sorted(p.relative_to(NEW_INSTITUTION).as_posix() for p in NEW_INSTITUTION.rglob("*.yaml"))
    assert len([a for a in added if a.startswith("agencies/")]) >= 2  # the Lapas and its partners
    assert len([a for a in added if "/rencana-aksi/" in a]) == 1
    assert len([a for a in added if a.startswith("agreements/") and "/rencana-aksi/" not in a]) == 2


def test_a_copy_without_git_holds_every_file_git_would_copy():
    """The suite may itself run in a plain copy (as these tests make one): the fallback must not lose tests/site."""
    without_git = set(files_below(REPO))
    assert "tests/site/test_render.py" in without_git
    assert set(repository_files()) - without_git == set()


def test_the_real_record_group_passes_with_a_new_institution_added(tmp_path):
    root = copy_repository(tmp_path / "repo")
    add_new_institution(root)
    result = run_tests(root, "tests/real_records")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_other_tests_pass_without_any_published_record(tmp_path):
    root = copy_repository(tmp_path / "repo")
    for top in PUBLISHED:
        shutil.rmtree(root / top)
    add_new_institution(root)
    result = run_tests(root, *REPRESENTATIVE)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # the control: the real-record group does look at the copy, and misses Rutan Barabai there
    control = run_tests(root, "tests/real_records/test_real_seed_facts.py")
    assert control.returncode == 1 and "rutan-barabai" in control.stdout


# Ways a test would read the published records: a path into their folders, the checkout handed
# over as a registry root, or the checkout joined with a variable in a file that names the folders.
READS_PUBLISHED = [re.compile(r"""REPO\s*/\s*["'](agencies|agreements)\b"""),
                   re.compile(r"""(?<!relative_to)\(\s*REPO\s*[,)]"""),
                   re.compile(r"""str\(\s*REPO\s*\)""")]
NAMES_PUBLISHED = re.compile(r"""["'](agencies|agreements)["']""")
JOINS_VARIABLE = re.compile(r"""REPO\s*/\s*[A-Za-z_]""")


def reads_published(text: str) -> list[str]:
    joins = [JOINS_VARIABLE] if NAMES_PUBLISHED.search(text) else []
    return [line.strip() for line in text.splitlines() if any(p.search(line) for p in READS_PUBLISHED + joins)]


def test_the_scan_recognises_reads_of_the_published_records():
    for line in ['root = REPO / "agencies"', "validate.validate(REPO, AS_OF)", 'run_cli("--root", str(REPO))',
                 "codeowners.stale(REPO)", "sources.discover(REPO)"]:
        assert reads_published(line) == [line], line
    loop = 'for folder in ("agencies", "schema"):\n    shutil.copytree(REPO / folder, root / folder)'
    assert reads_published(loop) == ["shutil.copytree(REPO / folder, root / folder)"]
    assert reads_published('shutil.copytree(REPO / "schema", root / "schema")\nREPO / "tests" / "cases"\n'
                           'path.relative_to(REPO)') == []


def test_no_test_outside_the_real_record_group_reads_the_published_records():
    allowed = {REPO / "tests" / "real_records", Path(__file__).parent}
    found = {}
    for path in sorted((REPO / "tests").rglob("*.py")):
        # registry_fixture.py joins the checkout with code folders only (schema/, docs/)
        if not allowed & set(path.parents) and path != REPO / "tests" / "registry_fixture.py":
            found.update({f"{path.relative_to(REPO)}: {line}": None for line in reads_published(path.read_text(encoding="utf-8"))})
    assert list(found) == []
