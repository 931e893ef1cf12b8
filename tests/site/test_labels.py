"""Every word the site needs exists, for every value the schemas allow and every status rule outcome."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

import pytest

from sitebuild import REPO
from site_builder import labels, status
from site_builder.dates import Bound
from site_builder.site.filters import reason_form
from site_builder.status import UNKNOWN_START

D = dt.date
AS_OF = D(2026, 6, 1)


def _enum(schema: str, *path: str) -> set[str]:
    node = json.loads((REPO / "schema" / schema).read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    if "anyOf" in node:
        node = next(option for option in node["anyOf"] if "enum" in option)
    return set(node["enum"])


@pytest.mark.parametrize("attribute, schema, path", [
    ("themes", "defs.schema.json", ("$defs", "theme")),
    ("agreement_kinds", "agreement.schema.json", ("properties", "kind")),
    ("party_roles", "agreement.schema.json", ("properties", "parties", "items", "properties", "role")),
    ("agency_kinds", "agency.schema.json", ("properties", "kind")),
    ("activity_status", "action-plan.schema.json", ("properties", "activities", "items", "properties", "status")),
    ("budget_sources", "action-plan.schema.json", ("properties", "activities", "items", "properties", "budget_source")),
    ("frequencies", "action-plan.schema.json",
     ("properties", "activities", "items", "properties", "schedule", "anyOf", 1, "properties", "frequency")),
])
def test_every_value_the_schema_allows_has_a_label(attribute, schema, path):
    for edition in labels.EDITIONS.values():
        assert set(getattr(edition, attribute)) == _enum(schema, *path)


def test_every_edition_has_every_key_of_the_indonesian_one():
    reference = labels.INDONESIAN
    for edition in labels.EDITIONS.values():
        for f in dataclasses.fields(labels.Labels):
            value, expected = getattr(edition, f.name), getattr(reference, f.name)
            if isinstance(expected, tuple):
                assert len(value) == len(expected), f.name
            elif not isinstance(expected, str):
                assert set(value) == set(expected), f.name


def _bounds():
    exact_past, exact_future = Bound(D(2025, 1, 1), D(2025, 1, 1)), Bound(D(2027, 1, 1), D(2027, 1, 1))
    soon, soon_range = Bound(D(2026, 7, 1), D(2026, 7, 1)), Bound(D(2026, 7, 1), D(2027, 1, 1))
    around, past, future = Bound(D(2026, 1, 1), D(2027, 1, 1)), Bound(D(2024, 1, 1), D(2025, 1, 1)), Bound(D(2027, 1, 1), D(2028, 1, 1))
    return [None, exact_past, exact_future, soon, soon_range, around, past, future]


def test_every_status_and_every_worded_reason_the_rules_can_produce_has_words():
    produced = set()
    for start, end, termination, renewal in itertools.product(
            _bounds(), _bounds(), [None, D(2025, 6, 1), D(2027, 6, 1)],
            [None, UNKNOWN_START, Bound(D(2025, 1, 1), D(2025, 1, 1)), Bound(D(2027, 1, 1), D(2027, 1, 1))]):
        result = status.compute(start, end, termination, renewal, AS_OF)
        produced.add((result.status, result.reason, reason_form(result)))
    assert {s for s, _, _ in produced} == set(status.Status)
    assert {r for _, r, _ in produced} == set(status.Reason)
    needed = {(reason, form) for _, reason, form in produced}
    for edition in labels.EDITIONS.values():
        assert set(edition.status) == set(status.Status)
        worded = {(reason, form) for reason, forms in edition.reasons.items() for form in forms}
        assert worded == needed  # no outcome without words, no words for an outcome that cannot happen


def test_browser_labels_are_the_same_words():
    words = labels.browser_labels(labels.INDONESIAN)
    assert words["months"][2] == "Maret"
    assert words["status"]["berlaku"]["label"] == labels.INDONESIAN.status[status.Status.BERLAKU].label
    assert words["reasons"]["ended"] == dict(labels.INDONESIAN.reasons[status.Reason.ENDED])
