"""CODEOWNERS comes from the agencies' maintainers; --check catches a stale file."""

from __future__ import annotations

import fnmatch

from site_builder.workflow import codeowners
from workflow_helpers import run_pks

CORE = " ".join(codeowners.CORE_TEAM)


def add_maintainers(root, agency_id: str, *handles: str) -> None:
    file = root / "agencies" / f"{agency_id}.yaml"
    listed = "".join(f"  - {h}\n" for h in handles)
    file.write_text(file.read_text(encoding="utf-8").replace("\nsources:", f"\nmaintainers:\n{listed}sources:", 1), encoding="utf-8")


def owners_of(text: str, path: str) -> list[str]:
    """GitHub's rule for the patterns we write: the last matching line wins."""
    owners: list[str] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*":
            hit = True
        elif pattern.endswith("/"):
            hit = ("/" + path).startswith(pattern)
        else:
            hit = fnmatch.fnmatchcase("/" + path, pattern)
        if hit:
            owners = who
    return owners


def test_each_institution_owns_its_records_and_the_core_team_owns_code(registry):
    add_maintainers(registry, "rutan-barabai", "humas-rutan-barabai", "registrasi-rutan")
    add_maintainers(registry, "dinkes-hst", "humas-dinkes", "bukan/handle", "-salah")
    assert run_pks("codeowners", "--root", str(registry)).exit_code == 0
    text = (registry / ".github/CODEOWNERS").read_text(encoding="utf-8")
    rutan = ["@humas-rutan-barabai", "@registrasi-rutan"]
    assert owners_of(text, "agencies/rutan-barabai.yaml") == rutan
    assert owners_of(text, "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml") == rutan
    assert owners_of(text, "agreements/rutan-barabai/rencana-aksi/ra-rutan-barabai-dinkes-hst-2023.yaml") == rutan
    assert owners_of(text, "documents/rutan-barabai/pks.pdf") == rutan
    assert owners_of(text, "agencies/dinkes-hst.yaml") == ["@humas-dinkes"]  # invalid handles never reach the file
    assert "bukan/handle" not in text and "@-salah" not in text
    assert owners_of(text, "agencies/disdik-hst.yaml") == [CORE]  # no maintainers: the core team
    for code in ("schema/agreement.schema.json", "site_builder/site/templates/agreement.md.j2", "mkdocs.yml",
                 ".github/workflows/pull-request.yml", "README.md"):
        assert owners_of(text, code) == [CORE], code


def test_check_passes_when_current_and_fails_with_the_expected_text_when_stale(registry):
    run_pks("codeowners", "--root", str(registry))
    assert run_pks("codeowners", "--check", "--root", str(registry)).exit_code == 0
    add_maintainers(registry, "disdik-hst", "humas-disdik")
    result = run_pks("codeowners", "--check", "--root", str(registry))
    assert result.exit_code == 1
    assert "usang" in result.output and "/agreements/disdik-hst/ @humas-disdik" in result.output


def test_check_fails_when_the_file_is_missing(registry):
    assert run_pks("codeowners", "--check", "--root", str(registry)).exit_code == 1
