"""Records -> Markdown pages for MkDocs, through one Jinja environment and a page plan that is data.

`plan()` decides which pages exist and what each one gets; `render()` turns the plan into
{docs-relative path: text}. Neither writes files: site.py hands the result to MkDocs as virtual
pages, so no generated file can go stale in docs/ and hand-written pages stay separate.

Escaping: templates are autoescaped (always, whatever the file name), and every printed value
passes `_finalize`, which collapses line breaks so record text can never begin a Markdown line
(headings, attribute lists, `--8<--`, fences). Record values are printed only inside HTML blocks,
where Markdown does not look; Markdown syntax is used for our own headings only.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any, Iterable, Mapping
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup, escape

from site_builder import filters, timeline
from site_builder.datadictionary import dictionary
from site_builder.gitinfo import History
from site_builder.labels import INDONESIAN, Labels, browser_labels
from site_builder.messages import CATALOGUE
from site_builder.model import Agreement, Registry
from site_builder.status import Status

HOME = "index.md"
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
STATIC_ASSETS = ("pks.css", "status.js", "filter.js")
LABELS_SCRIPT = ASSETS + "labels.js"
RECENT_CHANGES = 10


def agreement_page(agreement_id: str) -> str:
    return f"perjanjian/{agreement_id}.md"


def agency_page(agency_id: str) -> str:
    return f"instansi/{agency_id}.md"


def theme_page(theme: str) -> str:
    return f"tema/{theme}.md"


class RenderError(Exception):
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
        return posixpath.relpath(repo_path, self.docs_dir)

    def edit_url(self, repo_path: str) -> str | None:
        """Where a record file is edited on the forge, the way MkDocs builds its edit links."""
        if not self.repo_url or not self.edit_uri:
            return None
        return filters.safe_url(urljoin(self.repo_url.rstrip("/") + "/", self.edit_uri + self.edit_uri_of(repo_path)))

    def view_url(self, repo_path: str) -> str | None:
        """Where a repository file is shown on the forge: the edit address with 'edit/' as 'blob/'."""
        url = self.edit_url(repo_path)
        if url is None or not self.edit_uri.startswith("edit/"):
            return None
        return urljoin(self.repo_url.rstrip("/") + "/", "blob/" + self.edit_uri[len("edit/"):] + self.edit_uri_of(repo_path))


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path
    template: str
    context: Mapping[str, Any]
    record_path: str | None = None  # the record file the page shows, for the edit button


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, str | bytes]  # docs-relative path -> Markdown page or asset
    edit_paths: dict[str, str] = field(default_factory=dict)  # page -> record file (registry-relative)


def _finalize(value: object) -> object:
    if value is None:  # an unknown value must be worded by the template, never printed as "None"
        raise TypeError("None reached a template output; say 'unknown' explicitly")
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return filters.one_line(value)
    return value


def make_environment(labels: Labels = INDONESIAN, links: SiteLinks = SiteLinks()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("site_builder", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # not select_autoescape(): it would leave *.md.j2 files unescaped
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({
        "date": partial(filters.date_text, labels),
        "bound": partial(filters.bound_text, labels),
        "status_sentence": partial(filters.status_sentence, labels),
        "paragraphs": filters.paragraphs,
        "safe_url": filters.safe_url,
        "number": filters.number,
        "front_matter_text": filters.front_matter_text,
        "iso": lambda day: day.isoformat(),
        "fill": lambda template, **parts: escape(template).format(**parts),  # parts are escaped unless Markup
    })

    @jinja2.pass_context
    def url(ctx, target: str) -> str:
        return filters.relative_url(ctx["page_path"], target, links.use_directory_urls)

    def status_input(a: Agreement, warn_days: int) -> str:
        return filters.status_input(a.start, a.end, a.termination_date, a.renewal_start, warn_days)

    env.globals.update({
        "L": labels, "ui": labels.ui, "links": links, "url": url, "status_input": status_input,
        "agreement_page": agreement_page, "agency_page": agency_page, "theme_page": theme_page,
        "HOME": HOME, "AGREEMENTS": AGREEMENTS, "AGENCIES": AGENCIES, "THEMES": THEMES, "ABOUT": ABOUT,
        "DICTIONARY": DICTIONARY, "PROBLEMS": PROBLEMS, "OPEN_DATA": OPEN_DATA,
        "MAINTAINERS_GUIDE": MAINTAINERS_GUIDE, "PERFORMANCE": PERFORMANCE,
    })
    return env


def plan(registry: Registry, history: History, links: SiteLinks, schema_documents: Mapping[str, dict],
         labels: Labels = INDONESIAN) -> list[Page]:
    """Every page of the site, as data: which template, which path, which values."""
    shared = {"registry": registry, "history": history, "as_of": registry.as_of, "warn_days": registry.warn_days}
    agreements = registry.sorted_agreements()
    partner_ids = registry.partner_ids()
    institution_ids = sorted({a.institution_id for a in agreements if a.institution_id in registry.agencies})
    pages = [
        Page(HOME, "home.md.j2", {**shared, "title": labels.ui["home_title"], "searchable": True,
                                  "timeline": timeline.layout(agreements, registry.as_of),
                                  "counts": _counts(agreements, partner_ids, registry.warn_days, labels),
                                  "recent": _recent_changes(registry, history)}),
        Page(AGREEMENTS, "agreement-list.md.j2", {**shared, "title": labels.ui["agreements_title"], "searchable": True,
                                                  "agreements": agreements}),
        Page(AGENCIES, "agency-list.md.j2", {**shared, "title": labels.ui["agencies_title"], "searchable": True,
                                             "partner_ids": partner_ids, "institution_ids": institution_ids}),
        Page(THEMES, "theme-list.md.j2", {**shared, "title": labels.ui["themes_title"], "searchable": True}),
        Page(ABOUT, "about.md.j2", {**shared, "title": labels.ui["about_title"], "searchable": True}),
        Page(DICTIONARY, "data-dictionary.md.j2", {**shared, "title": labels.ui["dictionary_title"], "searchable": True,
                                                   "kinds": dictionary(schema_documents, labels)}),
        Page(PROBLEMS, "problem-codes.md.j2", {**shared, "title": labels.ui["problems_title"], "searchable": True,
                                               "catalogue": sorted(CATALOGUE.items())}),
    ]
    for a in agreements:
        plans = [registry.plans[pid] for pid in a.plan_ids]
        pages.append(Page(agreement_page(a.id), "agreement.md.j2",
                          {**shared, "title": a.title, "searchable": False, "agreement": a, "plans": plans},
                          a.path))
    for agency in sorted(registry.agencies.values(), key=lambda x: x.id):
        pages.append(Page(agency_page(agency.id), "agency.md.j2",
                          {**shared, "title": agency.name, "searchable": False, "agency": agency,
                           "agreements": registry.agreements_of(agency.id),
                           "witnessed": [a for a in agreements if any(w.agency_id == agency.id for w in a.witnesses)],
                           "responsible": _activities_of(registry, agency.id),
                           "children": sorted(x.id for x in registry.agencies.values() if x.parent_id == agency.id)},
                          agency.path))
    for theme in registry.themes():
        pages.append(Page(theme_page(theme), "theme.md.j2",
                          {**shared, "title": labels.themes[theme], "searchable": False, "theme": theme,
                           "agreements": registry.agreements_with_theme(theme)}))
    return pages


def _counts(agreements: list[Agreement], partner_ids: list[str], warn_days: int, labels: Labels) -> list[tuple]:
    """The home page's figures: (label, number, page it links to)."""
    by_status = Counter(a.status.status for a in agreements)
    ui = labels.ui
    return [
        (ui["count_agreements"], len(agreements), AGREEMENTS),
        (ui["count_partners"], len(partner_ids), AGENCIES),
        (ui["count_in_force"], by_status[Status.BERLAKU], AGREEMENTS),
        (ui["count_ending_soon"].format(warn_days=warn_days), by_status[Status.AKAN_BERAKHIR], AGREEMENTS),
        (ui["count_ended"], by_status[Status.BERAKHIR], AGREEMENTS),
    ]


def _recent_changes(registry: Registry, history: History) -> list[dict]:
    """The newest record changes, each with the page that shows the record."""
    shown: dict[str, tuple[str, str]] = {}
    for a in registry.agreements.values():
        shown[a.path] = (a.title, agreement_page(a.id))
    for p in registry.plans.values():
        if p.agreement_id in registry.agreements:
            shown[p.path] = (p.title, agreement_page(p.agreement_id) + f"#plan-{p.id}")
    for agency in registry.agencies.values():
        shown[agency.path] = (agency.name, agency_page(agency.id))
    return [{"change": c, "title": shown[c.path][0], "page": shown[c.path][1]}
            for c in history.recent(shown, RECENT_CHANGES)]


def _activities_of(registry: Registry, agency_id: str) -> list[tuple[Agreement, Any]]:
    out = []
    for a in registry.sorted_agreements():
        for pid in a.plan_ids:
            out += [(a, act) for act in registry.plans[pid].activities if act.responsible_agency_id == agency_id]
    return out


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
    """The site's own CSS and scripts, plus labels.js generated from labels.py for status.js."""
    folder = resources.files("site_builder") / "assets"
    files: dict[str, str | bytes] = {ASSETS + name: (folder / name).read_bytes() for name in STATIC_ASSETS}
    files[LABELS_SCRIPT] = ("// Generated from site_builder/labels.py by `pks build`: the words status.js uses.\n"
                            f"window.PKS_LABELS = {filters.json_for_script(browser_labels(labels))};\n")
    return files


def render_site(registry: Registry, history: History, links: SiteLinks, schema_documents: Mapping[str, dict],
                labels: Labels = INDONESIAN) -> RenderedSite:
    pages = plan(registry, history, links, schema_documents, labels)
    rendered = render(pages, make_environment(labels, links))
    edit_paths = {p.path: p.record_path for p in pages if p.record_path}
    return RenderedSite({**rendered, **assets(labels)}, edit_paths)

