"""The only module that imports the site engine (ProperDocs, the maintained fork of MkDocs 1.6): load mkdocs.yml, build strictly, preview with live reload.

MkDocs 1.x is unmaintained and Material announces its end of life for 2027; keeping every MkDocs
call here makes a move to a maintained fork (ProperDocs, Zensical) a change to this file only.

Generated pages and assets never touch docs/: they are handed to MkDocs as virtual files in the
`on_files` event, next to the hand-written pages of docs/.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
import posixpath
import re
import shutil
import signal
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from functools import partial
from html import unescape
from pathlib import Path
from typing import Generic, NoReturn, TypeVar

import properdocs.replacement  # noqa: F401,I001  (first: Material's `mkdocs.*` imports then load ProperDocs)
from properdocs import utils as engine_utils
from properdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
    get_context,
)
from properdocs.config import load_config
from properdocs.config.defaults import MkDocsConfig
from properdocs.exceptions import Abort, BuildError, MkDocsException
from properdocs.livereload import LiveReloadServer
from properdocs.plugins import BasePlugin, event_priority
from properdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from properdocs.structure.nav import Navigation, get_navigation
from properdocs.structure.pages import Page
from properdocs.structure.toc import TableOfContents
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from site_builder.errors import PksError
from site_builder.site import publish, render, search
from site_builder.site.render import RenderedSite, SiteLinks
from site_builder.validation import messages, validate

log = logging.getLogger(__name__)
T = TypeVar("T")
_PR_SET_PDEATHSIG = 1

# Material partials we replace, by the name Material's templates include them with.
THEME_OVERRIDES = {
    "partials/source.html": "material/source.html.j2",
    "main.html": "material/main.html.j2",
    "partials/header.html": "material/header.html.j2",
    "partials/logo.html": "material/logo.html.j2",
    "404.html": "material/404.html.j2",
    "partials/languages/id.html": "material/language-id.html.j2",
}
# Material's own Indonesian words, which our partials/languages/id.html corrects ("Header", ...).
MATERIAL_LANGUAGE_ID = "partials/languages/id-material.html"
# theme.logo in mkdocs.yml: Material's default logo icon as a file, written by the build (see _logo).
LOGO = "assets/pks/logo.svg"
LOGO_ICON = ".icons/material/library.svg"
# MkDocs publishes every file of docs/ as-is; from there only pages, pictures and PDFs go out.
PUBLISHED_FROM_DOCS = (".md", ".png", ".jpg", ".jpeg", ".svg", ".webp", ".pdf")


class SiteError(PksError):
    """MkDocs could not load the configuration or build the site; the message says why."""


# Material's templates indent their markup deeply: ~4 KB of every page is runs of spaces and blank
# lines. A run of whitespace holding a line break shows exactly like one line break, except where
# whitespace is kept as written (or is code): those elements are left alone.
_KEPT_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style|code)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_LINE_BREAK_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")  # ASCII whitespace only: never a no-break space
# Material's source maps (~1.3 MB) help only someone debugging Material; no page loads them.
_SOURCE_MAP_COMMENT = re.compile(r"\n?/[/*]# sourceMappingURL=[^\n]*")
# The page's content: the target of the skip link, and what the search index reads (search.py).
_ARTICLE = '<article class="md-content__inner md-typeset">'
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
CONTENT_ID = "isi"
# A table cell or a fact ends where the next begins ("Rutan Barabai</td><td>Disdag HST"): text
# extraction (search index, reader modes) would run the words together. A line break between them
# shows nothing (whitespace between cells and grid items is not rendered) and separates the words.
_CELL_END = re.compile(r"(</(?:td|th|dt|dd|tr)>)(?=<)")


def squeeze_whitespace(html: str) -> str:
    """The page with each whitespace run that holds a line break cut to one line break."""
    parts = _KEPT_AS_WRITTEN.split(html)
    # split() returns text, (element, its tag name), text, ...: squeeze the text parts only.
    return "".join(_line_break_runs(part) if i % 3 == 0 else part if i % 3 == 1 else "" for i, part in enumerate(parts))


_RUN_WHITE = " \t\r\f"  # with "\n": the white space of _LINE_BREAK_RUN


def _line_break_runs(text: str) -> str:
    """_LINE_BREAK_RUN.sub("\n", text), by lines (several times faster): every run of white space that
    holds a line break, so the white space around each line break and every blank line, becomes one."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    inner = [stripped for line in lines[1:-1] if (stripped := line.strip(_RUN_WHITE))]
    return "\n".join([lines[0].rstrip(_RUN_WHITE), *inner, lines[-1].lstrip(_RUN_WHITE)])


def _logo(config: MkDocsConfig) -> str:
    """Material's default logo icon, white like the header text it sits in. Material inlines a logo
    icon's SVG twice in every page (header and drawer, ~0.6 KB); as a file, a browser fetches it once."""
    for folder in config.theme.dirs:
        icon = Path(folder) / LOGO_ICON
        if icon.is_file():
            return icon.read_text(encoding="utf-8").replace("<svg ", '<svg fill="#fff" ', 1)
    raise SiteError(f"the theme has no {LOGO_ICON} to make {LOGO} from")


# Material's lunr search (its languages, word cutter, worker), copied with the theme even when the
# search plugin is off (mkdocs.yml): ~1 MB that no page loads.
LUNR_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers")


def drop_unused_theme_files(site_dir: Path, search_plugin: bool) -> None:
    """Removes Material's *.map files and the comments that point to them, and lunr when unused."""
    if not search_plugin:
        for folder in LUNR_FILES:
            shutil.rmtree(site_dir / folder, ignore_errors=True)
    for path in site_dir.rglob("*.map"):
        path.unlink()
    for path in [*site_dir.rglob("*.js"), *site_dir.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        stripped = _SOURCE_MAP_COMMENT.sub("", text)
        if stripped != text:
            path.write_text(stripped, encoding="utf-8")


def mark_content(html: str, searchable: bool, skip_text: str) -> str:
    """The page's article gets an id that a skip link (on every page, first in tab order) points to,
    and, when the page is searchable, the attribute that puts it into the search index."""
    if html.count(_ARTICLE) != 1:
        raise SiteError(f"expected one {_ARTICLE} in the page, found {html.count(_ARTICLE)}; Material changed")
    marked = _ARTICLE[:-1] + f' id="{CONTENT_ID}"' + (" data-pagefind-body" if searchable else "") + ">"
    html = _CELL_END.sub("\\1\n", html.replace(_ARTICLE, marked))
    skip = f'<div data-md-component="skip"><a href="#{CONTENT_ID}" class="md-skip">{skip_text}</a></div>'
    return _SKIP.sub(lambda _: skip, html, count=1)


def searchable(page: Page) -> bool:
    """Front matter `search: exclude: true` (render.py: the later pages of long lists) keeps a page out
    of the index."""
    return not bool(((page.meta or {}).get("search") or {}).get("exclude"))


# mark_content and squeeze_whitespace piece by piece (engine's record pages: the same page shell with
# each page's values put in). Done on the shell's text once and on each page's values, they give the
# same bytes as on the whole page when nothing they match can cross from one piece into the next:
# no element kept as written left open, no tag cut at a piece's end, no whitespace run across a
# joint (values neither start nor end with white space), no cell end just before a joint.
_KEPT_OPENER = re.compile(r"<(?:pre|textarea|script|style|code)\b", re.IGNORECASE)
_CELL_END_AT_END = re.compile(r"</(?:td|th|dt|dd|tr)>\Z")
_SKIP_OPENER = '<div data-md-component="skip">'
_WHITE = " \t\r\n\f"


def _squeezed_closed(text: str) -> str | None:
    """squeeze_whitespace(text), or None when an element kept as written opens in text and does not
    close there (its end would be in the next piece)."""
    if not _KEPT_OPENER.search(text):
        return _line_break_runs(text)
    parts = _KEPT_AS_WRITTEN.split(text)
    if any(_KEPT_OPENER.search(part) for part in parts[::3]):
        return None
    return "".join(_line_break_runs(part) if i % 3 == 0 else part if i % 3 == 1 else "" for i, part in enumerate(parts))


def _cut_tag_at_end(text: str) -> bool:
    """text ends inside a tag that a pattern above could match across the joint."""
    start = text.rfind("<")
    if start <= text.rfind(">"):
        return False
    tail = text[start:]
    return bool(re.fullmatch(r"</?[A-Za-z]*", tail)) or _ARTICLE.startswith(tail) or _SKIP_OPENER.startswith(tail)


def marked_shell(pieces: Sequence[str | tuple[str, str]], searchable: bool, skip_text: str) -> list | None:
    """The shell's text pieces as mark_content and squeeze_whitespace leave them (value references
    kept), or None when the shell cannot be handled piece by piece."""
    texts = [piece for piece in pieces if isinstance(piece, str)]
    if sum(text.count(_ARTICLE) for text in texts) != 1:
        return None
    content_at = next((i for i, piece in enumerate(pieces) if piece == ("content", "raw")), None)
    skip_at = next((i for i, piece in enumerate(pieces) if isinstance(piece, str) and _SKIP_OPENER in piece), None)
    if content_at is None or skip_at is None or skip_at > content_at:
        return None
    if sum(piece == ("content", "raw") for piece in pieces) != 1 or any(
        not isinstance(piece, str) and piece[0] == "content" and piece[1] != "raw" for piece in pieces
    ):
        return None
    marked = _ARTICLE[:-1] + f' id="{CONTENT_ID}"' + (" data-pagefind-body" if searchable else "") + ">"
    skip = f'<div data-md-component="skip"><a href="#{CONTENT_ID}" class="md-skip">{skip_text}</a></div>'
    out: list = []
    for i, piece in enumerate(pieces):
        if not isinstance(piece, str):
            out.append(piece)
            continue
        if i + 1 < len(pieces) and _cut_tag_at_end(piece):
            return None
        if i + 1 == content_at and _CELL_END_AT_END.search(piece):
            return None
        text = _CELL_END.sub("\\1\n", piece.replace(_ARTICLE, marked))
        if i == skip_at:
            text, found = _SKIP.subn(lambda _: skip, text, count=1)
            if not found:
                return None
        squeezed = _squeezed_closed(text)
        if squeezed is None:
            return None
        out.append(squeezed)
    return out


def marked_value(name: str, value: str, after: str) -> str | None:
    """A page's value as it ends up in the marked, squeezed page, or None when it could reach across a
    joint (then the whole page is marked and squeezed). after: the shell text that follows it."""
    if not value or value[0] in _WHITE or value[-1] in _WHITE:
        return None
    if name != "content":
        return None if any(c in value for c in "<>\n") else value
    if _ARTICLE in value or _cut_tag_at_end(value) or (_CELL_END_AT_END.search(value) and after.startswith("<")):
        return None
    return _squeezed_closed(_CELL_END.sub("\\1\n", value))


# ProperDocs logs under its own name; Material's plugins still log under "mkdocs.material.*".
ENGINE_LOGGERS = ("properdocs", "mkdocs")


class _Warnings(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what failed."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _mkdocs_errors(action: str) -> Iterator[_Warnings]:
    handler = _Warnings()
    loggers = [logging.getLogger(name) for name in ENGINE_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    except (MkDocsException, SystemExit) as error:  # the engine's Abort is also a SystemExit
        details = "".join(f"\n  {m}" for m in handler.messages)
        raise SiteError(f"{action}: {error}{details}") from error
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def load(config_file: Path, site_dir: Path) -> MkDocsConfig:
    """mkdocs.yml with strict mode forced on, building into site_dir."""
    with _mkdocs_errors(f"mkdocs.yml ({config_file})"):
        return load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)


def links(config: MkDocsConfig) -> SiteLinks:
    """What the page templates need from mkdocs.yml and the hand-written docs folder."""
    config_dir = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    pages = (
        frozenset(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
        if docs_dir.is_dir()
        else frozenset()
    )
    return SiteLinks(
        use_directory_urls=config.use_directory_urls,
        repo_url=config.repo_url,
        edit_uri=config.edit_uri,
        docs_dir=Path(os.path.relpath(docs_dir, config_dir)).as_posix(),
        docs_pages=pages,
    )


def _utf8(name: str) -> bool:
    """False for a file name that was not valid UTF-8 on disk (Python holds its bytes as lone surrogates)."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# An id attribute in the HTML blocks our templates write (render.py: always double-quoted, and no record
# text holds a bare quote there, escaped). Searched by its literal start, four times faster than \sid=.
_BLOCK_ID = re.compile(r'id="([^"<>]*)"')


def _block_anchor_ids(blocks: Sequence[str]) -> set[str]:
    """The anchors a page's HTML blocks hold (an activity, a scope item, a source): a link to one of
    them from another page is a valid link, as the built page shows."""
    return {
        unescape(found.group(1))
        for block in blocks
        for found in _BLOCK_ID.finditer(block)
        if block[found.start() - 1 : found.start()].isspace()  # id=, not data-id= or grid=
    }


class _GeneratedFiles(BasePlugin):
    """Adds the rendered pages and assets as virtual files and installs our theme overrides."""

    def __init__(self, rendered: RenderedSite, site_links: SiteLinks, skip_text: str = "Lewati ke isi"):
        super().__init__()
        self.rendered = rendered
        self.site_links = site_links
        self.skip_text = skip_text
        self.main = True  # False in the process that builds a share of the record pages (build_shared)
        self.release = False  # a page's HTML blocks are let go of once put back (_build_share's release)
        self.copies: search.CopyWriter | None = None  # writes the pages' cut copies for the index (_build_share)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in files:
            if not file.src_uri.isascii() and not _utf8(file.src_uri):  # MkDocs fails on it with a traceback
                raise SiteError(messages.say("file-name-encoding", name=os.path.join(file.src_dir or "", file.src_uri)))
            if file.src_dir == config.docs_dir and not file.src_uri.lower().endswith(PUBLISHED_FROM_DOCS):
                file.inclusion = InclusionLevel.EXCLUDED
        elsewhere = dict.fromkeys(self.rendered.elsewhere, "")  # built by the other process: listed, not made here
        for path, content in sorted({**self.rendered.files, **elsewhere}.items()):
            if files.get_file_from_path(path) is not None:
                raise SiteError(
                    f"{posixpath.join(self.site_links.docs_dir, path)} is generated by `pks build`; "
                    "remove the hand-written file"
                )
            page = path.endswith(".md")
            file = File.generated(
                config, path, content=content, inclusion=InclusionLevel.UNDEFINED if page else InclusionLevel.INCLUDED
            )
            # No Material edit button (it would open a template): a record page links each of its
            # record files' edit pages in words, under "Tentang rekaman ini".
            file.edit_uri = None
            files.append(file)
        if config.theme.get("logo") == LOGO:
            files.append(File.generated(config, LOGO, content=_logo(config)))
        return files

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self.rendered.fragments:  # a hand-written page
            if page.file.src_uri not in self.rendered.inserts:
                return html
            marker, insert = self.rendered.inserts[page.file.src_uri]
            return html.replace(marker, insert, 1) if marker else html
        html = self.rendered.page_html(page.file.src_uri, html)
        if page.present_anchor_ids is not None:  # Markdown saw placeholders where the HTML blocks are
            page.present_anchor_ids.update(_block_anchor_ids(self.rendered.fragments.get(page.file.src_uri, ())))
        if self.release and render.record_page(page.file.src_uri):
            self.rendered.fragments.pop(page.file.src_uri, None)
        return html

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        self.checkpoint()
        output = squeeze_whitespace(mark_content(output, searchable(page), self.skip_text))
        if self.copies is not None and config.plugins.events["post_page"][-1] == self.on_post_page:
            # What ProperDocs writes next (_build_page, _FastRecordPages.build_page): no plugin after
            # this one changes it. Otherwise index() reads the page back.
            self.write_copy(page, output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    def write_copy(self, page: Page, data: bytes) -> None:
        """The search index's cut copy of a page whose bytes are data (search.CopyWriter)."""
        if self.copies is not None and data.strip():  # an empty page is not written
            self.copies.page(page.file.dest_uri, data)

    def checkpoint(self) -> None:
        if self.main:
            publish.checkpoint("mkdocs")  # fault tests: pages half written

    def on_post_build(self, config: MkDocsConfig) -> None:
        # No page is read after this. ProperDocs' `plugins` option keeps the configuration it loaded
        # last, and with it this plugin, for as long as the program runs: the pages go now, before
        # the search index is made (build.py).
        self.rendered = RenderedSite(files={})
        if not self.main:
            return
        drop_unused_theme_files(
            Path(config.site_dir), any(name.rsplit("/", 1)[-1] == "search" for name in config.plugins)
        )

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # Material's Indonesian strings under a name of ours, so that our language partial can extend them
        material_id = env.loader.get_source(env, "partials/languages/id.html")[0]
        env.loader = render.theme_loader(
            env.loader, THEME_OVERRIDES, {MATERIAL_LANGUAGE_ID: material_id}
        )  # render owns Jinja
        return env


def index_search(site_dir: Path, stop: Callable[[], bool] | None = None, copies: Path | None = None) -> None:
    """The Pagefind index of a built site (search.py), as a SiteError when it fails; search.Stopped when
    stop() said so before it was done. copies: the folder the build wrote the pages' cut copies into
    (build and build_shared's copies), removed after."""
    try:
        search.index(site_dir, stop, copies)
    except search.SearchIndexError as error:
        raise SiteError(str(error)) from error


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """MkDocs stamps sitemap dates from SOURCE_DATE_EPOCH, else from the clock: a caller's value wins."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def build(config: MkDocsConfig, rendered: RenderedSite, epoch: int, copies: Path | None = None) -> None:
    """A strict MkDocs build of docs/ plus the rendered pages into config.site_dir; no search index
    (index_search, once the caller has let go of what the build needed). copies: a folder where each
    page's cut copy for the search index is written as the page is (search.CopyWriter)."""
    with _source_date_epoch(epoch), _mkdocs_errors("MkDocs build"):
        engine_utils.clean_directory(config.site_dir)
        _build_share(config, rendered, lambda path: True, main=True, release=True, copies=copies)


# --- record pages, made from shared work ---------------------------------------------------------
# Thousands of record pages (render.RECORD_FOLDERS, in no navigation) differ only in their title, their
# content and their address. Two things ProperDocs and Material would redo for each are done once:
#
# - Markdown: a record page's Markdown is our headings and the placeholders of its HTML blocks
#   (render.split_page), the same text on many pages. Where it holds nothing but those (no link, no
#   HTML), Markdown's output depends on the text alone, so each distinct text is converted once
#   (ProperDocs builds a new Markdown object with all extensions for every page: most of the time).
# - Material's page template: rendered once per "shape" (folder, front matter, first heading, ...)
#   with marker strings for the title, the canonical address and the content, then cut at the
#   markers; each page is the pieces with its own values put in, as Material prints them (as is,
#   escaped, or with tags stripped: each marker reads differently in each of those). A shape whose
#   template output holds a marker in any other form, or the sample page's own address, is built
#   the ordinary way.
#
# FAST_RECORD_PAGES = False builds every page the ordinary way (tests compare the two, byte for byte).
FAST_RECORD_PAGES = True
_PLAIN_MARKDOWN = re.compile(r"(?:<!--pks-fragment-\d+-->|#{1,6} [^\[\]<>\n]*)?")
_MARKERS = {  # the value a marker stands for -> the marker: tags, an entity and two spaces tell its forms apart
    "title": "\ue000pks-title<i>&amp;  t</i>\ue001",
    "url": "\ue000pks-url<i>&amp;  u</i>\ue001",
    "content": "\ue000pks-content<i>&amp;  c</i>\ue001",
}
_FORMS = render.THEME_PRINT_FORMS
_MARKER_TRACE = re.compile("[\ue000\ue001]")
_SHAPE_META = frozenset({"title", "hide", "search"})


@dataclass(frozen=True)
class _Converted:
    """What Markdown made of one record page's text (Page.render's results), for every page with that text."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    own_links: dict[str, str] | None  # the page's links to its own anchors (the headings' permalinks)


class _RecordPage(Page):
    """A record page whose Markdown is converted once per distinct text (see above)."""

    def __init__(self, file: File, config: MkDocsConfig, fast: _FastRecordPages):
        super().__init__(None, file, config)
        self._fast = fast

    def render(self, config: MkDocsConfig, files: Files) -> None:
        text = self.markdown or ""
        known = self._fast.converted.get(text)
        if known is None:
            super().render(config, files)
            links = self.links_to_anchors or {}
            if all(_PLAIN_MARKDOWN.fullmatch(line) for line in text.split("\n")) and set(links) <= {self.file}:
                own = links.get(self.file)
                self._fast.converted[text] = _Converted(
                    self.content or "",
                    deepcopy(self.toc),
                    self._title_from_render,
                    frozenset(self.present_anchor_ids or ()),
                    dict(own) if own is not None else None,
                )
            return
        self.content = known.content
        self.toc = deepcopy(known.toc)
        self._title_from_render = known.title
        self.present_anchor_ids = set(known.anchors)
        self.links_to_anchors = {} if known.own_links is None else {self.file: dict(known.own_links)}


@dataclass(frozen=True)
class _Shell:
    """Material's page for one shape, cut at the markers: text, (value, form), text, ..."""

    pieces: tuple[str | tuple[str, str], ...]
    marked: list | None  # marked_shell(pieces): the same, marked and squeezed; None: mark each whole page


class _FastRecordPages:
    def __init__(self, config: MkDocsConfig):
        self.config = config
        self.converted: dict[str, _Converted] = {}
        self.shells: dict[tuple, _Shell | None] = {}
        # Only our plugin may see the pages (others could read the context or the page we skip).
        events = config.plugins.events
        plugins = list(config.plugins.values())
        # (_CompiledOnce, `pks serve`'s, only keeps the theme's templates compiled.)
        self.usable = not any(events[name] for name in ("pre_page", "page_context")) and all(
            isinstance(plugin, (_GeneratedFiles, _CompiledOnce)) for plugin in plugins
        )
        # Only ours changes the page after the template: then its changes can be made piece by piece.
        ours = [plugin for plugin in plugins if isinstance(plugin, _GeneratedFiles)]
        self.plugin = ours[0] if self.usable and len(ours) == 1 and not events["post_page"][1:] else None

    def shape(self, page: Page, excluded: bool) -> tuple | None:
        """What a record page's Material template output depends on besides the marked values; None:
        this page is built the ordinary way."""
        meta = page.meta
        title = page.title
        if (
            excluded
            or not self.usable
            or not isinstance(page, _RecordPage)
            or not set(meta) <= _SHAPE_META
            or not isinstance(title, str)
            or meta.get("title") != title
            or not isinstance(page.content, str)
            or page.parent is not None
            or page.previous_page is not None
            or page.next_page is not None
            or page.is_homepage
            or page.edit_url is not None
        ):
            return None
        first = next(iter(page.toc), None)
        return (
            posixpath.dirname(page.url),
            repr(sorted((k, v) for k, v in meta.items() if k != "title")),
            None if first is None else first.url,
            "<h1" in page.content,
            bool(title),
            page.canonical_url is None,
        )

    def _shell(
        self, page: Page, doc_files: Sequence[File], nav: Navigation, env: render.TemplateEnvironment
    ) -> _Shell | None:
        """Material's template output for page with markers for its values, cut at them; None when a
        marker comes out in a form we do not know or the page's own address shows (not one shape)."""
        values = page.meta["title"], page.canonical_url, page.content
        page.meta["title"], page.content = _MARKERS["title"], _MARKERS["content"]
        if page.canonical_url is not None:
            page.canonical_url = _MARKERS["url"]
        try:
            output = env.get_template("main.html").render(get_context(nav, doc_files, self.config, page))
        finally:
            page.meta["title"], page.canonical_url, page.content = values
        forms = {
            form(marker): (name, form_name) for name, marker in _MARKERS.items() for form_name, form in _FORMS.items()
        }
        cut = re.compile("|".join(re.escape(text) for text in sorted(forms, key=len, reverse=True)))
        pieces: list[str | tuple[str, str]] = []
        at = 0
        for match in cut.finditer(output):
            pieces += [output[at : match.start()], forms[match.group()]]
            at = match.end()
        pieces.append(output[at:])
        text = "".join(p for p in pieces if isinstance(p, str))
        if _MARKER_TRACE.search(text) or posixpath.basename(page.url) in text:
            return None
        plugin = self.plugin
        marked = None if plugin is None else marked_shell(pieces, searchable(page), plugin.skip_text)
        return _Shell(tuple(pieces), marked)

    def build_page(
        self, page: Page, doc_files: Sequence[File], nav: Navigation, env: render.TemplateEnvironment, excluded: bool
    ) -> bool:
        """Builds a record page from its shape's shell, as _build_page would; False: not done, build it
        the ordinary way."""
        key = self.shape(page, excluded)
        if key is None:
            return False
        config = self.config
        config._current_page = page
        page.active = True
        try:
            if key not in self.shells:
                self.shells[key] = self._shell(page, doc_files, nav, env)
            shell = self.shells[key]
            if shell is None:
                return False
            values = {"title": page.meta["title"], "url": page.canonical_url or "", "content": page.content or ""}
            formed = [p if isinstance(p, str) else _FORMS[p[1]](values[p[0]]) for p in shell.pieces]
            output = None
            if shell.marked is not None and self.plugin is not None:
                parts = [
                    p if isinstance(p, str) else marked_value(p[0], formed[i], formed[i + 1])
                    for i, p in enumerate(shell.marked)
                ]
                if None not in parts:
                    self.plugin.checkpoint()
                    output = "".join(parts)  # type: ignore[arg-type]  # no None among them
            copied = output is None  # on_post_page writes the copy
            if output is None:
                output = config.plugins.on_post_page("".join(formed), page=page, config=config)
            if output.strip():
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                engine_utils.write_file(data, page.file.abs_dest_path)
                if not copied and self.plugin is not None:
                    self.plugin.write_copy(page, data)
            return True
        except Exception as error:
            message = f"Error building page '{page.file.src_uri}':"
            if not isinstance(error, BuildError):
                message += f" {error}"
            logging.getLogger("properdocs.commands.build").error(message)
            raise
        finally:
            page.active = False
            config._current_page = None


# --- two processes, one site ------------------------------------------------------------------------
# A record page (render.RECORD_FOLDERS) is in no navigation and no other page reads what MkDocs makes
# of it (its links and values are HTML that Markdown never parses), so its Markdown and HTML can be
# made in another process. The second process renders and builds about half of the record pages
# (chosen by a hash of the path, the same in every build); the first renders and builds all the rest,
# writes the theme files and the sitemap, then waits for the second (build.py indexes the site after). Each
# page is written by exactly one process, from the same inputs: the site is the same bytes as one
# process makes. The second process also renders and reads the pages that are not record pages (the
# navigation shows their titles) but writes none of them. The verdict is one process's too: the second
# checks no link to an anchor and counts no warning; it sends the first its pages' anchors, links and
# warnings (ShareAnswer), and the first checks every page's links against every page's anchors.
SHARE_ENV = validate.JOBS_VARIABLE  # 1: one process (as validation reads it)


def _second_share(path: str) -> bool:
    return render.record_page(path) and zlib.crc32(path.encode("utf-8")) % 2 == 1


def _first_share(path: str) -> bool:
    return not _second_share(path)


def second_process_wanted() -> bool:
    """Whether a build may fork a second process: two cores to use (PKS_JOBS) and no other thread."""
    return validate.fork_is_safe() and validate.process_count() > 1


def _build_share(
    config: MkDocsConfig,
    rendered: RenderedSite,
    builds: Callable[[str], bool],
    main: bool,
    before_post_build: Callable[[], None] | None = None,
    release: bool = False,
    other_share: Callable[[], ShareAnswer] | None = None,
    second: bool = False,
    copies: Path | None = None,
) -> ShareAnswer | None:
    """ProperDocs' build (properdocs.commands.build.build, strict, not dirty), with pages rendered in
    another process left unread and unbuilt, and only the pages `builds` names written. The main share
    also copies the theme files and writes the theme's templates (sitemap, 404).

    Two processes give the verdict of one (build_shared): the second (second=True) checks no anchor link
    and counts no warning; it returns what its pages hold (ShareAnswer). The first takes that from
    other_share() once its own pages are built, logs the second's warnings as its own, and checks the
    anchor links of every page of the site against every page's anchors, in the order one process
    does; its strict count then holds every warning once.

    release: each record page this process builds is read (Markdown, its HTML blocks put back) just
    before it is built, and its HTML blocks and content are let go of after: no other page reads a
    record page, and thousands of them held at once were a third of the build's memory. The caller
    must not read rendered.fragments of those pages afterwards (`pks serve` keeps them: it does not
    release).

    copies: each page's cut copy for the search index is written under this folder as the page is
    written (search.CopyWriter; search.index reads the pages that have none)."""
    plugin = _GeneratedFiles(rendered, links(config))
    plugin.main = main
    plugin.release = release
    plugin.copies = None if copies is None else search.CopyWriter(copies)
    config.plugins["pks-generated"] = plugin
    warning_counter = engine_utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    logging.getLogger("properdocs").addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    kept: _Kept | None = None
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        fast = _FastRecordPages(config) if FAST_RECORD_PAGES else None
        for file in files.documentation_pages(inclusion=inclusion):
            page: Page
            if isinstance(file.page, _ListedPage):  # `pks serve`'s: listed, neither read nor built
                continue
            if fast is not None and file.inclusion.is_not_in_nav() and render.record_page(file.src_uri):
                page = _RecordPage(file, config, fast)  # in place of the one get_navigation made
            else:
                page = Page(None, file, config) if file.page is None else file.page  # a page in no navigation gets one
            if file.src_uri not in rendered.elsewhere and not (release and _later(page, builds)):
                _read(page, config, files, rendered)
        env = config.plugins.on_env(env, config=config, files=files)
        if main:
            files.copy_static_files(inclusion=inclusion)
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        pages = [(file, file.page) for file in doc_files if file.page is not None]  # every one has its Page now
        if second:  # the second's own warnings from here on (the first logs those of the pages both read)
            kept = _Kept.attached()
        for file, page in pages:
            if builds(file.src_uri):
                later = release and _later(page, builds)
                if later:
                    _read(page, config, files, rendered)
                excluded = file.inclusion.is_excluded()
                if fast is None or not fast.build_page(page, doc_files, nav, env, excluded):
                    _build_page(page, config, doc_files, nav, env, excluded=excluded)
                if later:  # written; what anchors it has stays (present_anchor_ids)
                    page.content = page.markdown = None
                    page.file.content_string = ""
        if kept is not None:  # no post-build event here: the first's, once the whole site is built
            kept.detach()
            return _answer_of(pages, builds, kept.records)
        unchecked = rendered.elsewhere  # pages another process reads: pks serve's, unchanged since last checked
        if other_share is not None:
            unchecked = _take_answer(other_share(), pages, files, unchecked)
        for file, page in pages:
            if file.src_uri not in unchecked:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if before_post_build is not None:
            before_post_build()
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise Abort("Aborted with " + ", ".join(f"{v} {k.lower()}s" for k, v in counts) + " in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        logging.getLogger("properdocs").removeHandler(warning_counter)
        if kept is not None:
            kept.detach()
    return None


def _later(page: Page, builds: Callable[[str], bool]) -> bool:
    """A record page this process builds: read just before it is built (release)."""
    return render.record_page(page.file.src_uri) and builds(page.file.src_uri)


def _read(page: Page, config: MkDocsConfig, files: Files, rendered: RenderedSite) -> None:
    """_populate_page, the page rendered first when it is one of rendered.later."""
    make = rendered.later.get(page.file.src_uri)
    if make is not None:
        page.file.content_string, rendered.fragments[page.file.src_uri] = make()
    _populate_page(page, config, files)


# A page's links_to_anchors by page names: (target, None: the page itself; its (anchor, link) pairs), ...
_Links = tuple[tuple[str | None, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class ShareAnswer:
    """What the second process tells the first of the pages it built (_build_share): each page's anchors
    and links to anchors (present_anchor_ids, links_to_anchors), so that the first checks every link as
    one process would, and the warnings it logged while building them (logger, level, message), so that
    the strict verdict counts them. Pages with the same text share one value (pickled once)."""

    anchors: dict[str, frozenset[str]]
    links: dict[str, _Links]
    warnings: tuple[tuple[str, int, str], ...]


def _links_of(page: Page) -> _Links:
    """page.links_to_anchors by page names (None: the page itself), to be sent or kept."""
    return tuple(
        (None if file is page.file else file.src_uri, tuple(anchors.items()))
        for file, anchors in (page.links_to_anchors or {}).items()
    )


def _links_to_files(page: Page, files: Files, links: _Links) -> dict[File, dict[str, str]] | None:
    """_links_of(page) as page.links_to_anchors again; None when a target is no longer among files."""
    found = {}
    for target, anchors in links:
        file = page.file if target is None else files.get_file_from_path(target)
        if file is None:
            return None
        found[file] = dict(anchors)
    return found


class _Kept(logging.Handler):
    """The engine's warnings (and errors) as they were logged, to be logged again in another process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    @classmethod
    def attached(cls) -> _Kept:
        kept = cls()
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).addHandler(kept)
        return kept

    def detach(self) -> None:
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _answer_of(
    pages: Sequence[tuple[File, Page]], builds: Callable[[str], bool], warnings: list[tuple[str, int, str]]
) -> ShareAnswer:
    """In the second process: what the first needs of the pages built here (ShareAnswer)."""
    # one object per distinct value, so that pickle writes it once
    same_ids: dict[frozenset[str], frozenset[str]] = {}
    same_links: dict[_Links, _Links] = {}
    anchors: dict[str, frozenset[str]] = {}
    links: dict[str, _Links] = {}
    for file, page in pages:
        if not builds(file.src_uri) or page.present_anchor_ids is None:
            continue
        ids = frozenset(page.present_anchor_ids)
        anchors[file.src_uri] = same_ids.setdefault(ids, ids)
        if page.links_to_anchors:
            own = _links_of(page)
            links[file.src_uri] = same_links.setdefault(own, own)
    return ShareAnswer(anchors, links, tuple(warnings))


def _take_answer(
    answer: ShareAnswer, pages: Sequence[tuple[File, Page]], files: Files, elsewhere: frozenset[str]
) -> frozenset[str]:
    """In the first process: the second's warnings logged here, and its pages given their anchors and
    links, as if read here. Returns the pages of elsewhere still unknown (none, unless the second built
    fewer than it was given)."""
    for name, level, message in answer.warnings:
        logging.getLogger(name).log(level, message)
    unknown = set()
    sets: dict[frozenset[str], set[str]] = {}  # one set per distinct value: only read (validate_anchor_links)
    for file, page in pages:
        if file.src_uri not in elsewhere:
            continue
        ids = answer.anchors.get(file.src_uri)
        links = _links_to_files(page, files, answer.links.get(file.src_uri, ()))
        if ids is None or links is None:
            unknown.add(file.src_uri)
            continue
        if (present := sets.get(ids)) is None:
            present = sets[ids] = set(ids)
        page.present_anchor_ids = present
        page.links_to_anchors = links
    return frozenset(unknown)


def _die_with_parent(parent: int) -> None:
    """The second process must not outlive the first (a killed build must not keep writing)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _second_process(
    config: MkDocsConfig, render_share: Callable[[Callable[[str], bool]], RenderedSite], copies: Path | None = None
) -> ShareAnswer:
    """In the forked process: render and build the second share; what the first needs of it."""
    with _mkdocs_errors("MkDocs build"):
        answer = _build_share(
            config,
            render_share(lambda path: _second_share(path) or not render.record_page(path)),
            _second_share,
            main=False,
            release=True,
            second=True,
            copies=copies,
        )
    assert answer is not None  # a share that is not the main one always answers
    return answer


class Forked(Generic[T]):
    """work() run in a forked process that dies with this one. result() waits for it and returns what
    work returned (pickled through a pipe) or raises what it raised; leaving the with block without
    result() (this process failed first) kills it: what it would make is not wanted."""

    def __init__(self, work: Callable[[], T]):
        reader, writer = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            publish.forget_locks()  # the build's lock dies with the build, not with this process
            _die_with_parent(parent)
            _answer(work, writer)
        os.close(writer)
        self.pid, self.reader, self.waited = pid, reader, False

    def result(self) -> T:
        self.waited = True
        with os.fdopen(self.reader, "rb") as reader:
            data = reader.read()
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise _unanswered(status)
        done, value = pickle.loads(data)
        if not done:
            raise value
        return value

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.waited:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.reader)


def _unanswered(status: int) -> SiteError:
    """The failure of a second process that ended without an answer (os.waitpid's status), in words
    that say what likely happened and what to do (messages.PUBLISHING)."""
    params: dict[str, object]
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = f"{number} ({signal.Signals(number).name})"
        except ValueError:  # a number Python has no name for
            name = str(number)
        key, params = "second-process-killed", {"signal": name}
    else:
        key, params = "second-process-exited", {"code": os.waitstatus_to_exitcode(status)}
    error = SiteError(messages.say(key, **params))
    error.key, error.params = key, params
    return error


def _answer(work: Callable[[], object], out: int) -> NoReturn:
    """In the forked process: work's result or exception, told to the first process; then exit."""
    answer: tuple[bool, object]
    try:
        answer = True, work()
    except BaseException as error:  # everything goes back to the first process, which raises it
        answer = False, error
    try:
        data = pickle.dumps(answer)
    except Exception:  # an exception (or a result) that cannot be pickled: its words
        data = pickle.dumps((False, SiteError(f"{type(answer[1]).__name__}: {answer[1]}")))
    with os.fdopen(out, "wb") as pipe:
        pipe.write(data)
    os._exit(0 if answer[0] else 1)


@contextmanager
def _frozen_for_fork() -> Iterator[None]:
    """The objects made so far (records, model, validation results: most of the memory) are left out
    of cycle collection while the second process lives. A forked process shares its parent's memory
    until either writes a page, and a full collection writes into every object it scans (Python's
    gc.freeze documentation advises this before fork). Reference counts still write into every
    object either process reads, so most of the model is copied all the same: docs/teknis/kinerja.md
    has the figures."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build_shared(
    config: MkDocsConfig,
    render_share: Callable[[Callable[[str], bool]], RenderedSite],
    epoch: int,
    copies: Path | None = None,
) -> RenderedSite:
    """Render and build the site with two processes where the machine has two cores (PKS_JOBS=1: one).
    render_share(share) renders the pages share(path) names. Returns what this process rendered.
    copies: see build (each process writes the copies of the pages it writes)."""
    if not second_process_wanted():
        rendered = render_share(lambda path: True)
        build(config, rendered, epoch, copies)
        return rendered
    with _source_date_epoch(epoch), _frozen_for_fork():
        engine_utils.clean_directory(config.site_dir)  # before the second process writes into it
        with Forked(partial(_second_process, config, render_share, copies)) as second:
            rendered = render_share(_first_share)
            with _mkdocs_errors("MkDocs build"):
                _build_share(
                    config,
                    rendered,
                    lambda path: path not in rendered.elsewhere,
                    main=True,
                    release=True,
                    other_share=second.result,
                    copies=copies,
                )
    return rendered


class _CompiledOnce(BasePlugin):
    """`pks serve`'s: the theme's templates compiled once per process, not once per build, and the
    Markdown of the pages that are not record pages (the hand-written docs/ pages, the home page, the
    lists) converted once per text (see Conversions)."""

    templates = render.CompiledTemplates()

    def __init__(
        self,
        conversions: Conversions | None = None,
        anchors: dict[str, frozenset[str]] | None = None,
        read: frozenset[str] = frozenset(),
        listed: frozenset[str] = frozenset(),
        unread: frozenset[str] = frozenset(),
    ):
        super().__init__()
        self.conversions = conversions
        self.anchors = anchors  # see build_pages
        self.read = read  # record pages read: their anchors go into self.anchors
        self.listed = listed  # record pages that get a _ListedPage with their anchors
        self.unread = unread  # record pages neither read nor built that get their anchors in on_env

    @event_priority(-100)  # after _GeneratedFiles has added the pages
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        anchors = self.anchors or {}
        for path in self.listed:
            file = files.get_file_from_path(path)
            if file is not None:
                _ListedPage(file, anchors.get(path))
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.bytecode_cache = self.templates
        if self.anchors is not None:  # every page is read by now (_build_share), none validated yet
            for path in self.read:
                file = files.get_file_from_path(path)
                if file is not None and file.page is not None and file.page.present_anchor_ids is not None:
                    self.anchors[path] = frozenset(file.page.present_anchor_ids)
            for path in self.unread:
                file = files.get_file_from_path(path)
                if file is not None and file.page is not None and (known := self.anchors.get(path)) is not None:
                    file.page.present_anchor_ids = set(known)
        return env

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        conversions = self.conversions
        if conversions is None:
            return nav
        for file in files.documentation_pages():
            if render.record_page(file.src_uri):
                continue  # made the shared way (_RecordPage), or read by no page
            # A page in no navigation gets the Page that _build_share would make for it, here.
            page = Page(None, file, config) if file.page is None else file.page
            page.render = partial(conversions.render, page)  # type: ignore[method-assign]  # this page's only
        return nav


class _ListedPage(Page):
    """A record page `pks serve` lists but neither reads nor builds (build_pages without whole_site):
    what a link to it is checked against (its file, its anchors), without what Page.__init__ works out
    for the sitemap and the theme (its addresses: half the engine's time of an edit at 1,000 agreements
    were every record page made twice over). Nothing else reads it: no sitemap is written then."""

    def __init__(self, file: File, anchors: frozenset[str] | None):  # no super().__init__: see above
        file.page = self
        self.file = file
        self.children = None
        self.previous_page = self.next_page = None
        self.active = False
        self.update_date = ""
        self.canonical_url = self.abs_url = self.edit_url = None
        self.markdown = self.content = None
        self._title_from_render = None
        self.toc = []  # type: ignore[assignment]  # as Page.__init__ has it
        self.meta = {}
        self.present_anchor_ids = None if anchors is None else set(anchors)


_Lookup = tuple[str, str, InclusionLevel] | None  # what a link's target was: (src_uri, url, inclusion), or none


@dataclass(frozen=True)
class _Conversion:
    """Page.render's results for one text, and every file lookup its links made."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: _Links
    lookups: tuple[tuple[str, _Lookup], ...]


class _NotedFiles(Files):
    """The build's files, noting each lookup (the only use Markdown's link processors make of them)."""

    def __init__(self, files: Files):
        super().__init__(())
        self.files = files
        self.noted: dict[str, _Lookup] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self.files.get_file_from_path(path)
        self.noted[path] = _lookup(found)
        return found


def _lookup(file: File | None) -> _Lookup:
    return None if file is None else (file.src_uri, file.url, file.inclusion)


class _Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.count += 1


class Conversions:
    """What Markdown made of each page that is not a record page, kept by `pks serve` from one build to
    the next while mkdocs.yml, docs/ and the templates stay the same (any change to them is a whole
    build, with new Conversions). A page is converted again unless its text, its file and every link
    target it looked up (whether it exists, its address, whether it is published) are the same as when
    it was converted; a conversion that logged anything (a warning the strict build counts) is never
    kept, so the next build logs it again."""

    def __init__(self) -> None:
        self.known: dict[tuple, _Conversion] = {}

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        key = (page.markdown, page.file.src_uri, page.file.url, page.file.inclusion)
        known = self.known.get(key)
        if known is not None and all(_lookup(files.get_file_from_path(p)) == was for p, was in known.lookups):
            links = _links_to_files(page, files, known.links)
            if links is not None:
                page.content, page.toc, page._title_from_render = known.content, deepcopy(known.toc), known.title
                page.present_anchor_ids = set(known.anchors)
                page.links_to_anchors = links
                return
        noted = _NotedFiles(files)
        logged = _Logged()
        loggers = [logging.getLogger(), logging.getLogger("properdocs")]
        for logger in loggers:
            logger.addHandler(logged)
        try:
            Page.render(page, config, noted)
        finally:
            for logger in loggers:
                logger.removeHandler(logged)
        if logged.count:
            self.known.pop(key, None)
            return
        self.known[key] = _Conversion(
            page.content or "",
            deepcopy(page.toc),
            page._title_from_render,
            frozenset(page.present_anchor_ids or ()),
            _links_of(page),
            tuple(noted.noted.items()),
        )


def build_pages(
    config: MkDocsConfig,
    rendered: RenderedSite,
    builds: Callable[[str], bool],
    epoch: int,
    whole_site: bool = True,
    conversions: Conversions | None = None,
    anchors: dict[str, frozenset[str]] | None = None,
) -> None:
    """Into config.site_dir, which is not emptied: the pages `builds` names; with whole_site also the
    theme's files and templates (sitemap, 404) and the rendered assets. No search index. Pages in
    rendered.elsewhere are listed (sitemap; links to them are checked) but neither read nor made.
    `pks serve` builds the pages an edit changed this way and takes the others from the site it showed
    before (site/incremental.py); with conversions, the Markdown of pages that are not record pages is
    converted once per text. anchors: record page -> its anchors, as the last build read them; a
    record page in rendered.elsewhere has those (links to its headings are checked against them), and
    each record page read here puts its own in."""
    read = frozenset(path for path in rendered.files if render.record_page(path))
    if whole_site:  # the sitemap needs their Page: made as ever, given their anchors in on_env
        config.plugins["pks-compiled-once"] = _CompiledOnce(conversions, anchors, read, unread=rendered.elsewhere)
    else:
        config.plugins["pks-compiled-once"] = _CompiledOnce(conversions, anchors, read, listed=rendered.elsewhere)
    with _source_date_epoch(epoch), _mkdocs_errors("MkDocs build"):
        _build_share(config, rendered, builds, main=whole_site)


def output_path(config: MkDocsConfig, page: str) -> str:
    """The site-relative file MkDocs writes a docs-relative page to."""
    return File(page, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri


class Preview:
    """`pks serve`: build into a temporary folder, serve it, rebuild when a watched path changes.

    `builder(site_dir)` makes the site show the edit (the preview's builder rebuilds only what the
    edit changed, see build.preview) and returns True. It should report record errors itself and
    return False, leaving the last good site. `finish(site_dir, superseded)` then runs in a thread
    while the browser already reloads: what may come a little later than the page (the open-data
    files, the search index: Pagefind is about a fifth of a build's CPU at 10,000 agreements). It
    should stop early when superseded() says another edit is waiting. The next build waits for it.
    """

    def __init__(
        self,
        builder: Callable[[Path], bool],
        watch: list[Path],
        host: str = "127.0.0.1",
        port: int = 8000,
        finish: Callable[[Path, Callable[[], bool]], None] | None = None,
        close: Callable[[Path], None] | None = None,
    ):
        self.builder = builder
        self.finish = finish or (lambda site_dir, superseded: index_search(site_dir))
        self.close = close  # close(site_dir): what the builder left beside the site, removed at the end
        self.watch_paths = watch
        self.site_dir = Path(tempfile.mkdtemp(prefix="pks-serve-"))
        self.server = LiveReloadServer(builder=self.rebuild, host=host, port=port, root=str(self.site_dir))
        self.indexing: threading.Thread | None = None
        self.waiting = threading.Event()  # set while a build waits for the thread to end

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> None:
        self.wait_for_index()
        try:
            if not self.builder(self.site_dir):  # records with errors: the last good site (and index) stays
                return
        except PksError as error:  # a template, the engine or the site folder failed: the last good site stays
            log.error("%s", error)
            return
        self.indexing = threading.Thread(target=self._index, name="pks-search-index", daemon=True)
        self.indexing.start()

    def _index(self) -> None:
        try:
            self.finish(self.site_dir, self.waiting.is_set)
        except PksError as error:
            log.error("%s", error)

    def wait_for_index(self) -> None:
        if self.indexing is not None:
            self.waiting.set()
            self.indexing.join()
            self.waiting.clear()
            self.indexing = None

    def run(self) -> None:
        """Blocks until stop() or Ctrl+C."""
        try:
            self.rebuild()
            if _events_work([path for path in self.watch_paths if path.exists()]):
                # The engine's server polls: a walk of every watched file twice a second (a sixth of a
                # core at 22,000 files, and up to half a second before a change is seen). The kernel
                # tells of a change at once, where it can (inotify on Linux, with watches to spare).
                self.server.observer = _ChangeObserver()
            for path in self.watch_paths:
                if path.exists():
                    self.server.watch(str(path))
            try:
                self.server.serve()
            except KeyboardInterrupt:
                pass
            finally:
                self.server.shutdown()
        finally:
            self.wait_for_index()
            shutil.rmtree(self.site_dir, ignore_errors=True)
            if self.close is not None:
                self.close(self.site_dir)

    def stop(self) -> None:
        self.server.shutdown()


# What a change is: the kernel also tells of every file opened and closed unwritten, and a build reads
# every watched file (each read would start the next build).
CHANGES = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class _ChangeObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's class, chosen at import
    """The system's file events, changes only."""

    def schedule(
        self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False
    ) -> ObservedWatch:
        return super().schedule(
            event_handler,
            path,
            recursive=recursive,
            event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink,
        )


def _events_work(paths: list[Path]) -> bool:
    """Whether the system's file events can watch paths (inotify can run out of watches)."""
    observer = _ChangeObserver()
    try:
        for path in paths:
            observer.schedule(FileSystemEventHandler(), str(path), recursive=True)
        observer.start()
    except OSError:
        return False
    finally:
        if observer.is_alive():
            observer.stop()
            observer.join()
    return True
