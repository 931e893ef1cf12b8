"""Cross-record checks: one generator per rule family, each yielding located Problems.

Checks run only on documents whose shape passed the schema, so they index data directly.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from site_builder.problems import Problem
from site_builder.sources import SourceDocument


@dataclass
class Registry:
    """The records that passed the schema, by kind and id, plus what checks need around them."""

    root: Path
    as_of: dt.date
    agencies: dict[str, SourceDocument] = field(default_factory=dict)
    agreements: dict[str, SourceDocument] = field(default_factory=dict)
    plans: dict[str, SourceDocument] = field(default_factory=dict)
    # Ids of every parsed record, even one the schema rejected: a reference to it is not "unknown",
    # the record itself is broken and already reported.
    known: dict[str, set[str]] = field(default_factory=lambda: {"agency": set(), "agreement": set(), "action-plan": set()})
    all_ids: dict[str, list[SourceDocument]] = field(default_factory=dict)  # lower-cased id -> documents

    @classmethod
    def from_documents(cls, root: Path, as_of: dt.date, shaped: list[SourceDocument],
                       parsed: list[SourceDocument] = ()) -> "Registry":
        reg = cls(root, as_of)
        table = {"agency": reg.agencies, "agreement": reg.agreements, "action-plan": reg.plans}
        for doc in shaped:
            table[doc.kind].setdefault(doc.data["id"], doc)
        for doc in list(parsed) or shaped:
            record_id = doc.data.get("id")
            if isinstance(record_id, str):
                reg.known[doc.kind].add(record_id)
                reg.all_ids.setdefault(record_id.lower(), []).append(doc)
        return reg


Check = Callable[[Registry], Iterator[Problem]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def suggestion(word: str, choices) -> dict[str, str]:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        return {"suggestion": "", "suggestion_en": ""}
    return {"suggestion": f"maksud Anda '{close[0]}'? ", "suggestion_en": f"did you mean '{close[0]}'? "}


def run_all(reg: Registry) -> list[Problem]:
    from site_builder.checks import dates, documents, identity, references  # noqa: F401  (registers checks)

    out: list[Problem] = []
    for func in CHECKS:
        out.extend(func(reg))
    return out
