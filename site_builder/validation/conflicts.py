"""A record's own consistency that the schema cannot state: conflicts[].field names a key the record
has. It needs no other record, so it runs in the per-file stage (filecheck) and is kept with the
file's verdict; the cross-record rules in checks/ read only per-file summaries."""

from __future__ import annotations

import re
from collections.abc import Iterator

from site_builder.validation import fixes, messages, vocabulary
from site_builder.validation.checks.base import entries, text_at
from site_builder.validation.problems import Problem
from site_builder.validation.sources import SourceDocument, pointer_text

# conflicts[].field as the schema allows it; any other form is the schema's problem, not this rule's
_FIELD = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")


def _keys_at(values: list[object]) -> list[str]:
    """The keys of the mappings among values (the items of a list count as its mappings), in order."""
    keys: dict[str, None] = {}
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                keys.update((key, None) for key in item if isinstance(key, str))
    return list(keys)


def _unknown_step(data: object, steps: list[str]) -> tuple[int, list[str]] | None:
    """Where a dotted key path leaves the record: (index of the first step it lacks, the keys there);
    None when every step is there. A step into a list is a key of its items (parties.role)."""
    values = [data]
    for index, step in enumerate(steps):
        known = _keys_at(values)
        if step not in known:
            return index, known
        values = [
            item[step]
            for value in values
            for item in (value if isinstance(value, list) else [value])
            if isinstance(item, dict) and step in item
        ]
    return None


def problems(doc: SourceDocument) -> list[Problem]:
    """conflicts[].field names a key the agreement really has: the key whose value is in dispute."""
    if not (doc.parsed and doc.kind == "agreement"):
        return []
    return list(_unknown_fields(doc))


def _unknown_fields(doc: SourceDocument) -> Iterator[Problem]:
    for i, conflict in entries(doc.data, "conflicts"):
        written = text_at(conflict, "field")
        if written is None or not _FIELD.match(written):
            continue
        steps = written.split(".")
        missing = _unknown_step(doc.data, steps)
        if missing is None:
            continue
        index, known = missing
        path = ("conflicts", i, "field")
        meant = vocabulary.closest_key(steps[index], known)
        corrected = ".".join(steps[:index] + [meant] + steps[index + 1 :]) if meant else None
        if corrected and _unknown_step(doc.data, corrected.split(".")) is not None:
            corrected = None  # the rest of the path is wrong too: no fix that would not fail again
        parent = ".".join(steps[:index])
        yield doc.problem(
            "conflict-field-unknown",
            path,
            field=pointer_text(path),
            key=written,
            fix=fixes.replace_scalar(doc.text, doc.values.get(path), corrected) if corrected else (),
            known_id=f"; kunci di {parent or 'tingkat teratas'}: {', '.join(known)}" if known else "",
            known_en=f"; the keys in {parent or 'the top level'}: {', '.join(known)}" if known else "",
            **messages.did_you_mean(corrected),
        )
