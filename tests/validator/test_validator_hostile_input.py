"""Issue 2, section 5: every kind of bad input gets a located, coded error and exit 1, in every output
format, never a traceback or a hang, and the other files of the registry are still checked.

Each hostile file sits in a registry next to a second file with an unrelated, known problem; both
must be reported. The expected positions below are where a maintainer has to look.
"""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from site_builder.validation import yamlread
from validator_support import AS_OF, FORMATS, located
from validator_support import agency as valid_agency

# The bystander: a valid-looking agency with one unrelated mistake on line 7.
BYSTANDER = ("agencies/tetangga.yaml", valid_agency("tetangga").replace("website: null", "websit: null"))
BYSTANDER_PROBLEM = ("agencies/tetangga.yaml", 7, 1, "schema-unknown-key")


def agency(ident: str, old: str = "", new: str = "", tail: str = "") -> str:
    text = valid_agency(ident)
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    return text + tail


ALIAS_BOMB = "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9) if p else ', '.join(['lol'] * 9)}]\n"
                     for k, p in zip("abcdefghi", [None, *"abcdefgh"]))

# name -> (file content, (line, column, code) that must be reported)
HOSTILE: dict[str, tuple[str | bytes, tuple[int, int, str]]] = {
    "malformed-yaml": (agency("rusak", "short_name: null", "short_name: {Contoh"), (3, 13, "yaml-syntax")),
    "unclosed-quote": (agency("rusak", "short_name: null", 'short_name: "Contoh'), (3, 13, "yaml-syntax")),
    "tab-indentation": (agency("rusak", "  - publisher", "\t- publisher"), (9, 1, "file-tab")),
    "tab-after-colon": (agency("rusak", "name: ", "name:\t"), (2, 6, "file-tab")),
    "duplicate-key": (agency("rusak", tail="name: Dinas Lain\n"), (13, 1, "yaml-duplicate-key")),
    "yaml11-no": (agency("rusak", "short_name: null", "short_name: no"), (3, 13, "yaml-ambiguous-value")),
    "yaml11-octal": (agency("rusak", 'region: "63.07"', "region: 021234567"), (6, 9, "yaml-ambiguous-value")),
    "yaml11-sexagesimal": (agency("rusak", 'region: "63.07"', "region: 10:30"), (6, 9, "yaml-ambiguous-value")),
    "anchor-and-alias": (agency("rusak", "name: Dinas Contoh", "name: &n Dinas Contoh").replace("short_name: null", "short_name: *n"),
                         (2, 7, "yaml-anchor")),
    "merge-key": (agency("rusak", tail="<<: {note: gabungan}\n"), (13, 1, "yaml-anchor")),
    "alias-bomb": (ALIAS_BOMB, (1, 4, "yaml-anchor")),
    "python-tag": (agency("rusak", "short_name: null", "short_name: !!python/object/apply:os.system [echo]"), (3, 13, "yaml-tag")),
    "python-tag-document": ("!!python/object:__main__.X\nid: rusak\n", (1, 1, "yaml-tag")),
    "several-documents": (agency("rusak", tail="---\n" + agency("kedua")), (13, 1, "yaml-multiple-documents")),
    "empty-file": ("", (1, 1, "file-empty")),
    "comments-only": ("# nanti diisi\n", (1, 1, "file-empty")),
    "list-not-mapping": ("- id: rusak\n- name: Dinas Contoh\n", (1, 1, "yaml-not-mapping")),
    "list-where-mapping-belongs": (agency("rusak", "parent: null", "parent:\n  - pemkab-hst"), (6, 3, "schema-type")),
    "non-utf8": (agency("rusak", "Dinas Contoh", "Dinas Caf\xe9").encode("latin-1"), (2, 16, "file-encoding")),
    "byte-order-mark": (b"\xef\xbb\xbf" + agency("rusak").encode(), (1, 1, "file-bom")),
    "nul-character": (agency("rusak", "Dinas Contoh", "Dinas\x00Contoh"), (2, 12, "file-control-character")),
    "escape-character": (agency("rusak", "Dinas Contoh", "Dinas\x1b[2JContoh"), (2, 12, "file-control-character")),
    "deep-flow-nesting": ("id: rusak\nname: " + "[" * 10_000 + "]" * 10_000 + "\n", (2, 1006, "yaml-too-deep")),
    "deep-block-nesting": ("- " * 10_000 + "x\n", (1, 81, "yaml-too-deep")),
    "very-large-file": (agency("rusak", tail="# " + "x" * 300_000 + "\n"), (1, 1, "file-too-large")),
    "impossible-date": (agency("rusak", tail="name_history:\n  - name: Dinas Lama\n    until: 2023-02-30\n"), (15, 12, "date-invalid")),
}


@contextlib.contextmanager
def no_hang(seconds: int):
    """Fail instead of hanging (a guard against runaway input, not a speed measurement)."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_gets_a_located_coded_error(name, fmt, make_registry, run_cli):
    content, (line, column, code) = HOSTILE[name]
    root = make_registry({"agencies/rusak.yaml": content, BYSTANDER[0]: BYSTANDER[1]})
    with no_hang(10):
        result = run_cli("validate", "--root", str(root), "--format", fmt, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1, result.output
    found = located(result.stdout, fmt)
    assert ("agencies/rusak.yaml", line, column, code) in found, result.stdout
    assert BYSTANDER_PROBLEM in found, "the other file must still be checked"


def test_unquoted_date_stays_a_string_and_validates(make_registry, run_cli):
    root = make_registry({"agencies/rusak.yaml": agency("rusak", tail="name_history:\n  - name: Dinas Lama\n    until: 2023-03-13\n")})
    result = run_cli("validate", "--root", str(root), "--format", "parsable")
    assert (result.exit_code, result.stdout) == (0, "")
    assert yamlread.parse("until: 2023-03-13\n").data == {"until": "2023-03-13"}


def test_ambiguous_scalars_keep_their_text():
    """YAML 1.1 would read these as False, 4536695 and 630; the record keeps what was written."""
    parsed = yamlread.parse("a: no\nb: 021234567\nc: 10:30\nd: 0011\ne: true\nf: 12\ng: null\n")
    assert parsed.data == {"a": "no", "b": "021234567", "c": "10:30", "d": "0011", "e": True, "f": 12, "g": None}
    assert [code for code, _, _ in parsed.problems] == ["yaml-ambiguous-value"] * 4


def test_alias_bomb_is_never_expanded():
    parsed = yamlread.parse(ALIAS_BOMB)
    assert parsed.data["i"] == [None] * 9  # aliases stay empty: nothing can walk 9**9 items


def test_deep_indentation_stops_early():
    """2,000 levels of indented mappings (4 MB of spaces): stopped at the nesting limit."""
    text = "".join(" " * level + "a:\n" for level in range(2_000))
    with no_hang(10):
        parsed = yamlread.parse(text)
    assert [code for code, _, _ in parsed.problems] == ["yaml-too-deep"]


def test_many_problems_in_one_file_stay_bounded(make_registry):
    """A file of 100,000 tabs and zero-width spaces reports a bounded number of problems."""
    from site_builder.validation import sources

    root = make_registry({"agencies/rusak.yaml": "id: x\n" + "\t\u200b" * 100_000 + "\n"})
    doc = sources.read(root, root / "agencies/rusak.yaml")
    assert 0 < len(doc.problems) <= 60


@pytest.mark.parametrize("fmt", FORMATS)
def test_undecodable_file_name_is_reported_as_valid_utf8(fmt, make_registry, run_cli):
    root = make_registry({BYSTANDER[0]: BYSTANDER[1]})
    (root / os.fsdecode(b"agencies/caf\xe9.yaml")).write_text(valid_agency("cafe"), encoding="utf-8")
    result = run_cli("validate", "--root", str(root), "--format", fmt)
    assert result.exit_code == 1
    result.stdout.encode("utf-8")  # strict: a lone surrogate would raise here, and on a CI terminal
    assert ("agencies/caf<U+DCE9>.yaml", 1, 1, "file-name") in located(result.stdout, fmt)


@pytest.mark.parametrize("link", ["agencies/tautan.yaml", "agencies"])
def test_links_are_refused_and_their_targets_never_printed(link, make_registry, run_cli, tmp_path):
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "tautan.yaml").write_text("id: tautan\nname: RAHASIA-DI-LUAR-REPOSITORI\n", encoding="utf-8")
    root = make_registry({BYSTANDER[0]: BYSTANDER[1]} if link != "agencies" else {})
    target = outside / "tautan.yaml" if link != "agencies" else outside
    (root / link).symlink_to(target)
    for fmt in FORMATS:
        result = run_cli("validate", "--root", str(root), "--format", fmt)
        assert result.exit_code == 1
        assert (link, 1, 1, "file-unreadable") in located(result.stdout, fmt)
        assert "RAHASIA" not in result.stdout
