"""Dates: ranges are ordered, periods make sense, activities fit the agreement, reports are past."""

from __future__ import annotations

import datetime as dt

from site_builder.dates import Bound, Term, bound, parse_date
from site_builder.validation.checks.base import RecordIndex, agreements, dig, each, entries, plans, text_at
from site_builder.validation.sources import SourceDocument, pointer_text


def _ranges(doc, value, path):
    if isinstance(value, dict):
        earliest, latest = parse_date(value.get("earliest")), parse_date(value.get("latest"))
        if earliest and latest and latest < earliest:
            yield doc.problem(
                "date-order",
                path + ("latest",),
                later_field=pointer_text(path + ("latest",)),
                later=latest.isoformat(),
                earlier_field=pointer_text(path + ("earliest",)),
                earlier=earliest.isoformat(),
            )


def _order(doc, first, first_path, second, second_path):
    """second must not be (certainly) before first."""
    if first and second and second.latest < first.earliest:
        yield doc.problem(
            "date-order",
            second_path,
            later_field=pointer_text(second_path),
            later=second.latest.isoformat(),
            earlier_field=pointer_text(first_path),
            earlier=first.earliest.isoformat(),
        )


@each(agreements)
def agreement_dates(reg: RecordIndex, doc: SourceDocument):
    data = doc.data
    for path in (("signed", "date"), ("validity", "start"), ("validity", "end")):
        yield from _ranges(doc, dig(data, *path), path)
    start, end = bound(dig(data, "validity", "start")), bound(dig(data, "validity", "end"))
    yield from _order(doc, start, ("validity", "start"), end, ("validity", "end"))
    signed = bound(dig(data, "signed", "date"))
    signed_day, start_day = _exact_day(signed), _exact_day(start)
    if signed_day and start_day and signed_day > start_day:
        yield doc.problem(
            "signed-after-start",
            ("signed", "date"),
            signed=signed_day.isoformat(),
            start=start_day.isoformat(),
        )
    stop = bound(dig(data, "termination", "date"))
    yield from _order(doc, start, ("validity", "start"), stop, ("termination", "date"))
    yield from _order(doc, stop, ("termination", "date"), end, ("validity", "end"))
    yield from _duration(doc, start, end, Term.of(dig(data, "validity", "duration")))


def _exact_day(day: Bound | None) -> dt.date | None:
    """The day a bound names exactly, or None for a range or no bound."""
    return day.earliest if day is not None and day.exact else None


def _duration(doc, start, end, term):
    """A term must be a length of time, its shortest no longer than its longest; a written end must
    lie within the days the written term implies (both from the same source)."""
    if term is not None:
        reference = dt.date(2000, 1, 1)  # any day: periods are compared by where they lead from it
        if term.shortest.after(reference) == reference or term.longest.after(reference) == reference:
            yield doc.problem(
                "validity-duration-invalid",
                ("validity", "duration"),
                detail_id="lamanya nol",
                detail_en="its length is zero",
            )
            return
        if term.shortest.after(reference) > term.longest.after(reference):
            yield doc.problem(
                "validity-duration-invalid",
                ("validity", "duration"),
                detail_id="'shortest' lebih lama daripada 'longest'",
                detail_en="'shortest' is longer than 'longest'",
            )
            return
    implied = term.end_from(start) if term and end else None
    if implied and (end.earliest < implied.earliest or end.latest > implied.latest):
        yield doc.problem(
            "validity-duration-mismatch",
            ("validity", "end"),
            end=_period_text(end, end, both=True),
            duration=term.shortest.iso() if term.exact else f"{term.shortest.iso()}..{term.longest.iso()}",
            earliest=implied.earliest.isoformat(),
            latest=implied.latest.isoformat(),
        )


def _period_text(start, end, both: bool = False) -> str:
    left = start.earliest.isoformat() if start else "?"
    right = end.latest.isoformat() if end else "?"
    if both and left == right:
        return left  # one exact day
    return f"{left}..{right}"  # the same in both languages


def _validity(agreement) -> tuple:
    """(start, end) Bounds of an agreement's validity; an early termination ends it."""
    if agreement is None:
        return None, None
    start, end = bound(dig(agreement.data, "validity", "start")), bound(dig(agreement.data, "validity", "end"))
    return start, bound(dig(agreement.data, "termination", "date")) or end


@each(plans)
def activity_dates(reg: RecordIndex, doc: SourceDocument):
    target = text_at(doc.data, "agreement")
    start, end = _validity(reg.agreements.get(target) if target else None)
    for i, activity in entries(doc.data, "activities"):
        schedule = activity.get("schedule")  # dig(activity, "schedule", ...), read once for both days
        s, e = (
            (parse_date(schedule.get("start")), parse_date(schedule.get("end")))
            if isinstance(schedule, dict)
            else (None, None)
        )
        if s and e and e < s:
            yield doc.problem(
                "date-order",
                ("activities", i, "schedule", "end"),
                later_field=f"activities[{i}].schedule.end",
                later=e.isoformat(),
                earlier_field=f"activities[{i}].schedule.start",
                earlier=s.isoformat(),
            )
        for key, day in (("start", s), ("end", e)):
            if day is None:
                continue
            if (start and day < start.earliest) or (end and day > end.latest):
                yield doc.problem(
                    "activity-outside-validity",
                    ("activities", i, "schedule", key),
                    field=f"activities[{i}].schedule.{key}",
                    date=day.isoformat(),
                    period=_period_text(start, end),
                )
        for j, report in entries(activity, "progress"):
            day = parse_date(report.get("date"))
            if day and day > reg.as_of:
                yield doc.problem(
                    "date-in-future",
                    ("activities", i, "progress", j, "date"),
                    field=f"activities[{i}].progress[{j}].date",
                    date=day.isoformat(),
                    as_of=reg.as_of.isoformat(),
                )
