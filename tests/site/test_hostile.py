"""Record text is untrusted: hostile strings in every text field of a record must show literally and
never become markup, links, attributes or scripts, whatever Markdown, Jinja or MkDocs do with them.

Two registries are built that differ only in their text: one with plain words, one with hostile
strings. Escaping works when every page of both has exactly the same elements and attributes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import sitehtml
from sitebuild import build_into, copy_registry

pytestmark = pytest.mark.slow

HOSTILE = [
    '<script>alert("{m}")</script>',
    "[klik {m}](javascript:alert(1))",
    'teks {m} {: onclick="alert(1)" }',
    '<div markdown="1">**{m}** _miring_</div>',
    "baris satu\n# {m} judul\n\n- butir\n\n    blok kode",
    '--8<-- "/etc/passwd" {m}',
    "<img src=x onerror=alert(1)> {m}",
    "\"><svg onload=alert(1)> '{m}'",
    "&lt;b&gt;{m}&amp;amp; &#60;i&#62;",
    "</textarea></script><!-- {m}",
    "{{ 7*7 }} {% raw %} {m}",
    "*[HTML]: singkatan {m}\n[^1]: catatan kaki\n[ref]: javascript:alert(1)",
    "```\n<script>alert(1)</script>\n``` {m}",
    '<a href="javascript:alert(1)">{m}</a>',
    'x {: #id .cls onmouseover="alert(1)" } {m}',
    "<style>body{display:none}</style> {m}",
    '<iframe src="https://evil.example/"></iframe> {m}',
    "<!-- {m} --> :smile: ==tanda== ~~coret~~",
]
HOSTILE_URLS = [  # what the schema's URL pattern lets through: http(s), no spaces
    "https://example.org/\"><script>alert('{m}')</script>",
    "https://example.org/?q=<img/src=x/onerror=alert(1)>&x='{m}'",
    "http://example.org/#\"onmouseover=\"alert(1)\"{m}",
    "https://example.org/){:onclick=alert(1)}[{m}](javascript:alert(1))",
]


class Values:
    """Hands out text: hostile or plain, each with a marker so it can be found on the pages."""

    def __init__(self, hostile: bool):
        self.hostile = hostile
        self.texts: list[str] = []
        self.urls: list[str] = []

    def text(self) -> str:
        marker = f"PENANDA{len(self.texts):02d}"
        # Every field gets every attack, so it does not matter which field a template mishandles.
        value = "\n".join(h.replace("{m}", marker) for h in HOSTILE) if self.hostile else f"Teks biasa {marker}"
        self.texts.append(value)
        return value

    def url(self) -> str:
        marker = f"ALAMAT{len(self.urls):02d}"
        value = (HOSTILE_URLS[len(self.urls) % len(HOSTILE_URLS)].replace("{m}", marker) if self.hostile
                 else f"https://example.org/{marker}")
        self.urls.append(value)
        return value


def _source(v: Values) -> dict:
    return {"publisher": v.text(), "title": v.text(), "url": v.url(), "published": "2024-01-11", "author": v.text(),
            "note": v.text()}


def _records(v: Values, checksum: str) -> dict[str, dict]:
    agency = {
        "id": "zz-mitra", "name": v.text(), "short_name": v.text(), "kind": "perangkat-daerah", "parent": "pemkab-hst",
        "region": "63.07", "website": v.url(),
        "name_history": [{"name": v.text(), "short_name": v.text(), "parent": "pemkab-hst", "until": "2023-12-31",
                          "original_wording": v.text()}],
        "original_wording": v.text(), "note": v.text(), "sources": [_source(v)],
    }
    umbrella = {
        "id": "zz-induk", "title": v.text(), "kind": "nota-kesepahaman",
        "signed": {"date": "2024-01-02", "place": v.text()},
        "parties": [{"agency": "rutan-barabai", "role": None, "document_number": None, "signatory": None},
                    {"agency": "zz-mitra", "role": None, "document_number": None, "signatory": None}],
        "scope": [], "validity": {"start": "2024-01-02", "end": "2029-01-01"}, "sources": [_source(v)],
    }
    agreement = {
        "id": "zz-lengkap", "title": v.text(), "official_title": v.text(), "kind": "perjanjian-kerja-sama",
        "signed": {"date": "2024-01-10", "place": v.text()},
        "parties": [
            {"agency": "rutan-barabai", "role": "pihak-pertama", "document_number": v.text(),
             "signatory": {"name": v.text(), "position": v.text()}},
            {"agency": "zz-mitra", "role": "pihak-kedua", "document_number": v.text(),
             "signatory": {"name": v.text(), "position": v.text()}},
        ],
        "kind_wording": v.text(),
        "witnesses": [{"name": v.text(), "position": v.text(), "agency": "pemkab-hst"}, {"group": v.text()}],
        "present": [{"name": v.text(), "position": v.text(), "agency": "zz-mitra"}, {"group": v.text()}],
        "basis": {"text": v.text(), "by": {"name": v.text(), "position": v.text(), "agency": "pemkab-hst"},
                  "original_wording": v.text()},
        "conflicts": [{"field": "signed.place", "values": [{"value": v.text(), "source": 1}, {"value": v.text(), "source": 2}],
                       "note": v.text()}],
        "scope": [{"id": "butir-satu", "theme": "kesehatan", "description": v.text(), "original_wording": v.text()}],
        "validity": {"start": "2024-01-10", "end": {"earliest": "2025-01-10", "latest": "2027-01-10"},
                     "duration": {"shortest": {"years": 1}, "longest": {"years": 3}},
                     "note": v.text(), "original_wording": v.text()},
        "relations": {"umbrella": "zz-induk"},
        "termination": {"date": "2026-06-01", "reason": v.text()},
        "documents": [{"title": v.text(), "url": v.url()},
                      {"title": v.text(), "path": "documents/zz/berkas.pdf", "sha256": checksum}],
        "note": v.text(), "sources": [_source(v), {"publisher": v.text(), "title": v.text(), "url": None, "url_partial": v.text(),
                                                   "published": None, "author": v.text(), "note": v.text()}],
    }
    plan = {
        "id": "ra-zz-lengkap", "agreement": "zz-lengkap", "title": v.text(), "note": v.text(),
        "activities": [{
            "id": "kegiatan-satu", "title": v.text(), "scope_item": "butir-satu",
            "responsible": {"agency": "zz-mitra", "unit": v.text()},
            "schedule": {"start": "2024-02-01", "end": "2024-12-31", "frequency": "bulanan"},
            "indicator": v.text(), "target": {"value": 20, "unit": v.text()}, "budget_source": "apbd",
            "status": "berjalan", "note": v.text(), "original_wording": v.text(),
            "progress": [{"date": "2024-06-01", "realisation": v.text(), "value": 5, "evidence": v.url()}],
        }],
        "sources": [_source(v)],
    }
    return {"agencies/zz-mitra.yaml": agency, "agreements/rutan-barabai/zz-induk.yaml": umbrella,
            "agreements/rutan-barabai/zz-lengkap.yaml": agreement,
            "agreements/rutan-barabai/rencana-aksi/ra-zz-lengkap.yaml": plan}


def _build(base: Path, hostile: bool) -> tuple[Path, Values, dict[str, dict]]:
    root = copy_registry(base / "registry")
    document = root / "documents/zz/berkas.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 salinan uji\n")
    values = Values(hostile)
    records = _records(values, hashlib.sha256(document.read_bytes()).hexdigest())
    for path, record in records.items():
        # JSON is YAML: every string double-quoted, so no YAML typing surprises in the test itself.
        (root / path).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build_into(root, base / "site")
    return base / "site", values, records


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    clean, _, _ = _build(tmp_path_factory.mktemp("clean"), hostile=False)
    hostile, values, records = _build(tmp_path_factory.mktemp("hostile"), hostile=True)
    return clean, hostile, values, records


def _pages(site_dir: Path) -> dict[str, sitehtml.Page]:
    return {p.relative_to(site_dir).as_posix(): sitehtml.read(p.read_text(encoding="utf-8"))
            for p in sorted(site_dir.rglob("*.html"))}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_adds_no_element_and_no_attribute(sites):
    clean, hostile, _, _ = sites
    clean_pages, hostile_pages = _pages(clean), _pages(hostile)
    assert clean_pages.keys() == hostile_pages.keys()
    for name in clean_pages:
        # <br> comes from paragraph breaks in multi-line notes, the only structure text may carry.
        expected = [e for e in clean_pages[name].structure() if e[0] != "br"]
        actual = [e for e in hostile_pages[name].structure() if e[0] != "br"]
        assert actual == expected, name


def test_nothing_executable_reaches_any_page(sites):
    _, hostile, _, _ = sites
    for name, page in _pages(hostile).items():
        for e in page.elements:
            assert not [a for a in e.attrs if a.startswith("on")], (name, e)
            for attr in ("href", "src", "action", "formaction", "xlink:href", "data"):
                if attr in e.attrs:
                    scheme = urlsplit(e.attrs[attr].strip()).scheme.lower()
                    assert scheme in ("", "http", "https"), (name, e)
        inline_scripts = [t for t, where in page.texts if "script" in where]
        assert not [t for t in inline_scripts if "PENANDA" in t or "ALAMAT" in t or "alert" in t], name


def test_hostile_text_shows_literally(sites):
    _, hostile, values, records = sites
    pages = _pages(hostile)
    shown = " ".join(pages[p].text() for p in ("perjanjian/zz-lengkap.html", "instansi/zz-mitra.html",
                                               "perjanjian/zz-induk.html"))
    missing = [t for t in values.texts if _collapse(t) not in shown]
    assert missing == []
    # Material prints page titles unescaped (<title>, header): the title must arrive as escaped text.
    head_title = " ".join(t for t, where in pages["perjanjian/zz-lengkap.html"].texts if where[-1:] == ("title",))
    assert _collapse(records["agreements/rutan-barabai/zz-lengkap.yaml"]["title"]) in head_title


def test_hostile_urls_are_links_to_exactly_themselves(sites):
    _, hostile, values, records = sites
    hrefs = {e.attrs["href"] for page in _pages(hostile).values() for e in page.find("a") if "href" in e.attrs}
    for url in values.urls:
        assert url in hrefs, url


def test_embedded_status_json_stays_data(sites):
    _, hostile, _, _ = sites
    page = _pages(hostile)["perjanjian/zz-lengkap.html"]
    embedded = [e.attrs["data-pks-status"] for e in page.elements if "data-pks-status" in e.attrs]
    assert embedded
    assert json.loads(embedded[0])["termination"] == "2026-06-01"
