"""What maintainers write instead of the schema's words, and the schema word each one means.

Used only to suggest: a synonym never changes what a record says until the maintainer applies the
suggestion. A suggestion is made only when the schema allows the word there (see schemas.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# Keys, in Indonesian and English, by the schema key they stand for.
KEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "place": ("location", "lokasi", "tempat", "venue", "tempat_penandatanganan", "lokasi_penandatanganan"),
    "parties": ("partners", "partner", "party", "mitra", "pihak", "para_pihak", "parapihak"),
    "witnesses": ("witness", "saksi", "disaksikan", "disaksikan_oleh"),
    "title": ("judul", "nama_perjanjian", "perihal"),
    "official_title": ("judul_resmi", "judul_dokumen"),
    "name": ("nama", "nama_instansi"),
    "short_name": ("singkatan", "nama_singkat", "abbreviation", "short", "akronim"),
    "kind": ("jenis", "type", "tipe", "jenis_perjanjian"),
    "signed": ("ditandatangani", "penandatanganan", "signing", "signature", "tanda_tangan"),
    "date": ("tanggal", "tgl"),
    "scope": ("ruang_lingkup", "lingkup", "scopes", "cakupan"),
    "validity": ("masa_berlaku", "berlaku", "period", "validity_period", "jangka_waktu"),
    "start": ("mulai", "start_date", "tanggal_mulai", "awal"),
    "end": ("berakhir", "akhir", "end_date", "tanggal_berakhir", "until_date"),
    "sources": ("source", "sumber", "references", "referensi", "rujukan"),
    "note": ("notes", "catatan", "keterangan", "comment", "komentar"),
    "documents": ("document", "dokumen", "attachments", "lampiran"),
    "relations": ("relation", "relasi", "hubungan"),
    "renews": ("memperpanjang", "perpanjangan", "renewal_of"),
    "amends": ("mengubah", "amendment_of"),
    "umbrella": ("payung", "induk_perjanjian", "mou_induk"),
    "activities": ("activity", "kegiatan"),
    "responsible": ("penanggung_jawab", "pj", "pelaksana"),
    "parent": ("induk", "atasan"),
    "region": ("wilayah", "kode_wilayah", "kode_daerah"),
    "website": ("situs", "web", "url_situs", "laman", "homepage"),
    "publisher": ("penerbit", "media"),
    "author": ("penulis", "wartawan"),
    "published": ("terbit", "tanggal_terbit", "diterbitkan"),
    "document_number": ("nomor", "nomor_dokumen", "nomor_perjanjian"),
    "signatory": ("penandatangan", "signer"),
    "position": ("jabatan",),
    "agency": ("instansi", "lembaga"),
    "role": ("peran", "kedudukan"),
    "theme": ("tema", "bidang"),
    "description": ("uraian", "deskripsi", "isi"),
    "target": ("sasaran",),
    "value": ("nilai", "jumlah"),
    "unit": ("satuan",),
    "schedule": ("jadwal", "waktu"),
    "frequency": ("frekuensi",),
    "indicator": ("indikator",),
    "budget_source": ("sumber_dana", "anggaran", "sumber_anggaran", "budget"),
    "realisation": ("realisasi", "realization"),
    "evidence": ("bukti",),
    "progress": ("kemajuan", "perkembangan", "laporan"),
    "termination": ("pengakhiran", "pemutusan"),
    "reason": ("alasan", "sebab"),
    "scope_item": ("butir_ruang_lingkup", "butir"),
    "original_wording": ("kata_asli", "teks_asli", "wording"),
}

# Enumerated values, by the schema value they stand for.
VALUE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nota-kesepahaman": (
        "mou",
        "memorandum-of-understanding",
        "nota-kesepahaman-bersama",
        "nk",
        "nota-kesepakatan",
        "kesepakatan-bersama",
        "kesepakatan",
        "memorandum",
    ),
    "perjanjian-kerja-sama": (
        "pks",
        "perjanjian-kerjasama",
        "kerja-sama",
        "kerjasama",
        "agreement",
        "cooperation-agreement",
        "perjanjian",
        "perjanjian-hibah",
        "perjanjian-kemitraan",
    ),
    "adendum": ("addendum", "amandemen", "amendment", "perubahan"),
    "pihak-pertama": ("pertama", "pihak-1", "pihak-i", "first-party", "first"),
    "pihak-kedua": ("kedua", "pihak-2", "pihak-ii", "second-party", "second"),
    "pihak-ketiga": ("ketiga", "pihak-3", "pihak-iii", "third-party", "third"),
    "pihak-keempat": ("keempat", "pihak-4", "pihak-iv", "fourth-party", "fourth"),
    "kesehatan": ("health", "dinkes"),
    "pendidikan": ("education", "disdik"),
    "literasi": ("literacy", "perpustakaan", "library"),
    "lingkungan": ("environment", "lingkungan-hidup"),
    "perhubungan": ("transport", "transportation", "dishub"),
    "perdagangan": ("trade", "disdag"),
    "keselamatan-kebakaran": ("fire", "fire-safety", "kebakaran", "damkar", "pemadam-kebakaran"),
    "pelatihan-kerja": ("job-training", "training", "pelatihan", "tenaga-kerja", "ketenagakerjaan"),
    "kependudukan": ("civil-registry", "dukcapil", "disdukcapil", "administrasi-kependudukan"),
    "hukum": ("law", "legal", "bantuan-hukum"),
    "keagamaan": ("religion", "agama", "religious"),
    "sosial": ("social",),
    "keamanan": ("security", "ketertiban"),
    "upt-pemasyarakatan": ("rutan", "lapas", "upt", "lpka", "bapas", "rupbasan", "correctional"),
    "perangkat-daerah": ("dinas", "opd", "skpd", "badan", "satpol-pp", "local-office"),
    "pemerintah-daerah": ("pemkab", "pemkot", "pemprov", "pemda", "local-government"),
    "kantor-wilayah": ("kanwil", "regional-office"),
    "kementerian": ("ministry", "kemenkumham", "kemenimipas"),
    "lainnya": ("other", "lain-lain", "others"),
    "belum-dimulai": ("not-started", "planned", "rencana", "direncanakan"),
    "berjalan": ("ongoing", "in-progress", "sedang-berjalan", "aktif"),
    "selesai": ("done", "completed", "finished", "tuntas"),
    "tertunda": ("delayed", "postponed", "ditunda"),
    "dibatalkan": ("cancelled", "canceled", "batal"),
    "sekali": ("once", "satu-kali"),
    "harian": ("daily", "setiap-hari"),
    "mingguan": ("weekly", "setiap-minggu"),
    "bulanan": ("monthly", "setiap-bulan"),
    "triwulanan": ("quarterly", "setiap-triwulan"),
    "semesteran": ("per-semester", "setiap-semester", "semester"),
    "tahunan": ("yearly", "annual", "annually", "setiap-tahun"),
    "sesuai-kebutuhan": ("as-needed", "insidental", "bila-perlu"),
    "hibah": ("grant",),
    "swadaya": ("self-funded",),
}

_KEY_OF = {alias: key for key, aliases in KEY_SYNONYMS.items() for alias in aliases}
_VALUE_OF = {alias: value for value, aliases in VALUE_SYNONYMS.items() for alias in aliases}


def _closest(word: str, choices: list[str]) -> str | None:
    """The choice most like word (difflib's ratio at least 0.6), or None: every did-you-mean uses it."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _normal_key(word: str) -> str:
    return re.sub(r"[\s-]+", "_", word.strip().lower())


def _normal_value(word: str) -> str:
    return re.sub(r"[\s_]+", "-", word.strip().lower())


def closest_key(word: object, allowed) -> str | None:
    """The allowed key a mistyped or translated key most likely means, or None."""
    # 'a' is as close to 'id' as to anything: no guess below three letters
    return _meant(word, [str(a) for a in allowed], _normal_key, _KEY_OF, shortest=3)


def closest_value(word: object, choices) -> str | None:
    """The allowed value a mistyped, differently written or translated value most likely means."""
    return _meant(word, [c for c in choices if isinstance(c, str)], _normal_value, _VALUE_OF)


def _meant(word: object, allowed: list[str], normalize, synonyms: dict[str, str], shortest: int = 0) -> str | None:
    """The word as written or its synonym when allowed, else the closest allowed one."""
    if not isinstance(word, str):
        return None
    normal = normalize(word)
    for candidate in (normal, synonyms.get(normal)):
        if candidate in allowed:
            return candidate
    if len(normal) < shortest:
        return None
    return _closest(normal, allowed)


def closest_id(word: str, ids: Iterable[str]) -> str | None:
    """The existing id a mistyped id most likely means (ids are compared as written: case counts)."""
    return _closest(word, list(ids))


MONTHS = {
    **{
        name: number
        for number, name in enumerate(
            (
                "januari",
                "februari",
                "maret",
                "april",
                "mei",
                "juni",
                "juli",
                "agustus",
                "september",
                "oktober",
                "november",
                "desember",
            ),
            start=1,
        )
    },
    **{
        name: number
        for number, name in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        name: number
        for number, name in enumerate(
            ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"), start=1
        )
    },
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "oct": 10,
    "dec": 12,
    "sept": 9,
    "may": 5,
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})|(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def written_date(text: object):
    """The calendar date a date written another way stands for (Indonesian order: day, month, year),
    or None when it cannot be told for certain. `13-03-2023`, `13/3/2023`, `13 Maret 2023`,
    `Senin, 13 Maret 2023`, `March 13, 2023`, `2023/03/13` and `2023-3-13` are read."""
    import datetime as dt

    if not isinstance(text, str):
        return None
    value = text.strip().lower()
    parts = None
    if match := _DAY_MONTH_YEAR.fullmatch(value):
        parts = int(match[3]), int(match[2]), int(match[1])
    elif match := _YEAR_MONTH_DAY.fullmatch(value):
        numbers = [g for g in match.groups() if g is not None]
        parts = int(numbers[0]), int(numbers[1]), int(numbers[2])
    elif match := _WORDS.fullmatch(value):
        day, month, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[4], match[6])
        if month not in MONTHS:
            return None
        parts = int(year), MONTHS[month], int(day)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


_MONTH_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{4})|(\d{1,2})[-/.](\d{4})|(\d{4})[-/.](\d{1,2})")


def written_month(text: object):
    """(first day, last day) of a month written without a day (`Maret 2023`, `03/2023`, `2023-03`),
    or None."""
    import datetime as dt

    if not isinstance(text, str):
        return None
    match = _MONTH_YEAR.fullmatch(text.strip().lower())
    if not match:
        return None
    if match[1]:
        if match[1] not in MONTHS:
            return None
        year, month = int(match[2]), MONTHS[match[1]]
    elif match[3]:
        year, month = int(match[4]), int(match[3])
    else:
        year, month = int(match[5]), int(match[6])
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1) if year < 9999 or month < 12 else None
    last = following - dt.timedelta(days=1) if following else dt.date(9999, 12, 31)
    return first, last
