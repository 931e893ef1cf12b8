"""Property-based: whatever text or bytes a record holds, validation returns a Report and never raises.

Mutations start from the test registry's records (a frozen copy of real ones, tests/fixtures/registry),
so they explore the neighbourhood of real data: a deleted colon, a stray tab, an alias, a NUL, a cut-off file.
"""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.validation import messages, reporters, sources, validate, yamlread
from site_builder.validation.problems import Report
from registry_fixture import record_files
from validator_support import AS_OF, FORMATS, REPO

RECORDS = record_files()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that mean something to YAML or to the validator, inserted at random places.
TOKENS = [":", ": ", "- ", "-", "\t", "\n", "  ", "#", "&a ", "*a", "<<: ", "!!python/object ", "!!str ", "---\n", "...\n",
          "? ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "%YAML 1.1\n", "\x00", "\x1b", "\u200b", "\ufeff", "\r",
          "no", "021234567", "10:30", "2023-02-30", "~", "null", "6307918273645546", "0812 9876 5432", "\\u0000", "é"]


@st.composite
def text_mutations(draw) -> tuple[str, bytes]:
    relpath = draw(st.sampled_from(sorted(RECORDS)))
    text = RECORDS[relpath].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif action == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        else:
            text = text[:at]
    return relpath, text.encode("utf-8", "surrogatepass")


@st.composite
def byte_mutations(draw) -> tuple[str, bytes]:
    relpath = draw(st.sampled_from(sorted(RECORDS)))
    data = bytearray(RECORDS[relpath])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()) and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
    return relpath, bytes(data)


class Base:
    """One copy of the real registry and its documents, read once; each example rewrites one file,
    re-reads only that one, and puts the file back afterwards."""

    def __init__(self, root):
        self.root = root
        self.docs = {doc.path: doc for doc in validate.load_documents(root)}

    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing example
        return f"Base({self.root})"


IDS = sorted(path.rsplit("/", 1)[-1].removesuffix(".yaml") for path in RECORDS)
KEYS = ["id", "agency", "agreement", "parties", "scope", "scope_item", "validity", "start", "end", "earliest", "latest",
        "relations", "renews", "amends", "umbrella", "activities", "responsible", "schedule", "progress", "date",
        "documents", "path", "sha256", "termination", "parent", "name_history", "kind", "signed", "witnesses"]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10)
    | st.sampled_from(IDS + ["2023-03-13", "2023-02-30", "../../etc/passwd", "documents/x.pdf", "nota-kesepahaman"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


def _paths(node, path=()):
    """Every path into node, the root's children first."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield path + (key,)
        yield from _paths(child, path + (key,))


def _replace(node, path, value):
    if not path:
        return value
    node[path[0]] = _replace(node[path[0]], path[1:], value)
    return node


@st.composite
def shape_mutations(draw) -> dict[str, bytes]:
    """One or two real records with values of arbitrary shape in them, written as JSON (which YAML
    reads too): the schema rejects them, and the cross-record checks, which read one record while
    checking another, must cope with whatever shape is left."""
    mutated = {}
    for relpath in draw(st.lists(st.sampled_from(sorted(RECORDS)), min_size=1, max_size=2, unique=True)):
        data = yamlread.parse(RECORDS[relpath].decode("utf-8")).data
        for _ in range(draw(st.integers(1, 3))):
            depth = draw(st.integers(1, 3))  # shallow places first: whole sections such as scope or parties
            paths = [p for p in _paths(data) if len(p) == depth] or [()]
            path = draw(st.sampled_from(paths))
            data = _replace(data, path, draw(VALUES))
        mutated[relpath] = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return mutated


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("registry")
    shutil.copytree(REPO / "schema", root / "schema")
    for relpath, data in RECORDS.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_bytes(data)
    return Base(root)


def check_whole_run(base: Base, mutated: dict[str, bytes]) -> None:
    """Validate the registry with some files rewritten; nothing may raise, every problem is coded
    and located, and every reporter renders the report in both languages."""
    root = base.root
    for relpath, data in mutated.items():
        (root / relpath).write_bytes(data)
    try:
        docs = [sources.read(root, root / path) if path in mutated else doc for path, doc in base.docs.items()]
        report, _ = validate.validate(root, AS_OF, docs=docs)
        assert isinstance(report, Report)
        for problem in report.problems:
            assert problem.path and problem.code in messages.CATALOGUE, problem
            assert problem.line is None or (problem.line >= 1 and problem.column >= 1), problem
        for fmt in FORMATS:
            for lang in messages.LANGUAGES:
                assert isinstance(reporters.REPORTERS[fmt](report, root, lang), str)
    finally:
        for relpath in mutated:
            (root / relpath).write_bytes(RECORDS[relpath])


@FAST
@given(text_mutations())
def test_text_mutations_of_records_never_raise(base, mutation):
    check_whole_run(base, dict([mutation]))


@FAST
@given(byte_mutations())
def test_byte_mutations_of_records_never_raise(base, mutation):
    check_whole_run(base, dict([mutation]))


@settings(FAST, max_examples=150)  # cheap examples, and the rare combination matters: a plan reading a broken agreement
@given(shape_mutations())
def test_values_of_any_shape_in_records_never_raise(base, mutated):
    check_whole_run(base, mutated)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_reader_never_raises_on_arbitrary_text(text):
    parsed = yamlread.parse(text)
    assert all(code in messages.CATALOGUE for code, _, _ in parsed.problems)
    assert parsed.ok or parsed.problems


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_in_a_record_file_are_reported_not_raised(base, data):
    check_whole_run(base, {"agencies/dinkes-hst.yaml": data})
