"""The native node reader (native/pks_yamlc.c) reads every record exactly as yamlread's Python node
reader does, and is used only when it may be trusted.

- the same Parsed (data with types, ok, values, keys and their order, rewritten scalars, problems,
  the positioned/some_values/some_keys flags), or both None, with and without positions, for every
  case file, the test registry's records, a generated registry (the published records:
  tests/real_records/test_real_native_reader.py) and hostile texts (nesting past
  MAX_DEPTH, huge scalars and keys, NUL, surrogates, BOM, CRLF, tabs, long lines, anchors, aliases,
  tags, merge keys, several documents, flow collections, complex keys, empty documents, comments);
- whole `pks validate` runs over a registry full of problems print the same, in every format, with
  the native reader and with PKS_NATIVE_YAML=0;
- it is loaded only from the environment's installed packages, never from a folder on sys.path
  such as a checkout, and only when built from the checkout's C source; turned off, missing or
  stale, the Python node reader reads instead;
- reading does not leak: the interpreter holds no more blocks after thousands of reads, clean,
  unclean and failing alike.
In CI (CI=true) a missing or stale native reader fails these tests instead of skipping them.
tests/fuzz/test_fuzz_yamlread.py holds it to the other readers on generated texts too;
tests/fuzz/memcheck_native.py runs the same corpus under valgrind.
"""

from __future__ import annotations

import gc
import os
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest
from ci_mode import RUN_IN_CI
from native_support import NATIVE, WHY, assert_native_reads_as_python, require_native
from registry_fixture import REPO, copy_registry, record_files
from test_validator_cases import INVALID, VALID, header, placement

from site_builder.validation import yamlread

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/ is a script folder, not a package)

CASES = REPO / "tests" / "cases"
DEPTH = yamlread.MAX_DEPTH


def texts_of(paths) -> list[str]:
    """The texts yamlread is given: files that decode as UTF-8 (sources.py turns away the rest)."""
    found = []
    for path in paths:
        try:
            found.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return found


def nested(depth: int, kind: str) -> str:
    """A value nested `depth` collections deep in flow or block style, under key a (the root mapping is one)."""
    if kind == "flow-seq":
        return "a: " + "[" * depth + "x" + "]" * depth + "\n"
    if kind == "flow-map":
        return "a: " + "{b: " * depth + "x" + "}" * depth + "\n"
    if kind == "block-map":
        return "".join("  " * i + f"k{i}:\n" for i in range(depth + 1)) + "  " * (depth + 1) + "x\n"
    return "a:\n" + "".join("  " * i + "-\n" for i in range(1, depth + 1)) + "  " * (depth + 1) + "x\n"


HOSTILE = [
    # nesting around and far past the limit (the C reader stops before descending further)
    *(nested(depth, kind) for depth in (DEPTH - 2, DEPTH - 1, DEPTH, DEPTH + 1, DEPTH + 5)
      for kind in ("flow-seq", "flow-map", "block-map", "block-seq")),
    "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "[" * 50_000,
    "a: " + "{b: " * 20_000,
    # huge scalars and keys, very long lines
    "a: " + "x" * 3_000_000 + "\n",
    "a: '" + "y" * 1_000_000 + "'\n",
    'a: "' + "\\u00e9" * 100_000 + '"\n',
    "a: " + "kata " * 200_000 + "\n",
    "k" * 2_000 + ": 1\n",  # a simple key over libyaml's 1024 characters: a syntax error
    "? " + "k" * 200_000 + "\n: 1\n",  # an explicit key has no such limit
    "a: |\n" + ("  baris panjang " * 1_000 + "\n") * 100,
    # NUL, control, invisible, surrogate and other odd characters, raw and escaped
    "a: \x00\n", "a: x\x00y\n", 'a: "\\0"\n', 'a: "\\x00"\n', "a: \x07\n", 'a: "\\a"\n',
    "a: \ud800\n", 'a: "\\ud800"\n', "a: \udfff x\n", 'a: "\\U0010ffff"\n', 'a: "\\U00110000"\n',
    "a: \u200b\n", 'a: "\\u200b"\n', 'a: "\\u202e"\n', "a: \u2028\n", "a: x\x85y\n", "a: \ufffe\n", "a: \uffff\n",
    "a: é\nb: 'é'\nc: \"é\"\n", "é: ü\n'ß': \"漢字\"\n", "a: 😀\nb: '😀😀'\n", 'a: "\\t\\n\\\\"\n',
    # byte-order marks, line breaks, tabs
    "\ufeffa: 1\n", "\ufeff\ufeffa: 1\n", "a: 1\ufeff\n", "\ufeff", "a: 1\r\nb: 'x\r\n  y'\r\nc: >\r\n  p\r\n  q\r\n",
    "a: 1\rb: 2\r", "a: 1\r\n", "a:\tb\n", "\ta: 1\n", "a:\n\t- x\n", "a: |\n\tx\n", "a: 'x\ty'\n", "a: x\t# c\n",
    # anchors, aliases, tags, merge keys (the node reader hands these over)
    "a: &x 1\nb: *x\n", "a: &x [1]\nb: *x\n", "<<: {a: 1}\n", "a:\n  <<: {b: 1}\n", "'<<': 1\n", "a: !!str 1\n",
    "a: !x 1\n", "!!map {a: 1}\n", "a: ! 1\n", "a: !<tag:x> 1\n", "a: P&K\nb: x*y\nc: 'x!'\nd: a!b\n", "&a a: 1\n",
    # several documents, directives, empty documents, comments only
    "a: 1\n---\nb: 2\n", "---\na: 1\n...\n", "---\n---\n", "---\n", "---\n...\n", "...\n", "", "\n\n", "   \n",
    "# x\n# y\n", "# only\n---\n# comment\n", "%YAML 1.1\n---\na: 1\n", "%YAML 1.2\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: 1\n", "a: 1 # c\n# d\n",
    # flow collections, complex and odd keys
    "{a: [1, 2, {b: c}], d: [], e: {}}\n", "[a, b]\n", "- a\n- [b, {c: d}]\n", "a: {}\nb: []\n",
    "? [a]\n: 1\n", "{[a]: 1}\n", "? {a: 1}\n: 2\n", "? a\n: 1\n", "? |\n  a\n  b\n: 1\n", "1: a\n2.5: b\nnull: c\n~: d\n",
    "'': z\n", ": x\n", "? \n: x\n", "a:\nb: ~\nc: null\n", "a: 1\na: 2\n", "a: 1\n'a': 2\n", '"a": 1\n"b\\tc": 2\n',
    "a: 1\n]\n", "a: 'x\n", 'a: "x\\q"\n', "a: b: c\n", "- a\nb: c\n",
    # values: root scalars, YAML 1.1 hazards, large floats (their digits are kept for the privacy scan)
    "just text\n", "1\n", "no\n", "- a\n- b\n", "a: no\n", "a: 012\n", "a: 1_000\n", "a: 10:30\n", "a: 1.5e3\n",
    "a: 6.307915208911e+15\nb: -1.5e+18\nc: 123456789.5\nd: 1.0e+19\ne: 1.0e+400\nf: .inf\ng: .nan\nh: 99999999.9\n",
    "a: 1.5e+3\nb: 2023-03-13\nc: 12\nd: -0\ne: true\nf: ~\ng: -.5\nh: +7\n", "a: " + "9" * 31 + "\nb: " + "9" * 40 + "\n",
    "a: one\n  two\n", "a: >\n  x\n  y\n", "a: |-\n  x\n", "a: >+\n  x\n\n", "a: 'it''s'\nb: 'x\n\n  y'\n",
    "a: \"x\\\n  y\"\n", "a:\n  - 1\n  -\n  - - 2\n", "a: -\n", "- - - x\n",
    # where libyaml 0.2.5 gives up and 0.2.6 reads (an explicit key closed by ']'): handed over
    "a: [?]\n", "a: [ ? ]\n", "[?]\n", "a: [? b : c]\n", "a: [?\n  b]\n", "{? a: b}\n",
]


def test_native_reader_is_active_in_ci():
    """CI checks what it ships: a build without the native reader (no compiler, no libyaml headers, a
    stale build) must not pass there silently, as a missing browser does not."""
    if RUN_IN_CI:
        assert NATIVE is not None, f"the native YAML reader is not active in CI: {WHY}"
    require_native()
    assert yamlread.NATIVE == "active" or os.environ.get("PKS_NATIVE_YAML", "").strip() == "0"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_texts_read_alike(text):
    assert_native_reads_as_python(text)
    for positions in (True, False):  # and parse(), which falls back to the event reader, never raises
        yamlread.parse(text, positions)


def test_hostile_corpus_reaches_both_answers():
    """Not vacuous: the native reader reads some of these texts and hands others over."""
    read = [assert_native_reads_as_python(text) for text in HOSTILE]
    assert any(read) and not all(read)
    assert assert_native_reads_as_python(nested(DEPTH - 1, "block-map"))
    assert not assert_native_reads_as_python(nested(DEPTH, "block-map"))


def test_every_case_and_test_record_reads_alike():
    texts = texts_of(sorted(CASES.rglob("*.yaml")))
    read = [assert_native_reads_as_python(text) for text in texts]
    assert sum(read) > len(read) // 2  # most cases are clean YAML with other problems
    assert all(assert_native_reads_as_python(data.decode("utf-8")) for data in record_files().values())


def test_a_generated_registry_reads_alike(tmp_path):
    root = tmp_path / "generated"
    generate.generate(40, root, seed=11)
    texts = texts_of(sorted(root.rglob("*.yaml")))
    assert len(texts) > 80
    assert all(assert_native_reads_as_python(text) for text in texts)


def _cases_registry(root: Path) -> Path:
    """The test registry with every case file placed in it (companion folders left out): a registry
    with nearly every problem the validator knows."""
    copy_registry(root)
    for case in VALID + INVALID:
        if case.is_symlink():
            continue
        target = root / placement(case, header(case))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.read_bytes())
    return root


def _validate(root: Path, output_format: str, native: str) -> tuple[int, str, str]:
    env = {name: value for name, value in os.environ.items() if name not in ("CI", "GITHUB_ACTIONS", "PKS_LANG")}
    env.update(PKS_NATIVE_YAML=native, PKS_CACHE="0")
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "validate", "--root", str(root), "--format", output_format,
         "--as-of", "2026-01-15"],
        capture_output=True, text=True, env=env, check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("output_format", ["text", "parsable", "github", "json"])
def test_pks_validate_says_the_same_with_and_without_the_native_reader(tmp_path, output_format):
    require_native()
    root = _cases_registry(tmp_path / "registry")
    native = _validate(root, output_format, "1")
    python = _validate(root, output_format, "0")
    assert native == python
    assert native[0] == 1 and native[1].count("\n") > 50  # problems were found and printed


def test_a_module_on_sys_path_is_never_loaded(tmp_path, monkeypatch):
    """A pull request can put files in the checkout, which is on sys.path under pytest and `python
    -m`: a planted pks_yamlc there is not what yamlread loads."""
    installed_module = require_native()
    # A real build of the module (a binary the loader would accept), planted where sys.path looks first.
    planted = tmp_path / Path(installed_module.__file__).name
    planted.write_bytes(Path(installed_module.__file__).read_bytes())
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PKS_NATIVE_YAML", raising=False)
    module, why = yamlread._load_native()
    if module is None:
        assert why.startswith(("not installed", "stale", "not loadable")), why
    else:
        installed = {Path(place).resolve() for place in site.getsitepackages()}
        assert Path(module.__file__).resolve().parent in installed
        assert not Path(module.__file__).resolve().is_relative_to(tmp_path)


def test_a_stale_or_missing_source_turns_it_off(tmp_path, monkeypatch):
    require_native()
    monkeypatch.delenv("PKS_NATIVE_YAML", raising=False)
    edited = tmp_path / "pks_yamlc.c"
    edited.write_bytes(yamlread.NATIVE_SOURCE.read_bytes() + b"\n/* edited, not rebuilt */\n")
    assert yamlread._load_native(edited) == (None, "stale: built from another pks_yamlc.c (run scripts/setup)")
    module, why = yamlread._load_native(tmp_path / "absent.c")
    assert module is None and why.startswith("no C source")
    module, why = yamlread._load_native(yamlread.NATIVE_SOURCE)
    assert module is not None and why == "active"


def test_a_libyaml_not_compared_with_pyyamls_turns_it_off(monkeypatch):
    """The native reader links the system's libyaml, the event reader PyYAML's: only a pair whose
    parsers were compared is used."""
    require_native()
    monkeypatch.delenv("PKS_NATIVE_YAML", raising=False)

    class FutureLibyaml:
        @staticmethod
        def get_version_string() -> str:
            return "9.9.9"

    monkeypatch.setattr(yamlread, "yaml_c", FutureLibyaml)
    module, why = yamlread._load_native()
    assert module is None and why.startswith("its libyaml") and "9.9.9" in why


def test_turned_off_the_python_node_reader_reads():
    env = dict(os.environ, PKS_NATIVE_YAML="0")
    script = "from site_builder.validation import yamlread as y; print(y.NATIVE, y._read_clean.__name__)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    assert out == "disabled (PKS_NATIVE_YAML=0) _read_nodes\n"
    if NATIVE is not None:
        env["PKS_NATIVE_YAML"] = "1"
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
        assert out == "active _read_native\n"


def test_reading_leaks_nothing():
    """Every path out of the C reader (clean, handed over, libyaml error, unclean key or value at
    depth) releases what it made: the interpreter's block count does not grow with more reads."""
    native = require_native()
    texts = [text for text in HOSTILE if len(text) < 10_000] + texts_of(sorted(CASES.rglob("*.yaml")))

    def read_all() -> None:
        for text in texts:
            native.read(text, True)
            native.read(text, False)

    read_all()
    read_all()
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in range(5):
        read_all()
    gc.collect()
    grown = sys.getallocatedblocks() - before
    assert grown < 100, f"{grown} blocks more after {5 * 2 * len(texts)} reads"


def test_wrong_calls_are_refused_not_crashed():
    native = require_native()
    with pytest.raises(TypeError):
        native.read(b"a: 1\n", True)
    with pytest.raises(TypeError):
        native.read("a: 1\n")
    with pytest.raises(ValueError):
        native.configure(yamlread._plain_scalar, yamlread.INVISIBLE.search, 0)
    assert native.read("a: 1\n", True) is not None  # a refused configure leaves the policy as it was


def test_the_c_reader_knows_the_same_special_first_characters():
    """A plain value whose first character the C reader thinks ordinary is kept as text without asking
    _plain_scalar: its list must be yamlread's, or the native reader would keep an old typing policy."""
    source = yamlread.NATIVE_SOURCE.read_text(encoding="utf-8")
    found = re.search(r'static const char SPECIAL\[\] = "([^"]*)";', source)
    assert found, "SPECIAL not found in native/pks_yamlc.c"
    assert set(found.group(1)) == set(yamlread._SPECIAL_START)
    assert len(found.group(1)) == len(set(found.group(1)))
