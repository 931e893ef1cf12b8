"""One CSV per record kind (plus parties and activities), made to open cleanly in Excel.

UTF-8 with a byte order mark (Excel otherwise guesses a legacy code page), CRLF line ends and
RFC 4180 quoting (the csv module's excel dialect), ISO 8601 dates, unknown values as empty cells
with an explicit *_known column for dates that may be exact, ranged or unknown. Control characters
are dropped and line breaks normalised, as in the calendar and the feed; then cells that a
spreadsheet would run as a formula are defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from site_builder.dates import Bound, OpenBound
from site_builder.exports.records import agreements_by_agency, by_id, iso
from site_builder.exports.text import printable
from site_builder.model import Registry

# Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection).
# printable() turns CR into LF, so LF stands in for CR; a NUL (OWASP ASVS 1.2.10) never gets this far.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = ";"  # inside a cell holding several ids; ids never contain it
KNOWN = {True: "pasti", False: "rentang", None: "tidak-diketahui"}  # exact, range, unknown


def defuse(cell: str) -> str:
    # Spreadsheets skip leading spaces before a formula (" =1+1" runs too): look past them.
    return "'" + cell if cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS) else cell


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(value)
    # A YAML escape ("\0=1+1") puts controls past the validator's raw-text scan: drop them before
    # looking at the first character, or a NUL would hide a formula.
    return defuse(printable(str(value)))


def bound_cells(prefix: str, b: Bound | OpenBound | None) -> dict:
    return {
        f"{prefix}_earliest": iso(b.earliest) if b else None,
        f"{prefix}_latest": iso(b.latest) if b else None,
        f"{prefix}_known": KNOWN[b.exact if b else None],
    }


def encode(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")  # comma, double quotes, CRLF, quote only when needed
    writer.writerow(columns)
    for row in rows:
        if tuple(row) != columns:
            raise ValueError(f"row keys {tuple(row)} differ from columns {columns}")
        writer.writerow([cell(v) for v in row.values()])
    return buffer.getvalue().encode("utf-8-sig")


AGREEMENT_COLUMNS = (
    "id",
    "institution",
    "title",
    "official_title",
    "kind",
    "signed_earliest",
    "signed_latest",
    "signed_known",
    "signed_place",
    "start_earliest",
    "start_latest",
    "start_known",
    "end_earliest",
    "end_latest",
    "end_known",
    "end_derived",
    "duration_shortest",
    "duration_longest",
    "known_only_by_reference",
    "partners",
    "themes",
    "renews",
    "renewed_by",
    "amends",
    "amended_by",
    "umbrella",
    "under_umbrella",
    "termination_date",
    "termination_reason",
    "status",
    "status_reason",
    "status_date",
    "status_date_latest",
    "as_of",
    "action_plans",
    "note",
    "record_path",
)


def agreement_rows(registry: Registry) -> list[dict]:
    rows = []
    for a in by_id(registry.agreements):
        s = a.status
        rows.append(
            {
                "id": a.id,
                "institution": a.institution_id,
                "title": a.title,
                "official_title": a.official_title,
                "kind": a.kind,
                **bound_cells("signed", a.signed),
                "signed_place": a.signed_place,
                **bound_cells("start", a.start),
                **bound_cells("end", a.end),
                "end_derived": a.end_derived,
                "duration_shortest": a.duration.shortest.iso() if a.duration else None,
                "duration_longest": a.duration.longest.iso() if a.duration else None,
                "known_only_by_reference": a.known_only_by_reference,
                "partners": [p.agency_id for p in a.partners()],
                "themes": a.themes,
                "renews": a.renews,
                "renewed_by": a.renewed_by,
                "amends": a.amends,
                "amended_by": a.amended_by,
                "umbrella": a.umbrella,
                "under_umbrella": a.under_umbrella,
                "termination_date": a.termination_date,
                "termination_reason": a.termination_reason,
                "status": s.status.value,
                "status_reason": s.reason.value,
                "status_date": s.date,
                "status_date_latest": s.date_latest,
                "as_of": s.as_of,
                "action_plans": a.plan_ids,
                "note": a.note,
                "record_path": a.path,
            }
        )
    return rows


PARTY_COLUMNS = (
    "agreement_id",
    "order",
    "agency_id",
    "institution_party",
    "role",
    "document_number",
    "name_at_signing",
    "short_name_at_signing",
    "signatory_name",
    "signatory_position",
    "signatory_agency_id",
)


def party_rows(registry: Registry) -> list[dict]:
    rows = []
    for a in by_id(registry.agreements):
        for order, p in enumerate(a.parties, start=1):
            signatory = p.signatory
            rows.append(
                {
                    "agreement_id": a.id,
                    "order": order,
                    "agency_id": p.agency_id,
                    "institution_party": p.agency_id == a.institution_id,
                    "role": p.role,
                    "document_number": p.document_number,
                    "name_at_signing": p.name_at_signing,
                    "short_name_at_signing": p.short_name_at_signing,
                    "signatory_name": signatory.name if signatory else None,
                    "signatory_position": signatory.position if signatory else None,
                    "signatory_agency_id": signatory.agency_id if signatory else None,
                }
            )
    return rows


PLAN_COLUMNS = ("id", "agreement_id", "title", "activity_count", "note", "record_path")


def plan_rows(registry: Registry) -> list[dict]:
    return [
        {
            "id": p.id,
            "agreement_id": p.agreement_id,
            "title": p.title,
            "activity_count": len(p.activities),
            "note": p.note,
            "record_path": p.path,
        }
        for p in by_id(registry.plans)
    ]


ACTIVITY_COLUMNS = (
    "action_plan_id",
    "agreement_id",
    "order",
    "activity_id",
    "title",
    "scope_item",
    "responsible_agency_id",
    "responsible_unit",
    "schedule_start",
    "schedule_end",
    "schedule_frequency",
    "indicator",
    "target_value",
    "target_unit",
    "budget_source",
    "status",
    "progress_count",
    "latest_progress_date",
    "latest_progress_realisation",
    "latest_progress_value",
    "note",
)


def activity_rows(registry: Registry) -> list[dict]:
    rows = []
    for p in by_id(registry.plans):
        for order, x in enumerate(p.activities, start=1):
            s, t, last = x.schedule, x.target, x.latest_progress
            rows.append(
                {
                    "action_plan_id": p.id,
                    "agreement_id": p.agreement_id,
                    "order": order,
                    "activity_id": x.id,
                    "title": x.title,
                    "scope_item": x.scope_item,
                    "responsible_agency_id": x.responsible_agency_id,
                    "responsible_unit": x.responsible_unit,
                    "schedule_start": s.start if s else None,
                    "schedule_end": s.end if s else None,
                    "schedule_frequency": s.frequency if s else None,
                    "indicator": x.indicator,
                    "target_value": t.value if t else None,
                    "target_unit": t.unit if t else None,
                    "budget_source": x.budget_source,
                    "status": x.status,
                    "progress_count": len(x.progress),
                    "latest_progress_date": last.date if last else None,
                    "latest_progress_realisation": last.realisation if last else None,
                    "latest_progress_value": last.value if last else None,
                    "note": x.note,
                }
            )
    return rows


AGENCY_COLUMNS = (
    "id",
    "name",
    "short_name",
    "kind",
    "parent_id",
    "region",
    "website",
    "former_names",
    "original_wording",
    "note",
    "agreement_count",
    "agreements",
    "record_path",
)


def agency_rows(registry: Registry) -> list[dict]:
    by_agency = agreements_by_agency(registry)
    return [
        {
            "id": a.id,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "parent_id": a.parent_id,
            "region": a.region,
            "website": a.website,
            # names may contain the separator: the full history, with dates, is in agencies.json
            "former_names": "; ".join(f.name for f in a.former_names) or None,
            "original_wording": a.original_wording,
            "note": a.note,
            "agreement_count": len(by_agency[a.id]),
            "agreements": by_agency[a.id],
            "record_path": a.path,
        }
        for a in by_id(registry.agencies)
    ]


TABLES = {
    "data/agreements.csv": (AGREEMENT_COLUMNS, agreement_rows),
    "data/parties.csv": (PARTY_COLUMNS, party_rows),
    "data/action-plans.csv": (PLAN_COLUMNS, plan_rows),
    "data/activities.csv": (ACTIVITY_COLUMNS, activity_rows),
    "data/agencies.csv": (AGENCY_COLUMNS, agency_rows),
}


def render(registry: Registry) -> dict[str, bytes]:
    return {name: encode(columns, rows(registry)) for name, (columns, rows) in TABLES.items()}
