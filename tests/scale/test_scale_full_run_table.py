"""A full `pks validate` (and `pks build`'s validation) leaves the summary table, so that the first
`pks validate FILE` after it reads that table instead of judging the whole registry again.

The full run writes the table from the verdicts it holds anyway, through the code the pre-commit
path writes it with (cache.Summaries.keep and save, beside the run's store: same key, fingerprint,
start and stat rule), in the process that shares the rules (checks/halves.py) or here where the run
does not fork. Proved here: the table is the one the pre-commit path would have written; the next
named run judges nothing and gives a cold run's report, on a registry with problems too; a warm run
with nothing changed leaves the table as it is; and a failed write costs time, never the verdict.
"""

from __future__ import annotations

import marshal
import os

import pytest

from site_builder.validation import cache, validate
from site_builder.validation.checks import halves
from test_scale_precommit import cold, files_count_as_old, judged_here, precommit, summaries_of, table_files  # noqa: F401 (fixtures)
from test_scale_summaries import AS_OF, EDITS, _relpaths, full, registry  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def large_enough(monkeypatch) -> None:
    """The small registry of these tests stands for one of validate.TABLE_FROM files or more."""
    monkeypatch.setattr(validate, "TABLE_FROM", 0)


def full_run(root, jobs: int = 2):
    """`pks validate --root R` (no file named)."""
    report, _ = validate.validate(root, AS_OF, whole=False, jobs=jobs)
    return report


@pytest.fixture(params=["one-process", "rules-shared", "workers-and-rules-shared"])
def how(request, monkeypatch) -> str:
    """The small registry judged here with its rules run here; its rules shared with a forked process
    (which then writes the table); and, besides, its files judged by worker processes (which send
    summaries, not whole records)."""
    if request.param != "one-process":
        monkeypatch.setattr(validate, "RULES_SHARED_FROM", 0)
    if request.param == "workers-and-rules-shared":
        monkeypatch.setattr(validate, "PARALLEL_FROM", 0)
    return request.param


@pytest.fixture
def table_built_here(monkeypatch) -> list[int]:
    """How many times a `pks validate FILE` judged the whole registry to build the table."""
    built: list[int] = []
    real = validate._judge_registry

    def judge_registry(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "_judge_registry", judge_registry)
    return built


def _stamp(file) -> tuple[int, int]:
    st = file.stat()
    return st.st_ino, st.st_mtime_ns


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_the_first_named_run_after_a_full_run_reads_its_table(registry, how, edit, files_count_as_old, judged_here, monkeypatch):
    named = _relpaths(registry, edit(registry))  # a registry with problems, in the named files and others
    expected = {relpath: cold(registry, relpath) for relpath in named}
    assert any(problems for problems, _ in expected.values())
    report = full_run(registry)
    reference, _ = validate.validate(registry, AS_OF, use_cache=False, jobs=1)
    assert full(report) == full(reference)  # the report of a run without the table
    table, delta = table_files(registry)
    assert table.is_file() and not delta.exists()
    index = summaries_of(registry)
    assert len(index.table) == sum(report.files_checked.values())
    assert all(cache.seal_stat(seal) is not None for seal, _ in index.table.values())  # files that count as old
    built: list[int] = []
    real = validate._judge_registry
    monkeypatch.setattr(validate, "_judge_registry", lambda *a, **k: built.append(1) or real(*a, **k))
    judged_here.clear()
    for relpath in named:
        assert precommit(registry, relpath, jobs=1) == expected[relpath], relpath
        assert precommit(registry, relpath) == expected[relpath], relpath
    assert built == [] and judged_here == []  # nothing judged: every file from the table
    assert _stamp(table) == _stamp(table_files(registry)[0]) and not delta.exists()  # nothing to write either


def test_the_table_is_the_one_the_named_run_would_have_written(registry, how, files_count_as_old, monkeypatch, tmp_path):
    EDITS[2](registry)  # end_moved_earlier: problems kept with the summaries
    full_run(registry)
    written = summaries_of(registry).table
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "other-cache"))
    validate.validate(registry, AS_OF, records=False)  # no table: this run judges everything and writes it
    assert _unpacked(summaries_of(registry).table) == _unpacked(written)


def _unpacked(table: dict) -> dict:
    """The table with each summary's packed values read (their bytes may differ: marshal marks an object
    shared in one process, not in another)."""
    return {relpath: (seal, summary[:5] + (_plain(summary[5]),) + summary[6:]) for relpath, (seal, summary) in table.items()}


def _plain(data: object) -> object:
    if not isinstance(data, dict):
        return data
    return {key: marshal.loads(value[0]) if isinstance(value, tuple) else value for key, value in data.items()}


def test_pks_build_validation_leaves_the_table_too(registry, how, files_count_as_old, table_built_here, judged_here):
    named = _relpaths(registry, EDITS[1](registry))
    expected = {relpath: cold(registry, relpath) for relpath in named}
    validate.validate(registry, AS_OF)  # as pks build calls it: whole records
    table_built_here.clear()
    judged_here.clear()
    for relpath in named:
        assert precommit(registry, relpath, jobs=1) == expected[relpath]
    assert table_built_here == [] and judged_here == []


def test_a_warm_full_run_leaves_an_unchanged_table_as_it_is(registry, how, files_count_as_old):
    full_run(registry)
    table, delta = table_files(registry)
    first = _stamp(table)
    full_run(registry)
    assert _stamp(table) == first
    relpath = _relpaths(registry, EDITS[1](registry))[0]
    precommit(registry, relpath)  # the edit written as a delta
    assert delta.is_file()
    full_run(registry)  # the store changed: the table is written whole again, without the delta
    assert _stamp(table) != first and not delta.exists()
    assert precommit(registry, relpath) == cold(registry, relpath)
    table.unlink()
    full_run(registry)  # nothing changed but the table is gone: written again
    assert table.is_file()


def test_a_warm_full_run_writes_a_table_of_other_rules_again(registry, files_count_as_old, monkeypatch):
    full_run(registry)
    table, _ = table_files(registry)
    blob = table.read_bytes()
    table.write_bytes(cache.SUMMARY_FORMAT.replace(b"2", b"1") + blob[len(cache.SUMMARY_FORMAT) :])
    table.chmod(0o600)
    assert summaries_of(registry).table == {}
    full_run(registry)
    assert summaries_of(registry).table


@pytest.mark.parametrize("failure", ["child-dies-writing", "write-fails"])
def test_a_table_that_could_not_be_written_changes_nothing(registry, failure, files_count_as_old, monkeypatch, tmp_path):
    monkeypatch.setattr(validate, "RULES_SHARED_FROM", 0)
    named = _relpaths(registry, EDITS[2](registry))
    reference, _ = validate.validate(registry, AS_OF, use_cache=False, jobs=1)
    parent = os.getpid()
    real_save = cache.Summaries.save
    died = tmp_path / "died"
    if failure == "child-dies-writing":
        real_take = halves._take_tasks
        # the forked process takes every task (this one takes none until that process is gone)
        monkeypatch.setattr(halves, "_take_tasks", lambda *a: real_take(*a) if os.getpid() != parent else [])

        def save(index):
            if os.getpid() != parent:
                died.write_text("")
                os._exit(3)
            real_save(index)
    else:

        def save(index):
            real = cache._write_then_place
            try:
                cache._write_then_place = lambda *a: (_ for _ in ()).throw(OSError("disk full"))
                real_save(index)
            finally:
                cache._write_then_place = real

    monkeypatch.setattr(cache.Summaries, "save", save)
    assert full(full_run(registry)) == full(reference)
    monkeypatch.setattr(cache.Summaries, "save", real_save)
    table, _ = table_files(registry)
    assert died.exists() == table.is_file() == (failure == "child-dies-writing")  # written here once the child died
    assert cache.Store(registry).entries  # the store saved all the same
    for relpath in named:
        assert precommit(registry, relpath) == cold(registry, relpath)
    assert full(full_run(registry)) == full(reference)


def test_pks_validate_without_files_leaves_the_table(registry, run_cli):
    result = run_cli("validate", "--root", str(registry), "--as-of", AS_OF.isoformat())
    assert result.exit_code in (0, 1)
    table, _ = table_files(registry)
    assert table.is_file() and summaries_of(registry).table


def test_below_table_from_a_full_run_leaves_no_table_and_the_named_run_builds_it(
    registry, how, files_count_as_old, table_built_here, monkeypatch
):
    """A registry too small for the table to pay for itself (the first named run builds it in well under
    the pre-commit budget): the full run does not write it, the next named run builds it, same report."""
    from site_builder.validation import sources

    relpaths = sources.discover_relpaths(registry)
    monkeypatch.setattr(validate, "TABLE_FROM", len(relpaths) + 1)
    full_run(registry)
    table, _ = table_files(registry)
    assert not table.exists()
    named = next(r for r in relpaths if r.startswith("agreements/"))
    table_built_here.clear()
    assert precommit(registry, named) == cold(registry, named)
    assert table_built_here and table.is_file()
