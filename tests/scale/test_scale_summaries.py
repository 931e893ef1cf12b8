"""`pks validate [FILE]` from per-file summaries gives exactly a cold run's report, after any edit.

The summary path (validate(records=False)) keeps only what cross-record rules read of each
unchanged record, in an authenticated cache table, and with named files judges only those
records against the whole registry. Each edit below changes cross-record outcomes in other
files than the one edited; the report must equal a cold run's, for the whole registry and for
each file a pre-commit hook could name.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest

from site_builder.validation import cache, filecheck, validate

AS_OF = dt.date(2026, 1, 15)


def full(report) -> list[tuple]:
    return [(p, p.params, p.pointer, p.fix) for p in report.sorted()]


@pytest.fixture
def registry(generated, tmp_path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(generated, root)
    return root


@pytest.fixture(params=[0, 60], ids=["run-right-after-writing", "run-a-minute-later"])
def later_run(request, monkeypatch):
    """With 60 the files count as old (found by their stat); with 0 they are found by their bytes' hash."""
    real_time_ns = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_time_ns() + request.param * 1_000_000_000)
    return request.param


def _agreement_with(root: Path, pattern: str) -> Path:
    return next(p for p in sorted((root / "agreements").glob("*/*.yaml")) if re.search(pattern, p.read_text(encoding="utf-8"), re.M))


def _plan_of(agreement: Path) -> Path:
    return agreement.parent / "rencana-aksi" / f"ra-{agreement.stem}.yaml"


def _replace(file: Path, pattern: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, (file, pattern)
    file.write_text(changed, encoding="utf-8")


def rename_agency(root: Path) -> list[Path]:
    """An agency gets a new id and file name: every reference to the old id breaks."""
    agreement = _agreement_with(root, r"^  - agency: ")
    old = re.search(r"^  - agency: (\S+)", agreement.read_text(encoding="utf-8"), re.M).group(1)
    agency = root / "agencies" / f"{old}.yaml"
    _replace(agency, rf"^id: {old}$", f"id: {old}-baru")
    agency.rename(agency.with_name(f"{old}-baru.yaml"))
    return [agency.with_name(f"{old}-baru.yaml"), agreement, _plan_of(agreement)]


def id_differs_from_file_name(root: Path) -> list[Path]:
    """An agreement's id no longer matches its file: its plan's reference becomes a consequence."""
    agreement = _agreement_with(root, r"^scope:")
    _replace(agreement, r"^id: (\S+)$", r"id: \1-lain")
    return [agreement, _plan_of(agreement)]


def end_moved_earlier(root: Path) -> list[Path]:
    """An agreement ends before it starts and before its plan's activities: problems in both files."""
    agreement = _agreement_with(root, r'^  end: "\d{4}-\d\d-\d\d"$')
    _replace(agreement, r'^  end: "\d{4}-\d\d-\d\d"$', '  end: "2001-01-01"')
    return [agreement, _plan_of(agreement)]


def umbrella_becomes_a_contract(root: Path) -> list[Path]:
    """The umbrella MoU another agreement names changes kind: that other agreement is now wrong."""
    child = _agreement_with(root, r"^  umbrella: \S+$")
    target = re.search(r"^  umbrella: (\S+)$", child.read_text(encoding="utf-8"), re.M).group(1)
    umbrella = child.parent / f"{target}.yaml"
    _replace(umbrella, r"^kind: \S+$", "kind: perjanjian-kerja-sama")
    return [umbrella, child]


def plan_names_a_missing_scope_item(root: Path) -> list[Path]:
    agreement = _agreement_with(root, r"^scope:")
    plan = _plan_of(agreement)
    _replace(plan, r"^    scope_item: \S+$", "    scope_item: tidak-ada-1")
    return [plan, agreement]


def second_plan_for_one_agreement(root: Path) -> list[Path]:
    """A plan is moved onto another plan's agreement: both are now duplicates of each other."""
    plans = sorted((root / "agreements").glob("*/rencana-aksi/*.yaml"))
    first, second = plans[0], next(p for p in plans[1:] if p.parent == plans[0].parent)
    target = re.search(r"^agreement: (\S+)$", first.read_text(encoding="utf-8"), re.M).group(1)
    _replace(second, r"^agreement: \S+$", f"agreement: {target}")
    return [second, first]


EDITS = [rename_agency, id_differs_from_file_name, end_moved_earlier, umbrella_becomes_a_contract, plan_names_a_missing_scope_item,
         second_plan_for_one_agreement]


def _relpaths(root: Path, files: list[Path]) -> list[str]:
    return [f.relative_to(root).as_posix() for f in files]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_summaries_give_the_cold_report_after_an_edit(registry, later_run, edit, monkeypatch):
    validate.validate(registry, AS_OF, records=False)  # fills the summary table
    validate.validate(registry, AS_OF, records=False)  # and remembers stats when the files count as old
    named = _relpaths(registry, edit(registry))
    judged = []
    real_check_file = filecheck.check_file
    monkeypatch.setattr(filecheck, "check_file", lambda root, relpath, *a: judged.append(relpath) or real_check_file(root, relpath, *a))
    cold, _ = validate.validate(registry, AS_OF, use_cache=False)
    assert any(p.path in named for p in cold.problems), "the edit must change a verdict, or this test proves nothing"
    judged.clear()
    summarized, records = validate.validate(registry, AS_OF, records=False)
    assert records == []
    assert sorted(judged) == sorted(set(named) & set(judged)) and judged  # only edited files judged again
    assert full(summarized) == full(cold)
    for relpath in [*named, named[0].rsplit("/", 1)[0]]:  # each file a pre-commit hook names, and a folder
        only = {relpath}
        precommit, _ = validate.validate(registry, AS_OF, records=False, only=only)
        assert full(precommit.only(only)) == full(cold.only(only)), relpath
        assert precommit.files_checked == cold.files_checked


def test_named_files_get_a_full_runs_problems_without_a_cache(registry, monkeypatch):
    end_moved_earlier(registry)
    plan_names_a_missing_scope_item(registry)
    cold, _ = validate.validate(registry, AS_OF, use_cache=False)
    for relpath in sorted({p.path for p in cold.problems}):
        only = {relpath}
        focused, _ = validate.validate(registry, AS_OF, use_cache=False, only=only)
        assert full(focused.only(only)) == full(cold.only(only))


def test_the_summary_table_is_authenticated(registry, monkeypatch):
    """A flipped byte, a forged table or one written for other rules costs one slower run, never a verdict."""
    validate.validate(registry, AS_OF, records=False)
    table = cache.folder_for(registry) / cache.SUMMARY_FILE
    assert cache.Summaries(registry).table
    id_differs_from_file_name(registry)
    cold, _ = validate.validate(registry, AS_OF, use_cache=False)
    blob = bytearray(table.read_bytes())
    for at in (len(blob) // 2, len(blob) - 1):
        forged = bytearray(blob)
        forged[at] ^= 0x01
        table.write_bytes(bytes(forged))
        assert cache.Summaries(registry).table == {}
        summarized, _ = validate.validate(registry, AS_OF, records=False)
        assert full(summarized) == full(cold)
    monkeypatch.setattr(cache, "_CODE", "rules edited")
    assert cache.Summaries(registry).table == {}


def test_the_summary_keeps_what_cross_record_rules_read_in_its_shape():
    from site_builder.validation import summaries

    data = {"id": "a", "title": "x" * 100, "parties": [{"agency": "b", "role": "r"}, "not a mapping", {"agency": 3}],
            "validity": {"start": {"earliest": "2020-01-01", "latest": "2020-12-31"}, "end": ["2021-01-01"]},
            "relations": "renews", "scope": [{"id": "s-1", "description": "y"}]}
    summary = summaries.summarize("agreement", data)
    assert summary == {"id": "a", "parties": [{"agency": "b"}, None, {"agency": None}],
                       "validity": {"start": {"earliest": "2020-01-01", "latest": "2020-12-31"}, "end": ["2021-01-01"]},
                       "relations": None, "scope": [{"id": "s-1"}]}
    stored = summaries.unpack(summaries.pack(summary))
    assert stored.get("parties") == summary["parties"] and stored["validity"] == summary["validity"]
    assert summaries.summarize(None, data) is None and summaries.summarize("agency", ["a"]) is None


def test_many_changed_files_go_the_full_way_and_fill_the_table(registry, monkeypatch):
    monkeypatch.setattr(validate, "SUMMARY_MISSES_JUDGED_HERE", 0)  # every miss counts as "many"
    first, _ = validate.validate(registry, AS_OF, records=False)
    assert len(cache.Summaries(registry).table) == sum(first.files_checked.values())
    named = _relpaths(registry, rename_agency(registry))
    cold, _ = validate.validate(registry, AS_OF, use_cache=False)
    summarized, _ = validate.validate(registry, AS_OF, records=False, only={named[1]})
    assert full(summarized.only({named[1]})) == full(cold.only({named[1]}))


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "folder"])
def test_an_odd_kind_of_summary_file_costs_nothing(registry, kind):
    import os

    validate.validate(registry, AS_OF, records=False)
    table = cache.folder_for(registry) / cache.SUMMARY_FILE
    reference, _ = validate.validate(registry, AS_OF, use_cache=False)
    table.unlink()
    {"fifo": lambda: os.mkfifo(table), "link-to-dev-zero": lambda: table.symlink_to("/dev/zero"), "folder": table.mkdir}[kind]()
    assert cache.Summaries(registry).table == {}
    summarized, _ = validate.validate(registry, AS_OF, records=False)
    assert full(summarized) == full(reference)


def test_pks_validate_with_a_file_named_uses_the_summaries(registry, run_cli):
    relpath = _relpaths(registry, id_differs_from_file_name(registry))[1]  # the plan, a consequence of its agreement's id
    result = run_cli("validate", "--root", str(registry), "--as-of", AS_OF.isoformat(), "--format", "parsable", str(registry / relpath))
    assert (cache.folder_for(registry) / cache.SUMMARY_FILE).is_file()
    cold, _ = validate.validate(registry, AS_OF, use_cache=False)
    assert result.exit_code == 1 and all(relpath in line for line in result.stdout.splitlines() if line.strip())
    assert len(result.stdout.strip().splitlines()) == len(cold.only({relpath}).problems) > 0
