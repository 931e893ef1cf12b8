"""The privacy guard judges a number by its inner structure, and reads what YAML makes of a record.

Every rule of site_builder/idnumbers.py is tested both ways: a number that breaks only that rule
passes, the same number with the rule kept is found. Then the disguises YAML allows (folding,
escapes, line continuations, keys) are found, located at the value, reported once, and never
printed in any output format. All numbers are made up.
"""

from __future__ import annotations

import pytest

from site_builder.validation import privacy, sources, yamlread
from validator_support import AS_OF, FORMATS, agency, located

NIK = "6307915208917364"  # province 63, regency 07, district 91, a woman born 12-08-(19)91, serial 7364
NIP = "198207142009121002"  # born 1982-07-14, appointed 2009-12, man, serial 002
MOBILE = "081298765432"

# rule: (found, passes) — the two differ only in what the rule looks at
RULES = {
    "NIK province code exists": ("6307915208917364", "2007915208917364"),
    "NIK province of the 2022 Papua split": ("9601915208917364", "9701915208917364"),
    "NIK regency code is not 00": ("6307915208917364", "6300915208917364"),
    "NIK district code is not 00": ("6307915208917364", "6307005208917364"),
    "NIK day of birth 01-31 (man)": ("6307913108917364", "6307913208917364"),
    "NIK day of birth 41-71 (woman)": ("6307917108917364", "6307917208917364"),
    "NIK day of birth is not 00": ("6307910108917364", "6307910008917364"),
    "NIK day exists in its month": ("6307913004917364", "6307913104917364"),
    "NIK 29 February (year unknown)": ("6307912902917364", "6307913002917364"),
    "NIK month of birth 01-12": ("6307911212917364", "6307911213917364"),
    "NIK serial is not 0000": ("6307915208910001", "6307915208910000"),
    "KK (date of issue) has the NIK form": ("6307011503190042", "6307011513190042"),
    "NIP birth year from 1940": ("194007141962121002", "193907141962121002"),
    "NIP birth year 1234": (NIP, "123407142009121002"),
    "NIP birth date exists": ("198202282009121002", "198202302009121002"),
    "NIP 29 February only in a leap year": ("198002292009121002", "198102292009121002"),
    "NIP appointment month 01-12": ("198207142009121002", "198207142009131002"),
    "NIP appointed at 18 at the earliest": ("198207142000121002", "198207141999121002"),
    "NIP appointed before 61": ("198207142042121002", "198207142043121002"),
    "NIP gender digit 1 or 2": ("198207142009122002", "198207142009123002"),
    "NIP serial is not 000": ("198207142009121001", "198207142009121000"),
    "mobile operator prefix": (MOBILE, "081098765432"),
    "mobile length 10-13 (short)": ("0812987654", "081298765"),
    "mobile length 10-13 (long)": ("0812987654321", "08129876543210"),
    "mobile with country code": ("+62 812 9876 5432", "+61 412 987 654"),
    "mobile with 62 and no plus": ("628129876543", "638129876543"),
    "mobile with +62 (0)": ("+62 (0)812 9876 5432", "+62 (0)810 9876 5432"),
    "fixed line area code": ("(0517) 41234", "(0117) 41234"),
    "fixed line is not 08": ("0517 412345", "0807 412345"),
    "fixed line length 9-11": ("021 1234 5678", "021 1234 56789"),
    "fixed line in at most three groups": ("0517 41 234", "0517 41 23 4"),
    "fixed line is never written with slashes": ("0517-41234", "045/0123/2023"),
    "two compact dates are a period": ("1303202312032024", "13032023 12032024"),
    "two ISO compact dates": (NIK, "20240101 20241231"),
    "agency NPWP (15 digits, printed)": ("NPWP " + NIK, "NPWP 00.123.456.7-891.000"),
    "agency NPWP holds no phone number": ("00 0812 3456 7890", "00.081.234.5-678.000"),
    "agency NPWP (16 digits, starts with 0)": (NIK, "0001234567891000"),
    "number glued to a year": (f"{NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]} 2023", "6307 9152 2023"),
    "number glued to another": (f"{NIK} / {MOBILE}", "2023 / 2024 / 2025 / 2026"),
}


@pytest.mark.parametrize("found, passes", RULES.values(), ids=RULES.keys())
def test_every_rule_both_ways(found, passes):
    assert privacy.scan(f"catatan: {found} ."), found
    assert privacy.scan(f"catatan: {passes} .") == [], passes


@pytest.mark.parametrize("text, codes", [
    (f"{NIK} / {MOBILE}", ["privacy-nik", "privacy-phone"]),
    (f"{NIP[:8]} {NIP[8:14]} {NIP[14]} {NIP[15:]} / 2023", ["privacy-nip"]),
    ("HP 0812-9876-5432 atau 0517 41234", ["privacy-phone", "privacy-phone"]),
    (f"{NIK} (0517) 41234", ["privacy-nik", "privacy-phone"]),
    ("Surat 2023 045/0123/2023", []),
])
def test_each_number_of_a_run_is_found_once(text, codes):
    assert [f.code for f in privacy.scan(text)] == codes


def test_numbers_folded_into_one_long_run_are_each_found():
    """Several NIKs folded into one line make one run of digits; each is still found, once."""
    run = " ".join([f"{NIK[:8]} {NIK[8:]}"] * 500)
    found = privacy.scan(run)
    assert len(found) == 500 and {f.code for f in found} == {"privacy-nik"}
    assert privacy.scan("1 " * 16) != []  # sixteen ones have a NIK's form (11 11 11 11-11-11 1111)


# --- what YAML means -----------------------------------------------------------------------

A, B, C, D = NIK[:4], NIK[4:8], NIK[8:12], NIK[12:]
PIECES = (f"{A} {B}", f"{C} {D}", f"{A}{B}", f"{C}{D}", B, C)  # none of them is a personal number on its own
ESCAPED = "".join(f"\\x{ord(ch):02x}" for ch in NIK)

# where: (lines from line 8 of an agency, (line, column) reported, code)
DISGUISES = {
    "folded >": (f"note: >\n  NIK {A} {B}\n  {C} {D}\n", (8, 7), "privacy-nik"),
    "folded >-": (f"note: >-\n  NIK {A}{B}\n  {C}{D} ikut.\n", (8, 7), "privacy-nik"),
    "plain over two lines": (f"note: NIK {A} {B}\n  {C} {D}\n", (8, 7), "privacy-nik"),
    "single-quoted over two lines": (f"note: 'NIK {A} {B}\n  {C} {D}'\n", (8, 7), "privacy-nik"),
    "\\x escapes": (f'note: "NIK {ESCAPED}"\n', (8, 7), "privacy-nik"),
    "\\u escapes": (f'note: "NIK {A}\\u0039{B[1:]}\\u0030{C[1:]}{D}"\n', (8, 7), "privacy-nik"),
    "\\U escape": (f'note: "NIK {A}{B}\\U00000030{C[1:]}{D}"\n', (8, 7), "privacy-nik"),
    "backslash continuation": (f'note: "NIK {A}{B}\\\n  {C}{D}"\n', (8, 7), "privacy-nik"),
    "escaped key": (f'"\\x{ord(A[0]):02x}{NIK[1:]}": warga binaan\n', (8, 1), "privacy-nik"),
    "key over a flow mapping": (f'catatan: {{"{A}{B}\\\n  {C}{D}": x}}\n', (8, 11), "privacy-nik"),
    "in a list item": (f"note:\n  - >\n    {A}{B}\n    {C}{D}\n", (9, 5), "privacy-nik"),
    "folded NIP": (f"note: >\n  NIP {NIP[:8]}\n  {NIP[8:14]} {NIP[14]} {NIP[15:]}\n", (8, 7), "privacy-nip"),
    "folded phone": (f"note: >\n  HP {MOBILE[:4]} {MOBILE[4:8]}\n  {MOBILE[8:]}\n", (8, 7), "privacy-phone"),
    "escaped phone": (f'note: "WA \\x30\\x38{MOBILE[2:]}"\n', (8, 7), "privacy-phone"),
}


def _record_findings(text: str) -> list[privacy.Located]:
    parsed = yamlread.parse(text)
    return privacy.scan_record(text, parsed.rewritten)


@pytest.mark.parametrize("lines, at, code", DISGUISES.values(), ids=DISGUISES.keys())
def test_disguised_numbers_are_found_at_their_value(lines, at, code):
    text = agency("x", extra=lines)
    assert privacy.scan(text) == [], "the raw lines alone must not show the number, or this test proves nothing"
    assert [(f.code, (f.line, f.column)) for f in _record_findings(text)] == [(code, at)]


@pytest.mark.parametrize("lines, at", [
    (f'note: "NIK {NIK}\\u00e9"\n', (8, 12)),  # an escape elsewhere in the value: the raw line shows the number
    (f"note: |\n  NIK {NIK}\n", (9, 7)),  # a literal block keeps its lines
    (f"note: >\n  NIK {NIK}\n  tercatat.\n", (9, 7)),  # folded, but the number is whole on its line
    (f'note: "NIK {NIK}\\\n  tercatat"\n', (8, 12)),
    (f"note: >\n  HP {MOBILE[:10]}\n  {MOBILE[10:]}\n", (9, 6)),  # a phone number on its own, longer when folded
])
def test_a_number_the_raw_line_shows_is_reported_once(lines, at):
    text = agency("x", extra=lines)
    found = _record_findings(text)
    # once, at the number itself (which the raw scan located), and its line may be shown masked
    assert [((f.line, f.column), f.last_line) for f in found] == [(at, None)], found


@pytest.mark.parametrize("lines", [
    "note: >\n  Periode 20240101\n  20241231.\n",
    'note: "NPWP instansi 00.123.456.7\\\n  -891.000"\n',
    "note: >\n  Surat 180/07/PKS/2023\n  tanggal 13-03-2023.\n",
    'note: "Kode \\x32\\x30\\x30\\x37915208917364"\n',  # province 20 does not exist
    f"note: >\n  Nomor {A}{B}\n  dan {C}{D}\n",  # two halves with a word between
])
def test_lookalikes_pass_after_yaml_reads_them(lines):
    text = agency("x", extra=lines)
    assert yamlread.parse(text).ok
    assert _record_findings(text) == []


def test_plain_one_line_values_are_not_read_twice():
    """Only what YAML reads differently from its text is kept for a second scan: the cost stays small."""
    text = agency("x", extra=f'note: "NIK {NIK}"\nplain: {NIK}\nsingle: \'{NIK}\'\n')
    assert yamlread.parse(text).rewritten == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["folded >", "backslash continuation", "\\x escapes", "folded phone"])
def test_disguised_numbers_fail_and_no_piece_is_printed(how, fmt, make_registry, run_cli):
    lines, (line, column), code = DISGUISES[how]
    # A zero-width space on the number's last line is a problem of its own at that line: the text
    # report must still not print the line, since masking cannot hide half a number.
    extra = lines[:-2] + '\u200b"\n' if lines.endswith('"\n') else lines[:-1] + "\u200b\n"
    root = make_registry({"agencies/disamarkan.yaml": agency("disamarkan", extra=extra)})
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    codes = {(found_line, found_column, found) for _, found_line, found_column, found in located(result.stdout, fmt)}
    assert (line, column, code) in codes, result.stdout
    everything = result.stdout + result.stderr
    for piece in (NIK, ESCAPED, MOBILE, MOBILE[4:8], MOBILE[8:], *PIECES):
        assert piece not in everything, piece
    assert "file-control-character" in everything


def test_every_located_finding_points_into_the_value(tmp_path):
    """A finding made from a loaded value names the lines that hold it, for reporters to withhold."""
    (tmp_path / "agencies").mkdir()
    file = tmp_path / "agencies" / "x.yaml"
    file.write_text(agency("x", extra=DISGUISES["folded >"][0]), encoding="utf-8")
    doc = sources.read(tmp_path, file)
    [found] = privacy.scan_record(doc.text, doc.rewritten)
    assert (found.line, found.last_line) == (8, 10)
    assert f"{A} {B}" in doc.text.split("\n")[found.last_line - 2]
