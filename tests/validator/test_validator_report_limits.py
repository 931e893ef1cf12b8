"""Big reports: at most PER_CODE problems of one code per file in every format, capped GitHub
annotations, totals of what is listed, English plurals, and work that does not grow per problem."""

from __future__ import annotations

import json
import re

import pytest

from site_builder.validation import privacy, reporters
from site_builder.validation.validate import validate as run_validate
from validator_support import AS_OF, agency


def phones(n: int, start: int = 0) -> str:
    """n distinct mobile numbers on one line: each is one privacy-phone problem on line 8."""
    return "note: \"" + ", ".join(f"0812{i:07d}" for i in range(start, start + n)) + "\"\n"


def validate(run_cli, root, fmt, lang="en"):
    return run_cli("validate", "--root", str(root), "--as-of", AS_OF.isoformat(), "--format", fmt, "--lang", lang).stdout


@pytest.fixture
def crowded(make_registry):
    """45 phone numbers in one file (20 listed, 25 left out), 2 in another."""
    return make_registry({"agencies/banyak.yaml": agency("banyak", extra=phones(45)),
                          "agencies/sedikit.yaml": agency("sedikit", extra=phones(2, 100))})


def test_text_lists_20_of_one_code_per_file_then_says_how_many_more(crowded, run_cli):
    out = validate(run_cli, crowded, "text")
    assert out.count("(privacy-phone)") == 20 + 1 + 2
    assert "  8:268    error      and 25 more of this code not listed (at most 20 per code per file)  (privacy-phone)" in out
    assert out.splitlines()[-2:] == [
        "22 errors, 0 warnings in 2 files (0 agreements, 0 action plans, 2 agencies)",
        "not listed: 25 more errors and 0 more warnings (at most 20 of one code per file); fix the listed ones and run again",
    ]
    indonesian = validate(run_cli, crowded, "text", "id")
    assert "dan 25 lagi dengan kode ini tidak dicantumkan (paling banyak 20 per kode per berkas)  (privacy-phone)" in indonesian
    assert indonesian.splitlines()[-1].startswith("tidak dicantumkan: 25 galat dan 0 peringatan lagi")


def test_parsable_and_json_list_the_same_and_say_what_is_left_out(crowded, run_cli):
    lines = validate(run_cli, crowded, "parsable").splitlines()
    assert len(lines) == 23 and lines[20] == (
        "agencies/banyak.yaml:8:268: error: and 25 more of this code not listed (at most 20 per code per file) [privacy-phone]")
    payload = json.loads(validate(run_cli, crowded, "json"))
    assert payload["status"] == "fail" and len(payload["problems"]) == 22
    assert payload["summary"]["errors"] == 22
    assert payload["summary"]["omitted"] == {"errors": 25, "warnings": 0, "per_code": 20}
    assert payload["omitted"] == [{"path": "agencies/banyak.yaml", "line": 8, "column": 268, "code": "privacy-phone",
                                   "severity": "error", "count": 25}]
    assert "0812" not in json.dumps(payload)  # what is counted is masked like what is listed


def test_github_annotates_the_first_problems_and_logs_the_rest(make_registry, run_cli):
    root = make_registry({"agencies/satu.yaml": agency("satu", extra=phones(8)), "agencies/dua.yaml": agency("dua", extra=phones(8, 10)),
                          "agencies/tiga.yaml": agency("tiga", extra=phones(30, 20))})
    lines = validate(run_cli, root, "github").splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    files = [re.match(r"::error file=([^,]*)", line).group(1) for line in annotations[:-1]]
    assert files == ["agencies/dua.yaml"] * 5 + ["agencies/satu.yaml"] * 4  # 5 per file, 9 per step
    assert annotations[-1] == (
        "::error title=More problems::37 more problems are not marked in their files (at most 5 annotations per file, "
        "9 per step); all are in this step's log; the count is also in the summary comment on the pull request")
    logged = [line for line in lines if line.startswith("agencies/")]
    assert len(logged) == 3 + 4 + 20 + 1 and logged[-1].startswith("agencies/tiga.yaml:8:")  # c: 20 listed, then "10 more"
    assert "and 10 more of this code" in logged[-1]
    assert lines[-2:] == ["36 errors, 0 warnings in 3 files (0 agreements, 0 action plans, 3 agencies)",
                          "not listed: 10 more errors and 0 more warnings (at most 20 of one code per file); "
                          "fix the listed ones and run again"]


def test_a_small_report_is_annotated_whole_with_no_summary_annotation(make_registry, run_cli):
    root = make_registry({"agencies/satu.yaml": agency("satu", extra=phones(1))})
    lines = validate(run_cli, root, "github").splitlines()
    assert [line[:7] for line in lines[:-1]] == ["::error"]
    assert lines[-1] == "1 error, 0 warnings in 1 file (0 agreements, 0 action plans, 1 agency)"


def test_copies_of_one_problem_are_counted_once(make_registry):
    root = make_registry({"agencies/satu.yaml": agency("satu", extra=phones(1))})
    report, _ = run_validate(root, AS_OF)
    report.extend(list(report.problems) * 50)  # the same finding reached 51 times
    assert reporters.text(report, root, "en").splitlines()[-1].startswith("1 error, 0 warnings")


def test_the_caret_points_at_the_mask_of_a_number_on_a_long_line(make_registry, run_cli):
    root = make_registry({"agencies/satu.yaml": agency("satu", extra=phones(40))})
    lines = validate(run_cli, root, "text").splitlines()
    for at in (i for i, line in enumerate(lines) if line.endswith("(privacy-phone)") and "more" not in line):
        shown, caret = lines[at + 2], lines[at + 3]
        assert shown[caret.index("^"):].startswith("[11 digit"), (shown, caret)


def test_a_long_line_is_masked_a_fixed_number_of_times_whatever_the_number_of_problems(make_registry, monkeypatch):
    """Linear text output, asserted without timing: the long line is scanned as often for 300
    problems as for 30 (the old reporter re-masked it, and its prefix, once per problem)."""
    scans = []
    real_scan = privacy.scan

    def counting(text):
        if len(text) > 300:
            scans.append(len(text))
        return real_scan(text)

    monkeypatch.setattr(reporters, "PER_CODE", 10**6)  # list every problem
    counts = {}
    for n in (30, 300):
        root = make_registry({f"agencies/n{n}.yaml": agency(f"n{n}", extra=phones(n))})
        report, _ = run_validate(root, AS_OF)
        report = report.only({f"agencies/n{n}.yaml"})
        monkeypatch.setattr(privacy, "scan", counting)
        scans.clear()
        out = reporters.text(report, root, "en")
        monkeypatch.setattr(privacy, "scan", real_scan)
        assert out.count("(privacy-phone)") == n
        counts[n] = len(scans)
    assert counts[300] == counts[30] <= 3, (counts, scans)


def test_column_mapping_agrees_with_masking_each_prefix(monkeypatch):
    """The one-pass mapping gives the offsets the old per-problem masking gave (outside numbers), and a
    mask written in another shape falls back to that masking rather than to a wrong caret."""
    source = "a 0812 0000001 b 3201234567890123 c 08120000002, d"
    line = reporters._MaskedLine(source)
    assert line.exact
    for column in (1, 3, 15, 16, 18, 34, 35, 50, len(source) + 1):
        assert line.offset(column) == len(privacy.mask(source[: column - 1])), column
    assert line.shown[line.offset(5):].startswith("[11 digit")  # inside a number: at its mask
    real_mask = privacy.mask
    monkeypatch.setattr(privacy, "mask", lambda text: real_mask(text).replace("[", "[[").replace("]", "]]"))
    other = reporters._MaskedLine(source)
    assert not other.exact and other.offset(18) == len(privacy.mask(source[:17]))
