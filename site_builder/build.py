"""`pks build`: validate -> stop on any error -> model -> render -> MkDocs (strict) -> open-data exports.

The site is a pure function of the records, the as-of date and the git history: no clock. When
SOURCE_DATE_EPOCH is not set, MkDocs gets noon of the as-of day in WITA as its build time (MkDocs
prints UTC dates, and noon WITA is the same day in UTC), so two builds of the same records for the
same day are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import exports, gitinfo, model, render, schemas, site, validate
from site_builder.dates import WITA
from site_builder.problems import Report
from site_builder.status import DEFAULT_WARN_DAYS

CONFIG_FILE = "mkdocs.yml"
# What `pks serve` watches: records, schemas, hand-written docs, the site configuration, our templates.
WATCHED = ("agencies", "agreements", "schema", "docs", CONFIG_FILE)


class RecordsInvalid(Exception):
    """The validator found errors; nothing was built. The report says what and where."""

    def __init__(self, report: Report):
        super().__init__(f"{report.errors} error(s) in the records")
        self.report = report


@dataclass
class BuildResult:
    site_dir: Path
    report: Report  # what the validator found: warnings only, or the build would have stopped
    pages: int
    exports: list[Path] = field(default_factory=list)


def source_date_epoch(as_of: dt.date) -> int:
    """Noon of the as-of day in WITA, as a Unix time."""
    return int(dt.datetime.combine(as_of, dt.time(12), WITA).timestamp())


def build(root: Path, as_of: dt.date, site_dir: Path, warn_days: int = DEFAULT_WARN_DAYS) -> BuildResult:
    root = root.resolve()
    site_dir = site_dir.resolve()
    config = site.load(root / CONFIG_FILE, site_dir)
    report, shaped = validate.validate(root, as_of)
    if report.errors:
        raise RecordsInvalid(report)
    registry = model.build(shaped, as_of, warn_days)
    history = gitinfo.read(root)
    # Exports are rendered first (the pages link them with their sizes), written after MkDocs,
    # which empties site_dir when it starts.
    files = exports.render_all(registry, as_of, root, history)
    rendered = render.render_site(registry, history, site.links(config), schemas.load(root / "schema").documents,
                                  downloads={path: len(data) for path, data in files.items()})
    site.build(config, rendered, source_date_epoch(as_of))
    pages = sum(1 for path in rendered.files if path.endswith(".md"))
    return BuildResult(site_dir, report, pages, exports.write_files(files, site_dir))


def preview(root: Path, as_of: dt.date, warn_days: int, on_invalid, host: str, port: int) -> site.Preview:
    """A live preview; on_invalid(report) is told when an edit leaves the records with errors."""
    root = root.resolve()

    def builder(site_dir: Path) -> None:
        try:
            build(root, as_of, site_dir, warn_days)
        except RecordsInvalid as invalid:
            on_invalid(invalid.report)

    watch = [root / name for name in WATCHED] + [Path(render.__file__).parent / "templates",
                                                 Path(render.__file__).parent / "assets"]
    return site.Preview(builder, watch, host, port)
