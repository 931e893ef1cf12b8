"""Recent changes to record files, read with one `git log` pass (per-file calls cost ~9 ms each)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from site_builder.sources import kind_of

RECORD_FOLDERS = ("agencies", "agreements")
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")  # SHA-1 or SHA-256 object names


@dataclass(frozen=True)
class Change:
    status: str  # git's letter: A added, M modified, D deleted, T type changed
    path: str  # repository-relative
    kind: str  # agency, agreement or action-plan


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # committer date, strict ISO 8601 with offset (RFC 3339)
    subject: str
    changes: tuple[Change, ...]


def recent_commits(root: Path, limit: int) -> list[Commit]:
    """The newest `limit` commits that touched record files, newest first.

    No history (not a repository, no commit yet, no git at all) is no changes, not an error: a fresh
    export of a copied folder still gets a valid, empty feed.
    """
    command = ["git", "-C", str(root), "-c", "core.quotePath=false", "log", "--no-merges", "--no-renames",
               "--name-status", "-z", "--format=%H%x00%cI%x00%s", f"--max-count={limit}", "--", *RECORD_FOLDERS]
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except OSError:
        return []
    if result.returncode != 0:
        return []
    return parse(result.stdout.decode("utf-8", "replace"))


def parse(output: str) -> list[Commit]:
    """-z output: sha NUL date NUL subject NUL, then (status NUL path NUL)* with a newline before the
    first status; the next commit's sha follows the last path directly."""
    tokens = [t.lstrip("\n") for t in output.split("\0")]
    commits: list[Commit] = []
    i = 0
    while i + 2 < len(tokens):
        sha, date, subject = tokens[i:i + 3]
        i += 3
        changes = []
        while i + 1 < len(tokens) and not _COMMIT.match(tokens[i]):
            status, path = tokens[i][:1], tokens[i + 1]
            i += 2
            kind = kind_of(path)
            if kind and path.endswith(".yaml"):
                changes.append(Change(status, path, kind))
        if changes:
            commits.append(Commit(sha, date, subject, tuple(changes)))
    return commits
