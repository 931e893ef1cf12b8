"""Publishing a site without ever breaking the live one: refuse a dangerous folder, build next to
it, swap the new site in whole, one build at a time.

- The site is built into a fresh folder next to the target (`.<name>.pks-new-<random>`, same
  parent, so the same file system and renames are atomic). The live folder is not touched until
  the new one is complete, exports and all. A build that fails or is killed leaves the live site
  as it was; its half-built folder is hidden (a dot name) and removed by the next build.
- On Linux the two folders are exchanged in one step (renameat2 RENAME_EXCHANGE): a reader sees
  the whole old site or the whole new one, never no site. Where the system or file system cannot
  exchange, the old folder is renamed aside and the new one renamed in: a gap of one rename with
  no site, and a build killed inside it leaves the old site aside, which the next build puts back.
  The site folder stays a plain folder (no symlink to versioned folders), so it can be uploaded
  or copied as it is.
- A folder that is, is inside or holds the records, schemas, docs, .git or the repository is
  refused, and so is a non-empty folder without the MARKER file that every pks-made site carries.
- One build at a time: a lock per checkout (a file in the user's cache folder) and one per site
  folder, next to it (`.<name>.pks-lock` in the same parent, never in the published site), so two
  users building into one folder wait for each other too. A second build is refused with a message.
- A shallow git history makes every record look added by the last commit, and no history at all
  (a copy, a tarball) leaves the feed empty and the change dates unknown: warned about, and
  refused under CI.

Refusals are `Refused` (exit 2, before anything is built), failures to write `Failed` (exit 1);
both carry a key of messages.PUBLISHING and its parameters.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from site_builder import gitinfo
from site_builder.errors import REFUSED, PksError

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not serialised
    fcntl = None

MARKER = ".pks-site"
MARKER_TEXT = (
    "Folder ini dibuat oleh `pks build` dan diganti utuh setiap kali situs dibangun.\n"
    "This folder was made by `pks build` and is replaced as a whole on every build.\n"
)
# Folders of the registry that a site folder must never be, be inside, or contain.
GUARDED = ("agencies", "agreements", "schema", "docs", "documents")
NEW, OLD = "pks-new", "pks-old"
PAUSE_ENV = "PKS_TEST_PAUSE_AT"
PAUSED = "pks-test-paused-at"
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2

Notice = tuple[str, dict]  # (key of messages.PUBLISHING, its parameters)


class PublishError(PksError):
    def __init__(self, key: str, **params: object):
        super().__init__(key, params)
        self.key = key
        self.params = params


class Refused(PublishError):
    """Nothing was built or replaced: the site folder, an option or the setup is wrong (exit 2)."""

    exit_code = REFUSED


class Failed(PublishError):
    """The new site could not be written or swapped in; the live site is as it was (exit 1)."""


def checkpoint(stage: str) -> None:
    """Fault-test hook: with PKS_TEST_PAUSE_AT=<stage>, say so on stderr, then wait until stdin
    closes. tests/site/test_publish.py kills the build there, or closes stdin to let it go on."""
    if os.environ.get(PAUSE_ENV) != stage:
        return
    sys.stderr.write(f"{PAUSED} {stage}\n")
    sys.stderr.flush()
    sys.stdin.read()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# --- the site folder --------------------------------------------------------------------------------


def guarded_folders(root: Path) -> tuple[list[Path], list[Path]]:
    """(folders a site folder must not be, be inside or hold: the records, schemas, docs and git
    directories, a worktree's included; folders it must not be or hold: the registry and the
    repository's top folder), resolved."""
    inside = [root / name for name in GUARDED] + [root / ".git"]
    inside += [
        Path(line)
        for line in gitinfo.answer(root, "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir")
    ]
    tops = [root] + [Path(line) for line in gitinfo.answer(root, "rev-parse", "--show-toplevel")]
    return sorted({p.resolve() for p in inside}), sorted({p.resolve() for p in tops})


def check_site_dir(site_dir: Path, guarded: tuple[list[Path], list[Path]]) -> None:
    """Refuse a site folder that is, is inside or holds a guarded folder, is not a folder, or is a
    non-empty folder pks did not make. site_dir is resolved."""
    inside, tops = guarded
    for folder in inside:
        if site_dir == folder or folder in site_dir.parents:
            raise Refused("site-dir-inside", site_dir=site_dir, folder=folder)
    for folder in inside + tops:
        if site_dir == folder or site_dir in folder.parents:
            raise Refused("site-dir-contains", site_dir=site_dir, folder=folder)
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise Refused("site-dir-not-folder", site_dir=site_dir)
    try:
        empty = next(site_dir.iterdir(), None) is None
    except OSError as error:
        raise Refused("site-dir-unwritable", folder=site_dir, reason=error.strerror or str(error)) from error
    if not empty and not (site_dir / MARKER).is_file():
        raise Refused("site-dir-foreign", site_dir=site_dir, marker=MARKER)


# --- locks ---------------------------------------------------------------------------------------


def _lock_folder() -> Path:
    """The user's cache folder (XDG), else a private folder in the system's temporary folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(cache) / "pks" / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        pass
    folder = Path(tempfile.gettempdir()) / f"pks-locks-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError as error:
        raise Refused("lock-unavailable", folder=folder, reason=error.strerror or str(error)) from error
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():  # someone else's folder: not ours to trust
        raise Refused("lock-unavailable", folder=folder, reason="not a private folder")
    return folder


LOCK = "pks-lock"  # .<site folder name>.pks-lock, beside the site folder


def lock_path(site_dir: Path) -> Path:
    """The site folder's lock: in its parent, named after it, so every user building into that
    folder takes the same lock (a lock in one user's cache folder keeps only that user's builds apart)."""
    return site_dir.parent / f".{site_dir.name}.{LOCK}"


def _open_lock(file: Path) -> int:
    flags = os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)  # never through a planted link
    try:
        # 0o666 under the umask: another user of a shared parent folder can open the same lock
        return os.open(file, os.O_RDWR | flags, 0o666)
    except PermissionError:  # another user's lock file we may not write: flock needs only reading
        return os.open(file, os.O_RDONLY | flags)


# The descriptors of the locks this process holds: a forked process closes its copies (forget_locks).
_held: set[int] = set()


def forget_locks() -> None:
    """In a forked process: close the copies of the locks it inherited. A flock belongs to the open file,
    not to a process, so a forked process that kept a copy would hold the build's lock after the build
    was killed, until it died too: the next build would be refused as busy."""
    for fd in list(_held):
        _held.discard(fd)
        try:
            os.close(fd)
        except OSError:
            pass


@contextmanager
def _lock(file: Path, what: Path, wait: bool, unavailable: str = "lock-unavailable") -> Iterator[None]:
    """Holds an exclusive flock on file; unavailable: the refusal when file cannot be opened."""
    if fcntl is None:
        yield
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd = _open_lock(file)
    except OSError as error:
        raise Refused(unavailable, folder=file.parent, reason=error.strerror or str(error)) from error
    _held.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise Refused("build-busy", what=what, pid=holder) from None
        try:  # the holder's process id, for the message of a build that is refused
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:  # opened read-only (another user's file): the lock holds all the same
            pass
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # closing releases the lock; the file stays (removing it would race a waiting build)


def _checkout_lock(root: Path) -> Path:
    digest = hashlib.sha256(os.fsencode(root)).hexdigest()[:20]
    return _lock_folder() / f"checkout-{digest}.lock"


@contextmanager
def exclusive(root: Path, site_dir: Path, wait: bool = False) -> Iterator[None]:
    """One build per checkout and per site folder; without wait, a second one is Refused."""
    with _lock(_checkout_lock(root), root, wait), _lock(lock_path(site_dir), site_dir, wait, "site-dir-unwritable"):
        yield


# --- building next to the site and swapping it in ---------------------------------------------------


def _siblings(site_dir: Path, kind: str) -> list[Path]:
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.{kind}-[0-9a-f]+")
    try:
        return sorted(p for p in site_dir.parent.iterdir() if pattern.fullmatch(p.name))
    except OSError:
        return []


def _remove(path: Path) -> bool:
    """Remove a folder of ours, read-only parts included; False when something could not go."""

    def writable_then_retry(function, name, _):
        try:
            os.chmod(os.path.dirname(name), stat.S_IRWXU)
            function(name)
        except OSError:
            pass

    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, onerror=writable_then_retry)
    return not os.path.lexists(path)


def clear_leftovers(site_dir: Path) -> list[Notice]:
    """Folders of builds that were killed: a new site never swapped in, an old one never removed.
    When the site itself is missing (a build killed between the two renames of the fallback swap),
    the old site set aside is put back first."""
    olds = _siblings(site_dir, OLD)
    whole = [old for old in olds if (old / MARKER).is_file()]  # only a site pks made and finished goes back
    if whole and not os.path.lexists(site_dir):
        newest = max(whole, key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, site_dir)
        olds.remove(newest)
    notices = []
    for leftover in olds + _siblings(site_dir, NEW):
        if not _remove(leftover):
            notices.append(("leftover-kept", {"folder": leftover}))
    return notices


def staging_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.{NEW}-{secrets.token_hex(6)}"


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library without renameat2 (glibc < 2.28)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # kernel or file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(staging: Path, site_dir: Path, exchange: bool = True) -> list[Notice]:
    """Make the complete site at staging the site at site_dir, then remove the old one."""
    checkpoint("swap")
    old = swap_keeping_old(staging, site_dir, exchange)
    if old is None:
        return []
    checkpoint("swapped")
    return [] if _remove(old) else [("leftover-kept", {"folder": old})]


def swap_keeping_old(staging: Path, site_dir: Path, exchange: bool = True) -> Path | None:
    """Make the complete site at staging the site at site_dir; returns where the old site is now
    (None: there was none), for the caller to remove (`pks serve` does after the page shows)."""
    if not os.path.lexists(site_dir):
        os.rename(staging, site_dir)
        return None
    if exchange and _exchange(staging, site_dir):
        return staging  # the exchange left the old site at the staging name
    old = site_dir.parent / f".{site_dir.name}.{OLD}-{secrets.token_hex(6)}"
    os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(old, site_dir)
        raise
    return old


def remove_folder(path: Path) -> bool:
    """A folder of ours removed, read-only parts included; False when something could not go."""
    return _remove(path)


# A hidden folder of the new site where files made before the engine wait (MkDocs empties its site_dir
# when it starts, but leaves hidden entries alone); move_in puts them in place.
EXPORTS_ASIDE = ".pks-aside"


def move_in(aside: Path, staging: Path) -> list[Path]:
    """Moves every file under aside to the same place under staging (replacing what is there), then
    removes aside; returns the files' new paths, sorted."""
    moved = []
    for folder, _, names in sorted(os.walk(aside)):
        target = staging / Path(folder).relative_to(aside)
        target.mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            os.replace(os.path.join(folder, name), target / name)
            moved.append(target / name)
    shutil.rmtree(aside)
    return sorted(moved)


@contextmanager
def staged(site_dir: Path, staging: Path) -> Iterator[list[Notice]]:
    """Build into staging (created here); when the block ends normally the site is swapped in,
    otherwise staging is removed and the live site stays as it was. Yields the notices list the
    swap appends to."""
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as error:
        raise Refused("site-dir-unwritable", folder=site_dir.parent, reason=error.strerror or str(error)) from error
    notices: list[Notice] = []
    try:
        yield notices
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        notices += swap_in(staging, site_dir)
    except OSError as error:
        _remove(staging)
        raise Failed("site-not-written", site_dir=site_dir, reason=str(error)) from error
    except BaseException:
        _remove(staging)
        raise


# --- git history ------------------------------------------------------------------------------------


def check_history(root: Path, ci: bool) -> list[Notice]:
    """A shallow clone (every record would look added by its newest commit), no history at all (a
    copy or a tarball: an empty feed, no change dates) or one git cannot read. Warn; under CI, refuse."""
    try:
        missing = not gitinfo.has_history(root)
    except gitinfo.GitError as error:  # a history git cannot read: its own words say why
        params = {"reason": str(error), "root": str(root)}
        if ci:
            raise Refused("history-unreadable-ci", **params) from error
        return [("history-unreadable", params)]
    if missing:
        problem = "history-missing"
    elif gitinfo.is_shallow(root):
        problem = "history-shallow"
    else:
        return []
    if ci:
        raise Refused(f"{problem}-ci")
    return [(problem, {})]
