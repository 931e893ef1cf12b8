"""The privacy guard: personal numbers anywhere in a record are errors, and never reach any output.

The numbers here are made up; their digit groups are distinctive so that a test can prove that not
even a fragment of them is printed.
"""

from __future__ import annotations

import json

import pytest

from site_builder.validation import privacy, schemas, yamlread
from registry_fixture import record_files
from validator_support import AS_OF, FORMATS, agency, located

NIK = "6307915208917364"  # 16 digits: NIK or family card (KK); a woman born 12 August 1991 in 63.07.91
NIK_GROUPS = ("9152", "0891", "7364")
NIP = "198207142009121002"  # 18 digits: civil-servant number
NIP_GROUPS = ("19820714", "20091210", "1002")
PHONE = "081298765432"
PHONE_GROUPS = ("9876", "5432")

SPLITS = {
    "plain": "{a}{b}{c}{d}",
    "spaces": "{a} {b} {c} {d}",
    "dots": "{a}.{b}.{c}.{d}",
    "dashes": "{a}-{b}-{c}-{d}",
    "spaced dashes": "{a} - {b} - {c} - {d}",
    "slashes": "{a}/{b}/{c}/{d}",
    "zero-width space": "{a}\u200b{b}\u200b{c}\u200b{d}",
    "zero-width joiner": "{a}\u200d{b}\u200c{c}\u200d{d}",
    "word joiner": "{a}\u2060{b}\u2060{c}\u2060{d}",
    "soft hyphen": "{a}\u00ad{b}\u00ad{c}\u00ad{d}",
    "no-break spaces": "{a}\u00a0{b}\u202f{c}\u2007{d}",
    "byte-order marks": "{a}\ufeff{b}\ufeff{c}\ufeff{d}",
    "en dashes": "{a}\u2013{b}\u2013{c}\u2013{d}",
    "left-to-right marks": "{a}\u200e{b}\u200e{c}\u200e{d}",
    "tabs": "{a}\t{b}\t{c}\t{d}",
    "carriage returns": "{a}\r{b}\r{c}\r{d}",
    "line separators": "{a}\u2028{b}\x85{c}\u2029{d}",
    # HTML shows a run of spaces as one and invisible characters as nothing: a run is one separator
    "runs of spaces": "{a}     {b}  \t  {c}          {d}",
    "widely spaced dashes": "{a}   -   {b}   -   {c}   -   {d}",
    "runs of invisible characters": "{a}\u200b\u200b\u200b\u200b\u200b{b}\u2060\u200b\u200d\u2060{c}\ufeff\ufeff\ufeff\ufeff{d}",
    "apostrophes": "{a}'{b}'{c}'{d}",  # YAML's doubled '' in a quoted value prints one
    "commas": "{a},{b},{c},{d}",
    "backslashes": "{a}\\{b}\\{c}\\{d}",  # shown as written outside double quotes
}


def split(number: str, how: str) -> str:
    a, b, c, d = number[:4], number[4:8], number[8:12], number[12:]
    return SPLITS[how].format(a=a, b=b, c=c, d=d)


@pytest.mark.parametrize("how", SPLITS)
@pytest.mark.parametrize("number, code", [(NIK, "privacy-nik"), (NIP, "privacy-nip"), (PHONE, "privacy-phone")])
def test_numbers_are_found_however_they_are_split(number, code, how):
    text = f"catatan: nomor {split(number, how)} tercatat"
    assert [f.code for f in privacy.scan(text)] == [code]
    masked = privacy.mask(text)
    assert not any(ch.isdigit() for ch in masked.replace("[16 digit", "").replace("[18 digit", "").replace("[12 digit", ""))


@pytest.mark.parametrize("text", [
    "+62 812-9876-5432", "(0517) 41234", "Telp. 0517-41234", "628129876543", "NIK 6307915208917364 2023",
    "NIK: 6307915208917364, NIP: 198207142009121002", "KK ٦٣٠٧٩١٥٢٠٨٩١٧٣٦٤",  # Arabic-Indic digits
    "6,307,915,208,917,364", "NIK 6307915\\208917364", "0812, 9876, 5432",  # grouped as a spreadsheet does
])
def test_more_personal_numbers_are_found(text):
    assert privacy.scan(text)


@pytest.mark.parametrize("text", [
    "2023-03-13", "2023-03-13 2024-03-12", "2023-03-13 s.d. 2026-03-13", "13/3/2023", "13/03/2023-12/03/2024",
    "13.03.2023-12.03.2024", "08.12.2023 10.00", "Senin (13/3/2023)",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "63", "63.07", "63.07.01", "63.07.01.2001", "63.07 2023-03-13",
    "180/05/PKS/2023", "445/123/DISDIK/III/2023", "W15.PAS.PAS7-HM.05.01-123", "Nomor: 119/0123/2023",
    "Rp 150.000.000", "Rp 1.250.000.000", "2023 - 2026", "120 orang", "tahun 2020, 2021 dan 2022",
    "Rp 1,250,000,000", "Rp1.500.000.000,00", "pasal 1, 2, 3, 4, 5, 6, 7, 8, 9 dan 10", "tahun 2019, 2020, 2021, 2022",
    "koordinat -2.5678, 115.1234", "C:\\Data\\2023\\03\\13",
])
def test_ordinary_numbers_pass(text):
    assert privacy.scan(text) == []


# Written with an exponent, a number shows few of its digits; YAML reads them all, and the site prints
# them (6.307.915.208.911.000). The text alone holds no personal number in any of these.
SCALED = {
    "nik": ("6.307915208911e+15", "privacy-nik"),
    "nik, capital E": ("6307915.208911E+9", "privacy-nik"),
    "nik, negative": ("-6.307915208911e+15", "privacy-nik"),
    "phone, 62 form": ("6.2811e+11", "privacy-phone"),
}


@pytest.mark.parametrize("positions", [True, False])
@pytest.mark.parametrize("where", ["value: {}\n", "daftar:\n  - {}\n", "peta: {{nilai: {}}}\n"])
@pytest.mark.parametrize("name", SCALED)
def test_numbers_written_with_an_exponent_are_found(name, where, positions):
    token, code = SCALED[name]
    text = "id: x\n" + where.format(token)
    assert privacy.scan(text) == []
    parsed = yamlread.parse(text, positions=positions)
    assert not parsed.problems
    found = privacy.scan_record(text, parsed.rewritten)
    at = text.index(token)
    line_start = text.rfind("\n", 0, at) + 1
    assert [(f.code, f.line, f.column) for f in found] == [(code, text.count("\n", 0, at) + 1, at - line_start + 1)]


@pytest.mark.parametrize("token", ["1.5e+3", "2.5e-3", "1.0e+8", "9.99e+18", "1.5e+30", "6.3e+15"])
def test_ordinary_numbers_with_an_exponent_pass(token):
    text = f"value: {token}\n"
    assert privacy.scan_record(text, yamlread.parse(text).rewritten) == []


def test_scan_of_a_long_run_of_digits_is_linear():
    """128,000 separated digits form one run; classifying it must not be quadratic."""
    assert privacy.scan("0 " * 128_000) == []
    assert len(privacy.scan("1 " * 128_000)) == 128_000 // 16  # 16 ones have a NIK's form; each is found



PLACES = {
    # where: (relative path, text, (line, column) of the number)
    "value": ("agencies/di-nilai.yaml", agency("di-nilai", extra="note: Warga binaan NIK {n} ikut.\n"), (8, 24)),
    "quoted value": ("agencies/di-kutip.yaml", agency("di-kutip", extra='note: "NIK {n}"\n'), (8, 12)),
    "key": ("agencies/di-kunci.yaml", agency("di-kunci", extra="{n}: warga binaan\n"), (8, 1)),
    "comment": ("agencies/di-komentar.yaml", "# NIK {n}\n" + agency("di-komentar", extra=""), (1, 7)),
    "file name": ("agencies/{n}.yaml", agency("nama-berkas", extra=""), (1, 1)),
}


# Line breaks inside one value join its lines on the site (HTML shows them as spaces): the number is found
# at the value. YAML spells them with escapes or keeps them in a literal block.
BROKEN_VALUES = {
    "escaped tabs": ('note: "NIK {a}\\t{b}\\t{c}\\t{d}"\n', (8, 7)),
    "escaped line breaks": ('note: "NIK {a}\\n{b}\\n{c}\\n{d}"\n', (8, 7)),
    "escaped carriage returns": ('note: "NIK {a}\\r{b}\\r{c}\\r{d}"\n', (8, 7)),
    "literal block": ("note: |\n  NIK {a}\n  {b}\n  {c}\n  {d}\n", (8, 7)),
}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("how", BROKEN_VALUES)
def test_numbers_broken_over_a_values_lines_are_errors(how, fmt, make_registry, run_cli):
    extra, (line, column) = BROKEN_VALUES[how]
    a, b, c, d = NIK[:4], NIK[4:8], NIK[8:12], NIK[12:]
    root = make_registry({"agencies/di-pecah.yaml": agency("di-pecah", extra=extra.format(a=a, b=b, c=c, d=d))})
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1, result.stdout
    codes = {(found_line, found_column, code) for _, found_line, found_column, code in located(result.stdout, fmt)}
    assert (line, column, "privacy-nik") in codes, result.stdout
    assert not any(group in result.stdout + result.stderr for group in NIK_GROUPS)


def test_a_tab_split_number_is_masked_in_the_tab_report(make_registry, run_cli):
    """A literal tab is its own error (file-tab); the line it shows must not carry the number either."""
    a, b, c, d = NIK[:4], NIK[4:8], NIK[8:12], NIK[12:]
    root = make_registry({"agencies/di-tab.yaml": agency("di-tab", extra=f"note: NIK {a}\t{b}\t{c}\t{d}\n")})
    result = run_cli("validate", "--root", str(root), "--format", "text", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    assert "privacy-nik" in result.stdout
    assert not any(group in result.stdout + result.stderr for group in NIK_GROUPS), result.stdout


# file names keep to letters, digits, dots and hyphens: only those splits are tried there
PLACED = [(where, how) for where in PLACES for how in ("plain", "spaces", "dots", "zero-width space", "word joiner")
          if where != "file name" or how in ("plain", "dots")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where, how", PLACED)
def test_numbers_are_errors_and_never_printed(where, how, fmt, make_registry, run_cli):
    relpath, text, (line, column) = PLACES[where]
    number = split(NIK, how)
    relpath = relpath.format(n=number)
    root = make_registry({relpath: text.format(n=number)})
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    codes = {(found_line, found_column, code) for _, found_line, found_column, code in located(result.stdout, fmt)}
    assert (line, column, "privacy-nik") in codes, result.stdout
    everything = result.stdout + result.stderr
    for fragment in (NIK, number, *NIK_GROUPS, split(NIK, "spaces"), split(NIK, "dots"), split(NIK, "dashes")):
        assert fragment not in everything


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_number_field_holding_a_nik_is_an_error(fmt, make_registry, run_cli):
    """An action plan's target value is a number to the schema: written with an exponent it holds every
    digit of a NIK, which the site would print in full."""
    plan = "agreements/rutan-barabai/rencana-aksi/ra-rutan-barabai-disdukcapil-hst-2023.yaml"
    files = record_files()
    text = files[plan].decode()
    assert "    target: null\n" in text
    files[plan] = text.replace("    target: null\n", "    target:\n      value: 6.307915208911e+15\n      unit: orang\n", 1)
    root = make_registry(files)
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1, result.stdout
    line = files[plan].splitlines().index("      value: 6.307915208911e+15") + 1
    assert (line, 14, "privacy-nik") in {(found_line, column, code) for _, found_line, column, code in located(result.stdout, fmt)}
    assert "6.307915208911e+15" not in result.stdout + result.stderr  # its line is not shown


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_in_message_parameters_are_masked(fmt, make_registry, run_cli):
    """A NIP in an enum value, an unknown key and an id: every message quoting it is masked too."""
    text = agency(f"instansi-{NIP}", extra=f"nip-{NIP}: x\n").replace("kind: perangkat-daerah", f"kind: {NIP}")
    root = make_registry({"agencies/instansi.yaml": text, "agencies/telepon.yaml": agency(
        "telepon", extra=f"note: Hubungi {PHONE[:4]}\u200b{PHONE[4:8]}\u200b{PHONE[8:]} (WA).\n")})
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--lang", "en")
    assert result.exit_code == 1
    everything = result.stdout + result.stderr
    for fragment in (NIP, *NIP_GROUPS, PHONE, *PHONE_GROUPS):
        assert fragment not in everything
    codes = {code for *_, code in located(result.stdout, fmt)}
    assert {"privacy-nip", "privacy-phone", "schema-enum", "schema-unknown-key", "id-filename-mismatch"} <= codes


JSONSCHEMA_PHRASES = ("is not of type", "does not match", "is not one of [", "is a required property",
                      "Additional properties", "is not valid under any of the given schemas", "is too short",
                      "should be non-empty", "is not a 'date'", "is less than the minimum")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_reporters_never_echo_jsonschema_messages(fmt, lang, make_registry, run_cli):
    text = """id: gagal-skema
name: ""
short_name: [Dinas]
kind: perangkat-dearah
parent: null
region: "63-07"
website: "ftp://contoh"
websit: null
name_history:
  - name: Dinas Lama
    until: "2023-02-30"
"""
    root = make_registry({"agencies/gagal-skema.yaml": text})
    result = run_cli("validate", "--root", str(root), "--format", fmt, "--lang", lang)
    assert result.exit_code == 1
    # The messages jsonschema itself would have printed for this record:
    from site_builder.validation import sources

    doc = sources.read(root, root / "agencies/gagal-skema.yaml")
    own = [error.message for error in schemas.load(root / "schema").validators["agency"].iter_errors(doc.data)]
    assert len(own) >= 6
    for message in own:
        assert message not in result.stdout
    for phrase in JSONSCHEMA_PHRASES:
        assert phrase not in result.stdout


def test_masked_json_stays_valid_json(make_registry, run_cli):
    root = make_registry({"agencies/x-nik.yaml": agency("x-nik", extra=f'note: "{NIK}\\u0000"\n')})
    result = run_cli("validate", "--root", str(root), "--format", "json")
    payload = json.loads(result.stdout)
    assert NIK not in result.stdout and payload["status"] == "fail"
