"""The Indonesian, phone and keyboard finish of issue 10, in Chromium at 360 px: the page frame
speaks Indonesian, a keyboard reaches the content first (the closed phone menu has no tab stops),
the home timeline is readable and says that it scrolls, hovered links keep their contrast, and
every page announces the feed, the calendar and the dataset metadata."""

from __future__ import annotations

import pytest

from .browser_support import AS_OF, Site

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def test_the_frame_of_every_page_is_indonesian(open_tab, records_site):
    tab = open_tab(**PHONE)
    for page in ("index.html", "perjanjian.html", "data/index.html", "404.html"):
        tab.goto(records_site.url(page))
        assert "Made with" not in tab.content(), page
        assert tab.locator("header nav").get_attribute("aria-label") == "Kepala halaman", page
        assert {img.get_attribute("alt") for img in tab.locator(".md-logo img").all()} == {""}, page  # links named already
    assert tab.locator("article h1").inner_text() == "Halaman tidak ditemukan"


def test_a_keyboard_reaches_the_content_first_and_not_the_closed_menu(open_tab, records_site):
    tab = open_tab(**PHONE)
    tab.goto(records_site.url("perjanjian.html"))
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.classList.contains('md-skip')")
    stops = []
    for _ in range(8):
        tab.keyboard.press("Tab")
        stops.append(tab.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"))
    assert not any(stops), "a link of the closed phone menu takes a tab stop"
    tab.locator(".md-header label[for=__drawer]").click()  # opened, the menu is reachable again
    tab.wait_for_timeout(400)
    assert tab.locator(".md-sidebar--primary a.md-nav__link").first.is_visible()


def test_the_home_timeline_is_readable_on_a_phone_and_says_it_scrolls(open_tab, records_site):
    tab = open_tab(**PHONE)
    tab.goto(records_site.url("index.html"))
    assert tab.locator(".pks-timeline__hint").is_visible()
    heights = tab.evaluate("Array.from(document.querySelectorAll('svg text.pks-timeline__label'))"
                           ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)")
    assert heights and min(heights) >= 13
    wide = open_tab(viewport={"width": 1280, "height": 900})
    wide.goto(records_site.url("index.html"))
    assert not wide.locator(".pks-timeline__hint").is_visible()


def _contrast(rgb: str, background=(255, 255, 255)) -> float:
    def luminance(channels):
        out = []
        for c in channels:
            c /= 255
            out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]
    channels = [float(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    high, low = sorted([luminance(channels), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_hovered_link_keeps_its_contrast(open_tab, records_site):
    tab = open_tab(viewport={"width": 1280, "height": 900})
    tab.goto(records_site.url("tentang-data/index.html"))
    link = tab.locator("article a[href]:not(.headerlink)").first
    link.hover()
    assert _contrast(link.evaluate("e => getComputedStyle(e).color")) >= 4.5


def test_every_page_announces_the_feed_calendar_and_dataset(open_tab, records_site):
    tab = open_tab()
    failed = []
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for page in ("index.html", "perjanjian.html"):
        tab.goto(records_site.url(page), wait_until="networkidle")
        links = tab.locator("head link[rel~=alternate], head link[rel=describedby]").all()
        types = {e.get_attribute("type"): e.get_attribute("href") for e in links}
        assert set(types) == {"application/atom+xml", "text/calendar", "application/ld+json"}
        for href in types.values():
            assert tab.request.get(tab.url.rsplit("/", 1)[0] + "/" + href).ok
    # Material fetches sitemap.xml next to every link[rel=alternate] (a translation, it assumes).
    assert failed == []


def test_the_home_page_offers_each_download_with_format_and_size(open_tab, records_site):
    tab = open_tab(**PHONE)
    tab.goto(records_site.url("index.html"))
    items = tab.locator(".pks-downloads-list li:has(a[download])")
    assert items.count() >= 3
    for item in items.all():
        assert tab.request.get(records_site.url(item.locator("a").get_attribute("href"))).ok
        assert any(unit in item.inner_text() for unit in (" KB)", " MB)", " B)"))


def test_an_agency_with_one_agreement_has_no_filter(open_tab, served):
    from .test_browser_search import small_site_at
    site: Site = small_site_at(served)
    tab = open_tab(**PHONE)
    tab.goto(site.url("instansi/disdag-contoh.html"))
    assert tab.locator("#pks-agreement-list tbody tr").count() == 1
    assert tab.locator("#pks-filter").count() == 0
    tab.goto(site.url("instansi/dinkes-contoh.html"))  # two agreements: a filter helps
    assert tab.locator("#pks-filter").count() == 1
    assert site.as_of == AS_OF
