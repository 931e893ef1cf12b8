"""Dates: ranges are ordered, periods make sense, activities fit the agreement, reports are past."""

from __future__ import annotations

from site_builder.checks import Registry, check
from site_builder.dates import bound, parse_date


def _ranges(doc, value, path):
    if isinstance(value, dict):
        earliest, latest = parse_date(value.get("earliest")), parse_date(value.get("latest"))
        if earliest and latest and latest < earliest:
            yield doc.problem("date-order", path + ("latest",), later_field=".".join(map(str, path + ("latest",))),
                              later=latest.isoformat(), earlier_field=".".join(map(str, path + ("earliest",))),
                              earlier=earliest.isoformat())


def _order(doc, first, first_path, second, second_path):
    """second must not be (certainly) before first."""
    if first and second and second.latest < first.earliest:
        yield doc.problem("date-order", second_path, later_field=".".join(map(str, second_path)), later=second.latest.isoformat(),
                          earlier_field=".".join(map(str, first_path)), earlier=first.earliest.isoformat())


@check
def agreement_dates(reg: Registry):
    for doc in reg.agreements.values():
        data = doc.data
        for path in (("signed", "date"), ("validity", "start"), ("validity", "end")):
            yield from _ranges(doc, data[path[0]][path[1]], path)
        start, end = bound(data["validity"]["start"]), bound(data["validity"]["end"])
        yield from _order(doc, start, ("validity", "start"), end, ("validity", "end"))
        signed = bound(data["signed"]["date"])
        if signed and start and signed.exact and start.exact and signed.earliest > start.earliest:
            yield doc.problem("signed-after-start", ("signed", "date"), signed=signed.earliest.isoformat(), start=start.earliest.isoformat())
        if "termination" in data:
            stop = bound(data["termination"]["date"])
            yield from _order(doc, start, ("validity", "start"), stop, ("termination", "date"))
            yield from _order(doc, stop, ("termination", "date"), end, ("validity", "end"))


def _period_text(start, end) -> str:
    left = start.earliest.isoformat() if start else "?"
    right = end.latest.isoformat() if end else "?"
    return f"{left} s.d. {right}"


@check
def activity_dates(reg: Registry):
    for doc in reg.plans.values():
        agreement = reg.agreements.get(doc.data["agreement"])
        start = end = None
        if agreement is not None:
            validity = agreement.data["validity"]
            start, end = bound(validity["start"]), bound(validity["end"])
            if "termination" in agreement.data:
                end = bound(agreement.data["termination"]["date"]) or end
        for i, activity in enumerate(doc.data["activities"]):
            schedule = activity["schedule"] or {}
            s, e = parse_date(schedule.get("start")), parse_date(schedule.get("end"))
            if s and e and e < s:
                yield doc.problem("date-order", ("activities", i, "schedule", "end"), later_field=f"activities[{i}].schedule.end",
                                  later=e.isoformat(), earlier_field=f"activities[{i}].schedule.start", earlier=s.isoformat())
            for key, day in (("start", s), ("end", e)):
                if day is None:
                    continue
                if (start and day < start.earliest) or (end and day > end.latest):
                    yield doc.problem("activity-outside-validity", ("activities", i, "schedule", key),
                                      field=f"activities[{i}].schedule.{key}", date=day.isoformat(), period=_period_text(start, end))
            for j, report in enumerate(activity.get("progress", [])):
                day = parse_date(report["date"])
                if day and day > reg.as_of:
                    yield doc.problem("date-in-future", ("activities", i, "progress", j, "date"),
                                      field=f"activities[{i}].progress[{j}].date", date=day.isoformat(), as_of=reg.as_of.isoformat())
