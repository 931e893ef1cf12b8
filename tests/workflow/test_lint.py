"""site_builder/ stays linted, formatted and typed: ruff and mypy (both configured in pyproject.toml)
find nothing. The same checks run as pre-commit hooks (.pre-commit-config.yaml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args, "site_builder"], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_no_problem():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_error(tmp_path):
    # a cache of its own: one planted in the checkout could hide an error
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
