"""`pks diff` on real git history: each test commits a maintainer's edit to a copy of the registry."""

from __future__ import annotations

import json
import re
from pathlib import Path

from workflow_helpers import commit, git, run_pks

FOLDER = "agreements/rutan-barabai"
DINKES = f"{FOLDER}/rutan-barabai-dinkes-hst-2023.yaml"
DISDIK_PLAN = f"{FOLDER}/rencana-aksi/ra-rutan-barabai-disdik-hst-2023.yaml"


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff(root: Path, base: str, head: str = "HEAD", fmt: str = "text") -> str:
    result = run_pks("diff", base, head, "--root", str(root), "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.output


def head_of(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def commit_and_diff(root: Path, base: str, message: str) -> str:
    commit(root, message)
    return diff(root, base)


def exact_end(root: Path) -> str:
    """Give the Dinkes agreement an exact validity, as a maintainer would once the document is known
    (whatever the bundled record says about it today: a range, a term, a note)."""
    file = root / DINKES
    text, count = re.subn(r"^validity:\n(?:[ #].*\n)*", 'validity:\n  start: "2023-03-13"\n  end: "2026-03-13"\n',
                          file.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, "no validity block"
    file.write_text(text, encoding="utf-8")
    return commit(root, "tanggal berakhir pasti")


RENEWAL = """\
# yaml-language-server: $schema=../../schema/agreement.schema.json
id: rutan-barabai-dinkes-hst-2026
title: Kerja sama layanan kesehatan bagi WBP Rutan Barabai
kind: perjanjian-kerja-sama
signed:
  date: "2026-03-13"
  place: null
parties:
  - agency: rutan-barabai
    role: null
    document_number: null
    signatory: null
  - agency: dinkes-hst
    role: null
    document_number: null
    signatory: null
scope:
  - id: layanan-kesehatan
    theme: kesehatan
    description: Peningkatan layanan kesehatan bagi warga binaan pemasyarakatan
validity:
  start: "2026-03-14"
  end: "2027-03-13"
relations:
  renews: rutan-barabai-dinkes-hst-2023
sources:
  - publisher: Uji
    title: null
    url: null
    published: null
"""

RENEWAL_PLAN = """\
id: ra-rutan-barabai-dinkes-hst-2026
agreement: rutan-barabai-dinkes-hst-2026
title: Rencana aksi 2026
activities:
  - id: pemeriksaan-kesehatan
    title: Pemeriksaan kesehatan berkala
    scope_item: layanan-kesehatan
    responsible: {agency: dinkes-hst, unit: null}
    schedule: {frequency: bulanan}
    indicator: null
    target: null
    budget_source: null
    status: berjalan
    progress:
      - date: "2026-04-01"
        realisation: Pemeriksaan pertama terlaksana
  - id: penyuluhan
    title: Penyuluhan kesehatan
    scope_item: layanan-kesehatan
    responsible: {agency: dinkes-hst, unit: null}
    schedule: null
    indicator: null
    target: null
    budget_source: null
    status: belum-dimulai
sources:
  - publisher: Uji
    title: null
    url: null
    published: null
"""


def test_renewal_names_the_renewed_agreement_and_both_end_dates(repo):
    base = exact_end(repo)
    (repo / FOLDER / "rutan-barabai-dinkes-hst-2026.yaml").write_text(RENEWAL, encoding="utf-8")
    (repo / FOLDER / "rencana-aksi/ra-rutan-barabai-dinkes-hst-2026.yaml").write_text(RENEWAL_PLAN, encoding="utf-8")
    out = commit_and_diff(repo, base, "perpanjangan")
    assert ("- PKS rutan-barabai-dinkes-hst-2023 diperpanjang oleh PKS rutan-barabai-dinkes-hst-2026: "
            "berakhir 2026-03-13 -> 2027-03-13; ditandatangani 2026-03-13; rencana aksi baru dengan 2 kegiatan; "
            "1 laporan realisasi baru") in out
    assert out.count("\n- ") == 1, out  # one line for the agreement and its plan together
    assert "Di luar data registri" not in out


def test_new_activity_and_progress_report_in_an_existing_plan(repo):
    base = head_of(repo)
    text = (repo / DISDIK_PLAN).read_text(encoding="utf-8")
    activity = """\
  - id: kelas-paket
    title: Kelas kejar paket bagi WBP
    scope_item: null
    responsible:
      agency: disdik-hst
      unit: null
    schedule: null
    indicator: null
    target: null
    budget_source: null
    status: berjalan
    progress:
      - date: "2023-06-01"
        realisation: Kelas pertama dibuka untuk 12 WBP
        value: 12
"""
    text = text.replace("\nsources:", "\n" + activity + "sources:", 1)
    (repo / DISDIK_PLAN).write_text(text, encoding="utf-8")
    out = commit_and_diff(repo, base, "kegiatan baru")
    assert "- PKS rutan-barabai-disdik-hst-2023: 1 kegiatan ditambahkan; 1 laporan realisasi baru\n" in out


def test_progress_report_and_status_on_an_existing_activity(repo):
    base = head_of(repo)
    plan = f"{FOLDER}/rencana-aksi/ra-rutan-barabai-dinkes-hst-2023.yaml"
    edit(repo, plan, "    status: null\n", '    status: selesai\n    progress:\n      - date: "2023-09-01"\n'
                                             "        realisation: Layanan kesehatan berjalan\n")
    out = commit_and_diff(repo, base, "laporan")
    assert ('PKS rutan-barabai-dinkes-hst-2023: status kegiatan "Peningkatan layanan kesehatan bagi warga binaan '
            'pemasyarakatan": tidak diketahui -> selesai; 1 laporan realisasi baru') in out


def test_deleted_agreement_and_plan(repo):
    base = head_of(repo)
    git(repo, "rm", "-q", f"{FOLDER}/rutan-barabai-disdag-hst-2023.yaml", f"{FOLDER}/rencana-aksi/ra-rutan-barabai-disdag-hst-2023.yaml")
    out = commit_and_diff(repo, base, "hapus")
    assert "- PKS rutan-barabai-disdag-hst-2023: dihapus dari registri; rencana aksi ra-rutan-barabai-disdag-hst-2023 dihapus\n" in out


def test_renamed_agreement_follows_the_rename(repo):
    base = head_of(repo)
    old, new = "rutan-barabai-disdag-hst-2023", "rutan-barabai-disdag-hst-2023-pks"
    git(repo, "mv", f"{FOLDER}/{old}.yaml", f"{FOLDER}/{new}.yaml")
    edit(repo, f"{FOLDER}/{new}.yaml", f"id: {old}\n", f"id: {new}\n")
    edit(repo, f"{FOLDER}/rencana-aksi/ra-{old}.yaml", f"agreement: {old}\n", f"agreement: {new}\n")
    out = commit_and_diff(repo, base, "ganti id")
    assert f"- PKS {new}: id diganti: {old} -> {new}; rencana aksi dipindah dari {old} ke {new}\n" in out
    data = json.loads(diff(repo, base, fmt="json"))
    (entry,) = data["entries"]
    renamed = [f for f in entry["files"] if f["action"] == "renamed"]
    assert renamed and renamed[0]["old_path"] == f"{FOLDER}/{old}.yaml"


def test_extension_termination_documents_and_agency_maintainers(repo):
    base = exact_end(repo)
    edit(repo, DINKES, 'end: "2026-03-13"', 'end: "2027-03-13"')
    disdag = f"{FOLDER}/rutan-barabai-disdag-hst-2023.yaml"
    edit(repo, disdag, "\nsources:", '\ntermination:\n  date: "2024-01-31"\n  reason: null\ndocuments:\n'
                                      "  - title: Salinan PKS\n    url: https://example.org/pks.pdf\nsources:")
    edit(repo, "agencies/dinkes-hst.yaml", "\nsources:", "\nmaintainers:\n  - humas-dinkes\nsources:")
    out = commit_and_diff(repo, base, "ubah")
    assert "- PKS rutan-barabai-dinkes-hst-2023: masa berlaku diperpanjang: berakhir 2026-03-13 -> 2027-03-13\n" in out
    assert ("- PKS rutan-barabai-disdag-hst-2023: diakhiri lebih awal pada 2024-01-31 (alasan tidak diketahui); "
            "1 dokumen dilampirkan\n") in out
    assert '- Instansi dinkes-hst ("Dinas Kesehatan Kabupaten Hulu Sungai Tengah"): pengelola ditambahkan: humas-dinkes\n' in out


def test_non_record_files_are_listed_for_the_core_team(repo):
    base = head_of(repo)
    (repo / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    out = commit_and_diff(repo, base, "kode")
    assert "Tidak ada perubahan pada data registri." in out
    assert "Di luar data registri (ditinjau tim inti): 1 berkas: mkdocs.yml" in out


def test_markdown_escapes_record_text(repo):
    base = head_of(repo)
    hostile = '<img src=x onerror=alert(1)> [klik](javascript:alert(1)) **tebal** `kode`'
    edit(repo, DINKES, "title: Kerja sama layanan kesehatan bagi WBP Rutan Barabai\n", f"title: '{hostile}'\n")
    commit(repo, "judul")
    out = diff(repo, base, fmt="markdown")
    line = next(line for line in out.splitlines() if "judul diubah" in line)
    assert "<img" not in line and "&lt;img" in line
    assert "](javascript" not in line and "\\]\\(javascript" in line
    assert "**tebal**" not in line and "`kode`" not in line


def test_unreadable_yaml_is_reported_not_raised(repo):
    base = head_of(repo)
    (repo / DINKES).write_text("id: [rusak\n", encoding="utf-8")
    out = commit_and_diff(repo, base, "rusak")
    assert f"{DINKES} tidak dapat dibaca sebagai rekaman YAML" in out


def test_unknown_revision_is_a_usage_error(repo):
    result = run_pks("diff", "tidak-ada", "--root", str(repo))
    assert result.exit_code == 2
    assert "revisi 'tidak-ada' tidak ditemukan" in result.output


MOU = RENEWAL.replace("id: rutan-barabai-dinkes-hst-2026", "id: rutan-barabai-pemkab-hst-mou-2026").replace(
    "kind: perjanjian-kerja-sama", "kind: nota-kesepahaman").replace("  - agency: dinkes-hst", "  - agency: pemkab-hst").replace(
    "relations:\n  renews: rutan-barabai-dinkes-hst-2023\n", "")
UNDER_MOU = RENEWAL.replace("id: rutan-barabai-dinkes-hst-2026", "id: rutan-barabai-dinkes-hst-dan-2-mitra-2026").replace(
    "  place: null", "  place: Auditorium Pemkab HST, Barabai").replace(
    "  - agency: dinkes-hst\n", "  - agency: dinkes-hst\n    role: null\n    document_number: null\n    signatory: null\n"
    "  - agency: disdik-hst\n    role: null\n    document_number: null\n    signatory: null\n  - agency: perpustakaan-hst\n", 1).replace(
    "  renews: rutan-barabai-dinkes-hst-2023", "  umbrella: rutan-barabai-pemkab-hst-mou-2026")


def test_new_agreement_names_parties_by_name_with_signing_date_and_umbrella(repo):
    base = head_of(repo)
    (repo / FOLDER / "rutan-barabai-pemkab-hst-mou-2026.yaml").write_text(MOU, encoding="utf-8")
    (repo / FOLDER / "rutan-barabai-dinkes-hst-dan-2-mitra-2026.yaml").write_text(UNDER_MOU, encoding="utf-8")
    out = commit_and_diff(repo, base, "MoU dan PKS di bawahnya")
    assert ('- PKS rutan-barabai-dinkes-hst-dan-2-mitra-2026: baru: "Kerja sama layanan kesehatan bagi WBP Rutan Barabai"; '
            "4 pihak: Rumah Tahanan Negara Kelas IIB Barabai (Rutan Barabai), Dinas Kesehatan Kabupaten Hulu Sungai Tengah "
            "(Dinkes HST), Dinas Pendidikan Kabupaten Hulu Sungai Tengah (Disdik HST), Perpustakaan Kabupaten Hulu Sungai "
            "Tengah (Perpustakaan HST); ditandatangani 2026-03-13 di Auditorium Pemkab HST, Barabai; "
            "di bawah nota kesepahaman rutan-barabai-pemkab-hst-mou-2026; berlaku 2026-03-14 s.d. 2027-03-13\n") in out
    assert "- Nota kesepahaman rutan-barabai-pemkab-hst-mou-2026: baru:" in out
    assert "Pemerintah Kabupaten Hulu Sungai Tengah (Pemkab HST)" in out
    data = json.loads(diff(repo, base, fmt="json"))
    entry = next(e for e in data["entries"] if e["id"] == "rutan-barabai-dinkes-hst-dan-2-mitra-2026")
    parties = next(d for d in entry["details"] if d["code"] == "parties")
    assert parties["after"] == ["rutan-barabai", "dinkes-hst", "disdik-hst", "perpustakaan-hst"]  # ids stay for machines


def test_party_changes_relations_and_other_parts_in_plain_words(repo):
    base = head_of(repo)
    edit(repo, DINKES, "  - agency: dinkes-hst\n", "  - agency: disdik-hst\n    role: null\n    document_number: null\n"
                                                     "    signatory: null\n  - agency: dinsos-hst\n    role: null\n"
                                                     "    document_number: null\n    signatory: null\n  - agency: dinkes-hst\n")
    edit(repo, DINKES, "relations:\n  renews: rutan-barabai-dinkes-hst-sebelum-2023\n", "")
    edit(repo, DINKES, "  - name: Muhammad Yani\n", "  - name: M. Yani\n")
    out = commit_and_diff(repo, base, "pihak")
    line = next(line for line in out.splitlines() if line.startswith("- PKS rutan-barabai-dinkes-hst-2023"))
    assert "tidak lagi memperpanjang rutan-barabai-dinkes-hst-sebelum-2023" in line
    assert ("pihak ditambahkan: Dinas Pendidikan Kabupaten Hulu Sungai Tengah (Disdik HST), "
            "dinsos-hst (tidak tercatat di agencies/)") in line
    assert "bagian lain diubah: Saksi (witnesses)" in line


def test_amendment_says_when_it_was_signed(repo):
    base = head_of(repo)
    amendment = RENEWAL.replace("id: rutan-barabai-dinkes-hst-2026", "id: rutan-barabai-dinkes-hst-2023-adendum-1").replace(
        "kind: perjanjian-kerja-sama", "kind: adendum").replace("  renews: rutan-barabai-dinkes-hst-2023", "  amends: rutan-barabai-dinkes-hst-2023")
    (repo / FOLDER / "rutan-barabai-dinkes-hst-2023-adendum-1.yaml").write_text(amendment, encoding="utf-8")
    out = commit_and_diff(repo, base, "adendum")
    assert ("- Adendum rutan-barabai-dinkes-hst-2023-adendum-1 ditambahkan untuk rutan-barabai-dinkes-hst-2023: "
            "ditandatangani 2026-03-13; berlaku 2026-03-14 s.d. 2027-03-13\n") in out


def test_a_changed_party_entry_shows_old_and_new_values():
    """A signatory's name reaches every page of the agreement: the reviewer sees it word for word."""
    from site_builder.workflow import compare as changes_module

    def party(agency, name, number=None):
        return {"agency": agency, "role": None, "document_number": number,
                "signatory": {"name": name, "position": "Kepala", "agency": agency}}

    old = {"parties": [party("rutan-uji", "Gusti Iskandarsyah"), party("dinas-uji", None)]}
    new = {"parties": [party("rutan-uji", "Gusti Iskandar Syah"), party("dinas-uji", None, "180/07/PKS/2023")]}
    texts = [d.text for d in changes_module.agreement_details(old, new) if d.code == "party-field"]
    assert len(texts) == 2
    assert any('"Gusti Iskandarsyah" -> "Gusti Iskandar Syah"' in t and t.startswith("nama penandatangan") for t in texts)
    assert any('tidak diketahui -> "180/07/PKS/2023"' in t and t.startswith("nomor dokumen") for t in texts)
    assert [d for d in changes_module.agreement_details(old, old) if d.code == "party-field"] == []
