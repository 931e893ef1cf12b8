"""The registry's records as they are at one commit: read through gitinfo (one `git cat-file
--batch` per side, no checkout), parsed on demand, kept for the rest of one `pks diff`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from site_builder import gitinfo
from site_builder.validation import yamlread
from site_builder.validation.sources import kind_of, stem_of

# A record as YAML gives it: string keys, values of any shape (every use checks the shape it needs;
# the records of a commit under review have not been validated).
RecordData = dict[str, Any]
UNREADABLE: Literal["unreadable"] = "unreadable"
# What a path holds at a commit: the record's mapping, None when absent, UNREADABLE when it is not a
# readable record.
Content = RecordData | Literal["unreadable"] | None


class Revision:
    """Records of one commit, parsed on demand and cached."""

    def __init__(self, root: Path, sha: str):
        self.root, self.sha = root, sha
        self._cache: dict[str, Content] = {}
        self._agreement_paths: dict[str, str] | None = None

    def load(self, paths: list[str]) -> None:
        wanted = [p for p in dict.fromkeys(paths) if p not in self._cache and "\n" not in p]
        if not wanted:
            return
        for path, blob in gitinfo.blobs(self.root, self.sha, wanted).items():
            self._cache[path] = None if blob is None else _parse(blob)

    def data(self, path: str) -> Content:
        """The record's mapping; None when absent; "unreadable" when it is not a readable record."""
        self.load([path])
        return self._cache[path]

    def agreement(self, agreement_id: str) -> tuple[str, RecordData] | None:
        if self._agreement_paths is None:
            self._agreement_paths = {}
            for path in gitinfo.tree_paths(self.root, self.sha, "agreements"):
                if kind_of(path) == "agreement" and path.endswith(".yaml"):
                    self._agreement_paths.setdefault(stem_of(path), path)
        found = self._agreement_paths.get(agreement_id)
        data = self.data(found) if found else None
        return (found, data) if found and isinstance(data, dict) else None

    def agency(self, agency_id: str) -> RecordData | None:
        data = self.data(agency_path(agency_id)) if isinstance(agency_id, str) and "/" not in agency_id else None
        return data if isinstance(data, dict) else None


def agency_path(agency_id: str) -> str:
    return f"agencies/{agency_id}.yaml"


def _parse(blob: bytes) -> RecordData | Literal["unreadable"]:
    try:
        parsed = yamlread.parse(blob.decode("utf-8"))
    except UnicodeDecodeError:
        return UNREADABLE
    return parsed.data if parsed.ok and isinstance(parsed.data, dict) else UNREADABLE


def dig(data: object, *path: str) -> Any:
    """data[path[0]][path[1]]...; None where a level is missing or not a mapping."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
