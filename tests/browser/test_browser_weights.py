"""Page weights: what the browser downloads for each key page (printed at the end of the run), a
budget for the HTML of every record page (phones on slow connections are the audience), and the
search index, fetched only when someone searches."""

from __future__ import annotations

import pytest

from .browser_support import KEY_PAGES, PAGE_WEIGHTS, RECORD_PAGE_FOLDERS, kib
from site_builder.site.render import RECORD_PAGE_BUDGET

pytestmark = pytest.mark.browser

KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS"}
SEARCH_INDEX = "/pagefind/"  # site_builder/site/search.py


def test_key_page_weights_are_reported(open_tab, records_site):
    for name, page in KEY_PAGES.items():
        tab = open_tab()  # a context of its own has an empty cache: everything the page needs is transferred
        responses = []
        tab.on("response", lambda response: responses.append(response))
        tab.goto(records_site.url(page), wait_until="networkidle")
        sizes = dict.fromkeys([*KINDS.values(), "other"], 0)
        for response in responses:
            sizes[KINDS.get(response.request.resource_type, "other")] += len(response.body())
        sizes["total"] = sum(sizes.values())
        PAGE_WEIGHTS.append((name, sizes))
        assert sizes["HTML"] > 0 and sizes["CSS"] > 0 and sizes["JS"] > 0, page


# Measured 2026-11-29 on the real records: agreement pages 15.3-16.3 KB, the Rutan's page 18.5 KB,
# theme pages ~10.5 KB (before: up to 26.7 and 30.3 KB). tests/site/test_page_budget.py holds a
# generated registry with a 258-agreement institution to the same budget.
def test_record_pages_stay_under_budget(records_tour):
    record_pages = {page: visit.html_bytes for page, visit in records_tour.items()
                    if page.startswith(RECORD_PAGE_FOLDERS)}
    assert len(record_pages) > 25
    over = {page: kib(size) for page, size in sorted(record_pages.items(), key=lambda item: -item[1])
            if size >= RECORD_PAGE_BUDGET}
    assert over == {}, f"record pages of {kib(RECORD_PAGE_BUDGET).strip()} HTML or more"


@pytest.fixture
def real_clock_tab(browser):
    """A tab whose clock runs: the search waits on a debounce timer, which a fixed clock stops."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_search_index_is_fetched_only_when_someone_searches(real_clock_tab, records_site):
    """Pages load nothing of the index; a first query fetches Pagefind's script, its Indonesian
    stemmer and only the index chunks and fragments of its words (bytes printed with the weights)."""
    tab = real_clock_tab
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(records_site.url("kontributor/index.html"), wait_until="networkidle")
    assert not [url for url in requested if SEARCH_INDEX in url]
    responses = []
    tab.on("response", lambda response: responses.append(response) if SEARCH_INDEX in response.url else None)
    tab.goto(records_site.url("cari.html"), wait_until="networkidle")
    box = tab.locator("#pks-search-q")
    box.press_sequentially("rekaman", delay=30)  # key by key, as a person types
    results = tab.locator(".pks-search__result")
    results.first.wait_for(timeout=60_000)  # a loaded machine is slow
    assert results.count() > 0
    tab.wait_for_load_state("networkidle")
    sizes = {"search": sum(len(r.body()) for r in responses)}
    PAGE_WEIGHTS.append(("first search query", sizes))
    assert all(r.ok for r in responses) and sizes["search"] > 0
