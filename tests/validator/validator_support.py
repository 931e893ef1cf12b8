"""Helpers shared by the validator tests: a valid agency and readers of every output format; the
test registry's records come from registry_fixture."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2024, 6, 1)  # fixed, so "in the future" means the same thing on every day the tests run
FORMATS = ("text", "parsable", "github", "json")


AGENCY = """id: {id}
name: Dinas Contoh
short_name: null
kind: perangkat-daerah
parent: {parent}
region: "63.07"
website: null
{extra}sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""


def agency(ident: str, parent: str = "null", extra: str = "") -> str:
    """A valid agency record; extra lines go just before sources (line 8)."""
    return AGENCY.format(id=ident, parent=parent, extra=extra)


_PARSABLE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning): .* \[(?P<code>[a-z0-9-]+)\]")
_GITHUB = re.compile(r"^::(?:error|warning) file=(?P<path>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<code>[a-z0-9-]+)%3A ")
_TEXT_PROBLEM = re.compile(r"^  (?P<line>\d+):(?P<col>\d+) +\S+ +.*\((?P<code>[a-z0-9-]+)\)$")


def located(output: str, fmt: str) -> set[tuple[str, int, int, str]]:
    """(path, line, column, code) of every problem an output of the given format shows."""
    if fmt == "json":
        return {(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(output)["problems"]}
    found = set()
    current = None
    for line in output.splitlines():
        if fmt == "text":
            if line and not line.startswith(" ") and not re.match(r"^(\d+ (galat|error)|tidak dicantumkan:|not listed:)", line):
                current = line
            match = _TEXT_PROBLEM.match(line)
            if match:
                found.add((current, int(match["line"]), int(match["col"]), match["code"]))
            continue
        # the github format annotates the first problems and logs the rest as parsable lines
        match = _PARSABLE.match(line) if fmt == "parsable" else _GITHUB.match(line) or _PARSABLE.match(line)
        if match:
            found.add((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return found
