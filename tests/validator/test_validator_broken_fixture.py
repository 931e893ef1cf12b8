"""tests/fixtures/broken/: a small registry with one mistake of each common kind, and the complete
`pks validate --format parsable` output it must give (expected.txt), compared as a whole.

This pins the Indonesian messages, their order and every line and column. When a message is
deliberately reworded, run the command in the test by hand and review the difference before
replacing expected.txt.
"""

from __future__ import annotations

import shutil

from validator_support import AS_OF, REPO

FIXTURE = REPO / "tests" / "fixtures" / "broken"


def test_broken_registry_gives_exactly_the_expected_report(tmp_path, run_cli):
    root = tmp_path / "broken"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("expected.txt"))
    shutil.copytree(REPO / "schema", root / "schema")
    result = run_cli("validate", "--root", str(root), "--format", "parsable", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    assert result.stdout == (FIXTURE / "expected.txt").read_text(encoding="utf-8")
