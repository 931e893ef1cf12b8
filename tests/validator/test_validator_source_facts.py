"""Messages for the shapes issue 9 added: a term (`validity.duration`) takes one of two mappings, and a
mistake must be explained in the shape the maintainer meant, with a hint that fixes it when applied."""

from __future__ import annotations

import pytest

from site_builder.validation import validate
from validator_support import AS_OF, agency

AGREEMENT = """id: pks-uji
title: Perjanjian uji
kind: perjanjian-kerja-sama
signed:
  date: "2024-02-01"
  place: null
parties:
  - agency: rutan-uji
    role: null
    document_number: null
    signatory: null
  - agency: dinas-uji
    role: null
    document_number: null
    signatory: null
scope: []
validity:
  start: "2024-02-01"
  end: null
  duration: {duration}
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""


def _problems(make_registry, duration: str) -> list[tuple[str, str]]:
    root = make_registry({"agencies/rutan-uji.yaml": agency("rutan-uji"), "agencies/dinas-uji.yaml": agency("dinas-uji"),
                          "agreements/rutan-uji/pks-uji.yaml": AGREEMENT.format(duration=duration)})
    report, _ = validate.validate(root, AS_OF)
    return sorted((p.code, p.pointer) for p in report.problems)


@pytest.mark.parametrize(("duration", "expected"), [
    # one period with a wrong value: said about that value, not "'years' is not a known key"
    ('{years: "5"}', [("schema-type", "validity.duration.years")]),
    # a range with one end missing: said about the range, not "'shortest' is not a known key"
    ("{shortest: {years: 1}}", [("schema-required", "validity.duration")]),
    ("{}", [("schema-length", "validity.duration")]),
    ("{tahun: 5}", [("schema-unknown-key", "validity.duration.tahun")]),
])
def test_a_mistaken_term_is_explained_in_the_shape_meant(make_registry, duration, expected):
    assert _problems(make_registry, duration) == expected


@pytest.mark.parametrize("duration", ["{years: 5}", "{years: 1, months: 6}", "{shortest: {years: 1}, longest: {years: 3}}",
                                      "null"])
def test_the_shapes_the_guide_shows_are_valid(make_registry, duration):
    assert _problems(make_registry, duration) == []


def test_the_hint_for_an_empty_term_fixes_it(make_registry):
    """'tidak boleh kosong; tulis null bila tidak diketahui': applied, nothing is left."""
    assert _problems(make_registry, "{}") == [("schema-length", "validity.duration")]
    assert _problems(make_registry, "null") == []
