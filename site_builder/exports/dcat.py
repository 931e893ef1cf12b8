"""data/dcat.jsonld: the dataset described in DCAT (W3C Data Catalog Vocabulary, JSON-LD), the form
data portals (CKAN, data.go.id's Satu Data harvesters) read: title, publisher, licence, update
frequency, temporal coverage, and every file as a distribution with its format and size.

Written after the other exports, whose sizes it lists.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from site_builder.exports import dataset
from site_builder.model import Registry

PATH = "data/dcat.jsonld"
MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".ics": "text/calendar",
    ".atom": "application/atom+xml",
}
DAILY = "http://purl.org/cld/freq/daily"


def _coverage(registry: Registry) -> dict | None:
    """From the earliest day an agreement was signed or started to the latest known end."""
    # a signing date may be bounded on one side only ("signed before ...")
    days = [b.anchor for a in registry.agreements.values() for b in (a.signed, a.start) if b is not None]
    ends = [a.end.latest for a in registry.agreements.values() if a.end is not None and a.end.latest is not None]
    if not days:
        return None
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": min(days).isoformat(),
        **({"dcat:endDate": max(ends).isoformat()} if ends else {}),
    }


def render(registry: Registry, files: Mapping[str, bytes], site_url: str, generated: dt.datetime) -> dict[str, bytes]:
    return render_sizes(registry, {path: len(data) for path, data in files.items()}, site_url, generated)


def render_sizes(
    registry: Registry, sizes: Mapping[str, int], site_url: str, generated: dt.datetime
) -> dict[str, bytes]:
    """render() from the files' sizes: the catalogue names every file and its size, nothing more."""
    distributions = []
    for path in sorted(sizes):
        suffix = path[path.rfind(".") :]
        if not path.startswith("data/") or suffix not in MEDIA_TYPES:
            continue
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "dct:title": path.rsplit("/", 1)[-1],
                "dcat:downloadURL": {"@id": site_url + path},
                "dcat:mediaType": MEDIA_TYPES[suffix],
                "dcat:byteSize": sizes[path],
                "dct:license": {"@id": dataset.LICENCE["url"]},
            }
        )
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Dataset",
        "@id": site_url + PATH,
        "dct:identifier": dataset.stable_uuid("dataset"),
        "dct:title": [{"@language": lang, "@value": text} for lang, text in dataset.TITLE.items()],
        "dct:description": [{"@language": lang, "@value": text} for lang, text in dataset.DESCRIPTION.items()],
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": dataset.PUBLISHER},
        "dct:license": {"@id": dataset.LICENCE["url"]},
        "dct:language": "id",
        "dct:accrualPeriodicity": {"@id": DAILY},
        "dct:modified": generated.isoformat(),
        "dcat:landingPage": {"@id": site_url + "data/"},
        "dcat:keyword": ["pemasyarakatan", "perjanjian kerja sama", "nota kesepahaman", "rencana aksi"],
        "dct:spatial": sorted({a.region for a in registry.agencies.values() if a.region}),
        "dcat:distribution": distributions,
        **({"dct:temporal": _coverage(registry)} if _coverage(registry) else {}),
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return {PATH: text.encode("utf-8")}
