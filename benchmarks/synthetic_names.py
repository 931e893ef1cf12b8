"""Vocabulary for synthetic records: real province codes, fictional places, people and offices.

Provinces and their Kemendagri codes are real, so region codes and folders look like the national
registry would. Regencies, people and every agreement are invented and say so in their sources:
nothing here may be mistaken for a fact about a real institution or official.
"""

from __future__ import annotations

import random

# (Kemendagri code, name, short slug)
PROVINCES = [
    ("11", "Aceh", "aceh"), ("12", "Sumatera Utara", "sumut"), ("13", "Sumatera Barat", "sumbar"),
    ("14", "Riau", "riau"), ("15", "Jambi", "jambi"), ("16", "Sumatera Selatan", "sumsel"),
    ("17", "Bengkulu", "bengkulu"), ("18", "Lampung", "lampung"), ("19", "Kepulauan Bangka Belitung", "babel"),
    ("21", "Kepulauan Riau", "kepri"), ("31", "DKI Jakarta", "dki"), ("32", "Jawa Barat", "jabar"),
    ("33", "Jawa Tengah", "jateng"), ("34", "DI Yogyakarta", "diy"), ("35", "Jawa Timur", "jatim"),
    ("36", "Banten", "banten"), ("51", "Bali", "bali"), ("52", "Nusa Tenggara Barat", "ntb"),
    ("53", "Nusa Tenggara Timur", "ntt"), ("61", "Kalimantan Barat", "kalbar"), ("62", "Kalimantan Tengah", "kalteng"),
    ("63", "Kalimantan Selatan", "kalsel"), ("64", "Kalimantan Timur", "kaltim"), ("65", "Kalimantan Utara", "kaltara"),
    ("71", "Sulawesi Utara", "sulut"), ("72", "Sulawesi Tengah", "sulteng"), ("73", "Sulawesi Selatan", "sulsel"),
    ("74", "Sulawesi Tenggara", "sultra"), ("75", "Gorontalo", "gorontalo"), ("76", "Sulawesi Barat", "sulbar"),
    ("81", "Maluku", "maluku"), ("82", "Maluku Utara", "malut"), ("91", "Papua", "papua"), ("92", "Papua Barat", "pabar"),
]

# (id prefix, full name, short name) of correctional institutions (UPT pemasyarakatan)
INSTITUTION_TYPES = [
    ("rutan", "Rumah Tahanan Negara Kelas IIB", "Rutan Kelas IIB"),
    ("lapas", "Lembaga Pemasyarakatan Kelas IIA", "Lapas Kelas IIA"),
    ("lapas", "Lembaga Pemasyarakatan Kelas III", "Lapas Kelas III"),
    ("lpka", "Lembaga Pembinaan Khusus Anak Kelas II", "LPKA Kelas II"),
    ("bapas", "Balai Pemasyarakatan Kelas II", "Bapas Kelas II"),
    ("lpp", "Lembaga Pemasyarakatan Perempuan Kelas III", "LPP Kelas III"),
]

# (id prefix, name before the regency name, short prefix, scope theme) of local government offices
OFFICES = [
    ("dinkes", "Dinas Kesehatan", "Dinkes", "kesehatan"),
    ("disdik", "Dinas Pendidikan", "Disdik", "pendidikan"),
    ("dispersip", "Dinas Perpustakaan dan Kearsipan", "Dispersip", "literasi"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "kependudukan"),
    ("disnaker", "Dinas Tenaga Kerja", "Disnaker", "pelatihan-kerja"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "lingkungan"),
    ("dishub", "Dinas Perhubungan", "Dishub", "perhubungan"),
    ("disdag", "Dinas Perdagangan", "Disdag", "perdagangan"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", "keselamatan-kebakaran"),
    ("dinsos", "Dinas Sosial", "Dinsos", "sosial"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", "keamanan"),
    ("bagkesra", "Bagian Kesejahteraan Rakyat Sekretariat Daerah", "Bagian Kesra", "keagamaan"),
]

THEME_WORK = {
    "kesehatan": ["pemeriksaan kesehatan berkala warga binaan", "layanan rujukan puskesmas", "skrining tuberkulosis dan HIV", "penyuluhan gizi dan sanitasi"],
    "pendidikan": ["kejar paket A, B dan C bagi warga binaan", "penyediaan tutor pendidikan kesetaraan", "ujian kesetaraan di dalam rutan"],
    "literasi": ["perpustakaan keliling", "pojok baca di blok hunian", "pelatihan pengelola perpustakaan"],
    "kependudukan": ["perekaman KTP elektronik warga binaan", "pemutakhiran data kependudukan tahanan", "penerbitan akta dan kartu keluarga"],
    "pelatihan-kerja": ["pelatihan las dan otomotif", "pelatihan tata boga", "sertifikasi kompetensi kerja"],
    "lingkungan": ["pengelolaan sampah dan bank sampah", "penghijauan lingkungan rutan", "pengolahan limbah dapur"],
    "perhubungan": ["pengamanan lalu lintas saat sidang", "pengujian kendaraan dinas"],
    "perdagangan": ["pemasaran hasil karya warga binaan", "pameran produk pembinaan kemandirian"],
    "keselamatan-kebakaran": ["simulasi penanggulangan kebakaran", "pemeriksaan alat pemadam api ringan"],
    "sosial": ["pendampingan keluarga warga binaan", "bantuan sosial bagi klien pemasyarakatan"],
    "keamanan": ["patroli bersama di sekitar rutan", "pengamanan kunjungan keluarga"],
    "keagamaan": ["pembinaan keagamaan rutin", "pesantren kilat dan kebaktian"],
    "hukum": ["penyuluhan hukum", "bantuan hukum bagi tahanan"],
    "lainnya": ["koordinasi program pembinaan"],
}

_ONSETS = ["b", "d", "g", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ng", "ny"]
_VOWELS = ["a", "a", "a", "i", "u", "e", "o"]
_FIRST = ["Ahmad", "Siti", "Budi", "Rahmat", "Nur", "Dewi", "Hendra", "Yusuf", "Rina", "Agus", "Fitri",
          "Muhammad", "Sri", "Andi", "Wahyu", "Gusti", "Made", "Yohanes", "Maria", "Teuku", "Ratna", "Irfan"]
_LAST = ["Saputra", "Rahman", "Hidayat", "Lestari", "Pratama", "Wijaya", "Kurniawan", "Syahrani", "Nugroho",
         "Maulida", "Simanjuntak", "Pangaribuan", "Ramadhan", "Setiawan", "Anwar", "Daeng", "Mahendra"]


def place_name(rng: random.Random) -> str:
    """A fictional two- or three-syllable place name such as 'Maluri'."""
    syllables = rng.choice([2, 2, 3])
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
    if rng.random() < 0.3:
        word += rng.choice(["n", "ng", "k", "r"])
    return word.capitalize()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
