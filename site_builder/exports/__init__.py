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
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from site_builder import gitinfo
from site_builder.exports import atom, csvfiles, dataset, dcat, icalendar, jsonfiles, schemafiles
from site_builder.model import Registry
from site_builder.site import publish


class Stopped(Exception):
    """render_all gave up because its caller asked it to (pks serve: another edit is waiting)."""


def render_all(
    registry: Registry,
    as_of: dt.date,
    root: Path,
    history: gitinfo.History | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, bytes]:
    """{site-relative path: bytes} of every export; root is the registry folder (schema/, git history).

    history: the registry's git history when the caller has read it already (one pass per build).
    stop: asked between pieces (a record of a JSON file, a whole other file); Stopped once it says so.
    """
    files: dict[str, bytes] = {}
    for part in range(PARTS):
        files.update(render_part(registry, as_of, root, history, part, stop))
    return {**files, **catalogue(registry, as_of, root, {path: len(data) for path, data in files.items()})}


# The files but the catalogue (data/dcat.jsonld, which states every other file's size) come in two parts
# of about the same cost, so that two processes can each render one (build.py); render_all is both
# parts and the catalogue.
PARTS = 2


def render_part(
    registry: Registry,
    as_of: dt.date,
    root: Path,
    history: gitinfo.History | None,
    part: int,
    stop: Callable[[], bool] | None = None,
) -> dict[str, bytes]:
    """One part of the export files (0 or 1: see PARTS); their union with the catalogue is render_all."""
    out: dict[str, list[bytes]] = {}
    for path, piece in _part_pieces(registry, as_of, root, history, part):
        if stop is not None and stop():
            raise Stopped
        out.setdefault(path, []).append(piece)
    return {path: b"".join(pieces) for path, pieces in out.items()}


def write_part(
    registry: Registry,
    as_of: dt.date,
    root: Path,
    history: gitinfo.History | None,
    part: int,
    site_dir: Path,
    checkpoints: bool = True,
) -> dict[str, int]:
    """render_part's files written under site_dir as they are made (the JSON files a record at a time,
    never held whole); returns their sizes. checkpoints=False: no fault-test pause (see write_files)."""
    sizes: dict[str, int] = {}
    with ExitStack() as files:
        open_files: dict[str, BinaryIO] = {}
        for path, piece in _part_pieces(registry, as_of, root, history, part):
            file = open_files.get(path)
            if file is None:
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                file = open_files[path] = files.enter_context(open(target, "wb"))
                sizes[path] = 0
                if checkpoints:
                    publish.checkpoint("exports")
            file.write(piece)
            sizes[path] += len(piece)
            if part != 0:  # whole files, one after another: each is done
                files.pop_all().close()
                del open_files[path]
    return sizes


def _part_pieces(
    registry: Registry, as_of: dt.date, root: Path, history: gitinfo.History | None, part: int
) -> Iterator[tuple[str, bytes]]:
    """render_part's files as (file, its next bytes); the pieces of a file come in order."""
    if as_of != registry.as_of:
        raise ValueError(f"as_of {as_of} differs from the registry's {registry.as_of}: statuses would contradict it")
    site_url, schemas = schemafiles.published(root / "schema")
    generated = dataset.generated_at(as_of)
    if part == 0:
        envelope = {
            "schema_version": dataset.SCHEMA_VERSION,
            "as_of": as_of.isoformat(),
            "generated_at": generated.isoformat(),
            "metadata": dataset.metadata(registry, site_url, schemafiles.urls(site_url, schemas)),
        }
        yield from jsonfiles.pieces(registry, envelope)
        return
    commits = (history if history is not None else gitinfo.read(root)).record_commits(atom.MAX_ENTRIES)
    for render in (
        lambda: schemas,
        lambda: csvfiles.render(registry),
        lambda: icalendar.render(registry, generated, site_url),
        lambda: atom.render(registry, commits, generated, site_url),
    ):
        yield from render().items()


def catalogue(registry: Registry, as_of: dt.date, root: Path, sizes: Mapping[str, int]) -> dict[str, bytes]:
    """data/dcat.jsonld, from the sizes of every other export file."""
    site_url, _ = schemafiles.published(root / "schema")
    return dcat.render_sizes(registry, sizes, site_url, dataset.generated_at(as_of))


def write_all(
    registry: Registry, site_dir: Path, as_of: dt.date, root: Path | None = None, history: gitinfo.History | None = None
) -> list[Path]:
    """Write every export under site_dir; returns the files written, sorted.

    root defaults to the current folder, like `pks --root`.
    """
    root = Path.cwd() if root is None else root
    return write_files(render_all(registry, as_of, root, history), site_dir)


def write_files(files: dict[str, bytes], site_dir: Path, checkpoints: bool = True) -> list[Path]:
    """Write render_all's files under site_dir; returns the files written, sorted. checkpoints=False:
    no fault-test pause (a second process writing a part)."""
    written = []
    for relative, content in files.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
        if checkpoints:
            publish.checkpoint("exports")
    return sorted(written)
