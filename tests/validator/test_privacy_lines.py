"""The privacy scan of an ASCII text looks only at its lines of nine digits or more (privacy._scan_ascii),
and the pre-filter finds a backslash or an "e+" through its byte classes (privacy.surely_clean): both
decide exactly as the code they replace, kept here as the reference, on hostile texts and on generated
ones (issue 12, target 3).

The numbers are the made-up ones of test_validator_privacy.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.validation import privacy

NIK = "6307915208917364"
NIP = "198207142009121002"
PHONE = "081298765432"
FUZZ = settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _scan_by_pattern(text: str) -> list[privacy.Finding]:
    """privacy.scan as it was: the pattern walks the whole text, and each line holding a run is scanned in full."""
    found = []
    line_end = 0
    pattern = privacy._LONG_RUN_ASCII if text.isascii() else privacy._LONG_RUN
    for candidate in pattern.finditer(text):
        if candidate.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, candidate.start()) + 1
        line_end = text.find("\n", candidate.end())
        line_end = len(text) if line_end < 0 else line_end
        found += [
            privacy.Finding(f.code, f.start + line_start, f.end + line_start, f.masked)
            for f in privacy.full_scan(text[line_start:line_end])
        ]
    return found


def _surely_clean_as_it_was(text: str) -> bool:
    if not text.isascii() or "\\" in text or "e+" in text or "E+" in text:
        return False
    delete = (privacy._ascii_of(privacy._BLANK_CHARS + privacy._MARK_CHARS) + "\n").encode("ascii")
    table = bytes(ord("0") if 48 <= c <= 57 else ord("x") for c in range(256))
    return b"0" * 9 not in text.encode("ascii").translate(table, delete)


HOSTILE = [
    "",
    "\n",
    NIK,  # one line, no line break
    f"{NIK}\n",
    f"\n\n{NIK}",  # the last line, without a break
    f"a: {NIK}\nb: {NIP}\nc: {PHONE}\n",  # consecutive lines
    f"a: {NIK} {PHONE}\n\n\n\nb: 2023-03-13 / 0812 9876 5432\n",
    "a: 123456789\n",  # nine digits exactly, no number
    "tel: (0517) 41234\n",  # nine digits exactly: a fixed line
    "a: 0517 41234",
    "a: 12345678\nb: 9\n",  # nine digits over two lines: no run
    f"a: {NIK[:8]}\n  {NIK[8:]}\n",  # a number over two lines: each line alone
    "url: https://berita.invalid/2022-08-30/5106\nx: 1\n" * 3,
    f"a: {NIK[:4]}      {NIK[4:8]} .- {NIK[8:12]}\t{NIK[12:]}\n",  # blank runs and marks
    f"a: {NIK[:4]} .-/ {NIK[4:]}\n",  # four separators: two runs
    "a: 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6\n",
    f"note: ({PHONE[1:4]}) {PHONE[4:]}\n+62 {PHONE[1:]}\n",
    "sha: " + "ab12" * 16 + "\nnpwp: 00.081.234.5-123.000\n",
    "d: 20240101 20241231\n" + f"x: {NIK}\n",
    f"a: {NIK}\r\nb: {NIK}\x0b{NIK}\x0c\n",  # other line breaks are separators here
    f"x: 1\n{'y' * 300}{NIK}\n",
    f"tel: +(62) {PHONE[1:4]} {PHONE[4:]}\n",  # a run begins two characters before its first digit
    f"tel: ++((62) {PHONE[1:]}\n",
    "sum: " + "deadbeef" * 4 + f"{PHONE}\n",  # a checksum swallows the digits after it
    "sum: " + "deadbeef" * 4 + f" {PHONE}\n",
    f"x: {PHONE[:6]}" + "deadbeef" * 4 + f"{PHONE}\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_are_scanned_as_before(text):
    assert privacy.scan(text) == _scan_by_pattern(text)
    assert privacy.surely_clean(text) is _surely_clean_as_it_was(text)


def test_the_numbers_of_hostile_texts_are_found():
    assert [f.start for f in privacy.scan(f"tel: +(62) {PHONE[1:]}")] == [len("tel: ")]
    assert [f.code for f in privacy.scan("x: 1\ntel: (0517) 41234\n")] == ["privacy-phone"]
    assert [f.code for f in privacy.scan(f"a: 1\n\nb: {NIK}\nc: x\nd: {PHONE}")] == ["privacy-nik", "privacy-phone"]
    found = privacy.scan(f"x: 2023-03-13\ny: {NIP}\n")
    assert [(f.code, f.start) for f in found] == [("privacy-nip", len("x: 2023-03-13\ny: "))]


LINE_PIECES = st.sampled_from(
    [NIK, NIP, PHONE, NIK[:4], NIK[4:8], NIK[8:], PHONE[:4], PHONE[4:], "2023-03-13", "123456789", "(0517) 41234", "12345678", "0", "9"]
    + ["\n", "\n", "\n  ", "\n\n", "\r\n", "\x0b", " ", "   ", "\t", ".", "-", "/", "_", "(", ")", "'", "+", "+62 "]
    + ["a", "x: ", "- ", "# ", "https://b.invalid/2022-08-30/5106", "e+", "E+", "6.2811e+11", "\\", "\\x31", "ab" * 16]
    + ["+(62) 812 ", "(0812) ", "+(", "+", "(", "deadbeef" * 4, "0" * 32, "00.081.234.5-123.000"]
)
TEXTS = st.lists(LINE_PIECES, max_size=40).map("".join)


@FUZZ
@given(TEXTS)
def test_generated_texts_are_scanned_as_before(text):
    assert privacy.scan(text) == _scan_by_pattern(text)
    assert privacy.surely_clean(text) is _surely_clean_as_it_was(text)
