"""Cross-record checks: one generator per rule family, each yielding located Problems.

Checks run on every record that parsed into a mapping, including records the schema rejected.
Decision: a maintainer who mistypes one key should not have to fix it and run the validator
again to learn that the same file also names an agency that does not exist; one run reports
every problem (issue 2, section 4). The price is that checks cannot trust the shape of the data,
so they read it only through `dig`, `text_at` and `entries`, which answer None or nothing for a
value of the wrong shape. A value of the wrong shape is simply skipped: the schema stage has
already reported it. The typed model (model.build) still receives only schema-valid documents.
"""

from __future__ import annotations

# Each family registers its rules with @check when imported; the families import base, never this package.
from site_builder.validation.checks import dates, documents, identity, references
from site_builder.validation.checks.base import CHECKS, RecordIndex, suggestion
from site_builder.validation.problems import Problem

__all__ = ["RecordIndex", "dates", "documents", "identity", "references", "run_all", "suggestion"]


def run_all(reg: RecordIndex) -> list[Problem]:
    out: list[Problem] = []
    for func in CHECKS:
        out.extend(func(reg))
    return out
