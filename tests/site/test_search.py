"""Site search (site_builder/site/search.py): which pages the Pagefind index reads, what a result can
show, and that only the files a search uses are published. The search itself, typed on a phone,
is tests/browser/test_browser_search.py."""

from __future__ import annotations

import gc
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import smallregistry
import sitehtml
from sitebuild import build_into, site_files
from site_builder.site import publish, search, engine as site

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


# --- what Pagefind reads: cut copies of the marked pages (search.write_searchable_pages) -----------------


def _page(body: str, before: str = "", after: str = "", html: str = '<html lang="id">') -> str:
    return (f"<!doctype html>\n{html}<head><meta charset=\"utf-8\"><title>Judul</title></head><body>"
            f'<header><img src="logo.svg" alt=""><nav>Beranda Perjanjian</nav></header>{before}'
            f"{body}{after}<footer>Dibangun dengan MkDocs</footer></body></html>")


ARTICLE = ('<article class="md-typeset" data-pagefind-body><h1>Pelatihan kerja</h1>'
           '<article class="pks-activity"><p>Kegiatan</p></article><p>Mitra Disdag</p></article>')


def test_a_marked_page_is_cut_to_its_html_tag_title_and_marked_element_nested_tags_included():
    copy = search._searchable_copy(_page(ARTICLE, after="<p>Ikuti kami</p>").encode())
    assert copy == f'<!DOCTYPE html>\n<html lang="id"><head><title>Judul</title></head><body>{ARTICLE}</body></html>'.encode()


@pytest.mark.parametrize("before, after", [
    ('<span data-pagefind-meta="penulis">Humas</span>', ""),  # metadata outside the element
    ("", '<span data-pagefind-filter="tahun">2024</span>'),  # a filter after it
    ("<h1>Judul luar</h1>", ""),  # Pagefind's title is the page's first <h1>
    ("", '<img src="foto.jpg" alt="">'),  # its image is the first <img> after the title
    ("", ARTICLE),  # two marked elements
])
def test_a_page_with_anything_pagefind_reads_outside_the_element_is_read_whole(before, after):
    assert search._searchable_copy(_page(ARTICLE, before, after).encode()) is None


def test_a_page_whose_marked_element_does_not_end_or_has_no_html_tag_is_read_whole():
    assert search._searchable_copy(_page(ARTICLE.removesuffix("</article>")).encode()) is None
    assert search._searchable_copy(_page(ARTICLE, html="").encode()) is None
    assert search._searchable_copy(_page("<p>tanpa tanda</p>").encode()) is None


@pytest.mark.parametrize("inside", [
    "<!-- contoh: </article> -->",  # a maintainer's comment in a docs page
    "<script>var s = '</article>';</script>",
    "<style>/* </article> */</style>",
    "<![CDATA[ </article> ]]>",
    "<textarea></article></textarea>",
])
def test_a_page_whose_element_holds_text_that_is_no_markup_is_read_whole(inside):
    # Counting tags there would end the element early and drop the words after it from the index.
    body = ARTICLE.replace("<p>Mitra Disdag</p>", f"{inside}<p>Mitra Disdag</p>")
    assert search._searchable_copy(_page(body).encode()) is None


def _write(folder: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html, encoding="utf-8")
    return folder


def test_unmarked_pages_are_left_out_unless_no_page_is_marked(tmp_path):
    marked = _write(tmp_path / "marked", {"a.html": _page(ARTICLE), "b/c.html": _page("<p>daftar halaman 2</p>")})
    assert search.write_searchable_pages(marked, tmp_path / "out1") == [Path("a.html")]
    assert sorted(p.name for p in (tmp_path / "out1").rglob("*.html")) == ["a.html"]
    plain = _write(tmp_path / "plain", {"a.html": _page("<p>satu</p>"), "b/c.html": _page("<p>dua</p>")})
    assert search.write_searchable_pages(plain, tmp_path / "out2") == [Path("a.html"), Path("b/c.html")]
    assert (tmp_path / "out2/b/c.html").read_bytes() == (plain / "b/c.html").read_bytes()
    entry = json.loads((search.index(plain) / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["id"]["page_count"] == 2  # no page marked: Pagefind reads every <body>


def test_the_index_of_the_cut_pages_is_the_index_of_the_whole_pages(small_site, tmp_path):
    """The same bytes as Pagefind makes when it reads the built site itself (how search.py ran it before)."""
    cut = tmp_path / "cut"
    search.write_searchable_pages(small_site, cut)
    assert any(len(p.read_bytes()) < len((small_site / p.relative_to(cut)).read_bytes()) / 2 for p in cut.rglob("*.html"))
    whole = tmp_path / "whole"
    shutil.copytree(small_site, whole, ignore=shutil.ignore_patterns(search.OUTPUT))
    excluded = [flag for selector in search.EXCLUDED for flag in ("--exclude-selectors", selector)]
    subprocess.run([str(search._executable()), "--site", str(whole), "--output-subdir", search.OUTPUT, "--quiet",
                    *excluded], check=True, capture_output=True, cwd=tmp_path)
    ours = site_files(small_site / search.OUTPUT)
    theirs = site_files(whole / search.OUTPUT)
    assert ours and ours == {name: theirs[name] for name in ours}
    assert {n for n in theirs if "/" in n} == {n for n in ours if "/" in n}  # every index chunk and fragment


# --- the cut copies written while the pages are built (search.CopyWriter) ------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_copies_a_build_writes_with_its_pages_are_what_reading_the_built_site_gives(tmp_path, monkeypatch, jobs):
    """Each process of the build writes the cut copy of every page it writes; index() reads back only
    the pages without one. What Pagefind is given is then what write_searchable_pages makes of the site."""
    monkeypatch.setenv("PKS_JOBS", jobs)
    given: list[tuple[frozenset[Path], dict[str, bytes]]] = []
    real = search._complete

    def complete(site_dir, candidates, into, copied):
        written = real(site_dir, candidates, into, copied)
        given.append((copied, site_files(into)))
        return written

    monkeypatch.setattr(search, "_complete", complete)
    site_dir = tmp_path / "site"
    build_into(smallregistry.write(tmp_path / "registry"), site_dir)
    [(copied, pages)] = given
    reference = tmp_path / "reference"
    written = search.write_searchable_pages(site_dir, reference)
    assert pages == site_files(reference) and sorted(Path(p) for p in pages) == written
    record_pages = {Path(f"perjanjian/{agreement_id}.html") for agreement_id in smallregistry.AGREEMENTS}
    assert record_pages <= copied  # written with the page, in whichever process built it
    assert {Path("perjanjian.html"), Path("instansi.html")} <= copied  # lists, built the ordinary way
    assert not (site_dir / search.COPIES).exists() and not list(tmp_path.glob(f"**/{search.COPIES}"))


def test_an_index_from_copies_reads_the_pages_without_one_and_drops_a_copy_without_its_page(tmp_path):
    site_dir = _write(tmp_path / "site", {"a.html": _page(ARTICLE), "b/c.html": _page(ARTICLE.replace("Disdag", "Dinkes")),
                                          "d.html": _page("<p>daftar halaman 2</p>")})
    copies = site_dir / search.COPIES
    search.CopyWriter(copies).page("a.html", (site_dir / "a.html").read_bytes())
    search.CopyWriter(copies).page("gone.html", _page(ARTICLE.replace("Disdag", "Bappeda")).encode())  # no such page
    search.CopyWriter(copies).page("d.html", (site_dir / "d.html").read_bytes())  # unmarked: no copy
    assert sorted(p.relative_to(copies).as_posix() for p in copies.rglob("*.html")) == ["pages/a.html", "pages/gone.html"]
    search.index(site_dir, copies=copies)
    assert not copies.exists()
    whole = _write(tmp_path / "whole", {name: (site_dir / name).read_text(encoding="utf-8")
                                        for name in ("a.html", "b/c.html", "d.html")})
    search.index(whole)
    assert site_files(site_dir / search.OUTPUT) == site_files(whole / search.OUTPUT)
    assert sorted(_indexed_texts(site_dir)) == sorted(_indexed_texts(whole)) and len(_indexed_texts(site_dir)) == 2


def test_a_pagefind_configuration_in_the_working_folder_changes_nothing(tmp_path, monkeypatch):
    """Pagefind reads pagefind.yml from where it runs; a checkout could plant one."""
    site_dir = _write(tmp_path / "site", {"a.html": _page(ARTICLE)})
    planted = tmp_path / "checkout"
    planted.mkdir()
    (planted / "pagefind.yml").write_text("force_language: en\nexclude_selectors: ['p']\n", encoding="utf-8")
    monkeypatch.chdir(planted)
    entry = json.loads((search.index(site_dir) / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["id"]
    assert "Mitra Disdag" in _indexed_texts(site_dir)[0]


# --- a large site: the index in parts (Pagefind holds every page it indexes in memory) --------------


@pytest.mark.parametrize("count, most, sizes", [
    (0, 3, [0]), (1, 3, [1]), (3, 3, [3]), (4, 3, [2, 2]), (10, 4, [4, 3, 3]), (7, 1, [1] * 7),
    (12035, search.PART_PAGES, [2407] * 5),  # the 10,000-agreement site
])
def test_pages_are_dealt_into_the_fewest_parts_of_at_most_so_many_pages(count, most, sizes):
    pages = [Path(f"perjanjian/p{n:05}.html") for n in range(count)]
    parts = search.split(pages, most)
    assert [len(part) for part in parts] == sizes
    assert sorted(page for part in parts for page in part) == pages  # every page in exactly one part
    assert search.split(list(pages), most) == parts  # the same pages, the same parts


def test_every_part_holds_pages_of_every_folder_alike():
    """Pagefind ranks a part's results by the part's own word statistics: parts cut by folder (all the
    maintainers' guide in one) would score the same words differently."""
    pages = sorted([Path(f"kontributor/k{n}.html") for n in range(6)] + [Path(f"perjanjian/p{n:02}.html") for n in range(24)])
    for part in search.split(pages, 10):
        assert [p.parts[0] for p in part].count("kontributor") == 2 and len(part) == 10


def test_the_part_size_is_the_measured_one_unless_a_test_sets_one(monkeypatch):
    monkeypatch.delenv(search.PART_PAGES_VARIABLE, raising=False)
    assert search.part_pages() == search.PART_PAGES
    for value, most in [("7", 7), ("1", 1), ("0", search.PART_PAGES), ("-3", search.PART_PAGES), ("x", search.PART_PAGES)]:
        monkeypatch.setenv(search.PART_PAGES_VARIABLE, value)
        assert search.part_pages() == most, value


PART = 10  # pages a part in the tests below: the small registry's site is indexed in several parts


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory) -> Path:
    """The small registry's site, built with its index in parts of PART pages."""
    base = tmp_path_factory.mktemp("parted")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(search.PART_PAGES_VARIABLE, str(PART))
        build_into(smallregistry.write(base / "registry"), base / "site")
    return base / "site"


def _fragments(bundle: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in (bundle / "fragment").glob("*.pf_fragment")}


def test_a_site_above_the_part_size_is_indexed_in_parts_each_page_in_one(small_site, parted_site):
    whole = small_site / search.OUTPUT
    indexed = json.loads((whole / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["id"]["page_count"]
    folder = parted_site / search.OUTPUT
    parts = sorted(int(p.name) for p in folder.iterdir() if p.is_dir())
    assert parts == list(range(1, -(-indexed // PART) + 1)) and len(parts) >= 3
    counts = [json.loads((folder / str(n) / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["id"]["page_count"]
              for n in parts]
    assert sum(counts) == indexed and max(counts) <= PART and max(counts) - min(counts) <= 1
    # Each page's fragment (its text, address and metadata: what a result shows) is the one the whole
    # index has, in exactly one part.
    fragments = [_fragments(folder / str(n)) for n in parts]
    assert sum(len(f) for f in fragments) == len(_fragments(whole)) == indexed
    assert {name: data for f in fragments for name, data in f.items()} == _fragments(whole)
    # The first part carries the code that searches; the others only what mergeIndex reads.
    top = {p.name for p in folder.iterdir() if p.is_file()}
    assert top == {"pagefind.js"}
    first = {p.name for p in (folder / "1").iterdir() if p.is_file()}
    assert first == {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.id.pagefind",
                     next(f for f in first if f.endswith(".pf_meta"))}
    for n in parts[1:]:
        files = {p.name for p in (folder / str(n)).iterdir() if p.is_file()}
        assert files == {"pagefind-entry.json", next(f for f in files if f.endswith(".pf_meta"))}
        assert (folder / str(n) / "index").is_dir()
    merger = (folder / "pagefind.js").read_text(encoding="utf-8")
    assert f"const MERGED = {json.dumps([f'./{n}/' for n in parts[1:]])};" in merger
    assert 'import * as pagefind from "./1/pagefind.js";' in merger


def test_the_parts_are_the_same_bytes_each_time_and_an_index_made_again_leaves_no_part_behind(
        small_site, parted_site, tmp_path, monkeypatch):
    again = tmp_path / "site"
    shutil.copytree(parted_site, again)
    monkeypatch.setenv(search.PART_PAGES_VARIABLE, str(PART))
    search.index(again)
    assert site_files(again / search.OUTPUT) == site_files(parted_site / search.OUTPUT)
    indexed = sum(1 for _ in again.glob("pagefind/*/fragment/*.pf_fragment"))
    monkeypatch.setenv(search.PART_PAGES_VARIABLE, str(PART * 2))  # fewer parts: the others go
    search.index(again)
    parts = sorted(int(p.name) for p in (again / search.OUTPUT).iterdir() if p.is_dir())
    assert parts == list(range(1, -(-indexed // (PART * 2)) + 1)) and len(parts) < indexed // PART
    monkeypatch.delenv(search.PART_PAGES_VARIABLE)  # one index again: the bytes of a site never in parts
    search.index(again)
    assert site_files(again / search.OUTPUT) == site_files(small_site / search.OUTPUT)


# --- when the index is made: after the build let go of its pages (build.py) ----------------------------


def test_the_index_is_made_after_the_build_let_go_of_records_model_pages_and_engine(tmp_path, monkeypatch):
    from site_builder import build, model
    from site_builder.site import render

    made: dict[int, tuple[str, type]] = {}  # id -> what, its type: the objects this build makes in this process

    def remember(function, what):
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            made[id(result)] = (what, type(result))
            return result
        return wrapper

    monkeypatch.setattr(model, "build", remember(model.build, "model"))
    monkeypatch.setattr(render, "render_site", remember(render.render_site, "rendered pages"))
    monkeypatch.setattr(site, "load", remember(site.load, "engine config"))
    alive_at_index: list[list[str]] = []
    real_index = site.index_search

    def index_search(site_dir: Path, **kwargs) -> None:
        gc.collect()
        alive_at_index.append([made[id(o)][0] for o in gc.get_objects() if type(o) is made.get(id(o), ("", None))[1]])
        real_index(site_dir, **kwargs)

    monkeypatch.setattr(site, "index_search", index_search)
    build_into(smallregistry.write(tmp_path / "registry"), tmp_path / "site")
    assert sorted({what for what, _ in made.values()}) == ["engine config", "model", "rendered pages"]
    # ProperDocs keeps the configuration it loaded last (its `plugins` option holds it), not its pages
    assert alive_at_index in ([[]], [["engine config"]])
    assert (tmp_path / "site" / search.OUTPUT / "pagefind-entry.json").is_file()


def test_a_failing_pagefind_fails_the_build_and_leaves_the_live_site_whole(small_site, tmp_path, monkeypatch):
    site_dir = tmp_path / "out" / "site"
    shutil.copytree(small_site, site_dir)
    live = site_files(site_dir)
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: cannot write the bundle' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "_executable", lambda: failing)
    with pytest.raises(site.SiteError, match="Pagefind failed \\(3\\): Error: cannot write the bundle"):
        build_into(smallregistry.write(tmp_path / "registry"), site_dir)
    assert site_files(site_dir) == live
    lock = publish.lock_path(site_dir).name
    assert sorted(p.name for p in site_dir.parent.iterdir() if p.name != lock) == ["site"]  # nothing half-built beside it


# --- stopped on request (pks serve: an edit saved while the index is made does not wait for it) ---------


@pytest.mark.parametrize("parts", [None, PART])
def test_an_index_asked_to_stop_kills_pagefind_and_says_so_and_the_next_one_is_whole(
        small_site, parts, tmp_path, monkeypatch):
    again = tmp_path / "site"
    shutil.copytree(small_site, again)
    if parts:
        monkeypatch.setenv(search.PART_PAGES_VARIABLE, str(parts))
    slow = tmp_path / "pagefind"  # a Pagefind that would take a minute: only a kill ends it in time
    slow.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "_executable", lambda: slow)
    started = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(search.subprocess, "Popen", popen)
    with pytest.raises(search.Stopped):
        search.index(again, lambda: bool(started))
    assert len(started) == 1 and started[0].returncode == -9  # killed, and no part after it started
    monkeypatch.undo()
    search.index(again)  # the next index is whole, with no part of the stopped one
    assert site_files(again / search.OUTPUT) == site_files(small_site / search.OUTPUT)


def test_an_index_not_asked_to_stop_is_the_same_as_one_never_asked(small_site, tmp_path):
    again = tmp_path / "site"
    shutil.copytree(small_site, again)
    asked = []
    search.index(again, lambda: asked.append(1) or False)
    assert site_files(again / search.OUTPUT) == site_files(small_site / search.OUTPUT)
