"""No third-party requests: every request of every page, of the real and the hostile build, goes to
the test server on 127.0.0.1 (Material would load Google Fonts and ask api.github.com by default)."""

from __future__ import annotations

import pytest

from .browser_support import is_local

pytestmark = pytest.mark.browser


def _foreign(tour: dict, origin: str) -> dict[str, list[str]]:
    found = {page: [url for url in visit.requests if not is_local(url, origin)] for page, visit in tour.items()}
    return {page: urls for page, urls in found.items() if urls}


def test_the_tour_records_foreign_requests(canary_tour, served):
    assert "https://evil.example/pixel.png" in canary_tour.requests
    assert _foreign({"canary": canary_tour}, served.origin) == {"canary": ["https://evil.example/pixel.png"]}


@pytest.mark.parametrize("tour_name", ["records_tour", "hostile_tour"])
def test_every_request_of_every_page_stays_on_the_site(tour_name, request, served):
    tour = request.getfixturevalue(tour_name)
    assert len(tour) > 40
    assert all(visit.requests for visit in tour.values())
    assert _foreign(tour, served.origin) == {}
