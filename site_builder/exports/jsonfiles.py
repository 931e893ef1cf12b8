"""data/registry.json (everything) and one JSON file per record kind, each in the same envelope."""

from __future__ import annotations

import json

from site_builder.exports import records
from site_builder.model import Registry


def encode(value: object) -> bytes:
    """Sorted keys, UTF-8, two-space indent, trailing newline; NaN refused rather than written invalid."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False) + "\n").encode("utf-8")


def encode_members(members: dict[str, bytes]) -> bytes:
    """encode() of an object whose members member() encoded: each member's text is the same whatever
    its siblings (sorted keys, the same depth), so a table shared by two files is encoded once."""
    return b"{\n" + b",\n".join(text for _, text in sorted(members.items())) + b"\n}\n"


def member(key: str, value: object) -> bytes:
    """The line(s) encode() writes for key: value at the top of an object, without the comma."""
    return encode({key: value})[2:-3]  # inside "{\n" ... "\n}\n"


def render(registry: Registry, envelope: dict) -> dict[str, bytes]:
    """envelope: schema_version, as_of, generated_at and metadata, shared by every file."""
    by_agency = records.agreements_by_agency(registry)
    tables = {
        "agencies": [records.agency_json(a, by_agency[a.id]) for a in records.by_id(registry.agencies)],
        "agreements": [records.agreement_json(a) for a in records.by_id(registry.agreements)],
        "action_plans": [records.plan_json(p) for p in records.by_id(registry.plans)],
    }
    shared = {key: member(key, value) for key, value in envelope.items()}
    encoded = {key: member(key, rows) for key, rows in tables.items()}
    del tables
    out = {"data/registry.json": encode_members({**shared, **encoded})}
    for key, text in encoded.items():
        out[f"data/{key.replace('_', '-')}.json"] = encode_members({**shared, key: text})
    return out
