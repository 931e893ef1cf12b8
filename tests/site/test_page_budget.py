"""Record pages stay under render.RECORD_PAGE_BUDGET bytes of HTML: on the test registry, and on a
registry from the benchmark's generator shaped to make them long (one institution owns 258 of 300
agreements), where long lists continue on numbered pages that together hold every row once. The
heaviest page of each kind is printed with where its bytes go. And what makes pages light loses
nothing: squeezed whitespace leaves code as written, a hidden table of contents is left out only
where it was hidden, and the search index still comes when search is opened."""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest

import sitehtml
from sitebuild import AS_OF, PAGE_BREAKDOWN, build_into
from skewed import generate_skewed
from site_builder import model
from site_builder.site import render, engine as site
from site_builder.validation import validate

pytestmark = pytest.mark.slow

RECORD_FOLDERS = ("perjanjian/", "instansi/", "tema/")
AGREEMENT_LINK = re.compile(r'^(?:\.\./)+perjanjian/([a-z0-9-]+)\.html$')


@pytest.fixture(scope="module")
def skewed_site(tmp_path_factory) -> tuple[model.Registry, Path]:
    base = tmp_path_factory.mktemp("skewed")
    summary = generate_skewed(300, base / "registry")
    assert summary["agreements"] == 300
    build_into(base / "registry", base / "site")
    report, shaped = validate.validate(base / "registry", AS_OF)
    assert not report.errors
    return model.build(shaped, AS_OF), base / "site"


def _record_pages(site_dir: Path) -> dict[str, int]:
    return {p.relative_to(site_dir).as_posix(): p.stat().st_size for p in sorted(site_dir.rglob("*.html"))
            if p.relative_to(site_dir).as_posix().startswith(RECORD_FOLDERS)}


def _kind(page: str) -> str:
    folder = page.split("/")[0]
    return folder + (", lanjutan daftar" if page.count("/") > 1 else "")


def _report_heaviest(site: str, site_dir: Path, sizes: dict[str, int]) -> None:
    heaviest: dict[str, str] = {}
    for page, size in sizes.items():
        if size > sizes.get(heaviest.get(_kind(page), ""), -1):
            heaviest[_kind(page)] = page
    for kind, page in sorted(heaviest.items()):
        PAGE_BREAKDOWN.append((site, kind, page, sitehtml.byte_regions((site_dir / page).read_text(encoding="utf-8"))))


def _over_budget(sizes: dict[str, int]) -> dict[str, int]:
    return {page: size for page, size in sizes.items() if size >= render.RECORD_PAGE_BUDGET}


def test_every_record_page_of_the_test_registry_fits_the_budget(frozen_site):
    _, site_dir = frozen_site
    sizes = _record_pages(site_dir)
    assert len(sizes) > 25
    _report_heaviest("records", site_dir, sizes)
    assert _over_budget(sizes) == {}


def test_every_record_page_of_a_registry_with_a_huge_institution_fits_the_budget(skewed_site):
    registry, site_dir = skewed_site
    owners = Counter(a.institution_id for a in registry.agreements.values())
    assert owners.most_common(1)[0][1] >= 200
    sizes = _record_pages(site_dir)
    assert len(sizes) > len(registry.agreements) + len(registry.agencies)  # long lists did continue
    _report_heaviest("generated", site_dir, sizes)
    assert _over_budget(sizes) == {}


def _agreements_listed(site_dir: Path, first_page: str) -> list[str]:
    """Agreement ids in the rows of a page's agreement table and of every later page of it."""
    ids, page, seen = [], first_page, set()
    while page and page not in seen:
        seen.add(page)
        html = (site_dir / page).read_text(encoding="utf-8")
        table = html.split('class="pks-table pks-agreements"', 1)[1].split("</table>", 1)[0]
        ids += [m.group(1) for href in re.findall(r'<tr[^>]*><td><a href="([^"]+)"', table)
                for m in [AGREEMENT_LINK.match(href)] if m]
        pager = html.split('class="pks-pager"', 1)[1] if 'class="pks-pager"' in html else ""
        following = re.search(r'<strong aria-current="page">\d+</strong> <a href="([^"]+)"', pager)
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), following.group(1))) if following else None
    return ids


def test_long_lists_continue_on_numbered_pages_holding_every_row_once(skewed_site):
    registry, site_dir = skewed_site
    institution, count = Counter(a.institution_id for a in registry.agreements.values()).most_common(1)[0]
    newest_first = [a.id for a in registry.sorted_agreements() if institution in a.party_ids]
    assert len(newest_first) >= count
    assert _agreements_listed(site_dir, f"instansi/{institution}.html") == newest_first
    for theme in registry.themes():
        expected = [a.id for a in registry.sorted_agreements() if theme in a.themes]
        assert _agreements_listed(site_dir, f"tema/{theme}.html") == expected, theme
    assert (site_dir / f"instansi/{institution}/perjanjian-2.html").is_file()
    assert sitehtml.broken_links(site_dir) == []


def test_a_list_split_over_pages_has_no_filter_and_a_whole_one_has(skewed_site, frozen_site):
    """filter.js filters the rows of its page: over part of a list it would miscount."""
    registry, site_dir = skewed_site
    institution, _ = Counter(a.institution_id for a in registry.agreements.values()).most_common(1)[0]
    split = (site_dir / f"instansi/{institution}.html").read_text(encoding="utf-8")
    assert 'id="pks-agreement-list"' in split and "data-pks-filter" not in split
    whole = (frozen_site[1] / "instansi/rutan-barabai.html").read_text(encoding="utf-8")
    assert 'id="pks-agreement-list" data-pks-filter' in whole


@pytest.mark.parametrize("rows, first, per_page, slack", [(0, 12, 16, 0), (12, 12, 16, 0), (13, 12, 16, 0),
                                                         (258, 12, 16, 0), (41, 5, 25, 0), (8, 5, 25, 5), (10, 5, 25, 5),
                                                         (11, 5, 25, 5), (41, 5, 25, 5)])
def test_a_listing_cuts_its_rows_into_pages_in_order(rows, first, per_page, slack):
    listing = render.Listing("perjanjian", "agreements", "Perjanjian", "instansi/x.md", "X", tuple(range(rows)),
                             render.Rows(first, per_page, slack))
    parts = [listing.rows_of(n) for n in range(1, listing.pages + 1)]
    assert sum(parts, ()) == tuple(range(rows))
    assert all(parts[1:]) and all(len(p) <= per_page for p in parts[1:])
    # A few rows over stay on the record's page (a list of 8 is not split 5 + 3); more start pages.
    assert len(parts[0]) == (rows if rows <= first + slack else first)
    assert listing.complete == (rows <= first + slack)
    assert [listing.path(n) for n in range(1, min(listing.pages, 3) + 1)] == \
        ["instansi/x.md", "instansi/x/perjanjian-2.md", "instansi/x/perjanjian-3.md"][:min(listing.pages, 3)]


def test_a_pager_shows_a_bounded_number_of_pages():
    assert render.pager_numbers(3, 2) == [1, 2, 3]
    assert render.pager_numbers(100, 1) == [1, 2, 3, None, 100]
    assert render.pager_numbers(100, 50) == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert max(len(render.pager_numbers(pages, current)) for pages in range(1, 300) for current in range(1, pages + 1)) <= 9


def test_squeezing_whitespace_keeps_what_a_page_shows():
    page = ("<div>\n    <p>a\n\n   b</p>\n  <pre>  x\n\n    y</pre>\n <code>c\n   d</code><TEXTAREA>\n  t\n</TEXTAREA>"
            "<script>\nvar a = 1;\n\n  b()</script>\u00a0\n  z \t\r\n\n e")
    assert site.squeeze_whitespace(page) == ("<div>\n<p>a\nb</p>\n<pre>  x\n\n    y</pre>\n<code>c\n   d</code>"
                                             "<TEXTAREA>\n  t\n</TEXTAREA><script>\nvar a = 1;\n\n  b()</script>\u00a0\nz\ne")


def test_code_in_hand_written_pages_keeps_its_lines_and_indentation(frozen_site):
    root, site_dir = frozen_site
    checked = 0
    for source in sorted((root / "docs/kontributor").glob("*.md")):
        fences = re.findall(r"^( *)```[^\n]*\n(.*?)\n\1```", source.read_text(encoding="utf-8"), re.S | re.M)
        expected = ["\n".join(line[len(indent):] for line in body.split("\n")) for indent, body in fences]
        built = (site_dir / "kontributor" / source.with_suffix(".html").name).read_text(encoding="utf-8")
        shown = [html.unescape(re.sub(r"<[^>]+>", "", pre)).rstrip("\n") for pre in re.findall(r"<pre\b.*?</pre>", built, re.S)]
        assert shown == expected, source.name
        checked += len(expected)
    assert checked >= 10


def test_record_pages_leave_out_their_hidden_table_of_contents_only(frozen_site):
    _, site_dir = frozen_site
    pages = sitehtml.pages_of(site_dir)

    def sidebars(name: str) -> list[str]:
        return [e.attrs["data-md-type"] for e in pages[name].elements if "md-sidebar" in e.attrs.get("class", "").split()]

    for name in ("perjanjian/rutan-barabai-dinkes-hst-2023.html", "instansi/rutan-barabai.html", "tema/kesehatan.html"):
        assert sidebars(name) == ["navigation"], name  # the drawer menu on phones stays
    assert sidebars("tentang-data/kamus-data.html") == ["navigation", "toc"]
    skip = [e for e in pages["perjanjian/rutan-barabai-dinkes-hst-2023.html"].find("a") if "md-skip" in e.attrs.get("class", "")]
    assert skip and skip[0].attrs["href"] == "#isi"  # "skip to content" still finds the content
