"""`pks expiry-issues`: one GitHub issue per agreement that ends soon, addressed to its maintainers.

An agreement is due when its computed status is "akan berakhir" (in force, ending within 90 days
as of today in WITA) and no renewal or early termination is recorded. Each issue carries a hidden
marker with the agreement id, the window (90 or 30 days) and the end date, so the next run finds
it again instead of opening a duplicate. Running twice changes nothing:
- no issue yet: open one;
- open issue: edit it only when its title or text should change (the window narrowed to 30 days,
  the end date or the maintainers changed);
- closed issue (a maintainer handled it): leave it closed, unless the window narrowed or the end
  date changed since it was written;
- open issue whose agreement is no longer due because a renewal or termination was recorded, the
  end moved beyond 90 days, or the record is gone: close it with a comment saying why.

Anyone can open an issue and paste a marker into it, so a marker counts only in an issue opened by
the job's own account (`github-actions[bot]` for the workflow's GITHUB_TOKEN; the token user's
login when another token is used) or carrying a label that only people with triage rights can set
(never a label an issue form applies, since forms label outsiders' issues too). An outsider's
issue, open or closed, neither silences nor receives the reminder.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.errors import PksError
from site_builder.labels import INDONESIAN
from site_builder.model import Agreement, Registry
from site_builder.status import Status
from site_builder.validation import yamlread
from site_builder.workflow import codeowners
from site_builder.workflow.diffformat import markdown_text

WINDOWS = (30, 90)  # days before the end; the smallest window an agreement falls in is used
MARKER = "<!-- pks-expiry-issue: {id} window={window} end={end} -->"
_MARKER = re.compile(r"<!-- pks-expiry-issue: ([a-z0-9-]+) window=([0-9]+) end=([0-9-]+) -->")
GUIDE = "docs/kontributor/"
BOT_LOGIN = "github-actions[bot]"  # the author of everything the workflow's GITHUB_TOKEN writes
# A decoded GitHub API answer: its shape is GitHub's, and every field is checked where it is read.
Json = Any


class GitHubError(PksError):
    """The GitHub API refused a request; the message carries its status and reason."""


@dataclass(frozen=True)
class Reminder:
    agreement_id: str
    window: int
    end: dt.date
    title: str
    body: str


@dataclass
class Outcome:
    """Issue numbers by what happened to them, each with its agreement id (closed: with the reason)."""

    created: list[tuple[int, str]] = field(default_factory=list)
    updated: list[tuple[int, str]] = field(default_factory=list)
    reopened: list[tuple[int, str]] = field(default_factory=list)
    closed: list[tuple[int, str, str]] = field(default_factory=list)
    unchanged: list[tuple[int, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.reopened or self.closed)


# --- what is due -----------------------------------------------------------------------------


def window_of(agreement: Agreement, as_of: dt.date) -> int | None:
    """The reminder window an agreement is in today, or None when no reminder is due."""
    result = agreement.status
    if result is None or result.status is not Status.AKAN_BERAKHIR or result.date is None:
        return None
    if agreement.renewed_by or agreement.termination_date is not None:
        return None
    days = (result.date - as_of).days
    return next((w for w in WINDOWS if days <= w), None)


def reminders(registry: Registry, guide_url: str) -> list[Reminder]:
    out = []
    for agreement in registry.sorted_agreements():
        window = window_of(agreement, registry.as_of)
        if window is not None:
            out.append(_reminder(registry, agreement, window, guide_url))
    return sorted(out, key=lambda r: r.agreement_id)


def addressees(registry: Registry, agreement: Agreement) -> tuple[str, ...]:
    owner = registry.agencies.get(agreement.institution_id)
    handles = tuple(f"@{h}" for h in owner.maintainers) if owner else ()
    return handles or codeowners.CORE_TEAM


def _reminder(registry: Registry, agreement: Agreement, window: int, guide_url: str) -> Reminder:
    result = agreement.status
    if result is None or result.date is None:
        raise ValueError(f"{agreement.id}: no end day to remind of")  # reminders() passes due agreements only
    end, latest = result.date, result.date_latest
    word = INDONESIAN.short_kind(agreement.kind)
    owner = registry.agencies.get(agreement.institution_id)
    owner_name = owner.name if owner else agreement.institution_id
    when = (
        f"**{end.isoformat()}**"
        if latest is None or latest == end
        else (f"paling cepat **{end.isoformat()}** (paling lambat {latest.isoformat()})")
    )
    partners = ", ".join(markdown_text(p.name_at_signing) for p in agreement.partners()) or "tidak diketahui"
    body = (
        "\n".join(
            [
                MARKER.format(id=agreement.id, window=window, end=end.isoformat()),
                f"Untuk pengelola {markdown_text(owner_name)}: {' '.join(addressees(registry, agreement))}",
                "",
                f"{word} `{agreement.id}` ({markdown_text(agreement.title)}) berakhir {when}, dalam {window} hari atau kurang.",
                f"Mitra: {partners}.",
                "",
                "Yang perlu dilakukan / what to do:",
                f"- Bila diperpanjang: catat perjanjian penggantinya ([panduan]({guide_url}perpanjangan-adendum.md)).",
                f"- Bila diakhiri lebih awal: catat pengakhirannya ([panduan]({guide_url}pengakhiran.md)).",
                f"- Bila tanggal berakhir di registri keliru: perbaiki `validity.end` di `{agreement.path}`.",
                "",
                "Isu ini dibuat dan diperbarui otomatis oleh `pks expiry-issues`, dan ditutup otomatis begitu "
                "perpanjangan atau pengakhirannya tercatat di registri.",
            ]
        )
        + "\n"
    )
    title = f"Pengingat: {word} {agreement.id} berakhir {end.isoformat()} (dalam {window} hari)"
    return Reminder(agreement.id, window, end, title, body)


def closing_reason(registry: Registry, agreement_id: str) -> str | None:
    """Why an open reminder is settled, or None while it still needs someone's attention."""
    agreement = registry.agreements.get(agreement_id)
    if agreement is None:
        return "perjanjian ini tidak ada lagi di registri"
    if agreement.renewed_by:
        return "perpanjangannya sudah tercatat: " + ", ".join(agreement.renewed_by)
    if agreement.termination_date is not None:
        return f"pengakhirannya sudah tercatat ({agreement.termination_date.isoformat()})"
    status = agreement.status
    if status is not None and status.status in (Status.BERLAKU, Status.BELUM_BERLAKU):
        return f"tanggal berakhirnya kini lebih dari {max(WINDOWS)} hari lagi"
    return None


# --- talking to GitHub -------------------------------------------------------------------------


class GitHubIssues:
    """The four calls this job needs from the GitHub REST API, with the token of the workflow run."""

    def __init__(
        self,
        repository: str,
        token: str,
        api: str = "https://api.github.com",
        opener: Callable = urllib.request.urlopen,
    ):
        self.base = f"{api.rstrip('/')}/repos/{repository}"
        self.token, self.opener = token, opener

    def _call(self, method: str, url: str, payload: dict[str, object] | None = None) -> tuple[Json, str]:
        request = urllib.request.Request(
            url, method=method, data=None if payload is None else json.dumps(payload).encode()
        )
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "pks")
        if payload is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self.opener(request, timeout=30) as response:
                return json.loads(response.read() or b"null"), response.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            raise GitHubError(f"GitHub menjawab {exc.code} untuk {method} {url}: {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise GitHubError(f"GitHub tidak terjangkau ({method} {url}): {exc.reason}") from None

    def _pages(self, url: str) -> list[Json]:
        """Every item of a paged list, following the Link header's rel="next"."""
        out: list[Json] = []
        following: str | None = url
        while following:
            page, link = self._call("GET", following)
            out += page
            following = next(
                (part.split(";")[0].strip(" <>") for part in link.split(",") if 'rel="next"' in part), None
            )
        return out

    def issues(self) -> list[dict[str, Json]]:
        """Every issue, open and closed (pull requests excluded), oldest first."""
        return [
            i
            for i in self._pages(f"{self.base}/issues?state=all&per_page=100&sort=created&direction=asc")
            if "pull_request" not in i
        ]

    def create(self, title: str, body: str) -> dict[str, Json]:
        return self._call("POST", f"{self.base}/issues", {"title": title, "body": body})[0]

    def update(self, number: int, **fields: object) -> dict[str, Json]:
        return self._call("PATCH", f"{self.base}/issues/{number}", fields)[0]

    def comment(self, number: int, body: str) -> None:
        self._call("POST", f"{self.base}/issues/{number}/comments", {"body": body})


class MemoryIssues:
    """The same calls against a list in memory: `--dry-run` uses it to show what a run would do."""

    def __init__(self, issues: list[dict] | None = None, login: str = BOT_LOGIN):
        self.items = [dict(i) for i in issues or []]
        self.comments: list[tuple[int, str]] = []
        self.login = login

    def issues(self) -> list[dict[str, Json]]:
        return [dict(i) for i in self.items]

    def create(self, title: str, body: str) -> dict[str, Json]:
        issue = {
            "number": max((i["number"] for i in self.items), default=0) + 1,
            "title": title,
            "body": body,
            "state": "open",
            "user": {"login": self.login},
        }
        self.items.append(issue)
        return dict(issue)

    def update(self, number: int, **fields: object) -> dict[str, Json]:
        issue = next(i for i in self.items if i["number"] == number)
        issue.update(fields)
        return dict(issue)

    def comment(self, number: int, body: str) -> None:
        self.comments.append((number, body))


# --- the job ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trust:
    """Whose issues may carry a marker: the job's own logins, or issues with one of these labels."""

    logins: tuple[str, ...] = (BOT_LOGIN,)
    labels: tuple[str, ...] = ()

    def trusts(self, issue: dict) -> bool:
        login = (issue.get("user") or {}).get("login")
        if login is not None and login in self.logins:
            return True
        names = {label.get("name") if isinstance(label, dict) else label for label in issue.get("labels") or ()}
        return any(label in names for label in self.labels)


def form_labels(root: Path) -> set[str]:
    """Labels the repository's issue forms and templates put on anyone's issue: never proof of a maintainer."""
    found: set[str] = set()
    for form in sorted((root / ".github/ISSUE_TEMPLATE").glob("*")):
        if form.suffix not in (".yml", ".yaml", ".md") or not form.is_file():
            continue
        text = form.read_text(encoding="utf-8", errors="replace")
        if form.suffix == ".md":  # labels live in the front matter between the first two '---' lines
            text = text.split("---")[1] if text.startswith("---") and text.count("---") >= 2 else ""
        parsed = yamlread.parse(text)  # the project's one YAML reader; never raises
        labels = parsed.data.get("labels") if parsed.ok and isinstance(parsed.data, dict) else None
        if not labels:
            continue
        found |= {labels} if isinstance(labels, str) else {str(label) for label in labels}
    return {label.strip() for part in found for label in part.split(",") if label.strip()}


def marked(issues: list[dict], trust: Trust = Trust()) -> dict[str, tuple[dict, int, str]]:
    """agreement id -> (issue, window, end) for the oldest trusted issue carrying each agreement's marker."""
    found: dict[str, tuple[dict, int, str]] = {}
    for issue in sorted(issues, key=lambda i: i["number"]):
        if not trust.trusts(issue):
            continue
        match = _MARKER.search(issue.get("body") or "")
        if match and match.group(1) not in found:
            found[match.group(1)] = (issue, int(match.group(2)), match.group(3))
    return found


def sync(client, registry: Registry, guide_url: str, trust: Trust = Trust()) -> Outcome:
    outcome = Outcome()
    existing = marked(client.issues(), trust)
    due = reminders(registry, guide_url)
    for reminder in due:
        if reminder.agreement_id not in existing:
            outcome.created.append((client.create(reminder.title, reminder.body)["number"], reminder.agreement_id))
            continue
        issue, window, end = existing[reminder.agreement_id]
        same_text = issue.get("title") == reminder.title and issue.get("body") == reminder.body
        if issue.get("state") == "open":
            if same_text:
                outcome.unchanged.append((issue["number"], reminder.agreement_id))
            else:
                client.update(issue["number"], title=reminder.title, body=reminder.body)
                outcome.updated.append((issue["number"], reminder.agreement_id))
        elif (window, end) != (reminder.window, reminder.end.isoformat()):
            client.update(issue["number"], title=reminder.title, body=reminder.body, state="open")
            outcome.reopened.append((issue["number"], reminder.agreement_id))
        else:
            outcome.unchanged.append((issue["number"], reminder.agreement_id))
    due_ids = {r.agreement_id for r in due}
    for agreement_id, (issue, _, _) in sorted(existing.items()):
        if agreement_id in due_ids or issue.get("state") != "open":
            continue
        reason = closing_reason(registry, agreement_id)
        if reason is None:
            outcome.unchanged.append((issue["number"], agreement_id))
            continue
        client.comment(issue["number"], f"Ditutup otomatis: {reason}.")
        client.update(issue["number"], state="closed", state_reason="completed")
        outcome.closed.append((issue["number"], agreement_id, reason))
    return outcome


def describe(outcome: Outcome) -> str:
    lines = [f"isu dibuat #{n} ({agreement})" for n, agreement in outcome.created]
    lines += [f"isu diperbarui #{n} ({agreement})" for n, agreement in outcome.updated]
    lines += [f"isu dibuka kembali #{n} ({agreement})" for n, agreement in outcome.reopened]
    lines += [f"isu ditutup #{n} ({agreement}): {why}" for n, agreement, why in outcome.closed]
    lines.append(f"tidak berubah: {len(outcome.unchanged)} isu")
    return "\n".join(lines) + "\n"
