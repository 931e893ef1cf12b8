"""The per-file stage of validation: read, parse, privacy scan, schema check and the record's own
rules (conflicts) of one record file.

Its outcome is a compact, marshal-able Verdict, so it can be computed in another process and kept
in the cache (site_builder/cache.py). A SourceDocument is rebuilt from a Verdict and the file's
text; the positions of its values are found again only if a cross-record problem asks for one,
by the same parser on the same text, so they are exactly those the first parse found.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.validation import conflicts, privacy, sources, summaries
from site_builder.validation.problems import Problem, problem
from site_builder.validation.sources import SourceDocument

if TYPE_CHECKING:  # imported where used: `pks validate FILE` reads cached verdicts without either library
    from site_builder.validation import schemas


@dataclass
class Verdict:
    """Everything validation needs from one file except cross-record rules (which see them all)."""

    relpath: str
    kind: str | None
    parsed: bool
    shaped: bool  # parsed, of a known kind, and without schema problems
    has_positions: bool  # the YAML parser ran, so positions can be found again from the text
    data: object
    read_problems: list[Problem]  # SourceDocument.problems: location, name, encoding, YAML
    other_problems: list[Problem]  # privacy, schema and the record's own rules (conflicts)

    def dumps(self) -> bytes:
        return marshal.dumps(self.as_tuple())

    @classmethod
    def loads(cls, blob: bytes | memoryview) -> Verdict:
        return cls.from_tuple(marshal.loads(blob))

    def as_tuple(self) -> tuple:
        """The verdict as marshal-able values."""
        return (
            self.relpath,
            self.kind,
            self.parsed,
            self.shaped,
            self.has_positions,
            self.data,
            [_fields(p) for p in self.read_problems],
            [_fields(p) for p in self.other_problems],
        )

    @classmethod
    def from_tuple(cls, values: tuple) -> Verdict:
        relpath, kind, parsed, shaped, has_positions, data, read_problems, other_problems = values
        return cls(
            relpath,
            kind,
            parsed,
            shaped,
            has_positions,
            data,
            [Problem(*p) for p in read_problems] if read_problems else [],  # most files have none: a
            [Problem(*p) for p in other_problems] if other_problems else [],  # tenth of pre-commit's loop
        )

    def summary(self, packed: bool = True, summarized: bool = False) -> tuple:
        """as_tuple() with the record reduced to what cross-record rules read (site_builder/validation/summaries.py):
        packed as the cache keeps it, or plain (for a run whose rules read every summary anyway).
        Summarized: this verdict's data already is its record's plain summary."""
        values = self.as_tuple()
        summary = self.data if summarized else summaries.summarize(self.kind, self.data)
        return values[:5] + (summaries.pack(summary) if packed else summary,) + values[6:]

    @property
    def problems(self) -> list[Problem]:
        return self.read_problems + self.other_problems

    def document(self, text: str | Callable[[], str]) -> SourceDocument:
        """The SourceDocument this verdict was made from, positions on demand; its text as given, or
        read by the given function the first time it is needed (a file found in the cache by its stat)."""
        doc: SourceDocument
        if callable(text):
            once = _TextOnce(text)
            lazy = _LazyTextDocument(
                self.relpath, self.kind, "", self.data, self.parsed, problems=list(self.read_problems)
            )
            lazy.once = once
            doc, read = lazy, once.get
        else:
            written = text
            doc = SourceDocument(
                self.relpath, self.kind, written, self.data, self.parsed, problems=list(self.read_problems)
            )
            read = lambda: written  # noqa: E731
        if self.has_positions:
            positions = sources.Reparse(read)
            doc.values, doc.keys = sources.Positions(positions, "values"), sources.Positions(positions, "keys")
        return doc


class _TextOnce:
    """A text read by a function the first time it is asked for."""

    def __init__(self, read: Callable[[], str]):
        self.read: Callable[[], str] | None = read
        self.value = ""

    def get(self) -> str:
        if self.read is not None:
            self.value, self.read = self.read(), None
        return self.value


class _LazyTextDocument(SourceDocument):
    """A SourceDocument whose text is read only if a problem needs a position or a line of it."""

    once: _TextOnce | None = None
    _text: str = ""

    @property
    def text(self) -> str:
        return self.once.get() if self.once else self._text

    @text.setter
    def text(self, value: str) -> None:
        self.once, self._text = None, value


_PROBLEM_FIELDS = [f.name for f in fields(Problem)]


def _fields(item: Problem) -> tuple:
    return tuple(getattr(item, name) for name in _PROBLEM_FIELDS)


def privacy_problems(doc: SourceDocument) -> list[Problem]:
    """Personal numbers in the raw text, in what YAML reads from it, and in the file's path. Most
    records hold no run of digits long enough for either scan of the text (privacy.surely_clean: the
    rewritten values are those YAML read from doc.text, sources.py)."""
    located = [] if privacy.surely_clean(doc.text) else privacy.scan_record(doc.text, doc.rewritten)
    found = [
        problem(doc.path, f.code, (f.line, f.column), masked=f.masked, last_line=f.last_line)
        if f.last_line
        else problem(doc.path, f.code, (f.line, f.column), masked=f.masked)
        for f in located
    ]
    found += [problem(doc.path, f.code, None, masked=f.masked) for f in privacy.scan(doc.path)]
    return found


def judge(doc: SourceDocument, checker: schemas.Schemas) -> Verdict:
    """The verdict on a document already read."""
    schema_problems = checker.check(doc) if doc.parsed and doc.kind else []
    return Verdict(
        doc.path,
        doc.kind,
        doc.parsed,
        bool(doc.parsed and doc.kind and not schema_problems),
        bool(doc.values or doc.keys),
        doc.data,
        list(doc.problems),
        privacy_problems(doc) + schema_problems + conflicts.problems(doc),
    )


@dataclass(frozen=True)
class Checked:
    """What a worker sends back for one file: its verdict, its text, and the cache key when it may be
    kept, with the file's stat taken before it was read; when the parent reads summaries only, the
    verdict with its record summarized (and the whole verdict only for the cache)."""

    relpath: str
    blob: bytes  # Verdict.dumps(); empty when nobody will read it
    text: str
    key: bytes | None
    identity: tuple | None
    summary: bytes = b""  # marshal of Verdict.summary(), when asked for

    def as_tuple(self) -> tuple:
        """The fields as plain values: a tuple crosses between processes cheaper than a dataclass."""
        return (self.relpath, self.blob, self.text, self.key, self.identity, self.summary)


def check_file(
    root: Path, relpath: str, checker: schemas.Schemas, key_of=None, whole: bool = True, summarized: bool = False
) -> tuple[Verdict, Checked]:
    """Read and judge one file. With key_of, the result carries key_of(relpath, bytes) when the bytes
    keyed are those judged: the file did not change while it was read (same inode, size, times).
    The whole verdict is packed when whole is true or a key lets the cache keep it; its summary
    (site_builder/validation/summaries.py) when summarized is true."""
    verdict, checked = _checked(root, relpath, checker, key_of, whole, summarized)
    return verdict, Checked(*checked)


def _checked(root: Path, relpath: str, checker: schemas.Schemas, key_of, whole: bool, summarized: bool) -> tuple:
    """check_file's verdict, with what it sends as the values of Checked.as_tuple()."""
    doc, raw, before = sources.read_judged(root, relpath)
    verdict = judge(doc, checker)
    # the bytes judged are those keyed; the stat remembered with them must still be the file's, as it
    # was before they were read (so the file did not change while it was read, nor since)
    same = key_of is not None and raw is not None and before is not None
    key = key_of(relpath, raw) if same and identity(os.path.join(root, relpath)) == before else None
    blob = verdict.dumps() if whole or key is not None else b""
    summary = marshal.dumps(verdict.summary(packed=False)) if summarized else b""
    return verdict, (relpath, blob, doc.text, key, before if key_of else None, summary)


def check_files(root: str, relpaths: list[str], key_of=None, summarized: bool = False) -> list[tuple]:
    """A worker's share: judge each file; only the compact results cross back to the parent, as
    Checked.as_tuple(). Summarized: the parent reads the summaries, and whole verdicts only to keep
    them in the cache."""
    from site_builder.validation import schemas

    base = Path(root)
    checker = schemas.load(base / "schema")
    whole = not summarized
    return [_checked(base, relpath, checker, key_of, whole, summarized)[1] for relpath in relpaths]


def identity(file: Path | str) -> tuple | None:
    """(inode, size, mtime, ctime): what changes whenever the file's content does; None for links,
    big or unreadable files (never kept)."""
    try:
        return sources.identity(os.lstat(file))
    except OSError:
        return None


def raw_bytes(file: Path | str) -> bytes | None:
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except OSError:
        return None
