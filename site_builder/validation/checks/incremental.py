"""The cross-record rules again after an edit (`pks serve`): what run_all gives, made from what changed.

A rule registered with @each (base.EachRecord) looks at one record at a time and yields problems on
that record only, from the record and what it looks up in the index. Run here, the rule is handed an
index whose tables note each entry the rule reads (a whole table when it walks one), so each record's
findings are kept with the entries they came from. After an edit, the new index is compared with the
last one entry by entry (a record file is the same only when it is the same judged document object);
the findings that read a changed entry are forgotten, and a record is looked at again when it changed
or has no findings kept. A rule that reads files (reg.root) is run again on that record every time,
and a rule registered with @check (the whole index at once) is run again whole.

The report is run_all's: the same problems, in the same order (each rule in turn, its records in the
index's order), with the same words; tests/validator/test_incremental_checks.py compares the two after
every kind of edit.
"""

from __future__ import annotations

import operator
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path
from typing import TypeVar

from site_builder.validation.checks.base import CHECKS, EachRecord, RecordIndex
from site_builder.validation.problems import Problem
from site_builder.validation.sources import SourceDocument

V = TypeVar("V")
WHOLE = "\0whole"  # the key a rule depends on when it read a whole table (never a record id: ids are text)
Entry = tuple[str, str]  # (table, key)
TABLES = ("agencies", "agreements", "plans", "all_ids")


class Reads:
    """What the rule (or, in site/incremental.py, the page) at work has read (None: none is at work),
    and whether it read files."""

    def __init__(self) -> None:
        self.current: set[Entry] | None = None
        self.files = False

    def note(self, table: str, key: str) -> None:
        if self.current is not None:
            self.current.add((table, key))


class TracedTable(dict[str, V]):
    """A table (read only) that notes each key read, and WHOLE when it is walked or counted: the
    index's tables here, the registry's for pks serve's pages (site/incremental.py). It holds nothing itself: a read that went around these methods would find it empty
    (and the comparison with run_all fail), never an unnoted entry."""

    def __init__(self, table: Mapping[str, V], name: str, reads: Reads):
        super().__init__()
        self.table, self.name, self.reads = table, name, reads

    def __getitem__(self, key: str) -> V:
        self.reads.note(self.name, key)
        return self.table[key]

    def get(self, key: str, default=None):
        self.reads.note(self.name, key)
        return self.table.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads.note(self.name, key if isinstance(key, str) else WHOLE)
        return key in self.table

    def __iter__(self) -> Iterator[str]:
        self.reads.note(self.name, WHOLE)
        return iter(self.table)

    def __len__(self) -> int:
        self.reads.note(self.name, WHOLE)
        return len(self.table)

    def keys(self) -> KeysView[str]:  # type: ignore[override]  # the table's own view
        self.reads.note(self.name, WHOLE)
        return self.table.keys()

    def values(self) -> ValuesView[V]:  # type: ignore[override]  # the table's own view
        self.reads.note(self.name, WHOLE)
        return self.table.values()

    def items(self) -> ItemsView[str, V]:  # type: ignore[override]  # the table's own view
        self.reads.note(self.name, WHOLE)
        return self.table.items()


class _TracedIndex(RecordIndex):
    """The index as a rule at work sees it here: every lookup noted (see the module's docstring)."""

    def __init__(self, plain: RecordIndex, reads: Reads):
        super().__init__(
            plain.root,
            plain.as_of,
            TracedTable(plain.agencies, "agencies", reads),
            TracedTable(plain.agreements, "agreements", reads),
            TracedTable(plain.plans, "plans", reads),
            TracedTable(plain.all_ids, "all_ids", reads),
            plain.flawed,
        )
        self.plain, self.reads = plain, reads

    @property  # a field of the index, read through to note a rule that reads files
    def root(self) -> Path:
        self.reads.files = True
        return self.plain.root

    @root.setter
    def root(self, value: Path) -> None:
        pass  # the plain index's, always

    def flawed_file(self, kind: str, record_id: str) -> str | None:
        self.reads.note("flawed:" + kind, record_id)
        return self.plain.flawed_file(kind, record_id)

    def plans_of(self, agreement_id: str) -> list[str]:
        self.reads.note("plans_of", agreement_id)
        return self.plain.plans_of(agreement_id)

    def trusted_ids(self, table: dict[str, SourceDocument]) -> list[str]:
        if isinstance(table, TracedTable):
            self.reads.note(table.name, WHOLE)
            table = getattr(self.plain, table.name)  # the plain index's table of that name
        return self.plain.trusted_ids(table)


class Rerun:
    """run_all, run again and again on indexes of mostly the same documents (see the module's docstring)."""

    def __init__(self) -> None:
        self.index: RecordIndex | None = None  # the last run's
        count = len(CHECKS)
        # By rule: the record kept per file (its findings stand while it is), the findings (files with
        # some), the records it looked at last time in order, and what it found on them in that order.
        self.seen: list[dict[str, SourceDocument]] = [{} for _ in range(count)]
        self.problems: list[dict[str, list[Problem]]] = [{} for _ in range(count)]
        self.domains: list[list[SourceDocument]] = [[] for _ in range(count)]
        self.outputs: list[list[Problem]] = [[] for _ in range(count)]
        self.dirty: set[int] = set()  # rules with findings forgotten since their last output
        self.files: set[int] = set()  # rules that read files last time (looked at again every time)
        self.readers: dict[Entry, set[tuple[int, str]]] = {}  # entry -> (rule number, record file) that read it
        self.looked_at = 0  # records looked at again by the last run (for tests)

    def run(self, reg: RecordIndex) -> list[Problem]:
        """run_all(reg)'s problems. reg must have no focus (`pks validate PATHS` runs run_all)."""
        assert reg.focus is None
        before = self.index
        if before is None or (before.root, before.as_of) != (reg.root, reg.as_of):
            self.__init__()  # type: ignore[misc]  # everything forgotten
        else:
            self._forget(changed(before, reg))
        self.index = reg
        reads = Reads()
        traced = _TracedIndex(reg, reads)
        self.looked_at = 0
        out: list[Problem] = []
        for number, rule in enumerate(CHECKS):
            if not isinstance(rule, EachRecord):
                out.extend(rule(reg))
                continue
            docs = list(rule.domain(reg))
            last = self.domains[number]
            if (
                number not in self.dirty
                and number not in self.files
                and len(last) == len(docs)
                and all(map(operator.is_, last, docs))
            ):
                out.extend(self.outputs[number])  # the same records, each with its findings
                continue
            self.files.discard(number)
            seen, problems = self.seen[number], self.problems[number]
            for doc in [doc for doc in docs if seen.get(doc.path) is not doc]:
                self._look(number, rule, traced, doc, reads)
            found = [p for doc in docs if doc.path in problems for p in problems[doc.path]] if problems else []
            self.domains[number], self.outputs[number] = docs, found
            self.dirty.discard(number)
            out.extend(found)
        return out

    def _look(self, number: int, rule: EachRecord, traced: _TracedIndex, doc: SourceDocument, reads: Reads) -> None:
        self.looked_at += 1
        reads.current, reads.files = set(), False
        try:
            found = list(rule.on(traced, doc))
        finally:
            noted, reads.current = reads.current, None
        if found:
            self.problems[number][doc.path] = found
        else:
            self.problems[number].pop(doc.path, None)
        if reads.files:  # not kept: looked at again next time
            self.seen[number].pop(doc.path, None)
            self.files.add(number)
            return
        self.seen[number][doc.path] = doc
        for entry in noted:
            self.readers.setdefault(entry, set()).add((number, doc.path))

    def _forget(self, entries: set[Entry]) -> None:
        for entry in entries:
            for number, path in self.readers.pop(entry, ()):
                self.seen[number].pop(path, None)
                self.dirty.add(number)


def changed(before: RecordIndex, now: RecordIndex) -> set[Entry]:
    """The entries of the index that differ between before and now, with (table, WHOLE) for each table
    that differs at all. A record is the same only as the same document object (both indexes hold
    theirs, so no two of them share an id() here)."""
    out: set[Entry] = set()
    for name in ("agencies", "agreements", "plans"):
        old, new = getattr(before, name), getattr(now, name)
        differ = (
            dict(zip(old, map(id, old.values()), strict=True)).items()
            ^ dict(zip(new, map(id, new.values()), strict=True)).items()
        )
        out.update((name, key) for key, _ in differ)
    old_ids, new_ids = before.all_ids, now.all_ids
    differ = _identities(old_ids).items() ^ _identities(new_ids).items()
    out.update(("all_ids", key) for key, _ in differ)
    for kind in before.flawed.keys() | now.flawed.keys():
        old_flawed, new_flawed = before.flawed.get(kind, {}), now.flawed.get(kind, {})
        out.update(("flawed:" + kind, key) for key, _ in old_flawed.items() ^ new_flawed.items())
    old_plans, new_plans = before.plans_by_agreement(), now.plans_by_agreement()
    out.update(
        ("plans_of", key) for key in old_plans.keys() | new_plans.keys() if old_plans.get(key) != new_plans.get(key)
    )
    out.update((table, WHOLE) for table in {table for table, _ in out})
    return out


def _identities(table: dict[str, list[SourceDocument]]) -> dict[str, tuple[int, ...]]:
    return {key: tuple(map(id, docs)) for key, docs in table.items()}
