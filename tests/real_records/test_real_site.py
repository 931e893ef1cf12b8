"""A real MkDocs build of the published records: every record has its page and reaches the open
data, and the site shows the seed facts (Rutan Kelas IIB Barabai, its agreements of 13 March 2023
with the offices of Pemkab Hulu Sungai Tengah)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from site_builder.site import render

pytestmark = pytest.mark.slow


def _text(site_dir, page: str) -> str:
    return (site_dir / page.removesuffix(".md")).with_suffix(".html").read_text(encoding="utf-8")


def _ids(site_dir, name: str, key: str) -> set[str]:
    return {row["id"] for row in json.loads((site_dir / "data" / name).read_text(encoding="utf-8"))[key]}


def test_every_record_has_its_page(registry, site_dir):
    for agreement in registry.agreements.values():
        page = _text(site_dir, render.agreement_page(agreement.id))
        for plan_id in agreement.plan_ids:  # action plans show on their agreement's page
            assert f'id="plan-{plan_id}"' in page
    for agency in registry.agencies.values():
        assert _text(site_dir, render.agency_page(agency.id))
    for theme in registry.themes():
        assert _text(site_dir, render.theme_page(theme))


def test_every_record_reaches_the_open_data(registry, site_dir):
    assert _ids(site_dir, "agreements.json", "agreements") == set(registry.agreements)
    assert _ids(site_dir, "agencies.json", "agencies") == set(registry.agencies)
    assert _ids(site_dir, "action-plans.json", "action_plans") == set(registry.plans)
    rows = csv.DictReader(io.StringIO((site_dir / "data/agreements.csv").read_text(encoding="utf-8-sig")))
    assert {row["id"] for row in rows} == set(registry.agreements)


def test_the_site_shows_rutan_kelas_iib_barabai(site_dir):
    page = _text(site_dir, render.agency_page("rutan-barabai"))
    assert "Rumah Tahanan Negara Kelas IIB Barabai" in page
    assert "rutan-barabai-dinkes-hst-2023" in page  # its agreements are listed on its page


@pytest.mark.parametrize("partner", ["dinkes-hst", "perpustakaan-hst", "disdik-hst", "dinas-lh-perhubungan-hst",
                                     "disdag-hst", "satpolpp-damkar-hst", "dpmptsp-naker-hst", "disdukcapil-hst"])
def test_the_site_shows_the_agreements_of_13_march_2023(partner, registry, site_dir):
    page = _text(site_dir, render.agreement_page(f"rutan-barabai-{partner}-2023"))
    assert "13 Maret 2023" in page and "Gusti Iskandarsyah" in page
    assert registry.agencies["rutan-barabai"].name in page and registry.agencies[partner].name in page
