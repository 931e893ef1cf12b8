"""Find and mask personal numbers (NIK, KK, NIP, phone numbers) anywhere in text.

Digits count as one number even when split by spaces, dots, dashes, slashes or invisible
characters, because that is how people type them and how they slip past simple patterns.
Dates and checksums are blanked out first: they are long runs of digits too, and must pass.
A run of digits is a personal number only when it has that number's inner structure
(site_builder/validation/idnumbers.py): a province code, a possible birth date, an operator's prefix.
`mask` is applied to every text any reporter prints, so a number never reaches a CI log.

A record is scanned twice over (`scan_record`): its raw text, which alone holds comments, and the
values and keys YAML makes of it, which alone hold a number folded over lines, written with
escapes or split by a line continuation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from site_builder.validation import fixes, idnumbers

# Separators people put inside long numbers: ASCII punctuation, tabs and other whitespace inside a line
# (a tab, vertical tab, form feed, CR, NEL and the Unicode line/paragraph separators all show as a space
# on the site), every Unicode space, dash and invisible formatting character (zero-width space, word
# joiner, soft hyphen, bidi marks, ...). Only "\n" ends a line for this scanner (see scan).
# Blank separators: a run of them shows as one space on the site (HTML folds white space) or as
# nothing (invisible characters), so a whole run counts as one separator, however long.
_BLANK_CHARS = (
    " \t\x0b\x0c\r\x85\u2028\u2029"
    "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # spaces
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"  # invisible
)
# Visible separators: ASCII punctuation (an apostrophe too: YAML's doubled '' prints one; a comma, as a
# spreadsheet groups a pasted NIK, 6,307,915,...; a backslash, shown as written outside double quotes),
# dashes and minus signs. Each counts as one.
_MARK_CHARS = r".,\\\-/_()'" + "\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
# What may stand between two digits of one number: at most three separators, a run of blanks one of them.
_BETWEEN = f"(?:[{_BLANK_CHARS}]++|[{_MARK_CHARS}]){{0,3}}+"
# A run of nine or more digits (any script's decimal digits) with at most three separators between
# any two; shorter runs cannot be any of the numbers below, and skipping them keeps the scan fast.
_RUN = re.compile(rf"(?<!\d)\+?\(?\d(?:{_BETWEEN}\d){{8,}}(?!\d)")
_GROUP = re.compile(r"\d+")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")  # checksums; only those with a letter are blanked
_DATES = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # 2023-03-13
    r"|(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d"  # 13/3/2023, 13-03-2023
    r")(?!\d)"
)
# Two dates written without separators inside ("20240101 20241231", "13032023-12032024"): a period, not
# a NIK. A YYYYMMDD pair never has a NIK's form anyway; a DDMMYYYY pair can, and is let through too.
_COMPACT_DATE = re.compile(
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d"
)
# An agency's tax number (NPWP) as it is printed, 99.999.999.9-999.999: 15 digits, no personal number,
# and its groups are not searched for one either ("00.081.234.5-..." holds no phone number).
_NPWP = re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)")
_SHORTEST, _LONGEST = 9, 18  # digits of the shortest (a fixed line) and the longest number looked for (a NIP)
_LENGTHS = frozenset([*range(_SHORTEST, 15), 16, 18])  # phone numbers (also +62...), NIK, NIP


@dataclass(frozen=True)
class Finding:
    code: str  # privacy-nik | privacy-nip | privacy-phone
    start: int  # offset in the text
    end: int
    masked: str


def _ascii_digits(raw: str) -> str:
    return "".join(str(int(ch)) for ch in raw if ch.isdecimal())


def _classify(digits: str, plus: bool, landline_ok: bool) -> str | None:
    """The kind of personal number these ASCII digits are, by their structure (see idnumbers), or None."""
    if not plus and idnumbers.is_nik(digits):
        return "privacy-nik"  # NIK and family-card (KK) numbers share their form
    if not plus and idnumbers.is_nip(digits):
        return "privacy-nip"
    if idnumbers.is_mobile(digits, plus) or (landline_ok and idnumbers.is_landline(digits, plus)):
        return "privacy-phone"
    return None


def _blank(match: re.Match) -> str:
    return "x" * len(match.group())


def _blank_checksum(match: re.Match) -> str:
    text = match.group()
    return text if text.isdecimal() else "x" * len(text)


# A run of nine or more digits anywhere (no look-behind, so the regex engine skips ahead to digits).
# Possessive: separators are never digits, so giving some back could not help a match; not trying
# saves a sixth of the scan (every date is such a failed try).
_LONG_RUN = re.compile(rf"\d(?:{_BETWEEN}\d){{8,}}+")


def _ascii_of(chars: str) -> str:
    """The ASCII characters of a character class's contents."""
    return "".join(chr(c) for c in range(128) if re.fullmatch(f"[{chars}]", chr(c)))


def _ascii_part(chars: str) -> str:
    return re.escape(_ascii_of(chars))


# The same pattern for a text of ASCII characters only, where \d is [0-9] and the separators are their
# ASCII part: a class of 128 bits is tested faster than the ranges of Unicode digits and separators (two
# fifths less time on a record). tests/validator/test_reading_fast.py holds the two to the same matches.
_LONG_RUN_ASCII = re.compile(
    rf"[0-9](?:(?:[{_ascii_part(_BLANK_CHARS)}]++|[{_ascii_part(_MARK_CHARS)}]){{0,3}}+[0-9]){{8,}}+"
)


# The pre-filter of scan_record (surely_clean): every ASCII separator but the backslash, and the line
# break, deleted, every digit made "0", the backslash and the plus sign kept and every other byte made "x",
# so that nine zeros in a row remain wherever nine digits are apart by nothing but separators and line
# breaks, however many; a backslash (which alone makes the text not surely clean) or a plus sign (an "e+"
# may follow) is then found by one search of a single byte each.
_CLEAN_DELETE = (_ascii_of(_BLANK_CHARS + _MARK_CHARS).replace("\\", "") + "\n").encode("ascii")
_CLEAN_TABLE = bytes(c if c in b"0123456789\\+" else ord("x") for c in range(256)).translate(
    bytes.maketrans(b"123456789", b"0" * 9)
)
_NINE_DIGITS = b"0" * _SHORTEST
# scan's pre-filter for an ASCII text: its digits made "0" and its line breaks kept, every other byte
# deleted, so that nine zeros in a row remain exactly where a line holds nine digits or more (no number
# crosses a line break, and every number has nine digits at least).
_LINE_DIGITS_TABLE = bytes(ord("0") if 48 <= c <= 57 else c for c in range(256))
_LINE_DIGITS_DELETE = bytes(c for c in range(256) if not (48 <= c <= 57 or c == 10))


def surely_clean(text: str) -> bool:
    """True only when neither text nor any value or key YAML reads from it can hold a personal number:
    scan_record(text, <what YAML read from text>) then finds nothing (tests/validator/test_privacy_prefilter.py).

    Every number is a run of at least nine digits with separators between them (_LONG_RUN). In an
    ASCII text without a backslash, every digit YAML reads is one of the text's own (only an escape,
    which needs a backslash, makes a character the text lacks), and what YAML drops between two of a
    value's characters is whitespace and line breaks (indentation, folding), or one quote of a doubled
    '' (the other stays, and is no separator). So nine digits that YAML reads apart by separators only
    stand in the text apart by separators and line breaks only, as do those of the raw scan. Anything
    else (another script's digits or separators, an escape) is left to the full scan, and so is a text
    that may hold a float written with an exponent (6.2811e+11: YAML reads digits its text lacks; a float
    of YAML 1.1, the only one read as a number, has a signed exponent, and only e+ makes it large)."""
    if not text.isascii():
        return False
    classes = text.encode("ascii").translate(_CLEAN_TABLE, _CLEAN_DELETE)
    if _NINE_DIGITS in classes or b"\\" in classes:
        return False
    return b"+" not in classes or ("e+" not in text and "E+" not in text)


def scan(text: str) -> list[Finding]:
    """Every personal number in text, with its offsets; offsets refer to text as given."""
    # No pattern here crosses a line break, so only the lines holding a long run need the full
    # scan: most lines of a record, and most records, have none (3x faster at national scale).
    if text.isascii():
        return _scan_ascii(text)
    found = []
    line_end = 0
    for candidate in _LONG_RUN.finditer(text):
        if candidate.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, candidate.start()) + 1
        line_end = text.find("\n", candidate.end())
        line_end = len(text) if line_end < 0 else line_end
        found += [
            Finding(f.code, f.start + line_start, f.end + line_start, f.masked)
            for f in full_scan(text[line_start:line_end])
        ]
    return found


def _scan_ascii(text: str) -> list[Finding]:
    """scan() of an ASCII text: only its lines of nine digits or more can hold a long run, and those
    are found by a translation in C instead of the pattern's walk over every character (most records
    have none; the rest a few, such as a link with a date and a number in it)."""
    digits = text.encode("ascii").translate(_LINE_DIGITS_TABLE, _LINE_DIGITS_DELETE)
    at = digits.find(_NINE_DIGITS)
    if at < 0:
        return []
    lines = text.split("\n")
    found: list[Finding] = []
    number = line_start = 0  # the line at hand and its offset in text
    counted = 0  # the line breaks of digits before this offset are those before the line at hand
    while at >= 0:
        before = number
        number += digits.count(b"\n", counted, at)  # the line of these nine digits
        line_start += sum(map(len, lines[before:number])) + number - before
        line = lines[number]
        first = _LONG_RUN_ASCII.search(line)
        if first:
            found += [
                Finding(f.code, f.start + line_start, f.end + line_start, f.masked)
                for f in full_scan(line, max(0, first.start() - 2))
            ]
        counted = digits.find(b"\n", at)  # the next line's nine digits, if any
        at = digits.find(_NINE_DIGITS, counted) if counted >= 0 else -1
    return found


def full_scan(text: str, start: int = 0) -> list[Finding]:
    """scan() without the line shortcut: the same findings for any text, in every line.

    start: no run begins before it, so the search for runs begins there (the text before it is still
    read where the patterns look behind or blank a checksum). A run's digits are nine or more apart
    by separators only, none blanked, so _LONG_RUN matches at its first digit in the text as given:
    the first match of _LONG_RUN, less the two characters "+(" a run may begin with, is such a start."""
    found = []
    for run in _RUN.finditer(_HEX.sub(_blank_checksum, text), start):
        # dates and NPWPs consist of digits and separators, so they lie inside runs: blank them there only
        for part in _RUN.finditer(_NPWP.sub(_blank, _DATES.sub(_blank, run.group()))):
            found += _findings(part.group(), run.start() + part.start())
    return found


def _findings(raw: str, offset: int) -> list[Finding]:
    groups = [(group.start(), group.end(), _ascii_digits(group.group())) for group in _GROUP.finditer(raw)]
    if len(groups) == 2 and all(_COMPACT_DATE.fullmatch(group[2]) for group in groups):
        return []
    plus = raw.startswith("+")
    digits = "".join(group[2] for group in groups)
    # A fixed line is written in at most three groups, never with slashes: "045/0123/2023" is a letter's number.
    code = _classify(digits, plus, landline_ok=len(groups) <= 3 and "/" not in raw)
    if code:
        return [Finding(code, offset, offset + len(raw), _masked(digits))]
    # A number glued to others by separators ("<NIK> / <phone>", "<NIK> 2023", several NIKs folded into
    # one line) is still that number: the longest number starting at each group, made of whole groups
    # (a fixed line as written alone). At most 18 digits from each group on: linear in the run's length.
    found = []
    lengths = [len(group[2]) for group in groups]
    starts = list(accumulate(lengths, initial=0))
    first = 0
    while first < len(groups):
        at = starts[first]
        glued = (plus and first == 0) or digits[at : at + 2] in idnumbers.FIRST_TWO
        best = None
        for last in range(first, len(groups) if glued else first + 1):
            length = starts[last + 1] - at
            if length > _LONGEST:
                break
            if length in _LENGTHS:
                landline_ok = last - first < 3 and "/" not in raw[groups[first][0] : groups[last][1]]
                code = _classify(digits[at : at + length], plus and first == 0, landline_ok)
                if code:
                    best = last, code, length
        if best is None:
            first += 1
            continue
        last, code, length = best
        found.append(
            Finding(code, offset + groups[first][0], offset + groups[last][1], _masked(digits[at : at + length]))
        )
        first = last + 1
    return found


def _masked(digits: str) -> str:
    return f"{len(digits)} digit " + "•" * 4


def mask(text: str) -> str:
    """The text with every personal number replaced by a placeholder saying only how long it was."""
    findings = scan(text)
    if not findings:
        return text
    parts, last = [], 0
    for f in findings:
        parts.append(text[last : f.start])
        parts.append("[" + f.masked + "]")
        last = f.end
    parts.append(text[last:])
    return "".join(parts)


@dataclass(frozen=True)
class Located:
    """A personal number found in a record, at a line and column of its text."""

    code: str
    line: int
    column: int
    masked: str
    last_line: int | None = (
        None  # set when only YAML's reading spells the number: lines line..last_line hold it in pieces
    )


def scan_record(text: str, rewritten: Iterable[tuple[tuple[int, int], int, str]]) -> list[Located]:
    """Every personal number of a record, each once.

    In the raw text, located at the number itself. In the values and keys YAML read differently
    from their text (`yamlread.Parsed.rewritten`: (position, last line, value)), located at the
    value: unless the raw text already shows that number in those lines.
    """
    raw = scan(text)
    found = [
        Located(f.code, line, column, f.masked)
        for f, (line, column) in zip(raw, fixes.line_columns(text, [f.start for f in raw]), strict=True)
    ]
    shown_on: dict[int, set[tuple[str, str]]] = {}  # line -> (code, digits) of the numbers the raw text shows there
    for f, located in zip(raw, found, strict=True):
        shown_on.setdefault(located.line, set()).add((f.code, _ascii_digits(text[f.start : f.end])))
    rewritten = list(rewritten)
    for index, loaded in _scan_each([value for _, _, value in rewritten]):
        (line, column), last_line, value = rewritten[index]
        shown = set().union(*(shown_on.get(at, ()) for at in range(line, last_line + 1))) if shown_on else set()
        for f in loaded:
            if not _shown_already(f.code, _ascii_digits(value[f.start : f.end]), shown):
                found.append(Located(f.code, line, column, f.masked, last_line))
    return found


def _scan_each(values: list[str]) -> list[tuple[int, list[Finding]]]:
    """(index, scan(value)) for each value in which scan finds something, in order: one scan of the
    values joined by line breaks, which no finding crosses (a record has a few such values; one
    call for all of them costs a third of a call each)."""
    if not values:
        return []
    starts = list(accumulate((len(value) + 1 for value in values), initial=0))
    out: list[tuple[int, list[Finding]]] = []
    # A value's own line breaks (a literal block, an escaped "\n") join its lines on the site (HTML shows
    # them as spaces): inside a value they separate digits like a space does. Same length, same offsets.
    for f in scan("\n".join(value.replace("\n", " ") for value in values)):
        index = bisect_right(starts, f.start) - 1
        if not out or out[-1][0] != index:
            out.append((index, []))
        offset = starts[index]
        out[-1][1].append(Finding(f.code, f.start - offset, f.end - offset, f.masked))
    return out


def _shown_already(code: str, digits: str, shown: set[tuple[str, str]]) -> bool:
    """Whether the raw lines show this number, or a part of it that is a number of the same kind
    (a phone number whose last digits were folded onto the next line)."""
    if not shown:
        return False
    return any(
        (code, digits[start:end]) in shown
        for start in range(len(digits))
        for end in range(start + _SHORTEST, len(digits) + 1)
    )
