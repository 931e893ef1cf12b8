"""Fixtures of the browser tests: three builds served over HTTP for the session, and one Chromium.

- records: the test registry's records (tests/fixtures/registry) as of AS_OF;
- old: the same records as of OLD_AS_OF, opened with the browser's clock at AS_OF;
- hostile: tests/site's hostile registry (hostile strings in every text field), plus sentinel payloads.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from .browser_support import (AS_OF, CHROMIUM, CHROMIUM_ARGS, OLD_AS_OF, PAGE_WEIGHTS, PWNED_PAYLOADS, Server, Site,
                              kib, new_context, registry_of, require_chromium, site_tests, tour)


@pytest.fixture(scope="package")
def served(tmp_path_factory):
    # package scope: its thread ends with the browser tests, so that later tests run with no other
    # thread (a fork is refused while threads run, and the tests of the forked paths need one)
    require_chromium()  # before any build: without a browser there is nothing to look at
    server = Server(tmp_path_factory.mktemp("served"))
    yield server
    server.close()


def _records_site(served: Server, name: str, as_of) -> Site:
    site_conftest, _ = site_tests()
    root = site_conftest.copy_registry(served.folder / name / "registry")
    site_dir = served.folder / name / "site"
    site_conftest.build_into(root, site_dir, as_of)
    return Site(name, site_dir, served.base_url(site_dir), as_of, registry_of(root, as_of))


@pytest.fixture(scope="package")
def records_site(served) -> Site:
    return _records_site(served, "records", AS_OF)


@pytest.fixture(scope="package")
def old_site(served) -> Site:
    return _records_site(served, "old", OLD_AS_OF)


@pytest.fixture(scope="package")
def hostile_site(served):
    """(Site, Values handed out, records written) of the hostile registry."""
    _, hostile = site_tests()
    site_dir, values, records = hostile._build(served.folder / "hostile", hostile=True)
    return Site("hostile", site_dir, served.base_url(site_dir), AS_OF), values, records


# Package scope (hence tests/browser/__init__.py): Playwright's sync API allows one instance at a
# time, and tests elsewhere (status.js parity without node) start their own once this folder is done.
@pytest.fixture(scope="package")
def browser(served):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_tab(browser):
    """open_tab(day=AS_OF, **context options) -> a page in a context of its own, closed after the test."""
    contexts = []

    def open_(day=AS_OF, **options):
        contexts.append(new_context(browser, day, **options))
        return contexts[-1].new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="package")
def records_tour(browser, records_site):
    return tour(browser, records_site, records_site.pages())


@pytest.fixture(scope="package")
def hostile_tour(browser, hostile_site):
    site, _, _ = hostile_site
    return tour(browser, site, site.pages())


@pytest.fixture(scope="package")
def canary_tour(browser, served):
    """A page where every payload is real markup: proves the tour notices scripts and foreign requests."""
    site_dir = served.folder / "canary"
    site_dir.mkdir()
    payloads = PWNED_PAYLOADS + ["<img src=x onerror=alert(1)>", '<img src="https://evil.example/pixel.png" alt="">']
    (site_dir / "index.html").write_text("<!doctype html><title>canary</title><article>" + "\n".join(payloads)
                                         + "</article>", encoding="utf-8")
    return tour(browser, Site("canary", site_dir, served.base_url(site_dir), AS_OF), ["index.html"])["index.html"]


def pytest_terminal_summary(terminalreporter):
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("page weights in the browser: bytes transferred, uncompressed "
                             "(other: pictures; the search index only comes once search opens)")
    for page, sizes in PAGE_WEIGHTS:
        parts = "  ".join(f"{kind} {kib(size)}" for kind, size in sizes.items())
        terminalreporter.write_line(f"{page:<20} {parts}")
