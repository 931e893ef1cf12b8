"""Turn the text of one record into plain Python data plus the position of every value.

The only module that imports PyYAML. It reads libyaml's output itself instead of using a Loader,
so that every YAML hazard a maintainer can hit becomes a located problem, not a silent change of
meaning: duplicate keys, YAML 1.1 implicit typing, explicit tags, anchors/aliases/merge keys,
several documents, runaway nesting. Scalars follow one small policy (see `_plain_scalar`),
independent of the resolver, so dates stay strings and `no` never becomes False; keys are the
text written. Two readers, one result: a clean record is read by the node reader, and any text
holding something to report, or that might, by the event reader (`_read_events`, libyaml's events
through PyYAML), which finds and locates every problem. The node reader is native/pks_yamlc.c
(`_read_native`: libyaml's events straight into dicts and positions in C, a third to a quarter of
the CPU of `yaml.compose`) when it is installed in the environment (scripts/setup builds it), built
from the native/pks_yamlc.c of this checkout, linked to a libyaml compared with PyYAML's, and not
turned off (PKS_NATIVE_YAML=0, read at import); otherwise `_read_nodes`, in Python over the node
tree libyaml's C composer builds (as fast as `yaml.compose` alone). `NATIVE` says which and why.
tests/fuzz/test_fuzz_yamlread.py and tests/validator/test_yamlread_native.py hold the three
readers to each other and to libyaml's loader."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import pathlib
import re
import site
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Protocol

import yaml
import yaml._yaml as yaml_c
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    StreamEndEvent,
)
from yaml.nodes import Node, ScalarNode, SequenceNode

if not getattr(yaml, "__with_libyaml__", False):  # the pure-Python parser is ~10x slower
    raise ImportError(
        "PyYAML was installed without libyaml; reinstall it from a wheel (pip install --force-reinstall pyyaml)"
    )

# C0/C1 controls except tab/newline/CR, bidi embeddings, overrides and isolates ("Trojan Source"),
# zero-width, soft hyphens and other invisible characters.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
MAX_DEPTH = 40

Path = tuple  # a path into the data: ("parties", 1, "agency")
Position = tuple[int, int]  # (line, column), both from 1
Problem = tuple[str, Position | None, dict]  # (code, position, parameters of its message)


@dataclass
class Parsed:
    data: object = None
    ok: bool = False
    values: dict[Path, Position] = field(default_factory=dict)  # path -> (line, column) of the value
    keys: dict[Path, Position] = field(default_factory=dict)  # path -> (line, column) of its key
    problems: list[Problem] = field(default_factory=list)
    # Keys and values whose text differs from what YAML reads (folded or multi-line, escapes, line
    # continuations): (position, last line, value), so the privacy scan can read what they mean.
    rewritten: list[tuple[Position, int, str]] = field(default_factory=list)
    # False when values and keys were left empty (parse(text, positions=False) of a clean record):
    # parse(text) finds them, and these say meanwhile whether it would find any.
    positioned: bool = True
    some_values: bool = False
    some_keys: bool = False


READINGS = {"bool": ("ya/tidak (true/false)", "yes/no (true/false)"), "number": ("angka", "a number")}
# What else a maintainer may have meant, by reading: only a yes/no has another way to be written.
OTHERWISE = {
    "bool": (" (atau tulis true/false bila maksudnya ya/tidak)", " (or write true/false if yes/no is meant)"),
    "number": ("", ""),
}
# libyaml's complaints in both languages, each with the hint for that kind of mistake:
# problem -> (reason in Indonesian, hint in Indonesian, hint in English).
_QUOTE_HINT = (
    "tutup tanda kutip di akhir nilai yang dibuka di sini (tanda kutip di dalam teks: pakai kutip jenis lain)",
    "close the quote at the end of the value opened here (a quote inside the text: use the other kind of quote)",
)
_INDENT_HINT = (
    "samakan indentasi baris ini dengan kunci lain di tingkat yang sama (dua spasi per tingkat)",
    "indent this line like the other keys at its level (two spaces per level)",
)
SYNTAX: dict[str, tuple[str, str, str]] = {
    "found unexpected end of stream": ("berkas berakhir sebelum tanda kutip ditutup", *_QUOTE_HINT),
    "found unknown escape character": (
        "di dalam tanda kutip ganda, '\\' memulai kode khusus yang tidak dikenal",
        "tulis '\\\\' untuk garis miring terbalik, atau pakai tanda kutip tunggal '...'",
        "write '\\\\' for a backslash, or use single quotes '...'",
    ),
    "did not find expected hexdecimal number": (
        "kode '\\x', '\\u' atau '\\U' di dalam tanda kutip ganda tidak diikuti angka heksadesimal",
        "tulis '\\\\' untuk garis miring terbalik, atau pakai tanda kutip tunggal '...'",
        "write '\\\\' for a backslash, or use single quotes '...'",
    ),
    "found invalid Unicode character escape code": (
        "kode '\\u' atau '\\U' di dalam tanda kutip ganda bukan karakter Unicode yang sah",
        "ketik karakternya langsung, atau pakai tanda kutip tunggal '...'",
        "type the character itself, or use single quotes '...'",
    ),
    "mapping values are not allowed in this context": (
        "tanda ':' tidak boleh di sini",
        "bila ': ' bagian dari teks, beri tanda kutip pada seluruh nilai; bila ini kunci baru, mulai di baris sendiri sejajar kunci lain",
        "if ': ' is part of the text, put the whole value in quotes; if this is a new key, start it on its own line aligned with the other keys",
    ),
    "mapping values are not allowed here": (
        "tanda ':' tidak boleh di sini",
        "bila ': ' bagian dari teks, beri tanda kutip pada seluruh nilai; bila ini kunci baru, mulai di baris sendiri sejajar kunci lain",
        "if ': ' is part of the text, put the whole value in quotes; if this is a new key, start it on its own line aligned with the other keys",
    ),
    "did not find expected '-' indicator": ("butir daftar ini tidak sejajar dengan butir sebelumnya", *_INDENT_HINT),
    "did not find expected key": ("kunci tidak ditemukan di tempat yang diharapkan", *_INDENT_HINT),
    "could not find expected ':'": (
        "kunci ini tidak diikuti tanda ':'",
        "tulis 'kunci: nilai' dengan spasi sesudah ':'; bila baris ini lanjutan teks di atasnya, beri tanda kutip pada teks itu",
        "write 'key: value' with a space after ':'; if this line continues the text above, put that text in quotes",
    ),
    "found character that cannot start any token": (
        "ada karakter yang tidak boleh mengawali nilai (mis. @, ` atau %)",
        'beri tanda kutip pada seluruh nilai, mis. "@nama"',
        'put the whole value in quotes, e.g. "@name"',
    ),
    "did not find expected ',' or ']'": (
        "daftar dalam kurung siku '[' belum ditutup",
        "tutup dengan ']' di baris yang sama, atau tulis daftarnya sebagai butir '- ...' di baris sendiri",
        "close it with ']' on the same line, or write the list as '- ...' items on their own lines",
    ),
    "did not find expected ',' or '}'": (
        "pemetaan dalam kurung kurawal '{' belum ditutup",
        "tutup dengan '}' di baris yang sama, atau tulis 'kunci: nilai' di baris sendiri",
        "close it with '}' on the same line, or write 'key: value' on lines of their own",
    ),
    "did not find expected node content": (
        "nilai tidak ditemukan di tempat yang diharapkan",
        "beri tanda kutip pada nilai yang diawali tanda baca (mis. ']', ',' atau '}')",
        "put a value that starts with punctuation (']', ',' or '}') in quotes",
    ),
    "did not find expected <document start>": (
        "ada teks setelah akhir rekaman",
        "hapus tanda '...' atau '---' di tengah berkas; satu berkas berisi satu rekaman",
        "remove the '...' or '---' line in the middle of the file; a file holds one record",
    ),
    "did not find expected comment or line break": (
        "tanda '|' atau '>' harus menjadi hal terakhir di barisnya",
        "pindahkan teksnya ke baris berikutnya, menjorok dua spasi",
        "move the text to the next line, indented two spaces",
    ),
    "did not find expected alphabetic or numeric character": (
        "tanda '&' atau '*' di awal nilai dibaca sebagai anchor/alias YAML",
        "beri tanda kutip pada seluruh nilai",
        "put the whole value in quotes",
    ),
    "found undefined tag handle": (
        "tanda '!' di awal nilai dibaca sebagai tag YAML",
        "beri tanda kutip pada seluruh nilai",
        "put the whole value in quotes",
    ),
    "did not find the expected '>'": (
        "tanda '!' di awal nilai dibaca sebagai tag YAML",
        "beri tanda kutip pada seluruh nilai",
        "put the whole value in quotes",
    ),
    "found a tab character that violates indentation": (
        "karakter tab dipakai sebagai indentasi",
        "ganti tab dengan spasi (dua spasi per tingkat)",
        "replace the tab with spaces (two per level)",
    ),
    "found a tab character where an indentation space is expected": (
        "karakter tab dipakai sebagai indentasi",
        "ganti tab dengan spasi (dua spasi per tingkat)",
        "replace the tab with spaces (two per level)",
    ),
}
_GENERAL_SYNTAX = (
    "bentuk YAML tidak dikenali",
    "bandingkan baris ini dan baris sebelumnya dengan contoh di Panduan pengelola: indentasi, tanda ':' dan tanda kutip",
    "compare this line and the one before with the examples in the maintainers' guide: indentation, ':' and quotes",
)
# Where the cause is: the quote, key or bracket that was opened, not where the parser gave up.
_CAUSE_AT_CONTEXT = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
)
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

# What YAML 1.1 tools (PyYAML's resolver) read as an integer or a float, as they write it.
_YAML11_NUMBER = re.compile(
    r"""(?:[-+]?0b[0-1_]+
      | [-+]?0[0-7_]+
      | [-+]?(?:0|[1-9][0-9_]*)
      | [-+]?0x[0-9a-fA-F_]+
      | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
      | [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
      | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
      | [-+]?\.(?:inf|Inf|INF)
      | \.(?:nan|NaN|NAN)
    )\Z""",
    re.VERBOSE,
)


def _plain_scalar(value: str) -> tuple[object, str | None]:
    """(python value, how YAML 1.1 tools would misread it or None)."""
    if value and value[0] not in _SPECIAL_START:  # most values are words: nothing below can match them
        return value, None
    if value in _NULL:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    if _INT.match(value):
        return int(value), None
    if _FLOAT.match(value):  # 1.5e3 is text to YAML 1.1 tools
        return (float(value), None) if _YAML11_NUMBER.match(value) else (value, "number")
    if _YAML11_BOOL.match(value):
        return value, "bool"
    if (
        _AMBIGUOUS_NUMBER.match(value)
        or (value[:1] == "+" and (_INT.match(value[1:]) or _FLOAT.match(value[1:])))
        or _YAML11_NUMBER.match(value)  # 01.5, .5_, 40 digits: a number to YAML 1.1 tools
    ):
        return value, "number"
    return value, None


# Every first character with which a plain value can be anything but text (null, ~, true, false, a
# number, a YAML 1.1 yes/no/on/off, .inf/.nan): see the sets and patterns above.
_SPECIAL_START = frozenset("~nNtTfFyYoO0123456789-+.")


def _explicit_tag(tag: str | None) -> str | None:
    """The tag written before a value, as written: `!!bool`, `!x` or a bare `!` (which makes a
    plain value text in YAML: still a tag no record needs). libyaml reports only tags written in the text."""
    if tag is None:
        return None
    return "!!" + tag[len(_STANDARD_TAGS) :] if tag.startswith(_STANDARD_TAGS) else tag


_STANDARD_TAGS = "tag:yaml.org,2002:"


class _Mark(Protocol):
    index: int
    line: int
    column: int


def _note_rewritten(out: Parsed, start: _Mark, end: _Mark, style: str | None, value: str, position: Position) -> None:
    """Keep a quoted, block or multi-line scalar unless it is exactly the text between its quotes.

    Only then does a scan of the raw line see what the value holds: `"\\x36307..."` holds
    6307... as text too, but glued to the 3 of the escape. On one line, a quoted value as long as
    the text between its quotes is that text: every escape and '' is longer than what it stands for."""
    if start.line == end.line and style in ("'", '"') and end.index - start.index == len(value) + 2:
        return
    last_line = end.line + 1 if end.column else end.line  # a block scalar ends at the start of the next line
    out.rewritten.append((position, max(last_line, position[0]), value))


def _note_scaled(out: Parsed, value: object, position: Position) -> None:
    """Keep the digits of a large float: written with an exponent (6.307915208911e+15), its text does not
    show them, and the site prints them all (6.307.915.208.911.000). The privacy scan reads them here."""
    if type(value) is float and 1e8 <= abs(value) < 1e19:
        out.rewritten.append((position, position[0], f"{abs(value):.0f}"))


def parse(text: str, positions: bool = True) -> Parsed:
    """Parse one record. Never raises for bad input; problems are returned with positions.

    A record without anything the event reader would report is read by the node reader (native
    or `_read_nodes`, see the module's docstring); anything else, or any doubt, goes to the event
    reader, which finds and locates every problem. All give the same result where they apply
    (tests/fuzz/test_fuzz_yamlread.py). With positions=False, a record read by the node reader
    comes without the positions of its values and keys (Parsed.positioned is False): most records
    never need one, and parse(text) finds them, the same, for those that do."""
    clean = _read_clean(text, positions)
    return clean if clean is not None else _read_events(text)


# --- The event reader: every problem, located -------------------------------------------------


class _MappingFrame:
    """An open mapping: where its values go and which key waits for its value."""

    __slots__ = ("mapping", "path", "key", "key_position", "first_lines")

    def __init__(self, mapping: dict[str, object], path: Path) -> None:
        self.mapping = mapping
        self.path = path
        self.key: str | None = None  # None while the next event is a key
        self.key_position: Position | None = None
        self.first_lines: dict[str, int] = {}  # each key read so far -> the line it first appears on


class _SequenceFrame:
    """An open sequence: where its items go."""

    __slots__ = ("sequence", "path")

    def __init__(self, sequence: list[object], path: Path) -> None:
        self.sequence = sequence
        self.path = path


class _KeyFrame:
    """A mapping or sequence used as a key (reported): only its nesting is followed. When it ends,
    the mapping gets a placeholder key `?N` located at `position`: the key's own position, or
    that of the last mapping or sequence that ended inside it."""

    __slots__ = ("position",)

    def __init__(self, position: Position) -> None:
        self.position = position


_Frame = _MappingFrame | _SequenceFrame | _KeyFrame


def _push(stack: list[_Frame], frame: _Frame, position: Position, problems: list[Problem]) -> bool:
    """Open a mapping or sequence; False (and a problem) when that nests deeper than MAX_DEPTH."""
    stack.append(frame)
    if len(stack) > MAX_DEPTH:
        problems.append(("yaml-too-deep", position, {"limit": MAX_DEPTH}))
        return False
    return True


def _read_events(text: str) -> Parsed:
    out = Parsed()
    problems = out.problems
    stack: list[_Frame] = []
    root: list[object] = []
    documents = 0
    complex_keys = 0
    anchor_lines: set[int] = set()
    try:
        parser = CParser(text)
        while True:
            event = parser.get_event()
            if isinstance(event, CollectionEndEvent):
                frame = stack.pop()
                if type(frame) is _KeyFrame:  # a unique placeholder key keeps the parse going
                    complex_keys += 1
                    outer = stack[-1]
                    if type(outer) is _MappingFrame:
                        outer.key = f"?{complex_keys}"
                        outer.key_position = frame.position
                    elif type(outer) is _KeyFrame:
                        outer.position = frame.position
                continue
            if not isinstance(event, NodeEvent):  # the stream's or a document's start or end
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        problems.append(("yaml-multiple-documents", _position(event.start_mark), {}))
                        return out
                elif isinstance(event, StreamEndEvent):
                    break
                continue

            # a scalar, an alias, or the start of a mapping or sequence
            start, end = event.start_mark, event.end_mark
            assert start is not None and end is not None  # libyaml marks every event
            position = (start.line + 1, start.column + 1)
            if isinstance(event, ScalarEvent):
                if event.style or start.line != end.line:
                    _note_rewritten(out, start, end, event.style, event.value, position)
            value: object = None  # an alias is never resolved: shared objects are what makes an alias bomb explode
            if event.anchor is not None:  # an alias's anchor is the name it refers to
                # One problem per line is enough to point at it; an alias bomb has dozens a line.
                if position[0] not in anchor_lines:
                    anchor_lines.add(position[0])
                    problems.append(("yaml-anchor", position, {}))
            tag = _explicit_tag(event.tag) if isinstance(event, ScalarEvent | CollectionStartEvent) else None
            if tag is not None:
                problems.append(("yaml-tag", position, {"tag": tag}))

            parent = stack[-1] if stack else None
            if type(parent) is _MappingFrame and parent.key is None:  # this event is a key
                if isinstance(event, ScalarEvent):
                    key = event.value
                    if key == "<<" and event.implicit[0] and position[0] not in anchor_lines:  # plain: a merge key
                        anchor_lines.add(position[0])
                        problems.append(("yaml-anchor", position, {}))
                    first_lines = parent.first_lines
                    if key in first_lines:
                        problems.append(("yaml-duplicate-key", position, {"key": key, "first_line": first_lines[key]}))
                    else:
                        first_lines[key] = position[0]
                    parent.key = key
                    parent.key_position = position
                elif isinstance(event, AliasEvent):
                    parent.key = f"?alias{position}"
                    parent.key_position = position
                else:  # a mapping or sequence used as a key
                    problems.append(("yaml-complex-key", position, {}))
                    if not _push(stack, _KeyFrame(position), position, problems):
                        return out
                continue
            if type(parent) is _KeyFrame:  # inside a complex key: follow the nesting only
                if not isinstance(event, (ScalarEvent, AliasEvent)) and not _push(
                    stack, _KeyFrame(position), position, problems
                ):
                    return out
                continue

            if isinstance(event, ScalarEvent):
                if tag is not None or not event.implicit[0]:  # quoted, block or tagged: text
                    value = event.value
                    if event.style == '"':  # escapes such as "\0" or "\u202e" smuggle what the raw text lacks
                        hidden = INVISIBLE.search(value)
                        if hidden and hidden.group() not in text[start.index : end.index]:
                            # a raw one is already reported by sources.py
                            problems.append(
                                ("file-control-character", position, {"char": f"U+{ord(hidden.group()):04X}"})
                            )
                else:
                    value, misreading = _plain_scalar(event.value)
                    _note_scaled(out, value, position)
                    if misreading:
                        problems.append(_ambiguous(event.value, misreading, position))
            elif isinstance(event, MappingStartEvent):
                value = {}
            elif isinstance(event, CollectionStartEvent):
                value = []

            if parent is None:
                path: Path = ()
                root.append(value)
            elif type(parent) is _MappingFrame:
                assert parent.key is not None and parent.key_position is not None
                path = (*parent.path, parent.key)
                parent.mapping[parent.key] = value
                out.keys[path] = parent.key_position
                parent.key = None
            else:
                assert type(parent) is _SequenceFrame
                path = (*parent.path, len(parent.sequence))
                parent.sequence.append(value)
            out.values[path] = position

            if type(value) is dict:
                if not _push(stack, _MappingFrame(value, path), position, problems):
                    return out
            elif type(value) is list:
                if not _push(stack, _SequenceFrame(value, path), position, problems):
                    return out
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1000 levels) is hit while scanning ahead
            problems.append(("yaml-too-deep", _position(exc.problem_mark or exc.context_mark), {"limit": MAX_DEPTH}))
        else:
            problems.append(syntax_problem(exc, text))
        return out
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:  # libyaml's reader and memory errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(
            (
                "yaml-syntax",
                (1, 1),
                {
                    "reason_id": f"{_GENERAL_SYNTAX[0]} ({reason})",
                    "reason_en": reason,
                    "hint_id": _GENERAL_SYNTAX[1],
                    "hint_en": _GENERAL_SYNTAX[2],
                },
            )
        )
        return out

    out.data = root[0] if root else None
    out.ok = True
    return out


def _ambiguous(text: str, misreading: str, position: Position) -> Problem:
    reading, otherwise = READINGS[misreading], OTHERWISE[misreading]
    return (
        "yaml-ambiguous-value",
        position,
        {
            "value": text,
            "reading_id": reading[0],
            "reading_en": reading[1],
            "or_id": otherwise[0],
            "or_en": otherwise[1],
        },
    )


# --- The node reader: a clean record, fast ------------------------------------------------------

# Where a text may hold an anchor (&), alias (*) or tag (!): such a character after a space, a line
# break, a flow indicator or a quote, or at the start. The node tree shows none of these (an alias is
# the node it names), so such a text goes to the event reader; '&' inside words (P&K) does not.
_PROPERTY = re.compile("(?<![^\\s\\[\\]{},:?'\"\ufeff])[&*!]")


def _may_hold_property(text: str) -> bool:
    return ("&" in text or "*" in text or "!" in text) and _PROPERTY.search(text) is not None  # `in` is ~50x faster


class _Unclean(Exception):
    """The record holds something the event reader reports: it reads the record instead."""


_NOTHING: dict[object, object] = {}  # stays empty: see _Composer


class _Composer(CParser):
    """libyaml's composer (C) without PyYAML's resolver, whose YAML 1.1 typing `_plain_scalar`
    replaces: the C code calls these hooks for every node. An untagged node gets the tag None."""

    def resolve(self, kind: type, value: str | None, implicit: object) -> None:
        return None

    # Called around every node, their results unused: C methods that take the same arguments and do
    # nothing (a lookup in an empty dict, clearing it) cost less than Python functions,
    # a tenth of the composer's time.
    descend_resolver: Callable[[object, object], object] = _NOTHING.get  # (parent, index)
    ascend_resolver: Callable[[], None] = _NOTHING.clear  # ()


def _read_nodes(text: str, positions: bool = True) -> Parsed | None:
    """The record read from libyaml's node tree, or None where the event reader must read it: a
    syntax error, several documents, or anything it reports (duplicate or merge key, complex key,
    tag, ambiguous value, hidden character in an escape, nesting deeper than MAX_DEPTH), or a
    text that may hold an anchor, alias or tag."""
    if _may_hold_property(text):
        return None
    try:
        node = _Composer(text).get_single_node()
    except Exception:  # every error: the event reader meets it again and locates it
        return None
    out = Parsed()
    if node is not None:
        try:
            out.data = _node_value(node, (), 1, out) if positions else _node_data(node, 1, out)
        except _Unclean:
            return None
    if not positions:
        out.positioned, out.some_values = False, node is not None  # the root's position is always found
    out.ok = True
    return out


def _node_value(node: Node, path: Path, depth: int, out: Parsed) -> object:
    """The value of one node (its position recorded), in the event reader's order."""
    start = node.start_mark
    position = (start.line + 1, start.column + 1)
    values = out.values
    values[path] = position
    if node.tag is not None:  # an explicit tag
        raise _Unclean
    if type(node) is ScalarNode:
        return _scalar_value(node, out)
    if depth > MAX_DEPTH:  # the event reader reports it
        raise _Unclean
    if type(node) is SequenceNode:
        items: list[object] = []
        for index, item in enumerate(node.value):
            if type(item) is ScalarNode and item.tag is None:  # most items: no call for them
                start = item.start_mark
                position = (start.line + 1, start.column + 1)
                values[(*path, index)] = position
                items.append(_scalar_value(item, out))
            else:
                items.append(_node_value(item, (*path, index), depth + 1, out))
        return items
    mapping: dict[str, object] = {}
    keys = out.keys
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode or key_node.tag is not None:
            raise _Unclean
        key = key_node.value
        key_start = key_node.start_mark
        key_position = (key_start.line + 1, key_start.column + 1)
        style = key_node.style
        if style or key_start.line != key_node.end_mark.line:
            _note_rewritten(out, key_start, key_node.end_mark, style, key, key_position)
        elif key == "<<":  # a merge key
            raise _Unclean
        if key in mapping:
            raise _Unclean
        child = (*path, key)
        keys[child] = key_position
        if type(value_node) is ScalarNode and value_node.tag is None:  # most values: no call for them
            start = value_node.start_mark
            position = (start.line + 1, start.column + 1)
            values[child] = position
            text = value_node.value
            if (
                not value_node.style
                and text
                and text[0] not in _SPECIAL_START
                and start.line == value_node.end_mark.line
            ):  # one plain line of words
                mapping[key] = text
            else:
                mapping[key] = _scalar_value(value_node, out)
        else:
            mapping[key] = _node_value(value_node, child, depth + 1, out)
    return mapping


def _node_data(node: Node, depth: int, out: Parsed) -> object:
    """_node_value without positions: the same value, the same problems (as _Unclean) and the same
    rewritten scalars, in the same order; out.some_keys says whether a mapping had a key."""
    if node.tag is not None:  # an explicit tag
        raise _Unclean
    if type(node) is ScalarNode:
        return _scalar_value(node, out)
    if depth > MAX_DEPTH:  # the event reader reports it
        raise _Unclean
    if type(node) is SequenceNode:
        return [
            _scalar_value(item, out)
            if type(item) is ScalarNode and item.tag is None
            else _node_data(item, depth + 1, out)
            for item in node.value
        ]
    mapping: dict[str, object] = {}
    if node.value:
        out.some_keys = True
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode or key_node.tag is not None:
            raise _Unclean
        key = key_node.value
        style = key_node.style
        key_start = key_node.start_mark
        if style or key_start.line != key_node.end_mark.line:
            _note_rewritten(out, key_start, key_node.end_mark, style, key, (key_start.line + 1, key_start.column + 1))
        elif key == "<<":  # a merge key
            raise _Unclean
        if key in mapping:
            raise _Unclean
        if type(value_node) is ScalarNode and value_node.tag is None:  # most values: no call for them
            text = value_node.value
            if (
                not value_node.style
                and text
                and text[0] not in _SPECIAL_START
                and value_node.start_mark.line == value_node.end_mark.line
            ):  # one plain line of words
                mapping[key] = text
            else:
                mapping[key] = _scalar_value(value_node, out)
        else:
            mapping[key] = _node_data(value_node, depth + 1, out)
    return mapping


def _scalar_value(node: ScalarNode, out: Parsed) -> object:
    value: str = node.value
    style = node.style
    start = node.start_mark
    if style or start.line != node.end_mark.line:
        _note_rewritten(out, start, node.end_mark, style, value, (start.line + 1, start.column + 1))
    if style:  # quoted or block: text
        if style == '"' and INVISIBLE.search(value):
            raise _Unclean
        return value
    result, misreading = _plain_scalar(value)
    if misreading:
        raise _Unclean
    if type(result) is float:
        _note_scaled(out, result, (start.line + 1, start.column + 1))
    return result


# --- The native node reader: the same, in C -------------------------------------------------------

NATIVE_SOURCE = pathlib.Path(__file__).resolve().parents[2] / "native" / "pks_yamlc.c"
NATIVE_MODULE = "pks_yamlc"
# The native reader links the system's libyaml (libyaml-dev); the event reader runs the libyaml built
# into PyYAML. Pairs (native, PyYAML's) whose parsers were compared line by line: 0.2.6 only adds
# a nesting limit of 1000 (the native reader stops at MAX_DEPTH first) and reads "[?]" and "[? ]"
# where 0.2.5 gives up; in both cases the native reader hands the text to the event reader, so the
# verdict is the same. Any other pair: the Python node reader, which uses PyYAML's libyaml.
_LIBYAML_PAIRS = {("0.2.5", "0.2.6")}


def _load_native(source: pathlib.Path = NATIVE_SOURCE) -> tuple[ModuleType | None, str]:
    """(the compiled node reader, "active") or (None, why not).

    The module is looked up only among the environment's installed packages (site-packages, from
    site.getsitepackages(): 0.01 ms where sysconfig takes 1 ms), never on sys.path, which may
    hold the checkout or the working directory where a pull request could plant a binary; and it
    is used only when it was built from exactly the C
    source in this checkout (the SHA-256 compiled into it), so an edited but not rebuilt source
    never gives a verdict, and only on a libyaml compared with PyYAML's own (_LIBYAML_PAIRS).
    Anything else: the Python node reader, the same verdict, slower."""
    if os.environ.get("PKS_NATIVE_YAML", "").strip() == "0":
        return None, "disabled (PKS_NATIVE_YAML=0)"
    spec = importlib.machinery.PathFinder.find_spec(NATIVE_MODULE, site.getsitepackages())
    if spec is None or spec.loader is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        return None, "not installed (scripts/setup builds it: needs a C compiler and libyaml-dev)"
    try:
        expected = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return None, f"no C source to check it against ({source})"
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError as exc:  # built for another Python, or libyaml.so gone
        return None, f"not loadable ({exc})"
    if getattr(module, "SOURCE_SHA256", None) != expected:
        return None, f"stale: built from another {source.name} (run scripts/setup)"
    pairing = (getattr(module, "LIBYAML_VERSION", None), yaml_c.get_version_string())
    if pairing[0] != pairing[1] and pairing not in _LIBYAML_PAIRS:
        return None, f"its libyaml {pairing[0]} differs from PyYAML's {pairing[1]} (not compared yet)"
    module.configure(_plain_scalar, INVISIBLE.search, MAX_DEPTH)
    return module, "active"


def _read_native(text: str, positions: bool = True, native: ModuleType | None = None) -> Parsed | None:
    """_read_nodes in C (native/pks_yamlc.c, or the given build of it): the same Parsed, or None
    where _read_nodes gives None (and where its libyaml gives up but PyYAML's reads: _LIBYAML_PAIRS)."""
    native = native or _native
    if native is None or _may_hold_property(text):
        return None
    got = native.read(text, positions)
    if got is None:
        return None
    data, values, keys, rewritten, some_keys, has_root = got
    if positions:
        return Parsed(data, True, values, keys, rewritten=rewritten)
    return Parsed(data, True, rewritten=rewritten, positioned=False, some_values=has_root, some_keys=some_keys)


_native, NATIVE = _load_native()  # NATIVE: "active", or why the Python node reader reads instead
_read_clean: Callable[[str, bool], Parsed | None] = _read_native if _native is not None else _read_nodes


def _position(mark: _Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^:#]*:\s+|-\s+)(["'])""")


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """Where a value opens a quote that its line does not close, above before_line. A quoted value
    may go on over lines in YAML; in a record that is nearly always a forgotten closing quote, and
    the parser only notices lines later, where the next quote closes it by accident."""
    for number, line in enumerate(text.split("\n")[: before_line - 1], start=1):
        match = _OPENING_QUOTE.match(line)
        if not match:
            continue
        start = match.start(1)
        closing = r'"(?:[^"\\]|\\.)*"' if match[1] == '"' else r"'(?:[^']|'')*'"
        if not re.match(closing, line[start:]):
            return number, start + 1
    return None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str = "") -> tuple[str, tuple[int, int], dict]:
    """A libyaml error as a yaml-syntax problem: located at its cause, explained in both languages."""
    problem_text = str(exc.problem or "")
    context_text = str(exc.context or "")
    cause = exc.context_mark if context_text in _CAUSE_AT_CONTEXT else None
    at_cause = cause is not None
    position = _position(cause if cause is not None else (exc.problem_mark or exc.context_mark))
    reason_id, hint_id, hint_en = SYNTAX.get(problem_text, _GENERAL_SYNTAX)
    reason_en = " ".join(x for x in (context_text, problem_text) if x)
    quote = _unclosed_quote(text, position[0]) if not at_cause else None
    if quote:
        stopped = position[0]
        return (
            "yaml-syntax",
            quote,
            {
                "reason_id": f"tanda kutip dibuka di sini tetapi tidak ditutup di baris yang sama; pembaca YAML berhenti di baris {stopped}",
                "reason_en": f"a quote opens here but is not closed on the same line; the YAML reader stopped at line {stopped} ({reason_en})",
                "hint_id": _QUOTE_HINT[0],
                "hint_en": _QUOTE_HINT[1],
            },
        )
    if problem_text not in SYNTAX:
        reason_id = f"{reason_id} ({reason_en})"
    if cause is not None and exc.problem_mark is not None and exc.problem_mark.line != cause.line:
        gave_up = exc.problem_mark.line + 1
        reason_id += f"; pembaca YAML berhenti di baris {gave_up}"
        reason_en += f"; the YAML reader stopped at line {gave_up}"
    return (
        "yaml-syntax",
        position,
        {"reason_id": reason_id, "reason_en": reason_en, "hint_id": hint_id, "hint_en": hint_en},
    )
