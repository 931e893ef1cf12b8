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
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from site_builder import exports, gitinfo, model
from site_builder.dates import WITA
from site_builder.errors import PksError
from site_builder.site import engine as site
from site_builder.site import incremental, publish, render, search
from site_builder.status import DEFAULT_WARN_DAYS
from site_builder.validation import filecheck, messages, schemas, sources, validate
from site_builder.validation.filecheck import Verdict
from site_builder.validation.problems import Report

T = TypeVar("T")
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


class Interrupted(KeyboardInterrupt):
    """A signal (SIGTERM, SIGINT) stopped the build. Raised where the build was, like Ctrl+C's
    KeyboardInterrupt (the command line says "Aborted!" and exits with 1), so that every `with` and
    `finally` on the way out cleans up what it made: Pagefind killed (search._run), the second
    process killed (engine.Forked), the work folder and the new site's folder removed
    (publish.staged). The live site is never touched."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGINT raise Interrupted in this (the main) thread; a second one while the first
    is cleaned up after is ignored (the way out is not cut short). Python's own SIGTERM ends the
    process at once: Pagefind ran on to its end and its work folder stayed."""
    if threading.current_thread() is not threading.main_thread():  # signal handlers: main thread only
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        for number in STOPPING_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise Interrupted(signum)

    before = {number: signal.signal(number, interrupt) for number in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


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
    running (unless wait) or a shallow history under CI; RecordsInvalid when the records have errors;
    Interrupted when SIGTERM or SIGINT stopped it (nothing of it is left, the live site untouched).
    search_index=False leaves the Pagefind index out (the preview makes it after the swap).
    """
    with _stopped_by_signals():
        return _build(root, as_of, site_dir, warn_days, wait, search_index)


def _build(root: Path, as_of: dt.date, site_dir: Path, warn_days: int, wait: bool, search_index: bool) -> BuildResult:
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
        with validate.without_cycle_collection():  # a tree of new objects: 3x faster (docs/teknis/kinerja.md)
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
            sizes = _write_exports(registry, as_of, root, history, aside)

            def render_share(share: Callable[[str], bool]) -> render.RenderedSite:
                return render.render_site(
                    registry,
                    history,
                    site_links,
                    schema_documents,
                    downloads=sizes,
                    share=share,
                    later=render.record_page,
                )

            # The pages' cut copies for the search index are written as the pages are (search.CopyWriter).
            copies = staging / search.COPIES if search_index else None
            rendered = site.build_shared(config, render_share, source_date_epoch(as_of), copies)
            written = publish.move_in(aside, staging)
            pages = sum(1 for path in rendered.files if path.endswith(".md")) + len(rendered.elsewhere)
            if search_index:
                # Pagefind holds the words of every indexed page at once (about 2 GB at 10,000
                # agreements, docs/teknis/kinerja.md): it runs once this process has let go of the
                # records, the model, the rendered pages and the engine's objects (config holds them).
                del rendered, render_share, registry, history, config, site_links, schema_documents, sizes
                release_memory()
                publish.checkpoint("search")  # fault tests: killed before the index is made
                site.index_search(staging, copies=copies)
        return BuildResult(
            site_dir, report, pages, [site_dir / p.relative_to(staging) for p in written], notices + swap_notices
        )


def _write_exports(
    registry: model.Registry, as_of: dt.date, root: Path, history: gitinfo.History, aside: Path
) -> dict[str, int]:
    """Renders the open-data files and writes them under aside at once; returns their sizes. Where a
    second process may work, a forked one renders and writes one part (into a folder beside aside,
    moved into it after) while this one does the other: about 12 s of one core at 10,000 agreements."""

    def part(number: int, folder: Path) -> dict[str, int]:
        with validate.without_cycle_collection():  # trees of new objects, no cycles
            # fault tests pause this process only
            return exports.write_part(registry, as_of, root, history, number, folder, checkpoints=number == 0)

    if site.second_process_wanted():
        beside = aside.with_name(aside.name + "-part")
        with site.Forked(partial(part, 1, beside)) as other:
            sizes = part(0, aside)
            sizes.update(other.result())
        if beside.is_dir():
            publish.move_in(beside, aside)
    else:
        sizes = {path: size for number in range(exports.PARTS) for path, size in part(number, aside).items()}
    catalogue = exports.catalogue(registry, as_of, root, sizes)
    exports.write_files(catalogue, aside)
    return {**sizes, **{path: len(data) for path, data in catalogue.items()}}


def release_memory() -> None:
    """Frees what no longer has a name (cycles included) and gives the freed heap back to the system:
    glibc keeps it for this process otherwise, and the machine must hold Pagefind beside it."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # a C library without malloc_trim (not glibc): kept, only larger
        pass


class _Served:
    """What `pks serve` keeps between builds, so that an edit costs what it touches: each file's verdict
    (with the stat it was judged at), the model and what the pages were made from (incremental.Pages),
    and which open-data files the site holds.

    A build after an edit judges again only the files whose stat changed, runs the cross-record rules
    again on the records the edit can reach (validation/checks/incremental.py), builds the model again,
    renders the pages the edit touches and builds those whose text changed (the Markdown of pages that
    are not record pages converted once per text: engine.Conversions); every other file of the new site
    is a hard link to the file of the site shown before (site/incremental.py), made while idle after the
    last build (the spare folder). The open-data files and the pages that show their sizes follow in `finish`,
    then the search index. A change to anything else watched (schema/, docs/, mkdocs.yml, the package's
    templates and assets) is built from nothing, as `pks build` would.
    """

    def __init__(self, root: Path, as_of: dt.date, warn_days: int, on_invalid: Callable[[Report], None]):
        self.root, self.as_of, self.warn_days, self.on_invalid = root, as_of, warn_days, on_invalid
        self.files: dict[str, tuple[sources.Identity | None, Verdict, sources.SourceDocument]] = {}
        self.watched: dict[str, tuple[int, int, int]] | None = None
        self.checker: schemas.Schemas | None = None
        self.pages: incremental.Pages | None = None
        self.links: render.SiteLinks | None = None  # from mkdocs.yml, read again by every whole build
        self.made = model.Made()  # agencies and action plans by document, for the next model
        self.rules = validate.Rerun()  # the cross-record rules' findings per record, for the next edit
        self.conversions = site.Conversions()  # Markdown of the pages that are not record pages, by text
        self.exports: frozenset[str] = frozenset()  # site paths of the open-data files the site holds
        self.exports_due = False  # the site's open-data files are those of an earlier build
        self.leftovers: list[Path] = []  # sites shown before, to remove
        self.spare: Path | None = None  # a folder of hard links to every file of the site shown, made while idle
        self.indexed = False  # the site shown has its search index
        self.failed = False  # the last build stopped after judging the files: the site shown is older
        self.log: list[str] = []  # what each build did ("full", "pages N", "exports", "unchanged"), for tests
        self.times: dict[str, float] = {}  # CPU seconds of this thread in each stage of the last build

    @property
    def schema_documents(self) -> dict[str, dict]:
        assert self.checker is not None  # loaded by every whole build, the first one included
        return self.checker.documents

    def watch(self) -> list[Path]:
        return [self.root / name for name in WATCHED] + _package_watched()

    def build(self, site_dir: Path) -> bool:
        try:
            with validate.without_cycle_collection():
                retry, self.failed = self.failed, True  # failed until the new site shows
                shown = self._build(site_dir, retry)
                self.failed = False
                return shown
        except RecordsInvalid as invalid:
            self.on_invalid(invalid.report)
            return False
        except publish.PublishError as error:  # the preview logs it and keeps serving the last good site
            raise site.SiteError(messages.say(error.key, None, **error.params)) from error

    def _build(self, site_dir: Path, retry: bool = False) -> bool:
        """retry: the last build failed after judging the files (invalid records, an engine error), so
        files that have not changed since do not mean the site shown is up to date."""
        watched = _fingerprint([self.root / name for name in WATCHED if name not in RECORD_TOPS] + _package_watched())
        whole = self.pages is None or watched != self.watched
        if whole or self.checker is None:
            self.checker = schemas.load(self.root / "schema")
        self.times = {}
        changed, judged = self._timed("judge", lambda: self._judge(whole))
        if not changed and not whole and not retry:
            self.log.append("unchanged")
            return True
        report, shaped = self._timed(
            "cross-record", lambda: validate.cross_record(self.root, self.as_of, judged, again=self.rules)
        )
        if report.errors:
            raise RecordsInvalid(report)
        registry = self._timed("model", partial(model.build, shaped, self.as_of, self.warn_days, self.made))
        history = self._timed("history", lambda: gitinfo.read(self.root))
        del shaped
        changes = None
        if not whole and self.pages is not None and self.links is not None:
            pages, links = self.pages, self.links
            changes = self._timed(
                "render",
                lambda: incremental.render_changes(pages, registry, history, links, self.schema_documents, pages.sizes),
            )
        if changes is None or changes.everything:
            self._whole(site_dir, registry, history)
        else:
            self._timed("engine and folder", lambda: self._publish(site_dir, changes, None))
            self.exports_due = True
            self.log.append(f"pages {changes.rendered_again}")
        self.watched = watched
        return True

    def _timed(self, stage: str, work: Callable[[], T]) -> T:
        started = time.thread_time()
        try:
            return work()
        finally:
            self.times[stage] = time.thread_time() - started

    def _judge(self, whole: bool) -> tuple[bool, list[tuple[Verdict, sources.SourceDocument]]]:
        """(whether any record file changed, every file's verdict in discover order)."""
        walk = sources.discover_stats(self.root)
        if whole or not self.files:
            identities = dict(walk)
            judged = validate.judge_files(self.root)
            self.files = {doc.path: (identities.get(doc.path), verdict, doc) for verdict, doc in judged}
            return True, judged
        files = {}
        for relpath, identity in walk:
            kept = self.files.get(relpath)
            if kept is None or identity is None or kept[0] != identity:
                doc = sources.read(self.root, self.root / relpath)
                assert self.checker is not None  # loaded by every whole build, the first one included
                kept = (identity, filecheck.judge(doc, self.checker), doc)
            files[relpath] = kept
        changed = files.keys() != self.files.keys() or any(kept is not self.files[k] for k, kept in files.items())
        self.files = files
        return changed, [(verdict, doc) for _, verdict, doc in files.values()]

    def _whole(self, site_dir: Path, registry: model.Registry, history: gitinfo.History) -> None:
        files = exports.render_all(registry, self.as_of, self.root, history)
        sizes = {path: len(data) for path, data in files.items()}
        self.links = links = site.links(site.load(self.root / CONFIG_FILE, site_dir))
        self.conversions = site.Conversions()  # mkdocs.yml, docs/ or the templates may be new
        changes = incremental.render_changes(None, registry, history, links, self.schema_documents, sizes)
        assert changes is not None  # only a comparison with an earlier build can find the navigation changed
        self._publish(site_dir, changes, files, link=False)
        self.exports_due = False
        self.log.append("full")

    def _publish(
        self, site_dir: Path, changes: incremental.Changes, files: dict[str, bytes] | None, link: bool = True
    ) -> None:
        """A new site folder of the pages changes builds, the open-data files (when given) and links to
        the other files of the site shown now, swapped in whole."""
        spare, self.spare = self.spare, None  # the site shown is about to change: made again after
        with publish.exclusive(self.root, site_dir, wait=True):
            staging = publish.staging_path(site_dir)
            config = site.load(self.root / CONFIG_FILE, staging)
            staging.mkdir()
            try:
                epoch = source_date_epoch(self.as_of)
                site.build_pages(
                    config,
                    changes.rendered,
                    changes.builds,
                    epoch,
                    changes.whole_site,
                    self.conversions,
                    changes.pages.anchors,
                )
                incremental.write_assets(changes.assets, staging)
                if files is not None:
                    exports.write_files(files, staging)
                if link and site_dir.is_dir():
                    gone = {site.output_path(config, page) for page in changes.removed} | {publish.MARKER}
                    if files is not None:  # the open-data files are new: the old ones and their search index go
                        gone |= self.exports | {search.OUTPUT + "/"}
                    if spare is not None:  # the links are made: what link_unchanged makes, from the spare
                        incremental.merge_into(spare, staging, frozenset(gone))
                        publish.remove_folder(staging)
                        staging, spare = spare, None
                    else:
                        incremental.link_unchanged(site_dir, staging, gone.__contains__)
                (staging / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
                old = publish.swap_keeping_old(staging, site_dir)
            except OSError as error:
                publish.remove_folder(staging)
                raise publish.Failed("site-not-written", site_dir=site_dir, reason=str(error)) from error
            except BaseException:
                publish.remove_folder(staging)
                raise
            finally:
                if spare is not None:  # not used (a whole build, or it failed before)
                    publish.remove_folder(spare)
            if old is not None:
                self.leftovers.append(old)  # removed by finish, after the page shows
        self.indexed = False
        self.pages = changes.pages
        if files is not None:
            self.exports = frozenset(files)

    def finish(self, site_dir: Path, superseded: Callable[[], bool]) -> None:
        """After the page shows: the open-data files of this build and the pages that show their sizes,
        then the search index; stops early when another edit waits."""
        while self.leftovers:
            publish.remove_folder(self.leftovers.pop())
        if self.exports_due and self.pages is not None:
            with validate.without_cycle_collection():
                pages = self.pages
                try:  # up to ~10 s at 10,000 agreements: an edit saved meanwhile does not wait for it
                    files = exports.render_all(pages.registry, self.as_of, self.root, pages.history, superseded)
                except exports.Stopped:
                    return
                if superseded():
                    return
                sizes = {path: len(data) for path, data in files.items()}
                changes = (
                    incremental.render_changes(
                        pages, pages.registry, pages.history, self.links, self.schema_documents, sizes
                    )
                    if self.links is not None
                    else None
                )
                if changes is None:  # sizes never name a page of the navigation; whole, all the same
                    self._whole(site_dir, pages.registry, pages.history)
                else:
                    self._publish(site_dir, changes, files)
                self.exports_due = False
                self.log.append("exports")
            while self.leftovers:  # the site shown before the open data came
                publish.remove_folder(self.leftovers.pop())
        if not superseded() and not self.indexed:  # a save that changed nothing needs no new index
            try:  # Pagefind, ~30 s at 10,000 agreements, is stopped for an edit saved meanwhile
                site.index_search(site_dir, superseded)
            except search.Stopped:
                return  # indexed stays False: the next build's finish indexes again
            self.indexed = True
        if not superseded() and self.spare is None and site_dir.is_dir():
            # Nothing writes into the site shown until the next build swaps another in: the links that
            # build needs, made now (a tenth of a second per thousand files) rather than after the edit.
            spare = publish.staging_path(site_dir)
            try:
                incremental.link_unchanged(site_dir, spare, lambda path: False)
            except OSError:
                publish.remove_folder(spare)
            else:
                self.spare = spare

    def close(self, site_dir: Path) -> None:
        """When the preview stops: the sites shown before, the spare links and the site folder's lock, beside it."""
        while self.leftovers:
            publish.remove_folder(self.leftovers.pop())
        if self.spare is not None:
            publish.remove_folder(self.spare)
            self.spare = None
        publish.lock_path(site_dir).unlink(missing_ok=True)


RECORD_TOPS = ("agencies", "agreements")


def _package_watched() -> list[Path]:
    """The package's templates and assets: a change to them changes every page."""
    return [Path(render.__file__).parent / "templates", Path(render.__file__).parent / "assets"]


def _fingerprint(paths: list[Path]) -> dict[str, tuple[int, int, int]]:
    """(inode, size, mtime) of every file under paths: what `pks serve` compares to see whether anything
    but a record changed."""
    found = {}
    for top in paths:
        for folder, _, names in os.walk(top) if top.is_dir() else [(str(top.parent), [], [top.name])]:
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                found[path] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return found


def preview(
    root: Path, as_of: dt.date, warn_days: int, on_invalid: Callable[[Report], None], host: str, port: int
) -> site.Preview:
    """A live preview; on_invalid(report) is told when an edit leaves the records with errors."""
    served = _Served(root.resolve(), as_of, warn_days, on_invalid)
    return site.Preview(served.build, served.watch(), host, port, finish=served.finish, close=served.close)
