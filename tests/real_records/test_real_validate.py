"""The published records validate clean, through the API and the command line, and hold no personal numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_builder.validation import privacy, sources
from site_builder.workflow import codeowners


def test_published_records_validate_clean(validation, registry):
    report, shaped = validation
    assert report.sorted() == []
    assert shaped and registry.agreements and registry.agencies


def test_pks_validate_passes_on_the_published_records(root, run_cli):
    result = run_cli("validate", "--root", str(root), "--format", "parsable", env={"PKS_CACHE": "0"})
    assert (result.exit_code, result.stdout) == (0, "")
    strict = run_cli("validate", "--root", str(root), "--strict", env={"PKS_CACHE": "0"})
    assert strict.exit_code == 0, strict.output


def test_published_records_hold_no_personal_numbers(root):
    for path in sources.discover(root):
        assert privacy.scan(path.read_text(encoding="utf-8")) == [], path


def test_codeowners_matches_the_published_agencies(root):
    assert codeowners.stale(root) is None, "run: .venv/bin/pks codeowners"


def test_the_pre_commit_validate_hook_passes_on_the_published_records(root):
    """What a maintainer's `git commit` runs (.pre-commit-config.yaml), on files of each kind."""
    files = [p.relative_to(root).as_posix() for p in sources.discover(root)]
    chosen = [next(f for f in files if f.startswith("agencies/")),
              next(f for f in files if f.startswith("agreements/") and "/rencana-aksi/" not in f),
              next(f for f in files if "/rencana-aksi/" in f)]
    pks = Path(sys.executable).parent / "pks"
    result = subprocess.run([str(pks), "validate", "--format", "parsable", *chosen], cwd=root, capture_output=True,
                            text=True, env={"PKS_CACHE": "0", "PATH": "/usr/bin:/bin"})
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
