"""Site search: a Pagefind index of the built pages, written into the site, served from the site.

Why Pagefind and not Material's lunr search (measured, see docs/teknis/kinerja.md): Pagefind
splits its index into chunks and a query fetches only the chunks of its words, so the bytes of a
first query stay about the same at 10,000 agreements, where lunr needs the whole index (tens of MB)
in the phone's memory. And Pagefind stems Indonesian (Snowball) when the page says lang="id":
"latihan" finds "pelatihan", "sehat" finds "kesehatan"; lunr falls back to English.

Which pages are indexed: those whose <article> site.py marks with data-pagefind-body (every page
but the later pages of long lists). Each agreement page carries its partners and its status input
as Pagefind metadata, so a result shows the partner and the status recomputed for today.

What Pagefind reads: a copy of each marked page cut to what its index is made from (see
_searchable_copy). Pagefind parses every page whole, and Material's page chrome (header, navigation,
footer) is about three quarters of a record page's bytes; the index it makes from the copies is the
same bytes. `pks build` writes each copy as it writes the page (CopyWriter, in both build processes);
index() reads back from the site only the pages that have none (`pks serve` reads them all).

A large site is indexed in parts (see PART_PAGES): Pagefind holds the words of every page it indexes
until it writes the index, so its memory grows with the pages. Each part is a Pagefind bundle of its
own (pagefind/1/, pagefind/2/, ...), made by one Pagefind run after the other, and pagefind/pagefind.js
is then ours (assets/pagefind-parts.js): it loads the first part's Pagefind and merges the others into
it with Pagefind's mergeIndex, so the search page (assets/search.js), unchanged, searches every part
and lists their results in one order, by score. The price is on the phone: a query fetches an index
chunk of every part (at 10,000 agreements, five parts: a first query 488 to 545 KB against 352 to
437 KB with one index; the WebAssembly, 70 KB, is fetched once). A site with fewer pages keeps one
index, the bytes it always had.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

from site_builder.errors import PksError

OUTPUT = "pagefind"
# What a search needs at run time; the UI kits Pagefind also writes are not used by our search page.
USED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
# What a merged part needs: its entry (languages, page count) and page lists (the .pf_meta), beside its
# index/ and fragment/ folders. mergeIndex loads no code of the part: the first part's pagefind.js,
# worker and WebAssembly search them all (Pagefind 1.5.2: a merged index is initialised load_wasm: false).
MERGED_USED = ("pagefind-entry.json",)
# The most pages one Pagefind run indexes. Pagefind's peak memory is the words of the pages it holds:
# measured on the generated 10,000-agreement registry (cut pages, Pagefind 1.5.2, peak RSS) 200 MB for
# 1,000 pages, 392 MB for 2,000, 492 MB for 2,500, 601 MB for 3,000, 2.4 GB for all 12,035. At 2,500 a
# run stays near 500 MB, beside the ~400 MB the build process still holds then: under issue 12's 1 GB.
# Above it the site is indexed in parts (the 1,000-agreement site has 1,235 pages: one index).
PART_PAGES = 2500
# For tests only: a smaller number of pages a part, so that a small site is indexed in parts.
PART_PAGES_VARIABLE = "PKS_SEARCH_PART_PAGES"
# pagefind/pagefind.js of a site in parts; search.py writes the merged parts' folders into its MERGED.
_MERGER = "pagefind-parts.js"
_MERGED_LIST = "const MERGED = [];"
# Never indexed as words: a status as of the build day (a result shows today's status from the page's
# status meta instead; an old build's excerpt would otherwise say "Berlaku" next to "Berakhir"), and
# the heading anchors' pilcrows. Plain class selectors: they match the same elements in the cut copy
# of a page (a selector naming the page chrome, an ancestor of the marked element, would not).
EXCLUDED = (".pks-status", ".headerlink")
# Pagefind's own mark for the element it indexes; once one page has it, pages without it are ignored.
BODY = "data-pagefind-body"
# What Pagefind reads outside the marked element: any data-pagefind-* attribute (metadata, filters),
# the page's first <h1> (its result title when the element has none), the first <img> after that
# title (its result image; an <img> before the element, such as the header's logo, comes before any
# title). A page with any of them outside the element is given to Pagefind whole.
# Pages are handled as bytes (UTF-8, like every page the engine writes): no decoding needed to cut them.
_READ_BEFORE = (b"data-pagefind", b"<h1")  # looked for in the lowercased text (HTML is case-blind)
_READ_AFTER = (b"data-pagefind", b"<h1", b"<img")
# Where text is no markup (comments, scripts, raw text), a tag count cannot find the element's end:
# a page holding one inside its marked element is read whole.
_UNCOUNTABLE = (
    b"<!--",
    b"<![cdata[",
    b"<script",
    b"<style",
    b"<textarea",
    b"<template",
    b"<xmp",
    b"<noscript",
    b"<title",
)
_MARK = BODY.encode()
_MARKED = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*?\s" + _MARK + rb"(?=[\s=/>])[^>]*>")
_HTML_TAG = re.compile(rb"<html(?=[\s>])[^>]*>", re.IGNORECASE)  # lang="id": the stemmer
_TITLE = re.compile(rb"<title(?=[\s>])[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)  # a result's title at last


class SearchIndexError(PksError):
    """Pagefind is missing or failed; the message says which."""


class Stopped(Exception):
    """index() gave up because its caller asked it to (pks serve: another edit is waiting); the site's
    index is then incomplete, and the caller indexes again later."""


def _executable() -> Path:
    try:
        import pagefind_bin  # the binary as a wheel (requirements/constraints.txt pins it)
    except ImportError as error:
        raise SearchIndexError("pagefind_bin is not installed (pip install -e .)") from error
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind binary is missing: {error}") from error


def _marked_element(html: bytes) -> tuple[int, int] | None:
    """Where the one element marked data-pagefind-body starts and ends (the same tag nested inside it
    counted), or None: no mark, more than one, or no end found."""
    at = html.find(_MARK)
    if at < 0 or html.find(_MARK, at + 1) >= 0:
        return None
    start = _MARKED.match(html, html.rfind(b"<", 0, at))  # None when the mark is no attribute of that tag
    if start is None:
        return None
    tag = re.compile(rb"<(/?)" + re.escape(start.group(1)) + rb"(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 0
    for found in tag.finditer(html, start.start()):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            inside = html[start.start() : found.end()].lower()
            return None if any(s in inside for s in _UNCOUNTABLE) else (start.start(), found.end())
    return None


def _searchable_copy(html: bytes) -> bytes | None:
    """The page as Pagefind needs it: its <html> tag, its <title> and the marked element; None when
    something outside the element would reach the index (the page is then read whole)."""
    span = _marked_element(html)
    if span is None:
        return None
    before, after = html[: span[0]], html[span[1] :]
    html_tag = _HTML_TAG.search(before)
    before_lower, after_lower = before.lower(), after.lower()
    if html_tag is None or any(s in before_lower for s in _READ_BEFORE) or any(s in after_lower for s in _READ_AFTER):
        return None
    title = _TITLE.search(before)
    head = b"<head>" + (title.group(0) if title else b"") + b"</head>"
    return b"<!DOCTYPE html>\n" + html_tag.group(0) + head + b"<body>" + html[span[0] : span[1]] + b"</body></html>"


def _copy_whole(page: Path, target: Path) -> None:
    try:
        os.link(page, target)
    except OSError:  # another file system
        shutil.copyfile(page, target)


def write_searchable_pages(site_dir: Path, into: Path) -> list[Path]:
    """Writes under `into` what Pagefind reads of site_dir's pages (same relative paths); returns
    their relative paths, sorted. A marked page goes as its cut copy, or whole; unmarked pages go only
    when no page is marked (then Pagefind indexes every page's <body>)."""
    return _complete(site_dir, sorted(site_dir.rglob("*.html")), into, frozenset())


def _complete(site_dir: Path, candidates: Sequence[Path], into: Path, copied: frozenset[Path]) -> list[Path]:
    """write_searchable_pages for the candidate pages (sorted), of which those in `copied` (relative)
    already have their cut copy under `into` (written while they were built): only the others are read."""
    written: list[Path] = []
    unmarked: list[Path] = []
    folders: set[Path] = set()
    for page in candidates:
        relative = page.relative_to(site_dir)
        if relative in copied:
            written.append(relative)
            continue
        if not page.is_file():
            continue
        data = page.read_bytes()
        if _MARK not in data:
            unmarked.append(relative)
            continue
        target = into / relative
        _folder(target.parent, folders)
        copy = _searchable_copy(data)
        if copy is None:
            _copy_whole(page, target)
        else:
            target.write_bytes(copy)
        written.append(relative)
    if not written:
        for relative in unmarked:
            _folder((into / relative).parent, folders)
            _copy_whole(site_dir / relative, into / relative)
        written = unmarked
    return written


def _folder(folder: Path, made: set[Path]) -> None:
    """folder made (with its parents) unless made already holds it: thousands of pages share a few folders."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


# Where the pages' cut copies are written while a build writes the pages (CopyWriter): a hidden folder
# of the site being built (MkDocs leaves hidden entries alone), so it goes with that folder when the
# build fails or is killed; index() removes it.
COPIES = ".pks-search"
_PAGES = "pages"  # in the work folder or COPIES: the pages' copies (each part's are moved to a folder beside it)


class CopyWriter:
    """Writes the cut copy of each page as the build writes the page (the bytes are in memory then),
    so that index() need not read every page back: ~4 s of one core at 10,000 agreements, after the
    build, moved into the build's two processes. A page that has no cut copy (unmarked, or read whole)
    is left out: index() reads every page without a copy from the built site, as write_searchable_pages
    does, so a page a writer never saw (a theme template) is indexed all the same."""

    def __init__(self, copies: Path):
        self.into = copies / _PAGES
        self.folders: set[Path] = set()

    def page(self, relative: str, data: bytes) -> None:
        """relative: the page's path in the site; data: the bytes written there."""
        if _MARK not in data:
            return
        copy = _searchable_copy(data)
        if copy is None:
            return
        target = self.into / relative
        _folder(target.parent, self.folders)
        target.write_bytes(copy)


def _copied_pages(site_dir: Path, copies: Path, pages: Path) -> tuple[list[Path], frozenset[Path]]:
    """(site_dir's *.html paths but those under copies, sorted; the relative paths of the copies under
    pages, made while building, whose page is there). A copy without its page is removed (Pagefind reads
    the folder)."""
    candidates: list[Path] = []
    skip = os.path.normpath(copies)
    for folder, folders, names in os.walk(site_dir):
        if folder == skip:
            folders[:] = []
            continue
        folders[:] = [name for name in folders if os.path.join(folder, name) != skip]
        candidates += [Path(folder, name) for name in names if name.endswith(".html")]
        candidates += [Path(folder, name) for name in folders if name.endswith(".html")]  # rglob lists them too
    candidates.sort()
    in_site = {page.relative_to(site_dir) for page in candidates}
    copied: set[Path] = set()
    for folder, _, names in os.walk(pages):
        for name in names:
            relative = Path(folder, name).relative_to(pages)
            if relative in in_site and (site_dir / relative).is_file():
                copied.add(relative)
            else:
                os.unlink(os.path.join(folder, name))
    return candidates, frozenset(copied)


def part_pages() -> int:
    """The most pages a part holds: PART_PAGES, or a positive whole number in PKS_SEARCH_PART_PAGES (tests)."""
    value = os.environ.get(PART_PAGES_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else PART_PAGES


def split(pages: Sequence[Path], most: int) -> list[list[Path]]:
    """The pages (sorted) dealt in turn into the fewest parts of at most `most` pages: parts differ by
    one page at most, and each holds pages of every folder alike. Pagefind ranks a part's results by
    that part's word statistics and the merged search orders all results by score, so parts made
    alike score alike (cut by folder, the docs pages' part would rank its words differently)."""
    count = max(1, -(-len(pages) // most))
    return [list(pages[number::count]) for number in range(count)]


# Pagefind started through this: on Linux it dies with the process that started it (PR_SET_PDEATHSIG,
# kept across exec), even one killed where no `finally` runs (SIGKILL) or one stopped by a signal
# between Pagefind's start and the moment _run knows it. Elsewhere Pagefind is started directly.
_DIE_WITH_PARENT = (
    "import ctypes, os, sys\n"
    "ctypes.CDLL(None).prctl(1, 9)\n"  # PR_SET_PDEATHSIG, SIGKILL
    "if os.getppid() != int(sys.argv[1]):\n"  # the parent died before prctl took effect
    "    os._exit(1)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def _command(executable: Path, *arguments: str) -> list[str]:
    if sys.platform.startswith("linux") and sys.executable:
        return [sys.executable, "-I", "-S", "-c", _DIE_WITH_PARENT, str(os.getpid()), str(executable), *arguments]
    return [str(executable), *arguments]


def _run(executable: Path, pages: Path, output: Path, work: str, stop: Callable[[], bool] | None = None) -> None:
    """One Pagefind run over the pages in `pages`, into `output`; killed, raising Stopped, once stop().
    Whatever ends the wait early (stop(), a signal that stops the build: build.py) kills Pagefind
    and waits for it first, so that nothing writes into the site or the work folder after."""
    excluded = [flag for selector in EXCLUDED for flag in ("--exclude-selectors", selector)]
    # Run in the empty work folder: Pagefind reads a pagefind.yml/.json/.toml from its working
    # directory, and none that a checkout holds may change the index. Its output goes to a file, not
    # a pipe: a pipe nobody reads while we wait could fill and stall it.
    with (
        tempfile.TemporaryFile(dir=work) as log,
        subprocess.Popen(
            _command(executable, "--site", str(pages), "--output-path", str(output.resolve()), "--quiet", *excluded),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=work,
        ) as process,
    ):
        try:
            while True:
                try:
                    returncode = process.wait(timeout=None if stop is None else 0.1)
                    break
                except subprocess.TimeoutExpired:
                    if stop is not None and stop():
                        raise Stopped from None
        except BaseException:
            process.kill()
            process.wait()
            raise
        if returncode != 0:
            log.seek(0)
            output_text = log.read().decode("utf-8", "replace").strip()
            raise SearchIndexError(f"Pagefind failed ({returncode}): {output_text}")


def _keep_used(folder: Path, used: Sequence[str], wasm: bool) -> None:
    """Removes the files of a Pagefind bundle that no search fetches (its index/ and fragment/ stay)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"].values()
    kept = {f"wasm.{language['wasm']}.pagefind" for language in languages if wasm and language.get("wasm")}
    for path in folder.iterdir():
        if path.is_file() and path.name not in used and path.name not in kept and not path.name.endswith(".pf_meta"):
            path.unlink()


def _move(pages: Path, relatives: Sequence[Path], into: Path) -> None:
    folders: set[Path] = set()
    for relative in relatives:
        _folder((into / relative).parent, folders)
        os.replace(pages / relative, into / relative)


def index(site_dir: Path, stop: Callable[[], bool] | None = None, copies: Path | None = None) -> Path:
    """Indexes site_dir's pages into site_dir/pagefind/ and removes the files no page uses: one index,
    or above part_pages() pages one bundle a part and our pagefind.js that merges them. Raises Stopped
    as soon as stop() says so (checked while Pagefind runs and between its runs). copies: the folder
    (inside site_dir, or beside it) of the cut copies written while the pages were built (CopyWriter);
    the pages without one are read from site_dir; the folder is removed, whatever happens."""
    try:
        executable = _executable()
        folder = site_dir / OUTPUT
        if folder.is_dir():  # made anew: no part of an earlier index stays behind
            shutil.rmtree(folder)
        with tempfile.TemporaryDirectory(prefix="pks-search-") as work:
            pages = (Path(work) if copies is None else copies) / _PAGES
            if copies is None:
                pages.mkdir()
                written = write_searchable_pages(site_dir, pages)
            else:
                pages.mkdir(parents=True, exist_ok=True)
                candidates, copied = _copied_pages(site_dir, copies, pages)
                written = _complete(site_dir, candidates, pages, copied)
            parts = split(written, part_pages())
            if len(parts) == 1:
                _run(executable, pages, folder, work, stop)
                _keep_used(folder, USED, wasm=True)
                return folder
            _run_parts(executable, pages, parts, folder, Path(work), stop)
    finally:
        if copies is not None:
            shutil.rmtree(copies, ignore_errors=True)
    merger = (resources.files("site_builder.site") / "assets" / _MERGER).read_text(encoding="utf-8")
    merged = json.dumps([f"./{number}/" for number in range(2, len(parts) + 1)])
    if merger.count(_MERGED_LIST) != 1:
        raise SearchIndexError(f"{_MERGER} has no single {_MERGED_LIST!r} to fill in")
    (folder / "pagefind.js").write_text(merger.replace(_MERGED_LIST, f"const MERGED = {merged};"), encoding="utf-8")
    return folder


def _run_parts(
    executable: Path,
    pages: Path,
    parts: Sequence[Sequence[Path]],
    folder: Path,
    work: Path,
    stop: Callable[[], bool] | None,
) -> None:
    """One Pagefind run a part, one after the other: each run holds only its own pages' words. What
    is no work for Pagefind is done while it runs: the next part's pages are moved into their folder,
    and a part's pages are removed while the next part is indexed (removing thousands of files mostly
    waits on the disk: measured at 10,000 agreements on a busy machine, 3 to 6 s a part, 0.2 s of it
    CPU). The last part is what is left in `pages` then: indexed there, not moved."""

    def pages_of(number: int) -> Path:
        return pages if number == len(parts) else pages.parent / str(number)

    helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pks-search")
    done = False
    try:
        _move(pages, parts[0], pages_of(1))
        for number in range(1, len(parts) + 1):
            ready = (
                helpers.submit(_move, pages, parts[number], pages_of(number + 1)) if number + 1 < len(parts) else None
            )
            _run(executable, pages_of(number), folder / str(number), str(work), stop)
            if ready is not None:
                ready.result()  # its error, if it failed
            helpers.submit(shutil.rmtree, pages_of(number), ignore_errors=True)
            _keep_used(folder / str(number), USED if number == 1 else MERGED_USED, wasm=number == 1)
        done = True
    finally:  # the helpers are done before the work folder goes (what is not begun yet is not wanted on an error)
        helpers.shutdown(wait=True, cancel_futures=not done)
