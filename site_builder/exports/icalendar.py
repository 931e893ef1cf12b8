"""iCalendar feeds (RFC 5545) of agreement end dates: data/ends.ics and data/ends-<agency-id>.ics.

One all-day VEVENT per agreement whose end is known, with reminders 90 and 30 days before. A
ranged end is put on its latest possible day (the day by which the agreement has certainly ended)
and the summary and description state the whole range. Agreements with an unknown end get no event;
one terminated early keeps its event on the agreed end, with the termination first in the summary.
"""

from __future__ import annotations

import datetime as dt

from site_builder.exports import dataset
from site_builder.exports.records import agreements_by_agency, by_id
from site_builder.exports.text import one_line, printable
from site_builder.labels import INDONESIAN
from site_builder.model import Agreement, Registry
from site_builder.site.filters import term_text

REMINDER_DAYS = (90, 30)
MAX_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
WORDS = INDONESIAN.calendar  # the calendars are Indonesian


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped."""
    value = printable(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 sequence;
    continuation lines start with one space, which counts towards their 75."""
    chunks: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _day(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def _end_days(a: Agreement) -> tuple[dt.date, dt.date]:
    """The first and last possible end day of an agreement calendar() keeps (its end is known, and a
    validity bound always has both days)."""
    end = a.end
    if end is None or end.earliest is None or end.latest is None:
        raise ValueError(f"{a.id}: the end is not known")
    return end.earliest, end.latest


def _summary(a: Agreement) -> str:
    partners = ", ".join(one_line(p.short_name_at_signing or p.name_at_signing) for p in a.partners())
    subject = f"{one_line(a.title)} ({partners})" if partners else one_line(a.title)
    earliest, latest = _end_days(a)
    exact = earliest == latest
    ranged = "" if exact else WORDS["range"].format(earliest=earliest.isoformat(), latest=latest.isoformat())
    if a.termination_date:
        return WORDS["summary_terminated"].format(date=a.termination_date.isoformat(), subject=subject, range=ranged)
    return WORDS["summary_ends" if exact else "summary_ends_by"].format(subject=subject, range=ranged)


def _description(a: Agreement, site_url: str) -> str:
    earliest, latest = _end_days(a)
    if earliest == latest:
        when = WORDS["end_exact"].format(date=earliest.isoformat())
    else:
        when = WORDS["end_range"].format(earliest=earliest.isoformat(), latest=latest.isoformat())
    if a.end_derived and a.duration is not None:  # a derived end always has its term
        when += WORDS["end_derived"].format(term=term_text(INDONESIAN, a.duration))
    lines = [a.title, when]
    if a.validity_note:
        lines.append(a.validity_note)
    status = a.status
    assert status is not None, "model.build computes every agreement's status"
    lines.append(WORDS["status"].format(date=status.as_of.isoformat(), status=status.status.value.replace("-", " ")))
    if a.termination_date:
        lines.append(WORDS["terminated"].format(date=a.termination_date.isoformat()))
    if a.renewed_by:
        lines.append(WORDS["renewed_by"].format(ids=", ".join(a.renewed_by)))
    lines.append(WORDS["parties"].format(names="; ".join(p.name_at_signing for p in a.parties)))
    lines.append(WORDS["record"].format(id=a.id, path=a.path, data_url=f"{site_url}data/"))
    return "\n".join(lines)


def _event(a: Agreement, stamp: str, site_url: str) -> list[str]:
    summary = escape_text(_summary(a))
    last_day = _end_days(a)[1]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{dataset.stable_uuid('agreement-end/' + a.id)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(last_day)}",
        f"DTEND;VALUE=DATE:{_day(last_day + dt.timedelta(days=1))}",
        f"SUMMARY:{summary}",
        f"DESCRIPTION:{escape_text(_description(a, site_url))}",
        "TRANSP:TRANSPARENT",
    ]
    for days in REMINDER_DAYS:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:-P{days}D",
            f"DESCRIPTION:{escape_text(WORDS['reminder'].format(days=days))}{summary}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(agreements: list[Agreement], name: str, stamp: str, site_url: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//pks-registry//Data terbuka {dataset.SCHEMA_VERSION}//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    for a in sorted((a for a in agreements if a.end), key=lambda a: (_end_days(a)[1], a.id)):
        lines += _event(a, stamp, site_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def render(registry: Registry, generated: dt.datetime, site_url: str) -> dict[str, bytes]:
    stamp = generated.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = {"data/ends.ics": calendar(by_id(registry.agreements), WORDS["name"], stamp, site_url)}
    by_agency = agreements_by_agency(registry)
    for agency_id in registry.partner_ids():
        agency = registry.agencies[agency_id]
        mine = [registry.agreements[i] for i in by_agency[agency_id]]
        out[f"data/ends-{agency_id}.ics"] = calendar(
            mine, WORDS["name_agency"].format(agency=agency.label), stamp, site_url
        )
    return out
