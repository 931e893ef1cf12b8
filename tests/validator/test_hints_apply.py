"""A hint is a promise: every mechanical fix, applied as written, removes its problem and adds none.

Each case is a small registry written here (plus every case of the drop-in corpus in tests/cases);
every problem that carries a fix is fixed on its own in a fresh copy and the registry validated again.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from site_builder.validation import fixes, messages, validate
from validator_support import AS_OF, REPO

AGENCY = """id: {id}
name: {name}
short_name: null
kind: {kind}
parent: null
region: "63.07"
website: null
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""

AGREEMENT = """id: lapas-uji-dinas-uji-2024
title: Kerja sama pelatihan kerja warga binaan
kind: perjanjian-kerja-sama
signed:
  date: "2024-02-01"
  place: Aula Lapas Uji
parties:
  - agency: lapas-uji
    role: pihak-pertama
    document_number: null
    signatory: null
  - agency: dinas-uji
    role: pihak-kedua
    document_number: null
    signatory: null
scope:
  - id: pelatihan
    theme: pelatihan-kerja
    description: Pelatihan kerja bagi warga binaan
validity:
  start: "2024-02-01"
  end: null
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""

PLAN = """id: ra-lapas-uji-dinas-uji-2024
agreement: lapas-uji-dinas-uji-2024
title: Rencana aksi pelatihan kerja
activities:
  - id: pelatihan-menjahit
    title: Pelatihan menjahit
    scope_item: pelatihan
    responsible:
      agency: dinas-uji
      unit: null
    schedule: null
    indicator: null
    target: null
    budget_source: null
    status: null
sources:
  - publisher: Contoh Media
    title: null
    url: null
    published: null
"""

AGREEMENT_PATH = "agreements/lapas-uji/lapas-uji-dinas-uji-2024.yaml"
PLAN_PATH = "agreements/lapas-uji/rencana-aksi/ra-lapas-uji-dinas-uji-2024.yaml"
BASE = {
    "agencies/lapas-uji.yaml": AGENCY.format(id="lapas-uji", name="Lapas Uji", kind="upt-pemasyarakatan"),
    "agencies/dinas-uji.yaml": AGENCY.format(id="dinas-uji", name="Dinas Uji", kind="perangkat-daerah"),
    AGREEMENT_PATH: AGREEMENT,
    PLAN_PATH: PLAN,
}


def changed(path: str, old: str, new: str) -> dict[str, str]:
    text = BASE[path]
    assert old in text, old
    return {**BASE, path: text.replace(old, new, 1)}


# (name, files, the code whose fix must be offered)
CASES = [
    ("key in Indonesian: tempat", changed(AGREEMENT_PATH, "  place:", "  tempat:"), "schema-unknown-key"),
    ("key in English: location", changed(AGREEMENT_PATH, "  place:", "  location:"), "schema-unknown-key"),
    ("key: partners", changed(AGREEMENT_PATH, "parties:", "partners:"), "schema-unknown-key"),
    ("key: mitra", changed(AGREEMENT_PATH, "parties:", "mitra:"), "schema-unknown-key"),
    ("key mistyped: sorces", changed(AGREEMENT_PATH, "sources:", "sorces:"), "schema-unknown-key"),
    ("key: judul", changed(AGREEMENT_PATH, "title: Kerja", "judul: Kerja"), "schema-unknown-key"),
    ("kind: MoU", changed(AGREEMENT_PATH, "kind: perjanjian-kerja-sama", "kind: MoU"), "schema-enum"),
    ("kind: PKS", changed(AGREEMENT_PATH, "kind: perjanjian-kerja-sama", "kind: PKS"), "schema-enum"),
    ("kind in the source's words", changed(AGREEMENT_PATH, "kind: perjanjian-kerja-sama", "kind: kesepakatan bersama"),
     "schema-enum"),
    ("kind: Perjanjian Kerja Sama", changed(AGREEMENT_PATH, "kind: perjanjian-kerja-sama", "kind: Perjanjian Kerja Sama"),
     "schema-enum"),
    ("theme: Kesehatan", changed(AGREEMENT_PATH, "theme: pelatihan-kerja", "theme: Kesehatan"), "schema-enum"),
    ("theme in English", changed(AGREEMENT_PATH, "theme: pelatihan-kerja", "theme: job training"), "schema-enum"),
    ("role mistyped", changed(AGREEMENT_PATH, "role: pihak-kedua", "role: pihak kedua"), "schema-enum"),
    ("agency kind: Rutan", changed("agencies/lapas-uji.yaml", "kind: upt-pemasyarakatan", "kind: Lapas"), "schema-enum"),
    ("status in English", changed(PLAN_PATH, "status: null", "status: ongoing"), "schema-enum"),
    ("region as a number", changed("agencies/dinas-uji.yaml", 'region: "63.07"', "region: 33.19"), "schema-type"),
    ("region 63.10 as a number", changed("agencies/dinas-uji.yaml", 'region: "63.07"', "region: 63.10"), "schema-type"),
    ("number as a title", changed(AGREEMENT_PATH, "title: Kerja sama pelatihan kerja warga binaan", "title: 2024"),
     "schema-type"),
    ("date day-month-year", changed(AGREEMENT_PATH, 'date: "2024-02-01"', "date: 01-02-2024"), "date-format"),
    ("date with slashes", changed(AGREEMENT_PATH, 'date: "2024-02-01"', 'date: "1/2/2024"'), "date-format"),
    ("date in words", changed(AGREEMENT_PATH, 'date: "2024-02-01"', "date: 1 Februari 2024"), "date-format"),
    ("date with weekday", changed(AGREEMENT_PATH, 'date: "2024-02-01"', "date: Kamis, 1 Februari 2024"), "date-format"),
    ("start date in English", changed(AGREEMENT_PATH, 'start: "2024-02-01"', "start: February 1, 2024"), "date-format"),
    ("a month without a day", changed(AGREEMENT_PATH, 'date: "2024-02-01"', "date: Februari 2024"), "date-format"),
    ("a month as numbers", changed(AGREEMENT_PATH, 'start: "2024-02-01"', 'start: "02/2024"'), "date-format"),
    ("missing nullable key", changed(AGREEMENT_PATH, "    document_number: null\n    signatory: null\n  - agency: dinas",
                                     "    signatory: null\n  - agency: dinas"), "schema-required"),
    ("missing nullable key at the top", changed("agencies/dinas-uji.yaml", "website: null\n", ""), "schema-required"),
    ("missing key in a plan", changed(PLAN_PATH, "    budget_source: null\n", ""), "schema-required"),
    ("agency id mistyped", changed(AGREEMENT_PATH, "agency: dinas-uji", "agency: dinas-ujj"), "ref-unknown-agency"),
    ("agreement id mistyped", changed(PLAN_PATH, "agreement: lapas-uji-dinas-uji-2024", "agreement: lapas-uji-dinas-uji-2042"),
     "ref-unknown-agreement"),
    ("scope item mistyped", changed(PLAN_PATH, "scope_item: pelatihan", "scope_item: pelatihann"), "ref-unknown-scope-item"),
    ("id differs from file", changed("agencies/dinas-uji.yaml", "id: dinas-uji", "id: dinas-uji-hst"), "id-filename-mismatch"),
    ("ambiguous yes/no", changed("agencies/dinas-uji.yaml", "short_name: null", "short_name: NO"), "yaml-ambiguous-value"),
    ("octal-looking number", changed(AGREEMENT_PATH, "document_number: null\n    signatory: null\n  - agency: dinas",
                                     "document_number: 0123\n    signatory: null\n  - agency: dinas"), "yaml-ambiguous-value"),
]


def write(root: Path, files: dict[str, str]) -> Path:
    if not (root / "schema").is_dir():
        shutil.copytree(REPO / "schema", root / "schema")
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path, as_of: dt.date = AS_OF):
    report, _ = validate.validate(root, as_of, use_cache=False, jobs=1)
    return report.sorted()


def subject(p) -> tuple:
    """What a problem is about, whatever lines a fix inserts above it."""
    return p.path, p.code, p.pointer, p.param_dict.get("key")


def assert_fixes_keep_their_promise(root: Path, tmp_path: Path, only: str | None = None) -> list[str]:
    """Apply each fix offered (in files named `only`, if given) to a fresh copy; returns the codes fixed."""
    before = problems_of(root)
    fixed = []
    for number, p in enumerate(before):
        if not p.fix or (only and p.path != only):
            continue
        copy = tmp_path / f"fix-{number}"
        shutil.copytree(root, copy)
        target = copy / p.path
        text = target.read_text(encoding="utf-8")
        target.write_text(fixes.apply(text, p.fix), encoding="utf-8")
        after = problems_of(copy)
        message, hint = messages.text_of(p, "id")
        still = [q for q in after if subject(q) == subject(p)]
        assert not still, f"{p.path}:{p.line}: the fix of [{p.code}] ({hint}) did not remove it: {still}"
        new = {subject(q) for q in after} - {subject(q) for q in before}
        assert not new, f"{p.path}:{p.line}: the fix of [{p.code}] ({hint}) brought new problems: {sorted(new)}"
        fixed.append(p.code)
    return fixed


@pytest.mark.parametrize("name, files, code", CASES, ids=[c[0] for c in CASES])
def test_each_mechanical_hint_fixes_its_problem(tmp_path, name, files, code):
    root = write(tmp_path / "registry", files)
    offered = [p for p in problems_of(root) if p.code == code]
    assert offered, f"{name}: no [{code}] reported"
    assert any(p.fix for p in offered), f"{name}: [{code}] has no fix: {offered}"
    assert code in assert_fixes_keep_their_promise(root, tmp_path)


def test_the_base_registry_of_these_cases_is_clean(tmp_path):
    assert problems_of(write(tmp_path / "registry", BASE)) == []


def test_fix_hints_say_what_the_fix_writes(tmp_path):
    root = write(tmp_path / "registry", changed("agencies/dinas-uji.yaml", 'region: "63.07"', "region: 63.10"))
    [p] = [p for p in problems_of(root) if p.code == "schema-type"]
    _, hint = messages.text_of(p, "id")
    assert '"63.10"' in hint and p.fix[0][4] == '"63.10"'  # as written, not as the number 63.1
    root = write(tmp_path / "other", changed(AGREEMENT_PATH, 'date: "2024-02-01"', "date: 05-10-2022"))
    found = [p for p in problems_of(root) if p.pointer == "signed.date"]
    assert [p.code for p in found] == ["date-format"]  # one problem: not also "this date does not exist"
    assert '"2022-10-05"' in messages.text_of(found[0], "id")[1] and '"2022-10-05"' in messages.text_of(found[0], "en")[1]


def without_top_level_key(text: str, key: str) -> str:
    """The record text without `key:` and the lines indented below it."""
    lines, out, skipping = text.split("\n"), [], False
    for line in lines:
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("key", ["parties", "sources", "scope", "validity"])
def test_a_key_that_cannot_be_null_is_never_hinted_as_null(tmp_path, key):
    root = write(tmp_path / key, {**BASE, AGREEMENT_PATH: without_top_level_key(AGREEMENT, key)})
    [p] = [p for p in problems_of(root) if p.code == "schema-required" and p.param_dict.get("key") == key]
    for lang in ("id", "en"):
        _, hint = messages.text_of(p, lang)
        assert f"{key}: null" not in hint, hint
    assert not p.fix


def test_every_fix_in_the_case_corpus_keeps_its_promise(tmp_path, make_registry):
    from test_validator_cases import INVALID, place

    fixed = []
    for number, case in enumerate(INVALID):
        root, relpath = place(case, lambda files, n=number: _registry(tmp_path / f"case-{n}", files))
        fixed += assert_fixes_keep_their_promise(root, tmp_path / f"applied-{number}", only=relpath)
    assert fixed, "no case of the corpus offers a fix"


def _registry(root: Path, files: dict[str, str | bytes]) -> Path:
    if not (root / "schema").is_dir():
        shutil.copytree(REPO / "schema", root / "schema")
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root
