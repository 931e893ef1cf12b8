"""References: every id a record names exists, fits, and no chain loops back on itself."""

from __future__ import annotations

from collections.abc import Callable

from site_builder.validation.checks.base import (
    RecordIndex,
    agencies,
    agreements,
    dig,
    each,
    entries,
    plans,
    records,
    suggestion,
    text_at,
)
from site_builder.validation.sources import KIND_FOLDERS, SourceDocument, pointer_text

Place = tuple[str | int, ...]


def _agency_references(doc: SourceDocument) -> list[tuple[Place, str | None]]:
    """Every place a record names an agency, with the agency id there (text_at(doc.data, *place)),
    read item by item rather than from the record's root each time (22,000 records per run)."""
    data = doc.data
    if doc.kind == "agency":
        found: list[tuple[Place, str | None]] = [(("parent",), text_at(data, "parent"))]
        found += [(("name_history", i, "parent"), text_at(item, "parent")) for i, item in entries(data, "name_history")]
        return found
    if doc.kind == "agreement":
        found = []
        for i, party in entries(data, "parties"):
            found.append((("parties", i, "agency"), text_at(party, "agency")))
            found.append((("parties", i, "signatory", "agency"), text_at(party, "signatory", "agency")))
        found += [(("witnesses", i, "agency"), text_at(item, "agency")) for i, item in entries(data, "witnesses")]
        found += [(("present", i, "agency"), text_at(item, "agency")) for i, item in entries(data, "present")]
        found.append((("basis", "by", "agency"), text_at(data, "basis", "by", "agency")))
        return found
    return [
        (("activities", i, "responsible", "agency"), text_at(item, "responsible", "agency"))
        for i, item in entries(data, "activities")
    ]


@each(records)
def agencies_exist(reg: RecordIndex, doc: SourceDocument):
    for path, agency_id in _agency_references(doc):
        if agency_id and agency_id not in reg.agencies:
            yield _missing(reg, doc, path, "agency", agency_id)


WHAT = {
    "agency": ("instansi", "agency"),
    "agreement": ("perjanjian", "agreement"),
    "parties": ("daftar pihak perjanjian", "the party list of agreement"),
    "scope": ("ruang lingkup perjanjian", "the scope of agreement"),
}


def _missing(reg: RecordIndex, doc, path: tuple, kind: str, target: str):
    """A reference to no record of that kind: a consequence when a file of that name has an error of
    its own, else an unknown id with the closest trusted id as suggestion."""
    broken = reg.flawed_file(kind, target)
    if broken:
        return _consequence(doc, path, kind, target, broken)
    table = reg.agencies if kind == "agency" else reg.agreements
    return doc.problem(
        f"ref-unknown-{kind}",
        path,
        field=pointer_text(path),
        id=target,
        **suggestion(target, reg.trusted_ids(table), doc, path),
    )


def _consequence(doc, path: tuple, what: str, target: str, broken_file: str):
    """A reference that cannot be judged because the record it names has an error of its own."""
    return doc.problem(
        "ref-broken-record",
        path,
        field=pointer_text(path),
        what_id=WHAT[what][0],
        what_en=WHAT[what][1],
        id=target,
        file=broken_file,
    )


RELATIONS = ("renews", "amends", "umbrella")


@each(agreements)
def agreement_relations(reg: RecordIndex, doc: SourceDocument):
    for name in RELATIONS:
        target = text_at(doc.data, "relations", name)
        if target is None:
            continue
        path = ("relations", name)
        field = f"relations.{name}"
        if target == text_at(doc.data, "id"):
            yield doc.problem("ref-self", path, field=field)
        elif target not in reg.agreements:
            yield _missing(reg, doc, path, "agreement", target)
        elif name == "umbrella":
            kind = text_at(reg.agreements[target].data, "kind")
            if kind not in (None, "nota-kesepahaman"):
                yield doc.problem(
                    "ref-wrong-kind", path, field=field, id=target, found=kind, expected="nota-kesepahaman"
                )
    kind = text_at(doc.data, "kind")
    if text_at(doc.data, "relations", "amends") is not None and kind not in (None, "adendum"):
        yield doc.problem(
            "ref-wrong-kind", ("kind",), field="kind", id=text_at(doc.data, "id"), found=kind, expected="adendum"
        )


def _chain(relation: str, tables: Callable[[RecordIndex], dict[str, SourceDocument]], path: tuple[str, ...]):
    """The rule that no chain of `relation` (read at path) loops back to the record it starts from."""

    def on(reg: RecordIndex, start: SourceDocument):
        table = tables(reg)
        start_id = text_at(start.data, "id")
        if start_id is None:  # never: the tables hold records by their id
            return
        chain = [start_id]
        current = text_at(start.data, *path)
        while current is not None and current in table and current not in chain:
            chain.append(current)
            current = text_at(table[current].data, *path)
        # an agreement naming itself is ref-self; an agency has no such check, so its loop of one counts
        if current == start_id and (len(chain) > 1 or relation == "parent"):
            # Each record of the loop is reported (the chain told from it), so that
            # `pks validate PATHS` shows the loop whichever of its files is named.
            yield start.problem("ref-cycle", path, relation=relation, chain=" -> ".join(chain + [start_id]))

    on.__name__ = f"{relation}_chains_do_not_loop"
    return on


def _agreements_table(reg: RecordIndex) -> dict[str, SourceDocument]:
    return reg.agreements


def _agencies_table(reg: RecordIndex) -> dict[str, SourceDocument]:
    return reg.agencies


# one rule per relation, in this order: a record's loops are reported relation by relation
renews_chains_do_not_loop = each(agreements)(_chain("renews", _agreements_table, ("relations", "renews")))
amends_chains_do_not_loop = each(agreements)(_chain("amends", _agreements_table, ("relations", "amends")))
umbrella_chains_do_not_loop = each(agreements)(_chain("umbrella", _agreements_table, ("relations", "umbrella")))
parent_chains_do_not_loop = each(agencies)(_chain("parent", _agencies_table, ("parent",)))


@each(agreements)
def agreement_folder_is_a_party(reg: RecordIndex, doc: SourceDocument):
    parties = {text_at(party, "agency") for _, party in entries(doc.data, "parties")} - {None}
    if parties and doc.folder not in parties:  # no readable party at all: the schema says so
        yield doc.problem("agreement-folder-owner", ("parties",), at_key=True, folder=doc.folder)


@each(plans)
def plans_fit_their_agreement(reg: RecordIndex, doc: SourceDocument):
    target = text_at(doc.data, "agreement")
    if target is None:
        return
    agreement = reg.agreements.get(target)
    if agreement is None:
        yield _missing(reg, doc, ("agreement",), "agreement", target)
        return
    others = [path for path in reg.plans_of(target) if path != doc.path]
    if others:  # reported on each plan, for the same reason as ids_are_unique
        yield doc.problem("plan-duplicate", ("agreement",), agreement=target, other=others[0])
    if agreement.folder != doc.folder:
        expected = KIND_FOLDERS["action-plan"].replace("<lembaga>", agreement.folder or "<lembaga>")
        yield doc.problem("file-misplaced", ("agreement",), at_key=True, expected=expected)
    scope_ids = [text_at(item, "id") for _, item in entries(agreement.data, "scope")]
    parties = [text_at(party, "agency") for _, party in entries(agreement.data, "parties")]
    # The agreement's own lists may be what is wrong (a mistyped party, a slipped indentation):
    # then a plan naming something absent from them follows from that error, and the lists are
    # no basis for a suggestion.
    scope_flawed = not _list_of_ids(dig(agreement.data, "scope"), scope_ids)
    parties_flawed = (
        not _list_of_ids(dig(agreement.data, "parties"), parties)
        or any(p not in reg.agencies for p in parties)
        or len(set(parties)) != len(parties)
    )  # a party listed twice stands for a missing one
    for i, activity in entries(doc.data, "activities"):
        item = text_at(activity, "scope_item")
        path: tuple[str | int, ...] = ("activities", i, "scope_item")
        if item is not None and item not in scope_ids:
            if scope_flawed:
                yield _consequence(doc, path, "scope", target, agreement.path)
            else:
                yield doc.problem(
                    "ref-unknown-scope-item",
                    path,
                    field=f"activities[{i}].scope_item",
                    agreement=target,
                    id=item,
                    **suggestion(item, [s for s in scope_ids if s], doc, path),
                )
        agency = text_at(activity, "responsible", "agency")
        path = ("activities", i, "responsible", "agency")
        if agency in reg.agencies and agency not in parties:
            if parties_flawed:
                yield _consequence(doc, path, "parties", target, agreement.path)
            else:
                yield doc.problem(
                    "ref-party-not-in-agreement",
                    path,
                    field=f"activities[{i}].responsible.agency",
                    id=agency,
                    agreement=target,
                    parties=", ".join(p for p in parties if p),
                    **suggestion(agency, [p for p in parties if p], doc, path),
                )


def _list_of_ids(value: object, ids: list) -> bool:
    """Whether a list in the agreement is well formed: a non-empty list whose every item has its id."""
    return isinstance(value, list) and bool(value) and len(ids) == len(value) and all(ids)


@each(agreements)
def conflict_sources(reg: RecordIndex, doc: SourceDocument):
    """conflicts[].values[].source counts into the record's own sources list."""
    count = len(entries(doc.data, "sources"))
    for i, conflict in entries(doc.data, "conflicts"):
        for j, version in entries(conflict, "values"):
            number = version.get("source")
            if isinstance(number, int) and not isinstance(number, bool) and number > count >= 1:
                path = ("conflicts", i, "values", j, "source")
                yield doc.problem("conflict-source-missing", path, field=pointer_text(path), number=number, count=count)
