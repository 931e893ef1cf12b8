"""The per-file stage's shortcuts give what the paths they short-cut give (issue 12, target 3).

- sources.read_judged (one open, one read) makes the very SourceDocument sources.read makes, for
  every case file and for files of every odd kind (links, oversized, wrong names, BOMs, CR line
  breaks, bad UTF-8, control characters), and hands back the bytes it judged;
- a text of plain ASCII skips _text_problems and splitting into lines only where those would find
  nothing; the schema's engine-sensitivity test answers as its regular expression does;
- the privacy scan's ASCII pattern finds the runs its Unicode pattern finds;
- the summaries' compiled pruner gives what the recursive one gave.
Each is checked on generated texts (hypothesis, derandomized) beside the fixed ones.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry_fixture import REPO, copy_registry
from site_builder.validation import privacy, schemas, sources, summaries, yamlread
from site_builder.validation.summaries import TEXT, WHOLE

FUZZ = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
CASES = REPO / "tests" / "cases"
# Pieces of texts: record lines, every character class the shortcuts decide on, digits and separators.
PIECES = st.sampled_from(
    [chr(c) for c in range(0x80)]
    + ["\u00a0", "\u200b", "\u2028", "\ufeff", "\u00ad", "é", "٣", "\u2010", "\x85", "\r\n", "\\", "\\x41"]
    + ["id: x\n", "  # catatan\n", "# komentar\n", "   \n", "- a\n", "2023-03-13", "08123456789", "3201234507900123"]
    + ["0812 3456 7890", "199001012015031001", "(0517) 41234", "nama: 'Budi'\n", 'teks: "a\\tb"\n', "x: |\n  a\n"]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)
ASCII_TEXTS = st.lists(st.sampled_from([chr(c) for c in range(0x80)] + ["2023-03-13 ", "0812 3456 7890", "\\n"]),
                       max_size=60).map("".join)


def _fields(doc: sources.SourceDocument) -> tuple:
    return (doc.path, doc.kind, doc.text, doc.data, doc.parsed, dict(doc.values), dict(doc.keys),
            doc.problems, doc.rewritten)


def _same_as_read(root: Path, relpath: str) -> bytes | None:
    doc, raw, before = sources.read_judged(root, relpath)
    assert _fields(doc) == _fields(sources.read(root, root / relpath))
    if raw is not None:
        assert raw == (root / relpath).read_bytes()
        assert before == sources.identity(os.lstat(root / relpath))
    return raw


def test_every_case_file_reads_as_before():
    read = 0
    for top in ("valid", "invalid"):
        for file in sorted((CASES / top).rglob("*")):
            if file.is_file() or file.is_symlink():
                read += _same_as_read(CASES, file.relative_to(CASES).as_posix()) is not None
    assert read > 100


ODD_FILES = {
    "agencies/bom.yaml": b"\xef\xbb\xbfid: bom\n",
    "agencies/dua-bom.yaml": b"\xef\xbb\xbf\xef\xbb\xbfid: dua\n",
    "agencies/crlf.yaml": b"id: crlf\r\nname: A\rB\r\n",
    "agencies/rusak.yaml": b"id: rusak\nname: \xff\xfe\n",
    "agencies/kendali.yaml": b"id: k\nname: a\x00b\n",
    "agencies/tab.yaml": b"id: t\n\tname: x\n",
    "agencies/kosong.yaml": b"# hanya komentar\n   \n  # lagi\n",
    "agencies/kosong-sekali.yaml": b"",
    "agencies/Nama Salah.yaml": b"id: nama-salah\n",
    "agencies/catatan.txt": b"bukan rekaman\n",
    "agencies/tanpa-titik": b"id: x\n",
    "agencies/besar.yaml": b"id: besar\n" + b"# " + b"x" * sources.MAX_BYTES + b"\n",
    "agencies/daftar.yaml": b"- a\n- b\n",
    "agencies/tak-terlihat.yaml": "id: x\nname: a\u200bb\n".encode(),
}


def test_odd_files_read_as_before(tmp_path):
    for relpath, raw in ODD_FILES.items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_bytes(raw)
    os.symlink("/etc/passwd", tmp_path / "agencies" / "tautan.yaml")
    os.symlink("catatan.txt", tmp_path / "agencies" / "tautan.txt")
    os.symlink(tmp_path / "agencies", tmp_path / "agreements")
    kept = {relpath: _same_as_read(tmp_path, relpath) for relpath in [*ODD_FILES, "agencies/tautan.yaml",
                                                                        "agencies/tautan.txt", "agreements"]}
    assert kept["agencies/tautan.yaml"] is None and kept["agreements"] is None  # links: never read
    assert kept["agencies/besar.yaml"] is None and kept["agencies/catatan.txt"] is None
    assert kept["agencies/bom.yaml"] == ODD_FILES["agencies/bom.yaml"]  # the bytes keyed are the file's own


def test_registry_reads_as_before(tmp_path):
    root = copy_registry(tmp_path / "r")
    for relpath in sources.discover_relpaths(root):
        _same_as_read(root, relpath)


def test_the_ascii_sets_are_those_of_the_patterns():
    for code in range(0x80):
        ch = chr(code)
        reported = bool(yamlread.INVISIBLE.match(ch)) or ch == "\t"
        assert (code in sources._ASCII_UNREMARKABLE) is not reported or ch == "\r"  # CR: gone before the check
        assert (code in schemas._ASCII_INSENSITIVE) is not bool(schemas._SENSITIVE_TEXT.match(ch))


@FUZZ
@given(TEXTS)
def test_a_clean_text_has_no_text_problem_and_content_is_found_alike(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    clean = text.isascii() and not text.encode("ascii").translate(None, sources._ASCII_UNREMARKABLE)
    if clean:
        assert sources._text_problems("agencies/x.yaml", text) == ([], False)
        assert (sources._CONTENT_LINE.search(text) is None) == sources._no_content(text)


@FUZZ
@given(TEXTS)
def test_files_of_generated_texts_read_as_before(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("r")
    (root / "agencies").mkdir()
    (root / "agencies" / "x.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    _same_as_read(root, "agencies/x.yaml")


class _Doc:
    def __init__(self, text: str):
        self.text, self.data = text, None


@FUZZ
@given(TEXTS)
def test_engine_sensitivity_is_decided_as_the_pattern_decides(text):
    assert schemas._engine_sensitive(_Doc(text)) is (schemas._SENSITIVE_TEXT.search(text) is not None)


@FUZZ
@given(ASCII_TEXTS)
def test_the_ascii_pattern_finds_the_runs_of_the_unicode_one(text):
    assert [m.span() for m in privacy._LONG_RUN_ASCII.finditer(text)] == [m.span() for m in privacy._LONG_RUN.finditer(text)]
    # a line of another script sends the same text through the Unicode pattern: nothing else may change
    assert privacy.scan(text) == privacy.scan(text + "\né")


@pytest.mark.parametrize("number", ["3201234507900123", "0812-3456-7890", "1990 0101 2015 0310 01", "(0517) 41234"])
def test_numbers_in_ascii_records_are_found_as_in_others(number):
    text = f"id: x\nname: Kantor\ncontact: {number}\n"
    assert privacy.scan(text) == privacy.scan(text + "é") != []


def _pruned(value: object, spec) -> object:
    """The summaries' recursive pruner as it was before it was compiled: the reference."""
    if spec is TEXT:
        return value if isinstance(value, str) else None
    if spec is WHOLE:
        return value
    if isinstance(spec, list):
        if not isinstance(value, list):
            return None
        return [_pruned(item, spec[0]) if isinstance(item, dict) else None for item in value]
    if not isinstance(value, dict):
        return None
    return {key: _pruned(value[key], inner) for key, inner in spec.items() if key in value}


KEYS = st.sampled_from(["id", "kind", "parties", "agency", "signatory", "relations", "renews", "scope", "signed",
                        "date", "validity", "start", "end", "documents", "path", "sources", "conflicts", "values",
                        "source", "activities", "progress", "schedule", "responsible", "agreement", "parent",
                        "name_history", "x"])
VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=3),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6), max_leaves=30)


@FUZZ
@given(st.dictionaries(KEYS, VALUES, max_size=8), st.sampled_from(sorted(summaries.SPEC)))
def test_the_compiled_summary_is_the_recursive_one(data, kind):
    assert marshal.dumps(summaries.summarize(kind, data)) == marshal.dumps(_pruned(data, summaries.SPEC[kind]))


def test_summaries_of_the_registry_are_as_before(tmp_path):
    root = copy_registry(tmp_path / "r")
    for relpath in sources.discover_relpaths(root):
        doc = sources.read(root, root / relpath)
        if doc.kind:
            expected = _pruned(doc.data, summaries.SPEC[doc.kind])
            assert marshal.dumps(summaries.summarize(doc.kind, doc.data)) == marshal.dumps(expected)


def _scan_record_per_value(text: str, rewritten: list) -> list[privacy.Located]:
    """privacy.scan_record as it was, scanning each rewritten value alone: the reference."""
    found = [located for located in privacy.scan_record(text, []) if located.last_line is None]
    raw = privacy.scan(text)
    shown_on: dict[int, set] = {}
    for f, located in zip(raw, found, strict=True):
        shown_on.setdefault(located.line, set()).add((f.code, privacy._ascii_digits(text[f.start:f.end])))
    for (line, column), last_line, value in rewritten:
        loaded = privacy.scan(value)
        if not loaded:
            continue
        shown = set().union(*(shown_on.get(at, ()) for at in range(line, last_line + 1))) if shown_on else set()
        for f in loaded:
            if not privacy._shown_already(f.code, privacy._ascii_digits(value[f.start:f.end]), shown):
                found.append(privacy.Located(f.code, line, column, f.masked, last_line))
    return found


@FUZZ
@given(TEXTS, st.lists(st.tuples(st.integers(1, 6), st.integers(0, 3), TEXTS), max_size=6))
def test_rewritten_values_scanned_together_find_what_each_scan_finds(text, values):
    rewritten = [((line, 1), line + extra, value) for line, extra, value in values]
    assert privacy.scan_record(text, rewritten) == _scan_record_per_value(text, rewritten)


def test_records_rewritten_values_are_scanned_as_before(tmp_path):
    root = copy_registry(tmp_path / "r")
    for relpath in sources.discover_relpaths(root):
        doc = sources.read(root, root / relpath)
        assert privacy.scan_record(doc.text, doc.rewritten) == _scan_record_per_value(doc.text, doc.rewritten)


def test_a_file_longer_than_its_stat_said_is_read_to_its_end_and_gets_no_key(tmp_path, monkeypatch):
    """A file that grew between its stat and its reading: every byte is judged, and no cache keeps it."""
    from site_builder.validation import cache, filecheck

    root = copy_registry(tmp_path / "r")
    relpath = next(r for r in sources.discover_relpaths(root) if r.startswith("agreements/"))
    whole = (root / relpath).read_bytes()
    real_fstat = os.fstat

    def shorter(handle):
        found = real_fstat(handle)
        extra = {name: getattr(found, name) for name in ("st_atime_ns", "st_mtime_ns", "st_ctime_ns")}
        return os.stat_result((*found[:6], found.st_size - 10, *found[7:]), extra)

    monkeypatch.setattr(sources.os, "fstat", shorter)
    doc, raw, before = sources.read_judged(root, relpath)
    assert raw == whole and before is not None and before[1] == len(whole) - 10 and None not in before
    checker = schemas.load(root / "schema")
    assert filecheck.check_file(root, relpath, checker, cache.key_of)[1].key is None
    monkeypatch.setattr(sources.os, "fstat", real_fstat)
    assert filecheck.check_file(root, relpath, checker, cache.key_of)[1].key is not None
