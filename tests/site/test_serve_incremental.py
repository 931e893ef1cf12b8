"""`pks serve` rebuilds only what an edit touches (build._Served, site/incremental.py): after each kind
of edit, the site it shows is the site `pks build` makes of the same records, byte for byte; before the
open-data files follow, only they, the pages that show their sizes and the search index differ."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from sitebuild import site_files
from skewed import generate
from site_builder import build

pytestmark = pytest.mark.slow

AS_OF = dt.date(2025, 7, 1)  # the generator's records end on 2025-06-30
# Made after the page shows (Preview's finish): the open-data files, the pages that show their sizes
# (the home page's download links, the open-data page's table), the search index.
LATER = re.compile(r"^(data/|pagefind/|index\.html$)")


def _first(root: Path, pattern: str) -> Path:
    return sorted(root.glob(pattern))[0]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _substitute(path: Path, pattern: str, new: str) -> None:
    """The first line (with its continuation lines, when the pattern takes them) matching pattern, replaced."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.M), encoding="utf-8")


def _date(record: Path, field: str) -> str:
    """The quoted date of a two-space indented field ("  end", "  start")."""
    return re.search(rf'^  {field}: "(.*)"$', record.read_text(encoding="utf-8"), re.MULTILINE).group(1)


def _referenced_agency(root: Path) -> Path:
    """An agency that some agreement names as a party and that has a parent (a page that lists it)."""
    for agency in sorted((root / "agencies").glob("*.yaml")):
        if "\nparent: " in agency.read_text(encoding="utf-8"):
            needle = f"agency: {agency.stem}\n"
            if any(needle in a.read_text(encoding="utf-8") for a in (root / "agreements").glob("*/*.yaml")):
                return agency
    raise AssertionError("no referenced agency")


def _in_force(root: Path) -> Path:
    """An agreement in force on AS_OF with an exact end date."""
    for record in sorted((root / "agreements").glob("*/*.yaml")):
        match = re.search(r'^  end: "(\d{4}-\d\d-\d\d)"$', record.read_text(encoding="utf-8"), re.MULTILINE)
        start = re.search(r'^  start: "(\d{4}-\d\d-\d\d)"$', record.read_text(encoding="utf-8"), re.MULTILINE)
        if (
            match
            and start
            and dt.date.fromisoformat(match.group(1)) > AS_OF + dt.timedelta(days=400)
            and dt.date.fromisoformat(start.group(1)) < AS_OF
        ):
            return record
    raise AssertionError("no agreement in force")


def _unreferenced_agreement(root: Path) -> Path:
    """An agreement no other record names (so deleting it and its plans leaves the records valid)."""
    texts = {p: p.read_text(encoding="utf-8") for p in root.glob("agreements/**/*.yaml")}
    for record in sorted(root.glob("agreements/*/*.yaml")):
        named = [p for p, t in texts.items() if p != record and record.stem in t]
        if all("agreement: " + record.stem in texts[p] for p in named):  # only its own plans name it
            return record
    raise AssertionError("no agreement that nothing names")


def _newest_of_a_long_chain(root: Path) -> Path:
    """An agreement that renews one that renews another, and that nothing renews: the pages of the
    oldest link show a status that reads this one (through the chain), not only its neighbour."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in root.glob("agreements/*/*.yaml")}
    renews = {stem: m.group(1) for stem, t in texts.items() if (m := re.search(r"^  renews: (\S+)$", t, re.M))}
    renewed = set(renews.values())
    for record in sorted(root.glob("agreements/*/*.yaml")):
        middle = renews.get(record.stem)
        if middle is not None and middle in renews and record.stem not in renewed:
            return record
    raise AssertionError("no chain of three renewals")


def _delete_agreement(record: Path) -> None:
    for other in record.parent.glob("**/*.yaml"):
        if other != record and f"agreement: {record.stem}\n" in other.read_text(encoding="utf-8"):
            other.unlink()
    record.unlink()


def _check_same(served: build._Served, root: Path, site_dir: Path, reference: Path) -> None:
    """The preview now (pages), then after finish (open data, search), against a full build."""
    build.build(root, AS_OF, reference)
    full = site_files(reference)
    shown = site_files(site_dir)
    differ = sorted(p for p in full.keys() | shown.keys() if full.get(p) != shown.get(p))
    assert [p for p in differ if not LATER.match(p)] == []
    served.finish(site_dir, lambda: False)
    shown = site_files(site_dir)
    assert sorted(p for p in full.keys() | shown.keys() if full.get(p) != shown.get(p)) == []


def test_each_kind_of_edit_gives_the_site_a_full_build_gives(tmp_path):
    root = tmp_path / "registry"
    generate.generate(60, root, seed=3)
    reports: list = []
    served = build._Served(root, AS_OF, 90, reports.append)
    site_dir = tmp_path / "serve"
    assert served.build(site_dir)
    served.finish(site_dir, lambda: False)
    assert served.log == ["full"]
    assert site_files(site_dir) == site_files(_full(root, tmp_path / "ref-0"))

    def title():
        _substitute(_first(root, "agreements/*/*.yaml"), r"^title:.*\n(?:  .*\n)*", "title: Judul yang disunting\n")

    def status():
        record = _in_force(root)
        _replace(record, f'  end: "{_date(record, "end")}"', '  end: "2025-06-15"')

    def new_record():
        source = _first(root, "agencies/*.yaml")
        text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}\n", "id: instansi-baru-uji\n")
        (root / "agencies" / "instansi-baru-uji.yaml").write_text(text, encoding="utf-8")

    def deleted_record():
        _delete_agreement(_unreferenced_agreement(root))

    def renamed_agency():
        _substitute(_referenced_agency(root), r"^name: .*$", "name: Instansi dengan Nama Baru")

    def start_of_the_newest_renewal():
        record = _newest_of_a_long_chain(root)
        start = _date(record, "start")
        later = (dt.date.fromisoformat(start) + dt.timedelta(days=1)).isoformat()
        _replace(record, f'  start: "{start}"', f'  start: "{later}"')
        if f'  date: "{start}"' in record.read_text(encoding="utf-8"):  # signed that day: the day after
            _replace(record, f'  date: "{start}"', f'  date: "{later}"')

    edits = [title, status, new_record, deleted_record, renamed_agency, start_of_the_newest_renewal]
    for number, edit in enumerate(edits, 1):
        shown = site_files(site_dir)
        assert served.spare is not None and site_files(served.spare) == shown  # links made while idle
        edit()
        assert served.build(site_dir), [str(p) for r in reports for p in r.problems]
        assert served.spare is None and site_files(served.leftovers[-1]) == shown  # nothing written through a link
        assert served.log[-1].startswith("pages "), (edit.__name__, served.log)
        assert int(served.log[-1].split()[1]) < 40, (edit.__name__, served.log)  # not every page again
        _check_same(served, root, site_dir, tmp_path / f"ref-{number}")
        assert reports == []

    # an edit that leaves the records invalid: reported, the site stays; then valid again
    record = _first(root, "agreements/*/*.yaml")
    before = site_files(site_dir)
    _replace(record, "kind: ", "kind: bukan-jenis-")
    assert not served.build(site_dir)
    assert reports and reports[0].errors
    assert site_files(site_dir) == before
    _replace(record, "kind: bukan-jenis-", "kind: ")
    _replace(record, "title: ", "title: Lagi ")
    assert served.build(site_dir)
    assert served.log[-1].startswith("pages ")
    _check_same(served, root, site_dir, tmp_path / "ref-valid-again")


def _full(root: Path, site_dir: Path) -> Path:
    build.build(root, AS_OF, site_dir)
    return site_dir


def test_a_change_to_a_template_folder_or_the_docs_builds_everything(tmp_path, monkeypatch):
    root = tmp_path / "registry"
    generate.generate(20, root, seed=4)
    served = build._Served(root, AS_OF, 90, lambda report: None)
    site_dir = tmp_path / "serve"
    assert served.build(site_dir)
    page = _first(root, "docs/**/*.md")
    page.write_text(page.read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    assert served.build(site_dir)
    assert served.log == ["full", "full"]
    served.finish(site_dir, lambda: False)
    assert site_files(site_dir) == site_files(_full(root, tmp_path / "ref"))
    indexed: list[Path] = []
    monkeypatch.setattr(build.site, "index_search", indexed.append)
    assert served.build(site_dir)  # nothing changed
    assert served.log[-1] == "unchanged"
    served.finish(site_dir, lambda: False)
    assert indexed == []  # a save that changed nothing: the index stands


def test_a_stopped_preview_leaves_no_site_and_no_lock_behind(tmp_path):
    root = tmp_path / "registry"
    generate.generate(20, root, seed=5)
    preview = build.preview(root, AS_OF, 90, lambda report: None, "127.0.0.1", 0)
    preview.server.server_close()  # never served here
    served = preview.builder.__self__
    assert preview.builder(preview.site_dir)
    record = _first(root, "agreements/*/*.yaml")
    _replace(record, "title: ", "title: Disunting ")
    assert preview.builder(preview.site_dir)
    preview.finish(preview.site_dir, lambda: False)  # the open data: the page-only site goes aside
    assert served.log[-2:] == [served.log[-2], "exports"] and served.leftovers == []
    _replace(record, "title: Disunting ", "title: Lagi ")
    assert preview.builder(preview.site_dir)  # a site shown before waits for finish; the preview stops first
    assert served.leftovers
    assert preview.close is not None
    preview.close(preview.site_dir)
    shutil.rmtree(preview.site_dir)
    beside = sorted(p.name for p in preview.site_dir.parent.iterdir() if p.name.startswith(f".{preview.site_dir.name}."))
    assert beside == []  # no site shown before, no lock


def test_the_preview_builds_record_pages_the_fast_way(tmp_path, monkeypatch):
    """pks serve's engine plugin (templates compiled once) must not turn the shared-shell path off."""
    from site_builder.site import engine

    root = tmp_path / "registry"
    generate.generate(20, root, seed=6)
    made_fast: list[str] = []
    real_build_page = engine._FastRecordPages.build_page

    def build_page(self, page, *args):
        done = real_build_page(self, page, *args)
        if done:
            made_fast.append(page.file.src_uri)
        return done

    monkeypatch.setattr(engine._FastRecordPages, "build_page", build_page)
    served = build._Served(root, AS_OF, 90, lambda report: None)
    assert served.build(tmp_path / "serve")
    assert len(made_fast) > 20


@pytest.mark.parametrize("stopped_in", ["exports", "index"])
def test_an_edit_saved_while_the_open_data_or_index_is_made_stops_it_and_the_next_finish_completes(
        stopped_in, tmp_path, monkeypatch):
    """The open data (~10 s at 10,000 agreements) and Pagefind (~30 s) follow the page in a thread; the
    next edit waits for that thread, so it must stop at once rather than run to its end."""
    root = tmp_path / "registry"
    generate.generate(20, root, seed=5)
    served = build._Served(root, AS_OF, 90, lambda report: None)
    site_dir = tmp_path / "serve"
    assert served.build(site_dir)
    served.finish(site_dir, lambda: False)
    _substitute(_first(root, "agreements/**/*.yaml"), r"^title:.*$", "title: Judul yang disunting")
    assert served.build(site_dir)
    real_index = build.site.index_search
    calls: list[str] = []
    if stopped_in == "exports":
        def superseded() -> bool:  # yes from the first piece of the open data on
            calls.append("asked")
            return True
    else:
        def superseded() -> bool:  # no until Pagefind runs
            calls.append("asked")
            return "index" in calls

        def index_search(site: Path, stop=None) -> None:
            calls.append("index")
            real_index(site, stop)

        monkeypatch.setattr(build.site, "index_search", index_search)
    served.finish(site_dir, superseded)
    assert (served.exports_due, served.indexed) == ((True, False) if stopped_in == "exports" else (False, False))
    assert calls.count("index") == (0 if stopped_in == "exports" else 1)
    monkeypatch.undo()
    _check_same(served, root, site_dir, tmp_path / "reference")


def _section_anchor(site_dir: Path, page: str) -> str:
    """The id of the first second-level heading of a built page (page: docs-relative, "perjanjian/x.md")."""
    html = (site_dir / (page.removesuffix(".md") + ".html")).read_text(encoding="utf-8")
    return re.search(r'<h2 id="([^"]+)"', html).group(1)


def _linked(tmp_path: Path) -> tuple[Path, Path, build._Served, Path, Path, str, str]:
    """A registry whose docs/ page links to an agreement's page and to a heading on it, built twice
    (the second time for the docs page): root, site folder, _Served, the agreement's record, another
    agreement's record (in another folder), the page and the heading's anchor."""
    root = tmp_path / "registry"
    generate.generate(30, root, seed=7)
    target = _unreferenced_agreement(root)
    page = f"perjanjian/{target.stem}.md"
    served = build._Served(root, AS_OF, 90, lambda report: None)
    site_dir = tmp_path / "serve"
    assert served.build(site_dir)
    anchor = _section_anchor(site_dir, page)
    (root / "docs" / "kontributor" / "tautan-rekaman.md").write_text(
        f"# Tautan ke rekaman\n\nLihat [perjanjian ini](../{page}) dan [bagiannya](../{page}#{anchor}).\n",
        encoding="utf-8",
    )
    assert served.build(site_dir)
    assert served.log == ["full", "full"]
    other = next(p for p in sorted(root.glob("agreements/*/*.yaml")) if p != target and p.parent != target.parent)
    return root, site_dir, served, target, other, page, anchor


def test_a_docs_page_that_links_to_a_record_page_builds_after_each_edit(tmp_path):
    """The record pages an edit leaves alone are not built again, yet a hand-written page's link to one
    (and to a heading on it) must still find it, as in a full build; a link to a page that is gone fails."""
    root, site_dir, served, target, other, page, anchor = _linked(tmp_path)
    _substitute(other, r"^title:.*\n(?:  .*\n)*", "title: Judul lain yang disunting\n")
    assert served.build(site_dir)
    assert served.log[-1].startswith("pages "), served.log
    _check_same(served, root, site_dir, tmp_path / "ref-unrelated")
    _substitute(target, r"^title:.*\n(?:  .*\n)*", "title: Judul sasaran yang disunting\n")  # the target itself
    assert served.build(site_dir)
    assert served.log[-1].startswith("pages "), served.log
    _check_same(served, root, site_dir, tmp_path / "ref-target")
    # the target gone: a full build fails on the link, and so does the preview, which keeps the last good site
    shown = site_files(site_dir)
    _delete_agreement(target)
    with pytest.raises(build.site.SiteError):
        build.build(root, AS_OF, tmp_path / "ref-gone")
    with pytest.raises(build.site.SiteError):
        served.build(site_dir)
    assert site_files(site_dir) == shown


def test_links_to_the_headings_of_record_pages_are_checked_as_in_a_full_build(tmp_path, monkeypatch):
    """A record page an edit leaves alone is not read again: the links to its headings are checked
    against the anchors the last build found on it (a full build in one process checks them all)."""
    monkeypatch.setenv("PKS_JOBS", "1")  # the full builds compared with in one process, as pks serve builds
    root, site_dir, served, target, other, page, anchor = _linked(tmp_path)
    assert anchor in served.pages.anchors[page]
    for number in range(2):  # the second: with the anchors an incremental build kept
        _substitute(other, r"^title:.*\n(?:  .*\n)*", f"title: Judul lain {number}\n")
        assert served.build(site_dir)
        assert served.log[-1].startswith("pages "), served.log
        _check_same(served, root, site_dir, tmp_path / f"ref-{number}")
        assert anchor in served.pages.anchors[page]
    # were the page's anchors unknown, the link would fail: it is checked, not skipped
    shown = site_files(site_dir)
    served.pages.anchors[page] = frozenset()
    _substitute(other, r"^title:.*\n(?:  .*\n)*", "title: Judul lain lagi\n")
    with pytest.raises(build.site.SiteError, match=f"does not contain an anchor '#{anchor}'"):
        served.build(site_dir)
    assert site_files(site_dir) == shown
