"""The privacy scan looks only at lines holding a long run of digits; it must find what a full scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.validation import privacy

# Digits of two scripts, separators of every kind the scan knows, line breaks and letters.
PIECES = st.sampled_from(list("0123456789٣ .-/_()+x\n") + ["\u00a0", "\u2028", "\u200b", "\u2010", "2023-03-13", "08123456789",
                                                             "3201234507900123", "199001012015031001", "\r\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_shortcut_finds_what_a_full_scan_finds(text):
    assert privacy.scan(text) == privacy.full_scan(text)


def test_numbers_on_several_lines_keep_their_offsets():
    text = "id: x\nphone: 0812 3456 7890\nnote: ok\nnik: 3201234507900123\n"
    found = privacy.scan(text)
    assert [(f.code, text[f.start:f.end]) for f in found] == [("privacy-phone", "0812 3456 7890"), ("privacy-nik", "3201234507900123")]
