"""`pks serve` after an edit: which pages to render again, which of them changed, and a new site folder
made of those pages and hard links to the unchanged files of the site shown before.

Which pages an edit touches is found by comparing, never guessed from the templates:

- every record page (render.RECORD_FOLDERS) remembers its inputs: the values of its page context
  (render.plan) and every registry entry its templates read (the registry is handed to them with
  tables that note each key read; a page that walks a whole table depends on all of it). A page is
  rendered again when one of those differs from the last build's (model values compare by value);
- the pages that are not record pages (the home page, the lists: few, and they read everything) are
  rendered every time;
- of the pages rendered, only those whose Markdown and HTML blocks differ from the last build's are
  handed to the site engine to build, with the hand-written page whose download table changed (the
  other record pages are listed to it, with their anchors, so that links to them are checked). A record page
  is in no navigation, so no other page's HTML shows anything of it; a change to what the navigation
  shows (a title of a page that is not a record page) returns None: the caller builds everything.

Unchanged records keep their previous model objects (`canonical`), so comparing a page's inputs is
mostly comparing objects with themselves.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from site_builder.gitinfo import History
from site_builder.model import Registry
from site_builder.site import render
from site_builder.site.render import RenderedSite, SiteLinks
from site_builder.validation.checks.incremental import WHOLE, Reads, TracedTable

V = TypeVar("V")
# Page context values every page shares (render.plan): the registry is traced instead, the history
# compared once for the whole site.
SHARED = frozenset({"registry", "history", "as_of", "warn_days"})
TABLES = ("agencies", "agreements", "plans")


def traced(registry: Registry, reads: Reads) -> Registry:
    return dataclasses.replace(
        registry,
        agencies=TracedTable(registry.agencies, "agencies", reads),
        agreements=TracedTable(registry.agreements, "agreements", reads),
        plans=TracedTable(registry.plans, "plans", reads),
    )


def canonical(before: Registry | None, now: Registry) -> tuple[Registry, dict[str, set[str]]]:
    """now, with each record equal to the one before replaced by that object; and, by table, the keys
    whose record was added, removed or changed."""
    if before is None:
        return now, {name: {WHOLE} for name in TABLES}
    changed: dict[str, set[str]] = {}
    tables: dict[str, Mapping[str, Any]] = {}
    for name in TABLES:
        old, new = getattr(before, name), getattr(now, name)
        merged = {}
        keys = {key for key in old if key not in new}
        for key, value in new.items():
            kept = old.get(key)
            if kept is not None and kept == value:
                merged[key] = kept
            else:
                merged[key] = value
                keys.add(key)
        tables[name] = type(new)(merged)  # the model's read-only mapping
        changed[name] = keys
    return (
        dataclasses.replace(now, agencies=tables["agencies"], agreements=tables["agreements"], plans=tables["plans"]),
        changed,
    )


def _digest(skeleton: str | bytes, blocks: tuple[str, ...]) -> bytes:
    hashed = hashlib.blake2b(digest_size=20)
    for part in (skeleton, *blocks):
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.digest()


@dataclass(frozen=True)
class _RecordPage:
    inputs: dict[str, Any]  # the page context without SHARED
    reads: frozenset[tuple[str, str]]
    digest: bytes


@dataclass
class Pages:
    """What the last build rendered, to compare the next one with."""

    registry: Registry
    history: History
    sizes: dict[str, int]
    environment: Any  # render.make_environment's (Jinja is render's to import): templates compiled once
    records: dict[str, _RecordPage] = field(default_factory=dict)
    others: dict[str, bytes] = field(default_factory=dict)  # page -> digest (pages that are not record pages)
    titles: dict[str, str] = field(default_factory=dict)  # page that is not a record page -> its front matter
    inserts: dict[str, tuple[str, str]] = field(default_factory=dict)
    planned: frozenset[str] = frozenset()
    assets: dict[str, bytes] = field(default_factory=dict)  # generated file that is not a page -> digest
    # record page -> the anchors its HTML has (engine.build_pages fills it in): a page an edit leaves
    # alone is not read again, yet a link to one of its headings is checked against them
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Changes:
    """One build's pages: what to hand to the engine, which of them to build, which pages are gone.

    The engine lists every page: those it reads (the pages that are not record pages, and the record
    pages to build) and the record pages it neither reads nor builds (rendered.elsewhere), so that a
    link to one of those is checked as in a full build (with their anchors: Pages.anchors). With
    whole_site it also writes the theme's files, the sitemap and 404 page and the generated assets;
    without it (the same pages as before) the caller writes the generated assets that changed (`assets`)."""

    pages: Pages
    rendered: RenderedSite
    builds: Callable[[str], bool]
    removed: frozenset[str]
    everything: bool  # every page is built (no site before, or the history changed)
    whole_site: bool
    assets: dict[str, str | bytes]
    rendered_again: int  # record pages rendered


def _front_matter(skeleton: str | bytes) -> str:
    text = skeleton if isinstance(skeleton, str) else skeleton.decode("utf-8")
    return text[: text.find("\n---\n", 3) + 5]


def render_changes(
    before: Pages | None,
    registry: Registry,
    history: History,
    links: SiteLinks,
    schema_documents: Mapping[str, dict],
    sizes: Mapping[str, int],
) -> Changes | None:
    """The pages of registry that differ from before's (before None: all of them). None when the
    navigation would change: then every page must be built."""
    registry, changed = canonical(before.registry if before else None, registry)
    everything = before is None or before.history != history
    if before is not None and everything:
        changed = {name: {WHOLE} for name in TABLES}
    environment = before.environment if before is not None else render.make_environment(render.INDONESIAN, links)
    # The plan, with a registry that notes what each record page reads (while one is rendered here).
    reads = Reads()
    planned = render.plan_site(traced(registry, reads), history, links, schema_documents, downloads=sizes)
    # The pages that are not record pages, their assets and inserts: as `pks build` renders them.
    others = render.render_site(
        registry,
        history,
        links,
        schema_documents,
        downloads=sizes,
        share=lambda path: not render.record_page(path),
        planned=planned,
        environment=environment,
    )
    memo = Pages(registry, history, dict(sizes), environment, inserts=dict(others.inserts))
    if before is not None and not everything:
        memo.anchors = dict(before.anchors)  # the pages built now put theirs in; those gone are dropped below
    skeletons: dict[str, str | bytes] = {}
    fragments: dict[str, tuple[str, ...]] = {}
    built: set[str] = set()
    for page in planned:
        if not render.record_page(page.path):
            continue
        inputs = {key: value for key, value in page.context.items() if key not in SHARED}
        old = before.records.get(page.path) if before is not None and not everything else None
        if old is not None and old.inputs == inputs and not _touched(old.reads, changed):
            memo.records[page.path] = old
            continue
        reads.current = set()
        try:
            text = render.render([page], environment)[page.path]
        finally:
            noted, reads.current = frozenset(reads.current), None
        skeleton, blocks = render.split_page(page.path, text)
        digest = _digest(skeleton, blocks)
        memo.records[page.path] = _RecordPage(inputs, noted, digest)
        if old is None or old.digest != digest:
            built.add(page.path)
            skeletons[page.path], fragments[page.path] = skeleton, blocks
    for path, blocks in others.fragments.items():
        memo.others[path] = _digest(others.files[path], blocks)
        memo.titles[path] = _front_matter(others.files[path])
        if before is None or before.others.get(path) != memo.others[path]:
            built.add(path)
    if before is not None and before.titles != memo.titles:
        return None
    built |= {path for path, insert in others.inserts.items() if before is None or before.inserts.get(path) != insert}
    memo.planned = frozenset(page.path for page in planned)
    assets = {path: content for path, content in others.files.items() if path not in others.fragments}
    memo.assets = {path: _digest(content, ()) for path, content in assets.items()}
    whole_site = before is None or everything or before.planned != memo.planned or before.assets.keys() != assets.keys()
    rendered = RenderedSite(
        {**others.files, **skeletons},
        {**others.fragments, **fragments},
        others.inserts,
        others.elsewhere - skeletons.keys(),
    )
    for path in memo.anchors.keys() - memo.records.keys():
        del memo.anchors[path]
    return Changes(
        memo,
        rendered,
        (lambda path: True) if before is None or everything else built.__contains__,
        before.planned - memo.planned if before is not None else frozenset(),
        before is None or everything,
        whole_site,
        {} if whole_site or before is None else {p: c for p, c in assets.items() if before.assets[p] != memo.assets[p]},
        len(skeletons) if before is not None else len(memo.records),
    )


def _touched(reads: frozenset[tuple[str, str]], changed: Mapping[str, set[str]]) -> bool:
    return any(key in changed[table] or (key == WHOLE and changed[table]) for table, key in reads)


def write_assets(assets: Mapping[str, str | bytes], staging: Path) -> None:
    """The generated files that are not pages, as the engine copies them."""
    for path, content in assets.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def link_unchanged(before: Path, staging: Path, skip: Callable[[str], bool]) -> int:
    """Hard-links into staging every file of the site before that staging lacks and skip(site-relative
    path) keeps out; returns how many. Nothing is written through a link afterwards: files the new
    build makes are already in staging, and a link is made only where none is."""
    made = {folder: set(names) for folder, _, names in os.walk(staging)}
    linked = 0
    for folder, subfolders, names in os.walk(before):
        relative = os.path.relpath(folder, before)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        subfolders[:] = [name for name in subfolders if not skip(prefix + name + "/")]
        target = os.path.join(staging, prefix) if prefix else str(staging)
        present = made.get(target.rstrip("/"))
        if present is None:
            os.makedirs(target, exist_ok=True)
            present = set()
        for name in names:
            if name in present or skip(prefix + name):
                continue
            os.link(os.path.join(folder, name), os.path.join(target, name))
            linked += 1
    return linked


def merge_into(copy: Path, staging: Path, gone: frozenset[str]) -> None:
    """Makes copy, a folder of hard links to every file of the site shown (link_unchanged with nothing
    skipped, made before the edit), what link_unchanged(site, staging, gone.__contains__) makes of
    staging: the files and folders (ending in "/") gone names removed, then every file of staging
    moved over copy's. A move replaces the link, never writes through it: the site shown is untouched."""
    for path in gone:
        target = os.path.join(copy, path.rstrip("/"))
        if path.endswith("/"):
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
        elif os.path.lexists(target) and not os.path.isdir(target):
            os.unlink(target)
    for folder, _, names in os.walk(staging):
        relative = os.path.relpath(folder, staging)
        target = str(copy) if relative == "." else os.path.join(copy, relative)
        os.makedirs(target, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), os.path.join(target, name))
