"""The open-data files as download links: which files, in which format, what each holds, and how big
it is, for the home page and the open-data page (docs/data/index.md marks where the table goes).

Sizes are those of the files this very build writes: build.py renders the exports before the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Where the generated table replaces a marker in a hand-written page.
MARKER = "<!-- pks:unduhan -->"

# (site path, format, what it holds); the per-agency calendars are summed up in one row.
FILES = (
    (
        "data/registry.json",
        "JSON",
        "Seluruh rekaman: instansi, perjanjian (dengan status) dan rencana aksi, ditambah metadata set data",
    ),
    ("data/agreements.json", "JSON", "Perjanjian saja, dengan status"),
    ("data/agencies.json", "JSON", "Instansi saja"),
    ("data/action-plans.json", "JSON", "Rencana aksi saja, dengan kegiatan dan laporan kemajuannya"),
    ("data/agreements.csv", "CSV", "Satu baris per perjanjian (dapat dibuka di Excel)"),
    ("data/parties.csv", "CSV", "Satu baris per pihak penanda tangan per perjanjian"),
    ("data/action-plans.csv", "CSV", "Satu baris per rencana aksi"),
    ("data/activities.csv", "CSV", "Satu baris per kegiatan rencana aksi"),
    ("data/agencies.csv", "CSV", "Satu baris per instansi"),
    ("data/ends.ics", "iCalendar", "Tanggal berakhir semua perjanjian, dengan pengingat (untuk aplikasi kalender)"),
    ("data/changes.atom", "Atom", "Perubahan terbaru pada rekaman (untuk pembaca umpan berita)"),
    (
        "data/dcat.jsonld",
        "JSON-LD (DCAT)",
        "Metadata set data untuk portal data: judul, penerbit, lisensi, "
        "frekuensi pembaruan, cakupan waktu, daftar berkas",
    ),
    ("schema/agreement.schema.json", "JSON Schema", "Bentuk rekaman perjanjian"),
    ("schema/agency.schema.json", "JSON Schema", "Bentuk rekaman instansi"),
    ("schema/action-plan.schema.json", "JSON Schema", "Bentuk rekaman rencana aksi"),
    ("schema/defs.schema.json", "JSON Schema", "Definisi bersama yang dirujuk ketiga skema di atas"),
)
# The few the home page offers; the open-data page lists them all.
ON_HOME = ("data/registry.json", "data/agreements.csv", "data/ends.ics", "data/changes.atom")
AGENCY_CALENDARS = "data/ends-"


@dataclass(frozen=True)
class Download:
    path: str
    format: str
    description: str
    size: str  # "12,3 KB"


def size_text(size: int) -> str:
    """Bytes in Indonesian notation (decimal comma): "812 B", "12,3 KB", "4,1 MB"."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")


def listed(sizes: Mapping[str, int]) -> list[Download]:
    """Every file of FILES this build wrote; after the whole calendar, one row for the per-agency ones."""
    calendars = [size for path, size in sizes.items() if path.startswith(AGENCY_CALENDARS)]
    out = []
    for path, fmt, text in FILES:
        if path in sizes:
            out.append(Download(path, fmt, text, size_text(sizes[path])))
        if path == "data/ends.ics" and calendars:
            out.append(
                Download(
                    "",
                    "iCalendar",
                    f"Satu kalender per instansi mitra ({len(calendars)} berkas): data/ends-<id-instansi>.ics",
                    size_text(sum(calendars)),
                )
            )
    return out
