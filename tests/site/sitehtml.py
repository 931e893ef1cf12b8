"""A small HTML reader for the site tests: elements with attributes, visible text, links."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

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
