"""A small hand-made registry for the search and status tests: one institution, partners named the
way Indonesian offices are (a long name and a short one such as "Disdag"), and agreements whose
dates make every status and a chain of renewals. Nothing here comes from the bundled records.

(A module of its own, like sitebuild.py: the browser tests import tests/site's helpers too.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitebuild import REPO

INSTITUTION = "lapas-contoh"
SOURCE = {"publisher": "Contoh Berita", "title": None, "url": None, "published": None, "author": None,
          "note": "Rekaman uji buatan tangan."}

# id: (name, short name, kind)
AGENCIES = {
    INSTITUTION: ("Lembaga Pemasyarakatan Kelas IIA Contoh", "Lapas Contoh", "upt-pemasyarakatan"),
    "disdag-contoh": ("Dinas Perdagangan Kota Contoh", "Disdag Contoh", "perangkat-daerah"),
    "satpol-contoh": ("Satuan Polisi Pamong Praja Kota Contoh", "Satpol PP Contoh", "perangkat-daerah"),
    "dinkes-contoh": ("Dinas Kesehatan Kota Contoh", "Dinkes Contoh", "perangkat-daerah"),
    "disnaker-contoh": ("Dinas Tenaga Kerja Kota Contoh", "Disnaker Contoh", "perangkat-daerah"),
    **{f"kecamatan-{n}": (f"Kecamatan Contoh {n}", f"Kec. Contoh {n}", "lainnya") for n in range(1, 9)},
}
# An agreement signed by the institution and many offices at once (the compact list of parties).
MANY_PARTIES = "pks-bersama-kecamatan"

# id: (partner, title, theme, scope text, start, end, renews)
AGREEMENTS = {
    "pks-disdag-pemasaran": ("disdag-contoh", "Pemasaran hasil karya warga binaan", "perdagangan",
                             "Penjualan produk kerajinan di pasar kota", "2024-05-02", "2027-05-01", None),
    "pks-satpol-ketertiban": ("satpol-contoh", "Pengamanan dan ketertiban bersama", "keamanan",
                              "Patroli bersama di sekitar lapas", "2022-01-10", "2026-12-20", None),
    "pks-dinkes-2020": ("dinkes-contoh", "Layanan pemeriksaan warga binaan 2020", "kesehatan",
                        "Pemeriksaan berkala oleh puskesmas", "2020-01-01", "2021-12-31", None),
    "pks-dinkes-2022": ("dinkes-contoh", "Layanan pemeriksaan warga binaan 2022", "kesehatan",
                        "Pemeriksaan berkala oleh puskesmas", "2022-01-01", "2023-12-31", "pks-dinkes-2020"),
    "pks-disnaker-latihan": ("disnaker-contoh", "Latihan kerja menjahit", "pelatihan-kerja",
                             "Latihan kerja menjahit dan sertifikasi", "2023-03-01",
                             {"earliest": "2024-03-01", "latest": "2026-03-01"}, None),
}


def _agency(agency_id: str) -> dict:
    name, short, kind = AGENCIES[agency_id]
    return {"id": agency_id, "name": name, "short_name": short, "kind": kind, "parent": None, "region": "63.07",
            "website": None, "sources": [SOURCE]}


def _agreement(agreement_id: str) -> dict:
    partner, title, theme, scope, start, end, renews = AGREEMENTS[agreement_id]
    record = {
        "id": agreement_id, "title": title, "kind": "perjanjian-kerja-sama",
        "signed": {"date": start, "place": "Kota Contoh"},
        "parties": [{"agency": a, "role": None, "document_number": None, "signatory": None}
                    for a in (INSTITUTION, partner)],
        "scope": [{"id": "butir-1", "theme": theme, "description": scope}],
        "validity": {"start": start, "end": end},
        "sources": [SOURCE],
    }
    if renews:
        record["relations"] = {"renews": renews}
    return record


def _many_parties() -> dict:
    record = _agreement("pks-disdag-pemasaran")
    record |= {"id": MANY_PARTIES, "title": "Kerja sama pembinaan bersama kecamatan",
               "parties": [{"agency": a, "role": None, "document_number": None, "signatory": None}
                           for a in (INSTITUTION, *(f"kecamatan-{n}" for n in range(1, 9)))]}
    record["parties"][1]["document_number"] = "001/KEC/2024"
    return record


def write(root: Path) -> Path:
    """The registry under root (schemas, mkdocs.yml and hand-written docs from the repository)."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("schema", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    records = {f"agencies/{a}.yaml": _agency(a) for a in AGENCIES}
    records |= {f"agreements/{INSTITUTION}/{a}.yaml": _agreement(a) for a in AGREEMENTS}
    records[f"agreements/{INSTITUTION}/{MANY_PARTIES}.yaml"] = _many_parties()
    for path, record in records.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        # JSON is YAML: every string double-quoted, so no YAML typing surprises in the test itself.
        (root / path).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return root
