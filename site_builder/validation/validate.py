"""Orchestrate validation: judge every file, then the cross-record rules over all of them; one Report.

Per-file work (read, parse, privacy scan, schema) is the bulk of the time at national scale. It
is taken from the cache for files whose bytes were judged before, and spread over the machine's
cores for the rest. Cross-record rules always run on the whole registry (`pks serve` keeps their
findings per record between edits: checks/incremental.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import marshal
import os
import signal
import threading
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from site_builder.validation import cache, filecheck, sources, summaries
from site_builder.validation.checks import RecordIndex, run_all
from site_builder.validation.checks.halves import run_in_two
from site_builder.validation.checks.incremental import Rerun
from site_builder.validation.filecheck import Checked, Verdict
from site_builder.validation.problems import Report
from site_builder.validation.progress import Progress
from site_builder.validation.sources import Identity, SourceDocument

if TYPE_CHECKING:
    from site_builder.validation import schemas

SUMMARY_MISSES_JUDGED_HERE = 200  # more changed files than this: a full run (its cache loaded once) is cheaper
PARALLEL_FROM = 400  # files left to judge; below this, starting worker processes costs more than it saves
# Records from which the cross-record rules of a full run are shared with a forked process (checks/halves.py):
# at 2,200 records (1,000 agreements) they take ~0.07 s CPU, a fork ~0.01 s.
RULES_SHARED_FROM = 1000
# Files from which a full run also writes the summary table (_table_task): without it, the first
# `pks validate FILE` after the run judges every file to build it, ~0.15 s per 1,000 agreements (2,200
# files) on 2 cores, so below this it stays well under the pre-commit budget of half a second, and the
# full run (which every pull request pays) does not write a table it would rarely save time with.
TABLE_FROM = 5000
JOBS_VARIABLE = "PKS_JOBS"  # how many processes judge files (1: this one only); default: every usable core
CACHE_VARIABLE = "PKS_CACHE"  # "0" turns the cache off
Keyed = dict[str, tuple[tuple, bytes]]  # relpath -> (stat identity, cache key) of a verdict kept under that key
T = TypeVar("T")
JUDGED_AHEAD_AT_MOST = 20  # named files a second process judges while this one reads the summary table
# With named files to judge, the share of agreements/' folders this process walks; the second process
# walks the rest before judging. Measured at 22,000 files: this process reads the table in ~0.055 s,
# then walks agencies/ and its share; the child walks 20,000 files in ~0.08 s and judges one in ~0.04 s.
# With a fifth here, the child's part arrives about when this one's is done, and its verdicts long
# before they are needed.
WALKED_HERE_WHEN_JUDGING_AHEAD = 0.2


def load_documents(root: Path) -> list[SourceDocument]:
    return [sources.read(root, file) for file in sources.discover(root)]


def validate(
    root: Path,
    as_of: dt.date,
    docs: list[SourceDocument] | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool | None = None,
    records: bool = True,
    only: set[str] | None = None,
    whole: bool = True,
    keep: list[object] | None = None,
) -> tuple[Report, list[SourceDocument]]:
    """Every problem in the registry at root, and the documents that passed every stage's gate.

    With docs given, those documents are judged as they are (no cache, no other processes).
    With records=False the caller wants the report only (no documents are returned): unchanged
    files then come from the per-file summaries in the cache (site_builder/validation/summaries.py).
    With only (repository-relative files or folders), cross-record rules report on the records
    there, judged against the whole registry: every problem report.only(only) of a full run has.
    With whole=False (the caller reads the report only, as `pks validate` does), the cross-record
    rules of a full run read the summaries worker processes send (site_builder/validation/summaries.py)
    instead of whole records, which this process then never unpacks; no documents are returned.
    With keep, the run's large objects (documents, the rules' index, the summary table) are appended
    to it instead of being freed on return: a caller that ends the process right after, without the
    interpreter's teardown (the pks program), spares freeing them one by one (a tenth of a pre-commit run).
    """
    with without_cycle_collection():
        judged: list[tuple[Verdict, SourceDocument]] | None = None
        if docs is not None:
            checker = _schemas(root)
            judged = [(filecheck.judge(doc, checker), doc) for doc in docs]
        elif not records and _cache_wanted(use_cache):
            judged = _judge_by_summaries(root, process_count(jobs), only, keep)
        saves: list[Callable[[], None]] = []  # the cache is saved while the rules run
        if judged is None:
            judged = _judge_registry(
                root, _schemas(root), process_count(jobs), _cache_wanted(use_cache), summarized=not whole, saves=saves
            )
        report, shaped = cross_record(root, as_of, judged, only, keep, meanwhile=saves, jobs=jobs)
    return report, shaped if records and whole else []


def judge_files(
    root: Path, *, jobs: int | None = None, use_cache: bool | None = None, whole: bool = True
) -> list[tuple[Verdict, SourceDocument]]:
    """Every file's verdict with its document, in discover order (validate's first stage); whole=False:
    documents carry the summaries the cross-record rules read, not the records."""
    return _judge_registry(root, _schemas(root), process_count(jobs), _cache_wanted(use_cache), summarized=not whole)


def cross_record(
    root: Path,
    as_of: dt.date,
    judged: list[tuple[Verdict, SourceDocument]],
    only: set[str] | None = None,
    keep: list[object] | None = None,
    *,
    again: Rerun | None = None,
    meanwhile: list[Callable[[], None]] | None = None,
    jobs: int | None = None,
) -> tuple[Report, list[SourceDocument]]:
    """The report on judged files (their own problems, then the cross-record rules over all of them)
    and the documents that passed every per-file gate. `pks serve` calls it with the verdicts it
    kept, after judging again only the files that changed, and with again (a Rerun it keeps): the
    rules then look again only at what the edit can have changed (checks/incremental.py), for the
    same report. The meanwhile tasks (saving the cache, writing the summary table) are done after the
    rules, shared with a second process where one may work, which also looks at a share of the rules'
    records (checks/halves.py)."""
    report = Report()
    shaped, parsed, unreadable = [], [], []
    for verdict, doc in judged:
        report.files_checked[doc.kind or "other"] += 1
        report.extend(verdict.problems)
        if doc.parsed and doc.kind:
            parsed.append(doc)
            if verdict.shaped:
                shaped.append(doc)
        elif doc.kind:
            unreadable.append(doc)
    registry = RecordIndex.from_documents(root, as_of, shaped, parsed, unreadable)
    registry.focus = Report.selector(only)
    if again is not None and registry.focus is None:
        report.extend(again.run(registry))
    elif registry.focus is None and len(parsed) >= RULES_SHARED_FROM and process_count(jobs) > 1 and fork_is_safe():
        report.extend(run_in_two(registry, meanwhile or ()))
        meanwhile = None
    else:
        report.extend(run_all(registry))
    for task in meanwhile or ():
        task()
    if keep is not None:
        keep += (judged, registry, shaped, parsed, unreadable)
    return report, shaped


@contextmanager
def without_cycle_collection():
    """Records are trees without reference cycles; while millions of their objects are made, the
    cycle collector would only scan them again and again (40% of a cached run at 22,000 files).
    Afterwards they are moved to the oldest generation unscanned (freeze, then unfreeze): enabling
    the collector with millions of young objects would scan them all at once (0.3 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def process_count(jobs: int | None = None) -> int:
    """How many processes may work: jobs when given, else PKS_JOBS, else every usable core."""
    if jobs is None:
        configured = os.environ.get(JOBS_VARIABLE, "").strip()
        jobs = int(configured) if configured.isdigit() else usable_cores()
    return max(1, jobs)


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_is_safe() -> bool:
    """Whether a second process may be forked: fork copies only the calling thread, so with other
    threads running (pks serve's server) a lock one of them holds would stay held in the child."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _cache_wanted(use_cache: bool | None) -> bool:
    return os.environ.get(CACHE_VARIABLE, "1").strip() != "0" if use_cache is None else use_cache


def _schemas(root: Path) -> schemas.Schemas:
    """The schema checker. Imported here: `pks validate FILE` whose changed files were judged by
    another process never needs jsonschema in this one (a tenth of a second at start)."""
    from site_builder.validation import schemas

    return schemas.load(root / "schema")


def _judge_by_summaries(
    root: Path, jobs: int, only: set[str] | None = None, keep: list[object] | None = None
) -> list[tuple[Verdict, SourceDocument]] | None:
    """Every file's verdict, unchanged files' with only the summary of their record: the pre-commit
    case reads one small authenticated table, not 22,000 whole records. A few changed files are
    judged here (named ones by a second process meanwhile, see _Ahead); many (a first run, a
    checkout of another branch) go the way of a full run, whose results fill the table. None when
    no cache can be used here."""
    ahead = _Ahead.start(root, only) if jobs > 1 else None
    try:
        index = cache.Summaries(root)
        return _judge_from_table(root, jobs, index, ahead, keep) if index.secret else None
    finally:
        if ahead:
            ahead.close()


def _judge_from_table(
    root: Path, jobs: int, index: cache.Summaries, ahead: _Ahead | None, keep: list[object] | None = None
) -> list[tuple[Verdict, SourceDocument]]:
    table = index.table  # read first: meanwhile the second process walks its part, then judges the named files
    found = _walked(root, ahead)
    if keep is not None:
        keep += (index, found)
    base = str(root)
    judged: dict[str, tuple[Verdict, SourceDocument]] = {}
    misses = []
    stat_seal = cache.stat_seal
    for relpath, identity in found:  # 22,000 times: the stat case inline, the rest in _from_summaries
        entry = table.get(relpath) if identity else None
        if entry is not None and identity and entry[0].startswith(stat_seal(identity)):
            hit = _summary_judged(entry[1], partial(_text_below, base, relpath, cache.seal_key(entry[0])))
            if hit:
                index.reuse(relpath, entry)
        else:
            hit = _from_summaries(base, relpath, identity, index) if identity and entry else None
        if hit:
            judged[relpath] = hit
        else:
            misses.append(relpath)
    relpaths = [relpath for relpath, _ in found]
    if len(misses) > SUMMARY_MISSES_JUDGED_HERE:
        keyed: Keyed = {}
        full = _judge_registry(root, _schemas(root), jobs, True, keyed)
        for verdict, doc in full:
            if doc.path in keyed:
                index.keep(doc.path, *keyed[doc.path], verdict.summary())
        index.save()
        return full
    done = ahead.results() if ahead and ahead.named.intersection(misses) else {}
    checker = None
    for relpath in misses:
        item = done.get(relpath)
        if item is None or not _same_bytes_now(root, relpath, item):
            checker = checker or _schemas(root)
            verdict, item = filecheck.check_file(root, relpath, checker, cache.key_of)
        else:
            verdict = Verdict.loads(item.blob)
        if item.key:
            index.keep(relpath, item.identity, item.key, verdict.summary())
        judged[relpath] = verdict, verdict.document(item.text)
    index.save()
    return [judged[relpath] for relpath in relpaths]


def _walked(root: Path, ahead: _Ahead | None) -> list[tuple[str, Identity | None]]:
    """sources.discover_stats(root): this process's part of the walk, then the second process's part
    (walked again here when that process could not send it)."""
    if ahead is None or ahead.split is None:
        return sources.discover_stats(root)
    found = sources.discover_stats(root, stop=ahead.split)
    theirs = ahead.walk()
    return found + (theirs if theirs is not None else sources.discover_stats(root, start=ahead.split))


def _same_bytes_now(root: Path, relpath: str, item: Checked) -> bool:
    """Whether the second process judged the bytes the file holds now: a file saved again after it
    was read there (an editor, a checkout) is judged here, never reported from its old bytes. Only
    a regular file read whole has a key; anything else (a link, an unreadable file) is judged here."""
    if not item.key:
        return False
    raw = filecheck.raw_bytes(root / relpath)
    return raw is not None and cache.key_of(relpath, raw) == item.key


class _Ahead:
    """A forked process that works from the start while this one reads the summary table: it finds
    the files of part of the registry with their stats (its part of the walk), then judges the named
    files (the pre-commit hook's changed files), paying for the schema libraries' import and the
    checks on the second core. With named files, its part is the agreements' folders after
    self.split (chosen here before the fork, so both processes split at the same place); this
    process walks the rest after reading the table. With no named file to judge, the child walks
    the whole registry. (See WALKED_HERE_WHEN_JUDGING_AHEAD for how the walk is shared.)

    The child walks as this process would (sources.discover_stats) and judges exactly as it would
    (filecheck.check_file, key only for bytes that did not change while read); the walk comes back
    through an anonymous memory file, the verdicts through a pipe, both marshalled, as pool workers'
    results do. The verdicts are used only for files this process finds changed. Anything amiss
    with the child (it fails, is killed, sends nothing) means this process walks and judges itself.
    Not used where fork is unsafe (threads running: pks serve) or unavailable."""

    def __init__(self, pid: int, pipe: int, walk_file: int | None, named: list[str], split: sources.Place | None):
        self.pid, self.pipe, self.walk_file, self.named = pid, pipe, walk_file, set(named)
        self.split = split if walk_file is not None else None  # where the child's part of the walk starts
        self.walked: bool | None = None  # whether the child said its walk is complete (None: not asked yet)

    @classmethod
    def start(cls, root: Path, only: set[str] | None) -> _Ahead | None:
        if not fork_is_safe():
            return None
        named = sorted(r for r in only or () if filecheck.identity(root / r) is not None)[:JUDGED_AHEAD_AT_MOST]
        split = sources.walk_split(root, WALKED_HERE_WHEN_JUDGING_AHEAD) if named else (sources.TOPS[0], "")
        walk_file = None
        if split is not None:
            try:
                walk_file = os.memfd_create("pks-walk", os.MFD_CLOEXEC)
            except (AttributeError, OSError):  # not on this system: the walk stays here
                walk_file = None
        if walk_file is None and not named:
            return None
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for handle in (read_end, write_end, walk_file):
                if handle is not None:
                    os.close(handle)
            return None
        if pid == 0:  # the child: work, send, and leave without running any of the parent's exit code
            status = 1
            try:
                os.close(read_end)
                if walk_file is not None:
                    with os.fdopen(walk_file, "wb", closefd=False) as out:
                        out.write(marshal.dumps(sources.discover_stats(root, start=split)))
                    os.write(write_end, b"W")  # the walk is complete
                results = []
                if named:
                    checker = _schemas(root)
                    results = [filecheck.check_file(root, relpath, checker, cache.key_of)[1] for relpath in named]
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(marshal.dumps([(c.relpath, c.blob, c.text, c.key, c.identity) for c in results]))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, walk_file, named, split)

    def walk(self) -> list[tuple[str, Identity | None]] | None:
        """sources.discover_stats(root, start=self.split) as the child found it; None when it could not."""
        walk_file = self.walk_file
        if walk_file is None or not self._walk_complete():
            return None
        try:
            found = marshal.loads(os.pread(walk_file, os.fstat(walk_file).st_size, 0))
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return found if isinstance(found, list) else None

    def _walk_complete(self) -> bool:
        """Wait for the pipe's first byte, sent when the walk is in the memory file."""
        if self.walk_file is None:
            return False
        if self.walked is None:
            try:
                self.walked = os.read(self.pipe, 1) == b"W"
            except OSError:
                self.walked = False
        return self.walked

    def results(self) -> dict[str, Checked]:
        """relpath -> what the child sent for the named files; nothing when it did not finish well."""
        if self.walk_file is not None and not self._walk_complete():
            return {}
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if os.waitstatus_to_exitcode(status) != 0:
                return {}
            return {values[0]: Checked(*values) for values in marshal.loads(b"".join(chunks))}
        except (OSError, EOFError, ValueError, TypeError):
            return {}

    def close(self) -> None:
        """Stop the child if it is still at work (its verdicts were not needed: named files unchanged)."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        for handle in (self.pipe, self.walk_file):
            if handle is not None:
                os.close(handle)


def _from_summaries(
    base: str, relpath: str, identity: Identity, index: cache.Summaries
) -> tuple[Verdict, SourceDocument] | None:
    """A file's summary verdict found by the hash of its bytes (as _from_cache does when the stat
    is not the one remembered)."""
    raw = filecheck.raw_bytes(os.path.join(base, relpath))
    if raw is None:
        return None
    key = cache.key_of(relpath, raw)
    summary = index.by_key(relpath, key)
    if summary is None:
        return None
    hit = _summary_judged(summary, sources.decode(raw))
    if hit:
        index.keep(relpath, identity, key, summary)
    return hit


def _summary_judged(
    summary: tuple, text: str | Callable[[], str], packed: bool = True
) -> tuple[Verdict, SourceDocument] | None:
    try:
        verdict = Verdict.from_tuple(summary)
    except (ValueError, TypeError):
        return None
    if packed:
        verdict.data = summaries.unpack(verdict.data)
    return verdict, _SummaryDocument(verdict, text)


def _text_below(base: str, relpath: str, key: bytes) -> str:
    return _text_keyed(os.path.join(base, relpath), relpath, key)


class _FullDocumentField(Generic[T]):
    """A field of _SummaryDocument read from (and written to) its full document, made when first needed."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, doc: _SummaryDocument, owner: type | None = None) -> T:
        return getattr(doc._document(), self.name)

    def __set__(self, doc: _SummaryDocument, value: T) -> None:
        setattr(doc._document(), self.name, value)


class _SummaryDocument(SourceDocument):
    """The document of a summary verdict, made cheaply (22,000 of them per run): its text is read and
    its positions found only when a problem needs them, as Verdict.document gives them."""

    def __init__(self, verdict: Verdict, text: str | Callable[[], str]):
        self.path, self.kind, self.data, self.parsed = verdict.relpath, verdict.kind, verdict.data, verdict.parsed
        self.problems = list(verdict.read_problems)
        self._text_source, self._has_positions = text, verdict.has_positions
        self._full: SourceDocument | None = None

    def _document(self) -> SourceDocument:
        if self._full is None:
            verdict = Verdict(self.path, self.kind, self.parsed, False, self._has_positions, self.data, [], [])
            self._full = verdict.document(self._text_source)
        return self._full

    # Read through to the full document; SourceDocument's fields are writable, so these are too.
    text = _FullDocumentField[str]()
    values = _FullDocumentField[Mapping[tuple, tuple[int, int]]]()
    keys = _FullDocumentField[Mapping[tuple, tuple[int, int]]]()


def _judge_registry(
    root: Path,
    checker: schemas.Schemas,
    jobs: int,
    use_cache: bool,
    keyed: Keyed | None = None,
    summarized: bool = False,
    saves: list[Callable[[], None]] | None = None,
) -> list[tuple[Verdict, SourceDocument]]:
    """Every file's verdict, from the cache or judged; keyed, when given, receives relpath -> (stat,
    key) for each verdict known to be that of the file's bytes under that key. Summarized: the
    verdicts of files judged by worker processes carry their record's summary only (as
    _judge_by_summaries gives them), so that this process never unpacks whole records. With saves,
    saving the cache is appended to it (for the caller to do later) instead of done here, and so is
    writing the summary table of every file (_table_task), for the next `pks validate FILE`."""
    store = cache.open_store(root) if use_cache else None  # None also where no cache folder can be used
    relpaths = sources.discover_relpaths(root)
    if store and saves is not None and keyed is None and len(relpaths) >= TABLE_FROM:
        keyed = {}  # for the summary table this run writes (_table_task)
    progress = Progress("Memeriksa berkas / checking files", len(relpaths))
    judged: dict[str, tuple[Verdict, SourceDocument]] = {}
    todo = []
    for relpath in relpaths:
        found = _from_cache(root, relpath, store, keyed) if store and store.entries else None
        if found:
            judged[relpath] = found
            progress.advance()
        else:
            todo.append(relpath)
    key_of = cache.key_of if store else None
    for verdict, item in _check(root, todo, checker, jobs, key_of, summarized):
        found = None
        if verdict is None and item.summary:
            found = _summary_judged(marshal.loads(item.summary), item.text, packed=False)
        if found is None:
            verdict = verdict or Verdict.loads(item.blob)
            found = verdict, verdict.document(item.text)
        judged[item.relpath] = found
        if store and item.key:
            store.put(item.key, item.blob)
            store.remember_stat(item.relpath, item.identity, item.key)
            if keyed is not None:
                keyed[item.relpath] = item.identity, item.key
        progress.advance()
    progress.finish()
    if store and saves is not None:
        unchanged = store.unchanged()
        if not unchanged:  # a warm run's rules are then shared evenly
            saves.append(store.save)
        table = _table_task(root, store, judged, keyed, unchanged) if keyed is not None else None
        if table is not None:
            saves.append(table)
    elif store:
        store.save()
    return [judged[relpath] for relpath in relpaths]


def _table_task(
    root: Path, store: cache.Store, judged: dict[str, tuple[Verdict, SourceDocument]], keyed: Keyed, unchanged: bool
) -> Callable[[], None] | None:
    """Writing the summary table of a full run's files (those keyed: their bytes are those judged), as
    _judge_by_summaries would write it, so that the next `pks validate FILE` reads it instead of
    judging the whole registry again; None when the store and a table of these rules are as they were
    (a warm run with nothing changed: the table is not written again)."""
    index = cache.Summaries(root, beside=store)
    if unchanged and index.written():
        return None

    def write() -> None:
        keep = index.keep
        for relpath, (verdict, doc) in judged.items():
            known = keyed.get(relpath)
            if known is not None:
                keep(relpath, *known, verdict.summary(summarized=isinstance(doc, _SummaryDocument)))
        index.save()

    return write


def _from_cache(
    root: Path, relpath: str, store: cache.Store, keyed: Keyed | None = None
) -> tuple[Verdict, SourceDocument] | None:
    """The cached verdict of a file: found by its stat when that is the one remembered for it,
    otherwise by the hash of its bytes (see site_builder/cache.py for why a stat can be trusted)."""
    file = root / relpath
    identity = filecheck.identity(file)
    if identity is None:
        return None
    key = store.key_by_stat(relpath, identity)
    raw = None
    if key is None or key not in store.entries:
        raw = filecheck.raw_bytes(file)
        if raw is None:
            return None
        key = cache.key_of(relpath, raw)
    blob = store.get(key)
    if blob is None:
        return None
    try:
        verdict = Verdict.loads(blob)
    except (EOFError, ValueError, TypeError):
        store.forget(key)
        return None
    store.remember_stat(relpath, identity, key)
    if keyed is not None:
        keyed[relpath] = identity, key
    if raw is None:
        return verdict, verdict.document(partial(_text_keyed, file, relpath, key))
    return verdict, verdict.document(sources.decode(raw))


def _text_keyed(file: Path | str, relpath: str, key: bytes) -> str:
    """The text of a file judged by its stat, read when a problem needs a position in it; nothing
    when it changed since (positions from other bytes than those judged would point at wrong lines)."""
    raw = filecheck.raw_bytes(file)
    return sources.decode(raw) if raw is not None and cache.key_of(relpath, raw) == key else ""


def _check(root: Path, relpaths: list[str], checker: schemas.Schemas, jobs: int, key_of, summarized: bool = False):
    """(verdict, what a worker sends) per file: judged here (the whole verdict packed only for the
    cache), or by worker processes (verdict None, to be unpacked; summarized, as summaries) when
    there are enough files for that to be worth it."""
    if jobs == 1 or len(relpaths) < PARALLEL_FROM:
        for relpath in relpaths:
            yield filecheck.check_file(root, relpath, checker, key_of, False)
        return
    size = max(20, min(400, len(relpaths) // (jobs * 8)))
    chunks = [relpaths[i : i + size] for i in range(0, len(relpaths), size)]
    with _context().Pool(jobs) as pool:
        work = partial(filecheck.check_files, str(root), key_of=key_of, summarized=summarized)
        for results in pool.imap_unordered(work, chunks):
            for values in results:
                yield None, Checked(*values)


def _context():
    import multiprocessing  # here: most runs never start a worker

    # fork starts workers without importing anything again, but is unsafe in a process running
    # threads (pks serve); spawn is the safe choice there.
    if fork_is_safe() and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
