"""Open-data exports of the public site, written into the built site folder after MkDocs.

    data/registry.json, agencies.json, agreements.json, action-plans.json   everything, as JSON
    data/agreements.csv, parties.csv, action-plans.csv, activities.csv, agencies.csv
    data/ends.ics, data/ends-<agency-id>.ics                                end dates with reminders
    data/changes.atom                                                       recent record changes
    data/dcat.jsonld                                                        dataset metadata (DCAT)
    schema/<name>.schema.json                                               the record schemas

Every file is a pure function of the records, the as-of date, SOURCE_DATE_EPOCH and the git history:
no wall clock, sorted keys and items. docs/data/index.md documents each one for the public.

Stage 4. May import: validation, the model (model, status, dates, labels, gitinfo) and site (only its
publish checkpoint); never build, workflow or cli.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from site_builder import gitinfo
from site_builder.exports import atom, csvfiles, dataset, dcat, icalendar, jsonfiles, schemafiles
from site_builder.model import Registry
from site_builder.site import publish


def render_all(
    registry: Registry, as_of: dt.date, root: Path, history: gitinfo.History | None = None
) -> dict[str, bytes]:
    """{site-relative path: bytes} of every export; root is the registry folder (schema/, git history).

    history: the registry's git history when the caller has read it already (one pass per build).
    """
    if as_of != registry.as_of:
        raise ValueError(f"as_of {as_of} differs from the registry's {registry.as_of}: statuses would contradict it")
    site_url, schemas = schemafiles.published(root / "schema")
    generated = dataset.generated_at(as_of)
    envelope = {
        "schema_version": dataset.SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "generated_at": generated.isoformat(),
        "metadata": dataset.metadata(registry, site_url, schemafiles.urls(site_url, schemas)),
    }
    commits = (history if history is not None else gitinfo.read(root)).record_commits(atom.MAX_ENTRIES)
    files = {
        **schemas,
        **jsonfiles.render(registry, envelope),
        **csvfiles.render(registry),
        **icalendar.render(registry, generated, site_url),
        **atom.render(registry, commits, generated, site_url),
    }
    return {**files, **dcat.render(registry, files, site_url, generated)}


def write_all(
    registry: Registry, site_dir: Path, as_of: dt.date, root: Path | None = None, history: gitinfo.History | None = None
) -> list[Path]:
    """Write every export under site_dir; returns the files written, sorted.

    root defaults to the current folder, like `pks --root`.
    """
    root = Path.cwd() if root is None else root
    return write_files(render_all(registry, as_of, root, history), site_dir)


def write_files(files: dict[str, bytes], site_dir: Path) -> list[Path]:
    """Write render_all's files under site_dir; returns the files written, sorted."""
    written = []
    for relative, content in files.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
        publish.checkpoint("exports")
    return sorted(written)
