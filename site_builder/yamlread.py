"""Turn the text of one record into plain Python data plus the position of every value.

The only module that imports PyYAML. It walks libyaml's event stream itself instead of using a
Loader, so that every YAML hazard a maintainer can hit becomes a located problem, not a silent
change of meaning: duplicate keys, YAML 1.1 implicit typing, explicit tags, anchors/aliases/merge
keys, several documents, runaway nesting. Scalars follow one small policy (see `_plain_scalar`),
independent of the resolver, so dates stay strings and `no` never becomes False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

if not getattr(yaml, "__with_libyaml__", False):  # the pure-Python parser is ~10x slower
    raise ImportError("PyYAML was installed without libyaml; reinstall it from a wheel (pip install --force-reinstall pyyaml)")

_Parser = yaml.CSafeLoader
# C0/C1 controls except tab/newline/CR, bidi embeddings, overrides and isolates ("Trojan Source"),
# zero-width, soft hyphens and other invisible characters.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
MAX_DEPTH = 40

Path = tuple  # a path into the data: ("parties", 1, "agency")


@dataclass
class Parsed:
    data: object = None
    ok: bool = False
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (line, column) of the value
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (line, column) of its key
    problems: list[tuple[str, tuple[int, int] | None, dict]] = field(default_factory=list)  # (code, position, params)
    # Keys and values whose text differs from what YAML reads (folded or multi-line, escapes, line
    # continuations): (position, last line, value), so the privacy scan can read what they mean.
    rewritten: list[tuple[tuple[int, int], int, str]] = field(default_factory=list)


READINGS = {"bool": ("ya/tidak (true/false)", "yes/no (true/false)"), "number": ("angka", "a number")}
# libyaml's most common complaints, in the words of the default (Indonesian) output; others stay in English.
SYNTAX_REASONS_ID = {
    "did not find expected ',' or ']'": "tanda ',' atau ']' tidak ditemukan (kurung siku belum ditutup?)",
    "did not find expected ',' or '}'": "tanda ',' atau '}' tidak ditemukan (kurung kurawal belum ditutup?)",
    "found unexpected end of stream": "berkas berakhir sebelum waktunya (tanda kutip belum ditutup?)",
    "mapping values are not allowed in this context": "tanda ':' tidak boleh di sini (beri tanda kutip pada teks yang memuat ': ')",
    "mapping values are not allowed here": "tanda ':' tidak boleh di sini (beri tanda kutip pada teks yang memuat ': ')",
    "did not find expected '-' indicator": "tanda '-' butir daftar tidak ditemukan (indentasi tidak rata?)",
    "did not find expected key": "kunci tidak ditemukan di tempat yang diharapkan (indentasi tidak rata?)",
    "could not find expected ':'": "tanda ':' tidak ditemukan",
    "found character that cannot start any token": "ada karakter yang tidak boleh mengawali nilai (mis. @ atau `); beri tanda kutip",
    "found unknown escape character": "urutan '\\' tidak dikenal di dalam tanda kutip ganda",
}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,30})\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?\Z")
_YAML11_BOOL = re.compile(r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\Z")
_AMBIGUOUS_NUMBER = re.compile(
    r"""[-+]?(?:
        0[0-9_]+                     # leading zero: octal in YAML 1.1, decimal in 1.2
      | 0[xXoObB][0-9a-fA-F_]+       # hex, octal, binary
      | [0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # sexagesimal 10:30 -> 630
      | [0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?           # 1_000
      | \.(?:inf|Inf|INF|nan|NaN|NAN)
      | [0-9]+\.(?:[eE][-+]?[0-9]+)?   # 1. 
      | \.[0-9]+(?:[eE][-+]?[0-9]+)?   # .5
      | [0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+  # 1e3
    )\Z""",
    re.VERBOSE,
)


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _plain_scalar(value: str) -> tuple[object, str | None]:
    """(python value, how YAML 1.1 tools would misread it or None)."""
    if value in _NULL:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    if _INT.match(value):
        return int(value), None
    if _FLOAT.match(value):
        return float(value), None
    if _YAML11_BOOL.match(value):
        return value, "bool"
    if _AMBIGUOUS_NUMBER.match(value) or (value[:1] == "+" and (_INT.match(value[1:]) or _FLOAT.match(value[1:]))):
        return value, "number"
    return value, None


def _explicit_tag(event) -> str | None:
    tag = getattr(event, "tag", None)  # libyaml reports only tags written in the text
    return None if tag in (None, "!") else tag


def _note_rewritten(out: Parsed, event, position: tuple[int, int]) -> None:
    """Keep a quoted, block or multi-line scalar unless it is exactly the text between its quotes.

    Only then does a scan of the raw line see what the value holds: `"\\x36307..."` holds
    6307... as text too, but glued to the 3 of the escape. On one line, a quoted value as long as
    the text between its quotes is that text: every escape and '' is longer than what it stands for."""
    start, end = event.start_mark, event.end_mark
    if start.line == end.line and event.style in ("'", '"') and end.index - start.index == len(event.value) + 2:
        return
    last_line = end.line + 1 if end.column else end.line  # a block scalar ends at the start of the next line
    out.rewritten.append((position, max(last_line, position[0]), event.value))


def parse(text: str) -> Parsed:
    """Parse one record. Never raises for bad input; problems are returned with positions."""
    out = Parsed()
    problems = out.problems
    # Each frame: [container, path, pending_key, key_position, {key seen: its first line}]
    stack: list[list] = []
    root: list = []
    documents = 0
    complex_keys = 0
    anchor_lines: set[int] = set()
    try:
        for event in yaml.parse(text, Loader=_Parser):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(("yaml-multiple-documents", _mark(event), {}))
                    return out
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                if frame[0] is None:  # end of a complex key: a unique placeholder keeps the parse going
                    complex_keys += 1
                    parent = stack[-1]
                    parent[2] = f"?{complex_keys}"
                    parent[3] = frame[3]
                continue

            position = _mark(event)
            if kind is yaml.ScalarEvent and (event.style or event.start_mark.line != event.end_mark.line):
                _note_rewritten(out, event, position)
            if getattr(event, "anchor", None) is not None or kind is yaml.AliasEvent:
                # One problem per line is enough to point at it; an alias bomb has dozens a line.
                if position[0] not in anchor_lines:
                    anchor_lines.add(position[0])
                    problems.append(("yaml-anchor", position, {}))
                if kind is yaml.AliasEvent:
                    value = None  # never resolved: shared objects are what makes an alias bomb explode
            tag = _explicit_tag(event) if kind is not yaml.AliasEvent else None
            if tag is not None:
                problems.append(("yaml-tag", position, {"tag": tag}))

            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
                # this event is a key
                if kind is yaml.ScalarEvent:
                    key = event.value
                    if key == "<<" and event.implicit[0] and position[0] not in anchor_lines:  # plain, so a merge key
                        anchor_lines.add(position[0])
                        problems.append(("yaml-anchor", position, {}))
                    seen = parent[4]
                    if key in seen:
                        problems.append(("yaml-duplicate-key", position, {"key": key, "first_line": seen[key]}))
                    else:
                        seen[key] = position[0]
                    parent[2] = key
                    parent[3] = position
                elif kind is yaml.AliasEvent:
                    parent[2] = f"?alias{position}"
                    parent[3] = position
                else:  # a mapping or sequence used as a key
                    problems.append(("yaml-complex-key", position, {}))
                    stack.append([None, None, None, position, {}])
                    if len(stack) > MAX_DEPTH:
                        problems.append(("yaml-too-deep", position, {"limit": MAX_DEPTH}))
                        return out
                continue
            if parent is not None and parent[0] is None:
                # inside a complex key: track nesting only
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    stack.append([None, None, None, position, {}])
                    if len(stack) > MAX_DEPTH:
                        problems.append(("yaml-too-deep", position, {"limit": MAX_DEPTH}))
                        return out
                continue

            if kind is yaml.ScalarEvent:
                if tag is not None or not event.implicit[0]:  # quoted, block or tagged: text
                    value = event.value
                    if event.style == '"':  # escapes such as "\0" or "\u202e" smuggle what the raw text lacks
                        hidden = INVISIBLE.search(value)
                        raw = text[event.start_mark.index:event.end_mark.index]
                        if hidden and hidden.group() not in raw:  # a raw one is already reported by sources.py
                            problems.append(("file-control-character", position, {"char": f"U+{ord(hidden.group()):04X}"}))
                else:
                    value, misreading = _plain_scalar(event.value)
                    if misreading:
                        problems.append(("yaml-ambiguous-value", position, {"value": event.value, "reading_id": READINGS[misreading][0], "reading_en": READINGS[misreading][1]}))
            elif kind is yaml.MappingStartEvent:
                value = {}
            elif kind is yaml.SequenceStartEvent:
                value = []

            if parent is None:
                path: Path = ()
                root.append(value)
            elif isinstance(parent[0], dict):
                path = parent[1] + (parent[2],)
                parent[0][parent[2]] = value
                out.keys[path] = parent[3]
                parent[2] = None
            else:
                path = parent[1] + (len(parent[0]),)
                parent[0].append(value)
            out.values[path] = position

            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                stack.append([value, path, None, None, {}])
                if len(stack) > MAX_DEPTH:
                    problems.append(("yaml-too-deep", position, {"limit": MAX_DEPTH}))
                    return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1000 levels) is hit while scanning ahead
            problems.append(("yaml-too-deep", position, {"limit": MAX_DEPTH}))
        else:
            reason = " ".join(str(x) for x in (exc.context, exc.problem) if x)
            problems.append(("yaml-syntax", position, {"reason_id": SYNTAX_REASONS_ID.get(str(exc.problem), reason),
                                                       "reason_en": reason}))
        return out
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:  # libyaml's reader and memory errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(("yaml-syntax", (1, 1), {"reason_id": reason, "reason_en": reason}))
        return out

    out.data = root[0] if root else None
    out.ok = True
    return out
