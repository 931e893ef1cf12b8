"""Starter records for `pks new agency|agreement|action-plan` and `pks renew AGREEMENT`.

Each starter is a commented YAML file in the folder its kind belongs to, opening with the editor
modeline (`# yaml-language-server: $schema=...`, relative to the file) so VS Code's YAML extension
completes every field and shows its Indonesian help. Only what the maintainer gave is filled in;
everything else is null (unknown) or an empty list, so the starter validates and invents nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import WrongRequest
from site_builder.validation import sources
from site_builder.validation.checks import suggestion
from site_builder.validation.schemas import SCHEMA_FILES

_PLAIN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_YEAR_SUFFIX = re.compile(r"-(sebelum-)?[0-9]{4}$")
ID_MAX_LENGTH = 80  # schema/defs.schema.json $defs.id.maxLength (a test holds them equal)


class ScaffoldError(WrongRequest):
    """The request cannot make a valid starter (unknown agency, existing file, ...)."""


@dataclass(frozen=True)
class Starter:
    path: str  # repository-relative
    text: str


@dataclass(frozen=True)
class Source:
    """Where the starter's facts come from; what the maintainer did not give stays null."""

    publisher: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


def scalar(value: object) -> str:
    """A YAML scalar that every YAML reader reads the same way: null, a plain word, or a quoted string."""
    if value is None:
        return "null"
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML11_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def modeline(path: str, kind: str) -> str:
    up = "../" * path.count("/")
    return f"# yaml-language-server: $schema={up}schema/{SCHEMA_FILES[kind]}"


def record_paths(root: Path, kind: str) -> dict[str, str]:
    """id (file stem) -> repository-relative path, for every file of a kind."""
    out: dict[str, str] = {}
    for file in sources.discover(root):
        relpath = file.relative_to(root).as_posix()
        if sources.kind_of(relpath) == kind and relpath.endswith(".yaml"):
            out.setdefault(sources.stem_of(relpath), relpath)
    return out


def _require(root: Path, kind: str, ids: list[str], hint: str) -> None:
    known = record_paths(root, kind)
    missing = [i for i in ids if i not in known]
    if missing:
        guesses = [suggestion(i, known)["suggestion"].strip() for i in missing]
        named = ", ".join(f"{i} ({guess})" if guess else i for i, guess in zip(missing, guesses, strict=True))
        raise ScaffoldError(f"tidak ditemukan: {named}; {hint}")


def require_agencies(root: Path, ids: list[str]) -> None:
    """Every id names a recorded agency; otherwise the error says which, with a did-you-mean."""
    _require(root, "agency", ids, "tambahkan dulu instansinya dengan `pks new agency`")


def require_umbrella(root: Path, umbrella: str) -> None:
    """An umbrella is a recorded agreement whose kind is nota-kesepahaman (or not known)."""
    _require(
        root,
        "agreement",
        [umbrella],
        "catat dulu nota kesepahamannya dengan `pks new agreement --kind nota-kesepahaman`",
    )
    doc = sources.read(root, root / record_paths(root, "agreement")[umbrella])
    kind = doc.data.get("kind") if doc.parsed and isinstance(doc.data, dict) else None
    if kind not in (None, "nota-kesepahaman"):
        raise ScaffoldError(f"'{umbrella}' berjenis {kind}; induk (umbrella) harus nota-kesepahaman")


def allowed(root: Path, kind: str, *path: str) -> list[str]:
    """The enum a schema allows at a property path, read from the registry's own schema."""
    node = json.loads((root / "schema" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    for key in path:
        node = node["properties"][key]
    options = node.get("enum") or [v for branch in node.get("anyOf", []) for v in branch.get("enum", [])]
    return list(options)


def choose(root: Path, kind: str, value: str | None, *path: str) -> None:
    """Refuse a value the schema does not allow at path, naming the closest allowed one and all choices."""
    options = allowed(root, kind, *path)
    if value is not None and value not in options:
        guess = suggestion(value, options)["suggestion"]
        raise ScaffoldError(f"{'.'.join(path)} '{value}' tidak dikenal; {guess}pilihan: {', '.join(options)}")


def _source_block(source: Source | str) -> list[str]:
    if isinstance(source, str):
        source = Source(source)
    return [
        "sources:  # dari mana fakta di rekaman ini berasal; yang tidak diketahui: null",
        f"  - publisher: {scalar(source.publisher)}  # media atau lembaga penerbit",
        f"    title: {scalar(source.title)}  # judul sumber, atau null",
        f"    url: {scalar(source.url)}  # https://..., atau null",
        f'    published: {scalar(source.published)}  # tanggal terbit "TTTT-BB-HH", atau null',
    ]


def agency(
    root: Path,
    agency_id: str,
    name: str,
    kind: str,
    source: Source | str,
    short_name: str | None = None,
    parent: str | None = None,
    region: str | None = None,
    website: str | None = None,
) -> Starter:
    path = f"agencies/{agency_id}.yaml"
    choose(root, "agency", kind, "kind")
    if parent:
        _require(root, "agency", [parent], "instansi induk harus sudah tercatat di agencies/")
    lines = [
        modeline(path, "agency"),
        "# Instansi baru. Isi hanya yang tertulis di sumber; yang tidak diketahui tetap null.",
        "# Panduan: docs/kontributor/perjanjian-baru.md",
        f"id: {scalar(agency_id)}  # sama dengan nama berkas, tanpa .yaml",
        f"name: {scalar(name)}  # nama resmi saat ini",
        f"short_name: {scalar(short_name)}  # singkatan yang lazim, atau null",
        f"kind: {scalar(kind)}  # upt-pemasyarakatan, perangkat-daerah, pemerintah-daerah, kantor-wilayah, kementerian, lainnya",
        f"parent: {scalar(parent)}  # id instansi induk (mis. pemkab-hst), atau null",
        f'region: {scalar(region)}  # kode wilayah Kemendagri, mis. "63.07", atau null',
        f"website: {scalar(website)}  # situs resmi https://..., atau null",
        "# maintainers:  # akun GitHub yang meninjau perubahan rekaman instansi ini (diatur tim inti)",
        "#   - akun-github",
        *_source_block(source),
    ]
    return Starter(path, "\n".join(lines) + "\n")


def _party_lines(agency_id: object, role: object = None) -> list[str]:
    return [
        f"  - agency: {scalar(agency_id)}",
        f"    role: {scalar(role)}  # pihak-pertama, pihak-kedua, ... atau null",
        "    document_number: null  # nomor perjanjian di pihak ini, atau null",
        "    signatory: null  # atau {name: ..., position: ...} seperti tercetak; jangan NIP/NIK",
    ]


SCOPE_EXAMPLE = [
    "scope: []  # butir ruang lingkup; ganti [] dengan daftar seperti contoh di bawah",
    "#  - id: layanan-kesehatan  # pengenal butir, dirujuk rencana aksi",
    "#    theme: kesehatan  # tema dari daftar di skema",
    "#    description: Peningkatan layanan kesehatan bagi warga binaan",
]


def _agreement_lines(
    path: str,
    agreement_id: str,
    title: object,  # as given, or as the renewed record gives it: written as a YAML scalar
    kind: str | None,
    signed: str | None,
    parties: list[list[str]],
    validity: tuple[str | None, str | None],
    scope: list[str],
    relations: list[str],
    source: Source | str,
    kinds: list[str],
) -> list[str]:
    start, end = validity
    return [
        modeline(path, "agreement"),
        "# Perjanjian. Isi hanya yang tertulis di dokumen atau sumber; yang tidak diketahui tetap null.",
        "# Panduan: docs/kontributor/perjanjian-baru.md",
        f"id: {scalar(agreement_id)}  # sama dengan nama berkas, tanpa .yaml",
        f"title: {scalar(title)}  # judul singkat",
        f"kind: {scalar(kind)}  # {', '.join(kinds)}, atau null bila sumber tidak menyebutnya",
        "signed:",
        f'  date: {scalar(signed)}  # "TTTT-BB-HH", rentang {{earliest: ..., latest: ...}}, atau null',
        "  place: null  # tempat penandatanganan, atau null",
        "parties:  # dua pihak atau lebih",
        *[line for party in parties for line in party],
        *scope,
        "validity:  # masa berlaku seperti tertulis di sumber: tanggal pasti, rentang {earliest, latest}, atau null",
        "           # sumber hanya menyebut lamanya (mis. lima tahun)? end: null dan duration: {years: 5}",
        "           # (docs/kontributor/sumber-tidak-jelas.md)",
        f"  start: {scalar(start)}",
        f"  end: {scalar(end)}",
        *relations,
        *_source_block(source),
    ]


def default_agreement_id(institution: str, partners: list[str], year: str | None) -> str | None:
    """The suggested id: <lembaga>-<mitra>-<tahun> for one partner, <lembaga>-<mitra pertama>-dan-<n>-mitra-<tahun>
    for several (n = the other partners), so an eight-party agreement does not look like a one-partner one.
    None when no year is known, or when the id would be longer than the schema allows."""
    if not year or not partners:
        return None
    others = len(partners) - 1
    middle = partners[0] if not others else f"{partners[0]}-dan-{others}-mitra"
    candidate = f"{institution}-{middle}-{year}"
    return candidate if len(candidate) <= ID_MAX_LENGTH else None


def agreement(
    root: Path,
    institution: str,
    partners: list[str],
    agreement_id: str,
    title: str,
    kind: str | None,
    source: Source | str,
    signed: str | None = None,
    start: str | None = None,
    end: str | None = None,
    umbrella: str | None = None,
) -> Starter:
    require_agencies(root, [institution, *partners])
    if not partners or institution in partners:
        raise ScaffoldError("sebutkan paling sedikit satu mitra selain lembaga pemilik folder")
    repeated = sorted({p for p in partners if partners.count(p) > 1})
    if repeated:
        raise ScaffoldError(f"mitra disebut lebih dari sekali: {', '.join(repeated)}")
    choose(root, "agreement", kind, "kind")
    taken = record_paths(root, "agreement").get(agreement_id)
    if taken:
        raise ScaffoldError(f"id {agreement_id} sudah dipakai oleh {taken}; pilih --id lain, mis. {agreement_id}-2")
    relations = []
    if umbrella:
        require_umbrella(root, umbrella)
        relations = [
            "relations:",
            f"  umbrella: {scalar(umbrella)}  # nota kesepahaman induk yang menaungi perjanjian ini",
        ]
    path = f"agreements/{institution}/{agreement_id}.yaml"
    parties = [_party_lines(a) for a in [institution, *partners]]
    kinds = allowed(root, "agreement", "kind")
    lines = _agreement_lines(
        path, agreement_id, title, kind, signed, parties, (start, end), SCOPE_EXAMPLE, relations, source, kinds
    )
    return Starter(path, "\n".join(lines) + "\n")


def successor_id(previous_id: str, signed: str | None, start: str | None) -> str | None:
    """rutan-x-2023 renewed in 2026 -> rutan-x-2026; None when no year is known."""
    day = signed or start
    if not day:
        return None
    return f"{_YEAR_SUFFIX.sub('', previous_id)}-{day[:4]}"


def renewal(
    root: Path,
    previous_id: str,
    source: Source | str,
    new_id: str | None = None,
    signed: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Starter:
    """The successor of an agreement: same parties and kind, linked by relations.renews, the rest unknown."""
    previous_path = record_paths(root, "agreement").get(previous_id)
    if previous_path is None:
        raise ScaffoldError(f"perjanjian '{previous_id}' tidak ditemukan di agreements/")
    doc = sources.read(root, root / previous_path)
    data = doc.data if doc.parsed else None
    if not isinstance(data, dict) or not isinstance(data.get("parties"), list):
        raise ScaffoldError(f"{previous_path} belum valid; perbaiki dulu (pks validate)")
    new_id = new_id or successor_id(previous_id, signed, start)
    if not new_id or new_id == previous_id:
        raise ScaffoldError("tentukan --id perjanjian pengganti (berbeda dari yang lama)")
    folder = previous_path.split("/")[1]
    path = f"agreements/{folder}/{new_id}.yaml"
    parties = [_party_lines(p.get("agency"), p.get("role")) for p in data["parties"] if isinstance(p, dict)]
    scope = list(SCOPE_EXAMPLE[:1])
    for item in data.get("scope") or []:
        if isinstance(item, dict):
            scope += [
                "#  butir perjanjian lama; salin bila tetap berlaku:",
                f"#  - id: {scalar(item.get('id'))}",
                f"#    theme: {scalar(item.get('theme'))}",
                f"#    description: {scalar(item.get('description'))}",
            ]
    relations = ["relations:", f"  renews: {scalar(previous_id)}  # perjanjian yang diperpanjang"]
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    lines = _agreement_lines(
        path,
        new_id,
        data.get("title"),
        kind,
        signed,
        parties,
        (start, end),
        scope,
        relations,
        source,
        allowed(root, "agreement", "kind"),
    )
    return Starter(path, "\n".join(lines) + "\n")


def action_plan(
    root: Path, agreement_id: str, source: Source | str, plan_id: str | None = None, title: str | None = None
) -> Starter:
    agreement_path = record_paths(root, "agreement").get(agreement_id)
    if agreement_path is None:
        raise ScaffoldError(f"perjanjian '{agreement_id}' tidak ditemukan di agreements/")
    folder = agreement_path.split("/")[1]
    plan_id = plan_id or f"ra-{agreement_id}"
    path = f"agreements/{folder}/{sources.PLAN_FOLDER}/{plan_id}.yaml"
    lines = [
        modeline(path, "action-plan"),
        "# Rencana aksi satu perjanjian. Hanya jumlah agregat warga binaan, tidak pernah data perorangan.",
        "# Panduan: docs/kontributor/kegiatan-laporan.md",
        f"id: {scalar(plan_id)}  # sama dengan nama berkas, tanpa .yaml",
        f"agreement: {scalar(agreement_id)}  # perjanjian yang dilaksanakan",
        f"title: {scalar(title or f'Rencana aksi {agreement_id}')}",
        "activities: []  # kegiatan; ganti [] dengan daftar seperti contoh di bawah",
        "#  - id: pemeriksaan-kesehatan",
        "#    title: Pemeriksaan kesehatan berkala",
        "#    scope_item: null  # id butir ruang lingkup perjanjian, atau null",
        "#    responsible: {agency: dinkes-hst, unit: null}  # instansi pihak perjanjian; unit atau jabatan",
        "#    schedule: {frequency: bulanan}  # start/end TTTT-BB-HH dan/atau frequency, atau null",
        "#    indicator: null",
        "#    target: null  # atau {value: 20, unit: orang}",
        "#    budget_source: null  # apbd, apbn, dipa-upt, swadaya, hibah, lainnya, atau null",
        "#    status: belum-dimulai  # belum-dimulai, berjalan, selesai, tertunda, dibatalkan, atau null",
        *_source_block(source),
    ]
    return Starter(path, "\n".join(lines) + "\n")


def write(root: Path, starter: Starter) -> Path:
    target = root / starter.path
    if target.exists():
        raise ScaffoldError(f"{starter.path} sudah ada; tidak ditimpa")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(starter.text, encoding="utf-8")
    return target
