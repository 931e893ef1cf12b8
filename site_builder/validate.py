"""Orchestrate validation: read every file, check the schema, then cross-record rules; one Report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from site_builder import privacy, schemas, sources
from site_builder.checks import Registry, run_all
from site_builder.problems import Report, problem
from site_builder.sources import SourceDocument


def privacy_problems(doc: SourceDocument) -> list:
    found = [problem(doc.path, f.code, privacy.line_col(doc.text, f.start), masked=f.masked) for f in privacy.scan(doc.text)]
    found += [problem(doc.path, f.code, None, masked=f.masked) for f in privacy.scan(doc.path)]
    return found


def load_documents(root: Path) -> list[SourceDocument]:
    return [sources.read(root, file) for file in sources.discover(root)]


def validate(root: Path, as_of: dt.date, docs: list[SourceDocument] | None = None) -> tuple[Report, list[SourceDocument]]:
    """Every problem in the registry at root, and the documents that passed every stage's gate."""
    docs = load_documents(root) if docs is None else docs
    checker = schemas.load(root / "schema")
    report = Report()
    shaped, parsed = [], []
    for doc in docs:
        report.files_checked[doc.kind or "other"] += 1
        report.extend(doc.problems)
        report.extend(privacy_problems(doc))
        if doc.parsed and doc.kind:
            parsed.append(doc)
            found = checker.check(doc)
            report.extend(found)
            if not found:
                shaped.append(doc)
    registry = Registry.from_documents(root, as_of, shaped, parsed)
    report.extend(run_all(registry))
    return report, shaped
