"""Same records, as-of date, SOURCE_DATE_EPOCH and history: byte-identical files, written where promised."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.exports import write_all


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("which", ["frozen", "hostile"])
def test_two_runs_write_identical_bytes(which, request, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    registry = request.getfixturevalue(f"{which}_registry")
    root = request.getfixturevalue(f"{which}_root")
    first = write_all(registry, tmp_path / "one", registry.as_of, root=root)
    second = write_all(registry, tmp_path / "two", registry.as_of, root=root)
    assert first == sorted(first) and len(first) > 10
    assert [p.relative_to(tmp_path / "one") for p in first] == [p.relative_to(tmp_path / "two") for p in second]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_source_date_epoch_changes_only_generation_stamps(hostile_registry, hostile_root, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_all(hostile_registry, tmp_path / "plain", hostile_registry.as_of, root=hostile_root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_all(hostile_registry, tmp_path / "epoch", hostile_registry.as_of, root=hostile_root)
    plain, epoch = tree(tmp_path / "plain"), tree(tmp_path / "epoch")
    changed = sorted(name for name in plain if plain[name] != epoch[name])
    # JSON (generated_at), calendars (DTSTAMP) and DCAT (modified) change; CSV, schemas and the non-empty feed do not.
    assert changed == sorted(n for n in plain if n.endswith((".json", ".ics", ".jsonld")) and n.startswith("data/"))


def test_files_land_under_data_and_schema(hostile_registry, hostile_root, tmp_path):
    written = write_all(hostile_registry, tmp_path, hostile_registry.as_of, root=hostile_root)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert names == {
        "data/registry.json", "data/agencies.json", "data/agreements.json", "data/action-plans.json",
        "data/agreements.csv", "data/parties.csv", "data/action-plans.csv", "data/activities.csv", "data/agencies.csv",
        "data/ends.ics", "data/ends-dinas-uji.ics", "data/ends-badan-uji.ics", "data/changes.atom", "data/dcat.jsonld",
        "schema/agency.schema.json", "schema/agreement.schema.json", "schema/action-plan.schema.json",
        "schema/defs.schema.json",
    }


def test_an_as_of_other_than_the_registry_s_is_refused(hostile_registry, hostile_root, tmp_path):
    with pytest.raises(ValueError, match="as_of"):
        write_all(hostile_registry, tmp_path, hostile_registry.as_of + dt.timedelta(days=1), root=hostile_root)


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", " 1700000000", "١٧٠٠٠٠٠٠٠٠", "999999999999"])
def test_a_malformed_source_date_epoch_is_refused(value, hostile_registry, hostile_root, tmp_path, monkeypatch):
    # Falling back to the as-of day would stamp the files with a time nobody chose.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        write_all(hostile_registry, tmp_path, hostile_registry.as_of, root=hostile_root)


def test_an_empty_source_date_epoch_is_unset(hostile_registry, hostile_root, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_all(hostile_registry, tmp_path / "unset", hostile_registry.as_of, root=hostile_root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    write_all(hostile_registry, tmp_path / "empty", hostile_registry.as_of, root=hostile_root)
    assert tree(tmp_path / "unset") == tree(tmp_path / "empty")
