"""The build date `pks build` (and so `./scripts/setup`) prints says it is a WITA date, and says why it
can differ from the machine's clock."""

from __future__ import annotations

import datetime as dt

from site_builder.cli import as_of_words

# 2026-11-30 16:30 UTC is already 2026-12-01 00:30 in WITA (UTC+8)
EVENING_UTC = str(int(dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.timezone.utc).timestamp()))


def test_a_wita_date_ahead_of_the_machine_clock_is_explained(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EVENING_UTC)
    said = as_of_words(dt.date(2026, 12, 1), machine_today=dt.date(2026, 11, 30))
    assert said == "2026-12-01 (tanggal WITA, UTC+8; jam komputer ini menunjukkan 2026-11-30)"


def test_the_same_day_or_a_chosen_date_only_names_the_zone(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EVENING_UTC)
    assert as_of_words(dt.date(2026, 12, 1), machine_today=dt.date(2026, 12, 1)) == "2026-12-01 (tanggal WITA, UTC+8)"
    assert as_of_words(dt.date(2025, 1, 1), machine_today=dt.date(2026, 11, 30)) == "2025-01-01 (tanggal WITA, UTC+8)"
