"""The drop-in case corpus in tests/cases: add a file there, and it is tested.

- tests/cases/valid/<name>.yaml must leave the registry without a single problem.
- tests/cases/invalid/<problem-code>/<name>.yaml must produce that code in that file at the line
  named by its first line, `# expect: LINE` or `# expect: LINE:COLUMN`.

Each case is placed into a copy of the test registry (tests/fixtures/registry), so it can name its
agencies and agreements (rutan-barabai, dinkes-hst, rutan-barabai-dinkes-hst-2023, ...). Optional header comments
right after the first line:

- `# path: agreements/pemkab-hst/x.yaml`: where the case goes. Without it, a file with a top-level
  `activities:` is an action plan of rutan-barabai, one with `parties:` an agreement of
  rutan-barabai, anything else an agency; the file keeps the case's name.
- `# grow-to-bytes: N`: pad the file with comment lines to N bytes (size limits without a huge file
  in git).

A folder next to a case with the case's name (`<name>/`) is copied into the registry root as well:
extra records, documents/ files, even a schema/ override. Symbolic links are kept as links.
"""

from __future__ import annotations

import os
import re
import shutil
import string
from pathlib import Path

import pytest

from site_builder.validation import messages, reporters, validate
from registry_fixture import record_files
from validator_support import AS_OF, REPO

CASES = REPO / "tests" / "cases"
VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*/*.yaml"))
_HEADER = re.compile(r"#\s*(?P<key>[a-z-]+):\s*(?P<value>.*?)\s*$")


def header(case: Path) -> dict[str, str]:
    """The `# key: value` lines at the top of a case (a byte-order mark before them is skipped)."""
    text = case.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    found = {}
    for line in text.split("\n"):
        match = _HEADER.match(line)
        if not line.startswith("#"):
            break
        if match:
            found.setdefault(match["key"], match["value"])
    return found


def placement(case: Path, head: dict[str, str]) -> str:
    if "path" in head:
        return head["path"]
    text = case.read_bytes().decode("utf-8", "replace")
    if re.search(r"^activities:", text, re.M):
        return f"agreements/rutan-barabai/rencana-aksi/{case.name}"
    if re.search(r"^parties:", text, re.M):
        return f"agreements/rutan-barabai/{case.name}"
    return f"agencies/{case.name}"


def place(case: Path, make_registry) -> tuple[Path, str]:
    """A registry of the real records plus the case (and its folder); the case's registry path."""
    root = make_registry(record_files())
    head = header(case)
    relpath = placement(case, head)
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.is_symlink():
        os.symlink(os.readlink(case), target)
    else:
        data = case.read_bytes()
        size = int(head.get("grow-to-bytes", 0))
        while len(data) < size:
            data += b"# " + b"isi pengisi / padding " * 4 + b"\n"
        target.write_bytes(data)
    extra = case.with_suffix("")
    if extra.is_dir():
        shutil.copytree(extra, root, symlinks=True, dirs_exist_ok=True)
    return root, relpath


def shown(report, root) -> str:
    return reporters.parsable(report, root, "en")


def placeholders_are_filled(problem) -> bool:
    """Every {name} in the problem's templates has a parameter (a renamed one would print as blank)."""
    entry = messages.CATALOGUE[problem.code]
    given = set(problem.param_dict) | {"at_id", "at_en"}
    names = {name for template in (entry.message_id, entry.message_en, entry.hint_id, entry.hint_en)
             for _, name, _, _ in string.Formatter().parse(template) if name}
    return names <= given


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_has_no_problem(case, make_registry):
    root, _ = place(case, make_registry)
    report, _ = validate.validate(root, AS_OF)
    assert report.sorted() == [], shown(report, root)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_case_reports_its_code_at_its_line(case, make_registry):
    expect = header(case).get("expect")
    assert expect and re.fullmatch(r"\d+(:\d+)?", expect), "the first line must be '# expect: LINE' or '# expect: LINE:COLUMN'"
    line, _, column = expect.partition(":")
    code = case.parent.name
    root, relpath = place(case, make_registry)
    report, _ = validate.validate(root, AS_OF)
    found = {((p.line or 1), (p.column or 1)) for p in report.problems if p.code == code and p.path == relpath}
    wanted = (int(line), int(column)) if column else None
    assert any((at == wanted) if wanted else (at[0] == int(line)) for at in found), (
        f"expected {code} at {relpath}:{expect}; found it at {sorted(found)}\n" + shown(report, root))
    assert [p for p in report.problems if not placeholders_are_filled(p)] == []


def test_every_problem_code_has_an_invalid_case():
    missing = [code for code in messages.CATALOGUE if not list((CASES / "invalid" / code).glob("*.yaml"))]
    assert missing == [], "add tests/cases/invalid/<code>/<name>.yaml for each of these"


def test_every_invalid_case_folder_is_a_problem_code():
    folders = {path.name for path in (CASES / "invalid").iterdir() if path.is_dir()}
    assert folders - set(messages.CATALOGUE) == set()


def test_the_corpus_is_discovered():
    assert len(VALID) >= 3 and len(INVALID) >= len(messages.CATALOGUE)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_case_gives_the_same_report_from_summaries(case, make_registry):
    """`pks validate FILE` reads unchanged records from per-file summaries (validation/summaries.py):
    for every problem code, in the whole registry and for the case's own file, the report is a cold run's."""
    root, relpath = place(case, make_registry)
    cold, _ = validate.validate(root, AS_OF, use_cache=False)
    validate.validate(root, AS_OF, records=False)  # keeps the summaries
    summarized, _ = validate.validate(root, AS_OF, records=False)
    focused, _ = validate.validate(root, AS_OF, records=False, only={relpath})
    every = lambda report: [(p, p.params, p.pointer, p.fix) for p in report.sorted()]  # noqa: E731
    assert every(summarized) == every(cold), shown(cold, root)
    assert every(focused.only({relpath})) == every(cold.only({relpath}))
