"""Every public word that does not come from a record, one edition per language: the site's, the
open-data feeds' (Atom, iCalendar), every sentence of `pks diff` and the record words of the expiry
reminders.

Indonesian is the only edition today. An English edition is one more `Labels(...)` value in
EDITIONS with the same keys; tests/site/test_labels.py holds every edition to the keys of the
Indonesian one and every enumeration to the values the schemas allow.

Sentences with `{name}` placeholders are filled by filters.py in Python and by
assets/status.js in the browser, from the same text (`pks build` writes it into the site's script).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from site_builder.status import Reason, Status


@dataclass(frozen=True)
class StatusLabel:
    label: str  # the word shown in badges and tables
    symbol: str  # a text symbol beside the word, so status never relies on colour alone
    definition: str  # one sentence for the About page; may use {warn_days}


@dataclass(frozen=True)
class Labels:
    lang: str
    months: tuple[str, ...]  # January first
    ui: Mapping[str, str]
    status: Mapping[Status, StatusLabel]
    # Why a status holds, per reason, worded for an exact date, a date range, or no known date.
    # Placeholders: {date}, {earliest}, {latest}, {days}.
    reasons: Mapping[Reason, Mapping[str, str]]
    themes: Mapping[str, str]
    agreement_kinds: Mapping[str, str]
    agency_kinds: Mapping[str, str]
    party_roles: Mapping[str, str]
    activity_status: Mapping[str, str]
    frequencies: Mapping[str, str]
    budget_sources: Mapping[str, str]
    change_kinds: Mapping[str, str]  # git's A/M/D/T letters
    record_kinds: Mapping[str, str]  # agency, agreement, action-plan as a noun inside a sentence
    # An agreement's kind as the head of a line ("PKS x diperpanjang ..."), and the word when unknown
    agreement_kinds_short: Mapping[str, str]
    agreement_kind_unknown: str
    relations: Mapping[str, str]  # renews, amends, umbrella as a phrase; {id} is the other agreement
    feed: Mapping[str, str]  # data/changes.atom
    calendar: Mapping[str, str]  # data/ends*.ics
    # `pks diff`: its headings and every detail sentence; {before}/{after} are values already worded
    diff: Mapping[str, str]

    def short_kind(self, kind: object) -> str:
        """The head word of an agreement of this kind ("PKS"); the unknown word for anything else."""
        if not isinstance(kind, str):
            return self.agreement_kind_unknown
        return self.agreement_kinds_short.get(kind, self.agreement_kind_unknown)


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


INDONESIAN = Labels(
    lang="id",
    months=(
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    ui=_frozen(
        {
            # what the site is
            "site_tagline": "Siapa bekerja sama dengan lembaga pemasyarakatan, tentang apa, sampai kapan, "
            "dan apakah kegiatan yang dijanjikan terlaksana.",
            "site_disclaimer": "Registri terbuka warga yang disusun dari sumber publik; bukan publikasi resmi "
            "instansi mana pun. Yang tidak disebut sumber ditulis \u201ctidak diketahui\u201d, "
            "tidak pernah dikarang.",
            # page titles
            "home_title": "Beranda",
            "agreements_title": "Daftar perjanjian",
            "agencies_title": "Instansi",
            "themes_title": "Tema kerja sama",
            "about_title": "Tentang data",
            "dictionary_title": "Kamus data",
            "problems_title": "Kode masalah validator",
            "search_title": "Cari",
            # search page (search.md.j2, assets/search.js)
            "search_label": "Cari perjanjian, instansi mitra, tema atau tempat",
            "search_button": "Cari",
            "search_needs_script": "Pencarian membutuhkan JavaScript. Tanpa itu, daftar di bawah memuat semuanya.",
            "search_hint": "Semua perjanjian, instansi dan tema juga ada di daftarnya:",
            "search_ready": "Ketik nama mitra (misalnya singkatannya), tema atau kata dari judul.",
            "search_loading": "Mencari\u2026",
            "search_none": "Tidak ada halaman yang cocok dengan \u201c{query}\u201d.",
            "search_count": "{count} halaman cocok dengan \u201c{query}\u201d.",
            "search_more": "Tampilkan lebih banyak",
            "search_failed": "Pencarian tidak dapat dimuat (situs dibuka dari berkas, atau indeks tidak ada). "
            "Gunakan daftar di bawah.",
            "search_partner": "Mitra",
            # home
            "counts_heading": "Angka terkini",
            "counts_as_of": "Angka {as_of}.",
            "count_agreements": "Perjanjian ditandatangani",
            "count_by_reference": "Perjanjian terdahulu diketahui dari rujukan",
            "by_reference_heading": "Diketahui hanya dari rujukan",
            "by_reference_intro": "{count} perjanjian terdahulu hanya diketahui karena perjanjian lain menyebutnya "
            "(misalnya diperpanjang); tanggal dan isinya tidak disebut sumber. Tidak dihitung "
            "sebagai perjanjian yang ditandatangani di atas.",
            "by_reference_badge": "diketahui dari rujukan",
            "count_partners": "Instansi mitra",
            "count_in_force": "Berlaku",
            "count_ending_soon": "Akan berakhir dalam {warn_days} hari",
            "count_ended": "Berakhir tanpa perpanjangan tercatat",
            "count_renewed": "Berakhir dan diperpanjang",
            "count_terminated": "Dihentikan lebih awal",
            "count_not_yet": "Belum berlaku",
            "count_uncertain": "Status tidak pasti (tanggal tidak diketahui)",
            "counts_note": "Setiap perjanjian masuk tepat satu kotak status. Peramban menghitung ulang angka dan "
            "status untuk hari ini setiap kali halaman dibuka.",
            "timeline_heading": "Garis waktu masa berlaku",
            "timeline_scroll_hint": "Geser garis waktu ke samping untuk melihat semuanya \u2192",
            "timeline_intro": "Setiap baris satu perjanjian. Batang penuh: masa berlaku yang pasti. Batang "
            "arsir: rentang tempat tanggal mulai atau berakhir jatuh, karena sumber tidak "
            "menyebut tanggal pastinya. Garis putus-putus: tanggal tidak diketahui. Garis "
            "tegak: {as_of}.",
            "timeline_limited": "Menampilkan {shown} perjanjian terbaru dari {total}; semuanya ada di daftar "
            "perjanjian.",
            "timeline_label": "Garis waktu masa berlaku {count} perjanjian; rinciannya ada di tabel di bawahnya.",
            "timeline_text_summary": "Garis waktu dalam bentuk teks",
            "recent_heading": "Perubahan terbaru",
            "recent_agreements": "Perjanjian dan rencana aksi",
            "recent_agencies": "Instansi",
            "recent_none": "Belum ada riwayat perubahan (folder ini bukan repositori git atau belum ada commit).",
            "browse_heading": "Telusuri",
            "downloads_heading": "Unduh data terbuka",
            "downloads_intro": "Seluruh isi registri, dibuat ulang setiap kali situs dibangun. Lisensi CC BY 4.0.",
            "downloads_all": "Semua berkas dan kamus datanya",
            "downloads_file": "Berkas",
            "downloads_format": "Format",
            "downloads_size": "Ukuran",
            "downloads_content": "Isi",
            "downloads_per_agency": "Kalender per instansi",
            # tables and fields
            "col_agreement": "Perjanjian",
            "col_partner": "Mitra",
            "col_themes": "Tema",
            "col_signed": "Ditandatangani",
            "col_validity": "Masa berlaku",
            "col_status": "Status",
            "col_change": "Perubahan",
            "col_record": "Rekaman",
            "col_agency": "Instansi",
            "col_kind": "Jenis",
            "col_count": "Jumlah perjanjian",
            "col_theme": "Tema",
            "field_kind": "Jenis",
            "field_official_title": "Judul resmi",
            "field_signed": "Tanggal tanda tangan",
            "field_place": "Tempat",
            "field_start": "Mulai berlaku",
            "field_end": "Berakhir",
            "field_validity_note": "Keterangan masa berlaku",
            "field_duration": "Lama masa berlaku",
            "field_kind_wording": "disebut sumber",
            "field_basis": "Dasar atau arahan",
            "field_basis_by": "arahan dari {person}",
            "field_present": "Turut hadir",
            "field_url_partial": "alamat tidak lengkap (tidak ditautkan)",
            "field_original_wording": "Kata-kata sumber",
            "field_themes": "Tema",
            "field_role": "Kedudukan",
            "field_document_number": "Nomor dokumen",
            "field_signatory": "Penanda tangan",
            "field_name_now": "nama sekarang: {name}",
            "field_short_name": "Nama singkat",
            "field_parent": "Instansi induk",
            "field_region": "Kode wilayah (Kemendagri)",
            "field_website": "Situs web",
            "field_former_names": "Nama sebelumnya",
            "field_until": "dipakai sampai {date}",
            "field_children": "Instansi di bawahnya",
            "field_note": "Catatan",
            "field_responsible": "Penanggung jawab",
            "field_schedule": "Jadwal",
            "field_indicator": "Indikator",
            "field_target": "Target",
            "field_budget": "Sumber anggaran",
            "field_activity_status": "Status kegiatan",
            "field_scope_item": "Butir ruang lingkup",
            "field_progress": "Riwayat realisasi",
            "field_value": "Nilai",
            "field_evidence": "Bukti",
            "field_checksum": "SHA-256",
            "field_publisher": "Penerbit",
            "field_title": "Judul",
            "field_published": "Terbit",
            "field_author": "Penulis",
            "field_address": "Alamat",
            "field_termination": "Diakhiri lebih awal",
            "field_reason": "Alasan",
            "field_last_change": "Terakhir diubah",
            "field_record_file": "Berkas rekaman",
            # agreement page sections
            "section_summary": "Ringkasan",
            "section_parties": "Para pihak",
            "section_witnesses": "Saksi",
            "section_conflicts": "Sumber yang berbeda",
            "conflicts_intro": "Sumber-sumber rekaman ini melaporkan hal berikut secara berbeda; keduanya dicatat.",
            "conflict_source": "sumber {number}",
            "section_scope": "Ruang lingkup",
            "section_relations": "Hubungan dengan perjanjian lain",
            "section_plan": "Rencana aksi",
            "section_documents": "Dokumen",
            "section_sources": "Sumber",
            "section_record": "Tentang rekaman ini",
            "section_agreements_of_agency": "Perjanjian (dulu dan sekarang)",
            "section_witnessed": "Menjadi saksi",
            "section_responsible_for": "Penanggung jawab kegiatan rencana aksi",
            "section_agreements_of_theme": "Perjanjian bertema ini",
            "scope_item_ref": "butir {number} ({theme})",
            "plan_sources_shared": "Sumber rencana aksi ini (lihat Sumber di bawah)",
            # long lists, continued on pages of their own
            "part_title": "{record}: {list}, halaman {number} dari {pages}",
            "part_intro": "{list} pada halaman {record}, lanjutan: halaman {number} dari {pages}, terbaru lebih dulu.",
            "pager_label": "Halaman daftar {list}",
            "pager_text": "{count} butir dalam {pages} halaman:",
            "relation_renews": "Memperpanjang",
            "relation_renewed_by": "Diperpanjang oleh",
            "relation_amends": "Mengubah",
            "relation_amended_by": "Diubah oleh",
            "relation_umbrella": "Di bawah nota kesepahaman",
            "relation_under_umbrella": "Menaungi",
            "relations_none": "Tidak ada hubungan dengan perjanjian lain yang tercatat.",
            "witnesses_none": "Sumber tidak menyebut saksi.",
            "parties_compact_note": "Setiap pihak dengan apa yang disebut sumber; kedudukan, nomor dokumen atau "
            "penanda tangan yang tidak disebut tidak ditulis.",
            "scope_none": "Sumber tidak menyebut ruang lingkupnya.",
            "plan_none": "Belum ada rencana aksi yang tercatat untuk perjanjian ini.",
            "activities_none": "Rencana aksi ini belum memuat kegiatan.",
            "documents_none": "Belum ada salinan dokumen yang tercatat.",
            "agreements_none": "Tidak ada perjanjian tercatat dengan instansi ini sebagai pihak.",
            "agency_calendar": "Kalender berakhirnya perjanjian instansi ini",
            "agency_calendar_note": "iCalendar (.ics): tambahkan ke aplikasi kalender, pengingat 90 dan 30 hari sebelumnya.",
            "edit_record": "Usulkan perubahan pada berkas ini di GitHub",
            "edit_record_missing": "Alamat repositori belum diatur, jadi tautan ubah tidak tersedia.",
            "document_in_repository": "berkas di repositori: {path}",
            "status_as_of": "per {as_of}",
            "status_chain": "\u00a0\u00b7 perpanjangan: {label}",  # a no-break space: squeezing HTML keeps it
            "status_recomputed": "dihitung ulang oleh peramban per {as_of}",
            # values said plainly
            "unknown": "tidak diketahui",
            "not_stated": "tidak disebut sumber",
            "name_unknown": "nama tidak diketahui",
            "date_range": "antara {earliest} dan {latest}",
            "date_range_note": "sumber hanya menyebut rentangnya",
            "date_latest_only": "paling lambat {latest}",
            "date_earliest_only": "paling cepat {earliest}",
            "date_open_note": "sumber hanya membatasinya dari satu sisi",
            "period_years": "{n} tahun",
            "period_months": "{n} bulan",
            "period_days": "{n} hari",
            "term_range": "{shortest} hingga {longest}",
            "end_derived_note": "dihitung dari masa berlaku {term}, bukan tanggal dari sumber",
            "not_recorded": "belum tercatat",
            "target_value": "{value} {unit}",
            "schedule_from": "mulai {date}",
            "schedule_until": "sampai {date}",
            "no_git_date": "tidak diketahui (tanpa riwayat git)",
            # list filter (shown only when JavaScript runs)
            "filter_heading": "Saring daftar",
            "filter_text": "Cari judul atau mitra",
            "filter_status": "Status",
            "filter_theme": "Tema",
            "filter_all": "Semua",
            "filter_shown": "{shown} dari {total} perjanjian ditampilkan",
            # {as_of} is "per <day>" (status_as_of), kept to the day the page is opened by status.js
            "list_intro": "Semua {count} perjanjian yang ditandatangani, terbaru lebih dulu. Status {as_of}; peramban "
            "menghitungnya ulang setiap kali halaman dibuka.",
            "list_by_institution": "{count} perjanjian, terlalu banyak untuk satu halaman: pilih lembaga "
            "pemasyarakatannya. Status {as_of}.",
            "col_institution": "Lembaga pemasyarakatan",
            "agencies_partners": "Instansi mitra",
            "agencies_institutions": "Lembaga pemasyarakatan",
            "agencies_other": "Instansi lain yang disebut rekaman",
            "themes_intro": "Tema dari daftar terkendali di skema; hanya tema yang dipakai perjanjian yang "
            "ditampilkan.",
            "themes_none": "Belum ada perjanjian yang menyebut ruang lingkup bertema.",
            "theme_page_intro": "Perjanjian dengan paling sedikit satu butir ruang lingkup bertema ini.",
            # about
            "open_data_title": "Data terbuka",
            "about_what_heading": "Apa ini",
            "about_what": "Registri ini mencatat perjanjian kerja sama, nota kesepahaman dan adendum antara lembaga "
            "pemasyarakatan dan instansi mitranya, beserta rencana aksinya: siapa bekerja sama, "
            "tentang apa, sampai kapan, dan apakah kegiatan yang dijanjikan terlaksana. Setiap "
            "perjanjian, rencana aksi dan instansi adalah satu berkas teks (YAML) di repositori git "
            "yang terbuka; situs ini dibangun dari berkas-berkas itu.",
            "about_method_heading": "Metode",
            "about_method": "Setiap fakta berasal dari sumber publik yang dicantumkan pada rekamannya (berita, "
            "situs resmi, salinan dokumen). Yang tidak disebut sumber dibiarkan kosong dan "
            "ditampilkan sebagai \u201ctidak diketahui\u201d, tidak pernah ditebak. Bila sumber hanya "
            "membatasi sebuah tanggal (misalnya \u201csebelum 15 Januari 2024\u201d), rekaman menyimpan "
            "batasnya dan situs menyebutnya \u201cantara \u2026 dan \u2026\u201d atau \u201cpaling lambat \u2026\u201d. Bila sumber hanya "
            "menyebut lamanya (misalnya \u201csatu hingga tiga tahun\u201d), tanggal berakhir dihitung dari tanggal "
            "mulai dan ditandai sebagai hasil hitungan, bukan tanggal dari sumber. Perjanjian terdahulu "
            "yang hanya diketahui karena disebut perjanjian lain dihitung dan didaftar terpisah. Nama instansi "
            "ditampilkan seperti pada saat penandatanganan. Data pribadi warga binaan tidak pernah "
            "dicatat; nama dan jabatan pejabat dicatat seperti tercetak di sumber. Setiap perubahan "
            "diperiksa validator otomatis sebelum situs dibangun.",
            "about_status_heading": "Status dan tanggal acuan",
            "about_status": "Rekaman tidak menyimpan status. Status dihitung dari tanggal mulai, tanggal berakhir, "
            "pengakhiran lebih awal dan perpanjangan yang tercatat, per tanggal acuan (hari "
            "pembangunan situs, zona waktu WITA). Situs ini dibangun per {as_of}. Peramban "
            "menghitung ulang status dengan aturan yang sama setiap kali halaman dibuka, jadi "
            "halaman lama tetap menunjukkan status yang benar. Setiap status ditampilkan dengan "
            "kata dan simbol, tidak hanya dengan warna.",
            "about_dictionary": "Arti setiap kolom rekaman ada di {link}, yang dibuat langsung dari skema JSON "
            "yang juga dipakai validator.",
            "about_open_data": "Seluruh rekaman juga tersedia sebagai data terbuka (JSON, CSV, iCalendar, Atom): "
            "lihat {link}.",
            "about_licence_heading": "Lisensi",
            "about_licence": "Data registri boleh dipakai, dibagikan dan diolah ulang oleh siapa pun, termasuk "
            "untuk keperluan komersial, asalkan menyebut sumbernya: Lisensi {licence}. Kode "
            "program situs ini berlisensi MIT.",
            "licence_name": "Creative Commons Atribusi 4.0 Internasional (CC BY 4.0)",
            "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.id",
            "about_correction_heading": "Melaporkan koreksi",
            "about_correction": "Menemukan data yang salah atau kurang? Setiap halaman perjanjian dan instansi "
            "punya tautan untuk mengusulkan perubahan pada berkas rekamannya. Sebutkan apa yang "
            "salah, nilai yang benar, dan sumber publiknya. Jangan menyertakan data pribadi "
            "warga binaan.",
            "about_issue": "Tanpa mengubah berkas pun bisa: {link} (perlu akun GitHub).",
            "about_issue_link": "tulis laporan di pelacak isu",
            "about_problems": "Pesan validator untuk penyunting rekaman dijelaskan di {link}.",
            "maintainers_guide_title": "Panduan pengelola",
            "about_guide": "Cara mencatat perjanjian baru, perpanjangan, adendum dan laporan kegiatan lewat editor "
            "web GitHub dijelaskan di {link}.",
            "about_technical_heading": "Teknis",
            "performance_title": "Catatan kinerja",
            "about_performance": "Ukuran dan kecepatan pembangunan situs pada skala nasional dicatat di {link}.",
            "status_definitions": "Definisi status",
            "status_col_name": "Status",
            "status_col_meaning": "Arti",
            "dictionary_intro": "Dibuat langsung dari skema JSON di folder schema/ (yang juga dipakai validator "
            "dan editor), jadi selalu sama dengan aturan yang berlaku. Nama kolom ditulis sebagai "
            "jalur: `parties[].signatory.name` berarti kolom name di dalam signatory milik setiap "
            "butir daftar parties.",
            "dictionary_field": "Kolom",
            "dictionary_meaning": "Arti",
            "dictionary_type": "Bentuk isian",
            "dictionary_required": "wajib",
            "dictionary_optional": "opsional",
            "dictionary_allowed": "Nilai yang boleh: {values}",
            "type_string": "Teks",
            "type_number": "Angka",
            "type_integer": "Bilangan bulat",
            "type_boolean": "Ya/tidak (true/false)",
            "type_object": "Pemetaan 'kunci: nilai'",
            "type_array": "Daftar",
            "type_choice": "Pilihan dari daftar",
            "type_list_of": "Daftar: {kind}",
            "type_one_of": "Salah satu dari: {kinds}",
            "type_nullable": "{kind}, atau null bila tidak diketahui",
            "problems_intro": "Setiap masalah yang dilaporkan `pks validate` punya kode tetap. Galat menghentikan "
            "pembangunan situs; peringatan tidak, kecuali dengan --strict. Pesan ditampilkan dalam "
            "bahasa Indonesia dan Inggris; {nama} di dalam pesan diisi dengan nilai dari rekaman.",
            "problems_title_label": "Judul",
            "problems_code": "Kode",
            "problems_severity": "Tingkat",
            "problems_message": "Pesan",
            "problems_hint": "Saran",
            "severity_error": "galat",
            "severity_warning": "peringatan",
        }
    ),
    status=_frozen(
        {
            Status.BELUM_BERLAKU: StatusLabel("Belum berlaku", "\u25cb", "Tanggal mulai berlakunya belum tiba."),
            Status.BERLAKU: StatusLabel(
                "Berlaku", "\u2713", "Sudah mulai berlaku dan berakhir lebih dari {warn_days} hari lagi."
            ),
            Status.AKAN_BERAKHIR: StatusLabel(
                "Akan berakhir", "!", "Masih berlaku, tetapi berakhir dalam {warn_days} hari atau kurang."
            ),
            Status.BERAKHIR: StatusLabel(
                "Berakhir", "\u2715", "Masa berlakunya sudah habis dan registri tidak mencatat perpanjangannya."
            ),
            Status.DIPERPANJANG: StatusLabel(
                "Diperpanjang",
                "\u21bb",
                "Masa berlakunya sudah habis atau tidak diketahui, dan kerja samanya "
                "dilanjutkan oleh perpanjangan yang tercatat di registri.",
            ),
            Status.DIHENTIKAN: StatusLabel(
                "Dihentikan", "\u25a0", "Diakhiri lebih awal, sebelum masa berlakunya habis."
            ),
            Status.TIDAK_PASTI: StatusLabel(
                "Tidak pasti",
                "?",
                "Sumber tidak menyebut tanggal mulai atau berakhir secara pasti, dan "
                "tanggal acuan jatuh di rentang yang tidak dapat dipastikan, atau "
                "tanggal berakhirnya tidak diketahui sama sekali.",
            ),
        }
    ),
    reasons=_frozen(
        {
            Reason.TERMINATED: _frozen({"exact": "Diakhiri lebih awal pada {date}."}),
            Reason.STARTS_LATER: _frozen(
                {
                    "exact": "Mulai berlaku {date}, {days} hari lagi.",
                    "range": "Mulai berlaku antara {earliest} dan {latest}.",
                }
            ),
            Reason.START_UNCERTAIN: _frozen(
                {
                    "range": "Mulai berlaku antara {earliest} dan {latest}; sumber tidak menyebut tanggal pastinya, "
                    "jadi belum dapat dipastikan sudah berlaku.",
                }
            ),
            Reason.RENEWED: _frozen(
                {
                    "exact": "Berakhir {date} dan dilanjutkan oleh perpanjangan yang tercatat.",
                    "range": "Berakhir antara {earliest} dan {latest} dan dilanjutkan oleh perpanjangan yang tercatat.",
                    "none": "Tanggal berakhirnya tidak diketahui; kerja samanya dilanjutkan oleh perpanjangan yang "
                    "tercatat.",
                }
            ),
            Reason.ENDED: _frozen(
                {
                    "exact": "Berakhir {date}; perpanjangannya tidak tercatat.",
                    "range": "Berakhir antara {earliest} dan {latest}; perpanjangannya tidak tercatat.",
                }
            ),
            Reason.END_IN_RANGE: _frozen(
                {
                    "range": "Berakhir antara {earliest} dan {latest}; sumber tidak menyebut tanggal pastinya, jadi "
                    "belum dapat dipastikan masih berlaku.",
                }
            ),
            Reason.END_UNKNOWN: _frozen({"none": "Sumber tidak menyebut kapan perjanjian ini berakhir."}),
            Reason.ENDS_SOON: _frozen(
                {
                    "exact": "Berlaku sampai {date}, {days} hari lagi.",
                    "range": "Berakhir antara {earliest} dan {latest}, paling cepat {days} hari lagi.",
                }
            ),
            Reason.IN_FORCE: _frozen(
                {
                    "exact": "Berlaku sampai {date}.",
                    "range": "Berlaku; berakhir antara {earliest} dan {latest}.",
                }
            ),
        }
    ),
    themes=_frozen(
        {
            "kesehatan": "Kesehatan",
            "pendidikan": "Pendidikan",
            "literasi": "Literasi dan perpustakaan",
            "lingkungan": "Lingkungan hidup",
            "perhubungan": "Perhubungan",
            "perdagangan": "Perdagangan",
            "keselamatan-kebakaran": "Keselamatan dan pemadam kebakaran",
            "pelatihan-kerja": "Pelatihan kerja",
            "kependudukan": "Administrasi kependudukan",
            "hukum": "Hukum",
            "keagamaan": "Keagamaan",
            "sosial": "Sosial",
            "keamanan": "Keamanan dan ketertiban",
            "lainnya": "Lainnya",
        }
    ),
    agreement_kinds=_frozen(
        {
            "nota-kesepahaman": "Nota kesepahaman (MoU)",
            "perjanjian-kerja-sama": "Perjanjian kerja sama (PKS)",
            "adendum": "Adendum",
        }
    ),
    agency_kinds=_frozen(
        {
            "upt-pemasyarakatan": "Unit pelaksana teknis pemasyarakatan",
            "perangkat-daerah": "Perangkat daerah",
            "pemerintah-daerah": "Pemerintah daerah",
            "kantor-wilayah": "Kantor wilayah",
            "kementerian": "Kementerian",
            "lainnya": "Lainnya",
        }
    ),
    party_roles=_frozen(
        {
            "pihak-pertama": "Pihak pertama",
            "pihak-kedua": "Pihak kedua",
            "pihak-ketiga": "Pihak ketiga",
            "pihak-keempat": "Pihak keempat",
        }
    ),
    activity_status=_frozen(
        {
            "belum-dimulai": "Belum dimulai",
            "berjalan": "Berjalan",
            "selesai": "Selesai",
            "tertunda": "Tertunda",
            "dibatalkan": "Dibatalkan",
        }
    ),
    frequencies=_frozen(
        {
            "sekali": "Sekali",
            "harian": "Harian",
            "mingguan": "Mingguan",
            "bulanan": "Bulanan",
            "triwulanan": "Triwulanan",
            "semesteran": "Semesteran",
            "tahunan": "Tahunan",
            "sesuai-kebutuhan": "Sesuai kebutuhan",
        }
    ),
    budget_sources=_frozen(
        {
            "apbd": "APBD",
            "apbn": "APBN",
            "dipa-upt": "DIPA UPT",
            "swadaya": "Swadaya",
            "hibah": "Hibah",
            "lainnya": "Lainnya",
        }
    ),
    change_kinds=_frozen({"A": "ditambahkan", "M": "diubah", "D": "dihapus", "T": "diubah"}),
    record_kinds=_frozen({"agency": "instansi", "agreement": "perjanjian", "action-plan": "rencana aksi"}),
    agreement_kinds_short=_frozen(
        {"perjanjian-kerja-sama": "PKS", "nota-kesepahaman": "Nota kesepahaman", "adendum": "Adendum"}
    ),
    agreement_kind_unknown="Perjanjian",
    relations=_frozen(
        {
            "renews": "memperpanjang {id}",
            "amends": "adendum untuk {id}",
            "umbrella": "di bawah nota kesepahaman {id}",
        }
    ),
    feed=_frozen(
        {
            "title": "Perubahan rekaman: {registry}",
            "subtitle": "Perubahan terbaru pada berkas rekaman instansi, perjanjian dan rencana aksi.",
            "more_files": "... dan {count} berkas rekaman lainnya",
            "one": "{kind} {action}: {title}",
            "several": "{count} rekaman diperbarui: {listed}{more}",
            "several_more": " dan {count} lainnya",
        }
    ),
    calendar=_frozen(
        {
            "name": "Berakhirnya perjanjian kerja sama",
            "name_agency": "Berakhirnya perjanjian kerja sama: {agency}",
            "range": " [rentang {earliest} s.d. {latest}]",
            "summary_ends": "Berakhir: {subject}{range}",
            "summary_ends_by": "Paling lambat berakhir: {subject}{range}",
            # the event stays on the agreed end; its title must not claim the agreement ran until then
            "summary_terminated": "Dihentikan {date}, semula berakhir: {subject}{range}",
            "end_exact": "Masa berlaku berakhir {date}.",
            "end_range": "Tanggal berakhir tidak pasti: paling cepat {earliest}, paling lambat {latest}. "
            "Acara ini diletakkan pada tanggal paling lambat.",
            "end_derived": " Dihitung dari masa berlaku {term}, bukan tanggal dari sumber.",
            "status": "Status per {date}: {status}.",
            "terminated": "Dihentikan lebih awal pada {date}.",
            "renewed_by": "Diperpanjang oleh: {ids}.",
            "parties": "Para pihak: {names}.",
            "record": "Rekaman: {id} ({path}). Data terbuka: {data_url}",
            "reminder": "{days} hari lagi: ",
        }
    ),
    diff=_frozen(
        {
            # the summary (text and Markdown); {range} is "base..head"
            "heading": "Perubahan registri {range}",
            "no_changes": "Tidak ada perubahan pada data registri.",
            "others": "Di luar data registri (ditinjau tim inti): {count} berkas: {listed}",
            "others_more": ", dan {count} lainnya",
            "entry": "{headline}: {details}",
            # how values and names are said
            "quoted": '"{value}"',
            "term_none": "tidak disebut",
            "party_unrecorded": "{id} (tidak tercatat di agencies/)",
            "party_named": "{name} ({short})",
            "field_titled": "{title} ({key})",
            "signed": "ditandatangani {date}",
            "signed_unknown": "tanggal tanda tangan tidak diketahui",
            "signed_place": " di {place}",
            # headlines; {agreement} is "agreement_head"
            "agreement_head": "{kind} {id}",
            "renewed_by": "{agreement} diperpanjang oleh {by}",
            "amendment_added": "{agreement} ditambahkan untuk {amends}",
            "agency_head": "Instansi {id}{name}",
            "agency_added_head": "Instansi baru {id}{name}",
            "agency_name": ' ("{name}")',
            # a new agreement or plan, a deleted record
            "added": 'baru: "{title}"',
            "parties": "{count} pihak: {names}",
            "renewal": "berakhir {before} -> {after}",
            "validity": "berlaku {start} s.d. {end}",
            "deleted": "dihapus dari registri",
            "plan_added": "rencana aksi baru dengan {count} kegiatan",
            "plan_deleted": "rencana aksi {id} dihapus",
            # an agreement changed
            "end_extended": "masa berlaku diperpanjang: berakhir {before} -> {after}",
            "end_changed": "tanggal berakhir diubah: {before} -> {after}",
            "start_changed": "tanggal mulai diubah: {before} -> {after}",
            "terminated": "diakhiri lebih awal pada {date}{because}",
            "terminated_reason": " (alasan: {reason})",
            "terminated_no_reason": " (alasan tidak diketahui)",
            "termination_removed": "catatan pengakhiran lebih awal dihapus",
            "signed_changed": "tanggal tanda tangan diubah: {before} -> {after}",
            "title_changed": 'judul diubah menjadi "{title}"',
            "kind_changed": "jenis diubah: {before} -> {after}",
            "relation_now": "kini {relation}",
            "relation_no_longer": "tidak lagi {relation}",
            "parties_added": "pihak ditambahkan: {ids}",
            "parties_removed": "pihak dihapus: {ids}",
            "parties_changed": "data pihak diubah: {ids}",
            "party_field": "{field} {party}: {before} -> {after}",
            "party_signatory_name": "nama penandatangan",
            "party_signatory_position": "jabatan penandatangan",
            "party_document_number": "nomor dokumen",
            "party_role": "peran",
            "scope_added": "{n} butir ruang lingkup ditambahkan",
            "scope_removed": "{n} butir ruang lingkup dihapus",
            "scope_changed": "{n} butir ruang lingkup diubah",
            "documents_added": "{count} dokumen dilampirkan",
            "documents_removed": "{count} dokumen dihapus",
            "documents_replaced": "{count} dokumen diganti (sidik SHA-256 baru)",
            "duration_changed": "lama masa berlaku diubah: {before} -> {after}",
            "kind_wording": 'sebutan jenis di sumber: "{wording}"',
            "kind_wording_none": "-",
            "basis_changed": 'dasar/arahan diubah: "{text}"',
            "basis_removed": "dasar/arahan dihapus",
            "present": "yang turut hadir",
            "conflicts": "catatan sumber yang berbeda",
            "list_changed": "{label} diubah: {count} butir",
            "other_parts": "bagian lain diubah: {keys}",
            # an action plan changed
            "activities_added": "{count} kegiatan ditambahkan",
            "activities_removed": "{count} kegiatan dihapus",
            "activity_status": 'status kegiatan "{title}": {before} -> {after}',
            "progress_added": "{count} laporan realisasi baru",
            "activities_changed": "{count} kegiatan diubah",
            "plan_moved": "rencana aksi dipindah dari {before} ke {after}",
            # an agency changed
            "name_changed": 'nama diubah: "{before}" -> "{after}"',
            "maintainers_added": "pengelola ditambahkan: {names}",
            "maintainers_removed": "pengelola dihapus: {names}",
            # any record file
            "unreadable": "{path} tidak dapat dibaca sebagai rekaman YAML; lihat hasil validasi",
            "id_changed": "id diganti: {before} -> {after}",
            "moved": "berkas dipindah: {before} -> {after}",
            "format_only": "hanya tata letak atau komentar yang berubah",
        }
    ),
)

EDITIONS: Mapping[str, Labels] = _frozen({"id": INDONESIAN})


def for_language(lang: str = "id") -> Labels:
    return EDITIONS[lang]


def browser_labels(labels: Labels) -> dict:
    """What status.js needs to word a recomputed status (the same sentences as the Python side), and
    the words of filter.js's form."""
    return {
        "months": list(labels.months),
        "status": {s.value: {"label": v.label, "symbol": v.symbol} for s, v in labels.status.items()},
        "reasons": {r.value: dict(v) for r, v in labels.reasons.items()},
        "asOf": labels.ui["status_as_of"],
        "recomputed": labels.ui["status_recomputed"],
        "chain": labels.ui["status_chain"],
        "shown": labels.ui["filter_shown"],
        # filter.js builds its form (useless without JavaScript, so not in the HTML) from these.
        "filter": {key: labels.ui["filter_" + key] for key in ("heading", "text", "status", "theme", "all")},
        "statusOrder": [s.value for s in labels.status],
        # search.js (the search page) words its messages and results with these.
        "search": {
            key: labels.ui["search_" + key]
            for key in ("ready", "loading", "none", "count", "more", "failed", "partner")
        },
        "themes": [[theme, label] for theme, label in sorted(labels.themes.items())],
    }
