"""The content-keyed cache and the worker processes never change a verdict, only how fast it comes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from scale_support import REPO
from site_builder.validation import cache, filecheck, schemas, sources, validate

AS_OF = dt.date(2026, 1, 15)
NIK = "3201" + "2345" + "0790" + "0123"  # sixteen digits, written in pieces so no scanner flags this file

BROKEN = {
    # schema: unknown kind; cross-record: unknown agency; privacy: a NIK in a note
    "agreements/{inst}/rusak-skema.yaml": "id: rusak-skema\ntitle: x\nkind: bukan-jenis\n",
    "agencies/instansi-bocor.yaml": ("id: instansi-bocor\nname: Instansi bocor\nshort_name: null\nkind: lainnya\nparent: tidak-ada\n"
                                     "region: null\nwebsite: null\nnote: NIK " + NIK + "\nsources:\n  - publisher: Uji\n"
                                     "    title: null\n    url: null\n    published: null\n"),
    "agencies/Nama Salah.yaml": "id: nama-salah\n",
    "agencies/sintaks.yaml": "id: [sintaks\n",
}


def full(report) -> list[tuple]:
    return [(p, p.params, p.pointer) for p in report.sorted()]


@pytest.fixture
def registry(generated, tmp_path) -> Path:
    """The generated registry with broken files of every stage added."""
    root = tmp_path / "registry"
    shutil.copytree(generated, root)
    institution = sorted(p.name for p in (root / "agreements").iterdir())[0]
    for relpath, text in BROKEN.items():
        file = root / relpath.format(inst=institution)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    (root / "agencies" / "tautan.yaml").symlink_to(next((root / "agencies").glob("ditjenpas.yaml")))
    (root / "agencies" / "besar.yaml").write_text("# x\n" * (sources.MAX_BYTES // 4 + 1), encoding="utf-8")
    return root


@pytest.fixture
def parallel_always(monkeypatch):
    monkeypatch.setattr(validate, "PARALLEL_FROM", 0)


def test_cache_and_workers_give_the_reference_verdict(registry, parallel_always):
    reference, shaped_reference = validate.validate(registry, AS_OF, jobs=1, use_cache=False)
    codes = {p.code for p in reference.problems}
    assert {"schema-enum", "ref-unknown-agency", "privacy-nik", "file-name", "yaml-syntax", "file-unreadable", "file-too-large"} <= codes
    cold, shaped_cold = validate.validate(registry, AS_OF, jobs=2, use_cache=True)
    assert (cache.folder_for(registry) / cache.STORE_FILE).is_file()
    assert not (registry / ".pks-cache").exists()  # nothing is written into the checkout
    warm, shaped_warm = validate.validate(registry, AS_OF, jobs=2, use_cache=True)
    assert full(cold) == full(warm) == full(reference)
    assert cold.files_checked == warm.files_checked == reference.files_checked
    assert [d.path for d in shaped_warm] == [d.path for d in shaped_cold] == [d.path for d in shaped_reference]
    assert [d.data for d in shaped_warm] == [d.data for d in shaped_reference]


@pytest.mark.parametrize("use_cache", [False, True])
def test_workers_sending_summaries_give_the_reference_report(registry, parallel_always, use_cache):
    """`pks validate` (whole=False): worker processes send record summaries; the report is the same,
    positions and fixes of cross-record problems included (found again from the text)."""
    from site_builder.validation import reporters

    reference, _ = validate.validate(registry, AS_OF, jobs=1, use_cache=False)
    assert "ref-unknown-agency" in {p.code for p in reference.problems}
    summarized, documents = validate.validate(registry, AS_OF, jobs=2, use_cache=use_cache, whole=False)
    assert documents == []
    assert full(summarized) == full(reference)
    assert summarized.files_checked == reference.files_checked
    for output_format in ("text", "json"):
        write = reporters.choose(output_format)
        assert write(summarized, registry, "en") == write(reference, registry, "en")


def test_documents_from_the_cache_find_the_same_positions(registry):
    validate.validate(registry, AS_OF, use_cache=True)
    _, shaped = validate.validate(registry, AS_OF, use_cache=True)
    for doc in shaped[:40]:
        fresh = sources.read(registry, registry / doc.path)
        assert doc.text == fresh.text
        assert dict(doc.values) == fresh.values and dict(doc.keys) == fresh.keys
        assert doc.position(("sources", 0, "publisher")) == fresh.position(("sources", 0, "publisher"))


def _first_agreement(root: Path) -> Path:
    return sorted(p for p in (root / "agreements").glob("*/*.yaml") if "rusak" not in p.name)[0]


def test_editing_a_record_changes_the_verdict(registry):
    validate.validate(registry, AS_OF, use_cache=True)
    record = _first_agreement(registry)
    relpath = record.relative_to(registry).as_posix()
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("kind: ", "kind: jenis-baru-", 1), encoding="utf-8")
    edited, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert "schema-enum" in [p.code for p in edited.problems if p.path == relpath]
    record.write_text(original, encoding="utf-8")
    restored, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert [p for p in restored.problems if p.path == relpath] == []


def test_a_cross_record_problem_appears_although_the_file_itself_is_cached(registry):
    """Deleting an agency breaks the records naming it, which did not change and come from the cache."""
    validate.validate(registry, AS_OF, use_cache=True)
    agency = next(p for p in (registry / "agencies").glob("pemkab-*.yaml"))
    agency.unlink()
    report, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert any(p.code == "ref-unknown-agency" and p.param_dict["id"] == agency.stem for p in report.problems)


def test_editing_a_schema_changes_the_verdict(registry):
    before, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert not any(p.code == "schema-pattern" and p.pointer == "title" for p in before.problems)
    defs = registry / "schema" / "defs.schema.json"
    defs.write_text(defs.read_text(encoding="utf-8").replace('"maxLength": 4000', '"maxLength": 5'), encoding="utf-8")
    after, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert any(p.code == "schema-length" and p.pointer == "title" for p in after.problems)


def test_other_rules_or_libraries_ignore_the_store(registry, monkeypatch):
    validate.validate(registry, AS_OF, use_cache=True)
    assert cache.Store(registry).entries
    monkeypatch.setattr(cache, "_CODE", "rules edited")
    assert cache.Store(registry).entries == {}
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_library_versions", lambda: "jsonschema=99")
    assert cache.Store(registry).entries == {}


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_store_costs_speed_not_correctness(registry, damage):
    reference, _ = validate.validate(registry, AS_OF, use_cache=False)
    validate.validate(registry, AS_OF, use_cache=True)
    store = cache.folder_for(registry) / cache.STORE_FILE
    blob = store.read_bytes()
    store.write_bytes(blob[: len(blob) // 2] if damage is None else blob[:60] + damage)
    again, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert full(again) == full(reference)


def test_a_damaged_entry_is_judged_again(registry):
    """Entries this cache wrote itself (their MACs hold) but that cannot be unpacked."""
    reference, _ = validate.validate(registry, AS_OF, use_cache=False)
    validate.validate(registry, AS_OF, use_cache=True)
    store = cache.Store(registry)
    for key in store.entries:
        store.put(key, b"\x00not marshal")
    store.save()
    assert all(blob == b"\x00not marshal" for blob in cache.Store(registry).entries.values())
    again, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert full(again) == full(reference)


def test_links_and_oversized_files_are_never_kept(registry):
    validate.validate(registry, AS_OF, use_cache=True)
    kept = {filecheck.Verdict.loads(blob).relpath for blob in cache.Store(registry).entries.values()}
    assert "agencies/ditjenpas.yaml" in kept
    assert "agencies/tautan.yaml" not in kept and "agencies/besar.yaml" not in kept


def test_a_file_changed_while_it_is_read_gets_no_key(registry, monkeypatch):
    record = _first_agreement(registry)
    relpath = record.relative_to(registry).as_posix()
    checker = schemas.load(registry / "schema")
    real_read = sources.read_judged

    def read_then_edit(root, relpath):
        read = real_read(root, relpath)
        file = root / relpath
        file.write_text(file.read_text(encoding="utf-8") + "# disunting\n", encoding="utf-8")
        return read

    assert filecheck.check_file(registry, relpath, checker, cache.key_of)[1].key is not None
    monkeypatch.setattr(sources, "read_judged", read_then_edit)
    assert filecheck.check_file(registry, relpath, checker, cache.key_of)[1].key is None


def test_the_store_holds_only_this_runs_files(registry):
    validate.validate(registry, AS_OF, use_cache=True)
    count = len(cache.Store(registry).entries)
    _first_agreement(registry).unlink()
    validate.validate(registry, AS_OF, use_cache=True)
    assert len(cache.Store(registry).entries) == count - 1


def test_the_repository_ignores_the_old_cache_folder():
    """Earlier versions kept the cache in the checkout; such a folder is never read, and never committed by accident."""
    assert ".pks-cache/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_environment_turns_the_cache_off_and_sets_the_workers(registry, monkeypatch):
    monkeypatch.setenv(validate.CACHE_VARIABLE, "0")
    validate.validate(registry, AS_OF)
    assert not cache.folder_for(registry).exists()
    monkeypatch.setenv(validate.JOBS_VARIABLE, "1")
    assert validate.process_count() == 1


@pytest.fixture(params=[0, 60], ids=["run-right-after-writing", "run-a-minute-later"])
def later_run(request, monkeypatch):
    """Runs seen as starting this many seconds after now: with 60 the files count as old, so their
    stats are remembered and the stat path is taken; with 0 they are too recent and always hashed."""
    _run_later(monkeypatch, request.param)
    return request.param


def _run_later(monkeypatch, seconds: int) -> None:
    real_time_ns = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_time_ns() + seconds * 1_000_000_000)


def _edit_keeping_stat_times(record: Path, old: str, new: str) -> None:
    """Rewrite a file and put its mtime back, as an editor writing within one timestamp tick would."""
    before = record.stat()
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("same_size", [True, False], ids=["same-size", "other-size"])
def test_an_edit_within_the_same_mtime_is_caught(registry, later_run, same_size):
    record = _first_agreement(registry)
    relpath = record.relative_to(registry).as_posix()
    validate.validate(registry, AS_OF, use_cache=True)
    remembered = cache.Store(registry).stats
    assert (relpath in remembered) == bool(later_run)
    record_id = record.stem
    changed = record_id[:-1] + ("x" if record_id[-1] != "x" else "y")
    _edit_keeping_stat_times(record, f"id: {record_id}\n", f"id: {changed if same_size else changed + 'zz'}\n")
    edited, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert "id-filename-mismatch" in [p.code for p in edited.problems if p.path == relpath]


def test_unchanged_files_are_found_by_their_stat_without_being_read(registry, later_run, monkeypatch):
    reference, _ = validate.validate(registry, AS_OF, use_cache=False)
    validate.validate(registry, AS_OF, use_cache=True)
    reads = []
    real_raw_bytes = filecheck.raw_bytes
    monkeypatch.setattr(filecheck, "raw_bytes", lambda file: reads.append(file) or real_raw_bytes(file))
    warm, _ = validate.validate(registry, AS_OF, use_cache=True)
    assert full(warm) == full(reference)
    files = len(sources.discover(registry))
    if later_run:  # read only the few files whose cross-record problems need a line number
        assert len(reads) < 10 < files
    else:
        assert len(reads) >= files - 5  # all but links and oversized files, which are never cached


def test_a_file_found_by_its_stat_then_changed_shows_no_wrong_lines(registry, monkeypatch):
    """The text behind a cached verdict is read only when a position is needed; if the file changed
    in between, positions from the new bytes would point at wrong lines, so none are given."""
    _run_later(monkeypatch, 60)
    validate.validate(registry, AS_OF, use_cache=True)
    _, shaped = validate.validate(registry, AS_OF, use_cache=True)
    doc = shaped[0]
    (registry / doc.path).write_text("# baris baru\n" + (registry / doc.path).read_text(encoding="utf-8"), encoding="utf-8")
    assert doc.text == ""
    assert doc.position(("id",)) is None
