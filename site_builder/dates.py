"""Dates as the records hold them: exact, bounded by a range, or unknown; and the as-of date."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")  # Asia/Makassar has no daylight saving time


@dataclass(frozen=True)
class Bound:
    """A date known exactly (earliest == latest) or only within [earliest, latest]."""

    earliest: dt.date
    latest: dt.date

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest


def parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def bound(value: object) -> Bound | None:
    """A date_bound value from a record (string, {earliest, latest} or null) as a Bound, or None."""
    if isinstance(value, str):
        day = parse_date(value)
        return Bound(day, day) if day else None
    if isinstance(value, dict):
        earliest, latest = parse_date(value.get("earliest")), parse_date(value.get("latest"))
        if earliest and latest:
            return Bound(earliest, latest)
    return None


def default_as_of() -> dt.date:
    """Today in WITA, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), WITA).date()
    return dt.datetime.now(WITA).date()
