"""A small HTML reader for the site tests: elements with attributes, visible text, links."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: tuple[str, ...]


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    texts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (text, ancestor tags)

    def text(self, skip=("script", "style", "title")) -> str:
        """Visible text with whitespace collapsed, entities decoded."""
        parts = [t for t, where in self.texts if not set(where) & set(skip)]
        return " ".join(" ".join(parts).split())

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def structure(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every element as (tag, sorted attribute names): what record text must never change."""
        return [(e.tag, tuple(sorted(e.attrs))) for e in self.elements]


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.page.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.page.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.page.texts.append((data, tuple(self.stack)))


def read(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def pages_of(site_dir: Path) -> dict[str, Page]:
    """Every HTML page of a built site, by its site-relative path."""
    return {p.relative_to(site_dir).as_posix(): read(p.read_text(encoding="utf-8")) for p in sorted(site_dir.rglob("*.html"))}


def broken_links(site_dir: Path) -> list[tuple[str, str]]:
    """(page, href) of every same-site link whose file or anchor does not exist."""
    pages = pages_of(site_dir)
    broken = []
    for name, page in pages.items():
        if name == "404.html":  # served at any depth, so MkDocs links it from the site root
            continue
        for a in page.find("a"):
            href = a.attrs.get("href", "")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) if parts.path else name
            if target.endswith("/") or (site_dir / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site_dir / target).is_file():
                broken.append((name, href))
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids():
                broken.append((name, href))
    return broken


LOADING_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                 ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")}


def loaded_urls(page: Page) -> list[str]:
    """URLs the browser fetches on its own when showing the page (not links a reader may follow)."""
    out = []
    for e in page.elements:
        for tag, attr in LOADING_ATTRS:
            if e.tag == tag and attr in e.attrs:
                if tag == "link" and e.attrs.get("rel", "") in ("canonical", "alternate", "edit"):
                    continue
                out.append(e.attrs[attr])
    return out


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc) and parts.scheme not in ("data",)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def unescape(text: str) -> str:
    return html.unescape(text)


# Where a Material page's bytes go: the first element carrying each class (or id), innermost wins.
REGIONS = {"head": "<head", "header": "md-header", "search": "md-search", "navigation": "md-sidebar--primary",
           "table of contents": "md-sidebar--secondary", "content": "md-content__inner", "footer": "md-footer",
           "config": "__config"}


class _Spans(HTMLParser):
    """Start and end offsets (in characters) of the first element matching each of REGIONS."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.open: list[tuple[str, str | None, int]] = []  # (tag, region, start)
        self.spans: dict[str, tuple[int, int]] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        values = {"<" + tag} | {t for k, v in attrs if k in ("class", "id") and v for t in v.split()}
        region = next((r for r, mark in REGIONS.items() if mark in values and r not in self.spans
                       and r not in [o[1] for o in self.open]), None)
        if tag not in VOID:
            self.open.append((tag, region, self._offset()))

    def handle_endtag(self, tag):
        end = self._offset() + len(f"</{tag}>")
        while self.open:
            open_tag, region, start = self.open.pop()
            if region:
                self.spans[region] = (start, end)
            if open_tag == tag:
                break


def byte_regions(text: str) -> dict[str, int]:
    """Bytes (UTF-8) of a page per region of REGIONS, nested regions subtracted, the rest as 'other'."""
    reader = _Spans(text)
    reader.feed(text)
    reader.close()
    sizes = {}
    for region, (start, end) in reader.spans.items():
        inner = [s for r, s in reader.spans.items() if r != region and start <= s[0] and s[1] <= end]
        sizes[region] = len(text[start:end].encode()) - sum(len(text[a:b].encode()) for a, b in inner)
    sizes["other"] = len(text.encode()) - sum(sizes.values())
    return sizes
