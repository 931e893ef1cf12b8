"""`pks diff BASE HEAD`: what a change does to the registry, said in plain Indonesian.

Reads both sides straight from git (no checkout), parses only the records that changed (plus an
agreement a renewal or a plan points at), and groups everything by agreement so a reviewer reads
one line per agreement: "PKS X diperpanjang oleh Y: berakhir 2026-03-13 -> 2027-03-13; ditandatangani
2026-03-13; 2 kegiatan ditambahkan; 1 laporan realisasi baru". Parties are named as the agency records name
them ("Dinas Kesehatan Kabupaten Hulu Sungai Tengah (Dinkes HST)"), ids stay in the JSON details for
machines. Record text is untrusted: the Markdown output escapes it.

This module groups; the rest of `pks diff` is in its own modules: `revisions` (the records of a commit,
through gitinfo), `compare` (one file's two versions), `diffwords` (how things are named) and
`diffformat` (text, Markdown, JSON). Every sentence comes from the `diff` words of labels.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import gitinfo
from site_builder.labels import INDONESIAN
from site_builder.validation.sources import kind_of
from site_builder.workflow.compare import Detail, FileChange, compare_file, report_counts
from site_builder.workflow.diffwords import Words, kind_word, schema_titles, signed_phrase, when
from site_builder.workflow.revisions import RecordData, Revision, agency_path, dig

RELATIONS = INDONESIAN.relations
PHRASES = INDONESIAN.diff
ChangedFile = tuple[str, str | None, str]  # git's action letter, the old path of a rename or copy, the path


@dataclass
class Entry:
    """One line of the summary: an agreement (with its plan) or an agency, and what happened to it."""

    subject: str  # "agreement" or "agency"
    id: str
    headline: str
    details: list[Detail] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [d.text for d in self.details]
        if not parts:
            return self.headline
        return PHRASES["entry"].format(headline=self.headline, details="; ".join(parts))


@dataclass
class Summary:
    base: str
    head: str
    entries: list[Entry]
    other_files: list[str]


def summarize(root: Path, base_rev: str, head_rev: str) -> Summary:
    base = Revision(root, gitinfo.resolve(root, base_rev))
    head = Revision(root, gitinfo.resolve(root, head_rev))
    records: list[ChangedFile] = []
    others: list[ChangedFile] = []
    for letter, old_path, path in gitinfo.changed_files(root, base.sha, head.sha):
        is_record = path.endswith(".yaml") and (kind_of(path) or (old_path and kind_of(old_path)))
        (records if is_record else others).append((letter, old_path, path))
    base.load([old or p for letter, old, p in records if letter != "A"])
    head.load([p for letter, _, p in records if letter != "D"])
    words = Words(_agency_lookup(base, head, records), schema_titles(root))
    changes = [compare_file(base, head, *item, words=words) for item in records]

    entries: dict[tuple[str, str], Entry] = {}
    for change in sorted(changes, key=lambda c: ({"agreement": 0, "action-plan": 1, "agency": 2}[c.kind], c.path)):
        if change.kind == "agency":
            entry = _agency_entry(entries, change, base, head)
        else:
            entry = _agreement_entry(entries, change, base, head, words)
        entry.files.append(change)
    ordered = sorted(entries.values(), key=lambda e: (e.subject != "agreement", e.id))
    return Summary(base.sha, head.sha, ordered, [p for _, _, p in others])


def _agency_lookup(base: Revision, head: Revision, records: list[ChangedFile]) -> Callable[[str], RecordData | None]:
    """Agency records by id, head first (a renamed agency reads as it is now), loaded in one batch per side."""
    ids: set[str] = set()
    for letter, old_path, path in records:
        for revision, where in (
            (head, path if letter != "D" else None),
            (base, (old_path or path) if letter != "A" else None),
        ):
            data = revision.data(where) if where and kind_of(where) == "agreement" else None
            if isinstance(data, dict) and isinstance(data.get("parties"), list):
                ids |= {
                    p["agency"] for p in data["parties"] if isinstance(p, dict) and isinstance(p.get("agency"), str)
                }
    paths = [agency_path(i) for i in sorted(ids) if "/" not in i and "\n" not in i]
    head.load(paths)
    base.load(paths)
    return lambda agency_id: head.agency(agency_id) or base.agency(agency_id)


def _agreement_entry(
    entries: dict[tuple[str, str], Entry],
    change: FileChange,
    base: Revision,
    head: Revision,
    words: Words | None = None,
) -> Entry:
    words = words or Words()
    if change.kind == "action-plan":
        plan = head.data(change.path) if change.action != "deleted" else base.data(change.old_path or change.path)
        agreement_id: str = (
            plan["agreement"] if isinstance(plan, dict) and isinstance(plan.get("agreement"), str) else change.id
        )
    else:
        agreement_id = change.id
    key = ("agreement", agreement_id)
    if key not in entries:
        found = head.agreement(agreement_id) or base.agreement(agreement_id)
        word = kind_word(found[1]) if found else INDONESIAN.agreement_kind_unknown
        entries[key] = Entry("agreement", agreement_id, PHRASES["agreement_head"].format(kind=word, id=agreement_id))
    entry = entries[key]
    if change.kind == "action-plan":
        if change.action == "added":
            plan = head.data(change.path)
            activities = plan.get("activities") if isinstance(plan, dict) else None
            count = len(activities) if isinstance(activities, list) else 0
            reports = sum(sum(report_counts(a).values()) for a in activities or [] if isinstance(a, dict))
            added = PHRASES["plan_added"].format(count=count)
            entry.details.append(Detail("plan-added", added, None, change.id))
            if reports:
                entry.details.append(
                    Detail("progress-added", PHRASES["progress_added"].format(count=reports), None, reports)
                )
        elif change.action == "deleted":
            entry.details.append(Detail("plan-deleted", PHRASES["plan_deleted"].format(id=change.id), change.id, None))
        else:
            entry.details += change.details
        return entry
    data = head.data(change.path) if change.action != "deleted" else None
    if change.action == "deleted":
        entry.details.insert(0, Detail("deleted", PHRASES["deleted"], change.path, None))
    elif change.action == "added" and isinstance(data, dict):
        entry.headline, first = _added_agreement(data, change.id, head, words)
        entry.details[:0] = first
    else:
        entry.details[:0] = change.details
    return entry


def _added_agreement(
    data: RecordData, agreement_id: str, head: Revision, words: Words | None = None
) -> tuple[str, list[Detail]]:
    """The headline and details of a new agreement: what it renews or amends, who signed, when, under which MoU."""
    words = words or Words()
    head_line = PHRASES["agreement_head"].format(kind=kind_word(data), id=agreement_id)
    relations: RecordData = data["relations"] if isinstance(data.get("relations"), dict) else {}
    start, end = dig(data, "validity", "start"), dig(data, "validity", "end")
    parties = (
        [p.get("agency") for p in data.get("parties", []) if isinstance(p, dict)]
        if isinstance(data.get("parties"), list)
        else []
    )
    signed = Detail("signed", signed_phrase(data), None, dig(data, "signed"))
    umbrella = relations.get("umbrella")
    under = []
    if isinstance(umbrella, str):
        under.append(Detail("relation-umbrella", RELATIONS["umbrella"].format(id=umbrella), None, umbrella))
    renews, amends = relations.get("renews"), relations.get("amends")
    if isinstance(renews, str):
        previous = head.agreement(renews)
        old_end = dig(previous[1], "validity", "end") if previous else None
        old_word = kind_word(previous[1]) if previous else INDONESIAN.agreement_kind_unknown
        renewal = PHRASES["renewal"].format(before=when(old_end), after=when(end))
        return (
            PHRASES["renewed_by"].format(
                agreement=PHRASES["agreement_head"].format(kind=old_word, id=renews), by=head_line
            ),
            [Detail("renewal", renewal, old_end, end), signed, *under],
        )
    span = PHRASES["validity"].format(start=when(start), end=when(end))
    validity = Detail("validity", span, None, {"start": start, "end": end})
    if isinstance(amends, str):
        return PHRASES["amendment_added"].format(agreement=head_line, amends=amends), [signed, validity, *under]
    details = [Detail("added", PHRASES["added"].format(title=data.get("title")), None, agreement_id)]
    if parties:
        named = PHRASES["parties"].format(count=len(parties), names=words.parties(parties))
        details.append(Detail("parties", named, None, parties))
    return head_line, [*details, signed, *under, validity]


def _agency_entry(entries: dict[tuple[str, str], Entry], change: FileChange, base: Revision, head: Revision) -> Entry:
    key = ("agency", change.id)
    data = head.data(change.path) if change.action != "deleted" else base.data(change.old_path or change.path)
    name = data.get("name") if isinstance(data, dict) else None
    named = PHRASES["agency_name"].format(name=name) if isinstance(name, str) else ""
    label = PHRASES["agency_head"].format(id=change.id, name=named)
    entry = entries.setdefault(key, Entry("agency", change.id, label))
    if change.action == "added":
        entry.headline = PHRASES["agency_added_head"].format(id=change.id, name=named)
    elif change.action == "deleted":
        entry.details.append(Detail("deleted", PHRASES["deleted"], change.path, None))
    else:
        entry.details += change.details
    return entry
