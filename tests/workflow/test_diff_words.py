"""Every sentence of `pks diff` comes from the `diff` words of labels.py (issue 11: all public words in
one catalogue): no template sits unused, and the output holds no word the catalogue did not give."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from test_changes import DINKES, FOLDER, RENEWAL, diff, edit, exact_end
from workflow_helpers import commit, git

from site_builder.labels import INDONESIAN
from site_builder.workflow import changes, compare, diffformat, diffwords

MODULES = (changes, compare, diffformat, diffwords)


def test_every_diff_template_is_used_and_every_used_one_exists():
    source = "".join(Path(module.__file__).read_text(encoding="utf-8") for module in MODULES)
    used = set(re.findall(r'PHRASES\["([a-z_]+)"\]', source))
    # compare.py picks some by a condition or from a table; they are named in it as plain strings
    picked = {key for key in INDONESIAN.diff if f'"{key}"' in source} - used
    assert picked <= {"end_extended", "end_changed", "present", "conflicts"} | {
        words for _, _, words in compare.PARTY_FIELDS
    }, picked
    assert set(INDONESIAN.diff) == used | picked
    for module in MODULES:
        assert module.PHRASES is INDONESIAN.diff  # one catalogue, not a copy per module


WORD = re.compile(r"[^\W\d_]+")
MARK = re.compile("\u00ab[a-z_]+\\|")
REVISION = re.compile(r"\b[0-9a-f]{7,40}\b")  # commit ids in the heading: their letters are no words


def _bare(key: str, template: str) -> str:
    """A template without its words: its key and its placeholders, so any word left in the output
    came from a record or from code."""
    fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return "\u00ab" + key + "|" + "|".join("{" + name + "}" for name in fields) + "\u00bb"


def _record_words(root: Path, *revisions: str) -> set[str]:
    """Every word of the records and of the paths at these revisions, and the revisions' hashes: what
    a line may hold besides the catalogue's words (schema/ and other files left out: they are prose)."""
    words: set[str] = set()
    for rev in revisions:
        words |= set(WORD.findall(rev + " " + git(root, "ls-tree", "-r", "--name-only", rev)))
        words |= set(WORD.findall(git(root, "grep", "-h", "-I", "-e", ".", rev, "--", "agencies", "agreements")))
    return words


def _other_catalogue_words() -> set[str]:
    """The catalogue's words outside the diff section that `pks diff` uses: dates, kinds, relations."""
    ui = INDONESIAN.ui
    said = [ui[k] for k in ("date_range", "date_latest_only", "date_earliest_only", "unknown")]
    said += [*INDONESIAN.relations.values(), *INDONESIAN.agreement_kinds_short.values()]
    said.append(INDONESIAN.agreement_kind_unknown)
    return {word for text in said for word in WORD.findall(text)}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_summary_says_only_what_the_catalogue_gives(repo, monkeypatch, fmt):
    base = exact_end(repo)
    edit(repo, DINKES, 'end: "2026-03-13"', 'end: "2027-03-13"')
    edit(repo, DINKES, "  - name: Muhammad Yani\n", "  - name: M. Yani\n")
    edit(repo, DINKES, "      name: Gusti Iskandarsyah\n", "      name: Gusti Iskandar Syah\n")
    edit(repo, "agencies/dinkes-hst.yaml", "name: Dinas Kesehatan", "name: Dinas Kesehatan dan KB")
    (repo / FOLDER / "rutan-barabai-dinkes-hst-2027.yaml").write_text(
        RENEWAL.replace("id: rutan-barabai-dinkes-hst-2026", "id: rutan-barabai-dinkes-hst-2027").replace(
            "  renews: rutan-barabai-dinkes-hst-2023", "  renews: rutan-barabai-disdik-hst-2023"
        ),
        encoding="utf-8",
    )
    git(repo, "rm", "-q", f"{FOLDER}/rencana-aksi/ra-rutan-barabai-disdag-hst-2023.yaml")
    (repo / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    head = commit(repo, "banyak perubahan")
    plain = diff(repo, base, fmt=fmt)

    monkeypatch.setattr(diffwords, "PHRASES", {key: _bare(key, text) for key, text in INDONESIAN.diff.items()})
    for module in MODULES:
        monkeypatch.setattr(module, "PHRASES", diffwords.PHRASES)
    out = diff(repo, base, fmt=fmt)

    out = re.sub(r"\\(.)", r"\1", out)  # Markdown's escapes undone, so a key reads as in the catalogue
    used = set(re.findall("\u00ab([a-z_]+)\\|", out))
    assert {"heading", "others", "end_extended", "party_field", "party_signatory_name", "renewed_by"} <= used, used
    assert out.count("\n- ") == plain.count("\n- ") == 4, plain  # four lines of records in both
    titles = {
        word for kind in diffwords.schema_titles(repo).values() for t in kind.values() for word in WORD.findall(t)
    }
    allowed = _record_words(repo, base, head) | _other_catalogue_words() | titles  # titles: the schemas' words
    left = set(WORD.findall(REVISION.sub("", MARK.sub("", out)))) - allowed
    assert not left, f"words in `pks diff` that are not the catalogue's: {sorted(left)}"


def test_a_changed_sentence_changes_the_output(repo, monkeypatch):
    base = exact_end(repo)
    edit(repo, DINKES, 'end: "2026-03-13"', 'end: "2027-03-13"')
    commit(repo, "perpanjang")
    monkeypatch.setattr(compare, "PHRASES", {**INDONESIAN.diff, "end_extended": "DIPERPANJANG {before} => {after}"})
    assert "- PKS rutan-barabai-dinkes-hst-2023: DIPERPANJANG 2026-03-13 => 2027-03-13\n" in diff(repo, base)
