"""Generate a deterministic, realistic synthetic registry of a chosen size.

    python benchmarks/generate.py --agreements 10000 --out benchmarks/out/10000 [--seed 1]

Writes about N agreements, N action plans and N/5 agencies: correctional institutions spread over
the provinces (real Kemendagri codes, fictional regencies), each owning agreements/<institution>/
with renewals, addenda, umbrella MoUs, early terminations, exact, ranged and unknown dates, and one
action plan per agreement with activities and progress reports in the past. schema/, mkdocs.yml
and docs/ are copied, so the output is a registry root that `pks validate --root DIR` accepts with
zero problems and `pks build --root DIR` builds. Every record names itself synthetic in its
source. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import synthetic_names as names
import yaml_writer

REPO = Path(__file__).resolve().parents[1]
FIRST_YEAR, LAST_YEAR = 2015, 2024
CUTOFF = dt.date(2025, 6, 30)  # nothing happens after this day: progress stays in the past
# Copied from this repository so the output validates (schema/) and builds (mkdocs.yml, docs/).
SHARED_WITH_REPO = ("schema", "mkdocs.yml", "docs")
STAMP = ".synthetic.json"  # what produced a folder, so callers can reuse it instead of regenerating
DAY = dt.timedelta(days=1)


@dataclass
class Agency:
    id: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    region: str | None
    theme: str | None = None
    record: dict = field(default_factory=dict)


@dataclass
class Regency:
    code: str
    name: str
    slug: str
    province: tuple
    regional_office: Agency
    government: Agency | None = None
    offices: list[Agency] = field(default_factory=list)


@dataclass
class Term:
    """The true dates of one agreement; the record may state them exactly, as a range, or not at all."""

    signed: dt.date
    start: dt.date
    end: dt.date
    terminated: dt.date | None = None

    @property
    def last_day(self) -> dt.date:
        return self.terminated or self.end


def years_later(day: dt.date, years: int) -> dt.date:
    """The same calendar day some years later (or earlier); 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def source(seed: int) -> dict:
    return {
        "publisher": "Data sintetis pks-registry",
        "title": "Registri sintetis untuk uji skala",
        "url": None,
        "published": None,
        "author": None,
        "note": (f"Rekaman buatan benchmarks/generate.py (benih {seed}) untuk mengukur kinerja validasi dan situs pada "
                 "skala nasional. Lembaga, pejabat, tanggal dan isi kerja sama ini rekaan, bukan fakta tentang "
                 "lembaga atau orang yang nyata; nama provinsi dan kode wilayahnya saja yang nyata."),
    }


class Generator:
    def __init__(self, agreements: int, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.target = max(2, agreements)
        self.ids: set[str] = set()
        self.agencies: list[Agency] = []
        self.files: dict[str, str] = {}  # relative path -> text

    # -- identifiers -------------------------------------------------------------------------
    def unique(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    # -- agencies ----------------------------------------------------------------------------
    def build_agencies(self) -> list[tuple[Agency, Regency]]:
        rng = self.rng
        institutions = max(1, round(self.target / 20))
        provinces = names.PROVINCES[: min(len(names.PROVINCES), institutions)]
        total_agencies = max(round(self.target / 5), 3 * institutions + len(provinces) + 1)
        ministry = self.add_agency(Agency("ditjenpas", "Direktorat Jenderal Pemasyarakatan", "Ditjenpas", "kementerian", None, None))
        regional_office = {}
        for code, name, slug in provinces:
            office = self.add_agency(Agency(self.unique(f"kanwil-ditjenpas-{slug}"), f"Kantor Wilayah Direktorat Jenderal Pemasyarakatan {name}",
                                            f"Kanwil Ditjenpas {name}", "kantor-wilayah", ministry.id, code))
            office.record["name_history"] = [{"name": f"Kantor Wilayah Kementerian Hukum dan HAM {name}",
                                              "short_name": f"Kanwil Kemenkumham {name}", "parent": None, "until": "2024-12-31"}]
            regional_office[code] = office

        regencies: list[Regency] = []
        per_province: dict[str, int] = {}
        taken: set[str] = set()
        for i in range(institutions):
            province = provinces[i % len(provinces)]
            per_province[province[0]] = per_province.get(province[0], 0) + 1
            name = names.place_name(rng)
            while name.lower() in taken:
                name = names.place_name(rng)
            taken.add(name.lower())
            regencies.append(Regency(f"{province[0]}.{per_province[province[0]]:02d}", name, name.lower(), province,
                                     regional_office[province[0]]))

        pairs = []
        for regency in regencies:
            kind_prefix, full, short = rng.choice(names.INSTITUTION_TYPES)
            institution = self.add_agency(Agency(self.unique(f"{kind_prefix}-{regency.slug}"), f"{full} {regency.name}", f"{short} {regency.name}",
                                                 "upt-pemasyarakatan", regency.regional_office.id, regency.code))
            regency.government = self.add_agency(Agency(self.unique(f"pemkab-{regency.slug}"), f"Pemerintah Kabupaten {regency.name}",
                                                        f"Pemkab {regency.name}", "pemerintah-daerah", None, regency.code))
            pairs.append((institution, regency))
        offices_left = total_agencies - len(self.agencies)
        order = {regency.slug: rng.sample(names.OFFICES, len(names.OFFICES)) for regency in regencies}
        while offices_left > 0:
            for regency in regencies:
                if offices_left == 0:
                    break
                if len(regency.offices) == len(names.OFFICES):
                    continue
                prefix, full, short, theme = order[regency.slug][len(regency.offices)]
                regency.offices.append(self.add_agency(Agency(self.unique(f"{prefix}-{regency.slug}"), f"{full} Kabupaten {regency.name}",
                                                              f"{short} {regency.name}", "perangkat-daerah", regency.government.id,
                                                              regency.code, theme)))
                offices_left -= 1
            if all(len(r.offices) == len(names.OFFICES) for r in regencies):
                break
        for agency in self.agencies:
            self.write_agency(agency)
        return pairs

    def add_agency(self, agency: Agency) -> Agency:
        self.ids.add(agency.id)
        self.agencies.append(agency)
        return agency

    def write_agency(self, agency: Agency) -> None:
        rng = self.rng
        record = {"id": agency.id, "name": agency.name, "short_name": agency.short_name, "kind": agency.kind,
                  "parent": agency.parent, "region": agency.region,
                  "website": f"https://{agency.id}.sintetis.invalid/" if rng.random() < 0.4 else None}
        record.update(agency.record)
        if rng.random() < 0.3:
            record["note"] = (f"{agency.short_name} tercatat sebagai pihak dalam kerja sama pembinaan warga binaan. "
                              "Nama resmi dan induknya perlu dicek pada peraturan daerah yang berlaku.")
        record["sources"] = [source(self.seed)]
        self.files[f"agencies/{agency.id}.yaml"] = yaml_writer.document(record, "../schema/agency.schema.json")

    # -- agreements --------------------------------------------------------------------------
    def build_agreements(self, pairs: list[tuple[Agency, Regency]]) -> None:
        quota, extra = divmod(self.target, len(pairs))
        neighbours: dict[str, list[Agency]] = {}
        for _, regency in pairs:
            neighbours.setdefault(regency.province[0], []).extend(regency.offices)
        for i, (institution, regency) in enumerate(pairs):
            count = quota + (1 if i < extra else 0)
            with_mou = i % 5 in (0, 2, 4)  # three institutions in five work under an MoU with their regency
            InstitutionAgreements(self, institution, regency, neighbours[regency.province[0]]).make(count, with_mou)


class InstitutionAgreements:
    """The agreements and action plans of one institution, written into agreements/<institution>/."""

    def __init__(self, gen: Generator, institution: Agency, regency: Regency, province_offices: list[Agency]):
        self.gen, self.rng = gen, gen.rng
        self.institution, self.regency = institution, regency
        self.partners = [regency.government, *regency.offices] + [o for o in province_offices if o.region != regency.code][:3]
        self.made = 0
        self.umbrella: tuple[str, Term] | None = None

    def make(self, count: int, with_mou: bool) -> None:
        rng = self.rng
        if count >= 3 and with_mou:
            self.series(self.regency.government, count, umbrella_series=True)
            if self.umbrella and self.regency.offices:  # an office's agreement made under the new MoU
                self.series(rng.choice(self.regency.offices), count, first_signed=self.umbrella[1].start + DAY * rng.randint(30, 700))
        while self.made < count:
            partner = rng.choice(self.partners)
            self.series(partner, count)

    def series(self, partner: Agency, count: int, umbrella_series: bool = False, first_signed: dt.date | None = None) -> None:
        """One partner relationship: a first agreement, then renewals and addenda while time allows."""
        rng = self.rng
        year = rng.randint(FIRST_YEAR, LAST_YEAR - 1 if umbrella_series else LAST_YEAR)
        signed = first_signed or dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        previous = None
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            if self.made >= count or signed > CUTOFF:
                return
            years = 5 if umbrella_series else rng.choice([1, 2, 2, 3, 3, 5])
            start = signed + DAY * rng.choice([0, 0, 0, 1, 14])
            term = Term(signed, start, years_later(start, years) - DAY)
            if not umbrella_series and rng.random() < 0.05:
                span = (min(term.end, CUTOFF) - term.start).days
                if span > 60:
                    term.terminated = term.start + DAY * rng.randint(30, span - 1)
            kind = "nota-kesepahaman" if umbrella_series else ("perjanjian-kerja-sama" if rng.random() < 0.97 else None)
            agreement_id = self.agreement(partner, term, kind, renews=previous)
            if umbrella_series and self.umbrella is None:
                self.umbrella = (agreement_id, term)
            if self.made < count and not term.terminated and rng.random() < 0.15:
                self.addendum(partner, agreement_id, term)
            if term.terminated:
                return
            previous = agreement_id
            signed = term.end - DAY * rng.randint(0, 30)

    def addendum(self, partner: Agency, amended: str, term: Term) -> None:
        room = (min(term.end, CUTOFF) - term.start).days
        if room < 90:
            return
        signed = term.start + DAY * self.rng.randint(60, room - 1)
        self.agreement(partner, Term(signed, signed, term.end), "adendum", amends=amended)

    def agreement(self, partner: Agency, term: Term, kind: str | None, renews: str | None = None, amends: str | None = None) -> str:
        rng, inst = self.rng, self.institution
        base = f"{inst.id}-{partner.id}-{term.signed.year}" + ("-adendum" if kind == "adendum" else "")
        agreement_id = self.gen.unique(base)
        theme = partner.theme or rng.choice(["hukum", "sosial", "pelatihan-kerja", "keagamaan"])
        works = names.THEME_WORK[theme]
        scope = []
        for n, work in enumerate(rng.sample(works, rng.randint(1, len(works))), start=1):
            item = {"id": f"{theme}-{n}", "theme": theme,
                    "description": f"{work.capitalize()} bagi warga binaan {inst.short_name}, termasuk pendataan peserta, "
                                   "penjadwalan bersama dan pelaporan hasil kepada kedua pihak"}
            if rng.random() < 0.25:
                item["original_wording"] = work
            scope.append(item)
        parties = [self.party(inst, "pihak-pertama"), self.party(partner, "pihak-kedua")]
        if rng.random() < 0.1:
            parties.append(self.party(self.regency.regional_office, "pihak-ketiga"))
        if rng.random() < 0.5:
            for party in parties:
                party["role"] = None
        what = {"nota-kesepahaman": "Nota kesepahaman", "adendum": "Adendum perjanjian"}.get(kind, "Kerja sama")
        record = {
            "id": agreement_id,
            "title": f"{what} {works[0]} antara {inst.short_name} dan {partner.short_name}",
            "kind": kind,
            "signed": {"date": self.signed_date(term), "place": None if rng.random() < 0.2 else f"Aula {inst.short_name}"},
            "parties": parties,
        }
        if rng.random() < 0.4:
            record["witnesses"] = [{"name": names.person_name(rng), "position": f"Bupati {self.regency.name}",
                                    "agency": self.regency.government.id}]
        record["scope"] = scope
        record["validity"] = self.validity(term, kind == "adendum")
        relations = {}
        if renews:
            relations["renews"] = renews
        if amends:
            relations["amends"] = amends
        if self.umbrella and kind == "perjanjian-kerja-sama" and partner.parent == self.regency.government.id:
            umbrella_id, umbrella_term = self.umbrella
            if umbrella_term.start <= term.start <= umbrella_term.end:
                relations["umbrella"] = umbrella_id
        if relations:
            record["relations"] = relations
        if term.terminated:
            record["termination"] = {"date": term.terminated.isoformat(),
                                     "reason": rng.choice([None, "Program dialihkan ke anggaran instansi lain",
                                                           "Kedua pihak sepakat mengakhiri lebih awal"])}
        if rng.random() < 0.3:
            record["documents"] = [{"title": "Salinan naskah perjanjian", "url": f"https://dokumen.sintetis.invalid/{agreement_id}.pdf"}]
        record["sources"] = [source(self.gen.seed)] + ([self.news(record, term)] if rng.random() < 0.7 else [])
        self.gen.files[f"agreements/{inst.id}/{agreement_id}.yaml"] = yaml_writer.document(record, "../../schema/agreement.schema.json")
        self.plan(record, term, [p["agency"] for p in parties])
        self.made += 1
        return agreement_id

    def news(self, record: dict, term: Term) -> dict:
        """A (fictional) news report of the signing, as most real records cite one."""
        published = term.signed + DAY * self.rng.randint(0, 7)
        return {"publisher": "Portal Berita Sintetis", "title": f"{self.institution.short_name} teken kerja sama baru",
                "url": f"https://berita.sintetis.invalid/{published.year}/{record['id']}",
                "published": published.isoformat(), "author": names.person_name(self.rng),
                "note": "Berita rekaan tentang penandatanganan, dengan daftar pihak dan ruang lingkup kerja sama."}

    def party(self, agency: Agency, role: str) -> dict:
        rng = self.rng
        number = f"W{self.regency.province[0]}.PAS-HM.05.{rng.randint(1, 999)}" if agency.kind == "upt-pemasyarakatan" \
            else f"{rng.randint(1, 999)}/PKS/{agency.short_name.split()[0].upper()}"
        signatory = None if rng.random() < 0.1 else {"name": names.person_name(rng) if rng.random() < 0.8 else None,
                                                    "position": f"Kepala {agency.short_name}"}
        return {"agency": agency.id, "role": role, "document_number": number if rng.random() < 0.6 else None, "signatory": signatory}

    def signed_date(self, term: Term):
        roll = self.rng.random()
        if roll < 0.1:
            return None
        if roll < 0.15:
            return {"earliest": (term.signed - DAY * 30).isoformat(), "latest": term.signed.isoformat()}
        return term.signed.isoformat()

    def validity(self, term: Term, addendum: bool) -> dict:
        rng = self.rng
        start = term.start.isoformat() if addendum or rng.random() < 0.95 else {"earliest": term.start.isoformat(),
                                                                               "latest": (term.start + DAY * 30).isoformat()}
        roll = rng.random()
        out = {"start": start}
        if roll < 0.7:
            out["end"] = term.end.isoformat()
        elif roll < 0.9:
            earliest = max(term.start, years_later(term.end, -1))
            out["end"] = {"earliest": earliest.isoformat(), "latest": term.end.isoformat()}
            out["note"] = "Sumber hanya menyebut masa berlaku paling lama; tanggal berakhir pastinya tidak disebut."
        else:
            out["end"] = None
            out["note"] = "Sumber tidak menyebut masa berlaku perjanjian ini."
        return out

    # -- action plans ------------------------------------------------------------------------
    def plan(self, agreement: dict, term: Term, parties: list[str]) -> None:
        rng = self.rng
        activities = []
        for n in range(rng.randint(2, 6)):
            item = agreement["scope"][n % len(agreement["scope"])]
            first = term.start + DAY * rng.randint(0, max(0, (term.last_day - term.start).days // 2))
            last = min(term.last_day, first + DAY * rng.randint(30, 365))
            schedule = None if rng.random() < 0.2 else {"start": first.isoformat(), "end": last.isoformat(),
                                                         "frequency": rng.choice(["sekali", "bulanan", "triwulanan", "semesteran", "tahunan"])}
            activity = {
                "id": f"kegiatan-{n + 1}",
                "title": f"{rng.choice(names.THEME_WORK[item['theme']]).capitalize()}, tahap {n + 1}",
                "scope_item": None if rng.random() < 0.1 else item["id"],
                "responsible": {"agency": rng.choice(parties[:2]), "unit": rng.choice([None, "Seksi Pembinaan", "Bidang Pelayanan"])},
                "schedule": schedule,
                "indicator": rng.choice([None, "Jumlah warga binaan yang mendapat layanan", "Jumlah kegiatan terlaksana"]),
                "target": None if rng.random() < 0.3 else {"value": rng.randint(1, 400), "unit": rng.choice(["orang", "kegiatan", "paket"])},
                "budget_source": rng.choice([None, "apbd", "apbn", "dipa-upt", "swadaya"]),
                "status": rng.choice([None, "belum-dimulai", "berjalan", "selesai"]),
            }
            if rng.random() < 0.3:
                activity["note"] = "Pelaksanaan dikoordinasikan dalam rapat bulanan kedua pihak; kendala dicatat pada laporan kemajuan."
            progress = self.progress(first, min(last, CUTOFF))
            if progress:
                activity["progress"] = progress
            activities.append(activity)
        plan_id = self.gen.unique(f"ra-{agreement['id']}")
        record = {"id": plan_id, "agreement": agreement["id"], "title": f"Rencana aksi: {agreement['title'][0].lower()}{agreement['title'][1:]}",
                  "note": ("Rencana aksi menjadi bagian tidak terpisahkan dari perjanjian. Kegiatan, jadwal, target dan "
                           "laporan kemajuan di bawah ini rekaan untuk uji skala."),
                  "activities": activities, "sources": [source(self.gen.seed)]}
        self.gen.files[f"agreements/{self.institution.id}/rencana-aksi/{plan_id}.yaml"] = yaml_writer.document(
            record, "../../../schema/action-plan.schema.json")

    def progress(self, first: dt.date, last: dt.date) -> list[dict]:
        rng = self.rng
        if last < first:
            return []
        reports = []
        days = sorted({first + DAY * rng.randint(0, (last - first).days) for _ in range(rng.randint(0, 3))})
        for day in days:
            report = {"date": day.isoformat(), "realisation": rng.choice(["Kegiatan terlaksana sesuai jadwal",
                                                                          "Terlaksana sebagian; sisa dijadwalkan ulang",
                                                                          "Layanan diberikan kepada warga binaan"])}
            if rng.random() < 0.5:
                report["value"] = rng.randint(1, 200)
            if rng.random() < 0.3:
                report["evidence"] = f"https://berita.sintetis.invalid/{day.isoformat()}/{rng.randint(1000, 9999)}"
            reports.append(report)
        return reports


def generate(agreements: int, out: Path, seed: int = 1) -> dict:
    """Write the registry under out (schema/ included) and return a summary of what was written."""
    gen = Generator(agreements, seed)
    pairs = gen.build_agencies()
    gen.build_agreements(pairs)
    for top in ("agencies", "agreements", *SHARED_WITH_REPO):
        target = out / top
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for name in SHARED_WITH_REPO:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, out / name)
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, out / name)
    for relpath, text in gen.files.items():
        file = out / relpath
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    counts = {"agencies": 0, "agreements": 0, "action_plans": 0}
    for relpath in gen.files:
        counts["action_plans" if "/rencana-aksi/" in relpath else relpath.split("/")[0]] += 1
    summary = {"requested": agreements, "seed": seed, **counts,
               "bytes": sum(len(text.encode("utf-8")) for text in gen.files.values())}
    (out / STAMP).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, required=True, help="about how many agreements (and action plans)")
    parser.add_argument("--out", type=Path, required=True, help="registry root to write; its agencies/, agreements/, schema/, docs/ and mkdocs.yml are replaced")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    summary = generate(args.agreements, args.out, args.seed)
    print(f"{args.out}: {summary['agreements']} agreements, {summary['action_plans']} action plans, "
          f"{summary['agencies']} agencies, {summary['bytes'] / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
