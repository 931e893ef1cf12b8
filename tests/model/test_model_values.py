"""The model is a set of frozen values built once: nothing can be assigned or appended after
model.build, and what build derives (the other side of each relation, the status, the chain of
renewals) is what the records themselves say. Small records written here, nothing bundled."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import yaml

from site_builder import model
from site_builder.dates import Bound, OpenBound
from site_builder.status import UNKNOWN_START, Reason, Status, compute
from site_builder.validation import validate
from site_builder.validation.problems import Severity

D = dt.date
SOURCE = {"publisher": "Media Uji", "title": None, "url": None, "published": None}


def _agency(agency_id: str) -> dict:
    return {"id": agency_id, "name": f"Nama {agency_id}", "short_name": None, "kind": "perangkat-daerah",
            "parent": None, "region": "63.07", "website": None, "sources": [SOURCE]}


def _agreement(agreement_id: str, signed: object, start: str | None, end: str | None, kind: str = "perjanjian-kerja-sama",
               **relations: str) -> dict:
    record = {"id": agreement_id, "title": f"Judul {agreement_id}", "kind": kind,
              "signed": {"date": signed, "place": None},
              "parties": [{"agency": a, "role": None, "document_number": None, "signatory": None}
                          for a in ("rutan-uji", "dinas-uji")],
              "scope": [], "validity": {"start": start, "end": end}, "sources": [SOURCE]}
    if relations:
        record["relations"] = relations
    return record


# A chain of three: the first known only because the second renews it (no signing day or place), the
# second signed "before 1 March 2020" with no start (a renewal whose start is unknown), the third an
# ordinary renewal of the second; an addendum amends the third, and all sit under one MoU.
RECORDS = [
    _agreement("pks-payung", "2017-06-01", "2017-06-01", "2027-05-31", kind="nota-kesepahaman"),
    _agreement("pks-2018", None, "2018-01-01", "2019-12-31", umbrella="pks-payung"),
    _agreement("pks-2020", {"latest": "2020-03-01"}, None, None, renews="pks-2018", umbrella="pks-payung"),
    _agreement("pks-2022", "2022-01-01", "2022-01-01", "2023-12-31", renews="pks-2020", umbrella="pks-payung"),
    _agreement("pks-2022-adendum", "2022-06-01", "2022-06-01", "2023-12-31", kind="adendum", amends="pks-2022"),
]


@pytest.fixture
def build(make_registry):
    files = {f"agencies/{a}.yaml": yaml.safe_dump(_agency(a), sort_keys=False) for a in ("rutan-uji", "dinas-uji")}
    files |= {f"agreements/rutan-uji/{r['id']}.yaml": yaml.safe_dump(r, sort_keys=False) for r in RECORDS}
    root = make_registry(files)

    def on(as_of: dt.date) -> model.Registry:
        report, shaped = validate.validate(root, as_of)
        assert [p for p in report.problems if p.severity is Severity.ERROR] == []
        return model.build(shaped, as_of)

    return on


def _mutable_parts(value: object, where: str) -> list[str]:
    """Every list, dict or set reachable from a model value, and every dataclass that is not frozen."""
    if isinstance(value, (list, dict, set)):
        return [where]
    if isinstance(value, tuple):
        return [w for i, item in enumerate(value) for w in _mutable_parts(item, f"{where}[{i}]")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = [] if type(value).__dataclass_params__.frozen else [where]
        return own + [w for f in dataclasses.fields(value)
                      for w in _mutable_parts(getattr(value, f.name), f"{where}.{f.name}")]
    return []


def test_every_value_of_the_model_is_frozen(build):
    registry = build(D(2025, 6, 1))
    agreement = registry.agreements["pks-2018"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        agreement.status = compute(None, None, None, None, D(2025, 6, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        agreement.renewal_next = None
    with pytest.raises(AttributeError):
        agreement.renewed_by.append("pks-lain")
    with pytest.raises(dataclasses.FrozenInstanceError):
        registry.as_of = D(2030, 1, 1)
    with pytest.raises(TypeError):
        registry.agreements["pks-lain"] = agreement
    tables = {"agencies": registry.agencies, "agreements": registry.agreements, "plans": registry.plans}
    assert [w for name, table in tables.items() for key, value in table.items()
            for w in _mutable_parts(value, f"{name}[{key}]")] == []


def test_back_relations_are_what_the_other_records_say(build):
    agreements = build(D(2025, 6, 1)).agreements
    said = {(r["id"], kind, target) for r in RECORDS for kind, target in r.get("relations", {}).items()}
    back = {"renews": "renewed_by", "amends": "amended_by", "umbrella": "under_umbrella"}
    for a in agreements.values():
        for kind, field in back.items():
            assert getattr(a, field) == tuple(sorted(i for i, k, t in said if k == kind and t == a.id)), (a.id, field)
    assert agreements["pks-payung"].under_umbrella == ("pks-2018", "pks-2020", "pks-2022")
    assert agreements["pks-2022"].amended_by == ("pks-2022-adendum",)
    # No signing day and no place, named by its renewal: known only by reference. An open signing day is a signing day.
    assert {a.id for a in agreements.values() if a.known_only_by_reference} == {"pks-2018"}
    assert agreements["pks-2020"].signed == OpenBound(D(2020, 3, 1), "latest")


def test_a_renewal_with_an_unknown_start_still_renews(build):
    agreements = build(D(2025, 6, 1)).agreements
    assert agreements["pks-2018"].renewal_start is UNKNOWN_START  # signed before a day, no start: unknown
    assert agreements["pks-2020"].renewal_start == Bound(D(2022, 1, 1), D(2022, 1, 1))
    assert agreements["pks-2022"].renewal_start is None
    for a in agreements.values():  # the status is status.compute of the agreement's own inputs
        assert a.status == compute(a.start, a.end, a.termination_date, a.renewal_start, D(2025, 6, 1)), a.id
    assert agreements["pks-2018"].status.status is Status.DIPERPANJANG
    assert agreements["pks-2018"].status.reason is Reason.RENEWED


@pytest.mark.parametrize("as_of, first, middle, last", [
    # The third agreement has ended: the chain reads as ended, not as "continued".
    (D(2025, 6, 1), Status.DIPERPANJANG, Status.DIPERPANJANG, Status.BERAKHIR),
    # Before the third starts, the second (no end known, its renewal not begun) is uncertain.
    (D(2021, 6, 1), Status.DIPERPANJANG, Status.TIDAK_PASTI, Status.BELUM_BERLAKU),
])
def test_the_chain_of_renewals_ends_at_the_first_link_not_continued(build, as_of, first, middle, last):
    agreements = build(as_of).agreements
    chain = ["pks-2018", "pks-2020", "pks-2022"]
    assert [agreements[i].status.status for i in chain] == [first, middle, last]
    assert [agreements[i].renewal_next for i in chain] == ["pks-2020", "pks-2022", None]
    assert [a.id for a in model.renewal_chain(agreements["pks-2018"], agreements)] == chain[1:]
    end = next(agreements[i].status for i in chain[1:] if agreements[i].status.status is not Status.DIPERPANJANG)
    assert agreements["pks-2018"].chain_status == end
    assert agreements["pks-2020"].chain_status == (end if middle is Status.DIPERPANJANG else None)
    assert agreements["pks-2022"].chain_status is None
