"""data/changes.atom: an Atom feed (RFC 4287) of recent commits that changed record files.

Built with ElementTree, which escapes every text and attribute; characters XML cannot hold are
dropped first. Entry ids are UUIDs derived from the commit, so they never change. Commit authors
are not published: the feed's author is the registry.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from site_builder.exports import dataset
from site_builder.exports.text import one_line, printable
from site_builder.gitinfo import Change, Commit
from site_builder.labels import INDONESIAN
from site_builder.model import Registry
from site_builder.validation.sources import stem_of

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50  # newest commits that touched records; older history stays in git
MAX_CHANGES_LISTED = 100  # per entry: a bulk import touches thousands of files
WORDS = INDONESIAN  # the feed is Indonesian (xml:lang="id")


def _action(change: Change) -> str:
    """Added or deleted; anything else (M, T) changed the file in place."""
    return WORDS.change_kinds.get(change.status, WORDS.change_kinds["M"])


def _kind(change: Change) -> str:
    return WORDS.record_kinds[change.kind or ""]  # record_commits keeps record files only


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = printable(text)
    return element


def _record_title(registry: Registry, kind: str | None, record_id: str) -> str | None:
    if kind == "agency":
        agency = registry.agencies.get(record_id)
        return agency.name if agency else None
    if kind == "agreement":
        agreement = registry.agreements.get(record_id)
        return agreement.title if agreement else None
    plan = registry.plans.get(record_id)
    return plan.title if plan else None


def _content(registry: Registry, commit: Commit) -> str:
    lines = []
    for change in commit.changes[:MAX_CHANGES_LISTED]:
        record_id = stem_of(change.path)
        title = _record_title(registry, change.kind, record_id)
        lines.append(
            f"{_kind(change)} {record_id} {_action(change)}"
            + (f": {one_line(title)}" if title else "")
            + f" ({change.path})"
        )
    hidden = len(commit.changes) - MAX_CHANGES_LISTED
    if hidden > 0:
        lines.append(WORDS.feed["more_files"].format(count=hidden))
    return "\n".join(lines)


def _title(registry: Registry, commit: Commit) -> str:
    """What changed, in plain Indonesian from the records themselves (a commit message is written for
    maintainers, often in English): "Perjanjian ditambahkan: <judul>", or for several files
    "3 rekaman diperbarui: perjanjian <judul>, instansi <nama> dan 1 lainnya"."""
    named = []
    for change in commit.changes:
        record_id = stem_of(change.path)
        title = _record_title(registry, change.kind, record_id) or record_id
        named.append((_kind(change), _action(change), one_line(title)))
    if len(named) == 1:
        kind, action, title = named[0]
        return WORDS.feed["one"].format(kind=kind.capitalize(), action=action, title=title)
    listed = ", ".join(f"{kind} {title}" for kind, _, title in named[:2])
    more = WORDS.feed["several_more"].format(count=len(named) - 2) if len(named) > 2 else ""
    return WORDS.feed["several"].format(count=len(named), listed=listed, more=more)


def render(registry: Registry, commits: list[Commit], generated: dt.datetime, site_url: str) -> dict[str, bytes]:
    # Plain tag names under a literal default namespace: ElementTree's default_namespace option
    # refuses the unqualified attributes (rel, href) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "id"})
    _add(feed, "id", f"urn:uuid:{dataset.stable_uuid('changes-feed')}")
    _add(feed, "title", WORDS.feed["title"].format(registry=dataset.TITLE["id"]))
    _add(feed, "subtitle", WORDS.feed["subtitle"])
    # An empty feed is as new as the export itself; otherwise as new as its newest entry.
    _add(feed, "updated", commits[0].date if commits else generated.isoformat())
    author = _add(feed, "author")
    _add(author, "name", dataset.PUBLISHER)
    _add(author, "uri", site_url)
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}data/changes.atom")
    _add(feed, "link", rel="alternate", type="text/html", href=site_url)
    _add(feed, "rights", f"{dataset.LICENCE['name']} ({dataset.LICENCE['id']})")
    for commit in commits:
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:uuid:{dataset.stable_uuid('commit/' + commit.sha)}")
        _add(entry, "title", _title(registry, commit), type="text")
        _add(entry, "updated", commit.date)
        _add(entry, "content", _content(registry, commit), type="text")
    ET.indent(feed)
    return {"data/changes.atom": ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"}
