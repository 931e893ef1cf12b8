"""How `pks diff` names things in Indonesian: a date as a record gives it, a term, an agreement's
kind, a party by its agency's name, a record key by its schema title, a signing. The words are
labels.py's (`diff` and the site's date words)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from site_builder.dates import Term
from site_builder.labels import INDONESIAN
from site_builder.site.filters import term_text
from site_builder.workflow.revisions import RecordData, dig

PHRASES = INDONESIAN.diff
_UI = INDONESIAN.ui


def when(value: object) -> str:
    """A date_bound as a reader says it."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "earliest" in value and "latest" in value:
        return _UI["date_range"].format(earliest=value["earliest"], latest=value["latest"])
    if isinstance(value, dict) and set(value) == {"latest"}:
        return _UI["date_latest_only"].format(latest=value["latest"])
    if isinstance(value, dict) and set(value) == {"earliest"}:
        return _UI["date_earliest_only"].format(earliest=value["earliest"])
    return _UI["unknown"]


def term_words(value: object) -> str:
    """A validity.duration as a reader says it: '5 tahun', '1 tahun hingga 3 tahun'."""
    term = Term.of(value)
    return PHRASES["term_none"] if term is None else term_text(INDONESIAN, term)


def kind_word(data: object) -> str:
    kind = data.get("kind") if isinstance(data, dict) else None
    return INDONESIAN.short_kind(kind)


def quoted(value: object) -> str:
    """A value a record gives, in quotes; "tidak diketahui" when it gives none."""
    return PHRASES["quoted"].format(value=value) if isinstance(value, str) else _UI["unknown"]


class Words:
    """How the summary names things: an agency by its name and short name from the records, a record key
    by the Indonesian title its schema gives it. Without records or schemas, ids and keys stand in."""

    def __init__(
        self,
        agencies: Callable[[str], RecordData | None] = lambda _: None,
        titles: dict[str, dict[str, str]] | None = None,
    ):
        self._agencies, self._titles = agencies, titles or {}

    def party(self, agency_id: object) -> str:
        data = self._agencies(agency_id) if isinstance(agency_id, str) else None
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            return PHRASES["party_unrecorded"].format(id=agency_id)
        name, short = data["name"], data.get("short_name")
        return (
            PHRASES["party_named"].format(name=name, short=short) if isinstance(short, str) and short != name else name
        )

    def parties(self, agency_ids: Iterable[object]) -> str:
        return ", ".join(self.party(a) for a in agency_ids)

    def field(self, kind: str, key: str) -> str:
        title = self._titles.get(kind, {}).get(key)
        return PHRASES["field_titled"].format(title=title, key=key) if title else key


def schema_titles(root: Path) -> dict[str, dict[str, str]]:
    """{record kind: {top-level key: Indonesian title}} from the registry's schemas (words only, never a verdict)."""
    from site_builder.validation.schemas import SCHEMA_FILES

    out: dict[str, dict[str, str]] = {}
    for kind, name in SCHEMA_FILES.items():
        try:
            properties = json.loads((root / "schema" / name).read_text(encoding="utf-8")).get("properties", {})
        except (OSError, ValueError, AttributeError):
            continue
        out[kind] = {
            key: node["title"].split(" / ")[0]
            for key, node in properties.items()
            if isinstance(node, dict) and isinstance(node.get("title"), str)
        }
    return out


def signed_phrase(data: RecordData) -> str:
    """ "ditandatangani 2023-03-13 di Barabai", with the place only when the record knows it."""
    day, place = dig(data, "signed", "date"), dig(data, "signed", "place")
    said = when(day)
    said = PHRASES["signed_unknown"] if said == when(None) else PHRASES["signed"].format(date=said)
    return said + (PHRASES["signed_place"].format(place=place) if isinstance(place, str) else "")
