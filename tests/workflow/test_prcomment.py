"""The pull-request summary comment: data from the read-only run, one bot comment, the artifact distrusted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_builder.workflow import prcomment
from workflow_helpers import REPO, commit, run_pks

SHA = "a" * 40
RUN = {"head_sha": SHA, "pull_requests": [{"number": 7}], "html_url": "https://github.com/o/r/actions/runs/1"}
BIN_PKS = str(Path(sys.executable).parent / "pks")
COUNTS = {"errors": 2, "warnings": 1, "omitted_errors": 0, "omitted_warnings": 0}


def write_artifact(path, **changes) -> object:
    data = {"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": "- PKS x diperpanjang", "counts": COUNTS}
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_one_comment_is_created_then_edited_never_duplicated(tmp_path):
    client = prcomment.MemoryPullComments({7: SHA})
    first = prcomment.read_artifact(write_artifact(tmp_path / "a.json"))
    assert prcomment.post(client, first, RUN) == ("created", 101)
    (comment,) = client.items[7]
    assert comment["body"].startswith(prcomment.MARKER + "\n")
    assert "**2 galat, 1 peringatan** / 2 errors, 1 warning." in comment["body"]
    assert "- PKS x diperpanjang" in comment["body"] and RUN["html_url"] in comment["body"]
    assert prcomment.post(client, first, RUN) == ("unchanged", 101)
    fixed = prcomment.read_artifact(write_artifact(tmp_path / "b.json", counts=dict(COUNTS, errors=0, warnings=0)))
    assert prcomment.post(client, fixed, RUN) == ("updated", 101)
    assert len(client.items[7]) == 1 and "**0 galat, 0 peringatan**" in client.items[7][0]["body"]
    assert client.writes == [("create", 101), ("edit", 101)]


def test_a_marker_in_someone_elses_comment_is_not_ours(tmp_path):
    """Anyone can paste the marker: the bot edits only a comment it wrote."""
    planted = {"id": 5, "body": prcomment.MARKER + " palsu", "user": {"login": "orang-luar"}}
    client = prcomment.MemoryPullComments({7: SHA}, {7: [planted]})
    assert prcomment.post(client, prcomment.read_artifact(write_artifact(tmp_path / "a.json")), RUN)[0] == "created"
    assert client.items[7][0]["body"] == prcomment.MARKER + " palsu"
    other_bot = prcomment.MemoryPullComments({7: SHA}, {7: [dict(planted, user={"login": "pks-bot"})]})
    assert prcomment.post(other_bot, prcomment.read_artifact(write_artifact(tmp_path / "b.json")), RUN, "pks-bot")[0] == "updated"


@pytest.mark.parametrize("bad", [
    {"pr": 8},  # another pull request than the run's
    {"head_sha": "b" * 40},  # another commit than the run checked
])
def test_an_artifact_about_another_pull_request_or_commit_posts_nothing(bad, tmp_path):
    client = prcomment.MemoryPullComments({7: SHA, 8: SHA})
    data = prcomment.read_artifact(write_artifact(tmp_path / "a.json", **bad))
    with pytest.raises(prcomment.ArtifactError):
        prcomment.post(client, data, RUN)
    assert client.writes == []


def test_a_fork_run_lists_no_pull_request_so_the_pull_requests_head_decides(tmp_path):
    fork_run = dict(RUN, pull_requests=[])
    data = prcomment.read_artifact(write_artifact(tmp_path / "a.json", pr=9))
    with pytest.raises(prcomment.ArtifactError, match="#9"):
        prcomment.post(prcomment.MemoryPullComments({9: "c" * 40}), data, fork_run)  # #9's head is another commit
    assert prcomment.post(prcomment.MemoryPullComments({9: SHA}), data, fork_run)[0] == "created"


@pytest.mark.parametrize("content", [
    b"\xff\xfe",
    b"[]",
    b"{}",
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": "", "counts": None, "x": 1}).encode(),
    json.dumps({"format": "lain/1", "pr": 7, "head_sha": SHA, "summary_markdown": "", "counts": None}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": True, "head_sha": SHA, "summary_markdown": "", "counts": None}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": -7, "head_sha": SHA, "summary_markdown": "", "counts": None}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": "HEAD", "summary_markdown": "", "counts": None}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": 5, "counts": None}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": "", "counts": dict(COUNTS, errors=-1)}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": "", "counts": dict(COUNTS, errors="2")}).encode(),
    json.dumps({"format": prcomment.FORMAT, "pr": 7, "head_sha": SHA, "summary_markdown": "x" * prcomment.MAX_ARTIFACT_BYTES,
                "counts": None}).encode(),
])
def test_a_malformed_artifact_is_refused(content, tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(content)
    with pytest.raises(prcomment.ArtifactError):
        prcomment.read_artifact(path)


def test_an_artifact_that_is_a_link_or_a_folder_is_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to("/etc/passwd")
    for name in ("folder", "link", "missing"):
        with pytest.raises(prcomment.ArtifactError):
            prcomment.read_artifact(tmp_path / name)


def test_the_summary_cannot_notify_fake_the_marker_or_exceed_a_comment(tmp_path):
    text = "@semua lihat @org/tim " + prcomment.MARKER + " \x1b[2J akhir\n" + ("baris\n" * 20_000)
    data = prcomment.read_artifact(write_artifact(tmp_path / "a.json", summary_markdown=text))
    client = prcomment.MemoryPullComments({7: SHA})
    prcomment.post(client, data, RUN)
    body = client.items[7][0]["body"]
    assert body.count(prcomment.MARKER) == 1 and "\x1b" not in body
    assert "@semua" not in body and "@&#8203;semua" in body and "@&#8203;org/tim" in body
    assert len(body) < 65_536 and "ringkasan dipotong" in body


def test_unfinished_validation_and_omitted_problems_are_said(tmp_path):
    client = prcomment.MemoryPullComments({7: SHA})
    prcomment.post(client, prcomment.read_artifact(write_artifact(tmp_path / "a.json", counts=None, summary_markdown="")), RUN)
    assert "**Validasi tidak selesai**" in client.items[7][0]["body"]
    assert "Ringkasan perubahan tidak tersedia" in client.items[7][0]["body"]
    many = dict(COUNTS, errors=20, omitted_errors=9980)
    prcomment.post(client, prcomment.read_artifact(write_artifact(tmp_path / "b.json", counts=many)), RUN)
    assert "lagi 9980 tidak dicantumkan" in client.items[7][0]["body"]


def _step(workflow: str, name: str) -> str:
    data = yaml.safe_load((REPO / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    return next(s["run"] for job in data["jobs"].values() for s in job["steps"] if s["name"] == name)


def test_the_workflow_steps_as_written_carry_the_summary_into_one_comment(repo, tmp_path, monkeypatch):
    """The pull-request workflow's summary and data steps, run in a real repository with an invalid
    change; then the comment workflow's command on the artifact they wrote, with a fake GitHub."""
    agency = repo / "agencies/dinkes-hst.yaml"
    agency.write_text(agency.read_text(encoding="utf-8").replace("short_name: Dinkes HST", "short_name: Dinkes")
                      .replace("\nsources:", "\nwebsit: x\nsources:", 1), encoding="utf-8")
    head = commit(repo, "ubah")
    temp = tmp_path / "runner-temp"
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 12, "head": {"sha": head}}}), encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "RUNNER_TEMP": str(temp), "GITHUB_EVENT_PATH": str(event),
           "PATH": "/usr/bin:/bin", "PKS_CACHE": "0"}
    for name in ("Ringkasan perubahan registri", "Data komentar ringkasan"):
        run = _step("pull-request.yml", name).replace(".venv/bin/pks", BIN_PKS)
        result = subprocess.run(["bash", "-e", "-c", run], cwd=repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    artifact = temp / "pr-comment/pr-comment.json"
    assert sorted(p.name for p in artifact.parent.iterdir()) == ["pr-comment.json", "ringkasan.md"]

    client = prcomment.MemoryPullComments({12: head})
    monkeypatch.setattr(prcomment, "GitHubPullComments", lambda *args: client)
    run_event = tmp_path / "run.json"
    run_event.write_text(json.dumps({"workflow_run": {"head_sha": head, "pull_requests": [], "html_url": "https://x/run"}}))
    post = _step("pr-comment.yml", "Buat atau perbarui komentar")
    args = post.replace('"$RUNNER_TEMP/pr-comment/pr-comment.json"', str(artifact)).split()[1:]
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    result = run_pks(*args, "--event", str(run_event), "--repo", "o/r")
    assert result.exit_code == 0, result.output
    assert result.output == "komentar created #101 di pull request #12\n"
    body = client.items[12][0]["body"]
    assert "**1 galat, 0 peringatan** / 1 error, 0 warnings." in body and "Instansi dinkes-hst" in body
    assert run_pks(*args, "--event", str(run_event), "--repo", "o/r").output.startswith("komentar unchanged #101")
