"""References: every id a record names exists, fits, and no chain loops back on itself."""

from __future__ import annotations

from site_builder.validation.checks.base import RecordIndex, check, dig, entries, suggestion, text_at
from site_builder.validation.sources import KIND_FOLDERS, SourceDocument, pointer_text


def _agency_refs(reg: RecordIndex):
    """(document, path, agency id) for every place a record names an agency."""
    places: list[tuple[SourceDocument, tuple[str | int, ...]]] = []
    for doc in reg.each(reg.agencies):
        places.append((doc, ("parent",)))
        places += [(doc, ("name_history", i, "parent")) for i, _ in entries(doc.data, "name_history")]
    for doc in reg.each(reg.agreements):
        for i, _ in entries(doc.data, "parties"):
            places += [(doc, ("parties", i, "agency")), (doc, ("parties", i, "signatory", "agency"))]
        places += [(doc, ("witnesses", i, "agency")) for i, _ in entries(doc.data, "witnesses")]
        places += [(doc, ("present", i, "agency")) for i, _ in entries(doc.data, "present")]
        places.append((doc, ("basis", "by", "agency")))
    for doc in reg.each(reg.plans):
        places += [(doc, ("activities", i, "responsible", "agency")) for i, _ in entries(doc.data, "activities")]
    for doc, path in places:
        agency_id = text_at(doc.data, *path)
        if agency_id:
            yield doc, path, agency_id


@check
def agencies_exist(reg: RecordIndex):
    for doc, path, agency_id in _agency_refs(reg):
        if agency_id in reg.agencies:
            continue
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


@check
def agreement_relations(reg: RecordIndex):
    for doc in reg.each(reg.agreements):
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


@check
def chains_do_not_loop(reg: RecordIndex):
    chains = [(name, reg.agreements, ("relations", name)) for name in RELATIONS] + [
        ("parent", reg.agencies, ("parent",))
    ]
    for relation, table, path in chains:
        for start_id, start in table.items():
            if not reg.reports_on(start):
                continue
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


@check
def agreement_folder_is_a_party(reg: RecordIndex):
    for doc in reg.each(reg.agreements):
        parties = {text_at(party, "agency") for _, party in entries(doc.data, "parties")} - {None}
        if parties and doc.folder not in parties:  # no readable party at all: the schema says so
            yield doc.problem("agreement-folder-owner", ("parties",), at_key=True, folder=doc.folder)


@check
def plans_fit_their_agreement(reg: RecordIndex):
    plans_of: dict[str, list[str]] = {}
    for doc in reg.plans.values():
        target = text_at(doc.data, "agreement")
        if target in reg.agreements:
            plans_of.setdefault(target, []).append(doc.path)
    for doc in reg.each(reg.plans):
        target = text_at(doc.data, "agreement")
        if target is None:
            continue
        agreement = reg.agreements.get(target)
        if agreement is None:
            yield _missing(reg, doc, ("agreement",), "agreement", target)
            continue
        others = [path for path in plans_of[target] if path != doc.path]
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


@check
def conflict_sources(reg: RecordIndex):
    """conflicts[].values[].source counts into the record's own sources list."""
    for doc in reg.each(reg.agreements):
        count = len(entries(doc.data, "sources"))
        for i, conflict in entries(doc.data, "conflicts"):
            for j, version in entries(conflict, "values"):
                number = version.get("source")
                if isinstance(number, int) and not isinstance(number, bool) and number > count >= 1:
                    path = ("conflicts", i, "values", j, "source")
                    yield doc.problem(
                        "conflict-source-missing", path, field=pointer_text(path), number=number, count=count
                    )
