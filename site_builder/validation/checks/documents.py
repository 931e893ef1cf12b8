"""Documents kept in the repository exist and match their recorded SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from site_builder.validation.checks.base import RecordIndex, agreements, each, entries, text_at
from site_builder.validation.sources import SourceDocument


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _inside(root: Path, relpath: str) -> Path | None:
    """The regular file relpath names inside root, or None: links and paths that leave the
    repository (a record the schema rejected can hold '../..') are never opened."""
    file = root / relpath
    try:
        if file.is_symlink() or not file.resolve().is_relative_to(root.resolve()) or not file.is_file():
            return None
    except (OSError, ValueError):
        return None
    return file


@each(agreements)
def documents_match(reg: RecordIndex, doc: SourceDocument):
    for i, item in entries(doc.data, "documents"):
        relpath = text_at(item, "path")
        if relpath is None:
            continue
        file = _inside(reg.root, relpath)
        if file is None:
            yield doc.problem("document-missing", ("documents", i, "path"), file=relpath)
            continue
        try:
            actual = sha256_of(file)
        except OSError:
            yield doc.problem("document-missing", ("documents", i, "path"), file=relpath)
            continue
        recorded = text_at(item, "sha256")
        if recorded is not None and actual != recorded:
            yield doc.problem("document-checksum", ("documents", i, "sha256"), file=relpath, actual=actual)
