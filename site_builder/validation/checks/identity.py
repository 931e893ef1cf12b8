"""Identity: ids match file names, are unique, and items inside a record are unique."""

from __future__ import annotations

from site_builder.validation import fixes
from site_builder.validation.checks.base import (
    RecordIndex,
    agencies,
    agreements,
    each,
    entries,
    plans,
    text_at,
    with_ids,
)
from site_builder.validation.sources import SourceDocument, valid_stem


@each(with_ids)
def id_matches_file_name(reg: RecordIndex, doc: SourceDocument):
    # an invalid file name is already reported with a suggested name; "make the id equal
    # to the file name" would then suggest an invalid id
    if text_at(doc.data, "id") != doc.stem and valid_stem(doc.stem):
        yield doc.problem(
            "id-filename-mismatch",
            ("id",),
            id=text_at(doc.data, "id"),
            stem=doc.stem,
            fix=fixes.replace_scalar(doc.text, doc.values.get(("id",)), doc.stem),
        )


@each(with_ids)
def ids_are_unique(reg: RecordIndex, doc: SourceDocument):
    """Every file of a clash is reported, each naming another: with `pks validate PATHS` the clash
    must show whichever of the files is named, not only the one that sorts later."""
    record_id = text_at(doc.data, "id")
    docs = reg.all_ids[record_id.lower()] if record_id is not None else []
    if len(docs) > 1:
        other = docs[1] if doc is docs[0] else docs[0]
        yield doc.problem("id-duplicate", ("id",), id=record_id, other=other.path)


def _duplicates(data, collection: str, key: str):
    """(index, value) of each item whose key repeats an earlier item's; items without it are skipped."""
    seen = set()
    for index, item in entries(data, collection):
        value = text_at(item, key)
        if value is None:
            continue
        if value in seen:
            yield index, value
        seen.add(value)


@each(agreements)
def items_are_unique(reg: RecordIndex, doc: SourceDocument):
    for index, value in _duplicates(doc.data, "scope", "id"):
        yield doc.problem("item-id-duplicate", ("scope", index, "id"), id=value, collection="scope")
    for index, value in _duplicates(doc.data, "parties", "agency"):
        yield doc.problem("party-duplicate", ("parties", index, "agency"), id=value)


@each(plans)
def activities_are_unique(reg: RecordIndex, doc: SourceDocument):
    for index, value in _duplicates(doc.data, "activities", "id"):
        yield doc.problem("item-id-duplicate", ("activities", index, "id"), id=value, collection="activities")


# Names the site uses for its own pages and folders: a record page named so would replace one
# (instansi/index.html is the agencies list with directory URLs) or be unreachable.
RESERVED_IDS = frozenset(
    {
        "index",
        "404",
        "search",
        "assets",
        "data",
        "schema",
        "sitemap",
        "feed",
        "tema",
        "perjanjian",
        "instansi",
        "tentang-data",
        "referensi",
        "kontributor",
        "teknis",
        "cari",
    }
)
_PAGE_FOLDER = {"agency": "instansi", "agreement": "perjanjian"}


def _reserved(kind: str):
    def on(reg: RecordIndex, doc: SourceDocument):
        record_id = text_at(doc.data, "id")
        if record_id in RESERVED_IDS:
            yield doc.problem(
                "id-reserved",
                ("id",),
                id=record_id,
                page=f"{_PAGE_FOLDER[kind]}/{record_id}.html",
                suggestion=f"{_PAGE_FOLDER[kind]}-{record_id}",
            )

    on.__name__ = f"{kind}_ids_are_not_page_names"
    return on


agency_ids_are_not_page_names = each(agencies)(_reserved("agency"))
agreement_ids_are_not_page_names = each(agreements)(_reserved("agreement"))
