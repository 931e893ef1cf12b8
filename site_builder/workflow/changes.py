"""`pks diff BASE HEAD`: what a change does to the registry, said in plain Indonesian.

Reads both sides straight from git (no checkout), parses only the records that changed (plus an
agreement a renewal or a plan points at), and groups everything by agreement so a reviewer reads
one line per agreement: "PKS X diperpanjang oleh Y: berakhir 2026-03-13 -> 2027-03-13; ditandatangani
2026-03-13; 2 kegiatan ditambahkan; 1 laporan realisasi baru". Parties are named as the agency records name
them ("Dinas Kesehatan Kabupaten Hulu Sungai Tengah (Dinkes HST)"), ids stay in the JSON details for
machines. Record text is untrusted: the Markdown output escapes it.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from site_builder.dates import Term
from site_builder.errors import WrongRequest
from site_builder.labels import INDONESIAN
from site_builder.site.filters import term_text
from site_builder.validation import privacy, yamlread
from site_builder.validation.sources import kind_of, stem_of

KIND_WORDS = {
    "perjanjian-kerja-sama": "PKS",
    "nota-kesepahaman": "Nota kesepahaman",
    "adendum": "Adendum",
    None: "Perjanjian",
}
ACTIONS = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "T": "modified", "C": "added"}


class GitError(WrongRequest):
    """A revision or the repository cannot be read; the message says which."""


@dataclass(frozen=True)
class Detail:
    code: str  # stable, for machines: "validity-end", "activities-added", ...
    text: str  # the Indonesian phrase
    before: object = None
    after: object = None


@dataclass
class FileChange:
    path: str
    old_path: str | None
    action: str  # added | modified | deleted | renamed
    kind: str  # agency | agreement | action-plan
    id: str | None
    details: list[Detail] = field(default_factory=list)


@dataclass
class Entry:
    """One line of the summary: an agreement (with its plan) or an agency, and what happened to it."""

    subject: str  # "agreement" or "agency"
    id: str
    headline: str
    details: list[Detail] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [d.text for d in self.details]
        if not parts:
            return self.headline
        return f"{self.headline}: {'; '.join(parts)}"


@dataclass
class Summary:
    base: str
    head: str
    entries: list[Entry]
    other_files: list[str]


# --- reading git ---------------------------------------------------------------------------


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} gagal")
    return result.stdout


def resolve(root: Path, rev: str) -> str:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"revisi '{rev}' tidak ditemukan / revision not found") from None


def changed_files(root: Path, base: str, head: str) -> list[tuple[str, str | None, str]]:
    """(action letter, old path or None, path) for every file that differs, renames detected."""
    out = _git(root, "diff", "--name-status", "-z", "-M", base, head)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes, i = [], 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            changes.append((status, fields[i + 1], fields[i + 2]))
            i += 3
        else:
            changes.append((status, None, fields[i + 1]))
            i += 2
    return changes


class Revision:
    """Records of one commit, parsed on demand and cached."""

    def __init__(self, root: Path, sha: str):
        self.root, self.sha = root, sha
        self._cache: dict[str, object] = {}
        self._agreement_paths: dict[str, str] | None = None

    def load(self, paths: list[str]) -> None:
        wanted = [p for p in dict.fromkeys(paths) if p not in self._cache and "\n" not in p]
        if not wanted:
            return
        raw = _git(self.root, "cat-file", "--batch", data="".join(f"{self.sha}:{p}\n" for p in wanted).encode())
        pos = 0
        for path in wanted:
            end = raw.index(b"\n", pos)
            header = raw[pos:end].split()
            pos = end + 1
            if header[-1] == b"missing":
                self._cache[path] = None
                continue
            size = int(header[2])
            self._cache[path] = _parse(raw[pos : pos + size])
            pos += size + 1

    def data(self, path: str) -> object:
        """The record's mapping; None when absent; "unreadable" when it is not a readable record."""
        self.load([path])
        return self._cache[path]

    def agreement(self, agreement_id: str) -> tuple[str, dict] | None:
        if self._agreement_paths is None:
            listing = _git(self.root, "ls-tree", "-r", "--name-only", "-z", self.sha, "--", "agreements")
            self._agreement_paths = {}
            for path in listing.decode("utf-8", "surrogateescape").split("\0"):
                if kind_of(path) == "agreement" and path.endswith(".yaml"):
                    self._agreement_paths.setdefault(stem_of(path), path)
        path = self._agreement_paths.get(agreement_id)
        data = self.data(path) if path else None
        return (path, data) if isinstance(data, dict) else None

    def agency(self, agency_id: str) -> dict | None:
        data = self.data(agency_path(agency_id)) if isinstance(agency_id, str) and "/" not in agency_id else None
        return data if isinstance(data, dict) else None


def agency_path(agency_id: str) -> str:
    return f"agencies/{agency_id}.yaml"


UNREADABLE = "unreadable"


def _parse(blob: bytes) -> object:
    try:
        parsed = yamlread.parse(blob.decode("utf-8"))
    except UnicodeDecodeError:
        return UNREADABLE
    return parsed.data if parsed.ok and isinstance(parsed.data, dict) else UNREADABLE


# --- words ---------------------------------------------------------------------------------


def when(value: object) -> str:
    """A date_bound as a reader says it."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "earliest" in value and "latest" in value:
        return f"antara {value['earliest']} dan {value['latest']}"
    if isinstance(value, dict) and set(value) == {"latest"}:
        return f"paling lambat {value['latest']}"
    if isinstance(value, dict) and set(value) == {"earliest"}:
        return f"paling cepat {value['earliest']}"
    return "tidak diketahui"


def term_words(value: object) -> str:
    """A validity.duration as a reader says it: '5 tahun', '1 tahun hingga 3 tahun'."""
    term = Term.of(value)
    return "tidak disebut" if term is None else term_text(INDONESIAN, term)


def _source_fact_details(old: dict, new: dict) -> list[Detail]:
    """The facts of issue 9: the term, the source's word for the kind, the basis, who else was present,
    and conflicting reports, each named (instead of 'bagian lain diubah')."""
    out = []
    term_old, term_new = _get(old, "validity", "duration"), _get(new, "validity", "duration")
    if term_old != term_new:
        out.append(
            Detail(
                "validity-duration",
                f"lama masa berlaku diubah: {term_words(term_old)} -> {term_words(term_new)}",
                term_old,
                term_new,
            )
        )
    if old.get("kind_wording") != new.get("kind_wording"):
        out.append(
            Detail(
                "kind-wording",
                f'sebutan jenis di sumber: "{new.get("kind_wording") or "-"}"',
                old.get("kind_wording"),
                new.get("kind_wording"),
            )
        )
    basis_old, basis_new = old.get("basis"), new.get("basis")
    if basis_old != basis_new:
        text = _get(basis_new, "text") if isinstance(basis_new, dict) else None
        out.append(
            Detail("basis", f'dasar/arahan diubah: "{text}"' if text else "dasar/arahan dihapus", basis_old, basis_new)
        )
    for key, label in (("present", "yang turut hadir"), ("conflicts", "catatan sumber yang berbeda")):
        was, now = old.get(key) or [], new.get(key) or []
        if was != now:
            count = len(now) if isinstance(now, list) else 0
            out.append(Detail(key, f"{label} diubah: {count} butir", was, now))
    return out


def kind_word(data: object) -> str:
    kind = data.get("kind") if isinstance(data, dict) else None
    return KIND_WORDS.get(kind if isinstance(kind, str) else None, "Perjanjian")


def _get(data: dict, *path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


# What a reviewer must see word for word when a party's entry changes: a signatory's name reaches
# every page of the agreement and its partners.
PARTY_FIELDS = (
    ("signatory", "name", "nama penandatangan"),
    ("signatory", "position", "jabatan penandatangan"),
    ("document_number", None, "nomor dokumen"),
    ("role", None, "peran"),
)


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else "tidak diketahui"


def _party_fields(old: dict, new: dict, words: Words) -> list[Detail]:
    """Old -> new for the fields of a party that stays a party."""
    out = []
    for agency_id in sorted(set(old) & set(new), key=str):
        for key, sub, label in PARTY_FIELDS:
            before = _get(old[agency_id], key, sub) if sub else old[agency_id].get(key)
            after = _get(new[agency_id], key, sub) if sub else new[agency_id].get(key)
            if before != after:
                out.append(
                    Detail(
                        "party-field",
                        f"{label} {words.parties([agency_id])}: {_shown(before)} -> {_shown(after)}",
                        before,
                        after,
                    )
                )
    return out


def _by_id(items: object, key: str = "id") -> dict:
    if not isinstance(items, list):
        return {}
    return {item.get(key): item for item in items if isinstance(item, dict) and isinstance(item.get(key), (str, int))}


def _reports(activity: dict) -> Counter:
    progress = activity.get("progress") if isinstance(activity, dict) else None
    if not isinstance(progress, list):
        return Counter()
    return Counter(json.dumps(p, sort_keys=True, ensure_ascii=False) for p in progress)


class Words:
    """How the summary names things: an agency by its name and short name from the records, a record key
    by the Indonesian title its schema gives it. Without records or schemas, ids and keys stand in."""

    def __init__(
        self, agencies: Callable[[str], dict | None] = lambda _: None, titles: dict[str, dict[str, str]] | None = None
    ):
        self._agencies, self._titles = agencies, titles or {}

    def party(self, agency_id: object) -> str:
        data = self._agencies(agency_id) if isinstance(agency_id, str) else None
        name = data.get("name") if isinstance(data, dict) else None
        if not isinstance(name, str):
            return f"{agency_id} (tidak tercatat di agencies/)"
        short = data.get("short_name")
        return f"{name} ({short})" if isinstance(short, str) and short != name else name

    def parties(self, agency_ids) -> str:
        return ", ".join(self.party(a) for a in agency_ids)

    def field(self, kind: str, key: str) -> str:
        title = self._titles.get(kind, {}).get(key)
        return f"{title} ({key})" if title else key


def schema_titles(root: Path) -> dict[str, dict[str, str]]:
    """{record kind: {top-level key: Indonesian title}} from the registry's schemas (words only, never a verdict)."""
    from site_builder.validation.schemas import SCHEMA_FILES

    out: dict[str, dict[str, str]] = {}
    for kind, name in SCHEMA_FILES.items():
        try:
            properties = json.loads((root / "schema" / name).read_text(encoding="utf-8")).get("properties", {})
        except (OSError, ValueError, AttributeError):
            continue
        out[kind] = {
            key: node["title"].split(" / ")[0]
            for key, node in properties.items()
            if isinstance(node, dict) and isinstance(node.get("title"), str)
        }
    return out


def signed_phrase(data: dict) -> str:
    """ "ditandatangani 2023-03-13 di Barabai", with the place only when the record knows it."""
    day, place = _get(data, "signed", "date"), _get(data, "signed", "place")
    said = when(day)
    said = "tanggal tanda tangan tidak diketahui" if said == when(None) else f"ditandatangani {said}"
    return said + (f" di {place}" if isinstance(place, str) else "")


# --- comparing one record --------------------------------------------------------------------


def agreement_details(old: dict, new: dict, words: Words | None = None) -> list[Detail]:
    words = words or Words()
    out: list[Detail] = []
    end_old, end_new = _get(old, "validity", "end"), _get(new, "validity", "end")
    if end_old != end_new:
        longer = isinstance(end_old, str) and isinstance(end_new, str) and end_new > end_old
        lead = "masa berlaku diperpanjang: berakhir" if longer else "tanggal berakhir diubah:"
        out.append(Detail("validity-end", f"{lead} {when(end_old)} -> {when(end_new)}", end_old, end_new))
    start_old, start_new = _get(old, "validity", "start"), _get(new, "validity", "start")
    if start_old != start_new:
        out.append(
            Detail(
                "validity-start", f"tanggal mulai diubah: {when(start_old)} -> {when(start_new)}", start_old, start_new
            )
        )
    stop_old, stop_new = old.get("termination"), new.get("termination")
    if stop_old != stop_new:
        if isinstance(stop_new, dict):
            reason = stop_new.get("reason")
            because = f" (alasan: {reason})" if isinstance(reason, str) else " (alasan tidak diketahui)"
            out.append(
                Detail(
                    "termination", f"diakhiri lebih awal pada {when(stop_new.get('date'))}{because}", stop_old, stop_new
                )
            )
        else:
            out.append(Detail("termination-removed", "catatan pengakhiran lebih awal dihapus", stop_old, None))
    signed_old, signed_new = _get(old, "signed", "date"), _get(new, "signed", "date")
    if signed_old != signed_new:
        out.append(
            Detail(
                "signed-date",
                f"tanggal tanda tangan diubah: {when(signed_old)} -> {when(signed_new)}",
                signed_old,
                signed_new,
            )
        )
    if old.get("title") != new.get("title"):
        out.append(Detail("title", f'judul diubah menjadi "{new.get("title")}"', old.get("title"), new.get("title")))
    if old.get("kind") != new.get("kind"):
        out.append(
            Detail("kind", f"jenis diubah: {kind_word(old)} -> {kind_word(new)}", old.get("kind"), new.get("kind"))
        )
    out += _relation_details(old.get("relations") or {}, new.get("relations") or {})
    out += _collection_details(
        _by_id(old.get("parties"), "agency"),
        _by_id(new.get("parties"), "agency"),
        "parties",
        added="pihak ditambahkan: {ids}",
        removed="pihak dihapus: {ids}",
        changed="data pihak diubah: {ids}",
        show=words.parties,
    )
    out += _party_fields(_by_id(old.get("parties"), "agency"), _by_id(new.get("parties"), "agency"), words)
    out += _collection_details(
        _by_id(old.get("scope")),
        _by_id(new.get("scope")),
        "scope",
        added="{n} butir ruang lingkup ditambahkan",
        removed="{n} butir ruang lingkup dihapus",
        changed="{n} butir ruang lingkup diubah",
    )
    out += _document_details(old.get("documents") or [], new.get("documents") or [])
    out += _source_fact_details(old, new)
    out += _rest(
        old,
        new,
        {
            "validity",
            "termination",
            "signed",
            "title",
            "kind",
            "relations",
            "parties",
            "scope",
            "documents",
            "id",
            "kind_wording",
            "basis",
            "present",
            "conflicts",
        },
        subkeys={"validity": ("start", "end", "duration"), "signed": ("date",)},
    )
    return out


RELATION_WORDS = {
    "renews": "memperpanjang {id}",
    "amends": "adendum untuk {id}",
    "umbrella": "di bawah nota kesepahaman {id}",
}


def _relation_details(old: dict, new: dict) -> list[Detail]:
    out = []
    for key, phrase in RELATION_WORDS.items():
        if old.get(key) != new.get(key):
            if new.get(key):
                out.append(Detail(f"relation-{key}", "kini " + phrase.format(id=new[key]), old.get(key), new[key]))
            else:
                out.append(Detail(f"relation-{key}", "tidak lagi " + phrase.format(id=old[key]), old.get(key), None))
    return out


def _collection_details(
    old: dict,
    new: dict,
    code: str,
    added: str,
    removed: str,
    changed: str,
    show: Callable[[list], str] = lambda ids: ", ".join(map(str, ids)),
) -> list[Detail]:
    out = []
    plus = [k for k in new if k not in old]
    minus = [k for k in old if k not in new]
    diff = [k for k in new if k in old and new[k] != old[k]]
    for ids, template, suffix in ((plus, added, "added"), (minus, removed, "removed"), (diff, changed, "changed")):
        if ids:
            out.append(Detail(f"{code}-{suffix}", template.format(n=len(ids), ids=show(ids)), None, ids))
    return out


def _document_details(old: list, new: list) -> list[Detail]:
    def key(d):
        return d.get("url") or d.get("path") if isinstance(d, dict) else None

    before = {key(d): d for d in old if key(d)}
    after = {key(d): d for d in new if key(d)}
    out = []
    plus = [k for k in after if k not in before]
    minus = [k for k in before if k not in after]
    replaced = [k for k in after if k in before and after[k].get("sha256") != before[k].get("sha256")]
    if plus:
        out.append(Detail("documents-added", f"{len(plus)} dokumen dilampirkan", None, plus))
    if minus:
        out.append(Detail("documents-removed", f"{len(minus)} dokumen dihapus", minus, None))
    if replaced:
        out.append(
            Detail("documents-replaced", f"{len(replaced)} dokumen diganti (sidik SHA-256 baru)", None, replaced)
        )
    return out


def _rest(old: dict, new: dict, handled: set[str], subkeys: dict[str, tuple[str, ...]] | None = None) -> list[Detail]:
    """Any other top-level part that changed, named by its key (compare_file adds each key's title)."""
    subkeys = subkeys or {}
    keys = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if key in subkeys and isinstance(a, dict) and isinstance(b, dict):
            a = {k: v for k, v in a.items() if k not in subkeys[key]}
            b = {k: v for k, v in b.items() if k not in subkeys[key]}
        elif key in handled:
            continue
        if a != b:
            keys.append(key)
    return [_other_parts(keys)] if keys else []


def _other_parts(keys: list[str], name: Callable[[str], str] = str) -> Detail:
    return Detail("other", f"bagian lain diubah: {', '.join(map(name, keys))}", None, keys)


def plan_details(old: dict, new: dict) -> list[Detail]:
    out: list[Detail] = []
    before, after = _by_id(old.get("activities")), _by_id(new.get("activities"))
    plus = [k for k in after if k not in before]
    minus = [k for k in before if k not in after]
    if plus:
        out.append(Detail("activities-added", f"{len(plus)} kegiatan ditambahkan", None, plus))
    if minus:
        out.append(Detail("activities-removed", f"{len(minus)} kegiatan dihapus", minus, None))
    new_reports = 0
    edited = []
    for key in after:
        a, b = before.get(key), after[key]
        fresh = _reports(b) - _reports(a or {})
        new_reports += sum(fresh.values())
        if a is None:
            continue
        if a.get("status") != b.get("status"):
            out.append(
                Detail(
                    "activity-status",
                    f'status kegiatan "{b.get("title")}": {a.get("status") or "tidak diketahui"} -> '
                    f"{b.get('status') or 'tidak diketahui'}",
                    a.get("status"),
                    b.get("status"),
                )
            )
        rest_a = {k: v for k, v in a.items() if k not in ("status", "progress")}
        rest_b = {k: v for k, v in b.items() if k not in ("status", "progress")}
        if rest_a != rest_b or (_reports(a) - _reports(b)):
            edited.append(key)
    if new_reports:
        out.append(Detail("progress-added", f"{new_reports} laporan realisasi baru", None, new_reports))
    if edited:
        out.append(Detail("activities-changed", f"{len(edited)} kegiatan diubah", None, edited))
    if old.get("agreement") != new.get("agreement"):
        out.append(
            Detail(
                "plan-agreement",
                f"rencana aksi dipindah dari {old.get('agreement')} ke {new.get('agreement')}",
                old.get("agreement"),
                new.get("agreement"),
            )
        )
    out += _rest(old, new, {"activities", "agreement", "id"})
    return out


def agency_details(old: dict, new: dict) -> list[Detail]:
    out: list[Detail] = []
    if old.get("name") != new.get("name"):
        out.append(
            Detail("name", f'nama diubah: "{old.get("name")}" -> "{new.get("name")}"', old.get("name"), new.get("name"))
        )
    was, now = old.get("maintainers") or [], new.get("maintainers") or []
    plus = [m for m in now if m not in was]
    minus = [m for m in was if m not in now]
    if plus:
        out.append(Detail("maintainers-added", "pengelola ditambahkan: " + ", ".join(map(str, plus)), None, plus))
    if minus:
        out.append(Detail("maintainers-removed", "pengelola dihapus: " + ", ".join(map(str, minus)), minus, None))
    out += _rest(old, new, {"name", "maintainers", "id"})
    return out


DETAILS = {"agreement": agreement_details, "action-plan": plan_details, "agency": agency_details}


def compare_file(
    base: Revision, head: Revision, letter: str, old_path: str | None, path: str, words: Words | None = None
) -> FileChange:
    before_path = old_path or path
    old = base.data(before_path) if letter != "A" else None
    new = head.data(path) if letter != "D" else None
    kind = kind_of(path if letter != "D" else before_path) or kind_of(before_path)
    record = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
    record_id = record.get("id") if isinstance(record.get("id"), str) else stem_of(path)
    change = FileChange(path, old_path, ACTIONS.get(letter, "modified"), kind, record_id)
    if UNREADABLE in (old, new):
        change.details.append(
            Detail("unreadable", f"{path} tidak dapat dibaca sebagai rekaman YAML; lihat hasil validasi")
        )
        return change
    if letter == "R":
        old_id = old.get("id") if isinstance(old, dict) else None
        if old_id != record_id:
            change.details.append(Detail("id", f"id diganti: {old_id} -> {record_id}", old_id, record_id))
        if before_path.rsplit("/", 1)[0] != path.rsplit("/", 1)[0]:
            change.details.append(Detail("moved", f"berkas dipindah: {before_path} -> {path}", before_path, path))
    if isinstance(old, dict) and isinstance(new, dict):
        words = words or Words()
        details = agreement_details(old, new, words) if kind == "agreement" else DETAILS[kind](old, new)
        change.details += [
            _other_parts(d.after, lambda key: words.field(kind, key)) if d.code == "other" else d for d in details
        ]
        if not change.details:
            change.details.append(Detail("format", "hanya tata letak atau komentar yang berubah"))
    return change


# --- grouping into lines ---------------------------------------------------------------------


def summarize(root: Path, base_rev: str, head_rev: str) -> Summary:
    base = Revision(root, resolve(root, base_rev))
    head = Revision(root, resolve(root, head_rev))
    records, others = [], []
    for letter, old_path, path in changed_files(root, base.sha, head.sha):
        is_record = path.endswith(".yaml") and (kind_of(path) or (old_path and kind_of(old_path)))
        (records if is_record else others).append((letter, old_path, path))
    base.load([old or p for letter, old, p in records if letter != "A"])
    head.load([p for letter, _, p in records if letter != "D"])
    words = Words(_agency_lookup(base, head, records), schema_titles(root))
    changes = [compare_file(base, head, *item, words=words) for item in records]

    entries: dict[tuple[str, str], Entry] = {}
    for change in sorted(changes, key=lambda c: ({"agreement": 0, "action-plan": 1, "agency": 2}[c.kind], c.path)):
        if change.kind == "agency":
            entry = _agency_entry(entries, change, base, head)
        else:
            entry = _agreement_entry(entries, change, base, head, words)
        entry.files.append(change)
    ordered = sorted(entries.values(), key=lambda e: (e.subject != "agreement", e.id))
    return Summary(base.sha, head.sha, ordered, [p for _, _, p in others])


def _agency_lookup(base: Revision, head: Revision, records: list) -> Callable[[str], dict | None]:
    """Agency records by id, head first (a renamed agency reads as it is now), loaded in one batch per side."""
    ids = set()
    for letter, old_path, path in records:
        for revision, where in (
            (head, path if letter != "D" else None),
            (base, (old_path or path) if letter != "A" else None),
        ):
            data = revision.data(where) if where and kind_of(where) == "agreement" else None
            if isinstance(data, dict) and isinstance(data.get("parties"), list):
                ids |= {
                    p.get("agency") for p in data["parties"] if isinstance(p, dict) and isinstance(p.get("agency"), str)
                }
    paths = [agency_path(i) for i in sorted(ids) if "/" not in i and "\n" not in i]
    head.load(paths)
    base.load(paths)
    return lambda agency_id: head.agency(agency_id) or base.agency(agency_id)


def _agreement_entry(
    entries: dict, change: FileChange, base: Revision, head: Revision, words: Words | None = None
) -> Entry:
    words = words or Words()
    if change.kind == "action-plan":
        plan = head.data(change.path) if change.action != "deleted" else base.data(change.old_path or change.path)
        agreement_id = (
            plan.get("agreement") if isinstance(plan, dict) and isinstance(plan.get("agreement"), str) else change.id
        )
    else:
        agreement_id = change.id
    key = ("agreement", agreement_id)
    if key not in entries:
        found = head.agreement(agreement_id) or base.agreement(agreement_id)
        word = kind_word(found[1]) if found else "Perjanjian"
        entries[key] = Entry("agreement", agreement_id, f"{word} {agreement_id}")
    entry = entries[key]
    if change.kind == "action-plan":
        if change.action == "added":
            plan = head.data(change.path)
            activities = plan.get("activities") if isinstance(plan, dict) else None
            count = len(activities) if isinstance(activities, list) else 0
            reports = sum(sum(_reports(a).values()) for a in activities or [] if isinstance(a, dict))
            entry.details.append(Detail("plan-added", f"rencana aksi baru dengan {count} kegiatan", None, change.id))
            if reports:
                entry.details.append(Detail("progress-added", f"{reports} laporan realisasi baru", None, reports))
        elif change.action == "deleted":
            entry.details.append(Detail("plan-deleted", f"rencana aksi {change.id} dihapus", change.id, None))
        else:
            entry.details += change.details
        return entry
    data = head.data(change.path) if change.action != "deleted" else None
    if change.action == "deleted":
        entry.details.insert(0, Detail("deleted", "dihapus dari registri", change.path, None))
    elif change.action == "added" and isinstance(data, dict):
        entry.headline, first = _added_agreement(data, change.id, head, words)
        entry.details[:0] = first
    else:
        entry.details[:0] = change.details
    return entry


def _added_agreement(
    data: dict, agreement_id: str, head: Revision, words: Words | None = None
) -> tuple[str, list[Detail]]:
    """The headline and details of a new agreement: what it renews or amends, who signed, when, under which MoU."""
    words = words or Words()
    word = kind_word(data)
    relations = data.get("relations") if isinstance(data.get("relations"), dict) else {}
    start, end = _get(data, "validity", "start"), _get(data, "validity", "end")
    parties = (
        [p.get("agency") for p in data.get("parties", []) if isinstance(p, dict)]
        if isinstance(data.get("parties"), list)
        else []
    )
    signed = Detail("signed", signed_phrase(data), None, _get(data, "signed"))
    umbrella = relations.get("umbrella")
    under = []
    if isinstance(umbrella, str):
        under.append(Detail("relation-umbrella", RELATION_WORDS["umbrella"].format(id=umbrella), None, umbrella))
    renews, amends = relations.get("renews"), relations.get("amends")
    if isinstance(renews, str):
        previous = head.agreement(renews)
        old_end = _get(previous[1], "validity", "end") if previous else None
        old_word = kind_word(previous[1]) if previous else "Perjanjian"
        return (
            f"{old_word} {renews} diperpanjang oleh {word} {agreement_id}",
            [Detail("renewal", f"berakhir {when(old_end)} -> {when(end)}", old_end, end), signed, *under],
        )
    validity = Detail("validity", f"berlaku {when(start)} s.d. {when(end)}", None, {"start": start, "end": end})
    if isinstance(amends, str):
        return f"{word} {agreement_id} ditambahkan untuk {amends}", [signed, validity, *under]
    details = [Detail("added", f'baru: "{data.get("title")}"', None, agreement_id)]
    if parties:
        details.append(Detail("parties", f"{len(parties)} pihak: {words.parties(parties)}", None, parties))
    return f"{word} {agreement_id}", [*details, signed, *under, validity]


def _agency_entry(entries: dict, change: FileChange, base: Revision, head: Revision) -> Entry:
    key = ("agency", change.id)
    data = head.data(change.path) if change.action != "deleted" else base.data(change.old_path or change.path)
    name = data.get("name") if isinstance(data, dict) else None
    label = f"Instansi {change.id}" + (f' ("{name}")' if isinstance(name, str) else "")
    entry = entries.setdefault(key, Entry("agency", change.id, label))
    if change.action == "added":
        entry.headline = f"Instansi baru {change.id}" + (f' ("{name}")' if isinstance(name, str) else "")
    elif change.action == "deleted":
        entry.details.append(Detail("deleted", "dihapus dari registri", change.path, None))
    else:
        entry.details += change.details
    return entry


# --- output ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_text(value: str) -> str:
    """Record text made inert for GitHub Markdown: one line, HTML escaped, Markdown marks escaped."""
    flat = privacy.mask(" ".join(str(value).split()))  # masked before escaping splits a number apart
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def as_text(summary: Summary) -> str:
    lines = [f"Perubahan registri {summary.base[:7]}..{summary.head[:7]}"]
    if not summary.entries:
        lines.append("Tidak ada perubahan pada data registri.")
    lines += [f"- {' '.join(entry.text.split())}" for entry in summary.entries]
    if summary.other_files:
        lines.append(_others_line(summary.other_files, str))
    return privacy.mask("\n".join(lines) + "\n")


def as_markdown(summary: Summary) -> str:
    lines = [f"### Perubahan registri `{summary.base[:7]}..{summary.head[:7]}`", ""]
    if not summary.entries:
        lines.append("Tidak ada perubahan pada data registri.")
    lines += [f"- {markdown_text(entry.text)}" for entry in summary.entries]
    if summary.other_files:
        lines += ["", "**" + _others_line(summary.other_files, lambda p: "`" + p.replace("`", "'") + "`") + "**"]
    return privacy.mask("\n".join(lines) + "\n")


def _others_line(paths: list[str], show) -> str:
    listed = ", ".join(show(p) for p in paths[:20]) + (f", dan {len(paths) - 20} lainnya" if len(paths) > 20 else "")
    return f"Di luar data registri (ditinjau tim inti): {len(paths)} berkas: {listed}"


def as_json(summary: Summary) -> str:
    payload = {
        "base": summary.base,
        "head": summary.head,
        "entries": [
            {
                "subject": e.subject,
                "id": e.id,
                "text": e.text,
                "details": [asdict(d) for d in e.details],
                "files": [{**asdict(f), "details": [asdict(d) for d in f.details]} for f in e.files],
            }
            for e in summary.entries
        ],
        "other_files": summary.other_files,
    }
    return json.dumps(_masked(payload), ensure_ascii=False, indent=2) + "\n"


def _masked(value: object) -> object:
    """A payload with every personal number masked, strings and numbers alike, and still JSON."""
    if isinstance(value, dict):
        return {_masked(k): _masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        shown = privacy.mask(str(value))
        return value if shown == str(value) else shown
    return value


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}
