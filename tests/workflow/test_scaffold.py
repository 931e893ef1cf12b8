"""`pks new` and `pks renew` write starters that validate clean in a real registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import model, scaffold, yamlread
from site_builder.validate import validate
from workflow_helpers import run_pks

AS_OF = dt.date(2026, 6, 1)


def problems(root: Path) -> list[str]:
    report, _ = validate(root, AS_OF)
    return [f"{p.path}:{p.line}: {p.code}" for p in report.sorted()]


def modeline_target(root: Path, relpath: str) -> Path:
    first = (root / relpath).read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    return ((root / relpath).parent / first[len(prefix):]).resolve()


def test_each_kind_scaffolded_from_options_validates_clean(registry):
    steps = [
        ["new", "agency", "--id", "dinsos-hst", "--name", "Dinas Sosial Kabupaten Hulu Sungai Tengah",
         "--kind", "perangkat-daerah", "--parent", "pemkab-hst", "--source", "Humas Rutan Barabai"],
        ["new", "agreement", "--institution", "rutan-barabai", "--partner", "dinsos-hst", "--title", "Kerja sama: layanan sosial #1",
         "--kind", "perjanjian-kerja-sama", "--signed", "2026-05-02", "--start", "", "--end", "", "--source", "Humas Rutan Barabai"],
        ["new", "action-plan", "--agreement", "rutan-barabai-dinsos-hst-2026", "--source", "Humas Rutan Barabai"],
    ]
    for args in steps:
        result = run_pks(*args, "--root", str(registry))
        assert result.exit_code == 0, result.output
    created = {
        "agencies/dinsos-hst.yaml": "agency.schema.json",
        "agreements/rutan-barabai/rutan-barabai-dinsos-hst-2026.yaml": "agreement.schema.json",
        "agreements/rutan-barabai/rencana-aksi/ra-rutan-barabai-dinsos-hst-2026.yaml": "action-plan.schema.json",
    }
    for relpath, schema in created.items():
        assert modeline_target(registry, relpath) == (registry / "schema" / schema).resolve()
        assert "# " in (registry / relpath).read_text(encoding="utf-8").split("\n", 3)[1]  # commented for the maintainer
    assert problems(registry) == []


def test_prompts_ask_for_what_is_missing(registry):
    answers = "dinsos-hst\nDinas Sosial Kabupaten Hulu Sungai Tengah\nperangkat-daerah\n\nHumas Rutan Barabai\n"
    result = run_pks("new", "agency", "--root", str(registry), input=answers)
    assert result.exit_code == 0, result.output
    assert "Nama resmi instansi" in result.output
    assert (registry / "agencies/dinsos-hst.yaml").is_file() and problems(registry) == []


def test_renew_links_the_successor_copies_parties_and_leaves_unknowns_null(registry):
    result = run_pks("renew", "rutan-barabai-dinkes-hst-2023", "--root", str(registry), "--signed", "",
                     "--start", "2026-03-14", "--end", "", "--source", "Humas Rutan Barabai")
    assert result.exit_code == 0, result.output
    path = "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2026.yaml"
    data = yamlread.parse((registry / path).read_text(encoding="utf-8")).data
    assert data["relations"] == {"renews": "rutan-barabai-dinkes-hst-2023"}
    assert [(p["agency"], p["role"], p["document_number"], p["signatory"]) for p in data["parties"]] == [
        ("rutan-barabai", None, None, None), ("dinkes-hst", None, None, None)]
    assert data["signed"] == {"date": None, "place": None}
    assert data["validity"] == {"start": "2026-03-14", "end": None}
    assert data["scope"] == [] and "#  - id: layanan-kesehatan" in (registry / path).read_text(encoding="utf-8")
    assert problems(registry) == []
    report, shaped = validate(registry, AS_OF)
    assert model.build(shaped, AS_OF).agreements["rutan-barabai-dinkes-hst-2023"].renewed_by == ["rutan-barabai-dinkes-hst-2026"]


def test_unknown_agency_and_existing_file_are_refused(registry):
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "dinsos-hst",
                     "--title", "x", "--kind", "perjanjian-kerja-sama", "--signed", "2026-01-01", "--start", "", "--end", "",
                     "--source", "Uji")
    assert result.exit_code == 2 and "tidak ditemukan: dinsos-hst" in result.output
    result = run_pks("new", "agency", "--root", str(registry), "--id", "dinkes-hst", "--name", "x", "--kind", "perangkat-daerah",
                     "--parent", "", "--source", "Uji")
    assert result.exit_code == 2 and "sudah ada" in result.output
    result = run_pks("new", "agency", "--root", str(registry), "--id", "dinsos-hst", "--name", "x", "--kind", "dinas",
                     "--parent", "", "--source", "Uji")
    assert result.exit_code == 2 and "pilihan: upt-pemasyarakatan" in result.output
    assert not (registry / "agencies/dinsos-hst.yaml").exists()


def test_a_bad_date_is_refused_before_anything_is_written(registry):
    result = run_pks("renew", "rutan-barabai-dinkes-hst-2023", "--root", str(registry), "--signed", "13-03-2026",
                     "--start", "", "--end", "", "--source", "Uji")
    assert result.exit_code == 2 and "bukan tanggal TTTT-BB-HH" in result.output


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1, max_size=60))
def test_scalar_reads_back_as_the_same_text(text):
    parsed = yamlread.parse(f"key: {scaffold.scalar(text)}  # komentar\n")
    assert parsed.ok and not parsed.problems and parsed.data == {"key": text}
