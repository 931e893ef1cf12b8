"""Mechanical fixes: the exact text edit a hint describes, found in a record's own text.

A fix is offered only where the edit is certain to do what the hint says (a plain key renamed, a
one-line scalar replaced, a key inserted into a block mapping); anywhere else the hint stays words
only. `apply` performs fixes; the test suite applies every fix it meets and validates again.
"""

from __future__ import annotations

import re

Edit = tuple[int, int, int, int, str]  # (line, column, end_line, end_column, replacement); 1-based, end exclusive

_PLAIN_END = re.compile(r"\s+#|\s*$")


def line_columns(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """(line, column), 1-based, of each offset into text, given in increasing order, in one pass."""
    out = []
    line, line_start, counted_to = 1, 0, 0
    for offset in offsets:
        line += text.count("\n", counted_to, offset)
        line_start = max(line_start, text.rfind("\n", counted_to, offset) + 1)
        counted_to = offset
        out.append((line, offset - line_start + 1))
    return out


def line_column(text: str, offset: int) -> tuple[int, int]:
    return line_columns(text, [offset])[0]


def _line(text: str, number: int) -> str | None:
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else None


def scalar_extent(text: str, position: tuple[int, int] | None) -> tuple[int, int, str] | None:
    """(start column, end column, raw token) of a one-line scalar starting at position, else None."""
    if not position:
        return None
    line = _line(text, position[0])
    if line is None:
        return None
    start = position[1] - 1
    rest = line[start:]
    prefix = line[:start].rstrip()
    in_flow = any(ch in prefix for ch in "[{") or not (prefix == "" or prefix.endswith((":", "-")))
    if not rest or rest[0] in "[{|>&*!" or in_flow:
        return None
    if rest[0] == '"':
        match = re.match(r'"(?:[^"\\]|\\.)*"', rest)
    elif rest[0] == "'":
        match = re.match(r"'(?:[^']|'')*'", rest)
    else:
        end = _PLAIN_END.search(rest)
        token = rest[: end.start()] if end else rest
        # a plain scalar that goes on below is not one token
        if not token or _continues(text, position[0], start):
            return None
        return start + 1, start + 1 + len(token), token
    if not match:
        return None
    return start + 1, start + 1 + len(match.group()), match.group()


def _continues(text: str, number: int, column: int) -> bool:
    """Whether the next non-blank, non-comment line is indented deeper than the key owning the
    scalar: then a plain scalar folds over several lines."""
    line = _line(text, number) or ""
    owner_indent = len(line) - len(line.lstrip(" -"))
    lines = text.split("\n")
    for following in lines[number:]:
        stripped = following.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return len(following) - len(following.lstrip(" ")) > owner_indent and not stripped.startswith("-")
    return False


def replace_scalar(text: str, position: tuple[int, int] | None, replacement: str) -> tuple[Edit, ...]:
    extent = scalar_extent(text, position)
    if extent is None or position is None:
        return ()
    start, end, _ = extent
    return ((position[0], start, position[0], end, replacement),)


def quote_scalar(text: str, position: tuple[int, int] | None) -> tuple[tuple[Edit, ...], str]:
    """(fix, quoted text) turning a plain one-line scalar into a double-quoted one, as written."""
    extent = scalar_extent(text, position)
    if extent is None or position is None or extent[2][0] in "\"'":
        return (), ""
    quoted = quote(extent[2])
    return ((position[0], extent[0], position[0], extent[1], quoted),), quoted


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rename_key(text: str, position: tuple[int, int] | None, old: str, new: str) -> tuple[Edit, ...]:
    """The key written plainly as `old:` at position, renamed."""
    if not position:
        return ()
    line = _line(text, position[0])
    if line is None:
        return ()
    start = position[1] - 1
    if not re.match(re.escape(old) + r"\s*:", line[start:]):
        return ()
    return ((position[0], position[1], position[0], position[1] + len(old), new),)


def insert_key(text: str, mapping_position: tuple[int, int] | None, entry: str) -> tuple[Edit, ...]:
    """`entry` (one `key: value` line) added as the first key of the block mapping at mapping_position."""
    if not mapping_position:
        return ()
    line = _line(text, mapping_position[0])
    if line is None:
        return ()
    column = mapping_position[1]
    rest = line[column - 1 :]
    if not rest or rest[0] in "{[":  # a flow mapping: a new line inside it would need a comma, not an indent
        return ()
    return ((mapping_position[0], column, mapping_position[0], column, f"{entry}\n{' ' * (column - 1)}"),)


def apply(text: str, edits) -> str:
    """The text with the edits made (later edits first, so earlier positions stay true)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(line: int, column: int) -> int:
        return offsets[line - 1] + column - 1

    for line, column, end_line, end_column, replacement in sorted(edits, reverse=True):
        start, end = offset(line, column), offset(end_line, end_column)
        text = text[:start] + replacement + text[end:]
    return text
