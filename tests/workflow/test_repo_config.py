"""GitHub workflows, pre-commit hooks and editor settings: linted, pinned, least privilege, and working."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_builder.validation import sources
from site_builder.cli import main
from registry_fixture import TEST_REGISTRY, copy_registry
from workflow_helpers import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$")


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is missing: install the test extra (pip install -c requirements/constraints.txt -e .[test])"
    return found


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def test_there_are_the_four_workflows():
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "expiry.yml", "pr-comment.yml"}


def test_actionlint_finds_nothing():
    result = subprocess.run([tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_pedantic():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--persona=pedantic", "--format=plain", ".github/workflows"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = USES.match(line)
            if not match:
                continue
            ref, comment = match.groups()
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}:{number}: {ref} is not pinned to a commit SHA"
            assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), f"{path.name}:{number}: add the version as '# vX.Y.Z'"


def test_pull_request_workflow_is_read_only_and_secret_free():
    text = (REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    data = load(REPO / ".github/workflows/pull-request.yml")
    triggers = data.get("on", data.get(True))  # PyYAML 1.1 reads the key `on` as True
    assert set(triggers) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert "secrets." not in code and "pull_request_target" not in code and "github.token" not in code


def test_the_comment_workflow_runs_default_branch_code_with_only_the_comment_permissions():
    text = (REPO / ".github/workflows/pr-comment.yml").read_text(encoding="utf-8")
    data = load(REPO / ".github/workflows/pr-comment.yml")
    checker = load(REPO / ".github/workflows/pull-request.yml")
    triggers = data.get("on", data.get(True))
    assert triggers == {"workflow_run": {"workflows": [checker["name"]], "types": ["completed"]}}
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    checkout = next(s for s in job["steps"] if "actions/checkout@" in s.get("uses", ""))
    assert checkout["with"] == {"persist-credentials": False}  # no ref: the default branch, never the pull request's head
    download = next(s for s in job["steps"] if "actions/download-artifact@" in s.get("uses", ""))
    assert download["with"]["name"] == "pr-comment" and download["with"]["path"].startswith("${{ runner.temp }}")
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert "secrets." not in code and "head_branch" not in code and "ref:" not in code
    for step in job["steps"]:  # nothing the pull request wrote is expanded into a shell command
        assert "${{" not in step.get("run", ""), step["name"]
    uploads = [s for j in checker["jobs"].values() for s in j["steps"] if "actions/upload-artifact@" in s.get("uses", "")]
    assert [u["with"]["name"] for u in uploads] == ["pr-comment"]


def test_workflows_that_judge_or_publish_run_without_a_cache():
    """Set per job: the test job must leave the cache to the tests that exercise it."""
    jobs = {name: load(REPO / ".github/workflows" / name)["jobs"] for name in ("pull-request.yml", "publish.yml", "expiry.yml")}
    for name, job in (("pull-request.yml", "periksa"), ("publish.yml", "bangun"), ("expiry.yml", "pengingat")):
        assert jobs[name][job]["env"]["PKS_CACHE"] == "0", (name, job)
    assert "PKS_CACHE" not in jobs["pull-request.yml"]["uji"].get("env", {})
    assert "env" not in load(REPO / ".github/workflows/pull-request.yml")


def test_publish_and_expiry_grant_only_what_each_job_needs():
    publish = load(REPO / ".github/workflows/publish.yml")
    assert publish["permissions"] == {}
    assert publish["jobs"]["bangun"]["permissions"] == {"contents": "read"}
    assert publish["jobs"]["terbitkan"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "schedule" in publish.get("on", publish.get(True))
    expiry = load(REPO / ".github/workflows/expiry.yml")
    assert expiry["permissions"] == {}
    assert expiry["jobs"]["pengingat"]["permissions"] == {"contents": "read", "issues": "write"}


def _pks_commands(text: str) -> list[list[str]]:
    return [line.split("pks ", 1)[1].split() for line in text.splitlines() if re.search(r"(^|[\s/])pks ", line)
            and not line.lstrip().startswith("#")]


def test_every_pks_command_the_automation_runs_exists():
    texts = [p.read_text(encoding="utf-8") for p in WORKFLOWS]
    texts += [(REPO / name).read_text(encoding="utf-8") for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml")]
    used = {args[0] for text in texts for args in _pks_commands(text)}
    assert {"validate", "diff", "codeowners", "build", "expiry-issues", "pr-comment"} <= used
    missing = sorted(used - set(main.commands))
    assert not missing, f"workflows call pks commands that do not exist: {missing}"


def test_pull_request_summary_command_runs_as_written(repo):
    """The exact summary step of the workflow, run in a real repository with a merge-like history."""
    from workflow_helpers import commit

    (repo / "agencies/dinkes-hst.yaml").write_text((repo / "agencies/dinkes-hst.yaml").read_text(encoding="utf-8")
                                                  .replace("short_name: Dinkes HST", "short_name: Dinkes"), encoding="utf-8")
    commit(repo, "ubah")
    step = next(s for s in load(REPO / ".github/workflows/pull-request.yml")["jobs"]["periksa"]["steps"]
                if s["name"] == "Ringkasan perubahan registri")
    summary = repo / "summary.md"
    run = step["run"].replace(".venv/bin/pks", str(BIN / "pks"))
    env = {"GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(repo.parent / "runner-temp"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["bash", "-e", "-c", run], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Instansi dinkes-hst" in summary.read_text(encoding="utf-8")


def record_paths(root: Path = TEST_REGISTRY) -> list[str]:
    return [p.relative_to(root).as_posix() for p in sources.discover(root)]


@pytest.mark.parametrize("config", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hooks_select_records_and_their_commands_pass_on_a_registry(config, tmp_path):
    """On a copy of the test registry; tests/real_records runs the hooks on the published records."""
    data = load(REPO / config)
    hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    root = copy_registry(tmp_path / "registry")
    (root / ".github").mkdir()
    subprocess.run([str(BIN / "pks"), "codeowners", "--root", str(root)], check=True, capture_output=True)
    records = record_paths(root)
    validate = next(h for h in hooks if h["id"] == "pks-validate")
    pattern = re.compile(validate["files"])
    assert records and all(pattern.search(p) for p in records)
    assert not any(pattern.search(p) for p in ("schema/agency.schema.json", "docs/index.md", "mkdocs.yml"))
    for hook in hooks:
        if hook["entry"].split()[0].rsplit("/", 1)[-1] != "pks":  # code hooks (ruff, mypy): tests/workflow/test_lint.py
            assert not re.compile(hook["files"]).search(records[0])
            continue
        argv = hook["entry"].split()
        argv[0] = str(BIN / "pks")
        files = records[:3] if hook.get("pass_filenames", True) else []
        result = subprocess.run([*argv, *files], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, f"{hook['id']}: {result.stdout}{result.stderr}"


def _glob(pattern: str) -> re.Pattern:
    out = ""
    for part in re.split(r"(\*\*/|\*)", pattern):
        out += {"**/": "(?:.*/)?", "*": "[^/]*"}.get(part, re.escape(part))
    return re.compile(out + r"\Z")


def test_editor_maps_each_record_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (REPO / schema).is_file(), schema
    extra = ["agencies/lain/contoh.yaml", "agreements/lapas-x/pks-x.yaml", "agreements/lapas-x/rencana-aksi/ra-x.yaml"]
    for relpath in record_paths() + extra:
        kind = sources.kind_of(relpath)
        matched = [schema for schema, globs in mapping.items() if any(_glob(g).match(relpath) for g in globs)]
        assert matched == [f"./schema/{kind}.schema.json"], (relpath, matched)
    recommended = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended


def test_issue_forms_are_well_formed():
    for path in sorted((REPO / ".github/ISSUE_TEMPLATE").glob("*.yml")):
        data = load(path)
        if path.name == "config.yml":
            continue
        assert data["name"] and data["description"] and data["body"], path.name
        ids = [item["id"] for item in data["body"] if "id" in item]
        assert len(ids) == len(set(ids)), path.name
