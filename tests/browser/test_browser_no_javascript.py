"""With JavaScript off the content is all there: every agreement in the list, and on each agreement's
page its status in words with the as-of date of the build."""

from __future__ import annotations

import pytest

from .browser_support import collapse
from site_builder.site import filters
from site_builder.labels import INDONESIAN

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(open_tab):
    return open_tab(java_script_enabled=False)


def test_the_agreement_list_shows_every_agreement(tab, records_site):
    tab.goto(records_site.url("perjanjian.html"))
    # the signed ones, then those known only by reference in a list of their own
    rows = tab.locator("#pks-agreement-list tbody tr, #pks-by-reference-list tbody tr").all()
    shown = sorted((row.locator("td a").first.inner_text(), row.locator(".pks-status__label").inner_text())
                   for row in rows if row.is_visible())
    agreements = records_site.registry.agreements.values()
    assert shown == sorted((a.title, INDONESIAN.status[a.status.status].label) for a in agreements)
    assert tab.locator("#pks-filter").is_hidden()  # the filter needs JavaScript, so it does not show


def test_each_agreement_page_shows_its_status_and_as_of_date(tab, records_site):
    as_of = INDONESIAN.ui["status_as_of"].format(as_of=filters.date_text(INDONESIAN, records_site.as_of))
    missing = {}
    for agreement in records_site.registry.agreements.values():
        tab.goto(records_site.url(f"perjanjian/{agreement.id}.html"))
        block = tab.locator(".pks-status-block")
        shown = collapse(block.inner_text()) if block.is_visible() else ""
        expected = [INDONESIAN.status[agreement.status.status].label, as_of,
                    filters.status_sentence(INDONESIAN, agreement.status)]
        if [text for text in expected if text not in shown]:
            missing[agreement.id] = (shown, expected)
    assert len(records_site.registry.agreements) == 11
    assert missing == {}
