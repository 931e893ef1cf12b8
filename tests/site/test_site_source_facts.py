"""What real sources say (issue 9), on a small hand-made registry: a signing date bounded from one
side, a validity given as a term with its end derived (never exact), the source's word for the kind,
the basis an agreement follows, witnesses and others present, conflicting reports side by side, a
cut-off source address, and earlier agreements known only by reference, counted and listed apart.

Each test writes real YAML, validates it as `pks validate` does, builds the model and renders the
pages without MkDocs (test_build.py and test_hostile.py cover full builds).
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from site_builder import gitinfo, model
from site_builder.site import render
from site_builder.validation import schemas, validate
from site_builder.workflow import compare
from site_builder.dates import Bound, OpenBound, Period, Term
from site_builder.status import UNKNOWN_START
from site_builder.validation.problems import Severity
from sitebuild import REPO

AS_OF = dt.date(2025, 6, 1)
LINKS = render.SiteLinks(repo_url="https://github.com/pks-registry/pks-registry", edit_uri="edit/main/docs/")
SOURCE = {"publisher": "Media Uji", "title": None, "url": None, "published": None}


def _agency(agency_id: str, name: str) -> dict:
    return {"id": agency_id, "name": name, "short_name": None, "kind": "perangkat-daerah", "parent": None,
            "region": "63.07", "website": None, "sources": [SOURCE]}


def _agreement(agreement_id: str, **extra) -> dict:
    record = {"id": agreement_id, "title": f"Judul {agreement_id}", "kind": "perjanjian-kerja-sama",
              "signed": {"date": "2024-02-01", "place": None},
              "parties": [{"agency": "rutan-uji", "role": None, "document_number": None, "signatory": None},
                          {"agency": "dinas-uji", "role": None, "document_number": None, "signatory": None}],
              "scope": [], "validity": {"start": "2024-02-01", "end": None}, "sources": [SOURCE]}
    record.update(extra)
    return record


def _files(*agreements: dict) -> dict[str, str]:
    files = {f"agencies/{a['id']}.yaml": yaml.safe_dump(a, allow_unicode=True, sort_keys=False)
             for a in (_agency("rutan-uji", "Rutan Uji"), _agency("dinas-uji", "Dinas Uji"),
                       _agency("kanwil-uji", "Kanwil Uji"))}
    for a in agreements:
        files[f"agreements/rutan-uji/{a['id']}.yaml"] = yaml.safe_dump(a, allow_unicode=True, sort_keys=False)
    return files


def _validate(make_registry, *agreements: dict):
    root = make_registry(_files(*agreements))
    return validate.validate(root, AS_OF)


def _registry(make_registry, *agreements: dict) -> model.Registry:
    report, shaped = _validate(make_registry, *agreements)
    assert [p for p in report.problems if p.severity is Severity.ERROR] == []
    return model.build(shaped, AS_OF)


def _pages(registry: model.Registry) -> dict[str, str]:
    site = render.render_site(registry, gitinfo.History(), LINKS, schemas.load(REPO / "schema").documents)
    return {path: site.full_text(path) for path in site.files if path.endswith(".md")}


def _codes(report) -> list[str]:
    return [p.code for p in report.problems]


# --- signing dates bounded from one side --------------------------------------------------------

def test_a_signing_date_known_only_as_before_a_day_is_valid_and_said_so(make_registry):
    registry = _registry(make_registry, _agreement("pks-sebelum", signed={"date": {"latest": "2024-01-14"}, "place": None}),
                         _agreement("pks-sesudah", signed={"date": {"earliest": "2023-07-02"}, "place": None},
                                    validity={"start": "2024-02-01", "end": None}))
    before, after = registry.agreements["pks-sebelum"], registry.agreements["pks-sesudah"]
    assert before.signed == OpenBound(dt.date(2024, 1, 14), "latest") and not before.signed.exact
    assert after.signed == OpenBound(dt.date(2023, 7, 2), "earliest")
    # sorted by the one day known: the later bound first
    assert [a.id for a in registry.sorted_agreements()] == ["pks-sebelum", "pks-sesudah"]
    page = _pages(registry)[render.agreement_page("pks-sebelum")]
    assert "paling lambat 14 Januari 2024" in page and "sumber hanya membatasinya dari satu sisi" in page
    assert "paling cepat 2 Juli 2023" in _pages(registry)[render.agreement_page("pks-sesudah")]


@pytest.mark.parametrize("value", [{}, {"latest": "2024-01-14", "kira-kira": "2024-01-01"}])
def test_an_empty_or_unknown_bound_is_still_rejected(make_registry, value):
    report, _ = _validate(make_registry, _agreement("pks-salah", signed={"date": value, "place": None}))
    assert report.errors


def test_only_the_signing_date_may_be_open_ended(make_registry):
    """Validity bounds need both days: the status of an agreement is computed from them."""
    report, _ = _validate(make_registry, _agreement("pks-salah", validity={"start": "2024-02-01", "end": {"latest": "2029-01-31"}}))
    assert report.errors


def test_a_renewal_signed_before_a_day_counts_as_a_renewal_with_an_unknown_start(make_registry):
    registry = _registry(make_registry,
                         _agreement("pks-lama", validity={"start": "2020-01-01", "end": "2022-12-31"}),
                         _agreement("pks-baru", signed={"date": {"latest": "2024-01-14"}, "place": None},
                                    validity={"start": None, "end": None}, relations={"renews": "pks-lama"}))
    old = registry.agreements["pks-lama"]
    assert old.renewal_start is UNKNOWN_START and old.status.status.value == "diperpanjang"


# --- a validity given as a term -----------------------------------------------------------------

def test_periods_add_calendar_units_and_keep_month_ends():
    assert Period(years=5).after(dt.date(2024, 2, 1)) == dt.date(2029, 2, 1)
    assert Period(years=1).after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert Period(months=1).after(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert Period(years=1, months=6, days=10).after(dt.date(2023, 12, 31)) == dt.date(2025, 7, 10)
    assert [Period(years=5).iso(), Period(years=1, months=6).iso(), Period(days=90).iso()] == ["P5Y", "P1Y6M", "P90D"]


def test_the_end_of_a_term_is_derived_as_a_range_never_exact(make_registry):
    registry = _registry(make_registry, _agreement("pks-lima-tahun", validity={
        "start": "2024-02-01", "end": None, "duration": {"years": 5}}))
    a = registry.agreements["pks-lima-tahun"]
    assert a.duration == Term(Period(years=5), Period(years=5))
    assert a.end == Bound(dt.date(2029, 1, 31), dt.date(2029, 2, 1)) and a.end_derived and not a.end.exact
    assert a.status.status.value == "berlaku" and a.status.date == dt.date(2029, 1, 31)
    page = _pages(registry)[render.agreement_page("pks-lima-tahun")]
    assert "antara 31 Januari 2029 dan 1 Februari 2029" in page
    assert "dihitung dari masa berlaku 5 tahun, bukan tanggal dari sumber" in page


def test_a_range_of_terms_gives_the_range_of_ends(make_registry):
    registry = _registry(make_registry, _agreement("pks-satu-tiga", validity={
        "start": "2023-03-13", "end": None, "duration": {"shortest": {"years": 1}, "longest": {"years": 3}}}))
    a = registry.agreements["pks-satu-tiga"]
    assert a.end == Bound(dt.date(2024, 3, 12), dt.date(2026, 3, 13)) and a.end_derived
    assert "1 tahun hingga 3 tahun" in _pages(registry)[render.agreement_page("pks-satu-tiga")]


def test_a_written_end_inside_the_term_is_kept_as_written(make_registry):
    registry = _registry(make_registry, _agreement("pks-cocok", validity={
        "start": "2024-02-01", "end": "2029-01-31", "duration": {"years": 5}}))
    a = registry.agreements["pks-cocok"]
    assert a.end == Bound(dt.date(2029, 1, 31), dt.date(2029, 1, 31)) and not a.end_derived


def test_an_end_that_disagrees_with_the_term_is_an_error_whose_hint_fixes_it(make_registry):
    record = _agreement("pks-tidak-cocok", validity={"start": "2024-02-01", "end": "2028-12-31", "duration": {"years": 5}})
    report, _ = _validate(make_registry, record)
    [problem] = [p for p in report.problems if p.code == "validity-duration-mismatch"]
    assert problem.pointer == "validity.end"
    assert dict(problem.param_dict)["earliest"] == "2029-01-31" and dict(problem.param_dict)["latest"] == "2029-02-01"
    # the hint, applied as written: "end: null" (or a day between the two)
    for end in (None, "2029-02-01"):
        fixed = {**record, "validity": {**record["validity"], "end": end}}
        report, _ = _validate(make_registry, fixed)
        assert _codes(report) == []


# --- kind, basis, attendees, conflicts, partial addresses ----------------------------------------

def test_the_source_s_own_words_and_facts_reach_the_page(make_registry):
    registry = _registry(make_registry, _agreement(
        "pks-lengkap", kind="nota-kesepahaman", kind_wording="kesepakatan bersama",
        witnesses=[{"name": "Nama Saksi", "position": "Bupati Uji", "agency": "dinas-uji"}, {"group": "pejabat lainnya"}],
        present=[{"name": None, "position": "Kepala Seksi Uji", "agency": "rutan-uji"}, {"group": "perwakilan warga"}],
        basis={"text": "Arahan agar setiap Rutan bersinergi", "by": {"name": "Nama Kakanwil", "position": "Kakanwil Uji",
                                                                     "agency": "kanwil-uji"}},
        conflicts=[{"field": "signed.place", "values": [{"value": "Aula A", "source": 1}, {"value": "Aula B", "source": 2}]}],
        sources=[SOURCE, {**SOURCE, "publisher": "Media Lain", "url_partial": "https://media.example/berita/2024/kerja-sa..."}]))
    a = registry.agreements["pks-lengkap"]
    assert a.kind_wording == "kesepakatan bersama" and a.basis.by.name == "Nama Kakanwil"
    assert [w.group for w in a.witnesses] == [None, "pejabat lainnya"] and a.present[1].group == "perwakilan warga"
    assert [(v.value, v.source) for v in a.conflicts[0].values] == [("Aula A", 1), ("Aula B", 2)]
    page = _pages(registry)[render.agreement_page("pks-lengkap")]
    assert "Nota kesepahaman" in page and "disebut sumber: <q>kesepakatan bersama</q>" in page
    assert "Arahan agar setiap Rutan bersinergi" in page and "arahan dari Nama Kakanwil, Kakanwil Uji" in page
    assert "<li>pejabat lainnya</li>" in page and "Turut hadir" in page and "Kepala Seksi Uji" in page
    assert "Sumber yang berbeda" in page and 'href="#sumber-2"' in page and 'id="sumber-2"' in page
    assert "<dt>Tempat</dt><dd>Aula A" in page  # the key in the page's words, not signed.place
    # a cut-off address is shown, never linked
    assert "<code>https://media.example/berita/2024/kerja-sa...</code>" in page
    assert 'href="https://media.example' not in page


def test_every_key_a_conflict_may_name_has_words_on_the_page():
    from site_builder.site import filters
    from site_builder.labels import INDONESIAN
    assert all(key in INDONESIAN.ui for key in filters.FIELD_LABELS.values())
    assert filters.field_label(INDONESIAN, "signed.place") == "Tempat"
    assert filters.field_label(INDONESIAN, "parties[0].signatory") == "parties[0].signatory"


def test_a_conflict_must_name_a_source_the_record_lists(make_registry):
    report, _ = _validate(make_registry, _agreement("pks-konflik", conflicts=[
        {"field": "signed.place", "values": [{"value": "Aula A", "source": 1}, {"value": "Aula B", "source": 3}]}]))
    assert _codes(report) == ["conflict-source-missing"]


def test_attendees_name_agencies_that_exist(make_registry):
    report, _ = _validate(make_registry, _agreement("pks-hadir", present=[{"name": "Nama", "position": "Jabatan", "agency": "dinas-ujj"}],
                                                    basis={"text": "Arahan", "by": {"name": "Nama", "position": "Jabatan",
                                                                                    "agency": "kanwil-ujj"}}))
    assert sorted(_codes(report)) == ["ref-unknown-agency", "ref-unknown-agency"]


def test_an_attendee_is_a_named_official_or_a_group(make_registry):
    report, _ = _validate(make_registry, _agreement("pks-hadir", present=[{"agency": "dinas-uji"}]))
    assert report.errors


# --- agreements known only by reference ----------------------------------------------------------

def _earlier_and_later(make_registry) -> model.Registry:
    return _registry(make_registry,
                     _agreement("pks-terdahulu", kind=None, signed={"date": None, "place": None}),
                     _agreement("pks-lanjutan", relations={"renews": "pks-terdahulu"}),
                     _agreement("pks-tanpa-tanggal", signed={"date": None, "place": None}))


def test_only_an_earlier_agreement_another_names_and_nothing_about_its_signing_is_known_by_reference(make_registry):
    registry = _earlier_and_later(make_registry)
    flags = {a.id: a.known_only_by_reference for a in registry.agreements.values()}
    # an agreement whose signing date is unknown but that nothing refers to is still a signed agreement
    assert flags == {"pks-terdahulu": True, "pks-lanjutan": False, "pks-tanpa-tanggal": False}


def test_home_counts_and_the_list_keep_them_apart(make_registry):
    pages = _pages(_earlier_and_later(make_registry))
    home = pages[render.HOME]
    assert 'pks-count__n">2</span> <span class="pks-count__label">Perjanjian ditandatangani' in home
    assert 'pks-count__n">1</span> <span class="pks-count__label">Perjanjian terdahulu diketahui dari rujukan' in home
    listing = pages[render.AGREEMENTS]
    signed, _, apart = listing.partition('id="diketahui-dari-rujukan"')
    assert "Semua 2 perjanjian yang ditandatangani" in signed
    assert "perjanjian/pks-terdahulu.html" not in signed and "perjanjian/pks-terdahulu.html" in apart
    assert "1 perjanjian terdahulu hanya diketahui" in apart


def test_without_such_agreements_there_is_no_extra_figure_or_section(make_registry):
    pages = _pages(_registry(make_registry, _agreement("pks-satu")))
    assert "diketahui dari rujukan" not in pages[render.HOME] and "diketahui-dari-rujukan" not in pages[render.AGREEMENTS]


# --- the reviewer's summary ---------------------------------------------------------------------

def test_pks_diff_names_the_new_facts():
    old = _agreement("pks-x")
    new = _agreement("pks-x", kind_wording="kesepakatan bersama", present=[{"group": "pejabat lainnya"}],
                     basis={"text": "Arahan Kakanwil", "by": None},
                     conflicts=[{"field": "signed.place", "values": [{"value": "A", "source": 1}, {"value": "B", "source": 1}]}],
                     validity={"start": "2024-02-01", "end": None, "duration": {"years": 5}},
                     signed={"date": {"latest": "2024-01-14"}, "place": None})
    words = {d.code: d.text for d in compare.agreement_details(old, new)}
    assert words["validity-duration"] == "lama masa berlaku diubah: tidak disebut -> 5 tahun"
    assert words["signed-date"] == "tanggal tanda tangan diubah: 2024-02-01 -> paling lambat 2024-01-14"
    assert words["basis"] == 'dasar/arahan diubah: "Arahan Kakanwil"'
    assert {"kind-wording", "present", "conflicts"} <= set(words) and "other" not in words
