"""The daily expiry job: one issue per agreement ending soon, never a duplicate, idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
import urllib.error

import pytest

from site_builder import model
from site_builder.workflow import expiry
from site_builder.validation.validate import validate
from workflow_helpers import run_pks

DINKES = "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml"
GUIDE = "https://github.com/contoh/registri/blob/HEAD/docs/kontributor/"


class RecordingIssues(expiry.MemoryIssues):
    """The in-memory client, counting every call that would change GitHub."""

    def __init__(self):
        super().__init__()
        self.writes: list[tuple] = []

    def create(self, title, body):
        self.writes.append(("create", title))
        return super().create(title, body)

    def update(self, number, **fields):
        self.writes.append(("update", number, tuple(sorted(fields))))
        return super().update(number, **fields)

    def comment(self, number, body):
        self.writes.append(("comment", number))
        super().comment(number, body)


def ends_on(root, day: str, maintainers=("humas-rutan-barabai",)) -> None:
    file = root / DINKES
    text = file.read_text(encoding="utf-8")
    text = text.replace('  end:\n    earliest: "2024-03-12"\n    latest: "2026-03-13"\n', f'  end: "{day}"\n')
    file.write_text(text, encoding="utf-8")
    if not maintainers:
        return
    agency = root / "agencies/rutan-barabai.yaml"
    listed = "".join(f"  - {m}\n" for m in maintainers)
    agency.write_text(agency.read_text(encoding="utf-8").replace("\nsources:", f"\nmaintainers:\n{listed}sources:", 1), encoding="utf-8")


def registry_on(root, day: str):
    as_of = dt.date.fromisoformat(day)
    report, shaped = validate(root, as_of)
    assert report.errors == 0, [p.code for p in report.problems]
    return model.build(shaped, as_of, warn_days=max(expiry.WINDOWS))


def test_one_issue_for_an_agreement_ending_within_90_days_addressed_to_its_maintainers(registry):
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    outcome = expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)  # 71 days before the end
    assert outcome.created == [(1, "rutan-barabai-dinkes-hst-2023")]
    (issue,) = client.items
    assert issue["title"] == "Pengingat: PKS rutan-barabai-dinkes-hst-2023 berakhir 2026-03-13 (dalam 90 hari)"
    assert issue["body"].startswith("<!-- pks-expiry-issue: rutan-barabai-dinkes-hst-2023 window=90 end=2026-03-13 -->\n")
    assert "@humas-rutan-barabai" in issue["body"]
    assert f"({GUIDE}perpanjangan-adendum.md)" in issue["body"]


def test_running_twice_changes_nothing(registry):
    ends_on(registry, "2026-03-13")
    reg = registry_on(registry, "2026-01-01")
    client = RecordingIssues()
    expiry.sync(client, reg, GUIDE)
    writes = len(client.writes)
    second = expiry.sync(client, reg, GUIDE)
    assert not second.changed and len(client.writes) == writes == 1
    assert second.unchanged == [(1, "rutan-barabai-dinkes-hst-2023")]


def test_the_same_issue_is_updated_when_30_days_remain(registry):
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)
    outcome = expiry.sync(client, registry_on(registry, "2026-02-20"), GUIDE)  # 21 days before the end
    assert outcome.updated == [(1, "rutan-barabai-dinkes-hst-2023")] and not outcome.created
    (issue,) = client.items
    assert "(dalam 30 hari)" in issue["title"] and "window=30" in issue["body"]
    assert not expiry.sync(client, registry_on(registry, "2026-02-21"), GUIDE).changed


def test_a_closed_issue_stays_closed_until_the_window_narrows(registry):
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)
    client.items[0]["state"] = "closed"  # a maintainer closed it
    assert not expiry.sync(client, registry_on(registry, "2026-01-02"), GUIDE).changed
    outcome = expiry.sync(client, registry_on(registry, "2026-02-20"), GUIDE)
    assert outcome.reopened == [(1, "rutan-barabai-dinkes-hst-2023")]
    assert client.items[0]["state"] == "open" and len(client.items) == 1


def test_a_recorded_renewal_closes_the_issue_once(registry):
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)
    successor = (registry / DINKES).read_text(encoding="utf-8")
    successor = successor.replace("id: rutan-barabai-dinkes-hst-2023\n", "id: rutan-barabai-dinkes-hst-2026\n")
    successor = successor.replace("renews: rutan-barabai-dinkes-hst-sebelum-2023", "renews: rutan-barabai-dinkes-hst-2023")
    successor = successor.replace('start: "2023-03-13"', 'start: "2026-03-14"').replace('end: "2026-03-13"', 'end: "2029-03-13"')
    (registry / DINKES.replace("2023.yaml", "2026.yaml")).write_text(successor, encoding="utf-8")
    reg = registry_on(registry, "2026-01-05")
    outcome = expiry.sync(client, reg, GUIDE)
    assert outcome.closed == [(1, "rutan-barabai-dinkes-hst-2023", "perpanjangannya sudah tercatat: rutan-barabai-dinkes-hst-2026")]
    assert client.items[0]["state"] == "closed" and client.comments[0][0] == 1
    assert not expiry.sync(client, reg, GUIDE).changed


def test_no_maintainers_means_the_core_team_is_addressed_and_record_text_is_escaped(registry):
    ends_on(registry, "2026-03-13", maintainers=())
    file = registry / DINKES
    file.write_text(file.read_text(encoding="utf-8").replace(
        "title: Kerja sama layanan kesehatan bagi WBP Rutan Barabai", "title: '<b>x</b> [y](javascript:z) @semua'"), encoding="utf-8")
    client = RecordingIssues()
    expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)
    body = client.items[0]["body"]
    assert "@pks-registry/tim-inti" in body
    assert "<b>" not in body and "](javascript" not in body


def test_issues_without_the_marker_are_left_alone(registry):
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    client.items.append({"number": 7, "title": "Pertanyaan", "body": "rutan-barabai-dinkes-hst-2023 berakhir?", "state": "open"})
    outcome = expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)
    assert outcome.created == [(8, "rutan-barabai-dinkes-hst-2023")] and ("update", 7) not in [w[:2] for w in client.writes]


def test_ends_known_only_as_a_range_need_no_reminder(registry):
    """The test registry's Barabai agreements' ends are only bounded by a range: nothing is 'akan
    berakhir', nothing is invented."""
    reg = registry_on(registry, "2026-01-01")
    assert expiry.reminders(reg, GUIDE) == []


def test_dry_run_from_the_command_line(registry):
    ends_on(registry, "2026-03-13")
    result = run_pks("expiry-issues", "--root", str(registry), "--as-of", "2026-02-20", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "isu dibuat #1 (rutan-barabai-dinkes-hst-2023)" in result.output


class FakeResponse(io.BytesIO):
    def __init__(self, payload, link=""):
        super().__init__(json.dumps(payload).encode())
        self.headers = {"Link": link}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_rest_client_pages_through_issues_and_sends_the_token():
    seen = []
    pages = {
        "https://api.example/repos/o/r/issues?state=all&per_page=100&sort=created&direction=asc":
            ([{"number": 1, "body": "a"}, {"number": 2, "pull_request": {}}], '<https://api.example/next?page=2>; rel="next"'),
        "https://api.example/next?page=2": ([{"number": 3, "body": "b"}], ""),
    }

    def opener(request, timeout):
        seen.append(request)
        if request.get_method() == "GET":
            return FakeResponse(*pages[request.full_url])
        return FakeResponse({"number": 9})

    client = expiry.GitHubIssues("o/r", "rahasia", "https://api.example", opener=opener)
    assert [i["number"] for i in client.issues()] == [1, 3]
    client.update(3, state="closed")
    patch = seen[-1]
    assert patch.get_method() == "PATCH" and patch.full_url == "https://api.example/repos/o/r/issues/3"
    assert json.loads(patch.data) == {"state": "closed"}
    assert all(r.get_header("Authorization") == "Bearer rahasia" for r in seen)


def test_the_rest_client_turns_http_errors_into_a_message():
    def opener(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", {}, None)

    with pytest.raises(expiry.GitHubError, match="403"):
        expiry.GitHubIssues("o/r", "t", "https://api.example", opener=opener).create("x", "y")


MARKER_90 = "<!-- pks-expiry-issue: rutan-barabai-dinkes-hst-2023 window=90 end=2026-03-13 -->\n"


@pytest.mark.parametrize("state", ["open", "closed"])
def test_an_outsiders_issue_with_the_marker_does_not_silence_the_reminder(registry, state):
    """Anyone can paste the marker into an issue; only the job's own issues count."""
    ends_on(registry, "2026-03-13")
    client = RecordingIssues()
    client.items.append({"number": 5, "title": "x", "body": MARKER_90, "state": state, "user": {"login": "orang-luar"},
                         "labels": [{"name": "bug"}]})
    reg = registry_on(registry, "2026-01-01")
    outcome = expiry.sync(client, reg, GUIDE)
    assert outcome.created == [(6, "rutan-barabai-dinkes-hst-2023")]
    assert client.items[-1]["user"] == {"login": "github-actions[bot]"}
    assert all(w[1] != 5 for w in client.writes if w[0] != "create")  # the outsider's issue is neither edited nor closed
    assert not expiry.sync(client, reg, GUIDE).changed  # the job's own issue is found again next time


def test_an_outsiders_marker_issue_is_not_closed_when_the_agreement_is_settled(registry):
    client = RecordingIssues()
    client.items.append({"number": 3, "title": "x", "body": MARKER_90, "state": "open", "user": {"login": "orang-luar"}})
    outcome = expiry.sync(client, registry_on(registry, "2026-01-01"), GUIDE)  # nothing due in the real records
    assert not outcome.changed and client.writes == []


def test_the_bot_login_and_a_maintainer_only_label_are_configurable(registry):
    ends_on(registry, "2026-03-13")
    reg = registry_on(registry, "2026-01-01")
    own = {"number": 2, "title": "x", "body": MARKER_90, "state": "closed", "user": {"login": "pks-bot"}}
    labelled = {"number": 4, "title": "x", "body": MARKER_90, "state": "closed", "user": {"login": "humas"},
                "labels": [{"name": "pengingat-resmi"}]}
    for issue, trust in ((own, expiry.Trust(logins=("pks-bot",))), (labelled, expiry.Trust(labels=("pengingat-resmi",)))):
        client = RecordingIssues()
        client.items.append(dict(issue))
        assert not expiry.sync(client, reg, GUIDE, trust).changed, issue  # closed by a maintainer: stays closed
        client = RecordingIssues()
        client.items.append(dict(issue))
        assert expiry.sync(client, reg, GUIDE).created, issue  # the default trusts neither


def test_marked_trusts_only_the_given_authors_and_the_command_line_takes_one(registry):
    ends_on(registry, "2026-03-13")
    reminder = expiry.reminders(registry_on(registry, "2026-02-20"), "x")[0]
    client = expiry.MemoryIssues([{"number": 1, "title": "x", "body": reminder.body, "state": "closed", "user": {"login": "pks-bot"}}])
    assert not expiry.marked(client.issues())
    assert expiry.marked(client.issues(), expiry.Trust(("pks-bot",)))
    result = run_pks("expiry-issues", "--root", str(registry), "--as-of", "2026-02-20", "--dry-run", "--author", "pks-bot")
    assert result.exit_code == 0 and "isu dibuat #1" in result.output


def test_a_label_that_an_issue_form_applies_is_refused_as_proof(registry):
    forms = registry / ".github/ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    (forms / "lapor.yml").write_text("name: Lapor\ndescription: x\nlabels: [laporan, pengingat]\nbody: []\n", encoding="utf-8")
    (forms / "lama.md").write_text("---\nname: Lama\nlabels: 'bug, bantuan'\n---\nIsi\n", encoding="utf-8")
    assert expiry.form_labels(registry) == {"laporan", "pengingat", "bug", "bantuan"}
    refused = run_pks("expiry-issues", "--root", str(registry), "--dry-run", "--trusted-label", "pengingat")
    assert refused.exit_code == 2 and "formulir isu" in refused.output
    accepted = run_pks("expiry-issues", "--root", str(registry), "--as-of", "2026-01-01", "--dry-run", "--trusted-label", "resmi")
    assert accepted.exit_code == 0, accepted.output

