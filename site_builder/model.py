"""Typed, read-only records built from validated data, with their relations resolved both ways.

Built only from documents that passed validation, so constructors index data directly. Derived
values (status, names at signing, renewed_by) are computed here, never in templates.

Every value is frozen and built once. build() works in one ordered pass: each agreement's own
dates first (_Dates), then what the registry says about each agreement as plain tables (the other
side of each relation, the plans, the status, the chain of renewals), then each Agreement with all
of it (_Facts). Nothing is filled in afterwards, so a template or an export sees final values only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from site_builder import status as status_rules
from site_builder.dates import Bound, OpenBound, Term, bound, parse_date, signing_bound
from site_builder.status import UNKNOWN_START, RenewalStart, StatusResult
from site_builder.validation.sources import SourceDocument

# A record that passed validation. Its shape is the JSON Schema's (schema/), enforced there, so the
# model reads keys the schema requires directly; the values are YAML's plain types.
Data = Mapping[str, Any]


def _data(doc: SourceDocument) -> Data:
    if not isinstance(doc.data, dict):
        raise TypeError(f"{doc.path}: the model is built from validated records only")
    return doc.data


def _day(value: object) -> dt.date:
    """A date the schema requires (a former name's last day, a progress report's day)."""
    day = parse_date(value)
    if day is None:
        raise ValueError(f"not a date after validation: {value!r}")
    return day


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    title: str | None
    url: str | None
    published: dt.date | None
    author: str | None
    note: str | None
    url_partial: str | None = None  # a cut-off address, shown as text and never linked

    @classmethod
    def of(cls, d: Data) -> Source:
        return cls(
            d["publisher"],
            d["title"],
            d["url"],
            parse_date(d["published"]),
            d.get("author"),
            d.get("note"),
            d.get("url_partial"),
        )


def _sources(data: Data) -> tuple[Source, ...]:
    return tuple(Source.of(s) for s in data["sources"])


@dataclass(frozen=True, slots=True)
class Person:
    name: str | None
    position: str | None
    agency_id: str | None = None

    @classmethod
    def of(cls, d: Data | None) -> Person | None:
        return None if d is None else cls(d["name"], d["position"], d.get("agency"))


@dataclass(frozen=True, slots=True)
class Attendee:
    """A witness or someone else present at the signing: an official, or an unnamed group (\"pejabat lainnya\")."""

    name: str | None
    position: str | None
    agency_id: str | None
    group: str | None

    @classmethod
    def of(cls, d: Data) -> Attendee:
        return cls(d.get("name"), d.get("position"), d.get("agency"), d.get("group"))


@dataclass(frozen=True, slots=True)
class Basis:
    """What an agreement follows: a direction or regulation, and who gave it."""

    text: str
    by: Person | None
    original_wording: str | None


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str
    source: int  # 1-based position in the record's sources (the site's "sumber-N")


@dataclass(frozen=True, slots=True)
class Conflict:
    """One fact the record's sources report differently, kept side by side."""

    field: str
    values: tuple[ConflictValue, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class FormerName:
    name: str
    short_name: str | None
    parent_id: str | None
    until: dt.date
    original_wording: str | None


@dataclass(frozen=True, slots=True)
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
        d = _data(doc)
        former = tuple(
            sorted(
                (
                    FormerName(
                        h["name"],
                        h.get("short_name"),
                        h.get("parent"),
                        _day(h["until"]),
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


@dataclass(frozen=True, slots=True)
class Party:
    agency_id: str
    role: str | None
    document_number: str | None
    signatory: Person | None
    name_at_signing: str
    short_name_at_signing: str | None


@dataclass(frozen=True, slots=True)
class ScopeItem:
    id: str
    theme: str
    description: str
    original_wording: str | None


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    url: str | None
    path: str | None
    sha256: str | None


@dataclass(frozen=True, slots=True)
class Schedule:
    start: dt.date | None
    end: dt.date | None
    frequency: str | None


@dataclass(frozen=True, slots=True)
class Target:
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class ProgressReport:
    date: dt.date
    realisation: str
    value: float | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
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
    def of(cls, d: Data) -> Activity:
        s = d["schedule"]
        schedule = (
            None if s is None else Schedule(parse_date(s.get("start")), parse_date(s.get("end")), s.get("frequency"))
        )
        target = None if d["target"] is None else Target(d["target"]["value"], d["target"]["unit"])
        progress = tuple(
            sorted(
                (
                    ProgressReport(_day(p["date"]), p["realisation"], p.get("value"), p.get("evidence"))
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


@dataclass(frozen=True, slots=True)
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
        d = _data(doc)
        return cls(
            d["id"],
            doc.path,
            d["agreement"],
            d["title"],
            tuple(Activity.of(a) for a in d["activities"]),
            d.get("note"),
            _sources(d),
        )


@dataclass(frozen=True, slots=True)
class Agreement:
    """One agreement: what its file says, then what the rest of the registry says about it.

    Built once, by build(), with every value final: the registry-wide facts (the other side of its
    relations, its plans, its status) are computed before any Agreement exists (_Facts), so nothing
    is filled in later and nothing can be changed after.
    """

    id: str
    path: str
    institution_id: str  # the folder that owns the record
    title: str
    official_title: str | None
    kind: str | None
    signed: Bound | OpenBound | None  # may be open on one side ("signed before ...")
    signed_place: str | None
    parties: tuple[Party, ...]
    witnesses: tuple[Attendee, ...]
    scope: tuple[ScopeItem, ...]
    start: Bound | None
    end: Bound | None
    duration: Term | None  # the term a source gives instead of (or besides) an end date
    duration_ranged: bool  # written as {shortest, longest} (even with both the same), not as one period
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
    kind_wording: str | None
    present: tuple[Attendee, ...]
    basis: Basis | None
    conflicts: tuple[Conflict, ...]
    # What other records say: the other side of each relation (ids in order) and the plans.
    renewed_by: tuple[str, ...]
    amended_by: tuple[str, ...]
    under_umbrella: tuple[str, ...]
    plan_ids: tuple[str, ...]
    renewal_start: RenewalStart | None  # what status.compute got as successor_start (status.js needs it too)
    status: StatusResult
    # The renewal that continues this agreement (the newest, when several are recorded), and, when
    # the status is 'diperpanjang', the status of the last link of that chain of renewals: a renewal
    # that has ended too must not read as "continued" (status.js follows the same chain).
    renewal_next: str | None
    chain_status: StatusResult | None
    known_only_by_reference: bool  # see _Facts.known_only_by_reference

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.theme for item in self.scope))

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.agency_id for p in self.parties)

    def partners(self) -> tuple[Party, ...]:
        """The parties other than the owning institution."""
        return tuple(p for p in self.parties if p.agency_id != self.institution_id)


@dataclass(frozen=True, slots=True)
class _Dates:
    """An agreement's own dates, read once from its record: its status and its place in a chain of
    renewals are computed from these before the Agreement is built."""

    signed: Bound | OpenBound | None
    start: Bound | None
    end: Bound | None  # as written, else derived from start + duration
    end_derived: bool
    duration: Term | None
    termination: dt.date | None

    @classmethod
    def of(cls, d: Data) -> _Dates:
        v, termination = d["validity"], d.get("termination")
        start, end, duration = bound(v["start"]), bound(v["end"]), Term.of(v.get("duration"))
        derived = duration.end_from(start) if duration and end is None else None
        return cls(
            signing_bound(d["signed"]["date"]),
            start,
            end or derived,
            derived is not None,
            duration,
            parse_date(termination["date"]) if termination else None,
        )

    @property
    def as_renewal(self) -> RenewalStart:
        """What status.compute gets as the start of this agreement when it is a renewal: its start,
        else its signing date; UNKNOWN_START when neither is known, or the signing date is open on
        one side (its earliest day is unknown)."""
        candidate = self.start or self.signed
        return candidate if isinstance(candidate, Bound) else UNKNOWN_START

    @property
    def renewal_order(self) -> dt.date:
        """The day renewals of one agreement are ordered by: the earliest day of its start, else of
        its signing; unknown sorts first."""
        day = self.start or self.signed
        return day.earliest if day is not None and day.earliest is not None else dt.date.min


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the whole registry says about one agreement; Agreement carries each field under the same name."""

    renewed_by: tuple[str, ...]
    amended_by: tuple[str, ...]
    under_umbrella: tuple[str, ...]
    plan_ids: tuple[str, ...]
    renewal_start: RenewalStart | None
    status: StatusResult
    renewal_next: str | None
    chain_status: StatusResult | None
    known_only_by_reference: bool


def _agreement(doc: SourceDocument, agencies: Mapping[str, Agency], dates: _Dates, facts: _Facts) -> Agreement:
    d = _data(doc)
    if doc.folder is None:
        raise ValueError(f"{doc.path}: an agreement outside agreements/<institution>/ passed validation")
    signed = dates.signed
    parties = []
    for p in d["parties"]:
        agency = agencies[p["agency"]]
        name, short = agency.name_on(signed.anchor if signed else None)
        parties.append(Party(p["agency"], p["role"], p["document_number"], Person.of(p["signatory"]), name, short))
    relations = d.get("relations", {})
    termination = d.get("termination")
    v = d["validity"]
    basis = d.get("basis")
    return Agreement(
        id=d["id"],
        path=doc.path,
        institution_id=doc.folder,
        title=d["title"],
        official_title=d.get("official_title"),
        kind=d["kind"],
        signed=signed,
        signed_place=d["signed"]["place"],
        parties=tuple(parties),
        witnesses=tuple(Attendee.of(w) for w in d.get("witnesses", [])),
        scope=tuple(ScopeItem(s["id"], s["theme"], s["description"], s.get("original_wording")) for s in d["scope"]),
        start=dates.start,
        end=dates.end,
        duration=dates.duration,
        duration_ranged=isinstance(v.get("duration"), dict) and "shortest" in v["duration"],
        end_derived=dates.end_derived,
        validity_note=v.get("note"),
        validity_original_wording=v.get("original_wording"),
        renews=relations.get("renews"),
        amends=relations.get("amends"),
        umbrella=relations.get("umbrella"),
        termination_date=dates.termination,
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
        renewed_by=facts.renewed_by,
        amended_by=facts.amended_by,
        under_umbrella=facts.under_umbrella,
        plan_ids=facts.plan_ids,
        renewal_start=facts.renewal_start,
        status=facts.status,
        renewal_next=facts.renewal_next,
        chain_status=facts.chain_status,
        known_only_by_reference=facts.known_only_by_reference,
    )


@dataclass(frozen=True, slots=True)
class Registry:
    """Every record of one build, read-only (the tables are mapping proxies), with the as-of day and
    the warning window its statuses were computed for."""

    as_of: dt.date
    warn_days: int
    agencies: Mapping[str, Agency]
    agreements: Mapping[str, Agreement]
    plans: Mapping[str, ActionPlan]

    def agreements_of(self, agency_id: str) -> list[Agreement]:
        return [a for a in self.sorted_agreements() if agency_id in a.party_ids]

    def agreements_with_theme(self, theme: str) -> list[Agreement]:
        return [a for a in self.sorted_agreements() if theme in a.themes]

    def sorted_agreements(self) -> list[Agreement]:
        """Newest signing first; unknown signing dates last; then by id, for stable output."""

        def key(a: Agreement) -> tuple[int, str]:
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


class Made:
    """The agencies and action plans one build made, by document, for the next build of the same
    documents (`pks serve` keeps its documents between edits): a value depends on its document only,
    and a document object that is still the same gives the same value without reading it again."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[SourceDocument, Agency | ActionPlan]] = {}
        self._next: dict[int, tuple[SourceDocument, Agency | ActionPlan]] = {}

    def agency(self, doc: SourceDocument) -> Agency:
        value = self._of(doc, Agency.of)
        assert isinstance(value, Agency)
        return value

    def plan(self, doc: SourceDocument) -> ActionPlan:
        value = self._of(doc, ActionPlan.of)
        assert isinstance(value, ActionPlan)
        return value

    def _of(self, doc: SourceDocument, make: Callable[[SourceDocument], Agency | ActionPlan]) -> Agency | ActionPlan:
        kept = self._values.get(id(doc))
        value = (
            kept[1] if kept is not None and kept[0] is doc else make(doc)
        )  # the document itself, kept: its id is its own
        self._next[id(doc)] = (doc, value)
        return value

    def done(self) -> None:
        """Forget the documents this build did not see."""
        self._values, self._next = self._next, {}


def build(
    shaped: list[SourceDocument],
    as_of: dt.date,
    warn_days: int = status_rules.DEFAULT_WARN_DAYS,
    made: Made | None = None,
) -> Registry:
    """The registry of the validated documents, in one ordered pass: each record's own dates, then the
    registry-wide facts as plain tables (back-relations, then statuses, then chains of renewals, each
    step reading only finished tables), then every frozen value built once. made: the values an
    earlier build made of the same document objects, reused."""
    made = made or Made()
    agencies = {a.id: a for a in (made.agency(d) for d in shaped if d.kind == "agency")}
    plans = {p.id: p for p in (made.plan(d) for d in shaped if d.kind == "action-plan")}
    made.done()
    docs = {_data(d)["id"]: d for d in shaped if d.kind == "agreement"}
    dates = {i: _Dates.of(_data(doc)) for i, doc in docs.items()}

    def pointing_at(relation: str) -> dict[str, tuple[str, ...]]:
        """For each agreement, the ids of the records whose relations.<relation> names it, in id order."""
        found: dict[str, list[str]] = {}
        for i, doc in docs.items():
            target = _data(doc).get("relations", {}).get(relation)
            if target in docs:
                found.setdefault(target, []).append(i)
        return {target: tuple(sorted(ids)) for target, ids in found.items()}

    renewed_by, amended_by, under_umbrella = pointing_at("renews"), pointing_at("amends"), pointing_at("umbrella")
    plan_ids: dict[str, list[str]] = {}
    for plan in sorted(plans.values(), key=lambda p: p.id):
        if plan.agreement_id in docs:
            plan_ids.setdefault(plan.agreement_id, []).append(plan.id)
    renewal_start = {i: _earliest_start(renewed_by.get(i, ()), dates) for i in docs}
    statuses = {
        i: status_rules.compute(x.start, x.end, x.termination, renewal_start[i], as_of, warn_days)
        for i, x in dates.items()
    }
    renewal_next = {i: _newest_renewal(renewed_by.get(i, ()), dates) for i in docs}
    facts = {
        i: _Facts(
            renewed_by=renewed_by.get(i, ()),
            amended_by=amended_by.get(i, ()),
            under_umbrella=under_umbrella.get(i, ()),
            plan_ids=tuple(plan_ids.get(i, ())),
            renewal_start=renewal_start[i],
            status=statuses[i],
            renewal_next=renewal_next[i],
            chain_status=_chain_end(i, statuses, renewal_next),
            # Recorded only because a later record names it (an earlier agreement a renewal continues,
            # say), with nothing about its own signing known: the site counts and lists it apart.
            known_only_by_reference=dates[i].signed is None
            and _data(doc)["signed"]["place"] is None
            and bool(renewed_by.get(i) or amended_by.get(i) or under_umbrella.get(i)),
        )
        for i, doc in docs.items()
    }
    agreements = {i: _agreement(doc, agencies, dates[i], facts[i]) for i, doc in docs.items()}
    return Registry(as_of, warn_days, MappingProxyType(agencies), MappingProxyType(agreements), MappingProxyType(plans))


def _earliest_start(renewals: tuple[str, ...], dates: Mapping[str, _Dates]) -> RenewalStart | None:
    """The start status.compute gets for an agreement renewed by `renewals`: the earliest known start
    among them (the first in id order on a tie), UNKNOWN_START when none is known, None without renewals."""
    known = [start for start in (dates[i].as_renewal for i in renewals) if isinstance(start, Bound)]
    if known:
        return min(known, key=lambda b: b.earliest)
    return UNKNOWN_START if renewals else None


def _newest_renewal(renewals: tuple[str, ...], dates: Mapping[str, _Dates]) -> str | None:
    """The renewal that starts last (by its start, else its signing; ids break ties)."""
    return max(renewals, key=lambda i: (dates[i].renewal_order, i)) if renewals else None


def _chain(first: str, next_of: Callable[[str], str | None]) -> list[str]:
    """The ids after `first` along next_of (each link's newest renewal) until a link has none; a cycle
    stops the walk."""
    chain, seen = [], {first}
    link = next_of(first)
    while link is not None and link not in seen:
        seen.add(link)
        chain.append(link)
        link = next_of(link)
    return chain


def renewal_chain(a: Agreement, agreements: Mapping[str, Agreement]) -> list[Agreement]:
    """a's renewals, newest of each link, until a link was not renewed (a cycle stops the walk)."""
    return [agreements[i] for i in _chain(a.id, lambda i: agreements[i].renewal_next)]


def _chain_end(
    first: str, statuses: Mapping[str, StatusResult], renewal_next: Mapping[str, str | None]
) -> StatusResult | None:
    """The status of the first link after `first` that is not itself 'diperpanjang' (or of the last
    link); None unless `first` is 'diperpanjang'."""
    if statuses[first].status is not status_rules.Status.DIPERPANJANG:
        return None
    chain = _chain(first, renewal_next.__getitem__)
    for link in chain:
        if statuses[link].status is not status_rules.Status.DIPERPANJANG:
            return statuses[link]
    return statuses[chain[-1]] if chain else None
