"""Readers for the export formats, written from the RFCs rather than from the code under test."""

from __future__ import annotations

import csv
import io
import json
import re


def render(registry, root) -> dict[str, bytes]:
    from site_builder.exports import render_all

    return render_all(registry, registry.as_of, root)


def read_json(data: bytes) -> dict:
    return json.loads(data.decode("utf-8"))


def read_csv(data: bytes) -> tuple[list[str], list[dict]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark: Excel would guess a code page"
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), strict=True)
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def ics_lines(data: bytes) -> list[str]:
    """Unfolded content lines (RFC 5545 3.1)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    return text[:-2].replace("\r\n ", "").split("\r\n")


def ics_unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def ics_events(data: bytes) -> list[dict[str, list[str]]]:
    """Each VEVENT as {property name: [raw values]}, alarms' properties under 'VALARM/<name>'."""
    events, current, in_alarm = [], None, False
    for line in ics_lines(data):
        name_params, _, value = line.partition(":")
        name = name_params.split(";", 1)[0]
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            in_alarm = True
        elif line == "END:VALARM":
            in_alarm = False
        elif current is not None:
            current.setdefault(f"VALARM/{name}" if in_alarm else name, []).append(value)
    return events


def key_paths(value, here: str = "") -> set[str]:
    """Every key of a JSON-like value as a dotted path, list items as []: parties[].signatory.name."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{here}.{key}" if here else key
            out |= {path} | key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            out |= key_paths(item, here + "[]")
    return out
