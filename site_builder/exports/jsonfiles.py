"""data/registry.json (everything) and one JSON file per record kind, each in the same envelope."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from site_builder.exports import records
from site_builder.model import Registry

REGISTRY = "data/registry.json"


def encode(value: object) -> bytes:
    """Sorted keys, UTF-8, two-space indent, trailing newline; NaN refused rather than written invalid."""
    return (_text(value) + "\n").encode("utf-8")


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)


def render(registry: Registry, envelope: dict) -> dict[str, bytes]:
    """envelope: schema_version, as_of, generated_at and metadata, shared by every file."""
    out: dict[str, list[bytes]] = {}
    for path, piece in pieces(registry, envelope):
        out.setdefault(path, []).append(piece)
    return {path: b"".join(parts) for path, parts in out.items()}


def pieces(registry: Registry, envelope: dict) -> Iterator[tuple[str, bytes]]:
    """render()'s files as (file, its next bytes), a record at a time: what encode() writes for each
    file, without any file or table held whole (registry.json alone is ~90 MB at 10,000 agreements).
    A member's text is the same whatever its siblings (sorted keys, the same depth), and a row's text
    in a table is its own encoding indented two levels further."""
    by_agency = records.agreements_by_agency(registry)
    tables: dict[str, Callable[[], Iterable[object]]] = {
        "agencies": lambda: (records.agency_json(a, by_agency[a.id]) for a in records.by_id(registry.agencies)),
        "agreements": lambda: (records.agreement_json(a) for a in records.by_id(registry.agreements)),
        "action_plans": lambda: (records.plan_json(p) for p in records.by_id(registry.plans)),
    }
    shared = {key: "  " + _text({key: value})[4:-2] for key, value in envelope.items()}  # inside "{\n  " ... "\n}"
    files = {REGISTRY: sorted({**shared, **tables})}
    files |= {f"data/{key.replace('_', '-')}.json": sorted({**shared, key: tables[key]}) for key in tables}
    at = dict.fromkeys(files, 0)  # how many members of each file are written
    for path in files:
        yield path, b"{\n"
    while any(at[path] < len(keys) for path, keys in files.items()):
        # the next member of each file that has one; a table goes to registry.json and its own file at once
        key = min(keys[at[path]] for path, keys in files.items() if at[path] < len(keys))
        writing = [path for path, keys in files.items() if at[path] < len(keys) and keys[at[path]] == key]
        head = [(path, (b",\n" if at[path] else b"") + (b"  " if key in tables else b"")) for path in writing]
        if key in shared:
            text = shared[key].encode("utf-8")
            yield from ((path, start + text) for path, start in head)
        else:
            opening = (json.dumps(key, ensure_ascii=False) + ": [").encode("utf-8")
            yield from ((path, start + opening) for path, start in head)
            count = 0
            for row in tables[key]():
                text = ("\n    " if count == 0 else ",\n    ").encode("utf-8") + _text(row).replace(
                    "\n", "\n    "
                ).encode("utf-8")
                yield from ((path, text) for path in writing)
                count += 1
            closing = b"]" if count == 0 else b"\n  ]"
            yield from ((path, closing) for path in writing)
        for path in writing:
            at[path] += 1
    for path in files:
        yield path, b"\n}\n"
