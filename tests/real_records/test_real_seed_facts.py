"""The seed of the registry, as the source article (Kaltimku.id, journalist JJD, /work/shared/seed)
tells it: Rutan Kelas IIB Barabai signed agreements with eight offices of Pemkab Hulu Sungai Tengah
on Monday 13 March 2023, three of them renewals, to be carried out through action plans.

What the article does not say stays null: document numbers, the partners' signatories' names. It
gives the validity as a term only ("satu hingga tiga tahun ke depan"), so the end is derived, a range.
Other records may join these at any time: everything here is presence, never a total.
"""

from __future__ import annotations

import datetime as dt

import pytest

# partner agency -> scope themes, as the article lists each office's field of cooperation
PARTNERS = {
    "dinkes-hst": ["kesehatan"],  # peningkatan layanan kesehatan
    "perpustakaan-hst": ["literasi"],  # peningkatan budaya literasi WBP
    "disdik-hst": ["pendidikan"],  # peningkatan pembinaan intelektual
    "dinas-lh-perhubungan-hst": ["lingkungan", "pelatihan-kerja"],  # pengelolaan sampah, bimbingan kerja
    "disdag-hst": ["perdagangan"],  # penjualan dan pemasaran hasil karya
    "satpolpp-damkar-hst": ["keselamatan-kebakaran"],  # penanganan musibah kebakaran
    "dpmptsp-naker-hst": ["pelatihan-kerja"],  # pelatihan kerja para Napi
    "disdukcapil-hst": ["kependudukan"],  # pemadanan dan validasi data NIK
}
RENEWALS = {"dinkes-hst", "perpustakaan-hst", "disdik-hst"}  # "perpanjangan dari kerjasama sebelumnya"
SIGNED = {f"rutan-barabai-{partner}-2023" for partner in PARTNERS}


def test_rutan_kelas_iib_barabai_is_an_agency(records):
    rutan = records["rutan-barabai"]
    assert rutan["name"] == "Rumah Tahanan Negara Kelas IIB Barabai"
    assert rutan["kind"] == "upt-pemasyarakatan"
    assert rutan["parent"] == "kanwil-kemenkumham-kalsel"
    assert all(partner in records for partner in PARTNERS) and "pemkab-hst" in records


def test_the_eight_agreements_were_signed_on_13_march_2023(records):
    signed = {record_id for record_id, record in records.items()
              if "parties" in record and record["signed"]["date"] == "2023-03-13"}
    assert SIGNED <= signed


@pytest.mark.parametrize("partner", PARTNERS)
def test_agreement_carries_what_the_source_says(partner, records):
    record = records[f"rutan-barabai-{partner}-2023"]
    assert record["kind"] == "perjanjian-kerja-sama"
    assert [party["agency"] for party in record["parties"]] == ["rutan-barabai", partner]
    assert [party["document_number"] for party in record["parties"]] == [None, None]
    rutan, other = record["parties"]
    assert rutan["signatory"]["name"] == "Gusti Iskandarsyah"
    assert other["signatory"]["name"] is None  # the article names no head of office
    assert record["signed"]["place"].startswith("Auditorium Pemkab HST")
    assert [item["theme"] for item in record["scope"]] == PARTNERS[partner]
    assert record["validity"]["start"] == "2023-03-13"
    # "Masa berlakunya perjanjian dari satu hingga tiga tahun ke depan": a term, no end date
    assert record["validity"]["end"] is None
    assert record["validity"]["duration"] == {"shortest": {"years": 1}, "longest": {"years": 3}}
    # "Disaksikan langsung oleh Bupati HST, H Aulia Oktafiandi, Sekkab Muhammad Yani dan pejabat lainnya"
    assert [w.get("name") or w.get("group") for w in record["witnesses"]] == ["H Aulia Oktafiandi", "Muhammad Yani",
                                                                            "pejabat lainnya"]
    assert "present" not in record  # the article names nobody else at the signing
    # "sebagai tindak lanjut dari arahan Kakanwil Kemenkumham Kalsel, Faisol Ali"
    assert record["basis"]["by"]["name"] == "Faisol Ali"
    assert record["basis"]["by"]["agency"] == "kanwil-kemenkumham-kalsel"
    assert [(s["publisher"], s["author"]) for s in record["sources"]] == [("Kaltimku.id", "JJD")]
    renews = record.get("relations", {}).get("renews")
    assert renews == (f"rutan-barabai-{partner}-sebelum-2023" if partner in RENEWALS else None)


def test_disdukcapil_keeps_the_source_wording_beside_the_correction(records):
    (item,) = records["rutan-barabai-disdukcapil-hst-2023"]["scope"]
    assert item["original_wording"] == "Pemadaman dan Validasi data NIK Tahanan dan Napi"
    assert item["description"].startswith("Pemadanan")


def test_each_2023_agreement_has_its_action_plan(records):
    plans = {record["agreement"] for record in records.values() if "activities" in record}
    assert SIGNED <= plans


def test_the_earlier_agreements_are_known_only_by_reference(registry):
    """'8 perjanjian ditandatangani; 3 perjanjian terdahulu diketahui dari rujukan', as the article tells it."""
    earlier = {f"rutan-barabai-{partner}-sebelum-2023" for partner in RENEWALS}
    assert earlier <= {a.id for a in registry.agreements.values() if a.known_only_by_reference}
    assert not [a for a in registry.agreements.values() if a.id in SIGNED and a.known_only_by_reference]
    a = registry.agreements["rutan-barabai-dinkes-hst-2023"]
    assert a.end_derived and (a.end.earliest, a.end.latest) == (dt.date(2024, 3, 12), dt.date(2026, 3, 13))
