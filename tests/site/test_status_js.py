"""status.js recomputes status in the browser: it must agree with status.py, word for word.

Runs status.js in Node when it is installed, else in Debian's Chromium through Playwright (what the
browser tests use). In CI a missing JavaScript engine fails the test instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder import labels, status
from site_builder.site import filters
from site_builder.dates import Bound
from site_builder.status import UNKNOWN_START
from ci_mode import RUN_IN_CI

STATUS_JS = Path(filters.__file__).parent / "assets" / "status.js"
CHROMIUM = "/usr/bin/chromium"
D = dt.date


def _bounds():
    days = [D(2023, 3, 13), D(2024, 3, 12), D(2026, 3, 13), D(2026, 5, 30)]
    out = [None] + [Bound(d, d) for d in days]
    out += [Bound(a, b) for a, b in itertools.combinations(days, 2)]
    return out


def _cases():
    cases = []
    as_of_days = [D(2023, 3, 12), D(2023, 3, 13), D(2024, 3, 12), D(2025, 1, 1), D(2026, 3, 1), D(2026, 3, 13),
                  D(2026, 3, 14), D(2027, 1, 1)]
    for start, end, termination, renewal in itertools.product(
            _bounds()[:6], _bounds(), [None, D(2025, 6, 1)], [None, UNKNOWN_START, Bound(D(2026, 3, 14), D(2026, 3, 14))]):
        for as_of in as_of_days:
            for warn in (0, 90):
                cases.append((start, end, termination, renewal, as_of, warn))
    return cases


def _run_node(cases_json: str) -> list[dict]:
    script = ("const s = require(process.argv[1]); const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(input.cases.map(c => { const r = s.compute(c.input, c.asOf);"
              " return Object.assign(r, {sentence: s.sentence(r, c.asOf, input.labels)}); })));")
    result = subprocess.run(["node", "-e", script, str(STATUS_JS)], input=cases_json, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def _run_chromium(cases_json: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.add_script_tag(content=STATUS_JS.read_text(encoding="utf-8"))
        out = page.evaluate("""input => input.cases.map(c => { const r = PKS_STATUS.compute(c.input, c.asOf);
            return Object.assign(r, {sentence: PKS_STATUS.sentence(r, c.asOf, input.labels)}); })""",
                            json.loads(cases_json))
        browser.close()
    return out


def _engine():
    if shutil.which("node"):
        return _run_node
    if Path(CHROMIUM).exists():
        return _run_chromium
    if RUN_IN_CI:
        pytest.fail("no JavaScript engine (node or /usr/bin/chromium) to test status.js with")
    pytest.skip("no JavaScript engine (node or /usr/bin/chromium)")


def test_status_js_agrees_with_status_py_on_every_case():
    run = _engine()
    cases = _cases()
    words = labels.INDONESIAN
    payload = {"labels": labels.browser_labels(words), "cases": [
        {"input": json.loads(filters.status_input(start, end, termination, renewal, warn)), "asOf": as_of.isoformat()}
        for start, end, termination, renewal, as_of, warn in cases]}
    results = run(json.dumps(payload))
    assert len(results) == len(cases) > 1000
    for case, js in zip(cases, results):
        start, end, termination, renewal, as_of, warn = case
        py = status.compute(start, end, termination, renewal, as_of, warn)
        expected = {"status": py.status.value, "reason": py.reason.value,
                    "date": py.date.isoformat() if py.date else None,
                    "dateLatest": py.date_latest.isoformat() if py.date_latest else None,
                    "sentence": filters.status_sentence(words, py)}
        assert js == expected, case


def test_today_is_taken_in_wita():
    if not shutil.which("node"):
        pytest.skip("needs node")
    script = ("const s = require(process.argv[1]);"
              "process.stdout.write([Date.UTC(2026, 10, 29, 15, 59), Date.UTC(2026, 10, 29, 16, 0)]"
              ".map(t => s.todayInWita(t)).join(' '));")
    out = subprocess.run(["node", "-e", script, str(STATUS_JS)], capture_output=True, text=True, check=True).stdout
    assert out == "2026-11-29 2026-11-30"  # midnight in Barabai is 16:00 UTC


def test_status_js_follows_a_chain_of_renewals_like_the_model(tmp_path):
    """chainEnd (status.js) and model._chain_end agree on every day of a chain of three agreements,
    from the inputs the page carries (render.chained_status_input)."""
    if not shutil.which("node"):
        pytest.skip("needs node")
    import smallregistry
    from site_builder import model
    from site_builder.site import render
    from site_builder.validation import validate

    root = smallregistry.write(tmp_path / "registry")
    second = root / "agreements" / smallregistry.INSTITUTION / "pks-dinkes-2024.yaml"
    record = json.loads((root / "agreements" / smallregistry.INSTITUTION / "pks-dinkes-2022.yaml").read_text())
    record |= {"id": "pks-dinkes-2024", "relations": {"renews": "pks-dinkes-2022"},
               "signed": {"date": "2024-01-01", "place": "Kota Contoh"}, "validity": {"start": "2024-01-01", "end": "2025-06-30"}}
    second.write_text(json.dumps(record), encoding="utf-8")
    report, shaped = validate.validate(root, D(2031, 1, 1))
    assert not report.errors
    days = [D(2021, 6, 1), D(2022, 6, 1), D(2023, 12, 31), D(2024, 1, 1), D(2025, 6, 30), D(2025, 7, 1), D(2030, 1, 1)]
    cases, expected = [], []
    for day in days:
        registry = model.build(shaped, day)
        for a in registry.agreements.values():
            cases.append({"input": json.loads(render.chained_status_input(a, registry.agreements, 90)), "asOf": day.isoformat()})
            expected.append(a.chain_status.status.value if a.chain_status else None)
    script = ("const s = require(process.argv[1]); const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(cases.map(c => { const e = s.chainEnd(c.input, c.asOf);"
              " return e ? e.status : null; })));")
    out = subprocess.run(["node", "-e", script, str(STATUS_JS)], input=json.dumps(cases), capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == expected
    assert "berakhir" in expected and "berlaku" in expected  # the chain's end changes over the days
