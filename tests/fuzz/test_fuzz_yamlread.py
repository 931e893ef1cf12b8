"""Differential: yamlread against libyaml's own loader, and yamlread's two readers against each other.

Documents are the test registry's records mutated with pieces that mean something to YAML, and
small documents generated from scratch with tricky plain scalars in block and flow style. For each:

- where libyaml's loader (yaml.CSafeLoader) loads the text and yamlread reports no problem, both
  read the same values, types included; yamlread's documented readings are applied to the
  loader first: keys are text as written, dates stay text;
- every problem yamlread reports is one of the reader's documented codes; a syntax problem only
  where libyaml itself gives up, and nothing read where it does;
- every value and key of a clean document is located where libyaml's composer puts its node;
- the node reader (a clean record, fast) and the event reader (every problem) agree on
  everything, positions and privacy rewrites included, wherever the node reader answers;
- the native node reader (native/pks_yamlc.c) gives exactly what the Python node reader gives, or
  None where it does, with and without positions (in CI a missing native reader fails).

Deterministic (derandomized) and bounded: a few seconds each.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from native_support import assert_native_reads_as_python, native_expected, typed
from registry_fixture import record_files

from site_builder.validation import yamlread

RECORDS = {path: data.decode("utf-8") for path, data in record_files().items()}
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# What the reader may say about a text (site_builder/validation/messages.py words each one).
READER_CODES = {
    "yaml-syntax",
    "yaml-duplicate-key",
    "yaml-anchor",
    "yaml-tag",
    "yaml-complex-key",
    "yaml-too-deep",
    "yaml-multiple-documents",
    "yaml-ambiguous-value",
    "file-control-character",
}
# Plain scalars that YAML 1.1 and 1.2 tools, or yamlread, may read as something other than text.
PLAIN = [
    "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "yes", "Yes", "no", "NO", "on", "Off",
    "y", "n", "Y", "0", "-0", "+0", "00", "7", "-7", "+7", "012", "0011", "021234567", "08", "0x1F", "0o17", "0b101",
    "1_000", "1,000", "10:30", "1:20:30", "-1:30", "190:20:30.15", "1.5", "-1.5", "+1.5", "1.10", "0.5", ".5", "-.5", "1.",
    "01.5", "1.5_0", "1_0.5", "1e3", "1E3", "1.5e3", "1.5e+3", "1.5E-3", "-1.5e+3", "1.e+3", ".inf", "-.inf", "+.INF",
    ".nan", ".NaN", "2023-03-13", "2023-02-30", "2023-3-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10",
    "12:30:45", "1" * 31, "1" * 32, "9" * 40, "-" + "9" * 40, "6307918273645546", "0812 9876 5432", "=", "<<",
    "Rutan Kelas IIB Barabai", "P&K", "a*b", "yes please", "no.", "N/A", "3 bulan", "1 2", "-", "--", "..",
]
TOKENS = PLAIN + [
    ":", ": ", "- ", "-", "\t", "\n", "  ", "#", " #", "&a ", "*a", "<<: ", "!!str ", "!!int ", "! ", "!x ", "---\n", "...\n",
    "? ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "|-\n  ", "%YAML 1.1\n", "\x00", "\u200b", "\ufeff", "\r", "\\",
    "\\u0000", "\\x41", "é", "\u2028", "\x85",
]
KEYS = ["id", "title", "a", "b", "no", "1", "2023-03-13", "<<", "y", "null", "~", '"q"', "'s'", "a b", "key: x"]


@st.composite
def mutated_records(draw) -> str:
    text = RECORDS[draw(st.sampled_from(sorted(RECORDS)))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)))
        action = draw(st.sampled_from(["insert", "replace", "delete", "value"]))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        else:  # give the value at the end of some line a tricky plain scalar
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            if ": " in lines[line]:
                lines[line] = lines[line].split(": ", 1)[0] + ": " + draw(st.sampled_from(PLAIN))
            text = "\n".join(lines)
    return text


scalars = st.one_of(
    st.sampled_from(PLAIN),
    st.sampled_from(PLAIN).map(lambda s: f"'{s}'"),
    st.sampled_from(PLAIN).map(lambda s: f'"{s}"'),
    st.text(alphabet="abc:#-' \"\\é", max_size=6).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: ("seq", items)),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(lambda items: ("map", items)),
    ),
    max_leaves=12,
)


def block(tree, indent: int = 0) -> str:
    """A generated tree as block YAML (a collection starts on the next line, indented)."""
    pad = " " * indent
    if isinstance(tree, str):
        return tree
    kind, items = tree
    if not items:
        return "[]" if kind == "seq" else "{}"
    lines = []
    for item in items:
        key, value = item if kind == "map" else ("-", item)
        head = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        if isinstance(value, str) or not value[1]:
            lines.append(f"{head} {block(value)}")
        else:
            lines.append(f"{head}\n{block(value, indent + 2)}")
    return "\n".join(lines)


def flow(tree) -> str:
    if isinstance(tree, str):
        return tree
    kind, items = tree
    if kind == "seq":
        return "[" + ", ".join(flow(item) for item in items) + "]"
    return "{" + ", ".join(f"{key}: {flow(value)}" for key, value in items) + "}"


@st.composite
def generated(draw) -> str:
    tree = draw(trees)
    if isinstance(tree, str) or tree[0] == "seq":
        tree = ("map", [("root", tree)])
    return (block(tree) if draw(st.booleans()) else flow(tree)) + "\n"


class Reference(yaml.CSafeLoader):
    """libyaml's loader with yamlread's documented readings: keys are the text written, dates stay text."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        return {key.value: self.construct_object(value, deep=deep) for key, value in node.value}


def libyaml_gives_up(text: str) -> bool:
    try:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
    except Exception:
        return True
    return False


def located(node, path, values, keys) -> None:
    """Where libyaml's composer puts every value and key, as (line, column) from 1."""
    mark = node.start_mark
    values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            keys[(*path, key.value)] = (key.start_mark.line + 1, key.start_mark.column + 1)
            located(value, (*path, key.value), values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            located(item, (*path, index), values, keys)


def fields(parsed: yamlread.Parsed) -> tuple:
    return (typed(parsed.data), parsed.ok, list(parsed.values.items()), list(parsed.keys.items()), parsed.problems,
            parsed.rewritten)


def assert_agrees_with_libyaml(text: str) -> None:
    parsed = yamlread.parse(text)
    assert {code for code, _, _ in parsed.problems} <= READER_CODES
    gave_up = libyaml_gives_up(text)
    if any(code == "yaml-syntax" for code, _, _ in parsed.problems):
        assert gave_up, "yamlread reports a syntax error in a text libyaml reads"
    if gave_up:
        assert not parsed.ok and parsed.problems, "libyaml gives up on a text yamlread reads without a word"
    if parsed.problems:
        return
    try:
        expected = yaml.load(text, Loader=Reference)
    except (yaml.YAMLError, ValueError):  # a constructor's complaint (`=`, an integer of 5,000 digits): nothing to compare
        return
    assert typed(parsed.data) == typed(expected)
    values, keys = {}, {}
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    if node is not None:
        located(node, (), values, keys)
    assert parsed.values == values
    assert parsed.keys == keys


def assert_readers_agree(text: str) -> None:
    """The fast node reader, wherever it answers, gives exactly what the event reader gives."""
    events = yamlread._read_events(text)
    nodes = yamlread._read_nodes(text)
    if nodes is not None:
        assert fields(nodes) == fields(events)
    assert fields(yamlread.parse(text)) == fields(events)
    # without positions (a record about to be judged): the same reading, and the same answer to
    # whether there are positions at all, which sources.Positions gives without parsing again
    bare = yamlread.parse(text, positions=False)
    assert (typed(bare.data), bare.ok, bare.problems, bare.rewritten) == fields(events)[:2] + fields(events)[4:]
    if bare.positioned:
        assert fields(bare) == fields(events)
    else:
        assert not bare.values and not bare.keys
        assert (bare.some_values, bare.some_keys) == (bool(events.values), bool(events.keys))
    if native_expected():  # without it (not built here), the Python readers are still held to each other
        assert assert_native_reads_as_python(text) == (nodes is not None)


@FUZZ
@given(mutated_records())
def test_mutated_records_read_as_libyaml_reads_them(text):
    assert_agrees_with_libyaml(text)
    assert_readers_agree(text)


@FUZZ
@given(generated())
def test_generated_documents_read_as_libyaml_reads_them(text):
    assert_agrees_with_libyaml(text)
    assert_readers_agree(text)


def test_the_fuzzers_reach_both_readers_and_every_outcome():
    """The corpus is not vacuous: clean records take the node reader and agree with libyaml on
    values; hazards are reported; syntax errors happen."""
    for text in RECORDS.values():
        assert yamlread._read_nodes(text) is not None
        assert not native_expected() or assert_native_reads_as_python(text)
        assert_agrees_with_libyaml(text)
    seen = set()
    for text in ["a: no\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "? [a]\n: 1\n", "a: 'x\n", "a: 1\n---\nb: 2\n",
                 'a: "\\u200b"\n', "a: " + "[" * 50 + "]" * 50 + "\n"]:
        seen |= {code for code, _, _ in yamlread.parse(text).problems}
        assert_agrees_with_libyaml(text)
        assert_readers_agree(text)
    assert seen == READER_CODES


def test_values_yaml_1_1_reads_otherwise_are_reported_and_quoting_them_fixes_it():
    """Found by the fuzzer above: these were read without a word, as text where YAML 1.1 tools read
    a number (01.5, .5_, 40 digits), or as a number where they read text (1.5e3)."""
    for value in ["01.5", ".5_", "1.5_0", "9" * 40, "1.5e3"]:
        assert [code for code, _, _ in yamlread.parse(f"a: {value}\n").problems] == ["yaml-ambiguous-value"], value
        quoted = yamlread.parse(f'a: "{value}"\n')
        assert not quoted.problems and quoted.data == {"a": value}
    assert yamlread.parse("a: 1.5e+3\nb: 2023-03-13\nc: 12\n").data == {"a": 1500.0, "b": "2023-03-13", "c": 12}
