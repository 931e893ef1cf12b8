"""Issue 8, part 2: a cache nobody can plant. The validation cache can only make a run faster: a
forged, planted, flipped, odd-kind or half-written cache gives exactly the verdict and the output
of a run without cache (PKS_CACHE=0), never a hang or a traceback.

Each registry here holds a record with a NIK; every forgery tries to make it pass.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.validation import cache, filecheck, reporters, validate
from validator_support import AS_OF, agency

NIK = "6307" + "0115" + "0385" + "0001"  # a well-formed NIK, written in pieces so no scanner flags this file
TARGET = "agencies/sasaran.yaml"
CLEAN = agency("sasaran")
LEAKING = agency("sasaran", extra=f"note: NIK {NIK}\n")
FILES = {
    "agencies/induk.yaml": agency("induk"),
    "agencies/anak.yaml": agency("anak", parent="induk"),
    "agencies/rusak.yaml": agency("rusak").replace("website: null", "websit: null"),
    TARGET: CLEAN,
}
RUN_TIMEOUT = 120  # seconds; only a hang comes near it


@pytest.fixture
def registry(make_registry) -> Path:
    return make_registry(FILES)


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test's own, outside the registry."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(home))
    return home


def validate_cli(run_cli, root: Path, **env):
    return run_cli("validate", "--root", str(root), "--as-of", AS_OF.isoformat(), "--format", "parsable", env=env)


def outcome(result) -> tuple[int, str]:
    return result.exit_code, result.stdout


def no_cache(run_cli, root: Path) -> tuple[int, str]:
    return outcome(validate_cli(run_cli, root, PKS_CACHE="0"))


def target_verdict(store: cache.Store) -> bytes:
    """The cached verdict of the target file while it was clean."""
    return next(bytes(blob) for blob in store.entries.values() if filecheck.Verdict.loads(blob).relpath == TARGET)


def forge(root: Path, secret: bytes | None = None) -> None:
    """Give the leaking target, in the store of the configured cache folder, the clean target's
    verdict: MACed under the store's own key, or under another (a forger without the key)."""
    store = cache.Store(root)
    clean = target_verdict(store)
    for key in store.entries:
        store.get(key)
    store.secret = secret or store.secret
    store.put(cache.key_of(TARGET, LEAKING.encode()), clean)
    store.save()


def test_the_forged_entries_here_would_pass_if_the_cache_trusted_them(registry, cache_home, run_cli):
    """The check of the tests below: an entry MACed with the folder's own key is taken as it is."""
    validate_cli(run_cli, registry)
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    assert "privacy-nik" in no_cache(run_cli, registry)[1]
    forge(registry)
    assert "privacy-nik" not in validate_cli(run_cli, registry).stdout


def test_an_entry_with_a_wrong_mac_is_ignored(registry, cache_home, run_cli):
    validate_cli(run_cli, registry)
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    reference = no_cache(run_cli, registry)
    assert reference[0] == 1 and "privacy-nik" in reference[1]
    forge(registry, secret=os.urandom(cache.KEY_BYTES))
    assert outcome(validate_cli(run_cli, registry)) == reference
    assert outcome(validate_cli(run_cli, registry)) == reference  # and again, from the store that run wrote


def forge_stat(root: Path, secret: bytes | None = None) -> None:
    """Point the leaking target's stat at the clean target's authentic entry (a stale verdict)."""
    store = cache.Store(root)
    for key in store.entries:
        store.get(key)
    store.secret = secret or store.secret
    store.kept_stats[TARGET] = (filecheck.identity(root / TARGET), cache.key_of(TARGET, CLEAN.encode()))
    store.save()


@pytest.mark.parametrize("forger", ["with-the-key", "without-the-key"])
def test_a_stat_pointing_at_another_entry_needs_its_mac(forger, registry, cache_home, run_cli):
    validate_cli(run_cli, registry)
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    reference = no_cache(run_cli, registry)
    forge_stat(registry, secret=None if forger == "with-the-key" else os.urandom(cache.KEY_BYTES))
    if forger == "with-the-key":  # the check of this test: such a stat is taken as it is
        assert "privacy-nik" not in validate_cli(run_cli, registry).stdout
    else:
        assert outcome(validate_cli(run_cli, registry)) == reference


def _reframed(root: Path, change) -> tuple[bytes, bytes]:
    """The store of the configured cache folder with its entries changed by change(kept entries),
    framed as the store frames them: (the store with its MAC as it was, the same with the MAC of
    the changed body under the folder's key)."""
    store = cache.Store(root)
    for key in store.entries:
        store.get(key)
    old = cache.read_private_file(store.file, cache.MAX_STORE_BYTES)
    change(store.kept)
    body = b"".join(store._frames())
    start = len(store.header)
    return old[: start + cache.MAC_BYTES] + body, old[:start] + store._mac(body) + body


@pytest.mark.parametrize("how", ["planted", "swapped"])
def test_an_entry_planted_in_or_swapped_into_an_authentic_store_is_ignored(how, registry, cache_home, run_cli):
    """The store's one MAC covers every entry: an entry added (framed as the store frames it, without
    the key) or an authentic verdict moved under another file's key makes the whole store ignored."""
    validate_cli(run_cli, registry)
    clean = target_verdict(cache.Store(registry))
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    reference = no_cache(run_cli, registry)
    assert reference[0] == 1 and "privacy-nik" in reference[1]
    validate_cli(run_cli, registry)  # the store now holds the leaking target's verdict
    leaking_key = cache.key_of(TARGET, LEAKING.encode())

    def change(kept: dict) -> None:
        if how == "planted":
            kept.pop(leaking_key)
            kept[leaking_key] = clean  # framed last, as if appended
        else:
            kept[leaking_key] = clean

    forged, forged_with_key = _reframed(registry, change)
    store_file = cache.folder_for(registry) / cache.STORE_FILE
    store_file.write_bytes(forged_with_key)  # the check of this test: with the key, the forgery works
    assert "privacy-nik" not in validate_cli(run_cli, registry).stdout
    store_file.write_bytes(forged)
    assert cache.Store(registry).entries == {}
    assert outcome(validate_cli(run_cli, registry)) == reference
    assert outcome(validate_cli(run_cli, registry)) == reference  # and again, from the store that run wrote


def test_a_store_of_the_older_format_is_ignored(registry, cache_home, run_cli):
    """A store written by the code before this format (one MAC per entry, format 3) is not read, even
    under this folder's key, and the next run replaces it."""
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    reference = no_cache(run_cli, registry)
    validate_cli(run_cli, registry)
    store_file = cache.folder_for(registry) / cache.STORE_FILE
    authentic = store_file.read_bytes()
    assert cache.FORMAT == b"pks validate cache 4\n" and authentic.startswith(cache.FORMAT)
    store_file.write_bytes(b"pks validate cache 3\n" + authentic[len(cache.FORMAT) :])
    assert cache.Store(registry).entries == {}
    assert outcome(validate_cli(run_cli, registry)) == reference
    assert store_file.read_bytes().startswith(cache.FORMAT) and cache.Store(registry).entries


def _plant(forged: Path, root: Path) -> None:
    """Copy a working forged cache folder to every place in the checkout a cache could be looked for."""
    name = forged.name
    for place in (root / ".pks-cache", root / ".pks-cache" / name, root / ".pks-cache" / cache.APP_FOLDER / name,
                  root / ".cache" / cache.APP_FOLDER / name):
        shutil.copytree(forged, place, dirs_exist_ok=True)


@pytest.mark.parametrize("where", ["own-cache-folder", "PKS_CACHE_DIR-in-checkout", "XDG_CACHE_HOME-in-checkout",
                                   "HOME-is-checkout"])
def test_a_cache_planted_in_the_repository_is_never_read(where, registry, cache_home, run_cli, tmp_path):
    validate_cli(run_cli, registry)
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    forge(registry)
    assert "privacy-nik" not in validate_cli(run_cli, registry).stdout  # the forged folder works where it was made
    _plant(cache.folder_for(registry), registry)
    reference = no_cache(run_cli, registry)
    env = {
        "own-cache-folder": {cache.FOLDER_VARIABLE: str(tmp_path / "fresh")},
        "PKS_CACHE_DIR-in-checkout": {cache.FOLDER_VARIABLE: str(registry / ".pks-cache")},
        "XDG_CACHE_HOME-in-checkout": {cache.FOLDER_VARIABLE: None, "XDG_CACHE_HOME": str(registry / ".pks-cache")},
        "HOME-is-checkout": {cache.FOLDER_VARIABLE: None, "XDG_CACHE_HOME": None, "HOME": str(registry)},
    }[where]
    before = sorted(p.relative_to(registry) for p in registry.rglob("*"))
    assert outcome(validate_cli(run_cli, registry, **env)) == reference
    assert sorted(p.relative_to(registry) for p in registry.rglob("*")) == before  # nothing written into the checkout


def full(report) -> list[tuple]:
    return [(p, p.params, p.pointer) for p in report.sorted()]


def _outputs(root: Path, use_cache: bool) -> tuple:
    report, shaped = validate.validate(root, AS_OF, jobs=1, use_cache=use_cache)
    return (full(report), dict(report.files_checked), reporters.choose("text")(report, root, "en"),
            reporters.choose("json")(report, root, "id"), [(doc.path, doc.data) for doc in shaped])


def test_random_byte_flips_cost_time_never_the_verdict(registry, cache_home, monkeypatch):
    """300 seeded single-byte changes anywhere in the store (header, verdicts, stats, MACs)."""
    real_time_ns = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_time_ns() + 60 * 1_000_000_000)  # files count as old: stats kept
    (registry / "agencies/bocor.yaml").write_text(LEAKING.replace("sasaran", "bocor"), encoding="utf-8")
    reference = _outputs(registry, use_cache=False)
    _outputs(registry, use_cache=True)
    store_file = cache.folder_for(registry) / cache.STORE_FILE
    pristine = store_file.read_bytes()
    store = cache.Store(registry)
    assert len(store.stats) == len(store.entries) == 5
    assert all(store.get(key) is not None for key in store.entries)
    assert all(store.key_by_stat(relpath, identity) for relpath, (identity, _) in store.stats.items())
    rng = random.Random(8)
    for _ in range(300):
        damaged = bytearray(pristine)
        damaged[rng.randrange(len(damaged))] ^= rng.randrange(1, 256)
        store_file.write_bytes(bytes(damaged))
        assert _outputs(registry, use_cache=True) == reference


@pytest.mark.parametrize("length", [0, 1, 30, 200, -33, -1])
def test_a_truncated_store_costs_time_never_the_verdict(length, registry, cache_home):
    reference = _outputs(registry, use_cache=False)
    _outputs(registry, use_cache=True)
    store_file = cache.folder_for(registry) / cache.STORE_FILE
    store_file.write_bytes(store_file.read_bytes()[:length])
    assert _outputs(registry, use_cache=True) == reference


def run_pks(root: Path, *args: str, env: dict | None = None, script: str | None = None) -> subprocess.CompletedProcess:
    """`pks validate` in a process of its own; a hang fails the test by the timeout."""
    command = [sys.executable, "-c", script, str(root)] if script else [sys.executable, "-m", "site_builder", "validate",
                                                                       "--root", str(root), "--as-of", AS_OF.isoformat(),
                                                                       "--format", "parsable", *args]
    full_env = {**os.environ, "GITHUB_ACTIONS": "", "PKS_LANG": "en", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=full_env)


def _odd(path: Path, kind: str) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
        (path / "isi").write_bytes(b"x")
    elif kind == "too-big":  # sparse: no disk, but reading it would take its size in memory
        path.touch(mode=0o600)
        os.truncate(path, cache.MAX_STORE_BYTES + 1)
        assert cache.read_private_file(path, cache.MAX_STORE_BYTES) is None


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "folder", "too-big"])
@pytest.mark.parametrize("which", [cache.STORE_FILE, cache.KEY_FILE])
def test_an_odd_kind_of_file_in_the_cache_costs_nothing(which, kind, registry, cache_home):
    (registry / TARGET).write_text(LEAKING, encoding="utf-8")
    reference = run_pks(registry, env={"PKS_CACHE": "0"})
    assert reference.returncode == 1 and "privacy-nik" in reference.stdout
    assert run_pks(registry).returncode == 1  # a store and a key to put odd things in place of
    _odd(cache.folder_for(registry) / which, kind)
    for _ in range(2):  # the run after the odd one, too
        result = run_pks(registry)
        assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout)
        assert "Traceback" not in result.stderr


KILLED_WHILE_SAVING = """
import os, signal, sys
print(os.getpid(), file=sys.stderr, flush=True)
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # the moment between writing and renaming
from site_builder.cli import main
main(["validate", "--root", sys.argv[1], "--format", "parsable"])
"""


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_save_killed_halfway_leaves_nothing_behind(registry, cache_home):
    assert run_pks(registry).returncode == 1
    folder = cache.folder_for(registry)
    for _ in range(3):  # three killed runs, each with a file edited so that it saves
        (registry / "agencies/induk.yaml").write_text(agency("induk") + f"# {time.time_ns()}\n", encoding="utf-8")
        killed = run_pks(registry, script=KILLED_WHILE_SAVING)
        assert killed.returncode == -signal.SIGKILL
        pid = killed.stderr.split()[0]
        assert _temporaries(folder) == [f".{cache.STORE_FILE}.{pid}.tmp"]  # the last killed run's only: none pile up
    reference = run_pks(registry, env={"PKS_CACHE": "0"})
    result = run_pks(registry)
    assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout)
    assert _temporaries(folder) == []
    store = cache.Store(registry)
    assert store.entries and all(store.get(key) is not None for key in store.entries)


def test_a_cache_folder_that_cannot_be_made_means_a_run_without_cache(registry, tmp_path, run_cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    reference = no_cache(run_cli, registry)
    result = validate_cli(run_cli, registry, **{cache.FOLDER_VARIABLE: str(blocker / "cache")})
    assert (outcome(result), result.stderr) == (reference, "")


def test_the_key_is_private_and_lives_in_the_cache_folder(registry, cache_home, run_cli):
    validate_cli(run_cli, registry)
    folder = cache.folder_for(registry)
    assert folder.is_relative_to(cache_home) and not folder.resolve().is_relative_to(registry.resolve())
    key = folder / cache.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == cache.KEY_BYTES
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / cache.STORE_FILE).stat().st_mode) == 0o600
    assert not (registry / ".pks-cache").exists()


def test_a_key_others_can_read_is_replaced(registry, cache_home, run_cli):
    validate_cli(run_cli, registry)
    key = cache.folder_for(registry) / cache.KEY_FILE
    old = key.read_bytes()
    key.chmod(0o644)
    reference = no_cache(run_cli, registry)
    assert outcome(validate_cli(run_cli, registry)) == reference
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_the_cache_folder_follows_the_users_cache_directory(tmp_path, monkeypatch):
    one, other = tmp_path / "satu", tmp_path / "dua"
    monkeypatch.delenv(cache.FOLDER_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder_for(one).parent == tmp_path / "xdg" / cache.APP_FOLDER
    assert cache.folder_for(one) == cache.folder_for(tmp_path / "x" / ".." / "satu") != cache.folder_for(other)
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif/cache")  # not absolute: ignored, as the XDG rules say
    monkeypatch.setenv("HOME", str(tmp_path / "rumah"))
    assert cache.folder_for(one).parent == tmp_path / "rumah" / ".cache" / cache.APP_FOLDER
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "uji"))
    assert cache.folder_for(one).parent == tmp_path / "uji"
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(one / "cache"))
    assert cache.folder_for(one) is None
