"""Issue 8: symbolic links are one reported problem wherever they are met, never followed, also
when a maintainer (or pre-commit) names one on the command line: `pks validate agencies/link.yaml`.
A link pointing outside the registry is that one problem, not a usage error that stops the run,
and every other file is still checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from validator_support import AS_OF, FORMATS, located
from validator_support import agency as valid_agency

LINK = "agencies/tautan.yaml"
LINK_PROBLEM = (LINK, 1, 1, "file-unreadable")
BYSTANDER = ("agencies/tetangga.yaml", valid_agency("tetangga").replace("website: null", "websit: null"))
BYSTANDER_PROBLEM = ("agencies/tetangga.yaml", 7, 1, "schema-unknown-key")
SECRET = "RAHASIA-DI-LUAR-REPOSITORI"


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "luar"
    folder.mkdir()
    (folder / "tautan.yaml").write_text(valid_agency("tautan").replace("Dinas Contoh", SECRET), encoding="utf-8")
    return folder


@pytest.fixture
def registry(make_registry):
    return make_registry({BYSTANDER[0]: BYSTANDER[1], "agencies/tautan-sah.yaml": valid_agency("tautan-sah")})


def link_to(root, outside, target: str):
    """Make agencies/tautan.yaml a link to a file outside the registry, to a valid record inside it,
    or to nothing."""
    destination = {"outside": outside / "tautan.yaml", "inside": root / "agencies/tautan-sah.yaml",
                   "dangling": outside / "tidak-ada.yaml"}[target]
    (root / LINK).symlink_to(destination)


def problems_json(result) -> list[tuple]:
    return sorted((p["path"], p["line"], p["column"], p["code"]) for p in json.loads(result.stdout)["problems"])


def linked_and_bystander(result) -> tuple[list[tuple], bool]:
    """The link's problems, and whether the bystander's problem is among the others."""
    found = problems_json(result)
    return [p for p in found if p[0] == LINK], BYSTANDER_PROBLEM in found


@pytest.mark.parametrize("target", ["outside", "inside", "dangling"])
def test_a_named_link_is_one_problem_and_never_followed(target, registry, outside, run_cli, monkeypatch):
    link_to(registry, outside, target)
    monkeypatch.chdir(registry)  # PATHS relative to the working directory, as pre-commit passes them
    for named in (LINK, str(registry / LINK)):
        for fmt in FORMATS:
            result = run_cli("validate", "--root", str(registry), "--as-of", AS_OF.isoformat(), "--format", fmt, named)
            assert result.exit_code == 1, result.output
            assert located(result.stdout, fmt) == {LINK_PROBLEM}
            assert SECRET not in result.output
        assert problems_json(run_cli("validate", "--root", str(registry), "--format", "json", named)) == [LINK_PROBLEM]


def test_the_other_named_files_are_still_checked(registry, outside, run_cli):
    link_to(registry, outside, "outside")
    result = run_cli("validate", "--root", str(registry), "--format", "json", str(registry / LINK), str(registry / BYSTANDER[0]))
    assert result.exit_code == 1
    assert linked_and_bystander(result) == ([LINK_PROBLEM], True)


def test_the_whole_registry_run_reports_the_link_once(registry, outside, run_cli):
    link_to(registry, outside, "outside")
    result = run_cli("validate", "--root", str(registry), "--format", "json")
    assert result.exit_code == 1
    assert linked_and_bystander(result) == ([LINK_PROBLEM], True)
    assert SECRET not in result.output


def test_a_file_named_inside_a_linked_folder_is_the_folders_problem(registry, outside, run_cli):
    (registry / "agencies/daerah").symlink_to(outside, target_is_directory=True)
    result = run_cli("validate", "--root", str(registry), "--format", "json", str(registry / "agencies/daerah/tautan.yaml"))
    assert result.exit_code == 1
    assert problems_json(result) == [("agencies/daerah", 1, 1, "file-unreadable")]
    assert SECRET not in result.output


def test_a_registry_named_through_a_link_still_works(registry, run_cli, tmp_path):
    """Only links inside the registry are not followed; a path that reaches the registry through a
    link of its own (a folder alias, a mount point) names the file it always did."""
    alias = tmp_path / "alias"
    alias.symlink_to(registry, target_is_directory=True)
    result = run_cli("validate", "--root", str(registry), "--format", "json", str(alias / BYSTANDER[0]))
    assert BYSTANDER_PROBLEM in problems_json(result)


def test_a_named_link_to_a_fifo_is_not_opened(registry, outside):
    """Reading the target would wait for a writer forever; the timeout turns that into a failure."""
    os.mkfifo(outside / "pipa")
    (registry / LINK).symlink_to(outside / "pipa")
    result = subprocess.run([sys.executable, "-m", "site_builder", "validate", "--root", str(registry), "--format", "json", LINK],
                            cwd=registry, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "GITHUB_ACTIONS": "", "PKS_LANG": "en"})
    assert result.returncode == 1, result.stderr
    assert problems_json(result) == [LINK_PROBLEM]
