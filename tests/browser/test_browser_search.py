"""Search on a phone: a citizen types a partner's short name or a theme word into the site's search
(cari.html, Pagefind) at 360 px and finds the agreements, each with its partner and its status for
today. Built from tests/site/smallregistry.py, a hand-made registry: nothing here depends on the
bundled records."""

from __future__ import annotations

import gzip
import importlib
import json

import pytest

from .browser_support import AS_OF, Site, site_tests

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def small_site_at(served) -> Site:
    """tests/site/smallregistry.py built once per session and served (other browser tests use it too)."""
    site_dir = served.folder / "small" / "site"
    if not (site_dir / "index.html").is_file():
        site_tests()  # puts tests/site on sys.path
        smallregistry = importlib.import_module("smallregistry")
        sitebuild = importlib.import_module("sitebuild")
        root = smallregistry.write(served.folder / "small" / "registry")
        sitebuild.build_into(root, site_dir, AS_OF)
    return Site("small", site_dir, served.base_url(site_dir), AS_OF)


@pytest.fixture(scope="module")
def small_site(served) -> Site:
    return small_site_at(served)


def _agreements_of(partner: str) -> set[str]:
    smallregistry = importlib.import_module("smallregistry")
    return {i for i, (p, *_) in smallregistry.AGREEMENTS.items() if p == partner}


def _search(tab, site: Site, query: str, every: bool = False) -> dict[str, str]:
    """Opens the home page, taps the search button, types the query key by key: {page: result text}
    (every: of all results, "show more" tapped until none is left)."""
    tab.goto(site.url("index.html"))
    tab.locator(".md-header .pks-search-button").click()
    box = tab.locator("#pks-search-q")
    box.wait_for()
    box.press_sequentially(query, delay=30)
    tab.wait_for_function("q => document.getElementById('pks-search-status').textContent.includes(q)", arg=query,
                          timeout=30_000)
    more = tab.locator(".pks-search__more")
    while every and more.count():
        shown = tab.locator(".pks-search__result").count()
        more.click()
        tab.wait_for_function("n => document.querySelectorAll('.pks-search__result').length > n", arg=shown)
    results = {}
    for item in tab.locator(".pks-search__result").all():
        href = item.locator("a").first.get_attribute("href")
        results[href.split(site.base_url.split("//", 1)[1].split("/", 1)[1], 1)[-1].lstrip("/")] = item.inner_text()
    return results


@pytest.mark.parametrize("query, partner", [("Disdag", "disdag-contoh"), ("Satpol", "satpol-contoh"),
                                            ("kesehatan", "dinkes-contoh"), ("pelatihan", "disnaker-contoh")])
def test_a_short_name_or_a_theme_word_finds_the_agreements_on_a_phone(open_tab, small_site, query, partner):
    tab = open_tab(**PHONE)
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    results = _search(tab, small_site, query)
    smallregistry = importlib.import_module("smallregistry")
    wanted = {f"perjanjian/{i}.html" for i in _agreements_of(partner)}
    assert wanted <= set(results), (query, sorted(results))
    for page in wanted:  # each result says who the partner is and how the agreement stands today
        assert smallregistry.AGENCIES[partner][1] in results[page]
        assert tab.locator(f'.pks-search__result:has(a[href$="{page}"]) .pks-status__label').count() == 1
    assert not [url for url in requests if not url.startswith(small_site.base_url.rsplit("/", 3)[0])]
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the results page scrolls sideways"


def test_a_renewed_agreement_found_by_search_says_its_renewal_has_ended(open_tab, small_site):
    tab = open_tab(**PHONE)
    results = _search(tab, small_site, "pemeriksaan")
    assert "perpanjangan: berakhir" in results["perjanjian/pks-dinkes-2020.html"]


def test_the_search_page_without_javascript_says_where_to_look(open_tab, small_site):
    tab = open_tab(java_script_enabled=False, **PHONE)
    tab.goto(small_site.url("cari.html"))
    assert "membutuhkan JavaScript" in tab.locator("#pks-search-status").inner_text()
    assert tab.locator("a[href='perjanjian.html']").count() >= 1


def test_the_home_page_search_form_opens_the_results(open_tab, small_site):
    tab = open_tab(**PHONE)
    tab.goto(small_site.url("index.html"))
    tab.locator("#pks-home-q").fill("Satpol")
    tab.locator("#pks-home-q").press("Enter")
    tab.locator(".pks-search__result").first.wait_for(timeout=30_000)
    hrefs = [a.get_attribute("href") for a in tab.locator(".pks-search__result p > a").all()]
    assert [h for h in hrefs if h.endswith("perjanjian/pks-satpol-ketertiban.html")]


# --- a large site's index in parts (site_builder/site/search.py), merged by pagefind/pagefind.js ----------

PART = 10  # pages a part: the small registry's site gets several parts


@pytest.fixture(scope="module")
def parted_site(served) -> Site:
    """tests/site/smallregistry.py built with its search index in parts of PART pages."""
    site_tests()
    smallregistry = importlib.import_module("smallregistry")
    sitebuild = importlib.import_module("sitebuild")
    search = importlib.import_module("site_builder.site.search")
    site_dir = served.folder / "parted" / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(search.PART_PAGES_VARIABLE, str(PART))
        sitebuild.build_into(smallregistry.write(served.folder / "parted" / "registry"), site_dir, AS_OF)
    return Site("parted", site_dir, served.base_url(site_dir), AS_OF)


def _pages_of_parts(site: Site) -> dict[str, list[tuple[str, str]]]:
    """{part folder: [(page, its title)] sorted}, read from each part's fragments (gzip, a signature, JSON)."""
    parts = {}
    for part in sorted(p for p in (site.site_dir / "pagefind").iterdir() if p.is_dir()):
        pages = []
        for fragment in part.glob("fragment/*.pf_fragment"):
            data = gzip.decompress(fragment.read_bytes())
            page = json.loads(data[data.index(b"{"):])
            pages.append((page["url"].lstrip("/"), page["meta"]["title"]))
        parts[part.name] = sorted(pages)
    return parts


def test_a_search_finds_a_page_that_lives_in_each_part_of_the_index(open_tab, parted_site):
    parts = _pages_of_parts(parted_site)
    assert len(parts) >= 3 and all(parts.values())
    tab = open_tab(**PHONE)
    for part, pages in parts.items():
        # A record page of the part (every part has some), found by its title as a phrase
        page, title = next((p, t) for p, t in pages if p.startswith(("perjanjian/", "instansi/")))
        results = _search(tab, parted_site, f'"{title}"')
        assert page in results, (part, page, sorted(results))


@pytest.mark.parametrize("query", ["Disdag", "kesehatan", "perjanjian"])
def test_a_site_in_parts_finds_and_shows_what_one_index_does(open_tab, small_site, parted_site, query):
    """Every result, its count, its partner, its status and its excerpt, through every "show more"
    ("perjanjian" has more results than one screen shows); only their order may differ (each part
    scores its pages by its own word statistics)."""
    one_tab, parts_tab = open_tab(**PHONE), open_tab(**PHONE)
    one = _search(one_tab, small_site, query, every=True)
    in_parts = _search(parts_tab, parted_site, query, every=True)
    assert in_parts == one and len(one) >= 5
    status = [tab.locator("#pks-search-status").inner_text() for tab in (one_tab, parts_tab)]
    assert status[0] == status[1] and str(len(one)) in status[0]
    for page in (p for p in one if p.startswith("perjanjian/")):
        assert parts_tab.locator(f'.pks-search__result:has(a[href$="{page}"]) .pks-status__label').count() == 1
