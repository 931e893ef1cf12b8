"""JSON: parses, round-trips byte for byte, carries computed status, names at signing and relations."""

from __future__ import annotations

import json

import pytest

from export_readers import key_paths, read_json, render
from export_records import AS_OF, REPO, build
from site_builder.validation import validate
from site_builder.exports import dataset

JSON_FILES = ("data/registry.json", "data/agencies.json", "data/agreements.json", "data/action-plans.json")
TABLE_OF_KIND = {"agency": "agencies", "agreement": "agreements", "action-plan": "action_plans"}


@pytest.fixture(scope="module")
def hostile_out(hostile_registry, hostile_root):
    return render(hostile_registry, hostile_root)


def test_files_parse_and_round_trip(hostile_out):
    for name in JSON_FILES:
        data = hostile_out[name]
        value = read_json(data)
        again = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        assert again.encode("utf-8") == data, name
        assert value["schema_version"] == dataset.SCHEMA_VERSION == "1.0.0"
        assert value["as_of"] == "2025-06-01"


def test_hostile_text_is_carried_verbatim(hostile_registry, hostile_out):
    agreements = {a["id"]: a for a in read_json(hostile_out["data/agreements.json"])["agreements"]}
    for record in hostile_registry.agreements.values():
        out = agreements[record.id]
        assert (out["title"], out["note"], out["signed"]["place"]) == (record.title, record.note, record.signed_place)
        assert [s["description"] for s in out["scope"]] == [s.description for s in record.scope]


def test_agreements_carry_status_names_at_signing_relations_and_plans(hostile_registry, hostile_out):
    agreements = {a["id"]: a for a in read_json(hostile_out["data/registry.json"])["agreements"]}
    new, old = agreements["lapas-uji-dinas-uji-2023"], agreements["lapas-uji-dinas-uji-lama"]
    assert new["status"] == {"status": "berlaku", "reason": "in-force", "as_of": "2025-06-01",
                             "date": "2025-12-31", "date_latest": "2025-12-31"}
    assert old["status"]["status"] == "diperpanjang" and old["status"]["date"] is None
    assert new["relations"]["renews"] == "lapas-uji-dinas-uji-lama"
    assert old["relations"]["renewed_by"] == ["lapas-uji-dinas-uji-2023"]
    assert new["action_plans"] == ["ra-lapas-uji-dinas-uji-2023"] and old["action_plans"] == []
    former = hostile_registry.agencies["dinas-uji"].former_names[0]
    assert new["parties"][1]["name_at_signing"] == former.name != hostile_registry.agencies["dinas-uji"].name
    ranged = agreements["lapas-uji-badan-uji-2023"]["validity"]["end"]
    assert ranged == {"earliest": "2024-06-01", "latest": "2026-06-01"} and old["validity"]["end"] is None


def test_action_plans_carry_activities_and_progress(hostile_registry, hostile_out):
    plans = {p["id"]: p for p in read_json(hostile_out["data/action-plans.json"])["action_plans"]}
    [activity] = plans["ra-lapas-uji-dinas-uji-2023"]["activities"]
    assert activity["target"]["value"] == 20 and activity["schedule"]["frequency"] == "bulanan"
    [report] = activity["progress"]
    assert report["date"] == "2023-09-30" and report["value"] == 7.5


def test_agencies_list_their_agreements(hostile_out):
    agencies = {a["id"]: a for a in read_json(hostile_out["data/agencies.json"])["agencies"]}
    assert agencies["dinas-uji"]["agreements"] == ["lapas-uji-dinas-uji-2023", "lapas-uji-dinas-uji-lama"]
    assert agencies["kanwil-uji"]["agreements"] == []
    assert agencies["lapas-uji"]["region"] == "63.07"


def test_metadata_describes_the_dataset(frozen_registry, hostile_out):
    meta = read_json(hostile_out["data/registry.json"])["metadata"]
    assert meta["licence"]["id"] == "CC-BY-4.0" and meta["licence"]["url"].startswith("https://creativecommons.org/")
    assert set(meta["title"]) == set(meta["description"]) == {"id", "en"}
    assert meta["region_codes"] == ["63.07"]
    assert meta["record_schemas"]["agreement"] == "https://pks-registry.github.io/schema/agreement.schema.json"
    assert meta["documentation"] == "https://pks-registry.github.io/data/"


def test_generated_at_is_the_as_of_day_or_source_date_epoch(hostile_registry, hostile_root, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert read_json(render(hostile_registry, hostile_root)["data/registry.json"])["generated_at"] == \
        "2025-06-01T00:00:00+08:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert read_json(render(hostile_registry, hostile_root)["data/registry.json"])["generated_at"] == \
        "2023-11-14T22:13:20+00:00"


def assert_carried(written, exported, where: str) -> None:
    """Every key and value of a record file is in its exported record, at the same place."""
    if isinstance(written, dict):
        assert isinstance(exported, dict), where
        for key, value in written.items():
            assert key in exported, f"{where}.{key} is not exported"
            assert_carried(value, exported[key], f"{where}.{key}")
    elif isinstance(written, list):
        assert isinstance(exported, list) and len(exported) == len(written), where
        for i, (w, e) in enumerate(zip(written, exported)):
            assert_carried(w, e, f"{where}[{i}]")
    else:
        assert exported == written, where


@pytest.mark.parametrize("which", ["frozen", "hostile"])
def test_every_recorded_field_reaches_the_json(which, request):
    """Nothing lost inside a record either: the JSON adds computed fields but drops none."""
    root = request.getfixturevalue(f"{which}_root")
    registry = build(root)
    exported = read_json(render(registry, root)["data/registry.json"])
    _, shaped = validate.validate(root, registry.as_of)
    assert len(shaped) == len(registry.agencies) + len(registry.agreements) + len(registry.plans)
    for doc in shaped:
        [record] = [r for r in exported[TABLE_OF_KIND[doc.kind]] if r["id"] == doc.data["id"]]
        assert_carried(doc.data, record, doc.path)


def schema_paths(node: dict, file: str, schemas: dict[str, dict], here: str = "") -> set[str]:
    """Every property a record schema allows, as a key path; $ref, anyOf/oneOf/allOf and items followed."""
    out: set[str] = set()
    if "$ref" in node:
        target_file, _, pointer = node["$ref"].partition("#")
        target_file = target_file or file
        target = schemas[target_file]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        out |= schema_paths(target, target_file, schemas, here)
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, []):
            out |= schema_paths(alternative, file, schemas, here)
    if isinstance(node.get("items"), dict):
        out |= schema_paths(node["items"], file, schemas, here + "[]")
    for name, sub in node.get("properties", {}).items():
        path = f"{here}.{name}" if here else name
        out |= {path} | schema_paths(sub, file, schemas, path)
    return out


def test_the_hostile_records_use_every_field_the_schemas_allow(hostile_root):
    # Guard the test above: a field no fixture record uses could be dropped without it noticing.
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schema").glob("*.schema.json")}
    _, shaped = validate.validate(hostile_root, AS_OF)
    for kind in TABLE_OF_KIND:
        used = set().union(*(key_paths(d.data) for d in shaped if d.kind == kind))
        allowed = schema_paths(schemas[f"{kind}.schema.json"], f"{kind}.schema.json", schemas)
        assert allowed - used == set(), kind
        assert used <= allowed, kind
