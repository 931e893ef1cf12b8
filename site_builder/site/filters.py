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
from collections.abc import Iterable
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from site_builder.dates import Bound, OpenBound, Period, Term
from site_builder.labels import Labels
from site_builder.status import UNKNOWN_START, RenewalStart, StatusResult

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
    rel = _relpath(target or ".", base or ".")
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, base: str) -> str:
    """posixpath.relpath, remembered: pages link the same few folders' files again and again."""
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
