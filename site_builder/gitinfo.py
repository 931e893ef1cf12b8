"""The one module that runs git: the history pass of the site and the feed, the blob reads of
`pks diff`, and the questions a build asks about the checkout (shallow? any history at all?).

When each record file last changed, and the newest changes, come from ONE `git log` pass:
`git log -1 -- FILE` per file costs ~9 ms each (minutes at national scale); one pass over the whole
history costs ~0.2 s for 22,000 files. A folder without git history (a copy, a tarball, a fresh
`git init`) is not an error here: every date is simply unknown (the build decides whether that may
be published). Files of one commit are read in one `git cat-file --batch`, never by a checkout.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.dates import WITA
from site_builder.errors import WrongRequest
from site_builder.validation.sources import kind_of

RECORD_FOLDERS = ("agencies", "agreements")


class GitError(WrongRequest):
    """A revision or the repository cannot be read; the message says which."""


@dataclass(frozen=True)
class Change:
    day: dt.date  # commit date in WITA
    status: str  # git's letter: A added, M modified, D deleted, T type changed
    path: str  # relative to the registry root, forward slashes

    @property
    def kind(self) -> str | None:
        """agency, agreement or action-plan for a record file; None for anything else."""
        return kind_of(self.path) if self.path.endswith(".yaml") else None


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # committer date, strict ISO 8601 with offset (RFC 3339)
    subject: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...] = ()  # newest commit first
    last_changed: Mapping[str, dt.date] = field(default_factory=dict)
    commits: tuple[Commit, ...] = ()  # newest first, each with its changes

    def record_commits(self, limit: int) -> list[Commit]:
        """The newest `limit` commits that changed record files, keeping only those changes."""
        out = []
        for commit in self.commits:
            records = tuple(c for c in commit.changes if c.kind)
            if records:
                out.append(Commit(commit.sha, commit.date, commit.subject, records))
                if len(out) == limit:
                    break
        return out

    def last_change(self, path: str) -> dt.date | None:
        return self.last_changed.get(path)

    def recent(self, paths: Iterable[str], limit: int) -> list[Change]:
        """The newest change of each of the given paths, newest first, at most `limit`."""
        wanted, seen, out = set(paths), set(), []
        for change in self.changes:
            if change.path in wanted and change.path not in seen:
                seen.add(change.path)
                out.append(change)
                if len(out) == limit:
                    break
        return out


# --- running git ------------------------------------------------------------------------------


def _run(
    root: Path, args: tuple[str, ...], data: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """git in root; OSError when git is not installed."""
    return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=False, env=env)


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    """git's output; GitError with git's own message when it fails."""
    result = _run(root, args, data)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} gagal")
    return result.stdout


def answer(root: Path, *args: str) -> list[str]:
    """The lines git answers a question with; none when there is no answer (no git installed, not a
    repository, no commit): the caller treats silence as "no"."""
    try:
        result = _run(root, args)
    except OSError:  # no git installed
        return []
    return os.fsdecode(result.stdout).splitlines() if result.returncode == 0 else []


def is_shallow(root: Path) -> bool:
    """A shallow clone: its oldest commit would look like it added every record."""
    return answer(root, "rev-parse", "--is-shallow-repository") == ["true"]


# What git says (in its untranslated words) when there is no history to read, as opposed to a
# history it cannot read.
_NO_HISTORY = ("not a git repository", "does not have any commits")


def has_history(root: Path, folders: tuple[str, ...] = RECORD_FOLDERS) -> bool:
    """Whether any commit changed the record folders of root: false for a tarball or a copy, a fresh
    `git init`, records never committed, a folder that merely sits inside another repository, or no
    git installed. GitError when a history is there but git cannot read it (a repository owned by
    another user, a damaged one): that is not "no history", and its remedy is another."""
    untranslated = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
    try:
        result = _run(root, ("log", "-1", "--format=%H", "--", *folders), env=untranslated)
    except OSError:  # no git installed
        return False
    if result.returncode == 0:
        return bool(result.stdout.strip())
    said = result.stderr.decode("utf-8", "replace").strip()
    if any(words in said for words in _NO_HISTORY):
        return False
    raise GitError(said.splitlines()[0] if said else "git log gagal / git log failed")


# --- one pass over the history ---------------------------------------------------------------


def read(root: Path, folders: tuple[str, ...] = RECORD_FOLDERS) -> History:
    command = (
        "-c",
        "core.quotePath=false",
        "log",
        "--no-merges",
        "--no-renames",
        "--relative",
        "--name-status",
        "-z",
        "--format=%x01%H%x00%cI%x00%ct%x00%s",
        "--",
        *folders,
    )
    try:
        result = _run(root, command)
    except OSError:  # no git installed
        return History()
    if result.returncode != 0:  # not a repository, or no commit yet
        return History()
    return parse(result.stdout.decode("utf-8", "replace"))


def parse(output: str) -> History:
    """Each commit is \\x01<sha>\\0<ISO date>\\0<unix time>\\0<subject>\\0 then \\n<status>\\0<path>\\0
    pairs (git log -z --name-status)."""
    changes: list[Change] = []
    commits: list[Commit] = []
    for chunk in output.split("\x01")[1:]:
        sha, iso, stamp, subject, rest = (chunk.split("\0", 4) + ["", "", "", ""])[:5]
        day = dt.datetime.fromtimestamp(int(stamp), WITA).date()
        tokens = rest.lstrip("\n").split("\0")
        mine = tuple(
            Change(day, status[:1], path)
            for status, path in zip(tokens[0::2], tokens[1::2], strict=False)
            if status and path
        )
        changes += mine
        commits.append(Commit(sha, iso, subject, mine))
    last: dict[str, dt.date] = {}
    for change in changes:  # newest first, so the first date seen per path is its last change
        last.setdefault(change.path, change.day)
    return History(tuple(changes), last, tuple(commits))


# --- files of one commit (pks diff) ----------------------------------------------------------


def resolve(root: Path, rev: str) -> str:
    """The full sha of the commit rev names."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"revisi '{rev}' tidak ditemukan / revision not found") from None


def changed_files(root: Path, base: str, head: str) -> list[tuple[str, str | None, str]]:
    """(action letter, old path or None, path) for every file that differs, renames detected."""
    out = _git(root, "diff", "--name-status", "-z", "-M", base, head)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes: list[tuple[str, str | None, str]] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            changes.append((status, fields[i + 1], fields[i + 2]))
            i += 3
        else:
            changes.append((status, None, fields[i + 1]))
            i += 2
    return changes


def blobs(root: Path, sha: str, paths: list[str]) -> dict[str, bytes | None]:
    """The content of each path at commit sha (None when it has no such file), in one
    `git cat-file --batch`. A path holding a line break cannot be asked for and is left out."""
    wanted = [p for p in dict.fromkeys(paths) if "\n" not in p]
    if not wanted:
        return {}
    raw = _git(root, "cat-file", "--batch", data="".join(f"{sha}:{p}\n" for p in wanted).encode())
    found: dict[str, bytes | None] = {}
    pos = 0
    for path in wanted:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split()
        pos = end + 1
        if header[-1] == b"missing":
            found[path] = None
            continue
        size = int(header[2])
        found[path] = raw[pos : pos + size]
        pos += size + 1
    return found


def tree_paths(root: Path, sha: str, folder: str) -> list[str]:
    """Every file under folder at commit sha."""
    listing = _git(root, "ls-tree", "-r", "--name-only", "-z", sha, "--", folder)
    return listing.decode("utf-8", "surrogateescape").split("\0")
