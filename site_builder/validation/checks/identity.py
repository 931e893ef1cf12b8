"""Identity: ids match file names, are unique, and items inside a record are unique."""

from __future__ import annotations

from site_builder.validation import fixes
from site_builder.validation.checks.base import RecordIndex, check, entries, text_at
from site_builder.validation.sources import valid_stem


@check
def id_matches_file_name(reg: RecordIndex):
    for docs in reg.all_ids.values():
        for doc in filter(reg.reports_on, docs):
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


@check
def ids_are_unique(reg: RecordIndex):
    """Every file of a clash is reported, each naming another: with `pks validate PATHS` the clash
    must show whichever of the files is named, not only the one that sorts later."""
    for docs in reg.all_ids.values():
        for index, doc in enumerate(docs if len(docs) > 1 else []):
            if not reg.reports_on(doc):
                continue
            other = docs[1] if index == 0 else docs[0]
            yield doc.problem("id-duplicate", ("id",), id=text_at(doc.data, "id"), other=other.path)


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


@check
def items_are_unique(reg: RecordIndex):
    for doc in reg.each(reg.agreements):
        for index, value in _duplicates(doc.data, "scope", "id"):
            yield doc.problem("item-id-duplicate", ("scope", index, "id"), id=value, collection="scope")
        for index, value in _duplicates(doc.data, "parties", "agency"):
            yield doc.problem("party-duplicate", ("parties", index, "agency"), id=value)
    for doc in reg.each(reg.plans):
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


@check
def ids_are_not_page_names(reg: RecordIndex):
    for kind, table in (("agency", reg.agencies), ("agreement", reg.agreements)):
        for record_id, doc in table.items():
            if record_id in RESERVED_IDS and reg.reports_on(doc):
                yield doc.problem(
                    "id-reserved",
                    ("id",),
                    id=record_id,
                    page=f"{_PAGE_FOLDER[kind]}/{record_id}.html",
                    suggestion=f"{_PAGE_FOLDER[kind]}-{record_id}",
                )
