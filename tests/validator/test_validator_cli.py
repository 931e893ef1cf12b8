"""`pks validate` as maintainers and CI meet it: PATHS, exit codes, languages and the four output formats."""

from __future__ import annotations

import json
import string

import pytest

from site_builder.validation import messages
from validator_support import AS_OF, agency

BROKEN = agency("rusak").replace("website: null", "websit: null")  # unknown key, line 7


def validate(run_cli, root, *args, env=None):
    return run_cli("validate", "--root", str(root), "--as-of", AS_OF.isoformat(), *args, env=env)


# --- PATHS ------------------------------------------------------------------------------------


@pytest.fixture
def registry(make_registry):
    return make_registry({
        "agencies/induk.yaml": agency("induk"),
        "agencies/daerah/anak.yaml": agency("anak", parent="induk"),
        "agencies/rusak.yaml": BROKEN,
    })


def test_named_file_is_checked_against_the_whole_registry(registry, run_cli):
    """anak names 'induk', which lives in a file not named: that is no problem."""
    result = validate(run_cli, registry, str(registry / "agencies/daerah/anak.yaml"), "--format", "parsable")
    assert (result.exit_code, result.stdout) == (0, "")


def test_broken_file_not_named_is_not_reported(registry, run_cli):
    whole = validate(run_cli, registry, "--format", "parsable")
    assert whole.exit_code == 1 and "agencies/rusak.yaml:7:1" in whole.stdout
    named = validate(run_cli, registry, str(registry / "agencies/induk.yaml"), "--format", "parsable")
    assert (named.exit_code, named.stdout) == (0, "")


def test_named_broken_file_fails_alone(registry, run_cli, monkeypatch):
    monkeypatch.chdir(registry)  # PATHS are relative to the working directory, as pre-commit passes them
    result = validate(run_cli, registry, "agencies/rusak.yaml", "agencies/induk.yaml", "--format", "parsable")
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"agencies/rusak.yaml"}


def test_named_folder_reports_the_files_under_it(registry, run_cli):
    result = validate(run_cli, registry, str(registry / "agencies"), "--format", "parsable")
    assert result.exit_code == 1 and "agencies/rusak.yaml:7:1" in result.stdout
    result = validate(run_cli, registry, str(registry / "agencies/daerah"), "--format", "parsable")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize("bad", ["outside", "missing", "root-without-schema"])
def test_usage_errors_exit_2(bad, registry, run_cli, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(agency("elsewhere"))
    args = {"outside": ["--root", str(registry), str(outside)],
            "missing": ["--root", str(registry), str(registry / "agencies/tidak-ada.yaml")],
            "root-without-schema": ["--root", str(tmp_path)]}[bad]
    result = run_cli("validate", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


CROSS_FILE = {
    "id clash": ({"agencies/a/sama.yaml": agency("sama"), "agencies/b/sama.yaml": agency("sama")}, "1:5", "id-duplicate"),
    "parent cycle": ({"agencies/satu.yaml": agency("satu", parent="dua"), "agencies/dua.yaml": agency("dua", parent="satu")},
                     "5:9", "ref-cycle"),
}


@pytest.mark.parametrize("case, named", [(case, name) for case, (files, _, _) in CROSS_FILE.items() for name in files])
def test_cross_file_problem_shows_whichever_file_is_named(case, named, make_registry, run_cli):
    files, where, code = CROSS_FILE[case]
    root = make_registry(files)
    result = validate(run_cli, root, str(root / named), "--format", "parsable")
    assert result.exit_code == 1 and f"{named}:{where}: error:" in result.stdout and f"[{code}]" in result.stdout


# --- exit codes -------------------------------------------------------------------------------


def test_exit_codes(make_registry, run_cli):
    clean = make_registry({"agencies/induk.yaml": agency("induk")})
    assert validate(run_cli, clean).exit_code == 0
    # two action plans for one agreement is only a warning: exit 0, and 1 with --strict
    plan = """id: {id}
agreement: rutan-barabai-dinkes-hst-2023
title: Rencana
activities: []
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""
    from registry_fixture import record_files

    root = make_registry({**record_files(), "agreements/rutan-barabai/rencana-aksi/ra-kedua.yaml": plan.format(id="ra-kedua")})
    warned = validate(run_cli, root, "--format", "parsable")
    assert warned.exit_code == 0 and "warning:" in warned.stdout and "[plan-duplicate]" in warned.stdout
    assert validate(run_cli, root, "--strict").exit_code == 1
    assert validate(run_cli, make_registry({"agencies/rusak.yaml": BROKEN})).exit_code == 1


# --- messages and languages -------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(messages.CATALOGUE))
def test_catalogue_entry_is_complete_in_both_languages(code):
    entry = messages.CATALOGUE[code]
    assert entry.title_id.strip() and entry.title_en.strip()
    assert entry.message_id.strip() and entry.message_en.strip()
    assert bool(entry.hint_id.strip()) == bool(entry.hint_en.strip())
    for template in (entry.message_id, entry.message_en, entry.hint_id, entry.hint_en):
        list(string.Formatter().parse(template))  # a broken template fails here, not in a maintainer's terminal


ID_LINE = "agencies/rusak.yaml:7:1: error: kunci 'websit' tidak dikenal di sini [schema-unknown-key]"
EN_LINE = "agencies/rusak.yaml:7:1: error: key 'websit' is not known here [schema-unknown-key]"


@pytest.mark.parametrize("args, env, expected", [
    ([], {}, ID_LINE),
    (["--lang", "en"], {}, EN_LINE),
    ([], {"PKS_LANG": "en"}, EN_LINE),
    (["--lang", "id"], {"PKS_LANG": "en"}, ID_LINE),
    ([], {"PKS_LANG": "fr"}, ID_LINE),
])
def test_language(args, env, expected, make_registry, run_cli):
    root = make_registry({"agencies/rusak.yaml": BROKEN})
    result = validate(run_cli, root, "--format", "parsable", *args, env=env)
    assert result.stdout.splitlines()[0].startswith(expected + " (")


# --- output formats ---------------------------------------------------------------------------

TEXT_RECORD = agency("teks").replace("short_name: null", 'short_name: "Dinas\u200bContoh"') \
    .replace("website: null", "websit: null")


def test_text_groups_by_file_and_shows_the_line_with_a_caret(make_registry, run_cli):
    root = make_registry({"agencies/teks.yaml": TEXT_RECORD, "agencies/rusak.yaml": BROKEN})
    result = validate(run_cli, root, "--format", "text", "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0] == "agencies/rusak.yaml"
    start = lines.index("agencies/teks.yaml")
    assert lines[start - 1] == ""
    at = lines.index("  3:19     error      invisible character U+200B is not allowed in a record  (file-control-character)")
    assert lines[at + 1:at + 4] == [
        "                      hint: delete the character and retype the text",
        '     3 | short_name: "Dinas<U+200B>Contoh"',
        "       |                   ^",
    ]
    assert lines[-1] == "3 errors, 0 warnings in 2 files (0 agreements, 0 action plans, 2 agencies)"


def test_github_annotations_are_chosen_in_actions(make_registry, run_cli):
    root = make_registry({"agencies/rusak.yaml": BROKEN})
    result = validate(run_cli, root, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.splitlines()[:1] == [
        "::error file=agencies/rusak.yaml,line=7,col=1,title=schema-unknown-key%3A Kunci tidak dikenal::"
        "kunci 'websit' tidak dikenal di sini — maksud Anda 'website'? kunci yang dikenal: id, name, short_name, kind, "
        "parent, region, website, name_history, original_wording, maintainers, note, sources",
    ]
    assert validate(run_cli, root).stdout.startswith("agencies/rusak.yaml\n")  # text outside Actions


def test_github_escapes_what_would_end_an_annotation(make_registry, run_cli):
    record = agency("koma").replace("website: null", 'website: "a,b:c%d"')
    root = make_registry({"agencies/koma.yaml": record})
    line = validate(run_cli, root, "--format", "github", "--lang", "en").stdout.splitlines()[0]
    assert line.startswith("::error file=agencies/koma.yaml,line=7,col=10,title=url-scheme%3A Invalid web address::")
    assert line.count("::") == 2 and "%25" not in line.split("::")[1]


def test_json_shape_is_pinned(make_registry, run_cli):
    root = make_registry({"agencies/rusak.yaml": BROKEN, "agencies/induk.yaml": agency("induk")})
    payload = json.loads(validate(run_cli, root, "--format", "json", "--lang", "en").stdout)
    assert payload == {
        "status": "fail",
        "summary": {"errors": 1, "warnings": 0, "files": {"agency": 2},
                    "omitted": {"errors": 0, "warnings": 0, "per_code": 20}},
        "problems": [
            # one cause, one problem: 'website' is not also reported missing
            {"path": "agencies/rusak.yaml", "line": 7, "column": 1, "code": "schema-unknown-key", "severity": "error",
             "message": "key 'websit' is not known here",
             "hint": "did you mean 'website'? known keys: id, name, short_name, kind, parent, region, website, "
                     "name_history, original_wording, maintainers, note, sources",
             "pointer": "websit",
             "fix": [{"line": 7, "column": 1, "end_line": 7, "end_column": 7, "text": "website"}]},
        ],
        "omitted": [],
    }
    clean = json.loads(validate(run_cli, root, str(root / "agencies/induk.yaml"), "--format", "json").stdout)
    assert clean == {"status": "pass", "summary": {"errors": 0, "warnings": 0, "files": {"agency": 2},
                                                   "omitted": {"errors": 0, "warnings": 0, "per_code": 20}},
                     "problems": [], "omitted": []}


def test_file_level_problems_are_located_at_the_start_in_every_format(make_registry, run_cli):
    root = make_registry({"agencies/Huruf_Besar.yaml": agency("huruf-besar")})
    parsable = validate(run_cli, root, "--format", "parsable").stdout
    assert parsable.startswith("agencies/Huruf_Besar.yaml:1:1: error:")
    problem = json.loads(validate(run_cli, root, "--format", "json").stdout)["problems"][0]
    assert (problem["line"], problem["column"], problem["code"]) == (1, 1, "file-name")


def test_long_source_line_is_shown_around_the_column(make_registry, run_cli):
    record = agency("panjang", extra="note: " + "kata " * 20_000 + "\t akhir\n")
    root = make_registry({"agencies/panjang.yaml": record})
    lines = validate(run_cli, root, "--format", "text").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("(file-tab)"))
    shown, caret = lines[at + 2], lines[at + 3]
    assert shown.startswith("     8 | …") and shown.endswith("→ akhir") and len(shown) < 200
    assert shown[caret.index("^")] == "→"


@pytest.mark.parametrize("fmt", ["text", "parsable", "github", "json"])
def test_terminal_control_characters_in_names_are_made_visible(fmt, make_registry, run_cli):
    root = make_registry({"agencies/\x1b[2J\u202eyaml.lmth.yaml": agency("x-name")})
    result = validate(run_cli, root, "--format", fmt)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "<U+001B>[2J<U+202E>yaml.lmth.yaml" in result.stdout
