"""Per-file verdicts of earlier runs, so that revalidating after one edit skips the unchanged files.

Stored in <root>/.pks-cache/ (git-ignored). An entry is keyed on a file's path and the hash of
its bytes; the whole store on a fingerprint of everything else a per-file verdict depends on: the
schema files, the package's source code, its version, and the versions of Python and of the
parsing and schema libraries. When any of them differs the store is ignored, then replaced. Only
per-file work (read, parse, privacy scan, schema) is kept: cross-record rules always run again
over the whole registry, so a cached verdict can never be a stale one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from site_builder import __version__, schemas

CACHE_DIR = ".pks-cache"
STORE_FILE = "validate.bin"
FORMAT = b"pks validate cache 1\n"
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing")


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
        self.entries = self._load()
        self.kept: dict[bytes, bytes] = {}
        self.added = 0

    def _load(self) -> dict[bytes, bytes]:
        try:
            blob = self.file.read_bytes()
        except OSError:
            return {}
        if not blob.startswith(self.header):
            return {}  # another version of the rules, schemas or libraries: start again
        try:
            entries = marshal.loads(memoryview(blob)[len(self.header):])
        except (EOFError, ValueError, TypeError):
            return {}  # a damaged store costs one slow run, never a wrong verdict
        return entries if isinstance(entries, dict) else {}

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
        if not self.added and len(self.kept) == len(self.entries):
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
                out.write(marshal.dumps(self.kept))
            os.replace(temporary, self.file)  # readers see the old store or the new one, never half of one
        except OSError:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
