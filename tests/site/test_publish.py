"""Publishing never breaks what is live: builds killed at each stage, two builds at once, folders
that must never be replaced, bad option values, a shallow git history, a C locale.

Builds that are killed run as real `python -m site_builder build` processes. PKS_TEST_PAUSE_AT
makes one stop at a stage (publish.checkpoint) and say so on stderr; the test then kills it, or
closes its stdin to let it finish. Nothing here waits for a fixed time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import AS_OF, REPO, build_into, copy_registry, site_files
from site_builder.site import publish, engine as site

pytestmark = pytest.mark.slow

NEXT_DAY = AS_OF + dt.timedelta(days=1)
STAGES = ("mkdocs", "exports", "search", "swap", "swapped")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """A registry copy, its site as of AS_OF (the live site each test starts from) and, for
    comparison, a clean build as of NEXT_DAY (what a completed later build must publish)."""
    base = tmp_path_factory.mktemp("publish")
    root = copy_registry(base / "registry")
    build_into(root, base / "live", AS_OF)
    build_into(root, base / "next", NEXT_DAY)
    return {"root": root, "live": site_files(base / "live"), "next": site_files(base / "next"), "live_dir": base / "live"}


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PKS_LANG", "SOURCE_DATE_EPOCH", publish.PAUSE_ENV)}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # the lock files of these builds, shared by them
    return {**env, **extra}


def _start(root: Path, site_dir: Path, as_of: dt.date, env: dict[str, str], pause: str | None = None) -> subprocess.Popen:
    if pause:
        env = {**env, publish.PAUSE_ENV: pause}
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--site-dir", str(site_dir),
                             "--as-of", as_of.isoformat()], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_paused(process: subprocess.Popen, stage: str) -> None:
    seen = []
    for line in process.stderr:
        if line.strip() == f"{publish.PAUSED} {stage}":
            return
        seen.append(line)
    process.wait()
    pytest.fail(f"the build ended (exit {process.returncode}) without reaching {stage}: {''.join(seen)}")


def _close(process: subprocess.Popen) -> None:
    for pipe in (process.stdin, process.stdout, process.stderr):
        if not pipe.closed:
            pipe.close()


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    _close(process)


def _siblings(site_dir: Path) -> list[str]:
    """What else is beside the site folder, apart from its lock file (which stays between builds)."""
    lock = publish.lock_path(site_dir).name
    return sorted(p.name for p in site_dir.parent.iterdir() if p.name not in (site_dir.name, lock))


def _live_copy(built: dict, target: Path) -> Path:
    shutil.copytree(built["live_dir"], target)
    return target


@pytest.mark.parametrize("stage", STAGES)
def test_a_build_killed_at_any_stage_leaves_a_whole_site_and_the_next_build_cleans_up(built, tmp_path, stage):
    site_dir = _live_copy(built, tmp_path / "out" / "site")
    process = _start(built["root"], site_dir, NEXT_DAY, _environment(tmp_path), pause=stage)
    _wait_paused(process, stage)
    staging = [name for name in _siblings(site_dir) if ".pks-new-" in name]
    assert len(staging) == 1  # the build works next to the site, never in it
    if stage == "mkdocs":  # MkDocs has started writing, no page yet
        written = site_files(site_dir.parent / staging[0])
        assert written and "index.html" not in written
    if stage == "exports":  # some exports written (aside, before the pages: build.py), others not yet
        written = site_files(site_dir.parent / staging[0] / publish.EXPORTS_ASIDE)
        exported = {name for name in built["live"] if name.startswith(("data/", "schema/")) and not name.endswith(".html")}
        assert "index.html" not in site_files(site_dir.parent / staging[0]) and len(exported & written.keys()) == 1
    _kill(process)

    # Killed before the swap: the previous site, byte for byte. Killed after it: the new one, whole.
    assert site_files(site_dir) == (built["next"] if stage == "swapped" else built["live"])
    assert _siblings(site_dir)  # what the killed build left behind, hidden next to the site

    build_into(built["root"], site_dir, NEXT_DAY)
    assert site_files(site_dir) == built["next"]
    assert _siblings(site_dir) == []


def test_a_failed_build_leaves_the_previous_site_whole(built, tmp_path):
    site_dir = _live_copy(built, tmp_path / "out" / "site")
    root = copy_registry(tmp_path / "registry")
    (root / "docs/catatan.md").write_text("# Catatan\n\n[hilang](tidak-ada.md)\n", encoding="utf-8")
    with pytest.raises(site.SiteError, match="tidak-ada.md"):  # MkDocs strict fails half way
        build_into(root, site_dir, NEXT_DAY)
    assert site_files(site_dir) == built["live"] and _siblings(site_dir) == []


def test_two_builds_at_once_one_is_refused_and_the_site_is_the_others(built, tmp_path):
    site_dir = _live_copy(built, tmp_path / "out" / "site")
    env = _environment(tmp_path)
    days = {AS_OF: "live", NEXT_DAY: "next"}
    # Both stop in MkDocs if they get that far; only one can hold the lock.
    processes = {day: _start(built["root"], site_dir, day, env, pause="mkdocs") for day in days}
    refused = None
    while refused is None:
        for day, process in processes.items():
            try:
                process.wait(timeout=0.2)
                refused = day
            except subprocess.TimeoutExpired:
                pass
    winner = next(day for day in days if day != refused)
    loser_stderr = processes[refused].stderr.read()
    assert processes[refused].returncode == 2, loser_stderr
    assert "sedang membangun" in loser_stderr and "is building" in loser_stderr
    assert "Traceback" not in loser_stderr
    _wait_paused(processes[winner], "mkdocs")
    out, err = processes[winner].communicate("")  # closing stdin lets it finish
    assert processes[winner].returncode == 0, err
    assert site_files(site_dir) == built[days[winner]]
    assert _siblings(site_dir) == []
    for process in processes.values():
        _close(process)


@pytest.mark.parametrize("other", ["same checkout, other site folder", "other checkout, same site folder",
                                   "other user, other checkout, same site folder"])
def test_a_build_waits_for_no_one_it_says_who_is_building(built, tmp_path, other):
    site_dir = _live_copy(built, tmp_path / "out" / "site")
    env = _environment(tmp_path)
    first = _start(built["root"], site_dir, NEXT_DAY, env, pause="mkdocs")
    _wait_paused(first, "mkdocs")
    if other.startswith("same checkout"):
        second = _start(built["root"], tmp_path / "elsewhere", AS_OF, env)
    elif other.startswith("other checkout"):
        second = _start(copy_registry(tmp_path / "copy"), site_dir, AS_OF, env)
    else:  # another user: a cache folder (where the checkout locks live) of their own
        other_env = {**env, "XDG_CACHE_HOME": str(tmp_path / "other-user-cache")}
        second = _start(copy_registry(tmp_path / "copy"), site_dir, AS_OF, other_env)
    _, err = second.communicate()
    assert second.returncode == 2, err
    assert f"(proses {first.pid})" in err
    _kill(first)
    assert site_files(site_dir) == built["live"]
    assert not (tmp_path / "elsewhere").exists()


def _open_files() -> set[str]:
    """What this process's descriptors refer to (Linux: /proc/self/fd)."""
    folder = Path("/proc/self/fd")
    found = set()
    for fd in os.listdir(folder):
        try:
            found.add(os.readlink(folder / fd))
        except OSError:  # the descriptor listdir itself used
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_forked_build_process_holds_no_copy_of_the_builds_locks(tmp_path):
    """A flock belongs to the open file: a forked process (the second build process, the exports') that
    kept a copy would hold the lock after its killed parent, and the next build would be refused as busy."""
    root, site_dir = tmp_path / "registry", tmp_path / "out" / "site"
    root.mkdir()
    with publish.exclusive(root, site_dir):
        held = {str(path) for path in _open_files() if "pks-lock" in path or path.endswith(".lock")}
        assert str(publish.lock_path(site_dir)) in held
        with site.Forked(lambda: sorted(_open_files())) as child:
            in_child = child.result()
    assert not held & set(in_child), held & set(in_child)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A registry with git history in two commits: agencies first, then the agreements."""
    root = copy_registry(tmp_path_factory.mktemp("repo") / "registry")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "agencies", "schema", "docs", "mkdocs.yml")
    _git(root, "commit", "-qm", "instansi")
    _git(root, "add", "agreements")
    _git(root, "commit", "-qm", "perjanjian")
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["agencies", "agreements", "agreements/rutan-barabai", "schema", "docs", "docs/baru",
                                    ".git", ".git/objects", ".", "..", "site_builder"])
def test_a_folder_of_the_registry_or_holding_it_is_never_the_site(repository, run_cli, target):
    (repository / "site_builder").mkdir(exist_ok=True)
    (repository / "site_builder" / "keep.py").write_text("# not ours to delete\n", encoding="utf-8")
    before = _tree(repository)
    result = run_cli("build", "--root", str(repository), "--site-dir", str(repository / target), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "mengganti seluruh isi folder situs" in result.output or "tidak dibuat oleh `pks build`" in result.output
    assert _tree(repository) == before
    assert not (repository / "docs/baru").exists()


def test_a_non_empty_folder_pks_did_not_make_is_refused_an_empty_one_is_used(built, tmp_path, run_cli):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "family.jpg").write_bytes(b"\xff\xd8 not ours")
    result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(foreign), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 2
    assert "tidak dibuat oleh `pks build`" in result.output and publish.MARKER in result.output
    assert _tree(foreign) == {"family.jpg": b"\xff\xd8 not ours"}
    assert _siblings(foreign) == []

    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("build", "--root", str(built["root"]), "--site-dir", str(empty), "--as-of", AS_OF.isoformat()).exit_code == 0
    assert site_files(empty) == built["live"]

    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(a_file), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 2 and a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("option, value, says", [
    ("--as-of", "9999-12-31", "di luar rentang"),
    ("--as-of", "2106-02-08", "di luar rentang"),
    ("--as-of", "1969-12-31", "di luar rentang"),
    ("--as-of", "20230213", "bukan tanggal TTTT-BB-HH"),
    ("--as-of", "2023-W07-1", "bukan tanggal TTTT-BB-HH"),
    ("--as-of", "2023-02-30", "bukan tanggal TTTT-BB-HH"),
    ("--as-of", "2023-02-13T00:00", "bukan tanggal TTTT-BB-HH"),
    ("--warn-days", "-1", "di luar rentang 0 sampai"),
    ("--warn-days", "100000", "di luar rentang 0 sampai"),
    ("--warn-days", "banyak", "banyak"),
])
def test_a_bad_option_value_exits_2_with_a_message_and_touches_nothing(built, tmp_path, run_cli, option, value, says):
    site_dir = _live_copy(built, tmp_path / "out" / "site")
    args = {"--as-of": AS_OF.isoformat(), "--warn-days": "90", option: value}
    result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(site_dir), *[x for kv in args.items() for x in kv])
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert site_files(site_dir) == built["live"] and _siblings(site_dir) == []


@pytest.mark.parametrize("epoch", ["soon", "99999999999", "-1"])
def test_a_bad_source_date_epoch_exits_2(built, tmp_path, run_cli, epoch):
    result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(tmp_path / "site"),
                     env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 2, result.output
    assert f"SOURCE_DATE_EPOCH='{epoch}'" in result.output
    assert not (tmp_path / "site").exists()


def _read_only(folder: Path) -> bool:
    """Makes folder unwritable even for root (immutable attribute) where possible."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def test_a_read_only_parent_folder_exits_2_and_leaves_the_site(built, tmp_path, run_cli):
    parent = tmp_path / "readonly"
    site_dir = _live_copy(built, parent / "site")
    if not _read_only(parent):
        pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
    try:
        result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(site_dir), "--as-of", NEXT_DAY.isoformat())
        assert result.exit_code == 2, result.output
        assert "tidak dapat menulis di" in result.output
        assert site_files(site_dir) == built["live"] and _siblings(site_dir) == []
        result = run_cli("build", "--root", str(built["root"]), "--site-dir", str(parent / "new" / "site"))
        assert result.exit_code == 2, result.output
    finally:
        subprocess.run(["chattr", "-i", str(parent)], capture_output=True)
        parent.chmod(0o755)


def test_a_c_locale_builds_non_ascii_file_names_and_refuses_undecodable_ones(built, tmp_path):
    root = copy_registry(tmp_path / "registry")
    (root / "docs/catatan-é.md").write_text("# Catatan\n", encoding="utf-8")
    env = {k: v for k, v in _environment(tmp_path).items() if not k.startswith("LC_") and k != "LANG"}
    env.update(LC_ALL="C", PYTHONUTF8="0")
    site_dir = tmp_path / "out" / "situs-é"
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--site-dir", str(site_dir),
               "--as-of", AS_OF.isoformat()]
    result = subprocess.run(command, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert (site_dir / "catatan-é.html").is_file()
    before = site_files(site_dir)

    (root / os.fsdecode(b"docs/latin-\xe9.md")).write_bytes(b"# Latin-1\n")  # a name that is not UTF-8
    result = subprocess.run(command, env=env, capture_output=True)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "bukan UTF-8 yang sah" in stderr and "Traceback" not in stderr
    assert site_files(site_dir) == before and _siblings(site_dir) == []


def test_a_shallow_clone_is_warned_about_and_refused_under_ci(repository, tmp_path, run_cli):
    full = tmp_path / "full"
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", f"file://{repository}", str(full)], check=True)
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repository}", str(shallow)], check=True)

    result = run_cli("build", "--root", str(shallow), "--site-dir", str(tmp_path / "site"), "--as-of", AS_OF.isoformat(),
                     env={"CI": None})
    assert result.exit_code == 0, result.output
    assert "riwayat git dangkal" in result.output and "fetch-depth: 0" in result.output

    result = run_cli("build", "--root", str(shallow), "--site-dir", str(tmp_path / "ci-site"), "--as-of", AS_OF.isoformat(),
                     env={"CI": "true"})
    assert result.exit_code == 2, result.output
    assert "situs tidak dibangun" in result.output
    assert not (tmp_path / "ci-site").exists()

    result = run_cli("build", "--root", str(full), "--site-dir", str(tmp_path / "full-site"), "--as-of", AS_OF.isoformat(),
                     env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert "dangkal" not in result.output


@pytest.mark.parametrize("how", ["tarball", "fresh git init", "inside another repository"])
def test_a_registry_without_history_is_built_with_a_notice_and_refused_under_ci(repository, tmp_path, run_cli, how):
    """An exported tarball (no .git), a `git init` without commits, or a copy that sits inside some other
    repository: the feed would be empty and every change date unknown. Built with a notice outside CI;
    under CI refused like a shallow clone (exit 2, nothing written)."""
    outer = tmp_path / "outer"
    outer.mkdir()
    if how == "inside another repository":
        _git(outer, "init", "-q")
        (outer / "README").write_text("other project\n", encoding="utf-8")
        _git(outer, "add", "README")
        _git(outer, "commit", "-qm", "other")
    copy = outer / "registry"
    shutil.copytree(repository, copy, ignore=shutil.ignore_patterns(".git"))
    if how == "fresh git init":
        _git(copy, "init", "-q")
    common = ("--root", str(copy), "--as-of", AS_OF.isoformat())

    result = run_cli("build", *common, "--site-dir", str(tmp_path / "site"), env={"CI": None})
    assert result.exit_code == 0, result.output
    assert "tidak ada riwayat git" in result.output and "no git history" in result.output
    assert b"<entry>" not in (tmp_path / "site" / "data" / "changes.atom").read_bytes()

    result = run_cli("build", *common, "--site-dir", str(tmp_path / "ci-site"), env={"CI": "true"})
    assert result.exit_code == 2, result.output
    assert "situs tidak dibangun" in result.output and "the site is not built" in result.output
    assert "tidak ada riwayat git di CI" in result.output and "dangkal" not in result.output
    assert not (tmp_path / "ci-site").exists()


def _damaged(repository: Path, copy: Path) -> None:
    """A full clone whose newest commit object is gone: a history git cannot read."""
    shutil.copytree(repository, copy)
    head = subprocess.run(["git", "-C", str(copy), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (copy / ".git" / "objects" / head[:2] / head[2:]).unlink()


def _owned_by_another_user(repository: Path, copy: Path) -> None:
    """A full clone owned by another user (a CI container job running as root over the runner's
    workspace): git refuses to read it ("dubious ownership") until safe.directory names it."""
    if os.geteuid() != 0:
        pytest.skip("changing a folder's owner needs root")
    shutil.copytree(repository, copy)
    for path in [copy, *copy.rglob("*")]:
        os.lchown(path, 4321, 4321)


@pytest.mark.parametrize("make", [_damaged, _owned_by_another_user], ids=["damaged", "owned by another user"])
def test_a_history_git_cannot_read_is_told_apart_from_no_history(repository, tmp_path, run_cli, monkeypatch, make):
    """Not "no history" with its fetch-depth hint (the checkout already has the whole history), but git's
    own words and the remedy for them; refused under CI, a notice outside it."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no safe.directory from the user's git config
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    copy = tmp_path / "clone"
    make(repository, copy)
    common = ("--root", str(copy), "--as-of", AS_OF.isoformat())

    result = run_cli("build", *common, "--site-dir", str(tmp_path / "ci-site"), env={"CI": "true"})
    assert result.exit_code == 2, result.output
    assert "git tidak dapat membaca riwayat" in result.output and "git cannot read the history" in result.output
    assert "fatal:" in result.output and "tidak ada riwayat git" not in result.output
    assert f"safe.directory {copy}" in result.output
    assert not (tmp_path / "ci-site").exists()

    result = run_cli("build", *common, "--site-dir", str(tmp_path / "site"), env={"CI": None})
    assert result.exit_code == 0, result.output
    assert "git tidak dapat membaca riwayat" in result.output


def test_a_registry_with_history_gets_no_history_notice(repository, tmp_path, run_cli):
    result = run_cli("build", "--root", str(repository), "--site-dir", str(tmp_path / "site"), "--as-of",
                     AS_OF.isoformat(), env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert "riwayat git" not in result.output
    assert b"<entry>" in (tmp_path / "site" / "data" / "changes.atom").read_bytes()


def test_the_swap_without_exchange_and_its_recovery(tmp_path):
    """Where the system cannot exchange two folders in one step: the old one is set aside first, and
    a build killed between the two renames leaves it aside; the next build puts it back."""
    site_dir = tmp_path / "site"
    for folder, text in ((site_dir, "old"), (tmp_path / ".site.pks-new-1a", "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
        (folder / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    assert publish.swap_in(tmp_path / ".site.pks-new-1a", site_dir, exchange=False) == []
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "new" and _siblings(site_dir) == []

    site_dir.rename(tmp_path / ".site.pks-old-2b")  # killed after the first rename ...
    (tmp_path / ".site.pks-new-3c").mkdir()  # ... with the next site complete beside it
    assert publish.clear_leftovers(site_dir) == []
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "new" and _siblings(site_dir) == []


def test_on_linux_the_two_folders_are_exchanged_in_one_step(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "name").write_text(folder.name, encoding="utf-8")
    assert publish._exchange(first, second)
    assert (first / "name").read_text(encoding="utf-8") == "b" and (second / "name").read_text(encoding="utf-8") == "a"


def test_the_publish_workflow_fetches_the_whole_history():
    workflow = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in workflow
