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
from site_builder.gitinfo import Commit
from site_builder.model import Registry
from site_builder.validation.sources import stem_of

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50  # newest commits that touched records; older history stays in git
MAX_CHANGES_LISTED = 100  # per entry: a bulk import touches thousands of files
ACTIONS = {"A": "ditambahkan", "D": "dihapus"}  # anything else changed the file in place
KIND_WORDS = {"agency": "instansi", "agreement": "perjanjian", "action-plan": "rencana aksi"}


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = printable(text)
    return element


def _record_title(registry: Registry, kind: str, record_id: str) -> str | None:
    if kind == "agency":
        found = registry.agencies.get(record_id)
        return found.name if found else None
    table = registry.agreements if kind == "agreement" else registry.plans
    found = table.get(record_id)
    return found.title if found else None


def _content(registry: Registry, commit: Commit) -> str:
    lines = []
    for change in commit.changes[:MAX_CHANGES_LISTED]:
        record_id = stem_of(change.path)
        title = _record_title(registry, change.kind, record_id)
        action = ACTIONS.get(change.status, "diubah")
        lines.append(
            f"{KIND_WORDS[change.kind]} {record_id} {action}"
            + (f": {one_line(title)}" if title else "")
            + f" ({change.path})"
        )
    hidden = len(commit.changes) - MAX_CHANGES_LISTED
    if hidden > 0:
        lines.append(f"... dan {hidden} berkas rekaman lainnya")
    return "\n".join(lines)


def _title(registry: Registry, commit: Commit) -> str:
    """What changed, in plain Indonesian from the records themselves (a commit message is written for
    maintainers, often in English): "Perjanjian ditambahkan: <judul>", or for several files
    "3 rekaman diperbarui: perjanjian <judul>, instansi <nama> dan 1 lainnya"."""
    named = []
    for change in commit.changes:
        record_id = stem_of(change.path)
        title = _record_title(registry, change.kind, record_id) or record_id
        named.append((KIND_WORDS[change.kind], ACTIONS.get(change.status, "diubah"), one_line(title)))
    if len(named) == 1:
        kind, action, title = named[0]
        return f"{kind.capitalize()} {action}: {title}"
    listed = ", ".join(f"{kind} {title}" for kind, _, title in named[:2])
    more = f" dan {len(named) - 2} lainnya" if len(named) > 2 else ""
    return f"{len(named)} rekaman diperbarui: {listed}{more}"


def render(registry: Registry, commits: list[Commit], generated: dt.datetime, site_url: str) -> dict[str, bytes]:
    # Plain tag names under a literal default namespace: ElementTree's default_namespace option
    # refuses the unqualified attributes (rel, href) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "id"})
    _add(feed, "id", f"urn:uuid:{dataset.stable_uuid('changes-feed')}")
    _add(feed, "title", f"Perubahan rekaman: {dataset.TITLE['id']}")
    _add(feed, "subtitle", "Perubahan terbaru pada berkas rekaman instansi, perjanjian dan rencana aksi.")
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
