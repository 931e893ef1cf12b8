"""A page built long ago still tells the truth: built as of OLD_AS_OF and opened with the browser's
clock set to another day, every status shown is what status.compute gives for that day, and the
agreement list's filter works on those recomputed statuses.

The browser's days are not the machine's: a test whose fake day were today could not tell the fake
clock from the real one (each page also names the day it computed for). One is years away; the
other falls inside the 2023 agreements' end ranges (12 March 2024 to 13 March 2026), where their
status is 'tidak pasti', neither the build's 'akan berakhir' nor the 'berakhir' of later days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from .browser_support import OLD_AS_OF, status_on
from site_builder.site import filters, timeline
from site_builder.labels import INDONESIAN
from site_builder.status import TILES, Status, tile

pytestmark = pytest.mark.browser

BROWSER_DAYS = {"years-away": dt.date(2031, 1, 15), "inside-the-end-ranges": dt.date(2025, 2, 20)}


@pytest.fixture(scope="module", params=BROWSER_DAYS.values(), ids=BROWSER_DAYS.keys())
def day(request) -> dt.date:
    assert request.param != dt.date.today()
    return request.param


@pytest.fixture
def tab(open_tab, day):
    return open_tab(day)


@pytest.fixture(scope="module")
def on_day(old_site, day) -> dict:
    """Each agreement's status on the browser's day, as status.compute gives it."""
    registry = old_site.registry
    return {a.id: status_on(a, day, registry.warn_days) for a in registry.agreements.values()}


def test_the_old_build_shows_other_statuses_than_the_browsers_day(old_site, on_day, day):
    assert old_site.as_of == OLD_AS_OF
    old = {a.id: a.status.status for a in old_site.registry.agreements.values()}
    assert Counter(old.values())[Status.AKAN_BERAKHIR] >= 8  # the eight 2023 agreements, seen from 2024-01-01
    assert [i for i in old if old[i] != on_day[i].status]
    if day == BROWSER_DAYS["inside-the-end-ranges"]:  # their end may or may not have come: uncertain
        assert Counter(r.status for r in on_day.values())[Status.TIDAK_PASTI] >= 8


def test_each_agreement_page_shows_the_status_for_the_browsers_day(tab, old_site, on_day, day):
    recomputed = INDONESIAN.ui["status_recomputed"].format(as_of=filters.date_text(INDONESIAN, day))
    wrong = {}
    for agreement_id, result in on_day.items():
        tab.goto(old_site.url(f"perjanjian/{agreement_id}.html"))
        block = tab.locator(".pks-status-block")
        shown = [block.locator(f".pks-status__{part}").inner_text() for part in ("label", "reason", "as-of")]
        expected = [INDONESIAN.status[result.status].label, filters.status_sentence(INDONESIAN, result), recomputed]
        if shown != expected:
            wrong[agreement_id] = (shown, expected)
    assert wrong == {}


def _rows(tab) -> dict[str, object]:
    """Agreement id -> its row in the list."""
    rows = tab.locator("#pks-agreement-list tbody tr").all()
    return {row.locator("td a").first.get_attribute("href").rsplit("/", 1)[-1].removesuffix(".html"): row
            for row in rows}


def _visible(tab) -> set[str]:
    return {agreement_id for agreement_id, row in _rows(tab).items() if row.is_visible()}


def _signed(registry) -> dict:
    """The agreements the filterable list holds: those known only by reference are listed apart."""
    return {a.id: a for a in registry.agreements.values() if not a.known_only_by_reference}


def test_the_list_shows_the_status_for_the_browsers_day(tab, old_site, on_day, day):
    tab.goto(old_site.url("perjanjian.html"))
    # the intro names the day the statuses are shown for: the browser's, not the build's
    intro = tab.locator("article p", has=tab.locator(".pks-as-of-text")).first.inner_text()
    assert filters.date_text(INDONESIAN, day) in intro and filters.date_text(INDONESIAN, OLD_AS_OF) not in intro
    shown = {i: (row.locator(".pks-status__label").inner_text(), row.get_attribute("data-status"))
             for i, row in _rows(tab).items()}
    signed = _signed(old_site.registry)
    assert shown == {i: (INDONESIAN.status[r.status].label, r.status.value) for i, r in on_day.items() if i in signed}


def test_the_list_filter_shows_exactly_the_matching_rows(tab, old_site, on_day):
    signed = _signed(old_site.registry)
    tab.goto(old_site.url("perjanjian.html"))
    form = tab.locator("#pks-filter")
    assert form.is_visible()
    everything = set(signed)
    assert _visible(tab) == everything

    # A partner typed as the list writes it (its short name at signing).
    partner_id, _ = Counter(p.agency_id for a in signed.values() for p in a.partners()).most_common(1)[0]
    party = next(p for a in signed.values() for p in a.partners() if p.agency_id == partner_id)
    form.locator("input[name=q]").fill(party.short_name_at_signing or party.name_at_signing)
    with_partner = {a.id for a in signed.values() if partner_id in a.party_ids}
    assert _visible(tab) == with_partner != everything
    assert form.locator(".pks-filter__count").inner_text() == \
        INDONESIAN.ui["filter_shown"].format(shown=len(with_partner), total=len(everything))
    form.locator("input[name=q]").fill("")

    form.locator("select[name=theme]").select_option("kesehatan")
    with_theme = {a.id for a in signed.values() if "kesehatan" in a.themes}
    assert _visible(tab) == with_theme != everything
    form.locator("select[name=theme]").select_option("")

    # Status filters on the status recomputed for the browser's day, not the one the page was built with.
    usual = Counter(r.status for i, r in on_day.items() if i in signed).most_common(1)[0][0]
    form.locator("select[name=status]").select_option(usual.value)
    that_day = {i for i, r in on_day.items() if r.status is usual and i in signed}
    when_built = {a.id for a in signed.values() if a.status.status is usual}
    assert _visible(tab) == that_day != when_built
    form.locator("select[name=status]").select_option("")
    assert _visible(tab) == everything


def test_the_home_timeline_tiles_and_today_line_are_for_the_browsers_day(tab, old_site, on_day, day):
    """The home page of the old build: each timeline label, the "today" line and the status tiles
    are those of the browser's day, and the tiles still count every signed agreement once."""
    registry = old_site.registry
    tab.goto(old_site.url("index.html"))
    day_text = filters.date_text(INDONESIAN, day)
    tab.locator(".pks-tiles-as-of", has_text=day_text).wait_for()  # the tiles' changes are fetched first
    drawn = timeline.layout(registry.sorted_agreements(), registry.as_of)
    labels = tab.locator("svg text.pks-timeline__label .pks-status__label").all_text_contents()
    assert labels == [INDONESIAN.status[on_day[row.agreement.id].status].label for row in drawn.rows]
    expected_x = drawn.left + (drawn.right - drawn.left) * (day - drawn.start).days / (drawn.end - drawn.start).days
    assert float(tab.locator(".pks-timeline__today").get_attribute("x1")) == pytest.approx(expected_x, abs=0.06)
    shown = {li.get_attribute("data-pks-tile"): int(li.locator(".pks-count__n").inner_text())
             for li in tab.locator("[data-pks-tile]").all()}
    # the tiles count the signed agreements; those known only by reference have a figure of their own
    signed = [a for a in registry.agreements.values() if not a.known_only_by_reference]
    expected = Counter(tile(on_day[a.id], registry.warn_days).value for a in signed)
    assert shown == {t.value: expected[t.value] for t in TILES}
    assert sum(shown.values()) == len(signed)
    assert [day_text in text for text in tab.locator(".pks-as-of-text, .pks-tiles-as-of").all_text_contents()] == [True, True]


CLOCK_BEHIND = OLD_AS_OF - dt.timedelta(days=45)  # a phone whose clock is behind the build day


def test_a_clock_behind_the_build_day_shows_the_build_day_everywhere(open_tab, old_site):
    """The page cannot have been built in the future: a browser day before the build day shows the
    build day's statuses on the home page (timeline labels, tiles, the 'per <day>' words) and on an
    agreement page, so the tiles (which only move forward) and the timeline never disagree."""
    assert CLOCK_BEHIND != dt.date.today()
    registry = old_site.registry
    built_text = filters.date_text(INDONESIAN, registry.as_of)
    tab = open_tab(CLOCK_BEHIND)
    tab.goto(old_site.url("index.html"))
    tab.wait_for_load_state("load")
    drawn = timeline.layout(registry.sorted_agreements(), registry.as_of)
    labels = tab.locator("svg text.pks-timeline__label .pks-status__label").all_text_contents()
    assert labels == [INDONESIAN.status[row.agreement.status.status].label for row in drawn.rows]
    assert labels and [i for i in registry.agreements
                       if status_on(registry.agreements[i], CLOCK_BEHIND, registry.warn_days).status
                       != registry.agreements[i].status.status], "the day behind must differ, or this cannot fail"
    assert all(built_text in text for text in tab.locator(".pks-as-of-text, .pks-tiles-as-of").all_text_contents())
    agreement = drawn.rows[0].agreement
    tab.goto(old_site.url(f"perjanjian/{agreement.id}.html"))
    block = tab.locator(".pks-status-block")
    assert block.locator(".pks-status__label").inner_text() == INDONESIAN.status[agreement.status.status].label
    assert built_text in block.locator(".pks-status__as-of").inner_text()
