"""References: every id a record names exists, fits, and no chain loops back on itself."""

from __future__ import annotations

from site_builder.checks import Registry, check, entries, suggestion, text_at
from site_builder.sources import KIND_FOLDERS, pointer_text


def _agency_refs(reg: Registry):
    """(document, path, agency id) for every place a record names an agency."""
    places = []
    for doc in reg.agencies.values():
        places.append((doc, ("parent",)))
        places += [(doc, ("name_history", i, "parent")) for i, _ in entries(doc.data, "name_history")]
    for doc in reg.agreements.values():
        for i, _ in entries(doc.data, "parties"):
            places += [(doc, ("parties", i, "agency")), (doc, ("parties", i, "signatory", "agency"))]
        places += [(doc, ("witnesses", i, "agency")) for i, _ in entries(doc.data, "witnesses")]
        places += [(doc, ("present", i, "agency")) for i, _ in entries(doc.data, "present")]
        places.append((doc, ("basis", "by", "agency")))
    for doc in reg.plans.values():
        places += [(doc, ("activities", i, "responsible", "agency")) for i, _ in entries(doc.data, "activities")]
    for doc, path in places:
        agency_id = text_at(doc.data, *path)
        if agency_id:
            yield doc, path, agency_id


@check
def agencies_exist(reg: Registry):
    for doc, path, agency_id in _agency_refs(reg):
        if agency_id not in reg.agencies:
            yield doc.problem("ref-unknown-agency", path, field=pointer_text(path), id=agency_id, **suggestion(agency_id, reg.agencies))


RELATIONS = ("renews", "amends", "umbrella")


@check
def agreement_relations(reg: Registry):
    for doc in reg.agreements.values():
        for name in RELATIONS:
            target = text_at(doc.data, "relations", name)
            if target is None:
                continue
            path = ("relations", name)
            field = f"relations.{name}"
            if target == doc.data["id"]:
                yield doc.problem("ref-self", path, field=field)
            elif target not in reg.agreements:
                yield doc.problem("ref-unknown-agreement", path, field=field, id=target, **suggestion(target, reg.agreements))
            elif name == "umbrella":
                kind = text_at(reg.agreements[target].data, "kind")
                if kind not in (None, "nota-kesepahaman"):
                    yield doc.problem("ref-wrong-kind", path, field=field, id=target, found=kind, expected="nota-kesepahaman")
        kind = text_at(doc.data, "kind")
        if text_at(doc.data, "relations", "amends") is not None and kind not in (None, "adendum"):
            yield doc.problem("ref-wrong-kind", ("kind",), field="kind", id=doc.data["id"], found=kind, expected="adendum")


@check
def chains_do_not_loop(reg: Registry):
    chains = [(name, reg.agreements, ("relations", name)) for name in RELATIONS] + [("parent", reg.agencies, ("parent",))]
    for relation, table, path in chains:
        for start_id, start in table.items():
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
def agreement_folder_is_a_party(reg: Registry):
    for doc in reg.agreements.values():
        parties = {text_at(party, "agency") for _, party in entries(doc.data, "parties")} - {None}
        if parties and doc.folder not in parties:  # no readable party at all: the schema says so
            yield doc.problem("agreement-folder-owner", ("parties",), at_key=True, folder=doc.folder)


@check
def plans_fit_their_agreement(reg: Registry):
    plans_of: dict[str, list[str]] = {}
    for doc in reg.plans.values():
        target = text_at(doc.data, "agreement")
        if target in reg.agreements:
            plans_of.setdefault(target, []).append(doc.path)
    for doc in reg.plans.values():
        target = text_at(doc.data, "agreement")
        if target is None:
            continue
        agreement = reg.agreements.get(target)
        if agreement is None:
            yield doc.problem("ref-unknown-agreement", ("agreement",), field="agreement", id=target, **suggestion(target, reg.agreements))
            continue
        others = [path for path in plans_of[target] if path != doc.path]
        if others:  # reported on each plan, for the same reason as ids_are_unique
            yield doc.problem("plan-duplicate", ("agreement",), agreement=target, other=others[0])
        if agreement.folder != doc.folder:
            expected = KIND_FOLDERS["action-plan"].replace("<lembaga>", agreement.folder or "<lembaga>")
            yield doc.problem("file-misplaced", ("agreement",), at_key=True, expected=expected)
        scope_ids = [text_at(item, "id") for _, item in entries(agreement.data, "scope")]
        parties = [text_at(party, "agency") for _, party in entries(agreement.data, "parties")]
        for i, activity in entries(doc.data, "activities"):
            item = text_at(activity, "scope_item")
            if item is not None and item not in scope_ids:
                yield doc.problem("ref-unknown-scope-item", ("activities", i, "scope_item"), field=f"activities[{i}].scope_item",
                                  agreement=target, id=item, **suggestion(item, [s for s in scope_ids if s]))
            agency = text_at(activity, "responsible", "agency")
            if agency in reg.agencies and agency not in parties:
                yield doc.problem("ref-party-not-in-agreement", ("activities", i, "responsible", "agency"),
                                  field=f"activities[{i}].responsible.agency", id=agency, agreement=target,
                                  parties=", ".join(p for p in parties if p))


@check
def conflict_sources(reg: Registry):
    """conflicts[].values[].source counts into the record's own sources list."""
    for doc in reg.agreements.values():
        count = len(entries(doc.data, "sources"))
        for i, conflict in entries(doc.data, "conflicts"):
            for j, version in entries(conflict, "values"):
                number = version.get("source")
                if isinstance(number, int) and not isinstance(number, bool) and number > count >= 1:
                    path = ("conflicts", i, "values", j, "source")
                    yield doc.problem("conflict-source-missing", path, field=pointer_text(path), number=number, count=count)
