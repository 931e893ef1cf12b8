"""Issue 12, target 2: the fast pre-commit path (`pks validate FILE`) gives a cold run's verdict.

What makes it fast, each proved here against a run without cache (PKS_CACHE=0): the named files
judged by a forked process while this one reads the summary table (and that process failing);
the registry walked in that process when nothing named needs judging; files and stats found in
one walk (same files, same order, same stats as before); a run that changes few summaries writing
only a small delta, authenticated and bound to the table it was written for (flipped, truncated,
replayed onto another table, or forged without the key: ignored); and a file edited without
changing its size or its mtime (the ctime gives it away: the kernel sets it on every write and no
program can set it back).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from site_builder.validation import cache, filecheck, sources, validate
from test_scale_summaries import AS_OF, EDITS, _agreement_with, _relpaths, _replace, full, registry  # noqa: F401 (fixture)

def fork_unsafe() -> bool:
    """Threads running (a test worker's, say): by design no second process, everything judged here."""
    return threading.active_count() != 1


@pytest.fixture
def files_count_as_old(monkeypatch):
    """Runs a minute later than the files were written: their stats are remembered with their summaries."""
    real_time_ns = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_time_ns() + 60 * 1_000_000_000)


@pytest.fixture
def judged_here(monkeypatch) -> list[str]:
    """The files this process judges (a forked child's calls land in the child, not in this list)."""
    judged: list[str] = []
    real = filecheck.check_file
    monkeypatch.setattr(filecheck, "check_file", lambda root, relpath, *a: judged.append(relpath) or real(root, relpath, *a))
    return judged


def precommit(root: Path, relpath: str, jobs: int = 2):
    report, _ = validate.validate(root, AS_OF, records=False, only={relpath}, jobs=jobs)
    return full(report.only({relpath})), dict(report.files_checked)


def cold(root: Path, relpath: str):
    report, _ = validate.validate(root, AS_OF, use_cache=False, jobs=1)
    return full(report.only({relpath})), dict(report.files_checked)


def summaries_of(root: Path) -> cache.Summaries:
    index = cache.Summaries(root)
    assert index.table is not None  # read now (it is read when first asked for)
    return index


def table_files(root: Path) -> tuple[Path, Path]:
    folder = cache.folder_for(root)
    return folder / cache.SUMMARY_FILE, folder / cache.DELTA_FILE


def test_edits_one_after_another_give_the_cold_report_from_table_and_delta(registry, files_count_as_old, judged_here):
    """Each edit is judged by the second process and written as a delta; the table stays as it was."""
    validate.validate(registry, AS_OF, records=False)  # fills the table
    validate.validate(registry, AS_OF, records=False)  # remembers the stats of files that count as old
    table, delta = table_files(registry)
    written = table.stat()
    for edit in EDITS:
        named = _relpaths(registry, edit(registry))  # the edited file first, then those the edit affects
        expected = {relpath: cold(registry, relpath) for relpath in named}
        assert any(problems for problems, _ in expected.values()), f"{edit.__name__} must give a named file a problem"
        judged_here.clear()
        assert precommit(registry, named[0]) == expected[named[0]], edit.__name__
        assert (named[0] in judged_here) == fork_unsafe()  # the child judged it (where fork is safe)
        for relpath in named[1:]:  # named one by one, as a hook would
            assert precommit(registry, relpath) == expected[relpath], (edit.__name__, relpath)
        assert delta.is_file() and (table.stat().st_ino, table.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert summaries_of(registry).delta  # read back, authenticated
    whole, _ = validate.validate(registry, AS_OF, records=False)
    reference, _ = validate.validate(registry, AS_OF, use_cache=False)
    assert full(whole) == full(reference)


def test_a_child_that_dies_means_the_named_files_are_judged_here(registry, monkeypatch, judged_here):
    validate.validate(registry, AS_OF, records=False)
    named = _relpaths(registry, EDITS[2](registry))  # end_moved_earlier
    parent = os.getpid()
    real = validate._schemas
    monkeypatch.setattr(validate, "_schemas", lambda root: os._exit(3) if os.getpid() != parent else real(root))
    assert precommit(registry, named[0]) == cold(registry, named[0])
    assert named[0] in judged_here


def test_a_file_saved_again_after_the_child_read_it_is_judged_from_its_bytes_now(registry, monkeypatch, judged_here):
    """An editor saves while the hook runs: the child judged the bytes before the save, this process's
    walk sees the file after it. The report is that of the bytes on disk, never the child's old verdict."""
    assert not fork_unsafe(), f"a thread left running by an earlier test keeps the second process away: {threading.enumerate()}"
    validate.validate(registry, AS_OF, records=False)
    named = _relpaths(registry, EDITS[1](registry))[0]
    saved_later = (registry / named).read_text(encoding="utf-8") + "\nnot: [closed\n"
    parent = os.getpid()
    real_check, real_walk = filecheck.check_file, sources.discover_stats

    def check_then_save(root, relpath, *args):
        out = real_check(root, relpath, *args)
        if os.getpid() != parent and relpath == named:
            (registry / named).write_text(saved_later, encoding="utf-8")  # in the child, right after its read
        return out

    def walk_late(*args, **kwargs):
        if os.getpid() == parent:
            time.sleep(0.5)  # this process descheduled: its walk comes after the save
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(filecheck, "check_file", check_then_save)
    monkeypatch.setattr(sources, "discover_stats", walk_late)
    shown, _ = precommit(registry, named)
    monkeypatch.setattr(filecheck, "check_file", real_check)
    monkeypatch.setattr(sources, "discover_stats", real_walk)
    assert (registry / named).read_text(encoding="utf-8") == saved_later
    expected, _ = cold(registry, named)
    assert "yaml-syntax" in str(expected)
    assert shown == expected


def test_one_process_judges_everything_itself_with_pks_jobs_1(registry, judged_here):
    validate.validate(registry, AS_OF, records=False)
    named = _relpaths(registry, EDITS[1](registry))
    assert precommit(registry, named[0], jobs=1) == cold(registry, named[0])
    assert named[0] in judged_here


@pytest.mark.parametrize("what", ["folder", "unchanged-file"])
def test_the_walk_of_the_second_process_gives_the_cold_report(registry, what):
    """With nothing named to judge, the child walks the registry while this process reads the table."""
    validate.validate(registry, AS_OF, records=False)
    edited = _relpaths(registry, EDITS[4](registry))  # plan_names_a_missing_scope_item
    validate.validate(registry, AS_OF, records=False)  # the edit is in the table now: nothing left to judge
    named = edited[0].rsplit("/", 2)[0] if what == "folder" else edited[0]
    assert precommit(registry, named) == cold(registry, named)
    assert precommit(registry, named)[0]  # the plan's problem, found from its summary


def _discover_as_before(root: Path) -> list[str]:
    """The discovery this walk replaces: every file and link, hidden names skipped, sorted by parts."""
    found = []
    for top in ("agencies", "agreements"):
        if (root / top).is_symlink():
            found.append(top)
            continue
        for path in (root / top).rglob("*"):
            relpath = path.relative_to(root).as_posix()
            if any(part.startswith(".") for part in relpath.split("/")):
                continue
            if path.is_symlink() or (path.is_file() and not path.is_symlink()):
                found.append(relpath)
    return sorted(found, key=lambda relpath: relpath.split("/"))


def test_one_walk_lists_the_same_files_in_the_same_order_with_the_same_stats(registry, tmp_path):
    for relpath in ("agreements/a-b/x.yaml", "agreements/a/x.yaml", "agreements/a.b/x.yaml", "agreements/a/y.yml",
                    "agreements/a/.tersembunyi.yaml", "agreements/.git/x.yaml", "agencies/Z.yaml", "agencies/z/z.yaml"):
        (registry / relpath).parent.mkdir(parents=True, exist_ok=True)
        (registry / relpath).write_text("id: x\n", encoding="utf-8")
    (registry / "agencies/tautan.yaml").symlink_to(tmp_path)
    (registry / "agencies/besar.yaml").write_bytes(b"#" * (sources.MAX_BYTES + 1))
    os.mkfifo(registry / "agencies/pipa.yaml")
    found = sources.discover_stats(registry)
    assert [relpath for relpath, _ in found] == _discover_as_before(registry) == sources.discover_relpaths(registry)
    assert all(identity == filecheck.identity(registry / relpath) for relpath, identity in found)
    stats = dict(found)
    assert stats["agencies/tautan.yaml"] is None and stats["agencies/besar.yaml"] is None
    assert "agencies/pipa.yaml" not in stats  # neither a file nor a link: never listed, as before


@pytest.fixture
def edited(registry, files_count_as_old) -> tuple[Path, str, tuple]:
    """A table and delta written, then one agreement edited to end in 2001 (an error in that file);
    returns the registry, the file and a cold run's outcome for it."""
    validate.validate(registry, AS_OF, records=False)
    validate.validate(registry, AS_OF, records=False)
    first = _relpaths(registry, EDITS[0](registry))[1]  # some other edit first, so that a delta exists
    precommit(registry, first)
    agreement = _agreement_with(registry, r'^  end: "\d{4}-\d\d-\d\d"$')
    _replace(agreement, r'^  end: "\d{4}-\d\d-\d\d"$', '  end: "2001-01-01"')
    relpath = agreement.relative_to(registry).as_posix()
    expected = cold(registry, relpath)
    assert expected[0]
    assert precommit(registry, relpath) == expected
    return registry, relpath, expected


def _forge_delta(root: Path, relpath: str, secret: bytes | None) -> None:
    """A delta that gives the edited file, at its current stat, the summary of its clean bytes:
    MACed under the folder's own key (what only this user's pks can write) or another one."""
    index = summaries_of(root)
    clean = index.base[relpath]
    identity = filecheck.identity(root / relpath)
    index.secret = secret or index.secret
    forged = {**index.delta, relpath: (cache.seal(identity, cache.seal_key(clean[0])), clean[1])}
    index._write(cache.DELTA_FILE, index.delta_header, __import__("marshal").dumps(forged), b"D", index.base_mac)


def test_a_delta_forged_here_would_pass_if_it_were_trusted(edited):
    """Proves the forgeries below are real ones: under the folder's key the clean summary is used."""
    registry, relpath, expected = edited
    _forge_delta(registry, relpath, None)
    forged = {problem.code for problem, *_ in precommit(registry, relpath)[0]}
    assert forged < {problem.code for problem, *_ in expected[0]}  # the date error is gone: the cache decided it


def test_a_delta_forged_without_the_key_is_ignored(edited):
    registry, relpath, expected = edited
    _forge_delta(registry, relpath, b"k" * cache.KEY_BYTES)
    assert summaries_of(registry).delta == {}
    assert precommit(registry, relpath) == expected


@pytest.mark.parametrize("damage", ["flip-first", "flip-middle", "flip-last", "truncate-0", "truncate-40", "truncate-1"])
@pytest.mark.parametrize("which", [cache.SUMMARY_FILE, cache.DELTA_FILE])
def test_a_damaged_delta_or_table_costs_time_never_the_verdict(edited, which, damage):
    registry, relpath, expected = edited
    file = cache.folder_for(registry) / which
    pristine = file.read_bytes()
    kind, _, where = damage.partition("-")
    if kind == "flip":
        at = {"first": 0, "middle": len(pristine) // 2, "last": len(pristine) - 1}[where]
        damaged = bytearray(pristine)
        damaged[at] ^= 0x20
        file.write_bytes(bytes(damaged))
    else:
        file.write_bytes(pristine[: int(where) if where != "1" else len(pristine) - 1])
    assert summaries_of(registry).delta == {}
    assert precommit(registry, relpath) == expected
    assert precommit(registry, relpath) == expected  # and the run after, from what that run wrote


def test_a_delta_counts_only_on_the_table_it_was_written_for(edited, monkeypatch):
    """An old delta put back beside a newer table (a replay) is ignored."""
    registry, relpath, expected = edited
    table, delta = table_files(registry)
    old_delta = delta.read_bytes()
    assert summaries_of(registry).delta
    monkeypatch.setattr(cache, "DELTA_MOST", 0)  # the next change rewrites the whole table
    other = _relpaths(registry, EDITS[1](registry))[0]
    precommit(registry, other)
    assert not delta.exists()
    delta.write_bytes(old_delta)
    delta.chmod(0o600)
    assert summaries_of(registry).delta == {}
    assert precommit(registry, relpath) == cold(registry, relpath)


def test_an_edit_that_keeps_size_and_mtime_is_seen(registry, files_count_as_old):
    """The stat kept with a summary holds the ctime: same size, mtime set back, yet a new verdict."""
    validate.validate(registry, AS_OF, records=False)
    validate.validate(registry, AS_OF, records=False)
    agreement = _agreement_with(registry, r'^  end: "\d{4}-\d\d-\d\d"$')
    relpath = agreement.relative_to(registry).as_posix()
    assert precommit(registry, relpath) == cold(registry, relpath)
    before = os.lstat(agreement)
    remembered = cache.seal_stat(summaries_of(registry).table[relpath][0])
    assert remembered == filecheck.identity(agreement)  # found by its stat until now
    time.sleep(0.02)  # past the file system's timestamp tick
    text = agreement.read_text(encoding="utf-8")
    changed = re.sub(r'^  end: "\d{4}-\d\d-\d\d"$', '  end: "2001-01-01"', text, count=1, flags=re.M)
    assert len(changed.encode()) == len(text.encode()) and changed != text
    agreement.write_text(changed, encoding="utf-8")
    os.utime(agreement, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.lstat(agreement)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    expected = cold(registry, relpath)
    assert expected[0]  # the edit is an error, which a stale verdict would hide
    assert precommit(registry, relpath) == expected
    assert precommit(registry, relpath, jobs=1) == expected


@pytest.mark.parametrize("share", [0.0, 0.3, 0.5, 0.99])
def test_two_parts_of_the_walk_are_the_whole_walk(registry, tmp_path, share):
    """The second process walks from a place, this one up to it: together the one walk, each file once,
    in order, including names that sort around the place (a-b/ and a/, a file directly in agreements/)."""
    for relpath in ("agreements/a-b/x.yaml", "agreements/a/x.yaml", "agreements/a.b/x.yaml", "agreements/a.yaml",
                    "agreements/.git/x.yaml", "agencies/z/z.yaml"):
        (registry / relpath).parent.mkdir(parents=True, exist_ok=True)
        (registry / relpath).write_text("id: x\n", encoding="utf-8")
    (registry / "agreements/tautan").symlink_to(tmp_path)
    whole = sources.discover_stats(registry)
    split = sources.walk_split(registry, share)
    assert split is not None and split[0] == "agreements"
    here, there = sources.discover_stats(registry, stop=split), sources.discover_stats(registry, start=split)
    assert here and there and here + there == whole
    assert sources.discover_stats(registry, start=("agencies", "")) == whole  # the child's whole walk
    assert sources.discover_stats(registry, stop=("agencies", "")) == []
    for name in ("a", "a-b", "a.yaml", "tautan"):  # a split at any name, files and links too
        assert sources.discover_stats(registry, stop=("agreements", name)) + sources.discover_stats(
            registry, start=("agreements", name)) == whole


def test_no_split_of_an_agreements_folder_that_is_a_link_or_missing(registry, tmp_path):
    (registry / "agreements").rename(tmp_path / "elsewhere")
    assert sources.walk_split(registry, 0.5) is None
    (registry / "agreements").symlink_to(tmp_path / "elsewhere")
    assert sources.walk_split(registry, 0.5) is None
    whole = sources.discover_stats(registry)
    assert ("agreements", None) in whole
    assert sources.discover_stats(registry, start=("agencies", "")) == whole


@pytest.mark.parametrize("edit", [0, 1, 2, 3, 4], ids=lambda i: EDITS[i].__name__)
def test_the_walk_shared_between_the_processes_gives_the_cold_report(registry, files_count_as_old, edit):
    """After each edit, the named files and one unchanged file in each process's part of the walk
    (before and after the split place): the cold run's report."""
    assert not fork_unsafe(), f"a thread left running by an earlier test keeps the second process away: {threading.enumerate()}"
    validate.validate(registry, AS_OF, records=False)
    validate.validate(registry, AS_OF, records=False)
    named = _relpaths(registry, EDITS[edit](registry))
    split = sources.walk_split(registry, validate.WALKED_HERE_WHEN_JUDGING_AHEAD)
    assert split is not None
    for relpath in named:
        assert precommit(registry, relpath) == cold(registry, relpath), relpath
    before = [r for r in sources.discover_relpaths(registry) if tuple(r.split("/")[:2]) < split]
    here = next((r for r in before if r.startswith("agreements/")), before[-1])  # an agency when no agreement is here
    there = next(r for r in sources.discover_relpaths(registry) if tuple(r.split("/")[:2]) >= split)
    for relpath in (here, there):
        assert precommit(registry, relpath) == cold(registry, relpath), relpath


def test_a_child_that_dies_before_sending_its_walk_means_this_process_walks_it(registry, monkeypatch):
    assert not fork_unsafe(), f"a thread left running by an earlier test keeps the second process away: {threading.enumerate()}"
    validate.validate(registry, AS_OF, records=False)
    named = _relpaths(registry, EDITS[3](registry))[0]
    parent = os.getpid()
    real_walk = sources.discover_stats
    walked_here: list = []

    def walk(root, *args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)  # the child, before its walk is sent
        walked_here.append(kwargs)
        return real_walk(root, *args, **kwargs)

    monkeypatch.setattr(sources, "discover_stats", walk)
    shown = precommit(registry, named)
    monkeypatch.setattr(sources, "discover_stats", real_walk)
    assert shown == cold(registry, named)
    split = sources.walk_split(registry, validate.WALKED_HERE_WHEN_JUDGING_AHEAD)
    assert walked_here == [{"stop": split}, {"start": split}]  # its own part, then the child's


# The pks program (site_builder.cli.run) with an exit handler and an object whose release says so.
PROGRAM_WITH_WITNESSES = """import atexit, os
class Freed:
    def __del__(self, write=os.write):
        write(1, b"freed\\n")
kept = Freed()
atexit.register(print, "exit handler ran")
from site_builder.cli import run
run()
"""


def _program(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PKS_LANG")}
    return subprocess.run([sys.executable, "-c", PROGRAM_WITH_WITNESSES, *args], capture_output=True, text=True, env=env,
                          check=False)


def test_pks_validate_ends_without_teardown_keeping_its_output_and_exit_code(registry, run_cli):
    """The program leaves `pks validate` by os._exit: exit handlers run and the whole report arrives
    with its exit code, but objects are not freed one by one (no "freed"). Under click's test runner
    the process goes on; another outcome (a usage error) ends the normal way."""
    relpath = _relpaths(registry, EDITS[2](registry))[0]
    args = ("validate", "--root", str(registry), "--as-of", AS_OF.isoformat(), "--format", "parsable", str(registry / relpath))
    expected = run_cli(*args)
    assert expected.exit_code == 1 and expected.stdout.strip()
    for _ in range(2):  # the table built, then read
        ran = _program(*args)
        assert (ran.returncode, ran.stdout) == (1, expected.stdout + "exit handler ran\n"), ran.stderr
    clean = _program("validate", "--root", str(registry), "--as-of", AS_OF.isoformat(), str(registry / "agencies"))
    assert clean.returncode == 0 and clean.stdout.endswith("exit handler ran\n") and "freed" not in clean.stdout
    usage = _program("validate", "--root", str(registry), str(registry / "tidak-ada.yaml"))
    assert usage.returncode == 2 and usage.stdout == "exit handler ran\nfreed\n"  # the normal exit, as before


def test_a_seal_holds_the_stat_and_key_and_starts_with_that_stat_only():
    key, stat = bytes(range(20)), (5951166, 704, 1796082890374209228, 1796083046889807689)
    sealed = cache.seal(stat, key)
    assert cache.seal_key(sealed) == key and cache.seal_stat(sealed) == stat
    assert sealed.startswith(cache.stat_seal(stat))
    for other in ((5951167, 704, *stat[2:]), (stat[0], 705, *stat[2:]), (*stat[:3], stat[3] + 1)):
        assert not sealed.startswith(cache.stat_seal(other))
    bare = cache.seal(None, key)  # no stat remembered: found by the key of the bytes only
    assert cache.seal_key(bare) == key and cache.seal_stat(bare) is None
    assert not bare.startswith(cache.stat_seal(stat))
    huge = (2**64, 704, 0, 0)  # a number no seal holds: not remembered, and matching no seal
    assert cache.seal(huge, key) == bare
    assert not any(s.startswith(cache.stat_seal(huge)) for s in (sealed, bare, cache.seal(huge, key)))


def test_a_table_of_the_former_format_is_ignored_even_under_the_folders_key(edited):
    """A table written by the code before this format (stat as four integers, MACed under this
    folder's key): its header names the other format, so it is not read; one slower run."""
    registry, relpath, expected = edited
    index = summaries_of(registry)
    former = {r: (cache.seal_stat(entry[0]), cache.seal_key(entry[0]), entry[1]) for r, entry in index.base.items()}
    header = b"pks validate summaries 1\n" + index.fingerprint + b"\n"
    body = __import__("marshal").dumps(former)
    (cache.folder_for(registry) / cache.SUMMARY_FILE).write_bytes(header + index._mac(body, b"M") + body)
    assert summaries_of(registry).table == {}
    assert precommit(registry, relpath) == expected
    assert summaries_of(registry).table  # written again, in this format
    assert precommit(registry, relpath) == expected


def test_what_a_run_keeps_for_the_exit_changes_nothing_and_only_the_program_keeps_it(registry, run_cli):
    """validate(keep=...) hands its large objects to the caller (the program drops them by os._exit);
    the report is the same, and under click's test runner nothing is kept."""
    relpath = _relpaths(registry, EDITS[2](registry))[0]
    validate.validate(registry, AS_OF, records=False)
    kept: list[object] = []
    report, _ = validate.validate(registry, AS_OF, records=False, only={relpath}, keep=kept)
    assert full(report.only({relpath})) == cold(registry, relpath)[0]
    assert any(isinstance(item, cache.Summaries) for item in kept) and len(kept) > 2
    from site_builder import cli

    run_cli("validate", "--root", str(registry), "--as-of", AS_OF.isoformat(), str(registry / relpath))
    assert cli._kept_for_exit == [] and not cli._as_program
