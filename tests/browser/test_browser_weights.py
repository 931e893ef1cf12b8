"""Page weights: what the browser downloads for each key page (printed at the end of the run), and a
budget for the HTML of every record page: phones on slow connections are the audience."""

from __future__ import annotations

import pytest

from .browser_support import KEY_PAGES, PAGE_WEIGHTS, RECORD_PAGE_FOLDERS, kib

pytestmark = pytest.mark.browser

RECORD_PAGE_BUDGET = 25 * 1024  # bytes of HTML
KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS"}


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


# Measured 2026-11-29: 15.8-26.7 KB per agreement page and 30.3 KB for the Rutan's own page, of which
# Material's header, navigation, search dialog and table of contents are ~16 KB. Strict: once the
# pages fit, this test fails until the marker goes.
@pytest.mark.xfail(strict=True, reason="5 record pages weigh 25-30 KB of HTML; budget 25 KB (see report)")
def test_record_pages_stay_under_budget(records_tour):
    record_pages = {page: visit.html_bytes for page, visit in records_tour.items()
                    if page.startswith(RECORD_PAGE_FOLDERS)}
    assert len(record_pages) > 25
    over = {page: kib(size) for page, size in sorted(record_pages.items(), key=lambda item: -item[1])
            if size >= RECORD_PAGE_BUDGET}
    assert over == {}, f"record pages of {kib(RECORD_PAGE_BUDGET).strip()} HTML or more"
