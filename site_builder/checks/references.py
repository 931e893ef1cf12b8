"""References: every id a record names exists, fits, and no chain loops back on itself."""

from __future__ import annotations

from site_builder.checks import Registry, check, suggestion
from site_builder.sources import KIND_FOLDERS


def _agency_refs(reg: Registry):
    """(document, path, agency id) for every place a record names an agency."""
    for doc in reg.agencies.values():
        if doc.data.get("parent"):
            yield doc, ("parent",), doc.data["parent"]
        for i, old in enumerate(doc.data.get("name_history", [])):
            if old.get("parent"):
                yield doc, ("name_history", i, "parent"), old["parent"]
    for doc in reg.agreements.values():
        for i, party in enumerate(doc.data["parties"]):
            yield doc, ("parties", i, "agency"), party["agency"]
            if party.get("signatory") and party["signatory"].get("agency"):
                yield doc, ("parties", i, "signatory", "agency"), party["signatory"]["agency"]
        for i, witness in enumerate(doc.data.get("witnesses", [])):
            if witness.get("agency"):
                yield doc, ("witnesses", i, "agency"), witness["agency"]
    for doc in reg.plans.values():
        for i, activity in enumerate(doc.data["activities"]):
            yield doc, ("activities", i, "responsible", "agency"), activity["responsible"]["agency"]


@check
def agencies_exist(reg: Registry):
    for doc, path, agency_id in _agency_refs(reg):
        if agency_id not in reg.known["agency"]:
            field = ".".join(str(p) for p in path)
            yield doc.problem("ref-unknown-agency", path, field=field, id=agency_id, **suggestion(agency_id, reg.agencies))


RELATIONS = {"renews": None, "amends": None, "umbrella": "nota-kesepahaman"}


@check
def agreement_relations(reg: Registry):
    for doc in reg.agreements.values():
        relations = doc.data.get("relations", {})
        for name, target in relations.items():
            path = ("relations", name)
            field = f"relations.{name}"
            if target == doc.data["id"]:
                yield doc.problem("ref-self", path, field=field)
            elif target not in reg.known["agreement"]:
                yield doc.problem("ref-unknown-agreement", path, field=field, id=target, **suggestion(target, reg.agreements))
            elif name == "umbrella" and target in reg.agreements:
                kind = reg.agreements[target].data["kind"]
                if kind not in (None, "nota-kesepahaman"):
                    yield doc.problem("ref-wrong-kind", path, field=field, id=target, found=kind, expected="nota-kesepahaman")
        if "amends" in relations and doc.data["kind"] not in (None, "adendum"):
            yield doc.problem("ref-wrong-kind", ("kind",), field="kind", id=doc.data["id"], found=doc.data["kind"], expected="adendum")


@check
def chains_do_not_loop(reg: Registry):
    chains = [("renews", reg.agreements, lambda d: d.data.get("relations", {}).get("renews"), ("relations", "renews")),
              ("amends", reg.agreements, lambda d: d.data.get("relations", {}).get("amends"), ("relations", "amends")),
              ("umbrella", reg.agreements, lambda d: d.data.get("relations", {}).get("umbrella"), ("relations", "umbrella")),
              ("parent", reg.agencies, lambda d: d.data.get("parent"), ("parent",))]
    for relation, table, follow, path in chains:
        reported: set[str] = set()
        for start_id, start in table.items():
            chain = [start_id]
            current = follow(start)
            while current is not None and current in table and current not in chain:
                chain.append(current)
                current = follow(table[current])
            if current == start_id and len(chain) > 1:
                loop = frozenset(chain)
                if not reported & loop:
                    reported |= loop
                    yield start.problem("ref-cycle", path, relation=relation, chain=" -> ".join(chain + [start_id]))


@check
def agreement_folder_is_a_party(reg: Registry):
    for doc in reg.agreements.values():
        parties = {p["agency"] for p in doc.data["parties"]}
        if doc.folder not in parties:
            yield doc.problem("agreement-folder-owner", ("parties",), at_key=True, folder=doc.folder)


@check
def plans_fit_their_agreement(reg: Registry):
    plan_of: dict[str, str] = {}
    for doc in reg.plans.values():
        target = doc.data["agreement"]
        agreement = reg.agreements.get(target)
        if target not in reg.known["agreement"]:
            yield doc.problem("ref-unknown-agreement", ("agreement",), field="agreement", id=target, **suggestion(target, reg.agreements))
        if agreement is None:
            continue
        if target in plan_of:
            yield doc.problem("plan-duplicate", ("agreement",), agreement=target, other=plan_of[target])
        plan_of.setdefault(target, doc.path)
        if agreement.folder != doc.folder:
            expected = KIND_FOLDERS["action-plan"].replace("<lembaga>", agreement.folder or "<lembaga>")
            yield doc.problem("file-misplaced", (), expected=expected)
        scope_ids = [item["id"] for item in agreement.data["scope"]]
        parties = [p["agency"] for p in agreement.data["parties"]]
        for i, activity in enumerate(doc.data["activities"]):
            item = activity["scope_item"]
            if item is not None and item not in scope_ids:
                yield doc.problem("ref-unknown-scope-item", ("activities", i, "scope_item"), field=f"activities[{i}].scope_item",
                                  agreement=target, id=item, **suggestion(item, scope_ids))
            agency = activity["responsible"]["agency"]
            if agency in reg.agencies and agency not in parties:
                yield doc.problem("ref-party-not-in-agreement", ("activities", i, "responsible", "agency"),
                                  field=f"activities[{i}].responsible.agency", id=agency, agreement=target, parties=", ".join(parties))
