"""CSV: opens cleanly in Excel (BOM, CRLF, RFC 4180), ISO dates, explicit unknowns, formulas defused."""

from __future__ import annotations

import re

import pytest

from export_readers import read_csv, render
from export_records import HOSTILE
from site_builder.exports import csvfiles

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 (tab and LF allowed: in-cell line breaks are LF), DEL and C1: a NUL in front of "=" can hide a formula.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def hostile_csv(hostile_registry, hostile_root):
    out = render(hostile_registry, hostile_root)
    return {name: out[name] for name in csvfiles.TABLES}


def test_every_file_is_bom_crlf_rfc4180_with_the_documented_header(hostile_csv):
    for name, data in hostile_csv.items():
        columns, _ = csvfiles.TABLES[name]
        header, rows = read_csv(data)
        assert tuple(header) == columns
        assert rows, f"{name} has no rows: the checks below would prove nothing"
        text = data.decode("utf-8-sig")
        assert text.endswith("\r\n")
        assert not text.startswith("ID"), "Excel takes a file starting with ID for SYLK and refuses it"
        # Outside quoted cells every line break is CRLF; a bare LF may only sit inside quotes.
        outside_quotes = text.split('"')[::2]
        assert not any("\n" in part.replace("\r\n", "") for part in outside_quotes), name


def test_no_cell_can_run_as_a_formula(hostile_csv):
    defused = 0
    for name, data in hostile_csv.items():
        for row in read_csv(data)[1]:
            for column, value in row.items():
                assert not value.startswith(FORMULA_STARTS), (name, column, value)
                assert not CONTROLS.search(value), (name, column, value)
                defused += value.startswith("'")
    assert defused >= 10, "the hostile records start many cells with =, +, -, @ or tab"
    # A control character in front of a formula cannot reach a record: the validator rejects it, even
    # escaped ("\0=cmd"); test_cell_drops_controls_then_defuses covers the CSV side of that defence.


def test_hostile_text_survives_apart_from_the_defusing_quote(hostile_registry, hostile_csv):
    rows = {r["id"]: r for r in read_csv(hostile_csv["data/agreements.csv"])[1]}
    for agreement in hostile_registry.agreements.values():
        title = agreement.title
        expected = "'" + title if title.startswith(FORMULA_STARTS) else title
        assert rows[agreement.id]["title"] == expected


def test_dates_are_iso_and_unknown_is_an_empty_cell_with_an_explicit_column(hostile_csv):
    rows = {r["id"]: r for r in read_csv(hostile_csv["data/agreements.csv"])[1]}
    exact, ranged, unknown = (rows["lapas-uji-dinas-uji-2023"], rows["lapas-uji-badan-uji-2023"],
                              rows["lapas-uji-dinas-uji-lama"])
    assert (exact["end_earliest"], exact["end_latest"], exact["end_known"]) == ("2025-12-31", "2025-12-31", "pasti")
    assert (ranged["end_earliest"], ranged["end_latest"], ranged["end_known"]) == ("2024-06-01", "2026-06-01", "rentang")
    assert (unknown["end_earliest"], unknown["end_latest"], unknown["end_known"]) == ("", "", "tidak-diketahui")
    assert exact["renews"] == "lapas-uji-dinas-uji-lama" and unknown["renewed_by"] == "lapas-uji-dinas-uji-2023"
    assert exact["status"] == "berlaku" and exact["as_of"] == "2025-06-01"


def test_parties_carry_the_name_at_signing(hostile_registry, hostile_csv):
    # Signed 2023-06-01, before the name in name_history stopped being used on 2023-12-31.
    partner = next(r for r in read_csv(hostile_csv["data/parties.csv"])[1]
                   if r["agreement_id"] == "lapas-uji-dinas-uji-2023" and r["agency_id"] == "dinas-uji")
    former = hostile_registry.agencies["dinas-uji"].former_names[0].name
    assert partner["name_at_signing"] in (former, "'" + former)
    assert partner["institution_party"] == "tidak" and partner["order"] == "2"
    assert partner["signatory_name"] == partner["signatory_agency_id"] == ""  # signatory unknown: empty cells
    institution = next(r for r in read_csv(hostile_csv["data/parties.csv"])[1]
                       if r["agreement_id"] == "lapas-uji-dinas-uji-2023" and r["order"] == "1")
    assert institution["signatory_agency_id"] == "kanwil-uji"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "\nx",
                                   " =1", "   +SUM(A1:A9)", "\u00a0=1"])  # spreadsheets skip leading spaces
def test_defuse_prefixes_a_single_quote(value):
    assert csvfiles.defuse(value) == "'" + value


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("\tx", "'\tx"), ("\rx", "'\nx"), ("\r\n=1", "'\n=1"),
    # controls hide nothing: dropped first, then the formula underneath is defused
    ("\x00=1+1", "'=1+1"), ("\x1b\x00@A1", "'@A1"), ("\x85-1", "'-1"), ("a\x00b", "ab"),
])
def test_cell_drops_controls_then_defuses(value, expected):
    assert csvfiles.cell(value) == expected


@pytest.mark.parametrize("value", ["a=1", "1-2", " 1=1", "'=1", ""])
def test_defuse_leaves_other_cells_alone(value):
    assert csvfiles.defuse(value) == value
