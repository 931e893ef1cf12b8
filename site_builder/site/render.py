"""Records -> Markdown pages for MkDocs, through one Jinja environment and a page plan that is data.

`plan()` decides which pages exist and what each one gets; `render()` turns the plan into
{docs-relative path: text}. Neither writes files: site.py hands the result to MkDocs as virtual
pages, so no generated file can go stale in docs/ and hand-written pages stay separate.

Escaping: templates are autoescaped (always, whatever the file name), and every printed value
passes `filters.finalize`, which collapses line breaks so record text can never begin a Markdown line
(headings, attribute lists, `--8<--`, fences). Record values are printed only inside HTML blocks,
where Markdown does not look; Markdown syntax is used for our own headings only. The pieces of
record pages printed per item (filters.RecordHtml: a party, a source, an activity, a row of a list)
are Python, for speed, and print each value the way a template prints it (filters.out).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup, escape

from site_builder.errors import PksError
from site_builder.gitinfo import History
from site_builder.labels import INDONESIAN, Labels, browser_labels
from site_builder.model import Agreement, Registry, renewal_chain
from site_builder.site import downloads as downloads_module
from site_builder.site import filters, timeline
from site_builder.site.datadictionary import dictionary
from site_builder.status import TILES, Status, StatusResult, change_days, compute, tile
from site_builder.validation.messages import CATALOGUE

HOME = "index.md"
SEARCH = "cari.md"
AGREEMENTS = "perjanjian.md"
AGENCIES = "instansi.md"
THEMES = "tema.md"
ABOUT = "tentang-data/index.md"
DICTIONARY = "tentang-data/kamus-data.md"
PROBLEMS = "referensi/kode-masalah.md"
# Hand-written pages (docs/), linked from generated ones when they exist.
OPEN_DATA = "data/index.md"
MAINTAINERS_GUIDE = "kontributor/index.md"
PERFORMANCE = "teknis/kinerja.md"
ASSETS = "assets/pks/"
STATIC_ASSETS = ("pks.css", "search.js")
# One script file (one request on a phone): the words from labels.py, then these, in this order.
SCRIPT = ASSETS + "pks.js"
SCRIPT_PARTS = ("status.js", "filter.js")
LABELS_STYLES = ASSETS + "labels.css"
# The home tiles' changes after the build day (tile_changes), for status.js on a later day.
TILE_CHANGES = ASSETS + "tile-changes.json"
# A module of its own, loaded by the search page only (it uses import(), which old browsers cannot parse).
SEARCH_SCRIPT = ASSETS + "search.js"
RECENT_CHANGES = 10
RECENT_AGENCY_CHANGES = 5
# Above this many parties an agreement lists them compactly instead of a table with a row each.
PARTY_TABLE_LIMIT = 6
# Above this many agreements the list page lists institutions instead (each institution's page has
# its own list): ~0.7 KB a row, and the list is meant to open on a phone.
LIST_LIMIT = 500


# Column names of each table, by its class: the template prints them as the header row, and the
# generated labels.css gives them to each cell, which shows its column's name on phones (where a
# row becomes a card). A data-label attribute on every cell cost ~130 bytes a row.
TABLE_COLUMNS = {
    "pks-agreements": ("col_agreement", "col_partner", "col_themes", "col_signed", "col_validity", "col_status"),
    "pks-parties": ("col_agency", "field_role", "field_document_number", "field_signatory"),
    "pks-agencies": ("col_agency", "col_kind", "col_count"),
    "pks-institutions": ("col_institution", "col_count"),
    "pks-themes": ("col_theme", "col_count"),
    "pks-statuses": ("status_col_name", "status_col_meaning"),
    "pks-dictionary": ("dictionary_field", "dictionary_meaning", "dictionary_type"),
    "pks-downloads": ("downloads_file", "downloads_format", "downloads_size", "downloads_content"),
}


@dataclass(frozen=True)
class Rows:
    """How many rows of a list a page holds: `first` on the record's own page (which has its facts
    too), `per_page` on each page the list continues on."""

    first: int
    per_page: int
    # Up to this many rows more stay on the record's page rather than start a page of their own:
    # a list of 8 is not split 5 + 3 over two pages.
    slack: int = 0


# Bytes of HTML a record page (agreement, agency, theme, and the later pages of their lists) must
# stay under: phones on slow connections are the audience.
RECORD_PAGE_BUDGET = 25 * 1024
# Lists that grow with the registry (an agency's agreements, a theme's) would outgrow it, so they
# continue on pages of their own. Measured on the benchmark generator's records: Material's frame
# ~9.2 KB, an agency's facts, sources and record file ~1.5 KB, an agreement row ~0.65 KB, a linked
# agreement with its status ~0.45 KB, an activity link ~0.3 KB. The limits hold for records like
# those (titles of ~100 characters); tests/site/test_page_budget.py builds a generated registry
# with a 258-agreement institution and holds every record page of it to the budget.
AGENCY_AGREEMENT_ROWS = Rows(first=12, per_page=16)
THEME_AGREEMENT_ROWS = Rows(first=16, per_page=16)
LINK_ROWS = Rows(first=5, per_page=25, slack=5)
RELATED_ROWS = Rows(first=3, per_page=25, slack=3)  # on an agreement's page, which its action plan fills too
ACTIVITY_ROWS = Rows(first=5, per_page=40, slack=3)


@dataclass(frozen=True)
class Listing:
    """A list on a record page that may be longer than a page can hold: its first rows stay on the
    record's page, the rest continue on numbered pages of their own, <record page>/<name>-2.md, ...

    kind names the macro that prints the rows: 'agreements' (a table of agreements), 'links'
    (agreement ids, each linked with its status) or 'activities' ((agreement, activity) pairs).
    """

    name: str  # path segment of the later pages
    kind: str
    heading: str
    owner: str  # the record's page
    owner_title: str
    rows: tuple
    size: Rows

    @property
    def first_rows(self) -> int:
        """How many rows the record's page holds: all of them when only `slack` would be left over."""
        return len(self.rows) if len(self.rows) <= self.size.first + self.size.slack else self.size.first

    @property
    def pages(self) -> int:
        rest = max(0, len(self.rows) - self.first_rows)
        return 1 + -(-rest // self.size.per_page)

    @property
    def complete(self) -> bool:
        """All rows on the record's page (so a filter over them sees everything)."""
        return self.pages == 1

    def rows_of(self, number: int) -> tuple:
        if number == 1:
            return self.rows[: self.first_rows]
        start = self.first_rows + (number - 2) * self.size.per_page
        return self.rows[start : start + self.size.per_page]

    def path(self, number: int) -> str:
        return self.owner if number == 1 else f"{self.owner.removesuffix('.md')}/{self.name}-{number}.md"


def pager_numbers(pages: int, current: int) -> list[int | None]:
    """Page numbers a pager shows: the first, the last and the current one with its neighbours; None
    where numbers are left out. Its length is bounded, however long the list."""
    shown = sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


agreement_page = filters.agreement_page
agency_page = filters.agency_page
theme_page = filters.theme_page


class RenderError(PksError):
    """A template failed: a tool failure, never a page with an error message in it."""


@dataclass(frozen=True)
class SiteLinks:
    """What pages need to know about the site and the repository (read from mkdocs.yml by site.py)."""

    use_directory_urls: bool = False
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir: str = "docs"  # relative to the registry root
    docs_pages: frozenset[str] = frozenset()  # hand-written Markdown pages, docs-relative

    def edit_uri_of(self, repo_path: str) -> str:
        """A repository file as MkDocs' per-page edit_uri (relative to the docs folder)."""
        return filters.relative_path(repo_path, self.docs_dir)

    def edit_url(self, repo_path: str) -> str | None:
        """Where a record file is edited on the forge, the way MkDocs builds its edit links."""
        if not self.repo_url or not self.edit_uri:
            return None
        return filters.safe_url(urljoin(self.repo_url.rstrip("/") + "/", self.edit_uri + self.edit_uri_of(repo_path)))

    def view_url(self, repo_path: str) -> str | None:
        """Where a repository file is shown on the forge: the edit address with 'edit/' as 'blob/'."""
        url = self.edit_url(repo_path)
        if url is None or not self.repo_url or not self.edit_uri or not self.edit_uri.startswith("edit/"):
            return None
        return urljoin(
            self.repo_url.rstrip("/") + "/", "blob/" + self.edit_uri[len("edit/") :] + self.edit_uri_of(repo_path)
        )


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, str | bytes]  # docs-relative path -> Markdown skeleton of a page, or an asset
    fragments: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> its HTML blocks, in order
    # Hand-written page -> (marker, HTML that replaces it): the download table of the open-data page.
    inserts: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Pages of the site that another process renders and builds (engine.build_shared): listed, not here.
    elsewhere: frozenset[str] = frozenset()
    # Pages rendered only when the engine reads them, one at a time (render_site's later): page -> its
    # Markdown skeleton and HTML blocks. Their text in `files` is empty until then.
    later: dict[str, Callable[[], tuple[str, tuple[str, ...]]]] = field(default_factory=dict)

    def page_html(self, path: str, html: str) -> str:
        """HTML that MkDocs made from a page's skeleton, with the page's HTML blocks put back."""
        blocks = self.fragments.get(path, ())
        out, count = FRAGMENT_PATTERN.subn(lambda m: blocks[int(m.group(1))], html)
        if count != len(blocks):
            raise RenderError(f"{path}: {len(blocks)} HTML blocks rendered, {count} placeholders came back")
        return out

    def full_text(self, path: str) -> str:
        """The page as rendered (skeleton with its blocks in place), for reading and for tests."""
        text = self.files[path]
        if not isinstance(text, str):
            raise RenderError(f"{path} is an asset, not a page")
        return self.page_html(path, text)


# Where an HTML block was cut out of a page; record text is escaped, so it can never spell this.
FRAGMENT = "<!--pks-fragment-{}-->"
FRAGMENT_PATTERN = re.compile(r"<!--pks-fragment-(\d+)-->")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def split_page(path: str, text: str) -> tuple[str, tuple[str, ...]]:
    """The page's Markdown with each HTML block replaced by a placeholder, and the blocks.

    Markdown then sees only the front matter and our headings (which feed the table of contents);
    every record value travels in the HTML blocks, which MkDocs gets back after Markdown has run
    (site.py). So Markdown never parses record text, and never spends time on large tables.
    """
    end = text.index("\n---\n", 3) + len("\n---\n")
    skeleton, blocks = [text[:end].rstrip("\n")], []  # type: tuple[list[str], list[str]]
    for block in _BLOCK_BREAK.split(text[end:]):
        block = block.strip("\n")
        if not block.strip():
            continue
        if block.lstrip().startswith("<"):
            skeleton.append(FRAGMENT.format(len(blocks)))
            blocks.append(block)
        elif block.startswith("#") and "\n" not in block:
            skeleton.append(block)
        else:  # the contract that keeps record text out of Markdown: templates write HTML and headings only
            raise RenderError(f"{path}: the template writes Markdown other than a heading: {block[:60]!r}")
    return "\n\n".join(skeleton) + "\n", tuple(blocks)


def chained_status_input(a: Agreement, agreements: Mapping[str, Agreement], warn_days: int) -> str:
    """status.js's input for a, with its chain of renewals nested under "next"."""
    text = None
    for link in reversed(renewal_chain(a, agreements)):
        text = filters.status_input(link.start, link.end, link.termination_date, link.renewal_start, warn_days, text)
    return filters.status_input(a.start, a.end, a.termination_date, a.renewal_start, warn_days, text)


class _Words(dict):
    """labels.ui, whose words templates read as attributes too (ui.unknown): Jinja tries an attribute
    first and the item after it fails, so each word is also an attribute (those that are no dict
    method's name: those stay what a dict gives)."""

    def __init__(self, words: Mapping[str, str]):
        super().__init__(words)
        self.__dict__.update({k: v for k, v in words.items() if k.isidentifier() and not hasattr(dict, k)})


def make_environment(labels: Labels = INDONESIAN, links: SiteLinks = SiteLinks()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("site_builder.site", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # not select_autoescape(): it would leave *.md.j2 files unescaped
        finalize=filters.finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # each build makes its own environment: no stat of the template per page
    )
    env.filters.update(
        {
            "date": partial(filters.date_text, labels),
            "bound": partial(filters.bound_text, labels),
            "term": partial(filters.term_text, labels),
            "field_label": partial(filters.field_label, labels),
            "status_sentence": partial(filters.status_sentence, labels),
            "paragraphs": filters.paragraphs,
            "missing_facts": filters.missing_facts,
            "code_spans": filters.code_spans,
            "safe_url": filters.safe_url,
            "host": filters.host,
            "number": filters.number,
            "front_matter_text": filters.front_matter_text,
            "iso": lambda day: day.isoformat(),
            "fill": lambda template, **parts: escape(template).format(**parts),  # parts are escaped unless Markup
        }
    )

    @jinja2.pass_context
    def url(ctx, target: str) -> str:
        return filters.relative_url(ctx["page_path"], target, links.use_directory_urls)

    # An agreement's status shows on several pages: made once per build (per table of agreements, held
    # so that its id is never a later build's), and on each later use its chain is read again from the
    # table, so that a page is seen to depend on every link (pks serve renders again what depends on
    # an edited record: site/incremental.py).
    status_inputs: dict[tuple[str, int], tuple[Markup, tuple[str, ...]]] = {}
    status_table: list[Mapping[str, Agreement]] = []

    @jinja2.pass_context
    def status_input(ctx, a: Agreement, warn_days: int) -> Markup:  # for a single-quoted attribute
        return status_input_in(ctx["registry"].agreements, a, warn_days)

    def status_input_in(agreements: Mapping[str, Agreement], a: Agreement, warn_days: int) -> Markup:
        if not status_table or status_table[0] is not agreements:
            status_inputs.clear()
            status_table[:] = [agreements]
        found = status_inputs.get((a.id, warn_days))
        if found is None:
            text = filters.single_quoted_json(chained_status_input(a, agreements, warn_days))
            found = text, (a.id, *(link.id for link in renewal_chain(a, agreements)))
            status_inputs[(a.id, warn_days)] = found
        else:
            for read in found[1]:
                agreements[read]
        return found[0]

    # The page's record pieces (filters.RecordHtml), made once per page: templates read them as
    # {% set h = pieces() %}, the macros of _macros.md.j2 as pieces().
    words = filters.escaped_words(labels)
    made: list[filters.RecordHtml] = []

    @jinja2.pass_context
    def pieces(ctx) -> filters.RecordHtml:
        page_path, registry, history, warn_days = ctx["page_path"], ctx["registry"], ctx["history"], ctx["warn_days"]
        if made:
            last = made[0]
            same = last.registry is registry and last.history is history  # never compared by value
            if same and last.page_path == page_path and last.warn_days == warn_days:
                return last
        fresh = filters.RecordHtml(
            labels,
            page_path,
            links.use_directory_urls,
            registry,
            history,
            warn_days,
            links.edit_url,
            partial(status_input_in, registry.agreements, warn_days=warn_days),
            words,
        )
        made[:] = [fresh]
        return fresh  # this page's, even if another render replaced made[0] meanwhile

    env.globals.update(
        {
            "L": labels,
            "ui": _Words(labels.ui),
            "links": links,
            "url": url,
            "status_input": status_input,
            "pieces": pieces,
            "agreement_page": agreement_page,
            "agency_page": agency_page,
            "theme_page": theme_page,
            "HOME": HOME,
            "SEARCH": SEARCH,
            "TILE_CHANGES": TILE_CHANGES,
            "SEARCH_SCRIPT": SEARCH_SCRIPT,
            "AGREEMENTS": AGREEMENTS,
            "AGENCIES": AGENCIES,
            "THEMES": THEMES,
            "ABOUT": ABOUT,
            "DICTIONARY": DICTIONARY,
            "PROBLEMS": PROBLEMS,
            "OPEN_DATA": OPEN_DATA,
            "MAINTAINERS_GUIDE": MAINTAINERS_GUIDE,
            "PERFORMANCE": PERFORMANCE,
            "TABLE_COLUMNS": TABLE_COLUMNS,
            "PARTY_TABLE_LIMIT": PARTY_TABLE_LIMIT,
            "pager_numbers": pager_numbers,
        }
    )
    return env


def plan(
    registry: Registry,
    history: History,
    links: SiteLinks,
    schema_documents: Mapping[str, dict],
    labels: Labels = INDONESIAN,
    list_limit: int = LIST_LIMIT,
    downloads: Sequence[downloads_module.Download] = (),
    calendars: frozenset[str] = frozenset(),
) -> list[Page]:
    """Every page of the site, as data: which template, which path, which values."""
    shared = {"registry": registry, "history": history, "as_of": registry.as_of, "warn_days": registry.warn_days}
    agreements = registry.sorted_agreements()
    # Earlier agreements known only because a later record names them are listed and counted apart.
    signed = [a for a in agreements if not a.known_only_by_reference]
    by_reference = [a for a in agreements if a.known_only_by_reference]
    index = _Index(registry, agreements)
    partner_ids = registry.partner_ids()
    # partners with a calendar of their agreements' end dates that this build writes (exports/icalendar.py)
    partner_calendars = {i for i in partner_ids if f"data/ends-{i}.ics" in calendars}
    institution_ids = sorted({a.institution_id for a in agreements if a.institution_id in registry.agencies})
    pages = [
        Page(
            HOME,
            "home.md.j2",
            {
                **shared,
                "title": labels.ui["home_title"],
                "searchable": True,
                "timeline": timeline.layout(agreements, registry.as_of),
                "counts": _counts(signed, by_reference, partner_ids, registry.warn_days, labels),
                "downloads": [d for d in downloads if d.path in downloads_module.ON_HOME],
                "recent": _recent_changes(registry, history),
            },
        ),
        Page(SEARCH, "search.md.j2", {**shared, "title": labels.ui["search_title"], "searchable": False}),
        Page(
            AGREEMENTS,
            "agreement-list.md.j2",
            {
                **shared,
                "title": labels.ui["agreements_title"],
                "searchable": True,
                "total": len(agreements),
                "by_reference": by_reference,
                **(
                    {"agreements": signed, "institutions": []}
                    if len(agreements) <= list_limit
                    else {
                        "agreements": [],
                        "institutions": [(i, len(index.by_party.get(i, []))) for i in institution_ids],
                    }
                ),
            },
        ),
        Page(
            AGENCIES,
            "agency-list.md.j2",
            {
                **shared,
                "title": labels.ui["agencies_title"],
                "searchable": True,
                "partner_ids": partner_ids,
                "institution_ids": institution_ids,
                "agreement_counts": {k: len(v) for k, v in index.by_party.items()},
            },
        ),
        Page(
            THEMES,
            "theme-list.md.j2",
            {**shared, "title": labels.ui["themes_title"], "searchable": True, "by_theme": index.by_theme},
        ),
        Page(ABOUT, "about.md.j2", {**shared, "title": labels.ui["about_title"], "searchable": True}),
        Page(
            DICTIONARY,
            "data-dictionary.md.j2",
            {
                **shared,
                "title": labels.ui["dictionary_title"],
                "searchable": True,
                "kinds": dictionary(schema_documents, labels),
            },
        ),
        Page(
            PROBLEMS,
            "problem-codes.md.j2",
            {
                **shared,
                "title": labels.ui["problems_title"],
                "searchable": True,
                "catalogue": sorted(CATALOGUE.items()),
            },
        ),
    ]
    ui = labels.ui
    for a in agreements:
        page = agreement_page(a.id)
        related = {
            key: Listing(name, "links", ui[key], page, a.title, tuple(ids), RELATED_ROWS)
            for name, key, ids in (
                ("diperpanjang-oleh", "relation_renewed_by", a.renewed_by),
                ("diubah-oleh", "relation_amended_by", a.amended_by),
                ("dinaungi", "relation_under_umbrella", a.under_umbrella),
            )
        }
        pages.append(
            Page(
                page,
                "agreement.md.j2",
                {
                    **shared,
                    "title": a.title,
                    "searchable": True,
                    "toc": False,
                    "agreement": a,
                    "plans": [registry.plans[pid] for pid in a.plan_ids],
                    "related": related,
                },
            )
        )
        pages += _later_pages(related.values(), shared, labels)
    for agency in sorted(registry.agencies.values(), key=lambda x: x.id):
        page = agency_page(agency.id)
        lists = {
            "agreements": Listing(
                "perjanjian",
                "agreements",
                ui["section_agreements_of_agency"],
                page,
                agency.name,
                tuple(index.by_party.get(agency.id, [])),
                AGENCY_AGREEMENT_ROWS,
            ),
            "witnessed": Listing(
                "saksi",
                "links",
                ui["section_witnessed"],
                page,
                agency.name,
                tuple(a.id for a in index.witnessed_by.get(agency.id, [])),
                LINK_ROWS,
            ),
            "responsible": Listing(
                "kegiatan",
                "activities",
                ui["section_responsible_for"],
                page,
                agency.name,
                tuple(index.activities_of.get(agency.id, [])),
                ACTIVITY_ROWS,
            ),
        }
        pages.append(
            Page(
                page,
                "agency.md.j2",
                {
                    **shared,
                    "title": agency.name,
                    "searchable": True,
                    "toc": False,
                    "agency": agency,
                    "partner_calendars": partner_calendars,
                    **lists,
                    "children": index.children.get(agency.id, []),
                },
            )
        )
        pages += _later_pages(lists.values(), shared, labels)
    for theme, with_theme in index.by_theme.items():
        listing = Listing(
            "perjanjian",
            "agreements",
            ui["section_agreements_of_theme"],
            theme_page(theme),
            labels.themes[theme],
            tuple(with_theme),
            THEME_AGREEMENT_ROWS,
        )
        pages.append(
            Page(
                theme_page(theme),
                "theme.md.j2",
                {
                    **shared,
                    "title": labels.themes[theme],
                    "searchable": True,
                    "toc": False,
                    "theme": theme,
                    "agreements": listing,
                },
            )
        )
        pages += _later_pages([listing], shared, labels)
    return pages


def _later_pages(listings: Iterable[Listing], shared: dict, labels: Labels) -> list[Page]:
    """The pages a long list continues on (none when it fits its record's page)."""
    return [
        Page(
            listing.path(number),
            "list-part.md.j2",
            {
                **shared,
                "searchable": False,
                "listing": listing,
                "number": number,
                "title": labels.ui["part_title"].format(
                    record=listing.owner_title, list=listing.heading, number=number, pages=listing.pages
                ),
            },
        )
        for listing in listings
        for number in range(2, listing.pages + 1)
    ]


class _Index:
    """Who appears where, built in one pass: asking the registry per agency is quadratic at scale."""

    def __init__(self, registry: Registry, agreements: list[Agreement]):
        self.by_party: dict[str, list[Agreement]] = defaultdict(list)
        self.witnessed_by: dict[str, list[Agreement]] = defaultdict(list)
        self.activities_of: dict[str, list[tuple[Agreement, Any]]] = defaultdict(list)
        self.by_theme: dict[str, list[Agreement]] = {theme: [] for theme in registry.themes()}
        for a in agreements:  # newest first, so every list is too
            for agency_id in dict.fromkeys(a.party_ids):
                self.by_party[agency_id].append(a)
            for agency_id in dict.fromkeys(w.agency_id for w in a.witnesses if w.agency_id):
                self.witnessed_by[agency_id].append(a)
            for theme in a.themes:
                self.by_theme[theme].append(a)
            for plan_id in a.plan_ids:
                for activity in registry.plans[plan_id].activities:
                    self.activities_of[activity.responsible_agency_id].append((a, activity))
        self.children: dict[str, list[str]] = defaultdict(list)
        for agency in sorted(registry.agencies.values(), key=lambda x: x.id):
            if agency.parent_id:
                self.children[agency.parent_id].append(agency.id)


# The home page's status tiles, in status.TILES order: the words of each (labels.ui keys).
TILE_LABELS = {
    Status.BERLAKU: "count_in_force",
    Status.AKAN_BERAKHIR: "count_ending_soon",
    Status.DIPERPANJANG: "count_renewed",
    Status.BERAKHIR: "count_ended",
    Status.DIHENTIKAN: "count_terminated",
    Status.BELUM_BERLAKU: "count_not_yet",
    Status.TIDAK_PASTI: "count_uncertain",
}


@dataclass(frozen=True)
class Tile:
    label: str
    count: int
    page: str
    key: str | None = None  # the status tile's key; None for the totals


def _counts(
    agreements: list[Agreement], by_reference: list[Agreement], partner_ids: list[str], warn_days: int, labels: Labels
) -> list[Tile]:
    """The home page's figures: the signed agreements, the earlier ones known only by reference (when
    there are any), the partners, then one tile per status: every signed agreement in exactly one."""
    by_tile = Counter(tile(_status(a), warn_days) for a in agreements)
    ui = labels.ui
    return [
        Tile(ui["count_agreements"], len(agreements), AGREEMENTS),
        *(
            [Tile(ui["count_by_reference"], len(by_reference), AGREEMENTS + "#diketahui-dari-rujukan")]
            if by_reference
            else []
        ),
        Tile(ui["count_partners"], len(partner_ids), AGENCIES),
        *(Tile(ui[TILE_LABELS[t]].format(warn_days=warn_days), by_tile[t], AGREEMENTS, t.value) for t in TILES),
    ]


def _status(a: Agreement) -> StatusResult:
    """a's status on the build day, which model.build computes for every agreement."""
    if a.status is None:
        raise RenderError(f"{a.id}: the model computed no status")
    return a.status


def tile_changes(agreements: Iterable[Agreement], as_of: dt.date, warn_days: int) -> list[list]:
    """[day, from tile, to tile, how many] for every day after as_of on which agreements change
    tile, oldest first: status.js moves the build's counts with them when an old page is opened."""
    moves: Counter = Counter()
    for a in agreements:
        before = tile(_status(a), warn_days)
        for day in sorted(
            d for d in change_days(a.start, a.end, a.termination_date, a.renewal_start, warn_days) if d > as_of
        ):
            now = tile(compute(a.start, a.end, a.termination_date, a.renewal_start, day, warn_days), warn_days)
            if now is not before:
                moves[(day, before.value, now.value)] += 1
                before = now
    return [[day.isoformat(), was, now, n] for (day, was, now), n in sorted(moves.items())]


def _recent_changes(registry: Registry, history: History) -> dict[str, list[dict]]:
    """The newest changes, each with the page that shows the record: agreements (with their action
    plans) and agencies apart, so a batch of new agencies never hides the agreements."""
    agreements: dict[str, tuple[str, str]] = {}
    for a in registry.agreements.values():
        agreements[a.path] = (a.title, agreement_page(a.id))
    for p in registry.plans.values():
        if p.agreement_id in registry.agreements:
            agreements[p.path] = (p.title, agreement_page(p.agreement_id) + f"#plan-{p.id}")
    agencies = {agency.path: (agency.name, agency_page(agency.id)) for agency in registry.agencies.values()}
    return {
        kind: [{"change": c, "title": shown[c.path][0], "page": shown[c.path][1]} for c in history.recent(shown, limit)]
        for kind, shown, limit in (
            ("agreements", agreements, RECENT_CHANGES),
            ("agencies", agencies, RECENT_AGENCY_CHANGES),
        )
    }


def render(pages: Iterable[Page], env: jinja2.Environment) -> dict[str, str]:
    out: dict[str, str] = {}
    for page in pages:
        if page.path in out:
            raise RenderError(f"two pages would be written to {page.path}")
        try:
            out[page.path] = env.get_template(page.template).render(page_path=page.path, **page.context)
        except jinja2.TemplateError as error:
            where = f"{getattr(error, 'name', None) or page.template}:{getattr(error, 'lineno', None) or '?'}"
            raise RenderError(f"{where}: {error} (page {page.path})") from error
        except TypeError as error:
            raise RenderError(f"{page.template}: {error} (page {page.path})") from error
    return out


def assets(labels: Labels = INDONESIAN) -> dict[str, str | bytes]:
    """The site's own CSS, its script (the words status.js and filter.js use, generated from
    labels.py, then the two scripts) and labels.css (the column names of TABLE_COLUMNS)."""
    folder = resources.files("site_builder.site") / "assets"
    files: dict[str, str | bytes] = {ASSETS + name: (folder / name).read_bytes() for name in STATIC_ASSETS}
    files[SCRIPT] = "\n".join(
        [
            "// Built by `pks build` from site_builder/labels.py and site_builder/site/assets/"
            + ", ".join(SCRIPT_PARTS)
            + ".",
            f"window.PKS_LABELS = {filters.json_for_script(browser_labels(labels))};",
            *((folder / name).read_text(encoding="utf-8") for name in SCRIPT_PARTS),
        ]
    )
    files[LABELS_STYLES] = "".join(
        [
            "/* Generated from site_builder/labels.py by `pks build`: each table cell's column name, which pks.css "
            "shows before the cell on phones. */\n"
        ]
        + [
            f".md-typeset .{table} td:nth-child({n}) {{ --pks-column: {filters.css_string(labels.ui[key])}; }}\n"
            for table, keys in TABLE_COLUMNS.items()
            for n, key in enumerate(keys, 1)
        ]
    )
    return files


# The folders of the record pages (mkdocs.yml lists them under not_in_nav): thousands of pages that
# no navigation lists, so two processes can each build a share of them (engine.build_shared).
RECORD_FOLDERS = ("perjanjian/", "instansi/", "tema/")


def record_page(path: str) -> bool:
    return path.startswith(RECORD_FOLDERS)


def plan_site(
    registry: Registry,
    history: History,
    links: SiteLinks,
    schema_documents: Mapping[str, dict],
    labels: Labels = INDONESIAN,
    downloads: Mapping[str, int] | None = None,
) -> list[Page]:
    """plan() of the site render_site makes, the download links from the open-data files' sizes."""
    files = downloads_module.listed(downloads or {})
    calendars = frozenset(path for path in (downloads or {}) if path.startswith("data/ends-"))
    return plan(registry, history, links, schema_documents, labels, downloads=files, calendars=calendars)


def render_site(
    registry: Registry,
    history: History,
    links: SiteLinks,
    schema_documents: Mapping[str, dict],
    labels: Labels = INDONESIAN,
    downloads: Mapping[str, int] | None = None,
    share: Callable[[str], bool] | None = None,
    planned: list[Page] | None = None,
    environment: jinja2.Environment | None = None,
    later: Callable[[str], bool] | None = None,
) -> RenderedSite:
    """downloads: {site path: bytes} of the open-data files this build writes (none: no download links).
    share: which pages this process renders (the others go to `elsewhere`); None: all of them.
    later: which of those are rendered only when the engine reads them (RenderedSite.later), so that
    their text is not all held at once (thousands of record pages: ~200 MB at 10,000 agreements).
    planned, environment: plan_site()'s pages and make_environment(labels, links), when the caller
    made them already (`pks serve` keeps its environment and reads the plan itself)."""
    if planned is None:
        planned = plan_site(registry, history, links, schema_documents, labels, downloads)
    pages = planned if share is None else [page for page in planned if share(page.path)]
    env = make_environment(labels, links) if environment is None else environment
    files = downloads_module.listed(downloads or {})
    deferred = [] if later is None else [page for page in pages if later(page.path)]
    if deferred:
        _unique(pages)
        pages = [page for page in pages if not later or not later(page.path)]
    split = {path: split_page(path, text) for path, text in render(pages, env).items()}
    inserts = {}
    if files and OPEN_DATA in links.docs_pages:
        table = env.get_template("_downloads.md.j2").render(page_path=OPEN_DATA, files=files)
        inserts[OPEN_DATA] = (downloads_module.MARKER, table)
    # the tiles count signed agreements only (those known only by reference have a figure of their own)
    signed = [a for a in registry.agreements.values() if not a.known_only_by_reference]
    changes = tile_changes(signed, registry.as_of, registry.warn_days)
    generated = {TILE_CHANGES: json.dumps(changes, separators=(",", ":")) + "\n"}
    waiting: dict[str, Callable[[], tuple[str, tuple[str, ...]]]] = {
        page.path: partial(_render_later, page, env) for page in deferred
    }
    return RenderedSite(
        {
            **{path: markdown for path, (markdown, _) in split.items()},
            **dict.fromkeys(waiting, ""),
            **assets(labels),
            **generated,
        },
        {path: blocks for path, (_, blocks) in split.items()},
        inserts,
        frozenset(page.path for page in planned) - split.keys() - waiting.keys(),
        waiting,
    )


def _unique(pages: Iterable[Page]) -> None:
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise RenderError(f"two pages would be written to {page.path}")
        seen.add(page.path)


def _render_later(page: Page, env: jinja2.Environment) -> tuple[str, tuple[str, ...]]:
    """A page of RenderedSite.later: its Markdown skeleton and HTML blocks, as render_site makes them."""
    return split_page(page.path, render([page], env)[page.path])


# How the site engine's theme prints a value (its Jinja environment does not autoescape): as is, `|e`,
# `|striptags` (engine.py's record pages put each page's values into a shared page in the same form).
THEME_PRINT_FORMS: dict[str, Callable[[str], str]] = {
    "raw": lambda value: value,
    "escaped": lambda value: str(escape(value)),
    "striptags": lambda value: Markup(value).striptags(),
}
TemplateEnvironment = jinja2.Environment


def theme_loader(
    fallback: jinja2.BaseLoader, overrides: Mapping[str, str], texts: Mapping[str, str] | None = None
) -> jinja2.BaseLoader:
    """The engine's theme templates with ours in front: overrides maps a theme template's name to
    the file under templates/ that replaces it; texts adds templates given as text."""
    folder = resources.files("site_builder.site") / "templates"
    ours = {
        **(texts or {}),
        **{name: (folder / source).read_text(encoding="utf-8") for name, source in overrides.items()},
    }
    return jinja2.ChoiceLoader([jinja2.DictLoader(ours), fallback])


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for an environment made again and again from the same
    templates (`pks serve` makes the engine's theme environment once per build). Jinja compares each
    template's source with the one compiled, so a changed template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
