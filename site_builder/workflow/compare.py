"""Two versions of one record file compared, field by field, into Details: each a stable code for
machines, an Indonesian phrase for the reviewer (from the `diff` words of labels.py), and the
values before and after."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from site_builder.labels import INDONESIAN
from site_builder.validation.sources import kind_of, stem_of
from site_builder.workflow.diffwords import Words, kind_word, quoted, term_words, when
from site_builder.workflow.revisions import UNREADABLE, RecordData, Revision, dig

RELATIONS = INDONESIAN.relations
PHRASES = INDONESIAN.diff
_UNKNOWN = INDONESIAN.ui["unknown"]


@dataclass(frozen=True)
class Detail:
    code: str  # stable, for machines: "validity-end", "activities-added", ...
    text: str  # the Indonesian phrase
    before: object = None
    after: object = None


@dataclass
class FileChange:
    path: str
    old_path: str | None
    action: str  # added | modified | deleted | renamed
    kind: str  # agency | agreement | action-plan
    id: str
    details: list[Detail] = field(default_factory=list)


ACTIONS = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "T": "modified", "C": "added"}


# What a reviewer must see word for word when a party's entry changes: a signatory's name reaches
# every page of the agreement and its partners. Each: the key, the sub-key, the catalogue word naming it.
PARTY_FIELDS = (
    ("signatory", "name", "party_signatory_name"),
    ("signatory", "position", "party_signatory_position"),
    ("document_number", None, "party_document_number"),
    ("role", None, "party_role"),
)


def _party_fields(old: dict[str | int, RecordData], new: dict[str | int, RecordData], words: Words) -> list[Detail]:
    """Old -> new for the fields of a party that stays a party."""
    out = []
    for agency_id in sorted(set(old) & set(new), key=str):
        for key, sub, words_key in PARTY_FIELDS:
            before = dig(old[agency_id], key, sub) if sub else old[agency_id].get(key)
            after = dig(new[agency_id], key, sub) if sub else new[agency_id].get(key)
            if before != after:
                said = PHRASES["party_field"].format(
                    field=PHRASES[words_key],
                    party=words.parties([agency_id]),
                    before=quoted(before),
                    after=quoted(after),
                )
                out.append(Detail("party-field", said, before, after))
    return out


def by_key(items: object, key: str = "id") -> dict[str | int, RecordData]:
    """The mappings of a list by the value of their key (entries without one are left out)."""
    if not isinstance(items, list):
        return {}
    return {item[key]: item for item in items if isinstance(item, dict) and isinstance(item.get(key), (str, int))}


def report_counts(activity: object) -> Counter[str]:
    """An activity's progress reports, each counted by its content."""
    progress = activity.get("progress") if isinstance(activity, dict) else None
    if not isinstance(progress, list):
        return Counter()
    return Counter(json.dumps(p, sort_keys=True, ensure_ascii=False) for p in progress)


def _source_fact_details(old: RecordData, new: RecordData) -> list[Detail]:
    """The facts of issue 9: the term, the source's word for the kind, the basis, who else was present,
    and conflicting reports, each named (instead of 'bagian lain diubah')."""
    out = []
    term_old, term_new = dig(old, "validity", "duration"), dig(new, "validity", "duration")
    if term_old != term_new:
        said = PHRASES["duration_changed"].format(before=term_words(term_old), after=term_words(term_new))
        out.append(Detail("validity-duration", said, term_old, term_new))
    if old.get("kind_wording") != new.get("kind_wording"):
        wording = new.get("kind_wording") or PHRASES["kind_wording_none"]
        said = PHRASES["kind_wording"].format(wording=wording)
        out.append(Detail("kind-wording", said, old.get("kind_wording"), new.get("kind_wording")))
    basis_old, basis_new = old.get("basis"), new.get("basis")
    if basis_old != basis_new:
        text = dig(basis_new, "text") if isinstance(basis_new, dict) else None
        said = PHRASES["basis_changed"].format(text=text) if text else PHRASES["basis_removed"]
        out.append(Detail("basis", said, basis_old, basis_new))
    for key in ("present", "conflicts"):
        was, now = old.get(key) or [], new.get(key) or []
        if was != now:
            count = len(now) if isinstance(now, list) else 0
            out.append(Detail(key, PHRASES["list_changed"].format(label=PHRASES[key], count=count), was, now))
    return out


def agreement_details(old: RecordData, new: RecordData, words: Words | None = None) -> list[Detail]:
    words = words or Words()
    out: list[Detail] = []
    end_old, end_new = dig(old, "validity", "end"), dig(new, "validity", "end")
    if end_old != end_new:
        longer = isinstance(end_old, str) and isinstance(end_new, str) and end_new > end_old
        said = PHRASES["end_extended" if longer else "end_changed"].format(before=when(end_old), after=when(end_new))
        out.append(Detail("validity-end", said, end_old, end_new))
    start_old, start_new = dig(old, "validity", "start"), dig(new, "validity", "start")
    if start_old != start_new:
        said = PHRASES["start_changed"].format(before=when(start_old), after=when(start_new))
        out.append(Detail("validity-start", said, start_old, start_new))
    stop_old, stop_new = old.get("termination"), new.get("termination")
    if stop_old != stop_new:
        if isinstance(stop_new, dict):
            reason = stop_new.get("reason")
            because = (
                PHRASES["terminated_reason"].format(reason=reason)
                if isinstance(reason, str)
                else PHRASES["terminated_no_reason"]
            )
            said = PHRASES["terminated"].format(date=when(stop_new.get("date")), because=because)
            out.append(Detail("termination", said, stop_old, stop_new))
        else:
            out.append(Detail("termination-removed", PHRASES["termination_removed"], stop_old, None))
    signed_old, signed_new = dig(old, "signed", "date"), dig(new, "signed", "date")
    if signed_old != signed_new:
        said = PHRASES["signed_changed"].format(before=when(signed_old), after=when(signed_new))
        out.append(Detail("signed-date", said, signed_old, signed_new))
    if old.get("title") != new.get("title"):
        said = PHRASES["title_changed"].format(title=new.get("title"))
        out.append(Detail("title", said, old.get("title"), new.get("title")))
    if old.get("kind") != new.get("kind"):
        said = PHRASES["kind_changed"].format(before=kind_word(old), after=kind_word(new))
        out.append(Detail("kind", said, old.get("kind"), new.get("kind")))
    out += _relation_details(old.get("relations") or {}, new.get("relations") or {})
    out += _collection_details(
        by_key(old.get("parties"), "agency"),
        by_key(new.get("parties"), "agency"),
        "parties",
        added=PHRASES["parties_added"],
        removed=PHRASES["parties_removed"],
        changed=PHRASES["parties_changed"],
        show=words.parties,
    )
    out += _party_fields(by_key(old.get("parties"), "agency"), by_key(new.get("parties"), "agency"), words)
    out += _collection_details(
        by_key(old.get("scope")),
        by_key(new.get("scope")),
        "scope",
        added=PHRASES["scope_added"],
        removed=PHRASES["scope_removed"],
        changed=PHRASES["scope_changed"],
    )
    out += _document_details(old.get("documents") or [], new.get("documents") or [])
    out += _source_fact_details(old, new)
    out += _rest(
        old,
        new,
        {
            "validity",
            "termination",
            "signed",
            "title",
            "kind",
            "relations",
            "parties",
            "scope",
            "documents",
            "id",
            "kind_wording",
            "basis",
            "present",
            "conflicts",
        },
        subkeys={"validity": ("start", "end", "duration"), "signed": ("date",)},
    )
    return out


def _relation_details(old: RecordData, new: RecordData) -> list[Detail]:
    out = []
    for key, phrase in RELATIONS.items():
        if old.get(key) != new.get(key):
            if new.get(key):
                said = PHRASES["relation_now"].format(relation=phrase.format(id=new[key]))
                out.append(Detail(f"relation-{key}", said, old.get(key), new[key]))
            else:
                said = PHRASES["relation_no_longer"].format(relation=phrase.format(id=old[key]))
                out.append(Detail(f"relation-{key}", said, old.get(key), None))
    return out


def _collection_details(
    old: dict,
    new: dict,
    code: str,
    added: str,
    removed: str,
    changed: str,
    show: Callable[[list], str] = lambda ids: ", ".join(map(str, ids)),
) -> list[Detail]:
    out = []
    plus = [k for k in new if k not in old]
    minus = [k for k in old if k not in new]
    diff = [k for k in new if k in old and new[k] != old[k]]
    for ids, template, suffix in ((plus, added, "added"), (minus, removed, "removed"), (diff, changed, "changed")):
        if ids:
            out.append(Detail(f"{code}-{suffix}", template.format(n=len(ids), ids=show(ids)), None, ids))
    return out


def _document_details(old: list, new: list) -> list[Detail]:
    def key(d):
        return d.get("url") or d.get("path") if isinstance(d, dict) else None

    before = {key(d): d for d in old if key(d)}
    after = {key(d): d for d in new if key(d)}
    out = []
    plus = [k for k in after if k not in before]
    minus = [k for k in before if k not in after]
    replaced = [k for k in after if k in before and after[k].get("sha256") != before[k].get("sha256")]
    if plus:
        out.append(Detail("documents-added", PHRASES["documents_added"].format(count=len(plus)), None, plus))
    if minus:
        out.append(Detail("documents-removed", PHRASES["documents_removed"].format(count=len(minus)), minus, None))
    if replaced:
        said = PHRASES["documents_replaced"].format(count=len(replaced))
        out.append(Detail("documents-replaced", said, None, replaced))
    return out


def _rest(
    old: RecordData, new: RecordData, handled: set[str], subkeys: dict[str, tuple[str, ...]] | None = None
) -> list[Detail]:
    """Any other top-level part that changed, named by its key (compare_file adds each key's title)."""
    subkeys = subkeys or {}
    keys = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if key in subkeys and isinstance(a, dict) and isinstance(b, dict):
            a = {k: v for k, v in a.items() if k not in subkeys[key]}
            b = {k: v for k, v in b.items() if k not in subkeys[key]}
        elif key in handled:
            continue
        if a != b:
            keys.append(key)
    return [_other_parts(keys)] if keys else []


def _other_parts(keys: list[str], name: Callable[[str], str] = str) -> Detail:
    return Detail("other", PHRASES["other_parts"].format(keys=", ".join(map(name, keys))), None, keys)


def plan_details(old: RecordData, new: RecordData) -> list[Detail]:
    out: list[Detail] = []
    before, after = by_key(old.get("activities")), by_key(new.get("activities"))
    plus = [k for k in after if k not in before]
    minus = [k for k in before if k not in after]
    if plus:
        out.append(Detail("activities-added", PHRASES["activities_added"].format(count=len(plus)), None, plus))
    if minus:
        out.append(Detail("activities-removed", PHRASES["activities_removed"].format(count=len(minus)), minus, None))
    new_reports = 0
    edited = []
    for key in after:
        a, b = before.get(key), after[key]
        fresh = report_counts(b) - report_counts(a or {})
        new_reports += sum(fresh.values())
        if a is None:
            continue
        if a.get("status") != b.get("status"):
            said = PHRASES["activity_status"].format(
                title=b.get("title"), before=a.get("status") or _UNKNOWN, after=b.get("status") or _UNKNOWN
            )
            out.append(Detail("activity-status", said, a.get("status"), b.get("status")))
        rest_a = {k: v for k, v in a.items() if k not in ("status", "progress")}
        rest_b = {k: v for k, v in b.items() if k not in ("status", "progress")}
        if rest_a != rest_b or (report_counts(a) - report_counts(b)):
            edited.append(key)
    if new_reports:
        said = PHRASES["progress_added"].format(count=new_reports)
        out.append(Detail("progress-added", said, None, new_reports))
    if edited:
        out.append(Detail("activities-changed", PHRASES["activities_changed"].format(count=len(edited)), None, edited))
    if old.get("agreement") != new.get("agreement"):
        said = PHRASES["plan_moved"].format(before=old.get("agreement"), after=new.get("agreement"))
        out.append(Detail("plan-agreement", said, old.get("agreement"), new.get("agreement")))
    out += _rest(old, new, {"activities", "agreement", "id"})
    return out


def agency_details(old: RecordData, new: RecordData) -> list[Detail]:
    out: list[Detail] = []
    if old.get("name") != new.get("name"):
        said = PHRASES["name_changed"].format(before=old.get("name"), after=new.get("name"))
        out.append(Detail("name", said, old.get("name"), new.get("name")))
    was, now = old.get("maintainers") or [], new.get("maintainers") or []
    plus = [m for m in now if m not in was]
    minus = [m for m in was if m not in now]
    if plus:
        said = PHRASES["maintainers_added"].format(names=", ".join(map(str, plus)))
        out.append(Detail("maintainers-added", said, None, plus))
    if minus:
        said = PHRASES["maintainers_removed"].format(names=", ".join(map(str, minus)))
        out.append(Detail("maintainers-removed", said, minus, None))
    out += _rest(old, new, {"name", "maintainers", "id"})
    return out


DETAILS = {"agreement": agreement_details, "action-plan": plan_details, "agency": agency_details}


def compare_file(
    base: Revision, head: Revision, letter: str, old_path: str | None, path: str, words: Words | None = None
) -> FileChange:
    before_path = old_path or path
    old = base.data(before_path) if letter != "A" else None
    new = head.data(path) if letter != "D" else None
    kind = kind_of(path if letter != "D" else before_path) or kind_of(before_path)
    if kind is None:
        raise ValueError(f"{path}: not a record file")  # summarize compares record files only
    record = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
    record_id: str = record["id"] if isinstance(record.get("id"), str) else stem_of(path)
    change = FileChange(path, old_path, ACTIONS.get(letter, "modified"), kind, record_id)
    if UNREADABLE in (old, new):
        change.details.append(Detail("unreadable", PHRASES["unreadable"].format(path=path)))
        return change
    if letter == "R":
        old_id = old.get("id") if isinstance(old, dict) else None
        if old_id != record_id:
            said = PHRASES["id_changed"].format(before=old_id, after=record_id)
            change.details.append(Detail("id", said, old_id, record_id))
        if before_path.rsplit("/", 1)[0] != path.rsplit("/", 1)[0]:
            said = PHRASES["moved"].format(before=before_path, after=path)
            change.details.append(Detail("moved", said, before_path, path))
    if isinstance(old, dict) and isinstance(new, dict):
        naming = words or Words()
        details = agreement_details(old, new, naming) if kind == "agreement" else DETAILS[kind](old, new)
        change.details += [
            _other_parts(d.after, lambda key: naming.field(kind, key))
            if d.code == "other" and isinstance(d.after, list)
            else d
            for d in details
        ]
        if not change.details:
            change.details.append(Detail("format", PHRASES["format_only"]))
    return change
