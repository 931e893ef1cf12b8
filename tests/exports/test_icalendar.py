"""iCalendar (RFC 5545): CRLF, lines of at most 75 octets, escaped TEXT, one event per known end."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from export_readers import ics_events, ics_lines, ics_unescape, render
from site_builder.exports import icalendar
from site_builder.exports.text import printable


@pytest.fixture(scope="module")
def calendars(hostile_registry, hostile_root):
    return {k: v for k, v in render(hostile_registry, hostile_root).items() if k.endswith(".ics")}


def test_physical_lines_are_crlf_and_at_most_75_octets(calendars):
    assert set(calendars) == {"data/ends.ics", "data/ends-dinas-uji.ics", "data/ends-badan-uji.ics"}
    for name, data in calendars.items():
        assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b""), name
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # folding never splits a multibyte character


def test_structure_is_one_calendar_with_required_properties(calendars):
    for data in calendars.values():
        lines = ics_lines(data)
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
        assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
        # A hostile "\nBEGIN:VEVENT" inside a description must stay text, not open a component.
        assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(ics_events(data))
        for event in ics_events(data):
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
                assert len(event[prop]) == 1, prop
            assert event["VALARM/TRIGGER"] == ["-P90D", "-P30D"]
            assert len(event["VALARM/ACTION"]) == len(event["VALARM/DESCRIPTION"]) == 2


def test_text_is_escaped_and_reads_back_literally(hostile_registry, calendars):
    events = ics_events(calendars["data/ends.ics"])
    descriptions = [ics_unescape(e["DESCRIPTION"][0]) for e in events]
    for agreement in hostile_registry.agreements.values():
        if agreement.end is not None:
            assert any(printable(agreement.title) in d for d in descriptions), agreement.id
    for event in events:
        raw = event["DESCRIPTION"][0] + event["SUMMARY"][0]
        # every ; , and \ in the value is escaped, and no raw line break survives
        stripped = raw.replace("\\\\", "").replace("\\;", "").replace("\\,", "").replace("\\n", "")
        assert not set(";,\\") & set(stripped)


def test_exact_end_is_one_day_and_ranged_end_sits_on_its_latest_day(calendars):
    events = {e["DTSTART"][0]: e for e in ics_events(calendars["data/ends.ics"])}
    # the unknown end has no event; the end derived from a five-year term is a range like any other
    assert set(events) == {"20251231", "20260601", "20290201"}
    exact, ranged = events["20251231"], events["20260601"]
    assert exact["DTEND"] == ["20260101"] and ranged["DTEND"] == ["20260602"]
    assert "2024-06-01" in ics_unescape(ranged["SUMMARY"][0]) and "2026-06-01" in ics_unescape(ranged["SUMMARY"][0])
    assert ics_unescape(exact["SUMMARY"][0]).startswith("Berakhir: ")


def test_an_early_termination_leads_the_summary(calendars):
    # lapas-uji-badan-uji-2023 was terminated on 2025-01-31, before its agreed (ranged) end.
    [event] = [e for e in ics_events(calendars["data/ends.ics"]) if e["DTSTART"] == ["20260601"]]
    summary = ics_unescape(event["SUMMARY"][0])
    assert summary.startswith("Dihentikan 2025-01-31, semula berakhir: ") and summary.endswith(
        "[rentang 2024-06-01 s.d. 2026-06-01]")
    assert "Dihentikan lebih awal pada 2025-01-31." in ics_unescape(event["DESCRIPTION"][0])


def test_dtstamp_follows_source_date_epoch(hostile_registry, hostile_root, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamps = {e["DTSTAMP"][0] for e in ics_events(render(hostile_registry, hostile_root)["data/ends.ics"])}
    assert stamps == {"20250531T160000Z"}  # 2025-06-01 00:00 WITA
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamps = {e["DTSTAMP"][0] for e in ics_events(render(hostile_registry, hostile_root)["data/ends.ics"])}
    assert stamps == {dt.datetime.fromtimestamp(1700000000, dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")}


@given(st.text(min_size=0, max_size=400))
def test_fold_keeps_every_character_and_the_75_octet_limit(text):
    line = "DESCRIPTION:" + icalendar.escape_text(text)
    folded = icalendar.fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


@given(st.text(max_size=200))
def test_escape_round_trips_printable_text(text):
    escaped = icalendar.escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert ics_unescape(escaped) == printable(text)
