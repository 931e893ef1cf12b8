"""`pks diff` summaries are printed to CI logs and pull-request comments: personal numbers in the
changed records stay masked there, in every format, as in validation reports."""

from __future__ import annotations

import json
import shutil

import pytest

from workflow_helpers import REPO, commit, git, run_pks

AGENCY = """id: dinas-contoh
name: {name}
short_name: null
kind: perangkat-daerah
parent: null
region: "63.07"
website: null
{extra}sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""
NIK = "6307915208917364"
PIECES = (NIK, "6307 9152", "0891 7364", "9152", "0891", "7364", "41234")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_personal_numbers_in_a_change_summary_are_masked(fmt, tmp_path):
    root = tmp_path / "registri"
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "agencies").mkdir()
    record = root / "agencies" / "dinas-contoh.yaml"
    record.write_text(AGENCY.format(name="Dinas Contoh", extra=""), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    base = commit(root, "awal")
    record.write_text(AGENCY.format(name="Dinas Contoh NIK 6307 9152 0891 7364 (0517) 41234",
                                    extra='"\\x36307915208917364": x\n'), encoding="utf-8")
    commit(root, "nama dengan NIK")
    result = run_pks("diff", base, "HEAD", "--root", str(root), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "nama diubah" in result.output and "digit ••••" in result.output
    for piece in PIECES:
        assert piece not in result.output, piece
    if fmt == "json":
        json.loads(result.output)
