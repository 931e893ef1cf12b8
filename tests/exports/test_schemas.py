"""The record schemas are published byte for byte at the URL their $id promises."""

from __future__ import annotations

import json
import shutil

import pytest

from export_records import REPO
from site_builder.exports import schemafiles


def test_schemas_are_copied_to_the_path_their_id_names():
    site_url, files = schemafiles.published(REPO / "schema")
    assert site_url == "https://pks-registry.github.io/"
    assert set(files) == {f"schema/{p.name}" for p in (REPO / "schema").glob("*.schema.json")}
    for path, data in files.items():
        assert data == (REPO / path).read_bytes()
        assert json.loads(data)["$id"] == site_url + path


def test_a_schema_whose_id_disagrees_is_a_setup_error(tmp_path):
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    target = tmp_path / "schema" / "agency.schema.json"
    schema = json.loads(target.read_text(encoding="utf-8"))
    schema["$id"] = "https://elsewhere.example/schema/agency.schema.json"
    target.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(ValueError, match="different sites"):
        schemafiles.published(tmp_path / "schema")
    schema["$id"] = "https://pks-registry.github.io/schemas/agency.json"
    target.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(ValueError, match="agency.schema.json"):
        schemafiles.published(tmp_path / "schema")
