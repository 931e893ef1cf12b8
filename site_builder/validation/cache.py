"""Per-file verdicts of earlier runs, so that revalidating after one edit skips the unchanged files.

Where it lives: outside the checkout, in the user's cache directory, one folder per registry,
($XDG_CACHE_HOME or ~/.cache)/pks-registry/<folder name>-<hash of the registry's resolved path>/;
PKS_CACHE_DIR replaces the ($XDG_CACHE_HOME or ~/.cache)/pks-registry part. Nothing inside the
checkout is ever read: a pull request can commit any file, and a cache it planted would decide
verdicts and published data. A cache folder that would lie inside the registry is not used.

Why it can only make a run faster: the store carries one HMAC-SHA256 under a random key made once
in that folder (mode 0600; it never leaves the folder), computed over the format, the fingerprint
below and every entry, each with its key (the file's path and bytes) and length, and over every remembered
stat. A store whose MAC does not match (tampered with, truncated, an entry swapped or planted,
written for other rules or under another key) is ignored whole and every file judged again;
nothing unauthenticated is ever parsed or unmarshalled. (One MAC, not one per entry: 44,000
digests cost a quarter of a second at 22,000 files; a store of an older format is simply ignored.)
The store is read only when it is a regular file of this user of bounded size, opened without
following links and without blocking, so a FIFO, a device, a link to /dev/zero or a folder in
its place costs one uncached run, never a hang, a traceback or unbounded memory. It is written to
a temporary file in the same folder and renamed into place; temporaries of killed runs are
removed by the next save. A folder that cannot be made or written means a run without cache.

An entry is keyed on a file's path and the hash of its bytes; the whole store on a fingerprint of
everything else a per-file verdict depends on: the schema files, the package's source code, its
version, and the versions of Python and of the parsing and schema libraries. When any of them
differs the store is ignored, then replaced. Only per-file work (read, parse, privacy scan,
schema) is kept: cross-record rules always run again over the whole registry, so a cached verdict
can never be a stale one.

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

Beside the store, the folder holds one table of per-file summaries (class Summaries, file
summaries.bin) for `pks validate FILE`: what cross-record rules read of each record, with the
file's own problems, under the same key, fingerprint and stat rule, and one MAC over the table.
The rules still run on every run; only the unchanged records they read come from the table. A
run that changes a few entries writes only those, to summaries-delta.bin, under a MAC that also
covers the table's own MAC: a delta counts only with the very table it was written for. A full
run (`pks validate` without files, `pks build`) writes the table too, whole, from the verdicts it
holds, beside its store (same key, fingerprint and start, so the same stat rule), unless its store
and a table of these rules are as they were; so the first `pks validate FILE` after it reads it.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import re
import stat
import struct
import sys
import time
from pathlib import Path

from site_builder import __version__

FOLDER_VARIABLE = "PKS_CACHE_DIR"  # replaces ($XDG_CACHE_HOME or ~/.cache)/pks-registry, e.g. for tests
APP_FOLDER = "pks-registry"
STORE_FILE = "validate.bin"
KEY_FILE = "key"
KEY_BYTES = 32
MAX_STORE_BYTES = 512 * 1024 * 1024  # 22,000 files take ~50 MB; anything bigger is not read into memory
FORMAT = b"pks validate cache 4\n"
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing")
STAT_MARGIN_NS = 2_000_000_000  # more than any file system's timestamp granularity (FAT: 2 s) and clock lag

# After the header, the store's MAC, then one frame per entry: tag, lengths, the entry's key, then the variable part.
_ENTRY = struct.Struct(">cI20s")  # b"E", length of the verdict, key; then the verdict
_STAT = struct.Struct(">cH20sQQqq")  # b"S", length of the path, key, inode, size, mtime, ctime; then the path
MAC_BYTES = 32
SUMMARY_FILE = "summaries.bin"
SUMMARY_FORMAT = b"pks validate summaries 2\n"
DELTA_FILE = "summaries-delta.bin"
DELTA_FORMAT = b"pks validate summaries delta 2\n"
ENTRY_KEY_BYTES = 20  # key_of's digest
# A summary's stat and key in one bytes value (its seal): unmarshalling four 64-bit integers per file
# took half of the table's read time at 22,000 files; these bytes take none.
_SEAL_STAT = struct.Struct("<QQqq")  # inode, size, mtime_ns, ctime_ns
_NO_STAT = b"\xff" * (_SEAL_STAT.size + ENTRY_KEY_BYTES + 1)  # longer than any seal: the start of none
DELTA_MOST = 2000  # entries a delta may hold; beyond, the whole table is written again (and the delta dropped)
_TEMPORARY = re.compile(r"^\.(?:validate\.bin|summaries\.bin|summaries-delta\.bin|key)\.(\d+)\.tmp$")
_STALE_TEMPORARY_SECONDS = 3600  # a temporary this old is a leftover even if its pid now names another process


def key_of(relpath: str, raw: bytes) -> bytes:
    """The entry key of a file: its repository-relative path and its exact bytes."""
    digest = hashlib.blake2b(relpath.encode("utf-8", "surrogateescape") + b"\0", digest_size=20)
    digest.update(raw)
    return digest.digest()


def seal(identity: tuple | None, key: bytes) -> bytes:
    """A summary's stat (when one is remembered with it) and its key, as the table keeps them."""
    stat = _packed_stat(identity) if identity is not None else None
    return stat + key if stat is not None else key


def stat_seal(identity: tuple) -> bytes:
    """The start of the seal of a summary remembered with this stat: seal.startswith(stat_seal(stat))
    holds exactly when the seal's stat is this one (a seal without a stat is too short to start so)."""
    stat = _packed_stat(identity)
    return stat if stat is not None else _NO_STAT


def _packed_stat(identity: tuple) -> bytes | None:
    try:
        return _SEAL_STAT.pack(*identity)
    except struct.error:  # a number no seal can hold: such a stat is not remembered
        return None


def seal_key(sealed: bytes) -> bytes:
    return sealed[-ENTRY_KEY_BYTES:]


def seal_stat(sealed: bytes) -> tuple | None:
    """The stat a seal holds, or None."""
    if len(sealed) != _SEAL_STAT.size + ENTRY_KEY_BYTES:
        return None
    return _SEAL_STAT.unpack_from(sealed)


def _files_digest(folder: Path, pattern: str) -> str:
    """The names and bytes of the files matching pattern below folder (a missing folder: none)."""
    digest = hashlib.blake2b(digest_size=20)
    for file in sorted(folder.rglob(pattern)):
        try:
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
        except OSError:
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0unreadable\0")
    return digest.hexdigest()


# The package's Python source as it was when this process started (the code that runs): taken at
# import, so rules edited later are not credited to this process.
_CODE = _files_digest(Path(__file__).resolve().parent.parent, "*.py")


def _library_versions() -> str:
    folders = _dist_info_folders()
    return ",".join(f"{name}={_installed_version(name, folders)}" for name in LIBRARIES)


def _normalized(project: str) -> str:
    return re.sub(r"[-_.]+", "_", project).lower()


def _dist_info_folders() -> dict[str, str]:
    """Normalized project name -> the first <name>-<version>.dist-info folder on sys.path with it."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            stem, _, suffix = folder.rpartition(".")
            project, dash, _ = stem.partition("-")
            if suffix == "dist-info" and dash:
                found.setdefault(_normalized(project), os.path.join(entry or ".", folder))
    return found


def _installed_version(name: str, folders: dict[str, str]) -> str:
    """A library's version from the first dist-info folder of its name on sys.path, as
    importlib.metadata finds it, without importing importlib.metadata (a third of this command's
    imports); importlib.metadata answers whenever that folder does not say."""
    folder = folders.get(_normalized(name))
    found = _metadata_version(folder) if folder else None
    if found:
        return found
    from importlib import metadata  # only here: importing it costs more than the look-up above

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _metadata_version(folder: str) -> str | None:
    """The Version: field of a dist-info folder's METADATA (its header ends at the first blank line)."""
    try:
        with open(os.path.join(folder, "METADATA"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
                if not line.strip():
                    return None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def fingerprint(schema_dir: Path) -> bytes:
    """What every cached verdict of a registry depends on besides the file itself (the schema folder's
    JSON files: read here, so that looking a verdict up never needs the schema libraries)."""
    parts = [_files_digest(schema_dir, "*.json"), _CODE, __version__, sys.version, _library_versions()]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest().encode()


def folder_for(root: Path) -> Path | None:
    """The cache folder of the registry at root, or None when there is none to use (no home folder,
    or a folder that would lie inside the registry, where a pull request could plant it)."""
    root = root.resolve()
    configured = os.environ.get(FOLDER_VARIABLE, "").strip()
    try:
        if configured:
            base = Path(configured).absolute()
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = (
                Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
            ) / APP_FOLDER  # relative: ignored, as XDG says
    except RuntimeError:  # no home folder to be found
        return None
    digest = hashlib.blake2b(os.fsencode(str(root)), digest_size=16).hexdigest()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.name)[:40].strip(".-") or "registri"
    folder = base / f"{name}-{digest}"
    try:
        if folder.resolve().is_relative_to(root):
            return None
    except (OSError, RuntimeError):
        return None
    return folder


def open_store(root: Path) -> Store | None:
    """This registry's store, or None when no cache can be used here (the run simply goes without)."""
    store = Store(root)
    return store if store.secret else None


def _owned_privately(st: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and nobody else may read or write it."""
    own = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return own and not st.st_mode & 0o077


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(file: Path) -> int | None:
    """A handle on file when it is a regular file, opened without following a link or blocking on a
    FIFO; None otherwise (anything else is not even opened: opening some devices has effects)."""
    try:
        if not stat.S_ISREG(os.lstat(file).st_mode):
            return None
        return os.open(file, _READ_FLAGS)
    except OSError:
        return None


def read_private_file(file: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of this user, readable by no one else, of at most limit bytes;
    None for anything else (missing, a link, FIFO, device, folder, too big), without following a
    link, blocking on a FIFO, or reading more than the size checked."""
    handle = _open_regular(file)
    if handle is None:
        return None
    try:
        st = os.fstat(handle)  # the file opened, which may have been swapped since the lstat
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit or not _owned_privately(st):
            return None
        chunks, left = [], st.st_size
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def _private_folder(folder: Path) -> bool:
    """Make the folder (mode 0700) if needed; whether it is a real folder of this user's own."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and (not hasattr(os, "getuid") or st.st_uid == os.getuid())


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file of mode 0600 for writing, named after this process so that a later save can tell
    a killed run's leftover from a file another running process is still writing."""
    _remove_leftovers(folder)
    path = folder / f".{name}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags, 0o600), path


def _write_then_place(folder: Path, name: str, chunks, place) -> None:
    """Write chunks to a new temporary in folder, then place it (rename or link it into place); the
    temporary does not outlive this call unless the process is killed (see _remove_leftovers)."""
    handle, temporary = _temporary(folder, name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(chunks)
        place(temporary)
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporaries of processes that are gone (killed while saving), and this one's own."""
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = _TEMPORARY.match(entry.name)
                if not match:
                    continue
                pid = int(match.group(1))
                try:
                    old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TEMPORARY_SECONDS
                    if pid == os.getpid() or not _running(pid) or old:
                        os.unlink(entry.path)
                except OSError:
                    pass
    except OSError:
        pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's process
        return True
    except (OSError, OverflowError, ValueError):  # none by that number, or no such number at all
        return False
    return True


def _secret(folder: Path) -> bytes | None:
    """The folder's MAC key: read, or made once (random, mode 0600) when missing or unusable."""
    key_file = folder / KEY_FILE
    secret = read_private_file(key_file, KEY_BYTES)
    if secret is not None and len(secret) == KEY_BYTES:
        return secret
    fresh = os.urandom(KEY_BYTES)
    unusable = os.path.lexists(key_file)

    def place(temporary: Path) -> None:
        if unusable:
            os.replace(temporary, key_file)  # its entries are lost with it
        else:
            os.link(temporary, key_file)  # fails if another run made one meanwhile: theirs is used

    try:
        _write_then_place(folder, KEY_FILE, [fresh], place)
        return fresh
    except FileExistsError:
        secret = read_private_file(key_file, KEY_BYTES)
        return secret if secret is not None and len(secret) == KEY_BYTES else None
    except OSError:
        return None


def _parse(blob: memoryview) -> tuple[dict, dict] | None:
    """The frames of an authenticated store; None when one does not fit (only a store this code did
    not write: its MAC matched)."""
    entries: dict[bytes, memoryview] = {}
    stats: dict[str, tuple[tuple, bytes]] = {}
    pos, end = 0, len(blob)
    entry_size, stat_size = _ENTRY.size, _STAT.size
    unpack_entry, unpack_stat = _ENTRY.unpack_from, _STAT.unpack_from
    while pos < end:
        tag = blob[pos]
        if tag == 69 and pos + entry_size <= end:  # b"E"
            _, length, key = unpack_entry(blob, pos)
            start = pos + entry_size
            pos = start + length
            if pos > end:
                return None
            entries[key] = blob[start:pos]
        elif tag == 83 and pos + stat_size <= end:  # b"S"
            _, length, key, *identity = unpack_stat(blob, pos)
            start = pos + stat_size
            pos = start + length
            if pos > end:
                return None
            stats[bytes(blob[start:pos]).decode("utf-8", "surrogateescape")] = (tuple(identity), key)
        else:
            return None
    return entries, stats


class _CacheFile:
    """One file of a registry's cache folder, with the folder's key and the fingerprint of these rules;
    beside another file of the same run: that one's folder, key, fingerprint and start."""

    def __init__(self, root: Path, name: str, file_format: bytes, beside: _CacheFile | None = None):
        self.folder: Path | None
        self.fingerprint: bytes
        self.started: int
        self.secret: bytes | None
        if beside is not None:
            self.folder, self.fingerprint = beside.folder, beside.fingerprint
            self.started, self.secret = beside.started, beside.secret
        else:
            self.folder = folder_for(root)
            self.fingerprint = fingerprint(root / "schema")
            self.started = time.time_ns()  # before any file of this run is looked at
            self.secret = _secret(self.folder) if self.folder and _private_folder(self.folder) else None
        self.file = self.folder / name if self.folder else None
        self.header = file_format + self.fingerprint + b"\n"

    def key(self) -> bytes:
        """The folder's MAC key; only asked for where a cache is in use (self.secret was found)."""
        if self.secret is None:
            raise RuntimeError("no cache key here: this cache is not in use")
        return self.secret


class Store(_CacheFile):
    """The entries of one registry; those not used in a run are dropped when it saves."""

    def __init__(self, root: Path):
        super().__init__(root, STORE_FILE, FORMAT)
        self.entries: dict[bytes, bytes | memoryview] = {}  # key -> verdict, as read (authenticated)
        self.stats: dict[str, tuple[tuple, bytes]] = {}  # relpath -> (stat, key), as read (authenticated)
        if self.secret:
            self.entries, self.stats = self._load()
        self.kept: dict[bytes, bytes | memoryview] = {}
        self.kept_stats: dict[str, tuple[tuple, bytes]] = {}
        self.changed = False  # an entry added, or one that could not be read back (rewriting the store drops it)

    def _load(self) -> tuple[dict, dict]:
        blob = read_private_file(self.file, MAX_STORE_BYTES) if self.file else None
        start = len(self.header) + MAC_BYTES
        if blob is None or len(blob) < start or not blob.startswith(self.header):
            return {}, {}  # none yet, not a plain file, or other rules, schemas or libraries: start again
        body = memoryview(blob)[start:]
        if not hmac.compare_digest(blob[len(self.header) : start], self._mac(body)):
            self.changed = True  # not this cache's own: replaced by this run's
            return {}, {}
        return _parse(body) or ({}, {})

    def _mac(self, body: bytes | memoryview) -> bytes:
        mac = hmac.new(self.key(), b"V" + self.header, hashlib.sha256)  # the format and fingerprint, then the body
        mac.update(body)
        return mac.digest()

    def key_by_stat(self, relpath: str, identity: tuple) -> bytes | None:
        """The key of a file whose stat is the one remembered when its bytes were hashed."""
        known = self.stats.get(relpath)
        return known[1] if known is not None and known[0] == identity else None

    def remember_stat(self, relpath: str, identity: tuple, key: bytes) -> None:
        """Remember that a file with this stat (taken before its bytes were read) has this key;
        only when the file last changed well before this run began (see the module's docstring)."""
        _, _, mtime_ns, ctime_ns = identity
        if max(mtime_ns, ctime_ns) < self.started - STAT_MARGIN_NS:
            self.kept_stats[relpath] = (identity, key)

    def get(self, key: bytes) -> bytes | memoryview | None:
        """The verdict kept under key (the store's MAC proved this cache wrote it for these rules)."""
        found = self.entries.get(key)
        if found is not None:
            self.kept[key] = found
        return found

    def forget(self, key: bytes) -> None:
        """Drop an entry that could not be read back."""
        self.kept.pop(key, None)
        self.changed = True

    def put(self, key: bytes, blob: bytes) -> None:
        self.kept[key] = blob
        self.changed = True

    def unchanged(self) -> bool:
        """Whether this run's entries and stats are the very ones read (saving would write nothing)."""
        if self.changed or len(self.kept) != len(self.entries) or len(self.kept_stats) != len(self.stats):
            return False
        return all(self.stats.get(relpath) == kept for relpath, kept in self.kept_stats.items())

    def _frames(self):
        pack_entry, pack_stat = _ENTRY.pack, _STAT.pack
        for key, blob in self.kept.items():
            yield pack_entry(b"E", len(blob), key)
            yield blob
        for relpath, (identity, key) in self.kept_stats.items():
            name = relpath.encode("utf-8", "surrogateescape")
            try:
                frame = pack_stat(b"S", len(name), key, *identity)
            except struct.error:  # a path or number too long for a frame: that file is hashed next time
                continue
            yield frame
            yield name

    def save(self) -> None:
        """Write this run's entries when they differ from the stored ones; a failed write only costs speed."""
        folder, file = self.folder, self.file
        if not self.secret or folder is None or file is None or self.unchanged():
            return
        body = b"".join(self._frames())
        if len(self.header) + MAC_BYTES + len(body) > MAX_STORE_BYTES:
            return  # it would not be read back
        chunks = [self.header, self._mac(body), body]
        try:  # readers see the old store or the new one, never half of one
            _write_then_place(folder, STORE_FILE, chunks, lambda temporary: os.replace(temporary, file))
        except OSError:
            pass  # a failed write only costs speed


class Summaries(_CacheFile):
    """Per-file summaries (site_builder/validation/summaries.py) with each file's per-file problems, in one table
    under one MAC: relpath -> (seal, summary verdict), the seal being the file's stat (when one is
    remembered) and the entry key in one bytes value (see seal()). Revalidating one changed file
    reads this small table, never the store of whole verdicts.

    The same rules as the store's apply: the MAC (same folder key, same fingerprint) is checked
    over the whole table before anything in it is unmarshalled, so a table that was tampered
    with, truncated, planted or written for other rules is ignored whole (one slower run). A
    summary is found by its file's stat only when that stat was remembered under the store's
    rule (the file last changed STAT_MARGIN_NS before the run that recorded it), otherwise by the
    key of the file's path and bytes: a summary always describes the bytes it is used for.

    A run that changes few entries (the pre-commit case: one file edited) writes only those, as a
    delta beside the table (DELTA_FILE), whose MAC covers the table's MAC too: a delta is read
    only on top of the table it was written for, and is ignored whole like the table otherwise.
    The table is read the first time it is asked for (self.table), so a caller can start other
    work between making this object and reading it.

    Made beside a run's store (a full run, which judged or found every file; see
    validate._table_task), the table starts empty and is never read: that run keeps every file's
    summary under the store's own stat rule and start, and save() writes the table whole.
    """

    def __init__(self, root: Path, beside: Store | None = None):
        super().__init__(root, SUMMARY_FILE, SUMMARY_FORMAT, beside)
        self.delta_file = self.folder / DELTA_FILE if self.folder else None
        self.delta_header = DELTA_FORMAT + self.fingerprint + b"\n"
        self._table: dict | None = {} if beside is not None else None
        self.base: dict = {}  # the table as written whole, without the delta
        self.base_mac = b""
        self.delta: dict = {}
        self.kept: dict = {}
        self.changed: dict = {}  # kept entries that are not the very entries read

    @property
    def table(self) -> dict:
        """relpath -> (seal, summary): the table with its delta, both authenticated."""
        if self._table is None:
            self._table = {}
            if self.secret:
                self._load()
        return self._table

    def _mac(self, body: bytes | memoryview, tag: bytes = b"M", bound_to: bytes = b"") -> bytes:
        mac = hmac.new(self.key(), tag + self.fingerprint + b"\n" + bound_to, hashlib.sha256)
        mac.update(body)
        return mac.digest()

    def _read(self, file: Path | None, header: bytes, tag: bytes, bound_to: bytes = b"") -> tuple[dict, bytes] | None:
        """The dict a file holds and its MAC, when the MAC proves this cache wrote it for these rules."""
        blob = read_private_file(file, MAX_STORE_BYTES) if file else None
        start = len(header) + 32
        if blob is None or len(blob) < start or not blob.startswith(header):
            return None
        body, mac = memoryview(blob)[start:], blob[len(header) : start]
        if not hmac.compare_digest(mac, self._mac(body, tag, bound_to)):
            return None
        try:
            table = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return None
        return (table, mac) if isinstance(table, dict) else None

    def _load(self) -> None:
        found = self._read(self.file, self.header, b"M")
        if found is None:
            return
        self.base, self.base_mac = found
        delta = self._read(self.delta_file, self.delta_header, b"D", self.base_mac)
        self.delta = delta[0] if delta else {}
        self._table = {**self.base, **self.delta} if self.delta else self.base

    def written(self) -> bool:
        """Whether a table of this format and fingerprint lies in the folder (its header only is read:
        whether it is authentic is found when it is used)."""
        handle = _open_regular(self.file) if self.file is not None else None
        if handle is None:
            return False
        try:
            return os.read(handle, len(self.header)) == self.header
        except OSError:
            return False
        finally:
            os.close(handle)

    def by_key(self, relpath: str, key: bytes) -> tuple | None:
        """The summary of these bytes of this file, when the table holds it."""
        found = self.table.get(relpath)
        return found[1] if found is not None and seal_key(found[0]) == key else None

    def reuse(self, relpath: str, entry: tuple) -> None:
        """Keep an entry of the table as it is: the file's stat is the one remembered with its summary
        (in entry[0]; a stat is remembered only under the store's rule, see keep())."""
        self.kept[relpath] = entry

    def keep(self, relpath: str, identity: tuple | None, key: bytes, summary: tuple) -> None:
        """Keep a file's summary for the next run; its stat only when the file last changed well
        before this run began (see the module's docstring)."""
        if identity is not None and max(identity[2], identity[3]) >= self.started - STAT_MARGIN_NS:
            identity = None
        entry = (seal(identity, key), summary)
        known = self.table.get(relpath)
        if known is not None and known[1] is summary and known[0] == entry[0]:
            entry = known  # the very entry read
        else:
            self.changed[relpath] = entry
        self.kept[relpath] = entry

    def save(self) -> None:
        """Write what this run changed: nothing when the kept entries are those read, a small delta
        when few differ from the table, else the whole table; a failed write only costs speed."""
        if not self.secret or self.folder is None:
            return
        kept, base = self.kept, self.base
        if self.base_mac:  # a table was read: perhaps only a delta to write
            delta = {r: e for r, e in self.delta.items() if kept.get(r) is e}  # still true of these files
            delta.update((r, e) for r, e in self.changed.items() if base.get(r) != e)
            if len(delta) <= DELTA_MOST and len(base) <= 2 * len(kept):
                if delta != self.delta:
                    self._write(DELTA_FILE, self.delta_header, marshal.dumps(delta), b"D", self.base_mac)
                return
        self._write(SUMMARY_FILE, self.header, marshal.dumps(self.kept), b"M")
        try:
            os.unlink(self.folder / DELTA_FILE)  # written for the table just replaced: it would not be read
        except OSError:
            pass

    def _write(self, name: str, header: bytes, body: bytes, tag: bytes, bound_to: bytes = b"") -> None:
        if len(body) + len(header) + 32 > MAX_STORE_BYTES or self.folder is None:
            return
        target = self.folder / name
        try:
            _write_then_place(
                self.folder,
                name,
                [header, self._mac(body, tag, bound_to), body],
                lambda temporary: os.replace(temporary, target),
            )
        except OSError:
            pass
