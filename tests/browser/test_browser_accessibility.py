"""axe-core finds no violation on the key pages: every rule axe runs by default, best practices included."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser_support import KEY_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", KEY_PAGES)
def test_no_axe_violation(name, open_tab, records_site):
    tab = open_tab()
    tab.goto(records_site.url(KEY_PAGES[name]))
    results = Axe().run(tab)
    assert results.violations_count == 0, f"{KEY_PAGES[name]}\n{results.generate_report()}"
