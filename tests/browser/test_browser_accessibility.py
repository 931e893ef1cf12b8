"""axe-core finds no violation on the key pages: every rule axe runs by default, best practices included."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import KEY_PAGES, new_context

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context(browser):
    context = new_context(browser)
    yield context
    context.close()


@pytest.mark.parametrize("name", KEY_PAGES)
def test_no_axe_violation(name, context, records_site):
    tab = context.new_page()
    tab.goto(records_site.url(KEY_PAGES[name]))
    results = Axe().run(tab)
    tab.close()
    assert results.violations_count == 0, f"{KEY_PAGES[name]}\n{results.generate_report()}"
