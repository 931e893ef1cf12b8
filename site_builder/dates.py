"""Dates as the records hold them: exact, bounded by a range (a signing date possibly from one side
only), or unknown; terms (periods) and the end they imply; and the as-of date."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import ClassVar, Literal

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")  # Asia/Makassar has no daylight saving time


@dataclass(frozen=True, slots=True)
class Bound:
    """A date known exactly (earliest == latest) or only within [earliest, latest]."""

    earliest: dt.date
    latest: dt.date
    open_ended: ClassVar[bool] = False

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    @property
    def anchor(self) -> dt.date:
        """The day to sort and look names up by."""
        return self.earliest


@dataclass(frozen=True, slots=True)
class OpenBound:
    """A signing date known from one side only: on or before `day` ("signed before ...", side
    "latest") or on or after it (side "earliest"). The schema allows this for no other date."""

    day: dt.date
    side: Literal["earliest", "latest"]
    exact: ClassVar[bool] = False
    open_ended: ClassVar[bool] = True

    @property
    def earliest(self) -> dt.date | None:
        return self.day if self.side == "earliest" else None

    @property
    def latest(self) -> dt.date | None:
        return self.day if self.side == "latest" else None

    @property
    def anchor(self) -> dt.date:
        return self.day


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


def signing_bound(value: object) -> Bound | OpenBound | None:
    """An open_date_bound value (the signing date): as bound(), or a range that gives one side only."""
    closed = bound(value)
    if closed is not None or not isinstance(value, dict) or len(value) != 1:
        return closed
    ((side, text),) = value.items()
    day = parse_date(text)
    if day is not None and side in ("earliest", "latest"):
        return OpenBound(day, "earliest" if side == "earliest" else "latest")
    return None


@dataclass(frozen=True)
class Period:
    """A term as a source gives it: years, months and days."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def of(cls, value: object) -> Period | None:
        if not isinstance(value, dict) or not value:
            return None
        parts = {k: value.get(k, 0) for k in ("years", "months", "days")}
        if set(value) - set(parts) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in parts.values()
        ):
            return None
        return cls(**parts)

    def after(self, day: dt.date) -> dt.date:
        """day + this period; a month end that does not exist falls back to the month's last day."""
        months = day.month - 1 + self.months + 12 * self.years
        year, month = day.year + months // 12, months % 12 + 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=self.days)

    def iso(self) -> str:
        """ISO 8601 duration: P5Y, P1Y6M, P90D."""
        text = "".join(f"{n}{unit}" for n, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n)
        return "P" + (text or "0D")


@dataclass(frozen=True)
class Term:
    """A validity given as a duration: one period, or the shortest and longest a source allows."""

    shortest: Period
    longest: Period

    @classmethod
    def of(cls, value: object) -> Term | None:
        if isinstance(value, dict) and set(value) == {"shortest", "longest"}:
            shortest, longest = Period.of(value["shortest"]), Period.of(value["longest"])
            return cls(shortest, longest) if shortest and longest else None
        period = Period.of(value)
        return cls(period, period) if period else None

    @property
    def exact(self) -> bool:
        return self.shortest == self.longest

    def end_from(self, start: Bound | None) -> Bound | None:
        """The last day of validity this term implies, never exact: documents count a term either up
        to the day before the anniversary or up to the anniversary itself, so both are possible."""
        if start is None:
            return None
        try:
            return Bound(self.shortest.after(start.earliest) - dt.timedelta(days=1), self.longest.after(start.latest))
        except (OverflowError, ValueError):  # a term beyond year 9999
            return None


def default_as_of() -> dt.date:
    """Today in WITA, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), WITA).date()
    return dt.datetime.now(WITA).date()
