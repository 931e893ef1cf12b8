"""Geometry of the home page's validity timeline, drawn as SVG at build time (no JavaScript needed).

Honest about what is not known: an exact period is a solid bar, a date the source only bounds is a
hatched stretch over its whole range, and an unknown start or end is a dashed line to the edge of
the chart, never a guessed date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from site_builder.model import Agreement

WIDTH = 640
MARGIN = 8
ROW_HEIGHT = 34
AXIS_HEIGHT = 24
LIMIT = 40  # rows on the home page; the agreement list has them all


@dataclass(frozen=True)
class Segment:
    x1: float
    x2: float
    kind: str  # "known" (solid), "range" (hatched), "unknown" (dashed)


@dataclass(frozen=True)
class Row:
    agreement: Agreement
    y: float  # top of the row; the label sits here, the bar below it
    segments: tuple[Segment, ...]
    terminated_x: float | None


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    as_of_x: float
    shown: int
    total: int
    # The scale, for status.js to move the "today" line: start..end (days) maps to left..right (x).
    start: dt.date
    end: dt.date
    left: float
    right: float


def _domain(agreements: list[Agreement], as_of: dt.date) -> tuple[dt.date, dt.date]:
    days = [as_of]
    for a in agreements:
        for b in (a.start, a.end, a.signed):
            if b is not None:  # a signing date may be open on one side
                days += [day for day in (b.earliest, b.latest) if day is not None]
        if a.termination_date:
            days.append(a.termination_date)
    return dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1)


def layout(agreements: list[Agreement], as_of: dt.date, limit: int = LIMIT) -> Timeline:
    """Rows for the first `limit` agreements, in the order given (newest first)."""
    shown = agreements[:limit]
    lo, hi = _domain(shown, as_of)
    span = (hi - lo).days
    left, right = MARGIN, WIDTH - MARGIN

    def x(day: dt.date) -> float:
        return round(left + (right - left) * (day - lo).days / span, 1)

    rows = []
    for i, a in enumerate(shown):
        rows.append(
            Row(
                a,
                AXIS_HEIGHT + i * ROW_HEIGHT,
                _segments(a, x, left, right),
                x(a.termination_date) if a.termination_date else None,
            )
        )
    ticks = tuple(Tick(x(dt.date(year, 1, 1)), year) for year in range(lo.year, hi.year + 1))
    return Timeline(
        WIDTH,
        AXIS_HEIGHT + len(shown) * ROW_HEIGHT + MARGIN,
        tuple(rows),
        ticks,
        x(as_of),
        len(shown),
        len(agreements),
        lo,
        hi,
        left,
        right,
    )


def _segments(a: Agreement, x: Callable[[dt.date], float], left: float, right: float) -> tuple[Segment, ...]:
    start, end, stop = a.start, a.end, a.termination_date
    out: list[Segment] = []
    if start is None:
        out.append(Segment(left, x(end.earliest) if end else right, "unknown"))
    elif not start.exact:
        out.append(Segment(x(start.earliest), x(start.latest), "range"))
    solid_from = x(start.latest) if start else None
    if end is None:
        if start is not None:
            out.append(Segment(x(start.latest), right, "unknown"))
        solid_to = None
    else:
        solid_to = x(end.earliest)
        if not end.exact:
            out.append(Segment(solid_to, x(end.latest), "range"))
    if solid_from is not None and solid_to is not None and solid_to >= solid_from:
        out.append(Segment(solid_from, solid_to, "known"))
    if stop is not None:  # nothing is drawn after an early termination
        cut = x(stop)
        out = [Segment(s.x1, min(s.x2, cut), s.kind) for s in out if s.x1 <= cut]
    return tuple(sorted(out, key=lambda s: (s.x1, s.x2, s.kind)))
