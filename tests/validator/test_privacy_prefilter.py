"""The privacy scan's pre-filter (privacy.surely_clean) may only ever skip records in which the full
scan finds nothing: hostile records that hide a number from a simple pattern are still caught, and on
generated YAML texts the findings with and without the pre-filter are the same (issue 12, target 3).

The numbers are the made-up ones of test_validator_privacy.py.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.validation import filecheck, privacy, sources
from site_builder.validation.sources import SourceDocument

NIK = "6307915208917364"
A, B, C, D = NIK[:4], NIK[4:8], NIK[8:12], NIK[12:]


def _document(text: str) -> SourceDocument:
    """The document the validator makes of a record file holding text (read, decoded, parsed)."""
    return sources._read_bytes(SourceDocument("agencies/x.yaml", "agency"), text.encode("utf-8", "surrogatepass"))


def _codes(doc: SourceDocument) -> list[tuple]:
    return [(p.code, p.line, p.column, p.params) for p in filecheck.privacy_problems(doc)]


def _without_prefilter(doc: SourceDocument) -> list[tuple]:
    with mock.patch.object(privacy, "surely_clean", lambda text: False):
        return _codes(doc)


# Every way a record can hold a NIK that no single line of its text shows as one run of digits.
HIDDEN = {
    "plain, one line": f"note: NIK {NIK}\n",
    "comment": f"# {A} {B} {C} {D}\nid: x\n",
    "key": f"{NIK}: x\n",
    "plain value folded over lines": f"note: NIK {A}\n  {B}\n  {C}\n  {D}\n",
    "plain value, deep indentation": f"note: NIK {A}\n{' ' * 40}{B}\n{' ' * 40}{C}{D}\n",
    "folded block": f"note: >-\n  NIK {A}\n  {B}\n  {C}\n  {D}\n",
    "folded block, empty lines between": f"note: >\n  {A}\n\n  {B}\n\n  {C}\n\n  {D}\n",
    "literal block": f"note: |\n  NIK {A}\n  {B}\n  {C}\n  {D}\n",
    "double quotes over lines": f'note: "NIK {A}\n  {B}\n  {C}\n  {D}"\n',
    "single quotes over lines": f"note: 'NIK {A}\n  {B}\n  {C}\n  {D}'\n",
    "separators and line breaks": f"note: NIK {A} -\n  {B} .\n  {C} /\n  {D}\n",
    "tabs": f"note: NIK {A}\t{B}\t{C}\t{D}\n",
    "carriage returns": f"note: NIK {A}\r\n  {B}\r\n  {C}\r\n  {D}\r\n",
    "lone carriage returns": f"note: >-\r  {A}\r  {B}\r  {C}\r  {D}\r",
    "escaped digits (x)": 'note: "NIK \\x36\\x33\\x30\\x37' + NIK[4:] + '"\n',
    "escaped digits (u)": 'note: "NIK \\u0036\\u0033\\u0030\\u0037' + NIK[4:] + '"\n',
    "escaped digits (U)": 'note: "NIK \\U00000036' + NIK[1:] + '"\n',
    "escaped line break": f'note: "NIK {A}{B}\\\n  {C}{D}"\n',
    "escaped tab": f'note: "NIK {A}\\t{B}\\t{C}\\t{D}"\n',
    "escaped line feed": f'note: "NIK {A}\\n{B}\\n{C}\\n{D}"\n',
    "escaped next line": f'note: "NIK {A}\\N{B}\\N{C}\\N{D}"\n',
    "escaped no-break space": f'note: "NIK {A}\\_{B}\\_{C}\\_{D}"\n',
    "no-break spaces": f"note: NIK {A}\u00a0{B}\u00a0{C}\u00a0{D}\n",
    "zero-width spaces": f"note: NIK {A}\u200b{B}\u200b{C}\u200b{D}\n",
    "line separators": f"note: NIK {A}\u2028{B}\u2028{C}\u2028{D}\n",
    "Arabic-Indic digits": "note: NIK " + "".join(chr(0x660 + int(d)) for d in NIK) + "\n",
    "fullwidth digits": "note: NIK " + "".join(chr(0xFF10 + int(d)) for d in NIK) + "\n",
    "not YAML at all": f"note: [NIK {A}\n  {B}\n  {C}\n  {D}\n",
    "runs of spaces": f"note: NIK {A}      {B}    {C}       {D}\n",
    "apostrophes (doubled in single quotes)": f"note: 'NIK {A}''{B}''{C}''{D}'\n",
    "a float written with an exponent": "target:\n  value: 6.307915208911e+15\n",
    "a float written with a capital exponent": "target:\n  value: 6307915.208911E+9\n",
}


@pytest.mark.parametrize("how", HIDDEN)
def test_hidden_numbers_are_never_skipped(how):
    doc = _document(HIDDEN[how])
    assert not privacy.surely_clean(doc.text)
    found = _codes(doc)
    assert "privacy-nik" in {code for code, *_ in found}
    assert found == _without_prefilter(doc)


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nname: Kantor 2023\nsigned: 2023-03-13\n",
        "note: 'nomor 180/05/PKS/2023'\nurl: https://contoh.invalid/2024/05\n",
        "note: >-\n  Rp 150\n  ribu\n",
    ],
)
def test_records_without_long_digit_runs_are_skipped(text):
    doc = _document(text)
    assert privacy.surely_clean(doc.text)
    assert _codes(doc) == _without_prefilter(doc) == []


# Pieces of YAML texts that spread digits over lines, quotes, blocks, escapes and separators.
PIECES = st.sampled_from(
    [A, B, C, D, "0812", "9876", "5432", "2023-03-13", "1", "62", "+62 ", "(0517) ", "4123"]
    + [" ", "  ", "\t", ".", "-", "/", "_", "(", ")", "\n", "\n  ", "\n    ", "\r\n", "\r", "\n\n  ", "     "]
    + ["6.307915208911e+15", "6.2811e+11", "1.5e+3", "e+", "E+9"]
    + ["note: ", "x: ", "- ", "note: >\n  ", "note: |\n  ", "note: >-\n  ", "note: '", "note: \"", "'", '"', "''"]
    + ["#", " # ", ":", "a", "NIK ", "\\", "\\x31", "\\u0032", "\\\n", "\\t", "\u00a0", "٣", "[", "{", "&a ", "*a"]
)
NUMBERS = [NIK, "198207142009121002", "081298765432"]  # NIK, NIP, mobile phone
STYLES = [("note: ", ""), ("note: >-\n  ", ""), ("note: |\n  ", ""), ('note: "', '"'), ("note: '", "'"), ("# ", ""), ("- ", "")]
JOINERS = st.sampled_from(["", " ", "\n  ", "\n", "\t", "-", " . ", "\n\n  ", "\r\n  ", "\\\n  ", "\\t", "  \n     ", "'", "''", "      "])


@st.composite
def _split_number(draw) -> str:
    """A personal number cut into pieces, joined by separators, line breaks or escapes, in a scalar."""
    number = draw(st.sampled_from(NUMBERS))
    cuts = sorted(draw(st.sets(st.integers(1, len(number) - 1), max_size=4)))
    pieces = [number[i:j] for i, j in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    text = pieces[0] + "".join(draw(JOINERS) + piece for piece in pieces[1:])
    opening, closing = draw(st.sampled_from(STYLES))
    return opening + text + closing + "\n"


TEXTS = st.lists(st.one_of(PIECES, _split_number()), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_prefilter_changes_no_finding(text):
    doc = _document(text)
    full = _without_prefilter(doc)
    if privacy.surely_clean(doc.text):
        assert full == []
    assert _codes(doc) == full


@pytest.mark.parametrize("token", ["6.2811e+11", "6.2811E+11", "-6.2811e+11"])
def test_floats_that_read_as_phone_numbers_are_never_skipped(token):
    """Five digits in the text, twelve read by YAML (628110000000, a +62 mobile number's form)."""
    doc = _document(f"target:\n  value: {token}\n")
    assert not privacy.surely_clean(doc.text)
    assert [code for code, *_ in _codes(doc)] == ["privacy-phone"]
