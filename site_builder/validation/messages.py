"""The one catalogue of problem codes: severity, message and hint in Indonesian and English.

Messages are str.format templates over a problem's params. The reference page
docs/referensi/kode-masalah.md is generated from this table, so adding a code documents it.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import Protocol, TypedDict

from site_builder.validation import privacy

LANGUAGES = ("id", "en")


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Entry:
    severity: Severity
    title_id: str
    title_en: str
    message_id: str
    message_en: str
    hint_id: str = ""
    hint_en: str = ""


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, Entry] = {
    # --- files and encodings -------------------------------------------------------------
    "file-unreadable": Entry(
        E,
        "Berkas tidak dapat dibaca",
        "File cannot be read",
        "berkas tidak dapat dibaca: {reason_id}",
        "the file cannot be read: {reason_en}",
        "rekaman harus berupa berkas biasa yang dapat dibaca di dalam repositori",
        "a record must be a readable regular file inside the repository",
    ),
    "file-too-large": Entry(
        E,
        "Berkas terlalu besar",
        "File too large",
        "berkas berukuran {size} bita, melebihi batas {limit} bita untuk satu rekaman",
        "the file is {size} bytes, more than the {limit}-byte limit for one record",
        "satu rekaman cukup beberapa kilobita; pecah menjadi beberapa berkas",
        "a record needs a few kilobytes; split it into several files",
    ),
    "file-encoding": Entry(
        E,
        "Bukan UTF-8",
        "Not UTF-8",
        "bita {byte} bukan UTF-8 yang sah",
        "byte {byte} is not valid UTF-8",
        "simpan berkas sebagai UTF-8 (di VS Code: klik pengodean di bilah status, pilih 'Save with Encoding', UTF-8)",
        "save the file as UTF-8 (VS Code: click the encoding in the status bar, 'Save with Encoding', UTF-8)",
    ),
    "file-bom": Entry(
        E,
        "Tanda urutan bita (BOM)",
        "Byte-order mark",
        "berkas diawali tanda urutan bita (BOM) yang tidak terlihat",
        "the file starts with an invisible byte-order mark (BOM)",
        "simpan sebagai 'UTF-8' tanpa BOM",
        "save as 'UTF-8' without BOM",
    ),
    "file-control-character": Entry(
        E,
        "Karakter kendali atau tak terlihat",
        "Control or invisible character",
        "karakter tak terlihat {char} tidak boleh ada di rekaman",
        "invisible character {char} is not allowed in a record",
        "hapus karakter itu dan ketik ulang teksnya",
        "delete the character and retype the text",
    ),
    "file-tab": Entry(
        E,
        "Karakter tab",
        "Tab character",
        "karakter tab tidak boleh dipakai; YAML memakai spasi untuk indentasi",
        "tab characters are not allowed; YAML indents with spaces",
        "ganti tab dengan spasi (dua spasi per tingkat)",
        "replace the tab with spaces (two per level)",
    ),
    "file-empty": Entry(
        E,
        "Berkas kosong",
        "Empty file",
        "berkas tidak berisi rekaman",
        "the file holds no record",
        "isi berkas dengan rekaman, atau hapus berkasnya",
        "fill in the record, or delete the file",
    ),
    "file-misplaced": Entry(
        E,
        "Berkas di folder yang salah",
        "File in the wrong folder",
        "berkas ini tidak berada di folder jenis rekamannya: {expected}",
        "this file is not in its record kind's folder: {expected}",
        "pindahkan berkas ke {expected}",
        "move the file to {expected}",
    ),
    "file-name": Entry(
        E,
        "Nama berkas tidak sah",
        "Invalid file name",
        "nama berkas '{name}' tidak sah: huruf kecil, angka dan tanda hubung, diakhiri .yaml",
        "file name '{name}' is invalid: lower-case letters, digits and hyphens, ending in .yaml",
        "ganti nama berkas, mis. '{suggestion}'",
        "rename the file, e.g. '{suggestion}'",
    ),
    "file-not-record": Entry(
        E,
        "Bukan berkas rekaman",
        "Not a record file",
        "'{name}' bukan rekaman YAML; folder agencies/ dan agreements/ hanya berisi rekaman .yaml",
        "'{name}' is not a YAML record; the agencies/ and agreements/ folders hold only .yaml records",
        "pindahkan dokumen ke documents/ dan rujuk dari perjanjiannya (documents: path dan sha256)",
        "move documents to documents/ and refer to them from the agreement (documents: path and sha256)",
    ),
    # --- YAML ------------------------------------------------------------------------------
    "yaml-syntax": Entry(
        E,
        "Kesalahan sintaks YAML",
        "YAML syntax error",
        "YAML tidak dapat dibaca: {reason_id}",
        "the YAML cannot be read: {reason_en}",
        "{hint_id}",
        "{hint_en}",
    ),
    "yaml-multiple-documents": Entry(
        E,
        "Lebih dari satu dokumen",
        "Several documents",
        "berkas berisi lebih dari satu dokumen YAML (pemisah '---')",
        "the file holds more than one YAML document ('---')",
        "satu berkas untuk satu rekaman: pindahkan dokumen kedua ke berkas sendiri",
        "one record per file: move the second document to its own file",
    ),
    "yaml-duplicate-key": Entry(
        E,
        "Kunci ganda",
        "Duplicate key",
        "kunci '{key}' muncul dua kali (pertama di baris {first_line})",
        "key '{key}' appears twice (first on line {first_line})",
        "hapus salah satunya; YAML diam-diam hanya memakai yang terakhir",
        "remove one of them; YAML silently keeps only the last",
    ),
    "yaml-ambiguous-value": Entry(
        E,
        "Nilai YAML bermakna ganda",
        "Ambiguous YAML value",
        "nilai {value} tanpa tanda kutip dibaca sebagian alat YAML sebagai {reading_id}",
        "the unquoted value {value} is read by some YAML tools as {reading_en}",
        'beri tanda kutip: "{value}"{or_id}',
        'put it in quotes: "{value}"{or_en}',
    ),
    "yaml-tag": Entry(
        E,
        "Tag YAML",
        "YAML tag",
        "tag YAML '{tag}' tidak diizinkan di rekaman",
        "YAML tag '{tag}' is not allowed in a record",
        "hapus tag itu dan tulis nilainya apa adanya",
        "remove the tag and write the value plainly",
    ),
    "yaml-anchor": Entry(
        E,
        "Anchor, alias atau merge",
        "Anchor, alias or merge key",
        "anchor (&), alias (*) dan kunci merge (<<) tidak diizinkan di rekaman",
        "anchors (&), aliases (*) and merge keys (<<) are not allowed in a record",
        "tulis nilainya secara lengkap di setiap tempat",
        "write the value out in full at each place",
    ),
    "yaml-too-deep": Entry(
        E,
        "Terlalu bersarang",
        "Nested too deeply",
        "struktur bersarang lebih dari {limit} tingkat",
        "the structure is nested more than {limit} levels deep",
        "rekaman tidak memerlukan sedalam ini; periksa indentasi",
        "records never need this depth; check the indentation",
    ),
    "yaml-complex-key": Entry(
        E,
        "Kunci bukan teks",
        "Key is not text",
        "kunci harus berupa teks sederhana",
        "a key must be plain text",
        "tulis kunci sebagai kata, mis. 'name:'",
        "write the key as a word, e.g. 'name:'",
    ),
    "yaml-not-mapping": Entry(
        E,
        "Rekaman bukan pemetaan",
        "Record is not a mapping",
        "rekaman harus berupa pemetaan 'kunci: nilai', bukan {found_id}",
        "a record must be a 'key: value' mapping, not {found_en}",
        "mulai berkas dengan 'id: ...' pada kolom pertama",
        "start the file with 'id: ...' in the first column",
    ),
    # --- schema ----------------------------------------------------------------------------
    "schema-required": Entry(
        E,
        "Kunci wajib tidak ada",
        "Required key missing",
        "kunci wajib '{key}' tidak ada{at_id}",
        "required key '{key}' is missing{at_en}",
        "tambahkan '{key}:'{how_id}",
        "add '{key}:'{how_en}",
    ),
    "schema-unknown-key": Entry(
        E,
        "Kunci tidak dikenal",
        "Unknown key",
        "kunci '{key}' tidak dikenal di sini",
        "key '{key}' is not known here",
        "{suggestion}",
        "{suggestion_en}",
    ),
    "schema-type": Entry(
        E,
        "Jenis nilai salah",
        "Wrong kind of value",
        "{field}: diharapkan {expected_id}, ditemukan {found_id}",
        "{field}: expected {expected_en}, found {found_en}",
        "{how_id}",
        "{how_en}",
    ),
    "schema-enum": Entry(
        E,
        "Nilai tidak ada dalam daftar",
        "Value not in the list",
        "{field}: '{value}' tidak ada dalam daftar yang diizinkan",
        "{field}: '{value}' is not one of the allowed values",
        "{suggestion}{keep_id}pilihan: {choices}",
        "{suggestion_en}{keep_en}choices: {choices}",
    ),
    "schema-pattern": Entry(
        E,
        "Bentuk nilai salah",
        "Malformed value",
        "{field}: '{value}' tidak sesuai bentuk {what_id}",
        "{field}: '{value}' does not have the form of {what_en}",
        "contoh yang benar: {example}",
        "a correct example: {example}",
    ),
    "schema-length": Entry(
        E,
        "Panjang tidak sesuai",
        "Wrong length",
        "{field}: {detail_id}",
        "{field}: {detail_en}",
        "{how_id}",
        "{how_en}",
    ),
    "schema-range": Entry(
        E,
        "Angka di luar batas",
        "Number out of range",
        "{field}: {value} kurang dari batas bawah {limit}",
        "{field}: {value} is below the minimum {limit}",
        "",
        "",
    ),
    "schema-document-location": Entry(
        E,
        "Dokumen tanpa lokasi",
        "Document without location",
        "dokumen harus punya 'url', atau 'path' bersama 'sha256' (salah satu, bukan keduanya)",
        "a document needs either 'url', or 'path' together with 'sha256' (one of them, not both)",
        "",
        "",
    ),
    "schema-other": Entry(
        E, "Tidak sesuai skema", "Does not match the schema", "{field}: {detail}", "{field}: {detail}", "", ""
    ),
    "url-scheme": Entry(
        E,
        "Alamat web tidak sah",
        "Invalid web address",
        "{field}: alamat harus diawali http:// atau https://",
        "{field}: the address must start with http:// or https://",
        "salin alamat lengkap dari bilah alamat peramban",
        "copy the full address from the browser's address bar",
    ),
    "date-format": Entry(
        E,
        "Tanggal tidak berbentuk TTTT-BB-HH",
        "Date not written YYYY-MM-DD",
        "{field}: '{value}' bukan tanggal berbentuk TTTT-BB-HH",
        "{field}: '{value}' is not a date written YYYY-MM-DD",
        '{how_id}tanggal selalu ditulis tahun-bulan-hari, mis. "2023-03-13"',
        '{how_en}dates are always written year-month-day, e.g. "2023-03-13"',
    ),
    "date-invalid": Entry(
        E,
        "Tanggal tidak ada",
        "Date does not exist",
        "{field}: '{value}' bukan tanggal kalender yang ada",
        "{field}: '{value}' is not a real calendar date",
        "periksa hari dan bulan (TTTT-BB-HH)",
        "check the day and month (YYYY-MM-DD)",
    ),
    # --- identity --------------------------------------------------------------------------
    "id-filename-mismatch": Entry(
        E,
        "id tidak sama dengan nama berkas",
        "id differs from file name",
        "id '{id}' tidak sama dengan nama berkas '{stem}'",
        "id '{id}' differs from the file name '{stem}'",
        "samakan keduanya: ubah id menjadi '{stem}' atau ganti nama berkas menjadi '{id}.yaml'",
        "make them equal: set id to '{stem}' or rename the file to '{id}.yaml'",
    ),
    "id-duplicate": Entry(
        E,
        "id ganda",
        "Duplicate id",
        "id '{id}' sudah dipakai oleh {other}",
        "id '{id}' is already used by {other}",
        "setiap rekaman perlu id sendiri (huruf besar/kecil tidak membedakan)",
        "every record needs its own id (case does not make a difference)",
    ),
    "id-reserved": Entry(
        E,
        "id dipakai halaman situs",
        "id taken by a site page",
        "id '{id}' sama dengan nama halaman situs ({page}); halaman rekaman ini akan menimpanya",
        "id '{id}' is the name of a site page ({page}); this record's page would overwrite it",
        "pilih id yang lebih khas, mis. '{suggestion}' (ubah id dan nama berkasnya)",
        "choose a more specific id, e.g. '{suggestion}' (change the id and the file name)",
    ),
    "item-id-duplicate": Entry(
        E,
        "id butir ganda",
        "Duplicate item id",
        "id '{id}' dipakai dua kali di {collection}",
        "id '{id}' is used twice in {collection}",
        "",
        "",
    ),
    # --- references ------------------------------------------------------------------------
    "ref-unknown-agency": Entry(
        E,
        "Instansi tidak dikenal",
        "Unknown agency",
        "{field}: instansi '{id}' tidak ada di agencies/",
        "{field}: agency '{id}' has no file in agencies/",
        "{suggestion}atau tambahkan agencies/{id}.yaml",
        "{suggestion_en}or add agencies/{id}.yaml",
    ),
    "ref-unknown-agreement": Entry(
        E,
        "Perjanjian tidak dikenal",
        "Unknown agreement",
        "{field}: perjanjian '{id}' tidak ditemukan",
        "{field}: agreement '{id}' is not found",
        "{suggestion}",
        "{suggestion_en}",
    ),
    "ref-unknown-scope-item": Entry(
        E,
        "Butir ruang lingkup tidak dikenal",
        "Unknown scope item",
        "{field}: perjanjian '{agreement}' tidak punya butir ruang lingkup '{id}'",
        "{field}: agreement '{agreement}' has no scope item '{id}'",
        "{suggestion}",
        "{suggestion_en}",
    ),
    "ref-cycle": Entry(
        E,
        "Rantai melingkar",
        "Cycle in a chain",
        "rantai {relation} melingkar: {chain}",
        "the {relation} chain is a cycle: {chain}",
        "sebuah perjanjian tidak dapat (secara tidak langsung) memperpanjang atau mengubah dirinya sendiri",
        "an agreement cannot (even indirectly) renew or amend itself",
    ),
    "ref-self": Entry(
        E,
        "Merujuk diri sendiri",
        "Refers to itself",
        "{field}: perjanjian merujuk dirinya sendiri",
        "{field}: the agreement refers to itself",
        "hapus '{field}', atau tulis id perjanjian lain yang dimaksud sumber",
        "remove '{field}', or write the id of the other agreement the source means",
    ),
    "ref-wrong-kind": Entry(
        E,
        "Jenis perjanjian rujukan salah",
        "Referenced agreement of the wrong kind",
        "{field}: '{id}' berjenis {found}, seharusnya {expected}",
        "{field}: '{id}' is a {found}, expected {expected}",
        "",
        "",
    ),
    "ref-party-not-in-agreement": Entry(
        E,
        "Instansi bukan pihak perjanjian",
        "Agency is not a party",
        "{field}: instansi '{id}' bukan pihak perjanjian '{agreement}'",
        "{field}: agency '{id}' is not a party to agreement '{agreement}'",
        "{suggestion}pihak perjanjian: {parties}",
        "{suggestion_en}the parties: {parties}",
    ),
    "conflict-source-missing": Entry(
        E,
        "Nomor sumber tidak ada",
        "No such source number",
        "{field}: sumber nomor {number} tidak ada; daftar sources rekaman ini berakhir di nomor {count}",
        "{field}: there is no source number {number}; the sources list of this record ends at {count}",
        "tulis nomor urut sumber di daftar sources (1 sampai {count}), atau tambahkan sumbernya ke sources",
        "write the source's position in the sources list (1 to {count}), or add the source to sources",
    ),
    "conflict-field-unknown": Entry(
        E,
        "Kunci perbedaan tidak ada",
        "No such key in dispute",
        "{field}: rekaman ini tidak punya kunci '{key}'",
        "{field}: this record has no key '{key}'",
        "{suggestion}tulis kunci rekaman yang diperselisihkan persis seperti di rekaman ini, dipisah titik "
        "(mis. signed.place); bila nilainya tidak dapat diputuskan, kuncinya tetap ditulis dengan nilai null{known_id}",
        "{suggestion_en}write the disputed key exactly as this record has it, dotted (e.g. signed.place); if its "
        "value cannot be decided, the key is still written, with the value null{known_en}",
    ),
    "party-duplicate": Entry(
        E,
        "Pihak ganda",
        "Duplicate party",
        "instansi '{id}' tercatat dua kali sebagai pihak",
        "agency '{id}' is listed twice as a party",
        "butir ini mengulang instansi yang sama: tulis id instansi pihak lain yang disebut sumber (lihat agencies/); "
        "hapus butirnya hanya bila sumber memang tidak menyebut pihak lain",
        "this entry repeats the same agency: write the id of the other party the source names (see agencies/); "
        "remove the entry only if the source names no other party",
    ),
    "ref-broken-record": Entry(
        E,
        "Rujukan ke rekaman yang rusak",
        "Refers to a broken record",
        "{field}: tidak dapat diperiksa karena {what_id} '{id}' mengandung galat (di berkas {file})",
        "{field}: cannot be checked because {what_en} '{id}' has an error (in {file})",
        "perbaiki dulu galat di {file}, lalu periksa lagi",
        "fix the error in {file} first, then check again",
    ),
    "agreement-folder-owner": Entry(
        E,
        "Folder bukan milik pihak",
        "Folder owner is not a party",
        "perjanjian berada di folder '{folder}', tetapi '{folder}' bukan salah satu pihaknya",
        "the agreement is in folder '{folder}', but '{folder}' is not one of its parties",
        "pindahkan ke folder lembaga yang menjadi pihak",
        "move it to the folder of an institution that is a party",
    ),
    "plan-duplicate": Entry(
        W,
        "Rencana aksi ganda",
        "Several action plans",
        "perjanjian '{agreement}' sudah punya rencana aksi {other}",
        "agreement '{agreement}' already has action plan {other}",
        "gabungkan kegiatannya ke satu berkas rencana aksi",
        "merge the activities into one action-plan file",
    ),
    # --- dates -----------------------------------------------------------------------------
    "date-order": Entry(
        E,
        "Urutan tanggal salah",
        "Dates out of order",
        "{later_field} ({later}) lebih awal daripada {earlier_field} ({earlier})",
        "{later_field} ({later}) is before {earlier_field} ({earlier})",
        "",
        "",
    ),
    "activity-outside-validity": Entry(
        E,
        "Kegiatan di luar masa berlaku",
        "Activity outside the validity",
        "{field} ({date}) berada di luar masa berlaku perjanjian ({period})",
        "{field} ({date}) lies outside the agreement's validity ({period})",
        "perbaiki tanggalnya, atau catat perpanjangan perjanjian",
        "fix the date, or record the agreement's renewal",
    ),
    "date-in-future": Entry(
        E,
        "Tanggal di masa depan",
        "Date in the future",
        "{field} ({date}) lebih lambat daripada tanggal acuan {as_of}",
        "{field} ({date}) is after the as-of date {as_of}",
        "laporan hanya untuk hal yang sudah terjadi",
        "reports are for what has already happened",
    ),
    "signed-after-start": Entry(
        W,
        "Ditandatangani setelah mulai berlaku",
        "Signed after it took effect",
        "tanggal tanda tangan ({signed}) lebih lambat daripada mulai berlaku ({start})",
        "the signing date ({signed}) is after the start of validity ({start})",
        "periksa kembali kedua tanggal di dokumen",
        "check both dates against the document",
    ),
    "validity-duration-invalid": Entry(
        E,
        "Masa berlaku tidak masuk akal",
        "Term makes no sense",
        "validity.duration: {detail_id}",
        "validity.duration: {detail_en}",
        "tulis lamanya seperti di sumber, mis. 'years: 3', atau rentang dengan 'shortest' yang lebih pendek, mis. "
        "'shortest: {{years: 1}}' dan 'longest: {{years: 3}}'; bila sumber tidak menyebutnya, tulis 'duration: null'",
        "write the term as the source gives it, e.g. 'years: 3', or a range whose 'shortest' is shorter, e.g. "
        "'shortest: {{years: 1}}' and 'longest: {{years: 3}}'; if the source does not say, write 'duration: null'",
    ),
    "validity-duration-mismatch": Entry(
        E,
        "Tanggal berakhir tidak cocok dengan masa berlaku",
        "End date disagrees with the term",
        "validity.end ({end}) tidak cocok dengan validity.duration ({duration}) sejak validity.start: "
        "hari terakhirnya antara {earliest} dan {latest}",
        "validity.end ({end}) disagrees with validity.duration ({duration}) from validity.start: "
        "its last day lies between {earliest} and {latest}",
        "tulis 'end: null' agar tanggal berakhir dihitung dari masa berlakunya, atau perbaiki end menjadi tanggal antara "
        "{earliest} dan {latest}; bila sumber memang menyebut keduanya berbeda, catat keduanya di conflicts",
        "write 'end: null' so the end is computed from the term, or correct end to a day between {earliest} and {latest}; "
        "if the sources really give two different ends, record both under conflicts",
    ),
    # --- documents -------------------------------------------------------------------------
    "document-missing": Entry(
        E,
        "Berkas dokumen tidak ada",
        "Document file missing",
        "berkas dokumen '{file}' tidak ada di repositori",
        "document file '{file}' is not in the repository",
        "unggah berkasnya ke {file} atau perbaiki jalurnya",
        "upload the file to {file} or fix the path",
    ),
    "document-checksum": Entry(
        E,
        "Sidik SHA-256 tidak cocok",
        "SHA-256 mismatch",
        "sidik SHA-256 '{file}' adalah {actual}, bukan yang tercatat",
        "the SHA-256 of '{file}' is {actual}, not the recorded one",
        "bila berkasnya memang baru, salin sidik ini ke 'sha256'",
        "if the file really is new, copy this checksum into 'sha256'",
    ),
    # --- privacy ---------------------------------------------------------------------------
    # The structure each number must have to count is in site_builder/validation/idnumbers.py.
    "privacy-nik": Entry(
        E,
        "Nomor induk kependudukan atau KK",
        "National ID or family-card number",
        "ada angka 16 digit ({masked}) berbentuk NIK atau nomor KK (kode provinsi, tanggal lahir, nomor urut)",
        "a 16-digit number ({masked}) in the form of a NIK or family-card number (province code, date of birth, serial)",
        "data pribadi tidak boleh dicatat; hapus angka itu. NPWP instansi (99.999.999.9-999.999, atau 16 digit "
        "berawalan 0) tidak pernah berbentuk NIK; NPWP berbentuk NIK milik orang pribadi",
        "personal data must never be recorded; delete the number. An agency's NPWP (99.999.999.9-999.999, or 16 digits "
        "starting with 0) never has the form of a NIK; an NPWP in that form belongs to a person",
    ),
    "privacy-nip": Entry(
        E,
        "Nomor induk pegawai",
        "Civil-servant number",
        "ada angka 18 digit ({masked}) berbentuk NIP (tanggal lahir, bulan pengangkatan, jenis kelamin, nomor urut)",
        "an 18-digit number ({masked}) in the form of a NIP (date of birth, month of appointment, gender, serial)",
        "cantumkan nama dan jabatan pejabat saja; hapus NIP-nya",
        "give the official's name and position only; delete the NIP",
    ),
    "privacy-phone": Entry(
        E,
        "Nomor telepon",
        "Phone number",
        "ada nomor telepon ({masked}) dengan awalan operator seluler Indonesia atau kode wilayah telepon tetap",
        "a phone number ({masked}) with an Indonesian mobile operator's prefix or a fixed-line area code",
        "hapus nomor itu; registri tidak mencatat nomor telepon, juga nomor kantor: nomor kantor instansi ada di situs resminya "
        "(isian 'website' instansi)",
        "delete the number; the registry records no phone numbers, office numbers included: an agency's office number is on "
        "its official website (the agency's 'website' field)",
    ),
}


def language(requested: str | None = None) -> str:
    """The output language: an explicit choice, else PKS_LANG, else Indonesian."""
    lang = (requested or os.environ.get("PKS_LANG") or "id").lower()[:2]
    return lang if lang in LANGUAGES else "id"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


MAX_VALUE_CHARS = 400  # a quoted value is a clue, not a copy: a 200 KB line must not flood the log


def _shown(value: object) -> str:
    """A parameter as it may appear in a message: personal numbers masked first, then shortened."""
    text = privacy.mask(str(value))
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _fill(template: str, params: dict[str, object]) -> str:
    return template.format_map(_Blank({key: _shown(value) for key, value in params.items()})).strip()


class ProblemView(Protocol):
    """What a message is made from (a Problem is one): its code, where in the record, its parameters."""

    @property
    def code(self) -> str: ...

    @property
    def pointer(self) -> str: ...

    @property
    def param_dict(self) -> dict[str, object]: ...


def text_of(p: ProblemView, lang: str) -> tuple[str, str]:
    """(message, hint) of a problem in the given language; hint may be ''."""
    entry = CATALOGUE[p.code]
    # where in the record, in each language's words, for templates that name the enclosing value
    params = {
        "at_id": f" di {p.pointer}" if p.pointer else "",
        "at_en": f" in {p.pointer}" if p.pointer else "",
        **p.param_dict,
    }
    if lang == "en":
        return _fill(entry.message_en, params), _fill(entry.hint_en, params)
    return _fill(entry.message_id, params), _fill(entry.hint_id, params)


class DidYouMean(TypedDict):
    suggestion: str
    suggestion_en: str


def did_you_mean(word: str | None) -> DidYouMean:
    """The {suggestion} and {suggestion_en} of a hint that names what a mistyped word most likely means."""
    if not word:
        return {"suggestion": "", "suggestion_en": ""}
    return {"suggestion": f"maksud Anda '{word}'? ", "suggestion_en": f"did you mean '{word}'? "}


def title_of(code: str, lang: str) -> str:
    entry = CATALOGUE[code]
    return entry.title_en if lang == "en" else entry.title_id


# --- publishing (`pks build`, `pks serve`): refusals, failures and warnings, said in both languages ---
PUBLISHING: dict[str, tuple[str, str]] = {
    "site-dir-inside": (
        "folder situs {site_dir} adalah atau berada di dalam {folder}; `pks build` mengganti seluruh isi folder situs. "
        "Pilih folder di luar rekaman, skema, docs/ dan .git, mis. --site-dir site",
        "the site folder {site_dir} is or is inside {folder}; `pks build` replaces the whole site folder. "
        "Choose a folder outside the records, schemas, docs/ and .git, e.g. --site-dir site",
    ),
    "site-dir-contains": (
        "folder situs {site_dir} adalah atau memuat {folder}; `pks build` mengganti seluruh isi folder situs. "
        "Pilih folder tersendiri, mis. --site-dir site",
        "the site folder {site_dir} is or holds {folder}; `pks build` replaces the whole site folder. "
        "Choose a folder of its own, e.g. --site-dir site",
    ),
    "site-dir-foreign": (
        "folder {site_dir} tidak kosong dan tidak dibuat oleh `pks build` (tidak ada berkas {marker}); isinya tidak "
        "akan diganti. Pilih folder baru atau kosong, atau kosongkan sendiri folder itu bila isinya memang boleh hilang",
        "the folder {site_dir} is not empty and was not made by `pks build` (no {marker} file); its content will not be "
        "replaced. Choose a new or empty folder, or empty that folder yourself if its content may go",
    ),
    "site-dir-not-folder": (
        "{site_dir} adalah berkas, bukan folder; pilih folder situs lain",
        "{site_dir} is a file, not a folder; choose another site folder",
    ),
    "site-dir-unwritable": (
        "tidak dapat menulis di {folder}: {reason}. Situs yang ada tidak diubah; pilih folder yang dapat ditulis",
        "cannot write in {folder}: {reason}. The existing site is unchanged; choose a writable folder",
    ),
    "site-not-written": (
        "situs baru tidak dapat ditulis: {reason}. Situs di {site_dir} tidak diubah",
        "the new site could not be written: {reason}. The site at {site_dir} is unchanged",
    ),
    "leftover-kept": (
        "folder sisa {folder} tidak dapat dihapus; hapus sendiri bila perlu",
        "the leftover folder {folder} could not be removed; remove it yourself if need be",
    ),
    "build-busy": (
        "`pks build` lain (proses {pid}) sedang membangun {what}; tunggu sampai selesai, lalu jalankan lagi",
        "another `pks build` (process {pid}) is building {what}; wait until it ends, then run again",
    ),
    "lock-unavailable": (
        "tidak dapat membuat berkas kunci di {folder}: {reason}",
        "cannot create a lock file in {folder}: {reason}",
    ),
    "history-shallow": (
        "riwayat git dangkal (shallow clone): tanggal perubahan dan umpan Atom akan salah, seolah commit terakhir "
        "menambahkan semua rekaman. Ambil seluruh riwayat dengan `git fetch --unshallow` (GitHub Actions: "
        "actions/checkout dengan fetch-depth: 0)",
        "the git history is shallow: change dates and the Atom feed would be wrong, as if the last commit added every "
        "record. Fetch the whole history with `git fetch --unshallow` (GitHub Actions: actions/checkout with "
        "fetch-depth: 0)",
    ),
    "history-shallow-ci": (
        "riwayat git dangkal (shallow clone) di CI: situs tidak dibangun agar tanggal yang salah tidak terbit. "
        "Pakai actions/checkout dengan fetch-depth: 0, atau `git fetch --unshallow` sebelum `pks build`",
        "shallow git history under CI: the site is not built, so that wrong dates are not published. "
        "Use actions/checkout with fetch-depth: 0, or `git fetch --unshallow` before `pks build`",
    ),
    "history-unreadable": (
        "git tidak dapat membaca riwayat di {root}: {reason}. Umpan Atom kosong dan tanggal perubahan tidak "
        "diketahui. Bila git menyebut 'dubious ownership' (folder milik pengguna lain), jalankan "
        "`git config --global --add safe.directory {root}`",
        "git cannot read the history in {root}: {reason}. The Atom feed is empty and change dates are unknown. "
        "If git says 'dubious ownership' (a folder owned by another user), run "
        "`git config --global --add safe.directory {root}`",
    ),
    "history-unreadable-ci": (
        "git tidak dapat membaca riwayat di {root} di CI: {reason}. Situs tidak dibangun agar umpan Atom kosong "
        "dan tanggal yang hilang tidak terbit. Bila git menyebut 'dubious ownership' (misalnya job container "
        "yang berjalan sebagai pengguna lain), jalankan `git config --global --add safe.directory {root}` "
        "sebelum `pks build`",
        "git cannot read the history in {root} under CI: {reason}. The site is not built, so that an empty Atom "
        "feed and missing dates are not published. If git says 'dubious ownership' (a container job running as "
        "another user, say), run `git config --global --add safe.directory {root}` before `pks build`",
    ),
    "history-missing": (
        "tidak ada riwayat git (bukan repositori git, rekaman belum pernah di-commit, atau git tidak terpasang): umpan Atom "
        "kosong dan tanggal perubahan rekaman tidak diketahui. Cukup untuk pratinjau; situs yang terbit dibangun "
        "dari clone git lengkap",
        "no git history (not a git repository, records never committed, or git is not installed): the Atom feed is empty "
        "and the records' change dates are unknown. Fine for a preview; a published site is built from a full "
        "git clone",
    ),
    "history-missing-ci": (
        "tidak ada riwayat git di CI (bukan repositori git, rekaman belum pernah di-commit, atau git tidak terpasang): situs "
        "tidak dibangun agar umpan Atom kosong dan tanggal yang hilang tidak terbit. Bangun dari clone git lengkap "
        "(actions/checkout dengan fetch-depth: 0), bukan dari salinan atau arsip tar",
        "no git history under CI (not a git repository, records never committed, or git is not installed): the site is not "
        "built, so that an empty Atom feed and missing dates are not published. Build from a full git clone "
        "(actions/checkout with fetch-depth: 0), not from a copy or a tarball",
    ),
    "date-format": (
        "'{value}' bukan tanggal TTTT-BB-HH, mis. 2026-03-13",
        "'{value}' is not a YYYY-MM-DD date, e.g. 2026-03-13",
    ),
    "as-of-range": (
        "{value} di luar rentang tanggal acuan yang dapat dibangun, {first} sampai {last}",
        "{value} is outside the as-of dates a site can be built for, {first} to {last}",
    ),
    "warn-days-range": (
        "{value} di luar rentang 0 sampai {last} hari",
        "{value} is outside the range of 0 to {last} days",
    ),
    "source-date-epoch": (
        "SOURCE_DATE_EPOCH='{value}' bukan detik Unix antara 0 dan {last}; perbaiki atau hapus variabel itu",
        "SOURCE_DATE_EPOCH='{value}' is not a Unix time between 0 and {last}; fix or unset the variable",
    ),
    "file-name-encoding": (
        "nama berkas {name} bukan UTF-8 yang sah; ganti nama berkas itu",
        "the file name {name} is not valid UTF-8; rename the file",
    ),
    "second-process-killed": (
        "proses kedua `pks build` dihentikan oleh sinyal {signal} sebelum selesai. Biasanya memori mesin habis "
        "(sistem mematikan proses terbesar) atau proses itu dimatikan dari luar. Situs tidak diganti. Jalankan "
        "`pks build` lagi; bila terulang, bangun dengan satu proses, yang memakai lebih sedikit memori: "
        "`PKS_JOBS=1 pks build`",
        "the second process of `pks build` was stopped by signal {signal} before it finished. Usually the machine "
        "ran out of memory (the system kills the largest process) or the process was killed from outside. The site "
        "was not replaced. Run `pks build` again; if it happens again, build with one process, which uses less "
        "memory: `PKS_JOBS=1 pks build`",
    ),
    "second-process-exited": (
        "proses kedua `pks build` berhenti dengan kode keluar {code} tanpa memberi hasilnya. Situs tidak diganti. "
        "Jalankan `pks build` lagi; bila terulang, bangun dengan satu proses (`PKS_JOBS=1 pks build`): galat "
        "yang sebenarnya lalu tampil",
        "the second process of `pks build` ended with exit code {code} without giving its result. The site was not "
        "replaced. Run `pks build` again; if it happens again, build with one process (`PKS_JOBS=1 pks build`): "
        "the actual error then shows",
    ),
}


def say(key: str, lang: str | None = None, /, **params: object) -> str:
    """A PUBLISHING message: in the language chosen (--lang or PKS_LANG), else Indonesian then English."""
    chosen = (lang or os.environ.get("PKS_LANG") or "").lower()[:2]
    texts = PUBLISHING[key]
    picked = [texts[LANGUAGES.index(chosen)]] if chosen in LANGUAGES else list(texts)
    return "\n".join(template.format_map(_Blank(params)) for template in picked)
