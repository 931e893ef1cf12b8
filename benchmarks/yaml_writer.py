"""Write plain data as block YAML the way a maintainer types records by hand.

Only what the generator needs: mappings, lists, strings, numbers, booleans and null. A string is
left plain only when every YAML reader takes it back as that same string; otherwise it is
double-quoted. Long prose becomes a folded block (`>-`), as in the hand-written Barabai records.
"""

from __future__ import annotations

import json
import re
import textwrap

# Plain scalars that cannot be read as anything but text: start with a letter, no ': ' or ' #',
# no flow or quote characters. Numbers, dates, booleans and yes/no-like words are quoted below.
_SAFE_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][^:#\[\]{},&*!|>'\"%@`\n]*\Z")
_WORD_LIKE_NON_TEXT = re.compile(r"(?i:y|n|yes|no|on|off|true|false|null)\Z")
FOLD_AT = 88


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _SAFE_PLAIN.match(text) and not _WORD_LIKE_NON_TEXT.match(text) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _folded(text: str, indent: int) -> list[str] | None:
    """The lines of a `>-` block for long single-paragraph prose, or None when it must stay inline."""
    if len(text) <= FOLD_AT or "\n" in text or "  " in text or text != text.strip() or not _SAFE_PLAIN.match(text[0]):
        return None
    pad = " " * indent
    return [pad + line for line in textwrap.wrap(text, FOLD_AT - indent, break_long_words=False, break_on_hyphens=False)]


def _lines(data: object, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _entry(f"{pad}{key}:", value, indent)
    else:
        for item in data:
            if isinstance(item, dict) and item:
                inner = _lines(item, indent + 2)
                out.append(f"{pad}- {inner[0][indent + 2:]}")
                out += inner[1:]
            else:
                out += _entry(f"{pad}-", item, indent)
    return out


def _entry(head: str, value: object, indent: int) -> list[str]:
    if isinstance(value, dict) and value:
        return [head] + _lines(value, indent + 2)
    if isinstance(value, list) and value:
        return [head] + _lines(value, indent + 2)
    if isinstance(value, (dict, list)):
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    if isinstance(value, str):
        folded = _folded(value, indent + 2)
        if folded:
            return [f"{head} >-"] + folded
    return [f"{head} {scalar(value)}"]


def document(data: dict, schema_hint: str | None = None) -> str:
    """One record file: an optional editor schema hint, then the mapping."""
    head = [f"# yaml-language-server: $schema={schema_hint}"] if schema_hint else []
    return "\n".join(head + _lines(data, 0)) + "\n"
