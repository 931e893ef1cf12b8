"""docs/data/index.md cannot drift from the exports: every file, JSON field, CSV column, status value
and stated number is checked against what write_all produces, and the page builds in MkDocs strict mode.

Links: the exports live in site/data and site/schema, outside docs/, so MkDocs (1.6) cannot see them.
A relative link to one fails strict mode (validation.links.not_found), and a link from the site root
("/data/...") fails as soon as mkdocs.yml sets absolute_links to warn or relative_to_docs, and breaks
when the site is opened from disk or a sub-path. The page therefore names files as code spans and
holds no link MkDocs would validate.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from export_readers import key_paths, read_json, render
from export_records import REPO
from site_builder.exports import atom, csvfiles, dataset, icalendar, schemafiles, write_all
from site_builder.status import DEFAULT_WARN_DAYS, Reason, Status

DOC = REPO / "docs" / "data" / "index.md"
CODE = re.compile(r"`([^`]+)`")
ID_PLACEHOLDER = "[a-z0-9]+(?:-[a-z0-9]+)*"  # what <id-instansi> stands for: a record id
RECORD_TABLES = ("agencies", "agreements", "action_plans")
SHARED = "sources[]."  # documented once, in its own table


@pytest.fixture(scope="module")
def page() -> str:
    return DOC.read_text(encoding="utf-8")


def tables(text: str) -> list[list[str]]:
    """The first-column code span of every row of every Markdown table (header and rule skipped)."""
    found, block = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            rows = [CODE.search(row.split("|")[1]) for row in block[2:]]
            found.append([m.group(1) for m in rows if m])
            block = []
    return found


def assert_has_table(page: str, expected: list[str], what: str) -> None:
    candidates = tables(page)
    if expected in candidates:
        return
    closest = max(candidates, key=lambda t: len(set(t) & set(expected)))
    missing, extra = [x for x in expected if x not in closest], [x for x in closest if x not in expected]
    pytest.fail(f"{what}: no table lists exactly {len(expected)} rows; closest lacks {missing}, "
                f"has extra {extra}, or lists them in another order")


def path_patterns(page: str) -> dict[str, re.Pattern]:
    """{documented path: regex}: data/ and schema/ code spans, a <placeholder> standing for a record id."""
    spans = {s for s in CODE.findall(page) if re.fullmatch(r"(data|schema)/[^\s<>]*(<[a-z-]+>[^\s<>]*)*", s)}
    return {s: re.compile(ID_PLACEHOLDER.join(map(re.escape, re.split(r"<[a-z-]+>", s)))) for s in spans}


@pytest.mark.parametrize("which", ["frozen", "hostile"])
def test_every_file_write_all_produces_is_documented(which, request, page, tmp_path):
    registry = request.getfixturevalue(f"{which}_registry")
    root = request.getfixturevalue(f"{which}_root")
    written = [p.relative_to(tmp_path).as_posix() for p in write_all(registry, tmp_path, registry.as_of, root=root)]
    patterns = path_patterns(page)
    undocumented = [w for w in written if not any(p.fullmatch(w) for p in patterns.values())]
    assert not undocumented, f"add these to {DOC.relative_to(REPO)}: {undocumented}"
    if which == "frozen":  # and nothing documented that the frozen registry does not produce
        assert not [s for s, p in patterns.items() if not any(p.fullmatch(w) for w in written)]


def test_every_json_field_is_in_the_data_dictionary(frozen_registry, frozen_root, hostile_registry, hostile_root, page):
    exported = key_paths(read_json(render(frozen_registry, frozen_root)["data/registry.json"]))
    exported |= key_paths(read_json(render(hostile_registry, hostile_root)["data/registry.json"]))
    per_table = {t: {p[len(t) + 3:] for p in exported if p.startswith(t + "[].")} for t in RECORD_TABLES}
    envelope = {p for p in exported if not p.startswith(tuple(t + "[]." for t in RECORD_TABLES))}
    shared = set().union(*({p for p in paths if p.startswith(SHARED)} for paths in per_table.values()))
    documented, gaps = [set(t) for t in tables(page)], []
    for what, expected in [("envelope", envelope), ("sources", shared)] + [
            (t, {p for p in paths if not p.startswith(SHARED)}) for t, paths in per_table.items()]:
        if expected not in documented:
            closest = max(documented, key=lambda t: len(t & expected))
            gaps.append(f"{what}: undocumented {sorted(expected - closest)}, documented but not exported "
                        f"{sorted(closest - expected)}")
    assert not gaps, "\n".join(gaps)
    assert all(len(t) == len(set(t)) for t in tables(page)), "a field is listed twice in one table"


@pytest.mark.parametrize("name", sorted(csvfiles.TABLES))
def test_every_csv_column_is_in_the_data_dictionary_in_file_order(name, page):
    columns, _ = csvfiles.TABLES[name]
    assert f"### `{name}`" in page
    assert_has_table(page, list(columns), name)


def test_status_and_reason_values_are_all_explained(page):
    assert_has_table(page, [s.value for s in Status], "status values")
    assert_has_table(page, [r.value for r in Reason], "status reasons")
    for word in [*csvfiles.KNOWN.values(), "ya", "tidak"]:
        assert f"`{word}`" in page, word


def test_the_numbers_versions_and_addresses_the_page_states_are_the_code_s(page):
    flat = " ".join(page.split())
    assert f"Versi format berkas ekspor saat ini: `{dataset.SCHEMA_VERSION}`" in flat
    assert f"berakhir dalam {DEFAULT_WARN_DAYS} hari" in flat
    assert " hari dan ".join(map(str, icalendar.REMINDER_DAYS)) + " hari sebelumnya" in flat
    assert f"berisi {atom.MAX_ENTRIES} perubahan terbaru" in flat
    assert dataset.LICENCE["name"] in flat and "CC BY 4.0" in flat and f'"{dataset.TITLE["id"]}"' in flat
    ids = {json.loads(p.read_text(encoding="utf-8"))["$id"] for p in (REPO / "schema").glob("*.schema.json")}
    assert set(re.findall(r"https://[^\s`]+\.schema\.json", page)) == ids


def test_addresses_are_the_site_s_and_the_repository_s(page):
    """Corrections go to the repository mkdocs.yml names; every other address is on the site the
    schemas' $id name (the one the exports are published under)."""
    repo_url = re.search(r"^repo_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    site_url, _ = schemafiles.published(REPO / "schema")
    addresses = re.findall(r"https://[^\s)`]+", page)
    issue_links = [a for a in addresses if a.startswith("https://github.com/")]
    assert issue_links and {link.removesuffix("/issues/new") for link in issue_links} == {repo_url.rstrip("/")}
    assert [a for a in addresses if a not in issue_links and not a.startswith(site_url)] == []


def test_the_page_holds_no_link_mkdocs_would_validate(page):
    # Markdown links, reference definitions and raw HTML: only absolute https addresses may appear.
    targets = re.findall(r"\]\(([^)\s]*)", page) + re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", page, re.M)
    targets += re.findall(r"""(?:href|src)\s*=\s*["']?([^"'\s>]*)""", page)
    assert [t for t in targets if not t.startswith("https://")] == []


STRICT_CONFIG = """\
site_name: Uji
docs_dir: docs
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  not_found: warn
  anchors: warn
"""


@pytest.mark.slow
@pytest.mark.parametrize(("extra", "builds"), [
    ("", True),
    # the controls: the two link forms the page avoids do fail, so a pass above means something
    ("\n[unduh](registry.json)\n", False),
    ("\n[unduh](/data/registry.json)\n", False),
])
def test_the_page_builds_in_mkdocs_strict_mode_with_every_link_check_on(extra, builds, page, tmp_path):
    (tmp_path / "docs" / "data").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Beranda\n", encoding="utf-8")
    (tmp_path / "docs" / "data" / "index.md").write_text(page + extra, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(STRICT_CONFIG, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode == 0) == builds, result.stderr
    if builds:
        assert (tmp_path / "site" / "data" / "index.html").is_file()
