"""What the browser tests share: Debian's Chromium, the sites under test served over HTTP, the hostile
records of tests/site, and visits that record what each page did.

The helpers of tests/site are imported, not copied. Those modules say `from conftest import ...`,
and pytest keeps only the conftest it imported last under that name, so they are loaded here as
private copies while `conftest` briefly names tests/site's own.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import importlib.util
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest

from site_builder import model, status
from site_builder.validation import validate
from site_builder.dates import WITA
from ci_mode import RUN_IN_CI

REPO = Path(__file__).resolve().parents[2]
SITE_TESTS = REPO / "tests" / "site"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run",
                 # Nothing leaves the machine: a third-party request is still seen (and fails), never sent.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

AS_OF = dt.date(2026, 11, 29)  # the real records' build, and the browser's day in every test
OLD_AS_OF = dt.date(2024, 1, 1)  # the 2023 agreements were then 'akan berakhir'

# The key pages of the issue: home, agreement list, one agreement, one partner, one theme, about the
# data, the problem-code reference.
KEY_PAGES = {
    "beranda": "index.html",
    "daftar perjanjian": "perjanjian.html",
    "halaman perjanjian": "perjanjian/rutan-barabai-dinkes-hst-2023.html",
    "halaman mitra": "instansi/dinkes-hst.html",
    "halaman tema": "tema/kesehatan.html",
    "tentang data": "tentang-data/index.html",
    "kode masalah": "referensi/kode-masalah.html",
}
RECORD_PAGE_FOLDERS = ("perjanjian/", "instansi/", "tema/")

# Would set the sentinel if any of them ever ran; test_hostile's strings call alert() (a dialog).
PWNED_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "<svg><script>window.__pwned=1</script></svg>",
    "[tautan](javascript:window.__pwned=1)",
    '<a href="javascript:window.__pwned=1">tautan</a>',
    "<details open ontoggle=window.__pwned=1>",
    '" autofocus onfocus="window.__pwned=1" x="',
]


def in_ci() -> bool:
    return RUN_IN_CI  # CI itself is unset for the code under test (tests/conftest.py)


def require_chromium() -> None:
    """Fails in CI (the browser is part of the test run there), skips on a machine without it."""
    if Path(CHROMIUM).exists():
        return
    if in_ci():
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/test installs Debian's chromium (apt-get install chromium)",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium, or run ./scripts/test)")


def _load_private(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def site_tests() -> tuple[ModuleType, ModuleType]:
    """Private copies of tests/site/conftest.py and tests/site/test_hostile.py."""
    if str(SITE_TESTS) not in sys.path:
        sys.path.append(str(SITE_TESTS))  # test_hostile imports sitehtml
    site_conftest = _load_private(SITE_TESTS / "conftest.py", "_browser_site_conftest")
    before = sys.modules.get("conftest")
    sys.modules["conftest"] = site_conftest
    try:
        hostile = _load_private(SITE_TESTS / "test_hostile.py", "_browser_site_hostile")
    finally:
        if before is None:
            del sys.modules["conftest"]
        else:
            sys.modules["conftest"] = before
    hostile.Values = _with_pwned_payloads(hostile.Values)  # our copy only; tests/site keeps its own
    return site_conftest, hostile


def _with_pwned_payloads(values_class: type) -> type:
    class SentinelValues(values_class):
        """test_hostile's strings in every text field, followed by payloads that set window.__pwned."""

        def text(self) -> str:
            value = super().text()
            if self.hostile:
                value = self.texts[-1] = value + "\n" + "\n".join(PWNED_PAYLOADS)
            return value

    return SentinelValues


@dataclass(frozen=True)
class Site:
    """A built site, its address on the test server, and the registry it was built from."""

    name: str
    site_dir: Path
    base_url: str
    as_of: dt.date
    registry: model.Registry | None = None  # for the tests that compare pages with the records

    def url(self, page: str) -> str:
        return self.base_url + page

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.site_dir).as_posix() for p in self.site_dir.rglob("*.html"))


def registry_of(root: Path, as_of: dt.date) -> model.Registry:
    report, shaped = validate.validate(root, as_of)
    assert not report.errors, "the records of the build have errors"
    return model.build(shaped, as_of)


def status_on(agreement: model.Agreement, day: dt.date, warn_days: int) -> status.StatusResult:
    """What status.compute says about an agreement on another day than the build's."""
    return status.compute(agreement.start, agreement.end, agreement.termination_date, agreement.renewal_start, day,
                          warn_days)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server gives it
        pass


class Server:
    """Serves a folder over http://127.0.0.1:<free port>/ from a thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self.folder = folder
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)
        self.thread.start()

    def base_url(self, site_dir: Path) -> str:
        return f"{self.origin}/{site_dir.relative_to(self.folder).as_posix()}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def new_context(browser, day: dt.date = AS_OF, **options):
    """A browser context whose clock reads noon of `day` in WITA, so recomputed statuses are fixed."""
    context = browser.new_context(**options)
    context.clock.set_fixed_time(dt.datetime.combine(day, dt.time(12), WITA))
    return context


@dataclass
class Visit:
    """What one page did in the browser."""

    page: str
    html_bytes: int = 0
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # FACTS_SCRIPT's answer


# Read when a tab moves on to its next page, so scripts that run late had their chance too.
FACTS_SCRIPT = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  javascriptLinks: Array.from(document.querySelectorAll('[href],[src],[action],[formaction]'))
    .flatMap(e => ['href', 'src', 'action', 'formaction'].map(name => e.getAttribute(name) || ''))
    .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v)),
  handlerAttributes: Array.from(document.querySelectorAll('*')).flatMap(
    e => Array.from(e.attributes).filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name)),
})"""

TABS = 3  # pages load in turn in a few tabs; each is read only when its tab is next needed


def tour(browser, site: Site, pages: list[str]) -> dict[str, Visit]:
    """Opens every page with JavaScript on; records requests, dialogs, script errors and FACTS_SCRIPT."""
    context = new_context(browser, site.as_of)
    visits: dict[str, Visit] = {}
    showing: dict = {}  # tab -> the Visit it is on
    responses: dict = {}  # tab -> the HTTP response of its page

    def listen(tab) -> None:
        tab.on("request", lambda request: showing[tab].requests.append(request.url))
        tab.on("dialog", lambda dialog: (showing[tab].dialogs.append(dialog.message), dialog.dismiss()))
        tab.on("pageerror", lambda error: showing[tab].errors.append(str(error)))

    def finish(tab) -> None:
        visit = showing[tab]
        tab.wait_for_load_state("load")
        response = responses[tab]
        assert response is not None and response.ok, visit.page
        visit.html_bytes = len(response.body())
        visit.facts = tab.evaluate(FACTS_SCRIPT)

    try:
        tabs = [context.new_page() for _ in range(min(TABS, len(pages)))]
        for tab in tabs:
            listen(tab)
        for number, page in enumerate(pages):
            tab = tabs[number % len(tabs)]
            if tab in showing:
                finish(tab)
            showing[tab] = visits[page] = Visit(page)
            responses[tab] = tab.goto(site.url(page), wait_until="commit")
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
            finish(tab)
    finally:
        context.close()
    return visits


def is_local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin


def collapse(text: str) -> str:
    return " ".join(text.split())


def kib(size: int) -> str:
    return f"{size / 1024:6.1f} KB"


# Page weights, printed at the end of the run by conftest.py: (page, {resource kind: bytes}).
PAGE_WEIGHTS: list[tuple[str, dict[str, int]]] = []
