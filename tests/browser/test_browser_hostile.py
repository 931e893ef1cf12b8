"""Hostile record text in a real browser: on every page of the hostile build nothing a record says
runs (no dialog, no sentinel, no event-handler attribute, no script link) and the text shows literally."""

from __future__ import annotations

import pytest

from .browser_support import collapse

pytestmark = pytest.mark.browser

HOSTILE_RECORD_PAGES = ("perjanjian/zz-lengkap.html", "perjanjian/zz-induk.html", "instansi/zz-mitra.html")


def _what_ran(visit) -> dict:
    ran = {"dialogs": visit.dialogs, "window.__pwned": visit.facts["pwned"],
           "handler attributes": visit.facts["handlerAttributes"], "script links": visit.facts["javascriptLinks"]}
    return {what: value for what, value in ran.items() if value}


def test_the_tour_notices_scripts_that_run(canary_tour):
    assert set(_what_ran(canary_tour)) == {"dialogs", "window.__pwned", "handler attributes", "script links"}


def test_no_record_text_runs_on_any_page(hostile_tour):
    assert set(HOSTILE_RECORD_PAGES) <= hostile_tour.keys()
    ran = {page: _what_ran(visit) for page, visit in hostile_tour.items() if _what_ran(visit)}
    assert ran == {}


def test_the_site_scripts_run_without_errors_on_hostile_data(hostile_tour):
    errors = {page: visit.errors for page, visit in hostile_tour.items() if visit.errors}
    assert errors == {}


def test_hostile_text_shows_literally(open_tab, hostile_site):
    site, values, _ = hostile_site
    tab = open_tab()
    texts = []
    for page in HOSTILE_RECORD_PAGES:
        tab.goto(site.url(page))
        texts.append(tab.inner_text("article"))
    shown = collapse(" ".join(texts))
    missing = [text for text in values.texts if collapse(text) not in shown]
    assert missing == [], f"{len(missing)} of {len(values.texts)} hostile values are not shown as text"
