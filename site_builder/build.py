"""`pks build`: validate -> stop on any error -> model -> render -> MkDocs (strict) -> open-data exports.

The site is a pure function of the records, the as-of date and the git history: no clock. When
SOURCE_DATE_EPOCH is not set, MkDocs gets noon of the as-of day in WITA as its build time (MkDocs
prints UTC dates, and noon WITA is the same day in UTC), so two builds of the same records for the
same day are byte-identical.

Publishing is publish.py's: the site is built next to site_dir and swapped in only when complete,
so a failed or killed build leaves the live site whole.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import exports, gitinfo, model
from site_builder.dates import WITA
from site_builder.errors import PksError
from site_builder.site import engine as site
from site_builder.site import publish, render
from site_builder.status import DEFAULT_WARN_DAYS
from site_builder.validation import messages, schemas, validate
from site_builder.validation.problems import Report

CONFIG_FILE = "mkdocs.yml"
# What `pks serve` watches: records, schemas, hand-written docs, the site configuration, our templates.
WATCHED = ("agencies", "agreements", "schema", "docs", CONFIG_FILE)


class RecordsInvalid(PksError):
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
    notices: list[publish.Notice] = field(default_factory=list)  # warnings about the history or leftovers


def source_date_epoch(as_of: dt.date) -> int:
    """Noon of the as-of day in WITA, as a Unix time."""
    return int(dt.datetime.combine(as_of, dt.time(12), WITA).timestamp())


def build(
    root: Path,
    as_of: dt.date,
    site_dir: Path,
    warn_days: int = DEFAULT_WARN_DAYS,
    wait: bool = False,
    search_index: bool = True,
) -> BuildResult:
    """Validate, render, build and export into a fresh folder next to site_dir, then swap it in.

    Raises publish.Refused (before anything is built) for a dangerous site folder, a build already
    running (unless wait) or a shallow history under CI; RecordsInvalid when the records have errors.
    search_index=False leaves the Pagefind index out (the preview makes it after the swap).
    """
    root = root.resolve()
    site_dir = site_dir.resolve()
    guarded = publish.guarded_folders(root)
    publish.check_site_dir(site_dir, guarded)  # before its lock is made beside it (again once held)
    with publish.exclusive(root, site_dir, wait):
        notices = publish.check_history(root, publish.in_ci())
        publish.check_site_dir(site_dir, guarded)
        notices += publish.clear_leftovers(site_dir)
        staging = publish.staging_path(site_dir)
        config = site.load(root / CONFIG_FILE, staging)
        publish.check_site_dir(site_dir, ([Path(config.docs_dir).resolve()], []))
        report, shaped = validate.validate(root, as_of)
        if report.errors:
            raise RecordsInvalid(report)
        registry = model.build(shaped, as_of, warn_days)
        history = gitinfo.read(root)
        del shaped  # the model holds what the pages need
        site_links, schema_documents = site.links(config), schemas.load(root / "schema").documents
        with publish.staged(site_dir, staging) as swap_notices:
            # Exports first (the pages link them with their sizes), written at once into a hidden folder
            # of the new site (MkDocs empties its site_dir but leaves hidden entries), so that their
            # bytes (~230 MB at 10,000 agreements) are not held while the pages are made; moved into
            # place after MkDocs.
            aside = staging / publish.EXPORTS_ASIDE
            files = exports.render_all(registry, as_of, root, history)
            sizes = {path: len(data) for path, data in files.items()}
            exports.write_files(files, aside)
            del files

            def render_share(share: Callable[[str], bool]) -> render.RenderedSite:
                return render.render_site(registry, history, site_links, schema_documents, downloads=sizes, share=share)

            rendered = site.build_shared(config, render_share, source_date_epoch(as_of), search_index=False)
            written = publish.move_in(aside, staging)
            pages = sum(1 for path in rendered.files if path.endswith(".md")) + len(rendered.elsewhere)
            if search_index:
                # Pagefind holds the words of every indexed page at once (about 2 GB at 10,000
                # agreements, docs/teknis/kinerja.md): it runs once this process has let go of the
                # records, the model, the rendered pages and the engine's objects (config holds them).
                del rendered, render_share, registry, history, config, site_links, schema_documents, sizes
                release_memory()
                publish.checkpoint("search")  # fault tests: killed before the index is made
                site.index_search(staging)
        return BuildResult(
            site_dir, report, pages, [site_dir / p.relative_to(staging) for p in written], notices + swap_notices
        )


def release_memory() -> None:
    """Frees what no longer has a name (cycles included) and gives the freed heap back to the system:
    glibc keeps it for this process otherwise, and the machine must hold Pagefind beside it."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # a C library without malloc_trim (not glibc): kept, only larger
        pass


def preview(root: Path, as_of: dt.date, warn_days: int, on_invalid, host: str, port: int) -> site.Preview:
    """A live preview; on_invalid(report) is told when an edit leaves the records with errors."""
    root = root.resolve()

    def builder(site_dir: Path) -> bool:
        try:
            build(root, as_of, site_dir, warn_days, wait=True, search_index=False)  # index: Preview, after it shows
            return True
        except RecordsInvalid as invalid:
            on_invalid(invalid.report)
            return False
        except publish.PublishError as error:  # the preview logs it and keeps serving the last good site
            raise site.SiteError(messages.say(error.key, None, **error.params)) from error

    watch = [root / name for name in WATCHED] + [
        Path(render.__file__).parent / "templates",
        Path(render.__file__).parent / "assets",
    ]
    return site.Preview(builder, watch, host, port)
