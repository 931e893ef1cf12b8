"""Helpers shared by the maintainer-workflow tests: git in a throwaway repository, pks in-process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from site_builder.cli import main

REPO = Path(__file__).resolve().parents[2]


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Uji", "GIT_AUTHOR_EMAIL": "uji@example.invalid", "GIT_COMMITTER_NAME": "Uji",
           "GIT_COMMITTER_EMAIL": "uji@example.invalid", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
           "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def run_pks(*args: str, input: str | None = None):
    """Run the real click command in-process; returns the click Result."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
