"""Real MkDocs builds of the test registry (tests/fixtures/registry): every record becomes a page, nothing else is published,
nothing is loaded from another host, and the same input gives the same bytes."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

import sitehtml
from sitebuild import AS_OF, PAGE_WEIGHTS, build_into, copy_registry, site_files
from site_builder import build, cli, labels, model
from site_builder.site import publish, render, engine as site
from site_builder.validation import validate
from site_builder.validation.messages import CATALOGUE
from site_builder.status import TILES, tile

pytestmark = pytest.mark.slow

# What a built site may hold: pages, styles, scripts, pictures, search index, sitemap, open data.
PUBLISHED_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".gz", ".svg", ".png", ".ico", ".csv",
                      ".ics", ".atom", ".jsonld", ".pdf",
                      ".pf_meta", ".pf_index", ".pf_fragment", ".pagefind"}  # the search index (search.py)


def _registry(root: Path) -> model.Registry:
    report, shaped = validate.validate(root, AS_OF)
    assert not report.errors
    return model.build(shaped, AS_OF)


def test_every_record_is_a_page_and_counts_match(frozen_site):
    root, site_dir = frozen_site
    registry = _registry(root)
    for agreement in registry.agreements.values():
        page = sitehtml.read((site_dir / f"perjanjian/{agreement.id}.html").read_text(encoding="utf-8"))
        assert agreement.title in page.text()
        for plan_id in agreement.plan_ids:  # every action plan shows on its agreement's page
            assert f"plan-{plan_id}" in page.ids()
            for activity in registry.plans[plan_id].activities:
                assert f"kegiatan-{activity.id}" in page.ids()
    for agency in registry.agencies.values():
        assert agency.name in sitehtml.read((site_dir / f"instansi/{agency.id}.html").read_text(encoding="utf-8")).text()
    for theme in registry.themes():
        assert (site_dir / f"tema/{theme}.html").is_file()
    assert len(list((site_dir / "perjanjian").glob("*.html"))) == len(registry.agreements)
    assert len(list((site_dir / "instansi").glob("*.html"))) == len(registry.agencies)
    assert all(plan.agreement_id in registry.agreements for plan in registry.plans.values())

    listing = sitehtml.read((site_dir / "perjanjian.html").read_text(encoding="utf-8"))
    rows = [e for e in listing.find("tr") if "data-status" in e.attrs]
    assert len(rows) == len([a for a in registry.agreements.values() if not a.known_only_by_reference])
    # earlier agreements known only by reference are listed apart, after the signed ones: every one linked
    linked = {e.attrs["href"] for e in listing.find("a") if e.attrs.get("href", "").startswith("perjanjian/")}
    assert linked == {f"perjanjian/{a}.html" for a in registry.agreements}
    # Without JavaScript: the whole list is a plain table, and no filter form (filter.js builds it).
    assert not [e for e in rows if "hidden" in e.attrs]
    assert not [e for e in listing.find("form") if e.attrs.get("id") == "pks-filter"]
    assert [e for e in listing.find("table") if "data-pks-filter" in e.attrs]
    agencies = sitehtml.read((site_dir / "instansi.html").read_text(encoding="utf-8"))
    linked = {e.attrs["href"] for e in agencies.find("a") if e.attrs.get("href", "").startswith("instansi/")}
    assert linked == {f"instansi/{a}.html" for a in registry.agencies}


def test_home_counts_and_timeline_tell_the_truth(frozen_site):
    root, site_dir = frozen_site
    registry = _registry(root)
    home = sitehtml.read((site_dir / "index.html").read_text(encoding="utf-8"))
    counts = [e for e in home.elements if e.attrs.get("class") == "pks-count__n"]
    text = home.text()
    signed = [a for a in registry.agreements.values() if not a.known_only_by_reference]
    by_reference = len(registry.agreements) - len(signed)
    assert len(counts) == 2 + (by_reference > 0) + len(TILES)  # totals, then one tile per status
    by_tile = [tile(a.status, registry.warn_days).value for a in signed]
    expected = [len(signed), *([by_reference] if by_reference else []), len(registry.partner_ids()),
                *(by_tile.count(t.value) for t in TILES)]
    shown = [int(n) for n in re.findall(r'class="pks-count__n">(\d+)<', (site_dir / "index.html").read_text(encoding="utf-8"))]
    assert shown == expected
    assert sum(shown[2 + (by_reference > 0):]) == len(signed)  # every signed agreement in exactly one tile
    assert "29 November 2026" in text
    svg = home.find("svg")
    timeline = [e for e in svg if "pks-timeline__svg" in e.attrs.get("class", "")]
    assert timeline and timeline[0].attrs["role"] == "img"
    # The 2023 agreements end "one to three years" after signing: drawn as hatched ranges, not dates.
    assert any(e.attrs.get("fill") == "url(#pks-hatch)" for e in home.find("rect"))
    # The earlier agreements have no known dates: dashed lines, never a guessed bar.
    assert any(e.attrs.get("stroke-dasharray") for e in home.find("line"))
    # The text alternative lists the same agreements as the chart.
    alternative = (site_dir / "index.html").read_text(encoding="utf-8").split("pks-timeline-text", 1)[1]
    for agreement in registry.agreements.values():
        assert f"perjanjian/{agreement.id}.html" in alternative


def test_agreement_page_says_what_is_known_and_what_is_not(frozen_site):
    _, site_dir = frozen_site
    page = (site_dir / "perjanjian/rutan-barabai-dinkes-hst-2023.html").read_text(encoding="utf-8")
    text = sitehtml.read(page).text()
    assert "antara 12 Maret 2024 dan 13 Maret 2026" in text  # a ranged end, said plainly
    assert "per 29 November 2026" in text  # status with its as-of date
    assert "Berakhir" in text
    assert "Dinas Kesehatan Kabupaten Hulu Sungai Tengah" in text
    assert "Kerja sama layanan kesehatan Rutan Barabai sebelum 2023" in text  # renews ...
    earlier = sitehtml.read((site_dir / "perjanjian/rutan-barabai-dinkes-hst-sebelum-2023.html").read_text(encoding="utf-8"))
    assert "Kerja sama layanan kesehatan bagi WBP Rutan Barabai" in earlier.text()  # ... and renewed by
    assert "Diperpanjang" in earlier.text()
    edit = "https://github.com/pks-registry/pks-registry/edit/main/agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml"
    assert f'href="{edit}"' in page
    status = [e for e in sitehtml.read(page).elements if "data-pks-status" in e.attrs]
    assert json.loads(status[0].attrs["data-pks-status"]) == {"start": "2023-03-13", "end": ["2024-03-12", "2026-03-13"],
                                                               "warn": 90}


def test_generated_reference_pages_cover_their_sources(frozen_site):
    _, site_dir = frozen_site
    problems = sitehtml.read((site_dir / "referensi/kode-masalah.html").read_text(encoding="utf-8"))
    assert set(CATALOGUE) <= problems.ids()
    about = sitehtml.read((site_dir / "tentang-data/index.html").read_text(encoding="utf-8")).text()
    for status_label in labels.INDONESIAN.status.values():
        assert status_label.label in about
    assert "CC BY 4.0" in about
    dictionary = sitehtml.read((site_dir / "tentang-data/kamus-data.html").read_text(encoding="utf-8")).text()
    for field in ("parties[].signatory.name", "validity.end", "activities[].progress[].realisation", "name_history[].until"):
        assert field in dictionary


def test_navigation_lists_sections_and_record_pages_stay_out_of_it(frozen_site):
    root, site_dir = frozen_site
    for path in ("index.html", "perjanjian/rutan-barabai-dinkes-hst-2023.html"):
        page = sitehtml.read((site_dir / path).read_text(encoding="utf-8"))
        nav = {e.attrs["href"].rsplit("/", 1)[-1] for e in page.find("a") if "md-nav__link" in e.attrs.get("class", "")}
        assert {"cari.html", "perjanjian.html", "instansi.html", "tema.html"} <= nav
        assert not {f"{a.id}.html" for a in _registry(root).agreements.values()} & nav


def test_only_what_should_be_published_is_published(frozen_site):
    _, site_dir = frozen_site
    files = site_files(site_dir)
    # The one hidden file: what tells the next build that pks made this folder (hidden files are
    # left out of the GitHub Pages upload).
    assert files.pop(publish.MARKER) == publish.MARKER_TEXT.encode("utf-8")
    assert not [f for f in files if f.endswith((".yaml", ".yml", ".md", ".j2", ".py"))]
    assert not [f for f in files if posixpath.splitext(f)[1] not in PUBLISHED_SUFFIXES]
    assert not [f for f in files if any(part.startswith(".") for part in f.split("/"))]


def test_no_page_loads_anything_from_another_host(frozen_site):
    _, site_dir = frozen_site
    for name, page in sitehtml.pages_of(site_dir).items():
        loaded = sitehtml.loaded_urls(page)
        external = [u for u in loaded if sitehtml.is_external(u)]
        assert not external, f"{name} loads {external}"
        if name != "404.html":  # every same-site file a page needs is there (an excluded theme file once was not)
            base = (site_dir / name).parent
            missing = [u for u in loaded if not u.startswith("data:") and not (base / urlsplit(u).path).resolve().is_file()]
            assert not missing, f"{name} needs {missing}"
    for css in site_dir.rglob("*.css"):
        external = [u for u in sitehtml.css_urls(css.read_text(encoding="utf-8")) if sitehtml.is_external(u)]
        assert not external, f"{css} loads {external}"
    # Material's repository widget would fetch star counts from api.github.com.
    assert 'data-md-component="source"' not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_every_internal_link_and_anchor_resolves(frozen_site):
    """MkDocs checks links written in Markdown, not those in our HTML blocks, nor links to files it
    leaves out: this checks them all, hand-written pages included."""
    root, site_dir = frozen_site
    assert sitehtml.broken_links(site_dir) == []
    hand_written = {p.relative_to(root / "docs").with_suffix(".html").as_posix() for p in (root / "docs").rglob("*.md")}
    assert hand_written <= set(site_files(site_dir))


def test_same_records_and_as_of_give_a_byte_identical_site(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_registry(tmp_path / "registry")
    build_into(root, tmp_path / "one")
    build_into(root, tmp_path / "two")
    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [f for f in one if one[f] != two[f]] == []
    # No clock in the output: the as-of day stands in for the build time, and today appears nowhere.
    today = dt.date.today()
    assert today != dt.date(2025, 1, 15)
    stamps = (today.isoformat(), f"{today.day} {labels.INDONESIAN.months[today.month - 1]} {today.year}")
    for page in (root / "docs").rglob("*.md"):  # a hand-written page may name any day (a measurement's): not a leak
        text = page.read_text(encoding="utf-8")
        for stamp in stamps:
            text = text.replace(stamp, "1 Januari 2000")
        page.write_text(text, encoding="utf-8")
    build_into(root, tmp_path / "old", dt.date(2025, 1, 15))
    leaking = [f for f, content in site_files(tmp_path / "old").items()
               if any(s.encode() in (gzip.decompress(content) if f.endswith(".gz") else content) for s in stamps)]
    assert leaking == []
    assert b"<lastmod>2025-01-15</lastmod>" in (tmp_path / "old" / "sitemap.xml").read_bytes()


def test_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    build_into(root, tmp_path / "site")
    assert b"<lastmod>2023-11-14</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_bytes()


def test_errors_in_records_stop_the_build_with_the_validator_report(tmp_path):
    root = copy_registry(tmp_path / "registry")
    record = root / "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("kind: perjanjian-kerja-sama", "kind: kontrak"), encoding="utf-8")
    with pytest.raises(build.RecordsInvalid) as stopped:
        build_into(root, tmp_path / "site")
    assert stopped.value.report.errors
    assert not (tmp_path / "site").exists()

    result = CliRunner().invoke(cli.main, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                                           "--as-of", "2026-11-29"])
    assert result.exit_code == 1
    assert "rutan-barabai-dinkes-hst-2023.yaml" in result.output
    assert "Situs tidak dibangun" in result.output


def test_pks_build_says_where_to_open_the_site(tmp_path):
    root = copy_registry(tmp_path / "registry")
    result = CliRunner().invoke(cli.main, ["build", "--root", str(root), "--site-dir", str(tmp_path / "out"),
                                           "--as-of", "2026-11-29", "--warn-days", "30"])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "out" / "index.html") in result.output
    assert "pks serve" in result.output
    assert "Akan berakhir dalam 30 hari" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_hand_written_page_cannot_hide_a_generated_one(tmp_path):
    root = copy_registry(tmp_path / "registry")
    (root / "docs/perjanjian.md").write_text("# Daftar\n", encoding="utf-8")
    with pytest.raises(site.SiteError, match="docs/perjanjian.md"):
        build_into(root, tmp_path / "site")


def test_broken_links_in_hand_written_pages_fail_the_strict_build(tmp_path):
    root = copy_registry(tmp_path / "registry")
    (root / "docs/catatan.md").write_text("# Catatan\n\n[hilang](tidak-ada.md)\n", encoding="utf-8")
    with pytest.raises(site.SiteError, match="tidak-ada.md"):
        build_into(root, tmp_path / "site")


def test_page_weights(frozen_site):
    """Reports what a reader downloads per page kind (printed at the end of the run); phones on slow
    connections are the audience, so the heaviest HTML page must stay small."""
    _, site_dir = frozen_site
    samples = {"beranda (index.html)": "index.html", "daftar perjanjian": "perjanjian.html",
               "halaman perjanjian": "perjanjian/rutan-barabai-dinkes-hst-2023.html",
               "halaman instansi": "instansi/rutan-barabai.html", "tema": "tema/kesehatan.html",
               "kamus data": "tentang-data/kamus-data.html", "kode masalah": "referensi/kode-masalah.html"}
    for name, path in samples.items():
        page_file = site_dir / path
        html_size = page_file.stat().st_size
        assets = [u for u in sitehtml.loaded_urls(sitehtml.read(page_file.read_text(encoding="utf-8")))
                  if urlsplit(u).path.endswith((".css", ".js"))]
        files = [page_file] + [(page_file.parent / urlsplit(u).path).resolve() for u in assets]
        total = sum(f.stat().st_size for f in files)
        compressed = sum(len(gzip.compress(f.read_bytes(), mtime=0)) for f in files)
        PAGE_WEIGHTS.append((name, html_size, total, compressed))
        assert html_size < 120_000, f"{path} weighs {html_size} bytes"


def test_every_table_cell_has_its_column_name_for_phones(frozen_site):
    """Cells carry no data-label: labels.css names each column of TABLE_COLUMNS, which holds only
    if every row of every such table has its cells in the header's order."""
    _, site_dir = frozen_site
    css = (site_dir / "assets/pks/labels.css").read_text(encoding="utf-8")
    seen = set()
    for name, page in sitehtml.pages_of(site_dir).items():
        html = (site_dir / name).read_text(encoding="utf-8")
        for kind, table in re.findall(r'<table class="pks-table (pks-[a-z-]+)"[^>]*>(.*?)</table>', html, re.S):
            columns = [labels.INDONESIAN.ui[key] for key in render.TABLE_COLUMNS[kind]]
            head, body = table.split("</thead>")
            assert [sitehtml.unescape(h) for h in re.findall(r'<th scope="col">([^<]*)</th>', head)] == columns, name
            assert {row.count("<td") for row in re.findall(r"<tr\b.*?</tr>", body, re.S)} <= {len(columns)}, name
            seen.add(kind)
    assert "data-label" not in "".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    assert seen == set(render.TABLE_COLUMNS) - {"pks-institutions"}  # the list by institution needs 500+ agreements
    for kind, keys in render.TABLE_COLUMNS.items():
        for n, key in enumerate(keys, 1):
            assert f'.{kind} td:nth-child({n}) {{ --pks-column: "{labels.INDONESIAN.ui[key]}"; }}' in css
