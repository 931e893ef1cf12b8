"""`pks pr-comment`: the plain-language summary and problem count as ONE comment on the pull request.

Two halves, in two workflows, so that no code from a pull request ever runs with a write token:
- `pks pr-comment data` runs in the read-only pull-request workflow. It bundles the `pks diff`
  summary and the validation counts into a small JSON file, uploaded as an artifact.
- `pks pr-comment post` runs in a `workflow_run` workflow from the default branch with
  `pull-requests: write`. The artifact was written by the pull request's own code, so it is
  untrusted data: its size and shape are checked, its pull-request number must name a pull
  request whose head is the commit the finished run checked (GitHub's event says which, the
  artifact cannot), its text is capped and cannot mention anyone. Then the bot's own earlier
  comment (hidden marker AND bot author: anyone can paste the marker) is edited, or one is created.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import PksError
from site_builder.workflow.expiry import BOT_LOGIN, GitHubError, GitHubIssues, Json

FORMAT = "pks-pr-comment/1"
MARKER = "<!-- pks-pr-comment -->"
MAX_ARTIFACT_BYTES = 256 * 1024  # a summary of a very large change fits in a few dozen KB
MAX_SUMMARY_CHARS = 50_000  # GitHub refuses comments over 65,536 characters; leave room for the frame
COUNT_KEYS = ("errors", "warnings", "omitted_errors", "omitted_warnings")
_SHA = re.compile(r"[0-9a-f]{40}")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")  # @user and @org/team: a summary must not notify anyone
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ArtifactError(PksError):
    """The artifact is not what `pks pr-comment data` writes: nothing is posted; the message says why."""


@dataclass(frozen=True)
class CommentData:
    pr: int
    head_sha: str
    summary: str
    counts: dict[str, int] | None  # None: validation did not finish


# --- the read-only half: write the artifact ----------------------------------------------------


def counts_from_report(path: Path) -> dict[str, int] | None:
    """The counts of a `pks validate --format json` output, or None when validation did not finish."""
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))["summary"]
        omitted = summary.get("omitted", {})
        return {
            "errors": summary["errors"],
            "warnings": summary["warnings"],
            "omitted_errors": omitted.get("errors", 0),
            "omitted_warnings": omitted.get("warnings", 0),
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def pull_request_of(event: dict) -> tuple[int, str]:
    """(number, head sha) from a pull_request event."""
    pull = event["pull_request"]
    return int(pull["number"]), str(pull["head"]["sha"])


def artifact(event: dict, summary: str, counts: dict[str, int] | None) -> dict:
    pr, head_sha = pull_request_of(event)
    return {"format": FORMAT, "pr": pr, "head_sha": head_sha, "summary_markdown": summary, "counts": counts}


# --- the write half: read the artifact as data -------------------------------------------------


def _count(value: object) -> bool:
    return type(value) is int and 0 <= value < 10**9  # bool is an int subclass: excluded by type()


def read_artifact(path: Path) -> CommentData:
    """The artifact's content, or ArtifactError: size, kind, JSON shape and every value checked."""
    if path.is_symlink() or not path.is_file():
        raise ArtifactError(f"{path.name} bukan berkas biasa / is not a regular file")
    with path.open("rb") as handle:
        raw = handle.read(MAX_ARTIFACT_BYTES + 1)
    if len(raw) > MAX_ARTIFACT_BYTES:
        raise ArtifactError(f"artefak lebih dari {MAX_ARTIFACT_BYTES} bita / artifact too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ArtifactError("artefak bukan JSON UTF-8 / artifact is not UTF-8 JSON") from None
    if not isinstance(data, dict) or set(data) != {"format", "pr", "head_sha", "summary_markdown", "counts"}:
        raise ArtifactError("kunci artefak tidak sesuai / unexpected artifact keys")
    if data["format"] != FORMAT:
        raise ArtifactError(f"format artefak bukan {FORMAT} / unknown artifact format")
    if not (type(data["pr"]) is int and 0 < data["pr"] < 10**9):
        raise ArtifactError("nomor pull request tidak sah / invalid pull-request number")
    if not (isinstance(data["head_sha"], str) and _SHA.fullmatch(data["head_sha"])):
        raise ArtifactError("head_sha bukan SHA commit / head_sha is not a commit SHA")
    if not isinstance(data["summary_markdown"], str):
        raise ArtifactError("ringkasan bukan teks / summary is not text")
    counts = data["counts"]
    if counts is not None and not (
        isinstance(counts, dict) and set(counts) == set(COUNT_KEYS) and all(_count(counts[k]) for k in COUNT_KEYS)
    ):
        raise ArtifactError("jumlah masalah tidak sah / invalid counts")
    return CommentData(data["pr"], data["head_sha"], data["summary_markdown"], counts)


def check_against_run(data: CommentData, run: dict, head_of_pull: str) -> None:
    """The artifact must describe the pull request and commit the finished run checked.

    run is the event's `workflow_run` (written by GitHub); head_of_pull the pull request's head sha
    as the API reports it. A fork's run lists no pull requests, so the API's answer is what ties
    the number to the commit."""
    if data.head_sha != run.get("head_sha"):
        raise ArtifactError(
            "head_sha artefak bukan commit yang diperiksa / artifact head_sha is not the checked commit"
        )
    listed = [p.get("number") for p in run.get("pull_requests") or []]
    if listed and data.pr not in listed:
        raise ArtifactError(f"pull request #{data.pr} bukan milik run ini / is not this run's pull request")
    if head_of_pull != data.head_sha:
        raise ArtifactError(
            f"head pull request #{data.pr} kini commit lain (run baru akan berkomentar) / "
            "the pull request moved on; its newer run will comment"
        )


def safe_summary(text: str) -> str:
    """The summary as comment text: no control characters, no marker, no notifications, capped."""
    text = _CONTROL.sub("", text).replace(MARKER, "")
    text = _MENTION.sub("@&#8203;", text)
    if len(text) > MAX_SUMMARY_CHARS:
        cut = text.rfind("\n", 0, MAX_SUMMARY_CHARS)
        text = text[: cut if cut > 0 else MAX_SUMMARY_CHARS] + (
            "\n\n_(ringkasan dipotong; selengkapnya di Summary run pemeriksaan / summary cut; see the check run's summary)_"
        )
    return text.strip()


def _counts_line(counts: dict[str, int] | None) -> str:
    if counts is None:
        return "**Validasi tidak selesai** / validation did not finish: lihat log run pemeriksaan / see the check run's log."
    line = (
        f"**{counts['errors']} galat, {counts['warnings']} peringatan** / {counts['errors']} error"
        + ("" if counts["errors"] == 1 else "s")
        + f", {counts['warnings']} warning"
        + ("" if counts["warnings"] == 1 else "s")
    )
    more = counts["omitted_errors"] + counts["omitted_warnings"]
    if more:
        line += (
            f"; lagi {more} tidak dicantumkan (berkode sama berulang di satu berkas) / "
            f"{more} more not listed (one code repeated in a file)"
        )
    return line + "."


def body(data: CommentData, run_url: str, conclusion: str = "success") -> str:
    # `pks diff` always writes a heading: an empty summary means that step failed
    summary = safe_summary(data.summary) or (
        '_Ringkasan perubahan tidak tersedia: lihat log langkah "Ringkasan perubahan registri" / '
        "the change summary is unavailable: see that step's log._"
    )
    # The tick needs both: no errors counted in the artifact, and a check run GitHub itself says
    # succeeded (the artifact is written by the pull request's own code; the conclusion is not).
    verdict = "✅" if conclusion == "success" and data.counts and not data.counts["errors"] else "❌"
    return (
        "\n".join(
            [
                MARKER,
                f"### {verdict} Pemeriksaan registri / Registry check",
                "",
                _counts_line(data.counts),
                f'Daftar masalahnya ada di log langkah "Validasi rekaman" [run pemeriksaan]({run_url}); tanda di berkas '
                "dibatasi / the problems are listed in the check run's log; file annotations are capped.",
                "",
                summary,
                "",
                f"<sub>Commit {data.head_sha[:12]} · diperbarui otomatis oleh `pks pr-comment` / updated automatically</sub>",
            ]
        )
        + "\n"
    )


# --- talking to GitHub -------------------------------------------------------------------------


class GitHubPullComments(GitHubIssues):
    """The calls this job needs: a pull request's head, its comments, create and edit one."""

    def head_sha(self, number: int) -> str:
        return str(self._call("GET", f"{self.base}/pulls/{number}")[0]["head"]["sha"])

    def comments(self, number: int) -> list[dict[str, Json]]:
        return self._pages(f"{self.base}/issues/{number}/comments?per_page=100")

    def create_comment(self, number: int, text: str) -> dict[str, Json]:
        return self._call("POST", f"{self.base}/issues/{number}/comments", {"body": text})[0]

    def edit_comment(self, comment_id: int, text: str) -> dict[str, Json]:
        return self._call("PATCH", f"{self.base}/issues/comments/{comment_id}", {"body": text})[0]


class MemoryPullComments:
    """The same calls against pull requests and comments in memory (tests, dry runs)."""

    def __init__(self, heads: dict[int, str], comments: dict[int, list[dict]] | None = None, login: str = BOT_LOGIN):
        self.heads, self.login = dict(heads), login
        self.items = {n: [dict(c) for c in cs] for n, cs in (comments or {}).items()}
        self.writes: list[tuple[str, int]] = []

    def head_sha(self, number: int) -> str:
        if number not in self.heads:
            raise GitHubError(f"GitHub menjawab 404 untuk pull request #{number}")
        return self.heads[number]

    def comments(self, number: int) -> list[dict[str, Json]]:
        return [dict(c) for c in self.items.get(number, [])]

    def create_comment(self, number: int, text: str) -> dict[str, Json]:
        every = [c["id"] for cs in self.items.values() for c in cs]
        new_id = max(every, default=100) + 1
        comment = {"id": new_id, "body": text, "user": {"login": self.login}}
        self.items.setdefault(number, []).append(comment)
        self.writes.append(("create", new_id))
        return dict(comment)

    def edit_comment(self, comment_id: int, text: str) -> dict[str, Json]:
        comment = next(c for cs in self.items.values() for c in cs if c["id"] == comment_id)
        comment["body"] = text
        self.writes.append(("edit", comment_id))
        return dict(comment)


# --- the job ------------------------------------------------------------------------------------


def own_comment(comments: list[dict], login: str) -> dict | None:
    """The oldest comment that carries the marker AND was written by the bot."""
    return next(
        (c for c in comments if (c.get("user") or {}).get("login") == login and MARKER in (c.get("body") or "")), None
    )


def post(client, data: CommentData, run: dict, login: str = BOT_LOGIN) -> tuple[str, int]:
    """('created' | 'updated' | 'unchanged', comment id) after checking the artifact against the run."""
    check_against_run(data, run, client.head_sha(data.pr))
    text = body(data, str(run.get("html_url") or ""), str(run.get("conclusion") or ""))
    mine = own_comment(client.comments(data.pr), login)
    if mine is None:
        return "created", client.create_comment(data.pr, text)["id"]
    if mine.get("body") == text:
        return "unchanged", mine["id"]
    return "updated", client.edit_comment(mine["id"], text)["id"]
