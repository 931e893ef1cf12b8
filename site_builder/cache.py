"""Per-file verdicts of earlier runs, so that revalidating after one edit skips the unchanged files.

Stored in <root>/.pks-cache/ (git-ignored). An entry is keyed on a file's path and the hash of
its bytes; the whole store on a fingerprint of everything else a per-file verdict depends on: the
schema files, the package's source code, its version, and the versions of Python and of the
parsing and schema libraries. When any of them differs the store is ignored, then replaced. Only
per-file work (read, parse, privacy scan, schema) is kept: cross-record rules always run again
over the whole registry, so a cached verdict can never be a stale one.

Finding the entry of an unchanged file does not need its bytes: the store also remembers, per
path, the file's (inode, size, mtime, ctime) when its bytes were last hashed, and an identical
stat finds the same entry. This cannot give a stale verdict, for the reason git's "racily clean"
index entries are re-checked: the kernel sets ctime to the current time on every write, rename
or chmod, and no program can set it back (only moving the system clock can). A stat is
remembered only when the file's ctime and mtime lay at least STAT_MARGIN_NS before the run
began, so any later change, even within the file system's timestamp granularity and with the
same size, gives a newer ctime and a different stat; files changed in the last seconds before a
run are always hashed. The stat is taken before the bytes are read, so it can only ever name
bytes at least as new as itself.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from site_builder import __version__, schemas

CACHE_DIR = ".pks-cache"
STORE_FILE = "validate.bin"
FORMAT = b"pks validate cache 2\n"
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing")
STAT_MARGIN_NS = 2_000_000_000  # more than any file system's timestamp granularity (FAT: 2 s) and clock lag


def key_of(relpath: str, raw: bytes) -> bytes:
    """The entry key of a file: its repository-relative path and its exact bytes."""
    digest = hashlib.blake2b(relpath.encode("utf-8", "surrogateescape") + b"\0", digest_size=20)
    digest.update(raw)
    return digest.digest()


def _code_digest() -> str:
    """The package's Python source as it was when this process started (the code that runs)."""
    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*.py")):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


_CODE = _code_digest()  # taken at import: rules edited later must not be credited to this process


def _library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def fingerprint(schema_dir: Path) -> bytes:
    """What every cached verdict of a registry depends on besides the file itself."""
    parts = [schemas.fingerprint(schema_dir), _CODE, __version__, sys.version, _library_versions()]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest().encode()


class Store:
    """The entries of one registry; those not used in a run are dropped when it saves."""

    def __init__(self, root: Path):
        self.file = root / CACHE_DIR / STORE_FILE
        self.header = FORMAT + fingerprint(root / "schema") + b"\n"
        self.started = time.time_ns()  # before any file of this run is looked at
        self.entries, self.stats = self._load()
        self.kept: dict[bytes, bytes] = {}
        self.kept_stats: dict[str, tuple] = {}
        self.added = 0

    def _load(self) -> tuple[dict[bytes, bytes], dict[str, tuple]]:
        try:
            blob = self.file.read_bytes()
        except OSError:
            return {}, {}
        if not blob.startswith(self.header):
            return {}, {}  # another version of the rules, schemas or libraries: start again
        try:
            entries, stats = marshal.loads(memoryview(blob)[len(self.header):])
        except (EOFError, ValueError, TypeError):
            return {}, {}  # a damaged store costs one slow run, never a wrong verdict
        if not (isinstance(entries, dict) and isinstance(stats, dict)):
            return {}, {}
        return entries, stats

    def key_by_stat(self, relpath: str, identity: tuple) -> bytes | None:
        """The key of a file whose stat is the one remembered when its bytes were hashed."""
        known = self.stats.get(relpath)
        return known[-1] if known is not None and known[:-1] == identity else None

    def remember_stat(self, relpath: str, identity: tuple, key: bytes) -> None:
        """Remember that a file with this stat (taken before its bytes were read) has this key;
        only when the file last changed well before this run began (see the module's docstring)."""
        _, _, mtime_ns, ctime_ns = identity
        if max(mtime_ns, ctime_ns) < self.started - STAT_MARGIN_NS:
            self.kept_stats[relpath] = (*identity, key)

    def get(self, key: bytes) -> bytes | None:
        blob = self.entries.get(key)
        if blob is not None:
            self.kept[key] = blob
        return blob

    def forget(self, key: bytes) -> None:
        """Drop an entry that could not be read back."""
        self.kept.pop(key, None)

    def put(self, key: bytes, blob: bytes) -> None:
        self.kept[key] = blob
        self.added += 1

    def save(self) -> None:
        """Write this run's entries when they differ from the stored ones; a failed write only costs speed."""
        if not self.added and len(self.kept) == len(self.entries) and self.kept_stats == self.stats:
            return
        folder = self.file.parent
        temporary = None
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Dibuat oleh pks validate / made by pks validate\n*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".validate-")
            with os.fdopen(handle, "wb") as out:
                out.write(self.header)
                out.write(marshal.dumps((self.kept, self.kept_stats)))
            os.replace(temporary, self.file)  # readers see the old store or the new one, never half of one
        except OSError:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
