"""Last change dates from one `git log` pass, and a registry without git history."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder import gitinfo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Uji",
           "GIT_AUTHOR_EMAIL": "uji@example.org", "GIT_COMMITTER_NAME": "Uji", "GIT_COMMITTER_EMAIL": "uji@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def test_last_change_and_recent_changes_come_from_one_pass(tmp_path):
    root = tmp_path / "registry"
    root.mkdir()
    _git(root, "init", "-q", when="2024-01-01T00:00:00+00:00")
    _write(root, "agencies/a.yaml", "id: a\n")
    _write(root, "agreements/x/b.yaml", "id: b\n")
    _write(root, "README.md", "not a record\n")
    _git(root, "add", ".", when="2024-01-01T00:00:00+00:00")
    _git(root, "commit", "-q", "-m", "pertama", when="2024-01-01T10:00:00+00:00")
    _write(root, "agreements/x/b.yaml", "id: b\ntitle: baru\n")
    _git(root, "commit", "-q", "-am", "kedua", when="2024-03-05T17:00:00+00:00")  # 6 March in WITA

    history = gitinfo.read(root)
    assert history.last_change("agencies/a.yaml") == dt.date(2024, 1, 1)
    assert history.last_change("agreements/x/b.yaml") == dt.date(2024, 3, 6)
    assert history.last_change("README.md") is None  # only record folders are read
    recent = history.recent({"agencies/a.yaml", "agreements/x/b.yaml"}, 10)
    assert [(c.path, c.status, c.day) for c in recent] == [
        ("agreements/x/b.yaml", "M", dt.date(2024, 3, 6)), ("agencies/a.yaml", "A", dt.date(2024, 1, 1))]
    assert len(history.recent({"agencies/a.yaml", "agreements/x/b.yaml"}, 1)) == 1


def test_a_registry_inside_a_larger_repository_gets_paths_relative_to_itself(tmp_path):
    _git(tmp_path, "init", "-q", when="2024-01-01T00:00:00+00:00")
    _write(tmp_path, "registry/agencies/a.yaml", "id: a\n")
    _git(tmp_path, "add", ".", when="2024-01-01T00:00:00+00:00")
    _git(tmp_path, "commit", "-q", "-m", "x", when="2024-02-02T10:00:00+00:00")
    assert gitinfo.read(tmp_path / "registry").last_change("agencies/a.yaml") == dt.date(2024, 2, 2)


def test_without_git_history_every_date_is_unknown(tmp_path):
    (tmp_path / "agencies").mkdir()
    history = gitinfo.read(tmp_path)  # not a repository
    assert history.last_change("agencies/a.yaml") is None
    assert history.recent({"agencies/a.yaml"}, 5) == []
    _git(tmp_path, "init", "-q", when="2024-01-01T00:00:00+00:00")
    assert gitinfo.read(tmp_path).changes == ()  # a repository without commits


def test_without_git_installed_every_date_is_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert gitinfo.read(tmp_path).changes == ()
