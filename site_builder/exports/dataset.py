"""What every export says about itself: format version, generation time, dataset metadata, stable ids."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid

from site_builder.dates import WITA
from site_builder.model import Registry

# The version of the export formats (fields, columns, file names), not of the record schemas.
# Semantic versioning: a new field or column is a minor bump, a removed or renamed one a major bump.
SCHEMA_VERSION = "1.0.0"

PUBLISHER = "pks-registry: registri terbuka warga, bukan publikasi resmi instansi mana pun"
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Atribusi 4.0 Internasional",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.id",
}
TITLE = {
    "id": "Registri Perjanjian Kerja Sama Pemasyarakatan",
    "en": "Registry of cooperation agreements of Indonesian correctional institutions",
}
DESCRIPTION = {
    "id": (
        "Perjanjian kerja sama, nota kesepahaman, adendum dan rencana aksi lembaga pemasyarakatan beserta "
        "instansi mitranya, dengan status yang dihitung per tanggal as_of. Nilai yang tidak disebut sumber "
        "dibiarkan kosong (null), tidak pernah dikarang."
    ),
    "en": (
        "Cooperation agreements, memoranda of understanding, addenda and action plans of correctional "
        "institutions and their partner agencies, with status computed as of the as_of date. Values the "
        "sources do not state are left empty (null), never invented."
    ),
}
SOURCE_NOTE = {
    "id": (
        "Disusun dari sumber publik yang dicantumkan pada setiap rekaman (field sources: penerbit, judul, "
        "alamat web, tanggal terbit). Riwayat perubahan ada di repositori git registri."
    ),
    "en": (
        "Compiled from the public sources listed in each record (field sources: publisher, title, web "
        "address, publication date). The change history is the registry's git repository."
    ),
}
UPDATE_FREQUENCY = {
    "id": (
        "Harian: dibangun ulang setiap hari selepas tengah malam WITA dan setiap kali rekaman berubah; "
        "status dihitung ulang per tanggal as_of."
    ),
    "en": (
        "Daily: rebuilt every day just after midnight WITA and whenever a record changes; status is "
        "recomputed as of the as_of date."
    ),
}

# Namespace of the UUIDs that identify calendar events and feed entries: a constant, so the ids stay
# the same when the site moves to another address.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "pks-registry.github.io")


_EPOCH = re.compile("[0-9]{1,11}")  # ASCII digits only (str.isdigit takes any script); 11 stays below year 9999


def stable_uuid(name: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, name))


def generated_at(as_of: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise the start of the as-of day in WITA.

    Never the wall clock: two builds of the same records on the same as-of date are byte-identical.
    A malformed value is refused, as the reproducible-builds specification asks: silently falling
    back would stamp the files with a date the builder did not choose.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return dt.datetime.combine(as_of, dt.time(0), WITA)
    if not _EPOCH.fullmatch(epoch):
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970-01-01 UTC")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def metadata(registry: Registry, site_url: str, schema_urls: dict[str, str]) -> dict:
    """Dataset metadata in the spirit of Satu Data Indonesia: title, description, publisher, licence,
    coverage (Kemendagri region codes), update frequency, data dictionary and record counts."""
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "source_note": SOURCE_NOTE,
        "update_frequency": UPDATE_FREQUENCY,
        "language": "id",
        "region_codes": sorted({a.region for a in registry.agencies.values() if a.region}),
        "documentation": f"{site_url}data/",
        "record_schemas": schema_urls,
        "record_counts": {
            "agencies": len(registry.agencies),
            "agreements": len(registry.agreements),
            "action_plans": len(registry.plans),
            "activities": sum(len(p.activities) for p in registry.plans.values()),
        },
    }
