"""Model records as plain JSON values, with the field names of the record schemas.

Computed values (status, names at signing, the reverse side of relations, plan ids, an agency's
agreements) are added under names the record schemas do not use, so a reader can tell them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from site_builder.dates import Bound, OpenBound, Period, Term
from site_builder.model import ActionPlan, Activity, Agency, Agreement, Attendee, Person, Registry, Source
from site_builder.status import StatusResult

T = TypeVar("T")


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def bound_json(b: Bound | OpenBound | None) -> str | dict | None:
    """The date_bound shape of the record schemas: "YYYY-MM-DD", {earliest, latest} or null; a side a
    signing date leaves open is null, so every range has both keys."""
    if b is None:
        return None
    return iso(b.earliest) if b.exact else {"earliest": iso(b.earliest), "latest": iso(b.latest)}


def _period(p: Period) -> dict:
    return {"years": p.years, "months": p.months, "days": p.days}


def term_json(t: Term | None, ranged: bool) -> dict | None:
    """A validity term in the record's own shape (one period, or {shortest, longest}), every unit spelled out."""
    if t is None:
        return None
    if ranged:
        return {"shortest": _period(t.shortest), "longest": _period(t.longest)}
    return _period(t.shortest)


def _attendee(x: Attendee) -> dict:
    return {"name": x.name, "position": x.position, "agency": x.agency_id, "group": x.group}


def _source(s: Source) -> dict:
    return {
        "publisher": s.publisher,
        "title": s.title,
        "url": s.url,
        "url_partial": s.url_partial,
        "published": iso(s.published),
        "author": s.author,
        "note": s.note,
    }


def _person(p: Person | None) -> dict | None:
    """The person shape of the record schemas; agency is optional there, so it is null when absent."""
    return None if p is None else {"name": p.name, "position": p.position, "agency": p.agency_id}


def status_json(s: StatusResult) -> dict:
    return {
        "status": s.status.value,
        "reason": s.reason.value,
        "as_of": iso(s.as_of),
        "date": iso(s.date),
        "date_latest": iso(s.date_latest),
    }


def agreements_by_agency(registry: Registry) -> dict[str, list[str]]:
    """Agreement ids per agency that is a party to them, in id order; one pass over the agreements
    (Registry.agreements_of re-sorts every agreement per agency)."""
    out: dict[str, list[str]] = {agency_id: [] for agency_id in registry.agencies}
    for a in by_id(registry.agreements):
        for agency_id in dict.fromkeys(a.party_ids):
            out.setdefault(agency_id, []).append(a.id)
    return out


def agency_json(a: Agency, agreement_ids: list[str]) -> dict:
    return {
        "id": a.id,
        "name": a.name,
        "short_name": a.short_name,
        "kind": a.kind,
        "parent": a.parent_id,
        "region": a.region,
        "website": a.website,
        "name_history": [
            {
                "name": f.name,
                "short_name": f.short_name,
                "parent": f.parent_id,
                "until": iso(f.until),
                "original_wording": f.original_wording,
            }
            for f in a.former_names
        ],
        "original_wording": a.original_wording,
        "maintainers": list(a.maintainers),
        "note": a.note,
        "sources": [_source(s) for s in a.sources],
        "record_path": a.path,
        "agreements": agreement_ids,
    }


def agreement_json(a: Agreement) -> dict:
    return {
        "id": a.id,
        "institution": a.institution_id,
        "title": a.title,
        "official_title": a.official_title,
        "kind": a.kind,
        "kind_wording": a.kind_wording,
        "signed": {"date": bound_json(a.signed), "place": a.signed_place},
        "parties": [
            {
                "agency": p.agency_id,
                "role": p.role,
                "document_number": p.document_number,
                "signatory": _person(p.signatory),
                "name_at_signing": p.name_at_signing,
                "short_name_at_signing": p.short_name_at_signing,
            }
            for p in a.parties
        ],
        "witnesses": [_attendee(w) for w in a.witnesses],
        "present": [_attendee(x) for x in a.present],
        "scope": [
            {"id": s.id, "theme": s.theme, "description": s.description, "original_wording": s.original_wording}
            for s in a.scope
        ],
        # end as written; an end computed from the term is a field of its own, so no reader takes it for the source's
        "validity": {
            "start": bound_json(a.start),
            "end": None if a.end_derived else bound_json(a.end),
            "end_from_duration": bound_json(a.end) if a.end_derived else None,
            "duration": term_json(a.duration, a.duration_ranged),
            "note": a.validity_note,
            "original_wording": a.validity_original_wording,
        },
        "basis": None
        if a.basis is None
        else {"text": a.basis.text, "by": _person(a.basis.by), "original_wording": a.basis.original_wording},
        "conflicts": [
            {"field": c.field, "values": [{"value": v.value, "source": v.source} for v in c.values], "note": c.note}
            for c in a.conflicts
        ],
        "known_only_by_reference": a.known_only_by_reference,
        "relations": {
            "renews": a.renews,
            "amends": a.amends,
            "umbrella": a.umbrella,
            "renewed_by": list(a.renewed_by),
            "amended_by": list(a.amended_by),
            "under_umbrella": list(a.under_umbrella),
        },
        "termination": (
            {"date": iso(a.termination_date), "reason": a.termination_reason} if a.termination_date else None
        ),
        "documents": [{"title": d.title, "url": d.url, "path": d.path, "sha256": d.sha256} for d in a.documents],
        "note": a.note,
        "sources": [_source(s) for s in a.sources],
        "record_path": a.path,
        "status": status_json(a.status),
        "action_plans": list(a.plan_ids),
    }


def _activity(x: Activity) -> dict:
    s = x.schedule
    return {
        "id": x.id,
        "title": x.title,
        "scope_item": x.scope_item,
        "responsible": {"agency": x.responsible_agency_id, "unit": x.responsible_unit},
        "schedule": None if s is None else {"start": iso(s.start), "end": iso(s.end), "frequency": s.frequency},
        "indicator": x.indicator,
        "target": None if x.target is None else {"value": x.target.value, "unit": x.target.unit},
        "budget_source": x.budget_source,
        "status": x.status,
        "note": x.note,
        "original_wording": x.original_wording,
        "progress": [
            {"date": iso(p.date), "realisation": p.realisation, "value": p.value, "evidence": p.evidence}
            for p in x.progress
        ],
    }


def plan_json(p: ActionPlan) -> dict:
    return {
        "id": p.id,
        "agreement": p.agreement_id,
        "title": p.title,
        "note": p.note,
        "activities": [_activity(x) for x in p.activities],
        "sources": [_source(s) for s in p.sources],
        "record_path": p.path,
    }


def by_id(records: Mapping[str, T]) -> list[T]:
    """A registry table's records in id order: the order of every export."""
    return [records[key] for key in sorted(records)]
