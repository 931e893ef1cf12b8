"""The contributor guide is followed literally: every complete record it shows validates.

A fenced ```yaml block preceded by `<!-- rekaman-lengkap: PATH -->` is a whole file a maintainer
writes at PATH; `<!-- berkas-contoh: SRC -> DEST -->` copies a file the guide ships (the practice
PDF) to where the guide says to upload it. The first page (a new agreement) is the ground every
other page starts from, as a maintainer would have it after following that page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.validation import messages
from site_builder.workflow import changes, diffformat
from site_builder.validation.validate import validate
from workflow_helpers import REPO, commit, git

GUIDE = REPO / "docs/kontributor"
FIRST = "perjanjian-baru.md"
HOW_TO = ["perjanjian-baru.md", "kegiatan-laporan.md", "dokumen.md", "perpanjangan-adendum.md", "pengakhiran.md",
          "mou-dan-banyak-pihak.md", "sumber-tidak-jelas.md"]
COMPUTER = "di-komputer.md"  # optional commands: setup, preview, starters; no records of its own
GENERATED = ("../referensi/kode-masalah.md", "../tentang-data/kamus-data.md")  # written by the site build
AS_OF = dt.date(2026, 10, 1)  # after every report date in the examples
_BLOCK = re.compile(r"((?:<!-- [^\n]*-->\n)+)```yaml\n(.*?)```", re.S)
_RECORD = re.compile(r"<!-- rekaman-lengkap: (\S+) -->")
_EXAMPLE_FILE = re.compile(r"<!-- berkas-contoh: (\S+) -> (\S+) -->")


def steps(page: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(path, text, example files) for each complete record on a page, in reading order."""
    out = []
    for markers, body in _BLOCK.findall((GUIDE / page).read_text(encoding="utf-8")):
        record = _RECORD.search(markers)
        if record:
            out.append((record.group(1), body, _EXAMPLE_FILE.findall(markers)))
    return out


def apply(root: Path, page: str) -> None:
    for path, text, files in steps(page):
        for source, target in files:
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / source, root / target)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        report, _ = validate(root, AS_OF)
        found = [f"{p.path}:{p.line}: {p.code} {messages.text_of(p, 'id')[0]}" for p in report.sorted()]
        assert found == [], f"{page}, {path}: {found}"


def test_every_how_to_page_shows_complete_records():
    for page in HOW_TO:
        assert steps(page), f"{page} has no <!-- rekaman-lengkap: ... --> block"


def test_index_links_every_page_of_the_guide():
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    pages = {p.name for p in GUIDE.glob("*.md")} - {"index.md"}
    assert pages == set(HOW_TO) | {"memperbaiki-galat.md", COMPUTER}
    for page in pages:
        assert f"]({page})" in index, page
    assert "](../tentang-data/kamus-data.md)" in index


def test_the_first_page_builds_a_valid_registry_step_by_step(registry):
    apply(registry, FIRST)


@pytest.mark.parametrize("page", HOW_TO[1:])
def test_each_page_continues_from_the_first_and_stays_valid(registry, page):
    apply(registry, FIRST)
    apply(registry, page)


def summary_of(registry: Path, page: str) -> str:
    """What `pks diff` says about a page's records, committed after the first page's."""
    git(registry, "init", "-q", "-b", "main")
    apply(registry, FIRST)
    base = commit(registry, "perjanjian baru")
    apply(registry, page)
    head = commit(registry, page)
    return diffformat.as_text(changes.summarize(registry, base, head))


def test_the_renewal_summary_quoted_in_the_guide_is_what_pks_diff_says(registry):
    said = summary_of(registry, "perpanjangan-adendum.md")
    page = " ".join((GUIDE / "perpanjangan-adendum.md").read_text(encoding="utf-8").split())
    quoted = re.search(r'akan berbunyi: "([^"]+)"', page).group(1)
    assert quoted in " ".join(said.split())


def test_the_summary_of_an_mou_and_a_pks_under_it_is_what_pks_diff_says(registry):
    said = summary_of(registry, "mou-dan-banyak-pihak.md")
    quoted = re.search(r"<!-- ringkasan-diff -->\n```text\n(.*?)\n```", (GUIDE / "mou-dan-banyak-pihak.md").read_text(encoding="utf-8"),
                       re.S).group(1)
    assert f"- {quoted}\n" in said, said


def test_the_error_line_shown_in_the_guide_is_real(registry):
    apply(registry, FIRST)
    path = "agreements/rutan-barabai/rutan-barabai-dinsos-hst-2026.yaml"
    file = registry / path
    file.write_text(file.read_text(encoding="utf-8").replace("  - agency: dinsos-hst\n", "  - agency: dinsos-hts\n"), encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "pks"), "validate", "--format", "parsable", "--as-of", AS_OF.isoformat()],
                            cwd=registry, capture_output=True, text=True)
    shown = next(line.strip() for line in (GUIDE / "memperbaiki-galat.md").read_text(encoding="utf-8").splitlines()
                 if "[ref-unknown-agency]" in line)
    assert shown in result.stdout.splitlines(), result.stdout


def test_error_page_names_real_codes_and_links_the_code_reference():
    text = (GUIDE / "memperbaiki-galat.md").read_text(encoding="utf-8")
    named = [code for heading in re.findall(r"^### (.*)$", text, re.M) for code in re.findall(r"`([a-z0-9-]+)`", heading)]
    assert len(named) >= 15
    assert [c for c in named if c not in messages.CATALOGUE] == []
    assert "](../referensi/kode-masalah.md)" in text


def test_the_practice_file_checksum_in_the_guide_is_right():
    text = (GUIDE / "dokumen.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((GUIDE / "latihan-sidik.pdf").read_bytes()).hexdigest()
    assert f"```text\n{digest}\n```" in text
    assert "certutil -hashfile" in text and "sha256sum" in text


def test_links_between_guide_pages_resolve():
    for page in GUIDE.glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")) or target in GENERATED:
                continue
            assert (GUIDE / target).is_file(), f"{page.name}: {target}"


def dictionary_rows() -> dict[str, object]:
    import json

    from site_builder.site.datadictionary import dictionary
    from site_builder.labels import for_language

    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schema").glob("*.json")}
    return {f"{kind}:{f.path}": f for kind, _, fields in dictionary(documents, for_language("id")) for f in fields}


def test_the_data_dictionary_says_what_maintainers_need_and_nothing_misleading():
    rows = dictionary_rows()
    for key in ("action-plan:activities[].id", "action-plan:activities[].responsible.agency"):
        assert "sama dengan nama berkas" not in rows[key].description_id, key
    assert rows["action-plan:activities[].target.value"].description_id
    assert "hibah" in rows["action-plan:activities[].budget_source"].description_id
    assert "hibah" in rows["action-plan:activities[].budget_source"].allowed
    for key, row in rows.items():
        assert "site_builder" not in row.description_id + row.description_en, key  # maintainers ask the technical team


def test_every_question_of_pks_new_and_renew_is_documented_with_its_option():
    import click

    from site_builder.cli import main

    page = (GUIDE / COMPUTER).read_text(encoding="utf-8")
    commands = [main.commands["new"].commands[name] for name in ("agency", "agreement", "action-plan")] + [main.commands["renew"]]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "root":
                assert f"`{param.opts[0]}" in page, (command.name, param.opts[0])
    for question in ("id lembaga pemilik folder", "id instansi mitra ke-1", "Judul singkat perjanjian", "Jenis: nota-kesepahaman",
                     "id nota kesepahaman induk", "Tanggal tanda tangan", "Mulai berlaku", "Berakhir, hanya bila sumber",
                     "Penerbit sumber", "Judul sumber", "Alamat web sumber", "Tanggal terbit sumber"):
        assert question in page, question


def test_the_command_in_the_guide_writes_a_valid_starter_without_asking(registry):
    import shlex

    from workflow_helpers import run_pks

    apply(registry, FIRST)
    page = (GUIDE / COMPUTER).read_text(encoding="utf-8")
    command = re.search(r"<!-- perintah-lengkap -->\n```sh\n(.*?)```", page, re.S).group(1).replace("\\\n", " ")
    words = shlex.split(command)
    assert words[:3] == [".venv/bin/pks", "new", "agreement"]
    result = run_pks(*words[1:], "--root", str(registry), input="")  # nothing to answer: every question has its option
    assert result.exit_code == 0, result.output
    created = re.search(r"Hasilnya berkas `([^`]+)`", page).group(1)
    assert f"dibuat / created: {created}" in result.output
    assert "Hasil pemeriksaan: tidak ada galat" in result.output
    report, _ = validate(registry, AS_OF)
    assert [p.code for p in report.sorted()] == []
