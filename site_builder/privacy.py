"""Find and mask personal numbers (NIK, KK, NIP, phone numbers) anywhere in text.

Digits count as one number even when split by spaces, dots, dashes, slashes or invisible
characters, because that is how people type them and how they slip past simple patterns.
Dates and checksums are blanked out first: they are long runs of digits too, and must pass.
`mask` is applied to every text any reporter prints, so a number never reaches a CI log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators people put inside long numbers: ASCII punctuation, every Unicode space, dash and
# invisible formatting character (zero-width space, word joiner, soft hyphen, bidi marks, ...).
_SEP_CHARS = (
    " .\\-/_()"
    "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # spaces
    "\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # dashes and minus signs
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"  # invisible
)
_SEP = f"[{_SEP_CHARS}]"
# A run of nine or more digits (any script's decimal digits) with at most three separators between
# any two; shorter runs cannot be any of the numbers below, and skipping them keeps the scan fast.
_RUN = re.compile(rf"(?<!\d)\+?\(?\d(?:{_SEP}{{0,3}}\d){{8,}}(?!\d)")
_GROUP = re.compile(r"\d+")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")  # checksums; only those with a letter are blanked
_DATES = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # 2023-03-13
    r"|(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d"  # 13/3/2023, 13-03-2023
    r")(?!\d)"
)
_MOBILE = re.compile(r"(?:62|0)8[1-9]\d{6,10}")
_LANDLINE = re.compile(r"0[1-9]\d{7,10}")  # with area code, e.g. 0517 41234


@dataclass(frozen=True)
class Finding:
    code: str  # privacy-nik | privacy-nip | privacy-phone
    start: int  # offset in the text
    end: int
    masked: str


def _ascii_digits(raw: str) -> str:
    return "".join(str(int(ch)) for ch in raw if ch.isdecimal())


def _classify(raw: str, groups: int) -> str | None:
    digits = _ascii_digits(raw)
    plus = raw.startswith("+")
    if not plus and len(digits) == 16:
        return "privacy-nik"  # NIK and family-card (KK) numbers are both 16 digits
    if not plus and len(digits) == 18:
        return "privacy-nip"
    if _MOBILE.fullmatch(digits) or (plus and digits.startswith("62") and 9 <= len(digits) <= 14):
        return "privacy-phone"
    if not plus and groups <= 3 and _LANDLINE.fullmatch(digits):
        return "privacy-phone"
    return None


def _blank(match: re.Match) -> str:
    return "x" * len(match.group())


def _blank_checksum(match: re.Match) -> str:
    text = match.group()
    return text if text.isdecimal() else "x" * len(text)


# A run of nine or more digits anywhere (no look-behind, so the regex engine skips ahead to digits).
_LONG_RUN = re.compile(rf"\d(?:{_SEP}{{0,3}}\d){{8,}}")


def scan(text: str) -> list[Finding]:
    """Every personal number in text, with its offsets; offsets refer to text as given."""
    # No pattern here crosses a line break, so only the lines holding a long run need the full
    # scan: most lines of a record, and most records, have none (3x faster at national scale).
    found = []
    line_end = 0
    for candidate in _LONG_RUN.finditer(text):
        if candidate.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, candidate.start()) + 1
        line_end = text.find("\n", candidate.end())
        line_end = len(text) if line_end < 0 else line_end
        found += [Finding(f.code, f.start + line_start, f.end + line_start, f.masked) for f in full_scan(text[line_start:line_end])]
    return found


def full_scan(text: str) -> list[Finding]:
    """scan() without the line shortcut: the same findings for any text, in every line."""
    found = []
    for run in _RUN.finditer(_HEX.sub(_blank_checksum, text)):
        # dates consist of digits and separators, so they lie inside runs: blank them there only
        for part in _RUN.finditer(_DATES.sub(_blank, run.group())):
            found += _findings(part.group(), run.start() + part.start())
    return found


def _findings(raw: str, offset: int) -> list[Finding]:
    groups = list(_GROUP.finditer(raw))
    code = _classify(raw, len(groups))
    if code:
        return [Finding(code, offset, offset + len(raw), _masked(raw))]
    # A number glued to another by a separator ("<NIK> 2023") is still that number.
    return [Finding(code, offset + group.start(), offset + group.end(), _masked(group.group()))
            for group in groups if (code := _classify(group.group(), 1))]


def _masked(raw: str) -> str:
    return f"{len(_ascii_digits(raw))} digit " + "•" * 4


def mask(text: str) -> str:
    """The text with every personal number replaced by a placeholder saying only how long it was."""
    findings = scan(text)
    if not findings:
        return text
    parts, last = [], 0
    for f in findings:
        parts.append(text[last:f.start])
        parts.append("[" + f.masked + "]")
        last = f.end
    parts.append(text[last:])
    return "".join(parts)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
