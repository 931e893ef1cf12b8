"""Per-file summaries: the part of a record that the cross-record rules (site_builder/validation/checks/) read.

Revalidating one changed file at national scale must not unpack 22,000 whole records to run the
cross-record rules over the registry. A summary keeps, per kind, only the values those rules
read (ids, references, dates, parties, scope and activity ids, document paths), in the record's
own shape: every list keeps its length and positions, so `dig`, `text_at` and `entries` answer
on a summary exactly what they answer on the whole record, and the rules run unchanged on it.

A value of another shape than the rules expect is replaced by None, which those helpers read
the same way (as absent, or as "not a string"); dates, terms and numbers are kept whole.

Stored, a summary's top-level lists and mappings are packed (marshal bytes in a 1-tuple; records
hold no tuples): `pks validate FILE` reads another record's list only when a rule looks at it, so
a run at 22,000 files unpacks a few records, not all of them.

SPEC must name every path a rule reads: a rule that reads a new path must add it here, or the
summary path and a cold run would disagree, which tests/scale/test_scale_summaries.py catches.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from functools import partial

TEXT = "text"  # a string, or None for anything else (read with text_at or parse_date)
WHOLE = "whole"  # kept as it is: dates and terms (dates.bound and Term read their keys), numbers

SPEC: dict[str, dict] = {
    "agency": {"id": TEXT, "parent": TEXT, "name_history": [{"parent": TEXT}]},
    "agreement": {
        "id": TEXT,
        "kind": TEXT,
        "parties": [{"agency": TEXT, "signatory": {"agency": TEXT}}],
        "witnesses": [{"agency": TEXT}],
        "present": [{"agency": TEXT}],
        "basis": {"by": {"agency": TEXT}},
        "relations": {"renews": TEXT, "amends": TEXT, "umbrella": TEXT},
        "scope": [{"id": TEXT}],
        "signed": {"date": WHOLE},
        "validity": {"start": WHOLE, "end": WHOLE, "duration": WHOLE},
        "termination": {"date": WHOLE},
        "documents": [{"path": TEXT, "sha256": TEXT}],
        "sources": [{}],  # only how many (conflicts name sources by number)
        "conflicts": [{"values": [{"source": WHOLE}]}],
    },
    "action-plan": {
        "id": TEXT,
        "agreement": TEXT,
        "activities": [
            {
                "id": TEXT,
                "scope_item": TEXT,
                "responsible": {"agency": TEXT},
                "schedule": {"start": TEXT, "end": TEXT},
                "progress": [{"date": TEXT}],
            }
        ],
    },
}


def summarize(kind: str | None, data: object) -> object:
    """The summary of a record of this kind (None for a file of no kind: no rule reads it)."""
    prune = _PRUNERS.get(kind) if kind else None
    return prune(data) if prune is not None else None


Pruner = Callable[[object], object]


def _pruner(spec) -> Pruner | None:
    """A function giving the summary of a value after spec: None for TEXT, which its mapping tests
    inline (most of a summary's values; a call each cost a tenth of a worker's time at 22,000 files)."""
    if spec is TEXT:
        return None
    if spec is WHOLE:
        return _whole
    if isinstance(spec, list):
        inner = _pruner(spec[0])
        return partial(_prune_list, _pruner_of_text if inner is None else inner)
    return partial(_prune_mapping, tuple((key, _pruner(inner)) for key, inner in spec.items()))


def _whole(value: object) -> object:
    return value


def _pruner_of_text(value: object) -> object:
    return value if isinstance(value, str) else None


def _prune_list(inner: Pruner, value: object) -> object:
    if not isinstance(value, list):
        return None
    return [inner(item) if isinstance(item, dict) else None for item in value]


def _prune_mapping(steps: tuple[tuple[str, Pruner | None], ...], value: object) -> object:
    if not isinstance(value, dict):
        return None
    out: dict[str, object] = {}
    for key, prune in steps:
        if key in value:
            item = value[key]
            if prune is None:
                out[key] = item if isinstance(item, str) else None
            else:
                out[key] = prune(item)
    return out


_PRUNERS: dict[str, Pruner] = {kind: _pruner(spec) or _pruner_of_text for kind, spec in SPEC.items()}


def pack(summary: object) -> object:
    """A summary as kept in the cache (see the module's docstring)."""
    if not isinstance(summary, dict):
        return summary
    return {
        key: (marshal.dumps(value),) if isinstance(value, (list, dict)) else value for key, value in summary.items()
    }


def unpack(stored: object) -> object:
    """A kept summary as the rules read it (the bytes were authenticated with the cache table)."""
    return Record(stored) if isinstance(stored, dict) else stored


class Record(dict):
    """A summary whose packed values are unpacked the first time they are read."""

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if value.__class__ is tuple:
            value = marshal.loads(value[0])
            dict.__setitem__(self, key, value)
        return value

    def get(self, key, default=None):  # one frame, not two: rules call it for every record
        value = dict.get(self, key, default)
        if value.__class__ is tuple:
            value = marshal.loads(value[0])
            dict.__setitem__(self, key, value)
        return value

    def values(self):
        return [self[key] for key in self]

    def items(self):
        return [(key, self[key]) for key in self]
