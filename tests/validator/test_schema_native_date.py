"""jsonschema-rs checks the "date" format itself (no Python call per value), so it must decide every
string as jsonschema does, except strings holding the mark schemas.NATIVE_FORMATS names, whose
records the fast engine never vouches for (issue 12, target 3).

The reference is jsonschema's own FormatChecker (what every problem of a record comes from).
"""

from __future__ import annotations

import calendar
from functools import cache

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry_fixture import REPO
from site_builder.validation import schemas, sources
from site_builder.validation.sources import SourceDocument

MARK = schemas.NATIVE_FORMATS["date"]


@cache
def _native():
    return jsonschema_rs.validator_for(
        {"$schema": schemas.DIALECT, "format": "date"}, validate_formats=True, offline=True
    )


_REFERENCE = jsonschema.FormatChecker(formats=["date"])


def _differs(value: object) -> bool:
    """Whether the two engines decide value differently; such a string must carry the mark."""
    native, reference = _native().is_valid(value), _REFERENCE.conforms(value, "date")
    if native != reference:
        assert isinstance(value, str) and MARK in value, f"{value!r}: jsonschema-rs {native}, jsonschema {reference}"
        return True
    return False


def test_every_day_of_every_year_and_month_number():
    # every month and day number (00 to 99) of the years where leap rules differ, year 0000 included
    for year in (0, 1, 4, 100, 400, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 9996, 9999):
        for month in range(100):
            for day in range(100):
                _differs(f"{year:04d}-{month:02d}-{day:02d}")
    # every year, at the days where a year's own rules matter
    for year in range(10000):
        for month, day in ((1, 1), (2, 28), (2, 29), (2, 30), (12, 31), (4, 31), (13, 1), (0, 1), (1, 0)):
            _differs(f"{year:04d}-{month:02d}-{day:02d}")


def test_year_zero_is_the_one_difference():
    """jsonschema-rs takes year 0000 as a leap year; Python's date has no year 0. The mark is there."""
    different = [f"0000-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32) if _differs(f"0000-{m:02d}-{d:02d}")]
    assert len(different) == 366  # if jsonschema-rs ever rejects them too, the mark can go
    assert "0000-02-29" in different


ODD = [
    "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2023-02-28\n", "2023-02-28\r", "2023-02-28\r\n",
    "\n2023-02-28", " 2023-02-28", "2023-02-28 ", "2023-02-28\t", "2023-02-28\x00", "2023-02-28\u2028",
    "2023-2-28", "2023-02-8", "+2023-02-28", "-2023-02-28", "12023-02-28", "20230228", "2023/02/28",
    "2023.02.28", "2023-W09-2", "2023-059", "2023-02-28T00:00", "2023-02-28Z", "2023-02-28+07:00",
    "２０２３-02-28", "٢٠٢٣-٠٢-٢٨", "२०२३-02-28", "2023-0²-28", "2023‐02‐28", "2023−02−28", "",
    " ", "-", "0000", "0000-00-00", "0000-01-01", "0000-02-29", "0000-13-01", "9999-12-31", "0001-01-01",
    None, 5, 2.5, True, [], {},
]


@pytest.mark.parametrize("value", ODD)
def test_odd_values(value):
    _differs(value)


DATE_LIKE = (
    st.from_regex(r"\A[0-9０-９٠-٩]{1,5}[-/.]?[0-9]{1,3}[-/]?[0-9]{1,3}\s?\Z")
    | st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
    | st.text(max_size=12)
    | st.text(alphabet="0123456789-\n ", max_size=12)
)


@settings(max_examples=3000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(DATE_LIKE)
def test_generated_values(value):
    _differs(value)


AGREEMENT = "agreements/rutan-barabai/contoh-pks-lengkap.yaml"
VALID = REPO / "tests" / "cases" / "valid" / "ra-contoh-pks-lengkap" / AGREEMENT


@pytest.mark.parametrize("date", ['"0000-02-29"', "0000-01-01", "'0000-12-31'", '"2023-02-29"', "2024-02-29"])
def test_records_with_year_zero_get_jsonschemas_verdict(tmp_path, date):
    checker = schemas.load(REPO / "schema")
    text = VALID.read_text(encoding="utf-8")
    assert "date: 2023-03-10\n" in text
    file = tmp_path / AGREEMENT
    file.parent.mkdir(parents=True)
    file.write_text(text.replace("date: 2023-03-10\n", f"date: {date}\n", 1), encoding="utf-8")
    doc = sources.read(tmp_path, file)
    reference = checker.explain(doc)
    assert checker.check(doc) == reference
    assert bool(reference) == (date.strip("'\"") != "2024-02-29")
    if MARK in date:
        assert not checker.vouched_valid(doc)  # jsonschema-rs alone would have vouched for it
    without_text = SourceDocument(doc.path, doc.kind, data=doc.data, parsed=True)  # no positions
    found = checker.check(without_text)
    assert found == checker.explain(without_text)
    assert [(p.code, p.pointer, p.params) for p in found] == [(p.code, p.pointer, p.params) for p in reference]
