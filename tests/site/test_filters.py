"""The template helpers: dates said plainly, URLs only http(s), JSON and titles safe where they land."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from markupsafe import Markup

from site_builder.site import filters
from site_builder.dates import Bound
from site_builder.labels import INDONESIAN
from site_builder.status import UNKNOWN_START, Reason, Status, StatusResult

D = dt.date


def test_dates_exact_ranged_and_unknown_are_said_plainly():
    assert filters.date_text(INDONESIAN, D(2023, 3, 13)) == "13 Maret 2023"
    assert filters.date_text(INDONESIAN, None) == "tidak diketahui"
    assert filters.bound_text(INDONESIAN, Bound(D(2023, 3, 13), D(2023, 3, 13))) == "13 Maret 2023"
    assert filters.bound_text(INDONESIAN, Bound(D(2024, 3, 12), D(2026, 3, 13))) == "antara 12 Maret 2024 dan 13 Maret 2026"
    assert filters.bound_text(INDONESIAN, None) == "tidak diketahui"


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/x",
])
def test_http_and_https_urls_pass(url):
    assert filters.safe_url(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x", "/relative", "ftp://example.org",
    "https://exa mple.org", "https://example.org/\x00", "https:", "https:///path", "", None, "mailto:a@b.c",
])
def test_everything_else_is_not_a_link(url):
    assert filters.safe_url(url) is None


def test_json_for_script_cannot_close_the_script_or_break_lines():
    text = filters.json_for_script({"a": "</script><script>alert(1)</script>", "b": "x\u2028y\u2029z", "c": "&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "x\u2028y\u2029z", "c": "&"}


def test_front_matter_title_is_one_escaped_quoted_line():
    title = filters.front_matter_text('Judul\n---\nsearch: "x" <script>alert(1)</script> &amp;')
    assert isinstance(title, Markup)
    assert "\n" not in title
    assert json.loads(title) == "Judul --- search: &#34;x&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;"


def test_one_line_and_paragraphs_never_let_text_start_a_line():
    assert filters.one_line("a\n# b\r\n\u2028c  d\n") == "a # b c d"
    html = filters.paragraphs("eins <b>\n# zwei\n\n--8<-- drei")
    assert "\n" not in html
    assert html == "eins &lt;b&gt; # zwei<br><br>--8&lt;-- drei"


def test_numbers_are_written_the_indonesian_way():
    assert filters.number(20.0) == "20"
    assert filters.number(1250) == "1.250"
    assert filters.number(2.5) == "2,5"
    assert filters.number(1234.25) == "1.234,25"


@pytest.mark.parametrize("source, target, directory_urls, expected", [
    ("index.md", "perjanjian.md", False, "perjanjian.html"),
    ("perjanjian/a.md", "instansi/b.md", False, "../instansi/b.html"),
    ("perjanjian/a.md", "perjanjian/c.md#plan-x", False, "c.html#plan-x"),
    ("perjanjian/a.md", "index.md", False, "../index.html"),
    ("tentang-data/index.md", "referensi/kode-masalah.md", False, "../referensi/kode-masalah.html"),
    ("perjanjian/a.md", "assets/pks/pks.css", False, "../assets/pks/pks.css"),
    ("index.md", "perjanjian.md", True, "perjanjian/"),
    ("perjanjian/a.md", "instansi/b.md", True, "../../instansi/b/"),
    ("perjanjian/a.md", "index.md", True, "../../"),
    ("tentang-data/index.md", "tentang-data/kamus-data.md", True, "kamus-data/"),
])
def test_relative_urls_match_where_mkdocs_puts_pages(source, target, directory_urls, expected):
    assert filters.relative_url(source, target, directory_urls) == expected


def test_status_sentences_word_each_form():
    as_of = D(2026, 11, 29)
    ended = StatusResult(Status.BERAKHIR, Reason.ENDED, as_of, D(2024, 3, 12), D(2026, 3, 13))
    assert filters.status_sentence(INDONESIAN, ended) == \
        "Berakhir antara 12 Maret 2024 dan 13 Maret 2026; perpanjangannya tidak tercatat."
    soon = StatusResult(Status.AKAN_BERAKHIR, Reason.ENDS_SOON, as_of, D(2026, 12, 9), D(2026, 12, 9))
    assert filters.status_sentence(INDONESIAN, soon) == "Berlaku sampai 9 Desember 2026, 10 hari lagi."
    unknown = StatusResult(Status.TIDAK_PASTI, Reason.END_UNKNOWN, as_of)
    assert filters.status_sentence(INDONESIAN, unknown) == "Sumber tidak menyebut kapan perjanjian ini berakhir."


def test_status_input_carries_exactly_what_status_compute_got():
    start, end = Bound(D(2023, 3, 13), D(2023, 3, 13)), Bound(D(2024, 3, 12), D(2026, 3, 13))
    # Compact, for every row of a list carries one: an exact date once, unknown inputs left out
    # (status.js reads them as null; test_status_js runs it on these very inputs).
    assert json.loads(filters.status_input(start, end, None, None, 90)) == {
        "start": "2023-03-13", "end": ["2024-03-12", "2026-03-13"], "warn": 90}
    assert json.loads(filters.status_input(None, None, D(2025, 1, 1), UNKNOWN_START, 30)) == {
        "termination": "2025-01-01", "renewal": True, "warn": 30}
    assert json.loads(filters.status_input(None, None, None, start, 30))["renewal"] == "2023-03-13"
    assert json.loads(filters.status_input(None, None, None, False, 30)) == {"warn": 30}


def test_status_input_fits_a_single_quoted_attribute_and_nothing_else_does():
    text = filters.status_input(Bound(D(2023, 3, 13), D(2024, 1, 1)), None, D(2025, 1, 1), UNKNOWN_START, 90)
    assert filters.single_quoted_json(text) == text and isinstance(filters.single_quoted_json(text), Markup)
    for hostile in ("{\"a\":\"x'y\"}", '{"a":"<b>"}', '{"a":"&amp;"}', '{"a":"x y"}', "{'a':1}"):
        with pytest.raises(ValueError):
            filters.single_quoted_json(hostile)


def test_css_strings_cannot_end_early_or_close_a_style():
    assert filters.css_string("Perjanjian") == '"Perjanjian"'
    assert filters.css_string('a"b\\c\nd</style>') == '"a\\22 b\\5c c\\a d\\3c /style>"'
