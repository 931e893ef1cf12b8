"""The record JSON Schemas, published byte for byte at the URL their own $id names."""

from __future__ import annotations

import json
from pathlib import Path

SUFFIX = ".schema.json"
FOLDER = "schema/"


def published(schema_dir: Path) -> tuple[str, dict[str, bytes]]:
    """(site URL, {site path: bytes}). The site URL is read from the schemas' $id
    (https://<site>/schema/<file>), so the files land exactly where editors are told to look;
    a schema whose $id disagrees is a setup error, not something to publish at a wrong address."""
    files = sorted(schema_dir.glob(f"*{SUFFIX}"))
    if not files:
        raise FileNotFoundError(f"no *{SUFFIX} in {schema_dir}")
    out, sites = {}, set()
    for file in files:
        raw = file.read_bytes()
        schema_id = json.loads(raw)["$id"]
        site, _, path = schema_id.rpartition(FOLDER)
        if path != file.name or not site.startswith("https://") or not site.endswith("/"):
            raise ValueError(f"{file.name}: $id {schema_id!r} is not <https site>/{FOLDER}{file.name}")
        sites.add(site)
        out[FOLDER + file.name] = raw
    if len(sites) != 1:
        raise ValueError(f"schemas in {schema_dir} name different sites in their $id: {sorted(sites)}")
    return sites.pop(), out


def urls(site_url: str, files: dict[str, bytes]) -> dict[str, str]:
    """{record kind: schema URL}, for the dataset metadata (defs is shared, not a kind)."""
    return {path[len(FOLDER) : -len(SUFFIX)]: site_url + path for path in files if not path.endswith("defs" + SUFFIX)}
