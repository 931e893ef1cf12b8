"""Documents kept in the repository exist and match their recorded SHA-256."""

from __future__ import annotations

import hashlib

from site_builder.checks import Registry, check


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@check
def documents_match(reg: Registry):
    for doc in reg.agreements.values():
        for i, item in enumerate(doc.data.get("documents", [])):
            if "path" not in item:
                continue
            file = reg.root / item["path"]
            if not file.is_file():
                yield doc.problem("document-missing", ("documents", i, "path"), file=item["path"])
            elif sha256_of(file) != item["sha256"]:
                yield doc.problem("document-checksum", ("documents", i, "sha256"), file=item["path"], actual=sha256_of(file))
