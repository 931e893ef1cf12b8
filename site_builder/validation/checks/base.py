"""The ground every cross-record rule stands on: the registry view, the shape-safe readers, the
@check decorator that registers a rule, and the did-you-mean suggestion for a mistyped id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.validation import fixes, messages, vocabulary
from site_builder.validation.problems import Problem
from site_builder.validation.sources import SourceDocument


def dig(data: object, *path: str | int) -> object:
    """The value at path, or None when a step is missing or of the wrong shape."""
    for step in path:
        if data.__class__ is dict and step.__class__ is str:  # most steps (a key of a record's mapping): one test
            data = data.get(step)
        elif isinstance(data, dict):
            if isinstance(step, int):
                return None
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _at(data: object, path: tuple[str | int, ...]) -> object:
    """dig(data, *path), with the path as given (no unpacking): most paths are keys of mappings,
    read here; anything else takes dig's walk from the start."""
    value = data
    for step in path:
        if step.__class__ is str and isinstance(value, dict):
            value = value.get(step)
        else:
            return dig(data, *path)
    return value


def text_at(data: object, *path: str | int) -> str | None:
    """The string at path, or None when it is absent or not a string."""
    value = _at(data, path)
    return value if value.__class__ is str or isinstance(value, str) else None


def entries(data: object, *path: str | int) -> list[tuple[int, dict]]:
    """(index, item) for each mapping in the list at path; anything else there is skipped."""
    value = _at(data, path)
    if value.__class__ is not list and not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if item.__class__ is dict or isinstance(item, dict)]


@dataclass
class RecordIndex:
    """What the cross-record rules look records up in (not model.Registry, the site's): every record
    that parsed into a mapping, by kind and id, plus what checks need around them."""

    root: Path
    as_of: dt.date
    agencies: dict[str, SourceDocument] = field(default_factory=dict)
    agreements: dict[str, SourceDocument] = field(default_factory=dict)
    plans: dict[str, SourceDocument] = field(default_factory=dict)
    all_ids: dict[str, list[SourceDocument]] = field(default_factory=dict)  # lower-cased id -> documents
    # Record files whose id cannot be relied on, by file name: unreadable, without an id, or with an id
    # other than the file name. A reference by that name is a consequence of that file's error, not a
    # wrong id, and is reported as such (one cause, one error).
    flawed: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> {file stem: path}
    _trusted: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)
    # Which records the rules report on (by path; None: all). Every rule yields problems only on the
    # record it is looking at, so restricting that record, never the lookups, gives exactly a full
    # run's problems of those files: `pks validate FILE` at national scale judges one record.
    focus: Callable[[str], bool] | None = None
    _chosen: dict = field(default_factory=dict, repr=False)  # id of a table -> its records in focus
    _plans_of: dict[str, list[str]] | None = field(
        default=None, repr=False, compare=False
    )  # agreement id -> plan files

    @classmethod
    def from_documents(
        cls,
        root: Path,
        as_of: dt.date,
        shaped: Sequence[SourceDocument],
        parsed: Sequence[SourceDocument] = (),
        unreadable: Sequence[SourceDocument] = (),
    ) -> RecordIndex:
        """Index the parsed documents (shaped ones are a subset of them; alone when parsed is not given)."""
        reg = cls(root, as_of)
        table = {"agency": reg.agencies, "agreement": reg.agreements, "action-plan": reg.plans}
        for doc in list(parsed) or list(shaped):
            record_id = text_at(doc.data, "id")
            if record_id != doc.stem and doc.kind:
                reg.flawed.setdefault(doc.kind, {})[doc.stem] = doc.path
            if record_id is None or doc.kind not in table:
                continue
            table[doc.kind].setdefault(record_id, doc)
            reg.all_ids.setdefault(record_id.lower(), []).append(doc)
        for doc in unreadable:
            if doc.kind:
                reg.flawed.setdefault(doc.kind, {})[doc.stem] = doc.path
        return reg

    def each(self, table: dict[str, SourceDocument]) -> list[SourceDocument]:
        """The records of a table the rules report on."""
        if self.focus is None:
            return list(table.values())
        chosen = self._chosen.get(id(table))
        if chosen is None:
            chosen = self._chosen[id(table)] = [doc for doc in table.values() if self.focus(doc.path)]
        return chosen

    def reports_on(self, doc: SourceDocument) -> bool:
        return self.focus is None or self.focus(doc.path)

    def flawed_file(self, kind: str, record_id: str) -> str | None:
        """The file named after record_id whose own error explains why no record has that id."""
        return self.flawed.get(kind, {}).get(record_id)

    def plans_of(self, agreement_id: str) -> list[str]:
        """The files of the action plans (those the plans table holds) for an agreement of the index."""
        return self.plans_by_agreement().get(agreement_id, [])

    def plans_by_agreement(self) -> dict[str, list[str]]:
        if self._plans_of is None:
            self._plans_of = {}
            for doc in self.plans.values():
                target = text_at(doc.data, "agreement")
                if target in self.agreements:
                    self._plans_of.setdefault(target, []).append(doc.path)
        return self._plans_of

    def trusted_ids(self, table: dict[str, SourceDocument]) -> list[str]:
        """Ids to suggest for a mistyped reference: those whose file is named after them (listed once
        per table: a registry with thousands of broken references asks for them thousands of times)."""
        key = id(table)
        if key not in self._trusted:
            self._trusted[key] = [record_id for record_id, doc in table.items() if doc.stem == record_id]
        return self._trusted[key]


Check = Callable[[RecordIndex], Iterator[Problem]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    """A rule over the whole index at once (`pks serve` runs it again after every edit)."""
    CHECKS.append(func)
    return func


Domain = Callable[[RecordIndex], Iterable[SourceDocument]]
OnRecord = Callable[[RecordIndex, SourceDocument], Iterator[Problem]]


class EachRecord:
    """A rule that looks at the records of its domain one at a time and yields problems on that record
    only, from that record and what it looks up in the index (reg's tables, flawed_file, plans_of,
    trusted_ids). The index answers the same for the same record and the same entries, so `pks serve`
    keeps each record's findings until the record or an entry it read changes (checks/incremental.py).
    A rule that reads anything else (files: reg.root) is run again for that record every time."""

    def __init__(self, domain: Domain, on: OnRecord):
        self.domain, self.on = domain, on
        self.__name__ = on.__name__

    def __call__(self, reg: RecordIndex) -> Iterator[Problem]:
        for doc in self.domain(reg):
            yield from self.on(reg, doc)


def each(domain: Domain) -> Callable[[OnRecord], EachRecord]:
    """Registers a rule on each record domain(reg) gives (the records in focus, in the index's order)."""

    def register(on: OnRecord) -> EachRecord:
        rule = EachRecord(domain, on)
        CHECKS.append(rule)
        return rule

    return register


def agencies(reg: RecordIndex) -> list[SourceDocument]:
    return reg.each(reg.agencies)


def agreements(reg: RecordIndex) -> list[SourceDocument]:
    return reg.each(reg.agreements)


def plans(reg: RecordIndex) -> list[SourceDocument]:
    return reg.each(reg.plans)


def records(reg: RecordIndex) -> list[SourceDocument]:
    """Agencies, agreements, then plans."""
    return agencies(reg) + agreements(reg) + plans(reg)


def with_ids(reg: RecordIndex) -> list[SourceDocument]:
    """Every record that has an id, by id (in the order each id first appears), duplicates included."""
    every = [doc for docs in reg.all_ids.values() for doc in docs]
    return every if reg.focus is None else list(filter(reg.reports_on, every))


class Suggestion(messages.DidYouMean, total=False):
    fix: tuple[fixes.Edit, ...]


def suggestion(word: str, choices, doc: SourceDocument | None = None, path: tuple = ()) -> Suggestion:
    """Did-you-mean parameters for a mistyped id, with the fix that writes the suggested id at path."""
    own_id = text_at(doc.data, "id") if doc is not None else None
    meant = vocabulary.closest_id(word, [c for c in choices if c != own_id])  # never itself
    said = messages.did_you_mean(meant)
    found = Suggestion(suggestion=said["suggestion"], suggestion_en=said["suggestion_en"])
    if meant and doc is not None:
        found["fix"] = fixes.replace_scalar(doc.text, doc.values.get(path), meant)
    return found
