"""Nothing lost, nothing doubled: every record appears exactly once in every export that lists its kind."""

from __future__ import annotations

from collections import Counter

import pytest

from site_builder.exports import dataset
from export_readers import ics_events, read_csv, read_json, render


@pytest.fixture(params=["frozen", "hostile"], scope="module")
def case(request):
    registry, root = request.getfixturevalue(f"{request.param}_registry"), request.getfixturevalue(f"{request.param}_root")
    return registry, render(registry, root)


def exactly_once(found: list[str], expected) -> None:
    counts = Counter(found)
    assert not [k for k, n in counts.items() if n > 1], "listed twice"
    assert set(counts) == set(expected)


def test_the_frozen_registry_is_not_empty(frozen_registry):
    # The counts below compare in with out; this keeps them from passing on an empty registry.
    assert len(frozen_registry.agreements) == 11 and len(frozen_registry.plans) == 11 and len(frozen_registry.agencies) == 11


def test_json_lists_every_record_once(case):
    registry, out = case
    everything = read_json(out["data/registry.json"])
    for key, table, file in (("agencies", registry.agencies, "agencies.json"),
                             ("agreements", registry.agreements, "agreements.json"),
                             ("action_plans", registry.plans, "action-plans.json")):
        exactly_once([r["id"] for r in everything[key]], table)
        assert read_json(out[f"data/{file}"])[key] == everything[key]
    activities = [(p["id"], x["id"]) for p in everything["action_plans"] for x in p["activities"]]
    exactly_once(activities, [(p.id, x.id) for p in registry.plans.values() for x in p.activities])
    counts = everything["metadata"]["record_counts"]
    assert counts == {"agencies": len(registry.agencies), "agreements": len(registry.agreements),
                      "action_plans": len(registry.plans), "activities": len(activities)}


def test_csv_has_one_row_per_record(case):
    registry, out = case
    exactly_once([r["id"] for r in read_csv(out["data/agreements.csv"])[1]], registry.agreements)
    exactly_once([r["id"] for r in read_csv(out["data/agencies.csv"])[1]], registry.agencies)
    exactly_once([r["id"] for r in read_csv(out["data/action-plans.csv"])[1]], registry.plans)
    exactly_once([(r["agreement_id"], r["agency_id"]) for r in read_csv(out["data/parties.csv"])[1]],
                 [(a.id, p.agency_id) for a in registry.agreements.values() for p in a.parties])
    exactly_once([(r["action_plan_id"], r["activity_id"]) for r in read_csv(out["data/activities.csv"])[1]],
                 [(p.id, x.id) for p in registry.plans.values() for x in p.activities])


def test_calendar_has_one_event_per_known_end(case):
    registry, out = case
    known = [a.id for a in registry.agreements.values() if a.end is not None]
    assert known, "no agreement with a known end: the calendar test would prove nothing"
    uid = {dataset.stable_uuid("agreement-end/" + i): i for i in registry.agreements}
    exactly_once([uid[e["UID"][0]] for e in ics_events(out["data/ends.ics"])], known)
    for partner in registry.partner_ids():
        mine = [a.id for a in registry.agreements.values() if a.end is not None and partner in a.party_ids]
        exactly_once([uid[e["UID"][0]] for e in ics_events(out[f"data/ends-{partner}.ics"])], mine)
    assert not [name for name in out if name.startswith("data/ends-")
                and name.removeprefix("data/ends-").removesuffix(".ics") not in registry.partner_ids()]
