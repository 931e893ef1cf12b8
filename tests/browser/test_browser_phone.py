"""On a 360 x 740 phone no key page scrolls sideways and no text of the page's content is below 14 px."""

from __future__ import annotations

import pytest

from .browser_support import KEY_PAGES

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MIN_TEXT_PX = 14

# Text of the article (the page's own content) that a reader sees, grouped by element and size,
# including text that CSS writes (the column names of tables shown as cards).
# Visually hidden text (clipped table heads for screen readers) and the timeline drawing's labels
# (an SVG picture with a text alternative next to it) are left out.
SMALL_TEXT_SCRIPT = """minimum => {
  const hidden = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.clip !== 'auto' || s.clipPath !== 'none') return true;
    }
    return false;
  };
  const found = new Map();
  const note = (size, el, pseudo, text) => {
    const key = `${size}px <${el.tagName.toLowerCase()} class="${el.className}">${pseudo}`;
    if (size < minimum && !found.has(key)) found.set(key, text.trim().slice(0, 40));
  };
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('svg') || !el.getClientRects().length || hidden(el)) continue;
    note(parseFloat(getComputedStyle(el).fontSize), el, '', node.textContent);
  }
  for (const el of document.querySelectorAll('article *')) {  // labels written by CSS (cards on phones)
    for (const pseudo of ['::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const text = s.content.startsWith('"') ? s.content.slice(1, -1) : '';  // else none or normal
      if (s.display !== 'none' && /\\w/.test(text) && !hidden(el) && el.getClientRects().length) {
        note(parseFloat(s.fontSize), el, pseudo, text);
      }
    }
  }
  return Array.from(found, ([where, text]) => `${where} ${text}`);
}"""


# Besides the key pages: the search page and the hand-written pages with wide tables.
PAGES = {**KEY_PAGES, "cari": "cari.html", "data terbuka": "data/index.html", "kinerja": "teknis/kinerja.html"}


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_and_its_text_is_readable(name, open_tab, records_site):
    tab = open_tab(**PHONE)
    tab.goto(records_site.url(PAGES[name]))
    width = tab.evaluate("document.scrollingElement.scrollWidth")
    small = tab.evaluate(SMALL_TEXT_SCRIPT, MIN_TEXT_PX)
    problems = ([f"scrolls sideways: {width} px wide"] if width > PHONE["viewport"]["width"] + 1 else []) + small
    assert not problems, "\n".join([PAGES[name], *problems])
