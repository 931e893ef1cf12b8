"""Typed, read-only records built from validated data, with their relations resolved both ways.

Built only from documents that passed validation, so constructors index data directly. Derived
values (status, names at signing, renewed_by) are computed here, never in templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from site_builder import status as status_rules
from site_builder.dates import Bound, Term, bound, parse_date
from site_builder.validation.sources import SourceDocument


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str | None
    url: str | None
    published: dt.date | None
    author: str | None
    note: str | None
    url_partial: str | None = None  # a cut-off address, shown as text and never linked

    @classmethod
    def of(cls, d: dict) -> Source:
        return cls(
            d["publisher"],
            d["title"],
            d["url"],
            parse_date(d["published"]),
            d.get("author"),
            d.get("note"),
            d.get("url_partial"),
        )


def _sources(data: dict) -> tuple[Source, ...]:
    return tuple(Source.of(s) for s in data["sources"])


@dataclass(frozen=True)
class Person:
    name: str | None
    position: str | None
    agency_id: str | None = None

    @classmethod
    def of(cls, d: dict | None) -> Person | None:
        return None if d is None else cls(d["name"], d["position"], d.get("agency"))


@dataclass(frozen=True)
class Attendee:
    """A witness or someone else present at the signing: an official, or an unnamed group (\"pejabat lainnya\")."""

    name: str | None
    position: str | None
    agency_id: str | None
    group: str | None

    @classmethod
    def of(cls, d: dict) -> Attendee:
        return cls(d.get("name"), d.get("position"), d.get("agency"), d.get("group"))


@dataclass(frozen=True)
class Basis:
    """What an agreement follows: a direction or regulation, and who gave it."""

    text: str
    by: Person | None
    original_wording: str | None


@dataclass(frozen=True)
class ConflictValue:
    value: str
    source: int  # 1-based position in the record's sources (the site's "sumber-N")


@dataclass(frozen=True)
class Conflict:
    """One fact the record's sources report differently, kept side by side."""

    field: str
    values: tuple[ConflictValue, ...]
    note: str | None


@dataclass(frozen=True)
class FormerName:
    name: str
    short_name: str | None
    parent_id: str | None
    until: dt.date
    original_wording: str | None


@dataclass(frozen=True)
class Agency:
    id: str
    path: str
    name: str
    short_name: str | None
    kind: str
    parent_id: str | None
    region: str | None
    website: str | None
    former_names: tuple[FormerName, ...]
    original_wording: str | None
    maintainers: tuple[str, ...]
    note: str | None
    sources: tuple[Source, ...]

    @classmethod
    def of(cls, doc: SourceDocument) -> Agency:
        d = doc.data
        former = tuple(
            sorted(
                (
                    FormerName(
                        h["name"],
                        h.get("short_name"),
                        h.get("parent"),
                        parse_date(h["until"]),
                        h.get("original_wording"),
                    )
                    for h in d.get("name_history", [])
                ),
                key=lambda f: f.until,
            )
        )
        return cls(
            d["id"],
            doc.path,
            d["name"],
            d["short_name"],
            d["kind"],
            d["parent"],
            d["region"],
            d["website"],
            former,
            d.get("original_wording"),
            tuple(d.get("maintainers", [])),
            d.get("note"),
            _sources(d),
        )

    def name_on(self, day: dt.date | None) -> tuple[str, str | None]:
        """(name, short name) in use on a day; the current name when the day is unknown."""
        if day is not None:
            for former in self.former_names:
                if day <= former.until:
                    return former.name, former.short_name
        return self.name, self.short_name

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Party:
    agency_id: str
    role: str | None
    document_number: str | None
    signatory: Person | None
    name_at_signing: str
    short_name_at_signing: str | None


@dataclass(frozen=True)
class ScopeItem:
    id: str
    theme: str
    description: str
    original_wording: str | None


@dataclass(frozen=True)
class Document:
    title: str
    url: str | None
    path: str | None
    sha256: str | None


@dataclass(frozen=True)
class Schedule:
    start: dt.date | None
    end: dt.date | None
    frequency: str | None


@dataclass(frozen=True)
class Target:
    value: float
    unit: str


@dataclass(frozen=True)
class ProgressReport:
    date: dt.date
    realisation: str
    value: float | None
    evidence: str | None


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    scope_item: str | None
    responsible_agency_id: str
    responsible_unit: str | None
    schedule: Schedule | None
    indicator: str | None
    target: Target | None
    budget_source: str | None
    status: str | None
    note: str | None
    original_wording: str | None
    progress: tuple[ProgressReport, ...]

    @classmethod
    def of(cls, d: dict) -> Activity:
        s = d["schedule"]
        schedule = (
            None if s is None else Schedule(parse_date(s.get("start")), parse_date(s.get("end")), s.get("frequency"))
        )
        target = None if d["target"] is None else Target(d["target"]["value"], d["target"]["unit"])
        progress = tuple(
            sorted(
                (
                    ProgressReport(parse_date(p["date"]), p["realisation"], p.get("value"), p.get("evidence"))
                    for p in d.get("progress", [])
                ),
                key=lambda p: p.date,
            )
        )
        return cls(
            d["id"],
            d["title"],
            d["scope_item"],
            d["responsible"]["agency"],
            d["responsible"]["unit"],
            schedule,
            d["indicator"],
            target,
            d["budget_source"],
            d["status"],
            d.get("note"),
            d.get("original_wording"),
            progress,
        )

    @property
    def latest_progress(self) -> ProgressReport | None:
        return self.progress[-1] if self.progress else None


@dataclass(frozen=True)
class ActionPlan:
    id: str
    path: str
    agreement_id: str
    title: str
    activities: tuple[Activity, ...]
    note: str | None
    sources: tuple[Source, ...]

    @classmethod
    def of(cls, doc: SourceDocument) -> ActionPlan:
        d = doc.data
        return cls(
            d["id"],
            doc.path,
            d["agreement"],
            d["title"],
            tuple(Activity.of(a) for a in d["activities"]),
            d.get("note"),
            _sources(d),
        )


@dataclass
class Agreement:
    id: str
    path: str
    institution_id: str  # the folder that owns the record
    title: str
    official_title: str | None
    kind: str | None
    signed: Bound | None  # may be open on one side ("signed before ...")
    signed_raw: object  # as written: "2023-03-13", {earliest, latest}, {latest} or None
    signed_place: str | None
    parties: tuple[Party, ...]
    witnesses: tuple[Attendee, ...]
    scope: tuple[ScopeItem, ...]
    start: Bound | None
    end: Bound | None
    start_raw: object
    end_raw: object
    duration: Term | None  # the term a source gives instead of (or besides) an end date
    duration_raw: object  # as written: {years: 5} or {shortest, longest}
    end_derived: bool  # end was computed from start + duration, not written in the record
    validity_note: str | None
    validity_original_wording: str | None
    renews: str | None
    amends: str | None
    umbrella: str | None
    termination_date: dt.date | None
    termination_reason: str | None
    documents: tuple[Document, ...]
    note: str | None
    sources: tuple[Source, ...]
    kind_wording: str | None = None
    present: tuple[Attendee, ...] = ()
    basis: Basis | None = None
    conflicts: tuple[Conflict, ...] = ()
    # Filled in by Registry: the other side of each relation, the plan, and the status.
    renewed_by: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)
    under_umbrella: list[str] = field(default_factory=list)
    plan_ids: list[str] = field(default_factory=list)
    renewal_start: Bound | bool | None = None  # what status.compute got as successor_start (status.js needs it too)
    status: status_rules.StatusResult | None = None
    # The renewal that continues this agreement (the newest, when several are recorded), and, when
    # the status is 'diperpanjang', the status of the last link of that chain of renewals: a renewal
    # that has ended too must not read as "continued" (status.js follows the same chain).
    renewal_next: str | None = None
    chain_status: status_rules.StatusResult | None = None
    known_only_by_reference: bool = False  # see _known_only_by_reference

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.theme for item in self.scope))

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.agency_id for p in self.parties)

    def partners(self) -> tuple[Party, ...]:
        """The parties other than the owning institution."""
        return tuple(p for p in self.parties if p.agency_id != self.institution_id)


def _agreement(doc: SourceDocument, agencies: dict[str, Agency]) -> Agreement:
    d = doc.data
    signed = bound(d["signed"]["date"], open_ended=True)
    parties = []
    for p in d["parties"]:
        agency = agencies[p["agency"]]
        name, short = agency.name_on(signed.anchor if signed else None)
        parties.append(Party(p["agency"], p["role"], p["document_number"], Person.of(p["signatory"]), name, short))
    relations = d.get("relations", {})
    termination = d.get("termination")
    v = d["validity"]
    start, end, duration = bound(v["start"]), bound(v["end"]), Term.of(v.get("duration"))
    derived = duration.end_from(start) if duration and end is None else None
    basis = d.get("basis")
    return Agreement(
        id=d["id"],
        path=doc.path,
        institution_id=doc.folder,
        title=d["title"],
        official_title=d.get("official_title"),
        kind=d["kind"],
        signed=signed,
        signed_raw=d["signed"]["date"],
        signed_place=d["signed"]["place"],
        parties=tuple(parties),
        witnesses=tuple(Attendee.of(w) for w in d.get("witnesses", [])),
        scope=tuple(ScopeItem(s["id"], s["theme"], s["description"], s.get("original_wording")) for s in d["scope"]),
        start=start,
        end=end or derived,
        start_raw=v["start"],
        end_raw=v["end"],
        duration=duration,
        duration_raw=v.get("duration"),
        end_derived=derived is not None,
        validity_note=v.get("note"),
        validity_original_wording=v.get("original_wording"),
        renews=relations.get("renews"),
        amends=relations.get("amends"),
        umbrella=relations.get("umbrella"),
        termination_date=parse_date(termination["date"]) if termination else None,
        termination_reason=termination["reason"] if termination else None,
        documents=tuple(
            Document(x["title"], x.get("url"), x.get("path"), x.get("sha256")) for x in d.get("documents", [])
        ),
        note=d.get("note"),
        sources=_sources(d),
        kind_wording=d.get("kind_wording"),
        present=tuple(Attendee.of(x) for x in d.get("present", [])),
        basis=None if basis is None else Basis(basis["text"], Person.of(basis["by"]), basis.get("original_wording")),
        conflicts=tuple(
            Conflict(c["field"], tuple(ConflictValue(x["value"], x["source"]) for x in c["values"]), c.get("note"))
            for c in d.get("conflicts", [])
        ),
    )


def _known_only_by_reference(a: Agreement) -> bool:
    """Recorded only because a later record names it (an earlier agreement a renewal continues, say),
    with nothing about its own signing known: the site counts and lists it apart from signed ones."""
    return a.signed is None and a.signed_place is None and bool(a.renewed_by or a.amended_by or a.under_umbrella)


def _renewal_start(successor: Agreement) -> Bound | bool:
    """What status.compute gets as a renewal's start: its start, else its signing date; True when
    neither is known, or the signing date is open on one side (its earliest day is unknown)."""
    candidate = successor.start or successor.signed
    return True if candidate is None or candidate.open_ended else candidate


@dataclass
class Registry:
    as_of: dt.date
    warn_days: int
    agencies: dict[str, Agency]
    agreements: dict[str, Agreement]
    plans: dict[str, ActionPlan]

    def agreements_of(self, agency_id: str) -> list[Agreement]:
        return [a for a in self.sorted_agreements() if agency_id in a.party_ids]

    def agreements_with_theme(self, theme: str) -> list[Agreement]:
        return [a for a in self.sorted_agreements() if theme in a.themes]

    def sorted_agreements(self) -> list[Agreement]:
        """Newest signing first; unknown signing dates last; then by id, for stable output."""

        def key(a: Agreement):
            day = a.signed.anchor if a.signed else dt.date.min
            return (-day.toordinal(), a.id)

        return sorted(self.agreements.values(), key=key)

    def plan_of(self, agreement: Agreement) -> ActionPlan | None:
        return self.plans[agreement.plan_ids[0]] if agreement.plan_ids else None

    def themes(self) -> list[str]:
        return sorted({t for a in self.agreements.values() for t in a.themes})

    def partner_ids(self) -> list[str]:
        """Agencies that are a party to at least one agreement and do not own the agreement's folder."""
        return sorted({p.agency_id for a in self.agreements.values() for p in a.partners()})


def build(shaped: list[SourceDocument], as_of: dt.date, warn_days: int = status_rules.DEFAULT_WARN_DAYS) -> Registry:
    agencies = {d.data["id"]: Agency.of(d) for d in shaped if d.kind == "agency"}
    agreements = {d.data["id"]: _agreement(d, agencies) for d in shaped if d.kind == "agreement"}
    plans = {d.data["id"]: ActionPlan.of(d) for d in shaped if d.kind == "action-plan"}
    for a in agreements.values():
        for relation, back in (("renews", "renewed_by"), ("amends", "amended_by"), ("umbrella", "under_umbrella")):
            target = getattr(a, relation)
            if target in agreements:
                getattr(agreements[target], back).append(a.id)
    for p in sorted(plans.values(), key=lambda p: p.id):
        if p.agreement_id in agreements:
            agreements[p.agreement_id].plan_ids.append(p.id)
    for a in agreements.values():
        a.renewed_by.sort()
        a.amended_by.sort()
        a.under_umbrella.sort()
        successor: Bound | bool | None = None
        for sid in a.renewed_by:
            candidate = _renewal_start(agreements[sid])
            if (
                successor is None
                or successor is True
                or (isinstance(candidate, Bound) and candidate.earliest < successor.earliest)
            ):
                successor = candidate
        a.renewal_start = successor
        a.known_only_by_reference = _known_only_by_reference(a)
        a.status = status_rules.compute(a.start, a.end, a.termination_date, successor, as_of, warn_days)
        a.renewal_next = newest_renewal(a, agreements)
    for a in agreements.values():
        a.chain_status = _chain_end(a, agreements)
    return Registry(as_of, warn_days, agencies, agreements, plans)


def newest_renewal(a: Agreement, agreements: dict[str, Agreement]) -> str | None:
    """The renewal that starts last (by its start, else its signing; ids break ties)."""

    def key(sid: str):
        s = agreements[sid]
        day = s.start or s.signed
        return (day.earliest if day else dt.date.min, sid)

    return max(a.renewed_by, key=key) if a.renewed_by else None


def renewal_chain(a: Agreement, agreements: dict[str, Agreement]) -> list[Agreement]:
    """a's renewals, newest of each link, until a link was not renewed (a cycle stops the walk)."""
    chain, seen = [], {a.id}
    while a.renewal_next and a.renewal_next not in seen:
        a = agreements[a.renewal_next]
        seen.add(a.id)
        chain.append(a)
    return chain


def _chain_end(a: Agreement, agreements: dict[str, Agreement]) -> status_rules.StatusResult | None:
    """The status of the first link after a that is not itself 'diperpanjang' (or the last link)."""
    if a.status.status is not status_rules.Status.DIPERPANJANG:
        return None
    chain = renewal_chain(a, agreements)
    for link in chain:
        if link.status.status is not status_rules.Status.DIPERPANJANG:
            return link.status
    return chain[-1].status if chain else None
