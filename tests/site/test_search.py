"""Site search (site_builder/site/search.py): which pages the Pagefind index reads, what a result can
show, and that only the files a search uses are published. The search itself, typed on a phone,
is tests/browser/test_browser_search.py."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import smallregistry
import sitehtml
from sitebuild import build_into, site_files
from site_builder.site import search, engine as site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("small")
    build_into(smallregistry.write(base / "registry"), base / "site")
    return base / "site"


def _article(site_dir: Path, page: str) -> dict[str, str]:
    articles = [e for e in sitehtml.read((site_dir / page).read_text(encoding="utf-8")).find("article")]
    assert len(articles) == 1, page
    return articles[0].attrs


def test_record_pages_and_lists_are_indexed_and_the_search_page_is_not(small_site):
    indexed = {p for p in sitehtml.pages_of(small_site) if "data-pagefind-body" in _article(small_site, p)}
    for agreement_id in smallregistry.AGREEMENTS:
        assert f"perjanjian/{agreement_id}.html" in indexed
    for agency_id in smallregistry.AGENCIES:
        assert f"instansi/{agency_id}.html" in indexed
    assert {"index.html", "perjanjian.html", "instansi.html", "tema/kesehatan.html"} <= indexed
    assert "cari.html" not in indexed
    entry = json.loads((small_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["id"]  # Indonesian stemming: the pages say lang="id"
    assert entry["languages"]["id"]["page_count"] == len(indexed)


def test_an_unsearchable_page_stays_out_of_the_index_and_cell_words_stay_apart():
    html = ('<html><body><div data-md-component="skip">\n<a href="#x" class="md-skip">x</a>\n</div>'
            '<article class="md-content__inner md-typeset"><table><tr><td>Rutan Barabai</td><td>Disdag HST</td></tr>'
            '</table><dl><dt>Nama</dt><dd>Disdag</dd></dl></article></body></html>')
    searchable = site.mark_content(html, True, "Lewati ke isi")
    assert 'id="isi" data-pagefind-body>' in searchable
    assert '<a href="#isi" class="md-skip">Lewati ke isi</a>' in searchable
    assert "data-pagefind-body" not in site.mark_content(html, False, "Lewati ke isi")
    # Words of neighbouring cells and facts are separated for the index, without changing what shows.
    assert "Barabai</td>\n<td>Disdag" in searchable and "Nama</dt>\n<dd>" in searchable


def test_an_agreement_page_gives_search_results_its_partner_and_status(small_site):
    for agreement_id, (partner, *_) in smallregistry.AGREEMENTS.items():
        page = sitehtml.read((small_site / f"perjanjian/{agreement_id}.html").read_text(encoding="utf-8"))
        metas = {e.attrs["data-pagefind-meta"]: e for e in page.elements if "data-pagefind-meta" in e.attrs}
        assert set(metas) == {"partner", "status[data-pks-status]"}, agreement_id
        json.loads(metas["status[data-pks-status]"].attrs["data-pks-status"])  # what status.js recomputes from
        assert smallregistry.AGENCIES[partner][1] in page.text()


def test_only_files_that_a_page_uses_are_published(small_site):
    files = site_files(small_site)
    assert not [f for f in files if f.endswith(".map")]
    assert not [f for f in files if f.startswith(("search/", "assets/javascripts/lunr/", "assets/javascripts/workers/"))]
    assert not [f for f, data in files.items() if f.endswith((".js", ".css")) and b"sourceMappingURL" in data]
    pagefind = {f.split("/", 1)[1] for f in files if f.startswith("pagefind/") and f.count("/") == 1}
    assert pagefind == {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.id.pagefind",
                        next(f for f in pagefind if f.endswith(".pf_meta"))}
    assert [f for f in files if f.startswith("pagefind/index/")] and [f for f in files if f.startswith("pagefind/fragment/")]


def test_a_missing_pagefind_binary_is_a_clear_build_error(tmp_path, monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("no binary here")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    with pytest.raises(search.SearchIndexError, match="Pagefind binary is missing"):
        search.index(tmp_path)


def test_many_parties_are_listed_compactly_without_repeating_unknowns(small_site):
    """Fifteen parties once repeated "tidak disebut sumber / tidak diketahui" fifteen times."""
    page = sitehtml.read((small_site / f"perjanjian/{smallregistry.MANY_PARTIES}.html").read_text(encoding="utf-8"))
    parties = [e for e in page.find("li") if "ol" in e.ancestors]
    assert not [e for e in page.find("table") if "pks-parties" in e.attrs.get("class", "")]
    text = page.text()
    assert len(parties) >= 9 and "001/KEC/2024" in text
    section = text.split("Para pihak", 1)[1].split("Saksi", 1)[0]
    assert "tidak diketahui" not in section and "tidak disebut sumber" not in section
    few = sitehtml.read((small_site / "perjanjian/pks-disdag-pemasaran.html").read_text(encoding="utf-8"))
    assert [e for e in few.find("table") if "pks-parties" in e.attrs.get("class", "")]


def _indexed_texts(site_dir: Path) -> list[str]:
    """The text of every indexed page as Pagefind stores it (fragments: gzip, a signature, JSON)."""
    texts = []
    for fragment in sorted((site_dir / "pagefind/fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(data[data.index(b"{"):])["content"])
    return texts


def test_the_index_holds_no_status_of_the_build_day_and_no_heading_anchor(small_site):
    """A result shows today's status from the page's status meta; a status written as words on the
    build day would contradict it in the excerpt of an old build opened later."""
    texts = _indexed_texts(small_site)
    assert texts and any("Disdag" in text or "kesehatan" in text.lower() for text in texts)
    assert [t for t in texts if "¶" in t] == []
    as_of = sitehtml.read((small_site / "perjanjian.html").read_text(encoding="utf-8")).text()
    for label in ("Berlaku per", "Berakhir per", "Akan berakhir per", "Tidak pasti per"):
        assert [t for t in texts if label in t] == [], label
    assert as_of  # the lists do show a status as of the build day: in the page, not in the index


def test_a_partners_page_offers_its_own_calendar_of_end_dates(small_site):
    """data/ends-<agency>.ics is written for every partner; its page links it, and only then."""
    calendars = sorted(small_site.glob("data/ends-*.ics"))
    assert calendars
    for calendar in calendars:
        agency_id = calendar.stem.removeprefix("ends-")
        page = (small_site / f"instansi/{agency_id}.html").read_text(encoding="utf-8")
        assert f'href="../data/ends-{agency_id}.ics"' in page, agency_id
    linked = {p.stem for p in small_site.glob("instansi/*.html") if "pks-agency-calendar" in p.read_text(encoding="utf-8")}
    assert linked == {c.stem.removeprefix("ends-") for c in calendars}
