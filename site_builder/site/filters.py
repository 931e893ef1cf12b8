"""Pure helpers the templates use to word and escape values; render.py registers them in one place.

Record text is untrusted. Templates are autoescaped, so these helpers return plain strings for
text (escaped on output) and Markup only for HTML they build themselves from escaped parts.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from site_builder.dates import Bound, OpenBound, Period, Term
from site_builder.gitinfo import History
from site_builder.labels import Labels
from site_builder.model import (
    Activity,
    Agreement,
    Attendee,
    Basis,
    Party,
    Person,
    ProgressReport,
    Registry,
    Source,
    Target,
)
from site_builder.status import UNKNOWN_START, RenewalStart, StatusResult

T = TypeVar("T")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def one_line(value: str) -> str:
    """Text with every line break (\\n, \\r, U+2028, ...) and run of spaces collapsed to one space."""
    return " ".join(value.split())


def paragraphs(value: str) -> Markup:
    """Multi-line record text as escaped HTML on a single line: paragraphs joined by <br><br>."""
    parts = [one_line(p) for p in _BLANK_LINE.split(value.replace("\r\n", "\n"))]
    return Markup("<br><br>").join(escape(p) for p in parts if p)


# \s is what str.isspace() calls white space (the same table), then the control characters.
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=1 << 16)  # the same addresses are checked on several pages and several times on one
def safe_url(value: str | None) -> str | None:
    """The URL when it is an absolute http(s) address without spaces or control characters, else None."""
    if not value or _NOT_IN_URL.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or not value.lower().startswith(("http://", "https://"))
    ):
        return None
    return value


@functools.lru_cache(maxsize=1 << 16)
def host(url: str) -> str:
    """The site an address points to ('berita.example.org'): short link text where the address
    itself is the link's target. The whole address when it names no host."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def date_text(labels: Labels, day: dt.date | None) -> str:
    """'13 Maret 2023'; unknown when None."""
    if day is None:
        return labels.ui["unknown"]
    return f"{day.day} {labels.months[day.month - 1]} {day.year}"


def bound_text(labels: Labels, value: Bound | OpenBound | None) -> str:
    """An exact date, 'antara X dan Y' for a range, 'paling lambat X' / 'paling cepat X' for a range
    open on one side, or 'tidak diketahui'."""
    if value is None:
        return labels.ui["unknown"]
    if value.exact:
        return date_text(labels, value.earliest)
    if value.earliest is None:
        return labels.ui["date_latest_only"].format(latest=date_text(labels, value.latest))
    if value.latest is None:
        return labels.ui["date_earliest_only"].format(earliest=date_text(labels, value.earliest))
    return labels.ui["date_range"].format(
        earliest=date_text(labels, value.earliest), latest=date_text(labels, value.latest)
    )


def period_text(labels: Labels, period: Period) -> str:
    """'5 tahun', '1 tahun 6 bulan', '90 hari'."""
    parts = [
        labels.ui[f"period_{unit}"].format(n=n)
        for unit, n in (("years", period.years), ("months", period.months), ("days", period.days))
        if n
    ]
    return " ".join(parts) or labels.ui["period_days"].format(n=0)


def term_text(labels: Labels, term: Term) -> str:
    """A validity term: '5 tahun', or '1 tahun hingga 3 tahun' for a range."""
    if term.exact:
        return period_text(labels, term.shortest)
    return labels.ui["term_range"].format(
        shortest=period_text(labels, term.shortest), longest=period_text(labels, term.longest)
    )


# Record keys a conflict may name, worded as the agreement page words them; other keys are shown as written.
FIELD_LABELS = {
    "title": "field_title",
    "official_title": "field_official_title",
    "kind": "field_kind",
    "signed.date": "field_signed",
    "signed.place": "field_place",
    "validity.start": "field_start",
    "validity.end": "field_end",
    "validity.duration": "field_duration",
    "parties": "section_parties",
    "witnesses": "section_witnesses",
    "present": "field_present",
    "scope": "section_scope",
    "basis": "field_basis",
}


def field_label(labels: Labels, path: str) -> str:
    """'signed.place' -> 'Tempat': a conflict's key in the words of the page."""
    key = FIELD_LABELS.get(path)
    return labels.ui[key] if key else path


def reason_form(result: StatusResult) -> str:
    """Which wording of a reason applies: 'exact', 'range' or 'none' (no date known)."""
    if result.date is None:
        return "none"
    if result.date_latest is None or result.date_latest == result.date:
        return "exact"
    return "range"


def status_sentence(labels: Labels, result: StatusResult) -> str:
    """Why the status holds, in words, with its dates (the same wording status.js produces)."""
    template = labels.reasons[result.reason][reason_form(result)]
    days = (result.date - result.as_of).days if result.date else 0
    return template.format(
        date=date_text(labels, result.date),
        earliest=date_text(labels, result.date),
        latest=date_text(labels, result.date_latest),
        days=days,
    )


def status_input(
    start: Bound | None,
    end: Bound | None,
    termination: dt.date | None,
    renewal_start: RenewalStart | None,
    warn_days: int,
    next_input: str | None = None,
) -> str:
    """The inputs of status.compute as compact JSON, for status.js to recompute in the browser: a
    bound as [earliest, latest], or one date when exact; an unknown input left out (status.js reads a
    missing key as null). Compact because every row of a list carries one. next_input: the JSON of
    the renewal that continues it (status.js follows the chain)."""

    def pair(b: Bound | None) -> str | list[str] | None:
        if b is None:
            return None
        return b.earliest.isoformat() if b.exact else [b.earliest.isoformat(), b.latest.isoformat()]

    renewal = (
        True if renewal_start is UNKNOWN_START else pair(renewal_start) if isinstance(renewal_start, Bound) else None
    )
    data = {
        "start": pair(start),
        "end": pair(end),
        "termination": termination.isoformat() if termination else None,
        "renewal": renewal,
        "warn": warn_days,
    }
    text = json.dumps({k: v for k, v in data.items() if v is not None}, sort_keys=True, separators=(",", ":"))
    # next: the same inputs of the renewal that continues it, so status.js can word the chain's state.
    return text if next_input is None else text[:-1] + ',"next":' + next_input + "}"


_PLAIN_JSON = re.compile(r'[\w\-":,\[\]{}]*')


def single_quoted_json(text: str) -> Markup:
    """JSON of dates, numbers and keywords for a single-quoted attribute: its quotes need no escaping,
    which halves its size (a status on every row of a list). Anything else is refused."""
    if not _PLAIN_JSON.fullmatch(text):
        raise ValueError(f"not plain JSON for an attribute: {text!r}")
    return Markup(text)


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(value: object) -> str:
    """JSON that is safe inside a <script> element or a .js file: no '</script>', no line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def css_string(value: str) -> str:
    """Text as a double-quoted CSS string (for `content`): quotes, backslashes and line breaks escaped."""
    return '"' + re.sub(r'["\\\n\r\f<]', lambda m: f"\\{ord(m.group(0)):x} ", value) + '"'


def front_matter_text(value: str) -> Markup:
    """A page title for YAML front matter: HTML-escaped (themes print it unescaped), one line, quoted."""
    return Markup(json.dumps(str(escape(one_line(value)))))


def number(value: float | int) -> str:
    """Indonesian style: 1.250 and 2,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + "," + fraction


def agreement_page(agreement_id: str) -> str:
    """The docs-relative page of a record (render.py's plan names these pages)."""
    return f"perjanjian/{agreement_id}.md"


def agency_page(agency_id: str) -> str:
    return f"instansi/{agency_id}.md"


def theme_page(theme: str) -> str:
    return f"tema/{theme}.md"


@functools.lru_cache(maxsize=1 << 16)
def page_url(path: str, use_directory_urls: bool) -> str:
    """Where MkDocs publishes a docs-relative Markdown path (mirrors MkDocs' own rule)."""
    page, _, anchor = path.partition("#")
    stem, _ = posixpath.splitext(page)
    if stem == "index" or stem.endswith("/index"):
        url = stem[: -len("index")] + ("" if use_directory_urls else "index.html")
    else:
        url = stem + ("/" if use_directory_urls else ".html")
    return url + (f"#{anchor}" if anchor else "")


def relative_url(from_path: str, to_path: str, use_directory_urls: bool) -> str:
    """A link from one docs page to another (or to a site file), relative so the site works offline."""
    here = page_url(from_path, use_directory_urls)
    there = page_url(to_path, use_directory_urls) if to_path.split("#")[0].endswith(".md") else to_path
    base = posixpath.dirname(here) if not here.endswith("/") else here.rstrip("/")
    target, _, anchor = there.partition("#")
    rel = relative_path(target or ".", base or ".")
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def relative_path(target: str, base: str) -> str:
    """posixpath.relpath(target, base), from the folder's relative path (pages link the files of a
    few folders again and again; thousands of targets would not stay in a cache)."""
    folder, _, name = target.rstrip("/").rpartition("/")
    # relpath's common part of target and base is the folder's, unless base goes on into folder/name
    if name not in ("", ".", "..") and not f"{base}/".startswith(f"{folder}/{name}/"):
        inside = _folder_relpath(folder, base)
        if inside is not None:
            return name if inside == "." else f"{inside}/{name}"
    return _cached_relpath(target, base)


@functools.lru_cache(maxsize=1 << 10)
def _folder_relpath(folder: str, base: str) -> str | None:
    """posixpath.relpath(folder, base), or None where a name added to folder could change it: a path
    that is not plain (absolute, empty, '.' or '..' parts), which relpath normalises."""
    plain = all(part not in ("", ".", "..") for part in folder.split("/"))
    if not plain or not (base == "." or all(part not in ("", ".", "..") for part in base.split("/"))):
        return None
    return posixpath.relpath(folder, base)


@functools.lru_cache(maxsize=1 << 16)
def _cached_relpath(target: str, base: str) -> str:
    return posixpath.relpath(target, base)


def missing_facts(rows: Iterable[tuple[str, object, str | None]]) -> list[tuple[str, list[str]]]:
    """The facts with no value, grouped under their word for it: what the templates' rows|selectattr(1,
    "none")|selectattr(2)|groupby(2) gives, as (word, labels), sorted by the word ignoring case."""
    missing = [(label, word) for label, value, word in rows if value is None and word]
    missing.sort(key=lambda row: row[1].lower())
    return [
        (group[0][1], [label for label, _ in group])
        for group in (list(rows) for _, rows in itertools.groupby(missing, key=lambda row: row[1].lower()))
    ]


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(text: str) -> Markup:
    """Text whose `backticked` parts (field paths, commands in schema descriptions and our own
    sentences) show as code: escaped first, so only our <code> element is markup."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(one_line(text)))))


# The pieces of record pages that are printed per item (a party, a source, an activity, a row of a
# list), in Python: as Jinja macros they were most of a build's page rendering (each call makes a
# context, each value passes finalize and escape). Each prints exactly what the macro printed, with the
# same escaping: a value is printed as a template prints {{ value }} (`out`); tests/site/
# test_render_pieces.py compares them with the macros they replaced, on hostile text.


def _s(value: object) -> str:
    """`out` as text, for pieces put together in Python (the common case, text, without Markup's cost)."""
    if type(value) is str:
        return (
            " ".join(value.split())
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return str(out(value))


def finalize(value: object) -> object:
    """The templates' finalize (render.py): text on one line, so that record text can never begin a
    Markdown line; None refused."""
    if value is None:  # an unknown value must be worded by the template, never printed as "None"
        raise TypeError("None reached a template output; say 'unknown' explicitly")
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return one_line(value)
    return value


def out(value: object) -> Markup:
    """What an autoescaped template prints for {{ value }}: finalize, then escaped (Markup as it is)."""
    return escape(finalize(value))


def joined(items: Iterable[object], separator: str) -> Markup:
    """{{ items|join(separator) }}: escaped items when one of them is Markup, else the plain text
    joined and printed (on one line)."""
    items = list(items)
    if any(hasattr(item, "__html__") for item in items):
        return escape(separator).join(item if hasattr(item, "__html__") else str(item) for item in items)
    return out(separator.join(map(str, items)))


class RecordHtml:
    """The HTML pieces of one page (links are relative to it). registry and history are the page's (pks
    serve hands a registry that notes what each page reads: every record is read here as the macros
    read it); status_input prints an agreement's data-pks-status (render's, which keeps them)."""

    def __init__(
        self,
        labels: Labels,
        page_path: str,
        use_directory_urls: bool,
        registry: Registry,
        history: History,
        warn_days: int,
        edit_url: Callable[[str], str | None],
        status_input: Callable[[Agreement], Markup],
        words: Mapping[str, str],
    ):
        self.labels = labels
        self.page_path = page_path
        self.use_directory_urls = use_directory_urls
        self.registry = registry
        self.history = history
        self.warn_days = warn_days
        self.edit_url = edit_url
        self.status_input = status_input
        self.words = words
        self.unknown = f'<span class="pks-unknown">{words["unknown"]}</span>'

    def url(self, target: str) -> str:
        return relative_url(self.page_path, target, self.use_directory_urls)

    def agency_name(self, agency_id: str, name: str | None = None) -> Markup:
        """A link to the agency's page, in its name or the given one."""
        text = name if name else self.registry.agencies[agency_id].name
        return Markup(f'<a href="{_s(self.url(agency_page(agency_id)))}">{_s(text)}</a>')

    def agreement_link(self, agreement_id: str) -> Markup:
        title = self.registry.agreements[agreement_id].title
        return Markup(f'<a href="{_s(self.url(agreement_page(agreement_id)))}">{_s(title)}</a>')

    def or_unknown(self, value: object) -> Markup:
        return Markup(self.unknown) if value is None else out(value)

    def bound(self, value: Bound | OpenBound | None, note: bool = True) -> Markup:
        """A date the record may only bound. In lists, "antara ... dan ..." says enough; a record's own
        page also says that the source gave no more."""
        if value is None:
            return Markup(self.unknown)
        text = out(bound_text(self.labels, value))
        if value.exact or not note:
            return text
        said = self.words["date_open_note" if value.open_ended else "date_range_note"]
        return Markup(f'{text} <span class="pks-note">({said})</span>')

    def day(self, value: dt.date | None) -> Markup:
        if value is None:
            return Markup(self.unknown)
        return Markup(f'<time datetime="{_s(value.isoformat())}">{_s(date_text(self.labels, value))}</time>')

    def person(self, p: Person | Attendee | None) -> Markup:
        if p is None:
            return Markup(self.unknown)
        if p.name is None and p.position is not None:
            return Markup(f'{_s(p.position)} <span class="pks-unknown">({self.words["name_unknown"]})</span>')
        position = "" if p.position is None else f", {_s(p.position)}"
        return Markup(f"{self.or_unknown(p.name)}{position}")

    def end_of(self, a: Agreement) -> Markup:
        """An end computed from the term the source gives is never shown as exact."""
        if a.end_derived:
            note = self.labels.ui["end_derived_note"].format(term=term_text(self.labels, _known(a.duration)))
            return Markup(f'{_s(bound_text(self.labels, a.end))} <span class="pks-note">({_s(note)})</span>')
        return self.bound(a.end) if a.end is not None else Markup()

    def basis(self, b: Basis) -> Markup:
        by = ""
        if b.by is not None:
            by = f' <span class="pks-note">({escape(self.labels.ui["field_basis_by"]).format(person=self.person(b.by))})</span>'
        wording = ""
        if b.original_wording is not None:
            wording = f'<br><span class="pks-note">{self.words["field_original_wording"]}: <q>{_s(b.original_wording)}</q></span>'
        return Markup(f"{_s(b.text)}{by}{wording}")

    def attendee(self, x: Attendee) -> Markup:
        """A witness or someone else present: a named official (with agency), or an unnamed group."""
        who = out(x.group) if x.group is not None else self.person(x)
        if x.agency_id and x.agency_id in self.registry.agencies:
            return Markup(f"{who} ({self.agency_name(x.agency_id)})")
        return who

    def kind(self, a: Agreement) -> Markup:
        """The normalised kind, with the source's own word for it when the record keeps one."""
        words = self.words
        if a.kind:
            kind = out(self.labels.agreement_kinds[a.kind])
            if a.kind_wording is None:
                return kind
            return Markup(
                f'{kind} <span class="pks-note">({words["field_kind_wording"]}: <q>{_s(a.kind_wording)}</q>)</span>'
            )
        return Markup(
            f'<q>{_s(a.kind_wording)}</q> <span class="pks-note">({words["field_kind"]} {words["not_stated"]})</span>'
        )

    def quoted(self, text: str) -> Markup:
        return Markup(f"<q>{_s(text)}</q>")

    def link_or_text(self, href: str | None, text: str) -> Markup:
        target = safe_url(href)
        if target:
            return Markup(f'<a href="{_s(target)}" rel="nofollow noopener">{_s(text)}</a>')
        return out(text)

    def facts(self, rows: Iterable[tuple[str, object, str | None]]) -> Markup:
        """rows: (label, value, word for a missing value). Known values get a row each; missing ones are
        named together under their word ("Tidak diketahui: Jadwal, Target") instead of a row each. A
        row whose value and word are both None is an optional fact the record does not have: left out."""
        rows = list(rows)
        lines = ['<dl class="pks-facts">\n']
        lines += [f"<dt>{_s(label)}</dt><dd>{_s(value)}</dd>\n" for label, value, _ in rows if value is not None]
        lines += [
            f'<dt>{_s(word.capitalize())}</dt><dd class="pks-unknown">{joined(labels, ", ")}</dd>\n'
            for word, labels in missing_facts(rows)
        ]
        lines.append("</dl>")
        return Markup("".join(lines))

    def chain_class(self, a: Agreement) -> str:
        return f" pks-chain--{_s(a.chain_status.status.value)}" if a.chain_status else ""

    def chain_words(self, a: Agreement) -> str:
        """'Diperpanjang' also says how its chain of renewals stands ("perpanjangan: berakhir")."""
        if not a.chain_status:
            return '<span class="pks-status__chain"></span>'
        label = self.labels.status[a.chain_status.status].label.lower()
        return f'<span class="pks-status__chain">{_s(self.labels.ui["status_chain"].format(label=label))}</span>'

    def status_badge(self, a: Agreement) -> Markup:
        """The status as computed at build time, with the dates status.js recomputes it from in the
        browser (single-quoted: the JSON's own quotes then need no escaping)."""
        s = a.status
        label = self.labels.status[s.status]
        return Markup(
            f'<span class="pks-status pks-status--{_s(s.status.value)}{self.chain_class(a)}" '
            f'data-pks-status=\'{self.status_input(a)}\'><span class="pks-status__symbol" aria-hidden="true">'
            f'{_s(label.symbol)}</span> <span class="pks-status__label">{_s(label.label)}</span>'
            f"{self.chain_words(a)}</span>"
        )

    def status_block(self, a: Agreement, search_meta: bool = False) -> Markup:
        """search_meta: the search index keeps the status input, so a search result shows the status of today."""
        s = a.status
        label = self.labels.status[s.status]
        meta = ' data-pagefind-meta="status[data-pks-status]"' if search_meta else ""
        as_of = self.labels.ui["status_as_of"].format(as_of=date_text(self.labels, s.as_of))
        return Markup(
            f'<div class="pks-status-block pks-status pks-status--{_s(s.status.value)}{self.chain_class(a)}" '
            f"data-pks-status='{self.status_input(a)}'{meta} data-pks-as-of=\"{_s(s.as_of.isoformat())}\">"
            f'<p class="pks-status-block__head"><span class="pks-status__symbol" aria-hidden="true">'
            f'{_s(label.symbol)}</span> <strong class="pks-status__label">{_s(label.label)}</strong>'
            f'{self.chain_words(a)} <span class="pks-status__as-of">{_s(as_of)}</span></p>'
            f'<p class="pks-status__reason">{_s(status_sentence(self.labels, s))}</p></div>'
        )

    def validity(self, a: Agreement) -> Markup:
        return Markup(f"{self.bound(a.start, False)} &ndash; {self.bound(a.end, False)}")

    def partners(self, a: Agreement) -> Markup:
        names = [self.agency_name(p.agency_id, p.short_name_at_signing or p.name_at_signing) for p in a.partners()]
        return Markup(", ".join(names) if names else self.unknown)

    def themes(self, a: Agreement) -> Markup:
        themes = self.labels.themes
        links = [f'<a href="{_s(self.url(theme_page(t)))}">{_s(themes[t])}</a>' for t in a.themes]
        return Markup(", ".join(links) if links else f'<span class="pks-unknown">{self.words["not_stated"]}</span>')

    def agreement_rows(self, rows: Iterable[Agreement], filterable: bool = False) -> Markup:
        """The rows of a table of agreements (render.TABLE_COLUMNS' pks-agreements), a line each.
        filterable: the rows carry what filter.js filters on."""
        lines = []
        badge = f' <span class="pks-note">({self.words["by_reference_badge"]})</span>'
        for a in rows:
            data = (
                f' data-themes="{joined(a.themes, " ")}" data-status="{_s(a.status.status.value)}"'
                if filterable
                else ""
            )
            lines.append(
                f'<tr{data}><td><a href="{_s(self.url(agreement_page(a.id)))}">{_s(a.title)}</a>'
                f"{badge if a.known_only_by_reference else ''}</td><td>{self.partners(a)}</td>"
                f"<td>{self.themes(a)}</td><td>{self.bound(a.signed, False)}</td><td>{self.validity(a)}</td>"
                f"<td>{self.status_badge(a)}</td></tr>\n"
            )
        return Markup("".join(lines))

    def agreement_links(self, ids: Iterable[str]) -> Markup:
        """Agreements by id, each linked with its status (an id the registry lacks is shown as it is)."""
        agreements = self.registry.agreements
        lines = ['<ul class="pks-list">\n']
        for rid in ids:
            if rid in agreements:
                lines.append(f"<li>{self.agreement_link(rid)} {self.status_badge(agreements[rid])}</li>\n")
            else:
                lines.append(f"<li><code>{_s(rid)}</code></li>\n")
        lines.append("</ul>")
        return Markup("".join(lines))

    def activity_links(self, rows: Iterable[tuple[Agreement, Activity]]) -> Markup:
        lines = ['<ul class="pks-list">\n']
        lines += [
            f'<li><a href="{_s(self.url(agreement_page(a.id)))}#kegiatan-{_s(act.id)}">{_s(act.title)}</a> '
            f'<span class="pks-note">({_s(a.title)})</span></li>\n'
            for a, act in rows
        ]
        lines.append("</ul>")
        return Markup("".join(lines))

    def sources_list(self, sources: Iterable[Source], numbered: bool = False) -> Markup:
        """The sources of a record. With numbered=True each gets an id (sumber-1, ...) that the action
        plans of the same page cite instead of printing the same source again."""
        words = self.words
        lines = ['<ul class="pks-sources">\n']
        for number, s in enumerate(sources, 1):
            parts = [f' id="sumber-{number}"' if numbered else "", f"><strong>{_s(s.publisher)}</strong>"]
            if s.title is not None:
                parts.append(f": {self.link_or_text(s.url, s.title)}")
            elif safe_url(s.url):
                parts.append(f": {self.link_or_text(s.url, _known(s.url))}")
            parts.append(f'<br><span class="pks-note">{words["field_published"]}: {self.day(s.published)}')
            if s.author is not None:
                parts.append(f"; {words['field_author']}: {_s(s.author)}")
            if s.url is None:
                if s.url_partial is not None:
                    where = f"<code>{_s(s.url_partial)}</code> ({words['field_url_partial']})"
                else:
                    where = words["unknown"]
                parts.append(f"; {words['field_address']}: {where}")
            parts.append("</span>")
            if s.note is not None:
                parts.append(f"<br>{paragraphs(s.note)}")
            lines.append(f"<li{''.join(parts)}</li>\n")
        lines.append("</ul>")
        return Markup("".join(lines))

    def record_files(self, paths: Iterable[str]) -> Markup:
        """The record files a page shows: where each is, when it last changed, where to propose a change."""
        words = self.words
        lines = ['<dl class="pks-facts" data-pagefind-ignore>\n']
        for path in paths:
            changed = self.history.last_change(path)
            when = self.day(changed) if changed else f'<span class="pks-unknown">{words["no_git_date"]}</span>'
            edit_url = self.edit_url(path)
            edit = (
                f'<a href="{_s(edit_url)}" rel="nofollow noopener">{words["edit_record"]}</a>'
                if edit_url
                else words["edit_record_missing"]
            )
            lines.append(
                f"<dt>{words['field_record_file']}</dt><dd><code>{_s(path)}</code><br>"
                f"{words['field_last_change']}: {when}<br>{edit}</dd>\n"
            )
        lines.append("</dl>")
        return Markup("".join(lines))

    def party(self, p: Party, compact: bool = False) -> Markup:
        """A party of an agreement: a row of the parties table, or (compact, for many parties) a list
        item with only what the source says."""
        now = self.registry.agencies[p.agency_id].name
        renamed = ""
        if p.name_at_signing != now:
            renamed = f' <span class="pks-note">({_s(self.labels.ui["field_name_now"].format(name=now))})</span>'
        name = f"{self.agency_name(p.agency_id, p.name_at_signing)}{renamed}"
        role = _s(self.labels.party_roles[p.role]) if p.role else None
        if not compact:
            return Markup(
                f"<tr><td>{name}</td><td>{role or self.words_unknown('not_stated')}</td>"
                f"<td>{self.or_unknown(p.document_number)}</td><td>{self.person(p.signatory)}</td></tr>"
            )
        parts = [f"<li>{name}"]
        if role:
            parts.append(f"; {role}")
        if p.document_number is not None:
            parts.append(f"; {_s(self.labels.ui['field_document_number'].lower())} {_s(p.document_number)}")
        if p.signatory is not None:
            parts.append(f"; {_s(self.labels.ui['field_signatory'].lower())}: {self.person(p.signatory)}")
        parts.append("</li>")
        return Markup("".join(parts))

    def words_unknown(self, key: str) -> str:
        """<span class="pks-unknown"> with a word of labels.ui."""
        return f'<span class="pks-unknown">{self.words[key]}</span>'

    def activity(self, a: Agreement, act: Activity) -> Markup:
        """One activity of an action plan on its agreement's page, as an <article>."""
        labels, ui, words = self.labels, self.labels.ui, self.words
        scope_item: Markup | None = None
        if act.scope_item:
            scope = next((item for item in a.scope if item.id == act.scope_item), None)
            if scope is not None:  # the scope item by its number and theme, linked to its full wording
                ref = ui["scope_item_ref"].format(number=a.scope.index(scope) + 1, theme=labels.themes[scope.theme])
                scope_item = Markup(f'<a href="#butir-{_s(scope.id)}">{_s(ref)}</a>')
            else:
                scope_item = Markup(f"<code>{_s(act.scope_item)}</code>")
        unit = "" if act.responsible_unit is None else f", {_s(act.responsible_unit)}"
        agency = self.registry.agencies[act.responsible_agency_id]
        responsible = Markup(f"{self.agency_name(act.responsible_agency_id, agency.label)}{unit}")
        schedule: Markup | None = None
        if act.schedule is not None:
            when = act.schedule
            schedule = Markup(
                (f"{_s(labels.frequencies[when.frequency])} " if when.frequency else "")
                + (f"{_s(ui['schedule_from'].format(date=date_text(labels, when.start)))} " if when.start else "")
                + (out(ui["schedule_until"].format(date=date_text(labels, when.end))) if when.end else "")
            )
        target = None
        if act.target is not None:
            target = out(ui["target_value"].format(value=number(act.target.value), unit=act.target.unit))
        facts = self.facts(
            [
                (
                    ui["field_activity_status"],
                    labels.activity_status[act.status] if act.status else None,
                    ui["unknown"],
                ),
                (ui["field_scope_item"], scope_item, ui["not_stated"]),
                (ui["field_responsible"], responsible, None),
                (ui["field_schedule"], schedule, ui["unknown"]),
                (ui["field_indicator"], act.indicator, ui["unknown"]),
                (ui["field_target"], target, ui["unknown"]),
                (
                    ui["field_budget"],
                    labels.budget_sources[act.budget_source] if act.budget_source else None,
                    ui["unknown"],
                ),
                (
                    ui["field_original_wording"],
                    self.quoted(act.original_wording) if act.original_wording is not None else None,
                    None,
                ),
                (ui["field_note"], paragraphs(act.note) if act.note is not None else None, None),
                (ui["field_progress"], None, None if act.progress else ui["not_recorded"]),
            ]
        )
        lines = [f'<article class="pks-activity" id="kegiatan-{_s(act.id)}">\n<h4>{_s(act.title)}</h4>\n{facts}\n']
        if act.progress:  # oldest first, as recorded: the last line is the latest realisation
            lines.append(f'<h5>{words["field_progress"]}</h5>\n<ul class="pks-list pks-progress">\n')
            lines += [f"<li>{self._progress(p, act.target)}</li>\n" for p in act.progress]
            lines.append("</ul>\n")
        lines.append("</article>")
        return Markup("".join(lines))

    def _progress(self, p: ProgressReport, target: Target | None) -> str:
        ui, words = self.labels.ui, self.words
        parts = [f"{self.day(p.date)}: {_s(p.realisation)}"]
        if p.value is not None:
            unit = f" {_s(target.unit)}" if target is not None else ""
            parts.append(f"; {_s(ui['field_value'].lower())} {_s(number(p.value))}{unit}")
        evidence = safe_url(p.evidence)
        if evidence:
            parts.append(f"; {_s(ui['field_evidence'].lower())}: {self.link_or_text(p.evidence, host(evidence))}")
        if p.value is None or not evidence:
            missing = [ui["field_value"] if p.value is None else None, ui["field_evidence"] if not evidence else None]
            parts.append(
                f' <span class="pks-unknown">({words["unknown"]}: {_s(", ".join(filter(None, missing)).lower())})</span>'
            )
        return "".join(parts)


def _known(value: T | None) -> T:
    if value is None:
        raise TypeError("None reached a template output; say 'unknown' explicitly")
    return value


def escaped_words(labels: Labels) -> dict[str, str]:
    """labels.ui as templates print them ({{ ui.word }}): on one line, escaped."""
    return {key: str(out(value)) for key, value in labels.ui.items()}
