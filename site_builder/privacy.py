"""Find and mask personal numbers (NIK, KK, NIP, phone numbers) anywhere in text.

Digits count as one number even when split by spaces, dots, dashes, slashes or invisible
characters, because that is how people type them and how they slip past simple patterns.
`mask` is applied to every line any reporter prints, so a number never reaches a CI log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators people put inside long numbers, including invisible and non-breaking ones.
_SEP = "[ .\\-/_()\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff\u00ad]"
_RUN = re.compile(rf"(?<![0-9])\+?\(?[0-9](?:{_SEP}{{0,2}}[0-9])+(?![0-9])")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")  # checksums are not personal numbers
_ISO_DATE_LIKE = re.compile(r"(?<![0-9])\d{4}-\d{2}-\d{2}(?![0-9])")  # dates, even several in a row


@dataclass(frozen=True)
class Finding:
    code: str  # privacy-nik | privacy-nip | privacy-phone
    start: int  # offset in the text
    end: int
    masked: str


def _classify(raw: str) -> str | None:
    digits = re.sub(r"[^0-9]", "", raw)
    plus = raw.startswith("+")
    if not plus and len(digits) == 16:
        return "privacy-nik"
    if not plus and len(digits) == 18:
        return "privacy-nip"
    if re.fullmatch(r"(?:62|0)8[1-9][0-9]{6,10}", digits) or (plus and digits.startswith("62") and 9 <= len(digits) <= 14):
        return "privacy-phone"
    if not plus and re.fullmatch(r"0[1-9][0-9]{7,10}", digits) and _SEP_COUNT(raw) <= 3:
        return "privacy-phone"  # landline with area code, e.g. 0517 41234
    return None


def _SEP_COUNT(raw: str) -> int:
    return sum(1 for ch in raw if not ch.isdigit() and ch != "+")


def _mask_digits(raw: str) -> str:
    digits = re.sub(r"[^0-9]", "", raw)
    return f"{len(digits)} digit " + "•" * 4


def scan(text: str) -> list[Finding]:
    blanked = _HEX.sub(lambda m: "x" * len(m.group()), text)
    found = []
    for match in _RUN.finditer(blanked):
        raw = match.group()
        if _ISO_DATE_LIKE.search(raw):
            continue
        code = _classify(raw)
        if code:
            found.append(Finding(code, match.start(), match.end(), _mask_digits(raw)))
    return found


def mask(text: str) -> str:
    """The text with every personal number replaced by a placeholder of the same kind."""
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
