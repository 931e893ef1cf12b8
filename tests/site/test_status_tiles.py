"""Home tiles and renewal chains: every agreement in exactly one tile on any day, the changes the
home page replays for an old build add up to a fresh count, and 'diperpanjang' says how its chain
of renewals stands."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

import skewed
import smallregistry
from site_builder import model
from site_builder.site import render
from site_builder.validation import validate
from site_builder.dates import Bound
from site_builder.status import TILES, UNKNOWN_START, Reason, Status, change_days, compute, tile

D = dt.date
DAYS = [D(2023, 3, 13), D(2024, 3, 12), D(2026, 3, 13)]
BOUNDS = [None] + [Bound(d, d) for d in DAYS] + [Bound(a, b) for a, b in itertools.combinations(DAYS, 2)]


def test_a_ranged_end_close_enough_counts_as_ending_soon():
    """The issue's case: as of 2026-02-01 an end between 2024-03-12 and 2026-03-13 must come within
    41 days; its status stays 'tidak pasti', its tile is 'akan berakhir dalam 90 hari'."""
    result = compute(Bound(D(2023, 3, 13), D(2023, 3, 13)), Bound(D(2024, 3, 12), D(2026, 3, 13)), None, None,
                     D(2026, 2, 1), 90)
    assert (result.status, result.reason) == (Status.TIDAK_PASTI, Reason.END_IN_RANGE)
    assert tile(result, 90) is Status.AKAN_BERAKHIR
    assert tile(result, 30) is Status.TIDAK_PASTI


@pytest.mark.parametrize("warn", [0, 90])
def test_status_and_tile_change_only_on_the_listed_days(warn):
    renewals = [None, UNKNOWN_START, Bound(D(2025, 1, 1), D(2025, 1, 1)), Bound(D(2026, 3, 14), D(2026, 3, 14))]
    for start, end, termination, renewal in itertools.product(BOUNDS[:5], BOUNDS, [None, D(2025, 6, 1)], renewals):
        listed = change_days(start, end, termination, renewal, warn)
        day, before = D(2022, 6, 1), None
        while day < D(2027, 6, 1):
            result = compute(start, end, termination, renewal, day, warn)
            now = (result.status, tile(result, warn))
            assert before is None or now == before or day in listed, (start, end, termination, renewal, day)
            before, day = now, day + dt.timedelta(days=1)


def _registry(root, as_of) -> model.Registry:
    """The records as of a day; validated as of a late day (progress reports may lie after as_of)."""
    report, shaped = validate.validate(root, D(2031, 1, 15))
    assert not report.errors
    return model.build(shaped, as_of)


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory):
    """benchmarks/generate.py's records: renewals, addenda, terminations, exact, ranged and unknown dates."""
    out = tmp_path_factory.mktemp("generated") / "registry"
    skewed.generate.generate(120, out, seed=3)
    return out


def _tiles(registry: model.Registry) -> Counter:
    return Counter(tile(a.status, registry.warn_days).value for a in registry.agreements.values())


@pytest.fixture(scope="module")
def small_root(tmp_path_factory):
    return smallregistry.write(tmp_path_factory.mktemp("small") / "registry")


@pytest.mark.parametrize("root_of", ["small", "generated"])
def test_the_changes_replayed_after_an_old_build_give_the_fresh_count(root_of, request):
    root = request.getfixturevalue(f"{root_of}_root")
    built = _registry(root, D(2021, 6, 1))
    changes = render.tile_changes(built.agreements.values(), built.as_of, built.warn_days)
    assert changes == sorted(changes) and all(day > "2021-06-01" for day, *_ in changes)
    for later in (D(2021, 6, 1), D(2022, 1, 1), D(2023, 12, 31), D(2024, 1, 1), D(2025, 2, 20), D(2026, 2, 1),
                  D(2026, 3, 14), D(2031, 1, 15)):
        counts = _tiles(built)
        for day, was, now, n in changes:
            if day <= later.isoformat():
                counts[was] -= n
                counts[now] += n
        fresh = _tiles(_registry(root, later))
        assert +counts == fresh, later
        assert sum(fresh.values()) == len(built.agreements)  # every agreement in exactly one tile


def test_the_home_page_tiles_cover_every_agreement_once(small_root):
    registry = _registry(small_root, D(2026, 2, 1))
    agreements = registry.sorted_agreements()
    signed = [a for a in agreements if not a.known_only_by_reference]
    by_reference = [a for a in agreements if a.known_only_by_reference]
    tiles = render._counts(signed, by_reference, registry.partner_ids(), registry.warn_days, render.INDONESIAN)
    by_status = [t for t in tiles if t.key]
    assert [t.key for t in by_status] == [s.value for s in TILES]
    assert sorted(t.key for t in by_status) == sorted(s.value for s in Status)  # one tile per status, none twice
    assert sum(t.count for t in by_status) == len(signed)  # every signed agreement in exactly one tile


def test_a_renewed_agreement_says_how_its_chain_of_renewals_stands(small_root):
    first, second = "pks-dinkes-2020", "pks-dinkes-2022"
    while_renewal_runs = _registry(small_root, D(2023, 6, 1)).agreements
    assert while_renewal_runs[first].renewal_next == second
    assert while_renewal_runs[first].status.status is Status.DIPERPANJANG
    assert while_renewal_runs[first].chain_status.status is Status.BERLAKU
    after = _registry(small_root, D(2026, 2, 1)).agreements
    assert after[first].status.status is Status.DIPERPANJANG
    assert after[first].chain_status.status is Status.BERAKHIR  # the renewal ended too: not "continued"
    assert after[second].chain_status is None
