"""`pks new` and `pks renew` write starters that validate clean in a real registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import model
from site_builder.validation import yamlread
from site_builder.workflow import scaffold
from site_builder.validation.validate import validate
from workflow_helpers import REPO, run_pks

AS_OF = dt.date(2026, 6, 1)
SOURCE = ["--source", "Humas Rutan Barabai", "--source-title", "", "--source-url", "", "--source-published", ""]


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
         "--kind", "perangkat-daerah", "--parent", "pemkab-hst", *SOURCE],
        ["new", "agreement", "--institution", "rutan-barabai", "--partner", "dinsos-hst", "--title", "Kerja sama: layanan sosial #1",
         "--kind", "perjanjian-kerja-sama", "--umbrella", "", "--signed", "2026-05-02", "--start", "", "--end", "", *SOURCE],
        ["new", "action-plan", "--agreement", "rutan-barabai-dinsos-hst-2026", *SOURCE],
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
    answers = "dinsos-hst\nDinas Sosial Kabupaten Hulu Sungai Tengah\nperangkat-daerah\n\nHumas Rutan Barabai\n\n\n\n"
    result = run_pks("new", "agency", "--root", str(registry), input=answers)
    assert result.exit_code == 0, result.output
    assert "Nama resmi instansi" in result.output
    assert (registry / "agencies/dinsos-hst.yaml").is_file() and problems(registry) == []


def test_renew_links_the_successor_copies_parties_and_leaves_unknowns_null(registry):
    result = run_pks("renew", "rutan-barabai-dinkes-hst-2023", "--root", str(registry), "--signed", "",
                     "--start", "2026-03-14", "--end", "", *SOURCE)
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
    assert model.build(shaped, AS_OF).agreements["rutan-barabai-dinkes-hst-2023"].renewed_by == ("rutan-barabai-dinkes-hst-2026",)


def test_unknown_agency_and_existing_file_are_refused(registry):
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "dinsos-hst",
                     "--title", "x", "--kind", "perjanjian-kerja-sama", "--umbrella", "", "--signed", "2026-01-01", "--start", "",
                     "--end", "", *SOURCE)
    assert result.exit_code == 2 and "tidak ditemukan: dinsos-hst" in result.output
    result = run_pks("new", "agency", "--root", str(registry), "--id", "dinkes-hst", "--name", "x", "--kind", "perangkat-daerah",
                     "--parent", "", *SOURCE)
    assert result.exit_code == 2 and "sudah ada" in result.output
    result = run_pks("new", "agency", "--root", str(registry), "--id", "dinsos-hst", "--name", "x", "--kind", "dinas",
                     "--parent", "", *SOURCE)
    assert result.exit_code == 2 and "pilihan: upt-pemasyarakatan" in result.output
    assert not (registry / "agencies/dinsos-hst.yaml").exists()


def test_a_bad_date_is_refused_before_anything_is_written(registry):
    result = run_pks("renew", "rutan-barabai-dinkes-hst-2023", "--root", str(registry), "--signed", "13-03-2026",
                     "--start", "", "--end", "", *SOURCE)
    assert result.exit_code == 2 and "bukan tanggal TTTT-BB-HH" in result.output


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1, max_size=60))
def test_scalar_reads_back_as_the_same_text(text):
    parsed = yamlread.parse(f"key: {scaffold.scalar(text)}  # komentar\n")
    assert parsed.ok and not parsed.problems and parsed.data == {"key": text}


def read(root: Path, relpath: str) -> dict:
    parsed = yamlread.parse((root / relpath).read_text(encoding="utf-8"))
    assert parsed.ok, relpath
    return parsed.data


def test_many_partners_asked_one_by_one_with_did_you_mean_and_unknown_kind(registry):
    answers = "\n".join([
        "rutan-barabay",           # typo: refused with a did-you-mean, asked again
        "rutan-barabai",
        "dinkes-hst, disdik-hts",  # two at once; the second is a typo: nothing of this answer is kept
        "dinkes-hst, disdik-hst",
        "perpustakaan-hst",
        "",                        # no more partners
        "Kerja sama pembinaan WBP",
        "",                        # kind not stated by the source
        "",                        # no umbrella MoU
        "2023-03-13", "2023-03-13", "",
        "Kaltimku.id", "Rutan Barabai gandeng 8 SKPD", "https://kaltimku.id/berita/rutan-barabai", "",
    ]) + "\n"
    result = run_pks("new", "agreement", "--root", str(registry), input=answers)
    assert result.exit_code == 0, result.output
    assert "tidak ditemukan: rutan-barabay (maksud Anda 'rutan-barabai'?)" in result.output
    assert "tidak ditemukan: disdik-hts (maksud Anda 'disdik-hst'?)" in result.output
    assert "id instansi mitra ke-4" in result.output  # asked again after three partners, until an empty answer
    path = "agreements/rutan-barabai/rutan-barabai-dinkes-hst-dan-2-mitra-2023.yaml"
    assert f"dibuat / created: {path}" in result.output
    assert "Hasil pemeriksaan: tidak ada galat" in result.output
    data = read(registry, path)
    assert [p["agency"] for p in data["parties"]] == ["rutan-barabai", "dinkes-hst", "disdik-hst", "perpustakaan-hst"]
    assert data["kind"] is None and "relations" not in data
    assert data["validity"] == {"start": "2023-03-13", "end": None}
    assert data["sources"] == [{"publisher": "Kaltimku.id", "title": "Rutan Barabai gandeng 8 SKPD",
                                "url": "https://kaltimku.id/berita/rutan-barabai", "published": None}]
    assert problems(registry) == []


def test_partners_by_flag_repeated_or_comma_separated_and_kind_null(registry):
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai",
                     "--partner", "dinkes-hst,disdik-hst", "--partner", "perpustakaan-hst", "--title", "Kerja sama",
                     "--kind", "null", "--umbrella", "", "--signed", "2026-05-04", "--start", "", "--end", "", *SOURCE)
    assert result.exit_code == 0, result.output
    data = read(registry, "agreements/rutan-barabai/rutan-barabai-dinkes-hst-dan-2-mitra-2026.yaml")
    assert len(data["parties"]) == 4 and data["kind"] is None
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "pemkab-hst",
                     "--title", "Nota kesepahaman", "--kind", "MoU", "--umbrella", "", "--signed", "2026-05-04", "--start", "",
                     "--end", "", *SOURCE)
    assert result.exit_code == 0, result.output
    assert read(registry, "agreements/rutan-barabai/rutan-barabai-pemkab-hst-2026.yaml")["kind"] == "nota-kesepahaman"


def test_a_wrong_partner_kind_or_url_by_flag_is_refused_with_the_right_value(registry):
    base = ["new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--title", "x", "--umbrella", "",
            "--signed", "2026-05-04", "--start", "", "--end", ""]
    result = run_pks(*base, "--partner", "dinkes-hst,disdukcapil-hts", "--kind", "null", *SOURCE)
    assert result.exit_code == 2 and "disdukcapil-hts (maksud Anda 'disdukcapil-hst'?)" in result.output
    result = run_pks(*base, "--partner", "rutan-barabai", "--kind", "null", *SOURCE)
    assert result.exit_code == 2 and "lembaga pemilik folder" in result.output
    result = run_pks(*base, "--partner", "dinkes-hst", "--kind", "perjanjian-kerjasama", *SOURCE)
    assert result.exit_code == 2 and "maksud Anda 'perjanjian-kerja-sama'?" in result.output
    result = run_pks(*base, "--partner", "dinkes-hst", "--kind", "null", *SOURCE[:4], "--source-url", "javascript:alert(1)",
                     "--source-published", "")
    assert result.exit_code == 2 and "http:// atau https://" in result.output
    assert list((registry / "agreements/rutan-barabai").glob("*2026*.yaml")) == []


def test_umbrella_mou_then_a_pks_under_it(registry):
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "pemkab-hst",
                     "--title", "Nota kesepahaman pembinaan WBP", "--kind", "nota-kesepahaman", "--umbrella", "",
                     "--signed", "2026-02-01", "--start", "", "--end", "", "--id", "rutan-barabai-pemkab-hst-mou-2026", *SOURCE)
    assert result.exit_code == 0, result.output
    answers = "rutan-barabai-pemkab-hst-mou-202\nrutan-barabai-pemkab-hst-mou-2026\n"  # a typo first, then right
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "dinkes-hst",
                     "--title", "PKS layanan kesehatan", "--kind", "perjanjian-kerja-sama", "--signed", "2026-03-01",
                     "--start", "", "--end", "", *SOURCE, input=answers)
    assert result.exit_code == 0, result.output
    assert "maksud Anda 'rutan-barabai-pemkab-hst-mou-2026'?" in result.output
    data = read(registry, "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2026.yaml")
    assert data["relations"] == {"umbrella": "rutan-barabai-pemkab-hst-mou-2026"}
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "disdik-hst",
                     "--title", "x", "--kind", "null", "--umbrella", "rutan-barabai-dinkes-hst-2023", "--signed", "2026-03-01",
                     "--start", "", "--end", "", *SOURCE)
    assert result.exit_code == 2 and "harus nota-kesepahaman" in result.output
    assert problems(registry) == []


def test_a_taken_default_id_is_asked_for_instead(registry):
    args = ["new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "dinkes-hst",
            "--title", "x", "--kind", "perjanjian-kerja-sama", "--umbrella", "", "--signed", "2023-05-01", "--start", "",
            "--end", "", *SOURCE]
    result = run_pks(*args, input="rutan-barabai-dinkes-hst-2023-mei\n")
    assert result.exit_code == 0, result.output
    assert "id perjanjian (mis. rutan-barabai-dinkes-hst-2023-2)" in result.output
    assert (registry / "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023-mei.yaml").is_file()


def test_the_check_after_creating_shows_what_is_wrong(registry):
    result = run_pks("new", "agreement", "--root", str(registry), "--institution", "rutan-barabai", "--partner", "dinkes-hst",
                     "--title", "x", "--kind", "null", "--umbrella", "", "--signed", "2026-05-04", "--start", "2026-05-04",
                     "--end", "2025-05-03", *SOURCE)
    assert "dibuat / created: agreements/rutan-barabai/rutan-barabai-dinkes-hst-2026.yaml" in result.output
    assert result.exit_code == 1 and "(date-order)" in result.output, result.output
    assert "tidak ada galat" not in result.output


def test_default_ids_fit_the_schema():
    assert scaffold.default_agreement_id("rutan-barabai", ["dinkes-hst"], "2026") == "rutan-barabai-dinkes-hst-2026"
    assert (scaffold.default_agreement_id("lapas-x", ["a", "b", "c"], "2024") == "lapas-x-a-dan-2-mitra-2024")
    assert scaffold.default_agreement_id("rutan-barabai", ["dinkes-hst"], None) is None
    assert scaffold.default_agreement_id("l" * 60, ["m" * 20], "2024") is None
    import json
    defs = json.loads((REPO / "schema/defs.schema.json").read_text(encoding="utf-8"))
    assert defs["$defs"]["id"]["maxLength"] == scaffold.ID_MAX_LENGTH
