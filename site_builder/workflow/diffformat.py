"""The three forms of a `pks diff` summary: plain text for a terminal, GitHub Markdown for a pull
request (record text made inert), JSON for machines; personal numbers masked in all three."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from site_builder.labels import INDONESIAN
from site_builder.validation import privacy
from site_builder.workflow.changes import Summary

PHRASES = INDONESIAN.diff
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_text(value: str) -> str:
    """Record text made inert for GitHub Markdown: one line, HTML escaped, Markdown marks escaped."""
    flat = privacy.mask(" ".join(str(value).split()))  # masked before escaping splits a number apart
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def as_text(summary: Summary) -> str:
    lines = [PHRASES["heading"].format(range=f"{summary.base[:7]}..{summary.head[:7]}")]
    if not summary.entries:
        lines.append(PHRASES["no_changes"])
    lines += [f"- {' '.join(entry.text.split())}" for entry in summary.entries]
    if summary.other_files:
        lines.append(_others_line(summary.other_files, str))
    return privacy.mask("\n".join(lines) + "\n")


def as_markdown(summary: Summary) -> str:
    lines = ["### " + PHRASES["heading"].format(range=f"`{summary.base[:7]}..{summary.head[:7]}`"), ""]
    if not summary.entries:
        lines.append(PHRASES["no_changes"])
    lines += [f"- {markdown_text(entry.text)}" for entry in summary.entries]
    if summary.other_files:
        lines += ["", "**" + _others_line(summary.other_files, lambda p: "`" + p.replace("`", "'") + "`") + "**"]
    return privacy.mask("\n".join(lines) + "\n")


def _others_line(paths: list[str], show) -> str:
    more = PHRASES["others_more"].format(count=len(paths) - 20) if len(paths) > 20 else ""
    return PHRASES["others"].format(count=len(paths), listed=", ".join(show(p) for p in paths[:20]) + more)


def as_json(summary: Summary) -> str:
    payload = {
        "base": summary.base,
        "head": summary.head,
        "entries": [
            {
                "subject": e.subject,
                "id": e.id,
                "text": e.text,
                "details": [asdict(d) for d in e.details],
                "files": [{**asdict(f), "details": [asdict(d) for d in f.details]} for f in e.files],
            }
            for e in summary.entries
        ],
        "other_files": summary.other_files,
    }
    return json.dumps(_masked(payload), ensure_ascii=False, indent=2) + "\n"


def _masked(value: object) -> object:
    """A payload with every personal number masked, strings and numbers alike, and still JSON."""
    if isinstance(value, dict):
        return {_masked(k): _masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        shown = privacy.mask(str(value))
        return value if shown == str(value) else shown
    return value


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}
