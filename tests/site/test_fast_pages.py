"""Record pages made from shared work (site/engine.py: Markdown once per distinct text, Material's page
once per shape, marked and squeezed piece by piece) are the same bytes as ProperDocs' own path makes,
on a registry whose text is hostile, non-ASCII and long; and MkDocs still checks every page's links."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
import test_hostile
from sitebuild import build_into, copy_registry, site_files

from site_builder.site import engine, render

pytestmark = pytest.mark.slow

LONG = " ".join(["Kerja sama “pembinaan” kemandirian & <b>keterampilan</b> warga binaan — Ñusa Tenggara 日本"] * 6)


class _Values(test_hostile.Values):
    """The hostile test's attacks, each text also long and non-ASCII."""

    def text(self) -> str:
        return super().text() + " " + LONG


def _hostile_registry(base: Path) -> Path:
    root = copy_registry(base / "registry")
    document = root / "documents/zz/berkas.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 salinan uji\n")
    records = test_hostile._records(_Values(hostile=True), hashlib.sha256(document.read_bytes()).hexdigest())
    for path, record in records.items():
        (root / path).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    return _hostile_registry(tmp_path_factory.mktemp("fast"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fast_record_pages_are_the_bytes_of_the_plain_engine(hostile_root, tmp_path, monkeypatch, jobs):
    monkeypatch.setenv(engine.SHARE_ENV, jobs)
    monkeypatch.setattr(engine, "FAST_RECORD_PAGES", False)
    build_into(hostile_root, tmp_path / "plain")
    made_fast: list[str] = []
    pieces: list[bool] = []
    real_build_page, real_shell = engine._FastRecordPages.build_page, engine._FastRecordPages._shell

    def build_page(self, page, *args):
        done = real_build_page(self, page, *args)
        if done:
            made_fast.append(page.file.src_uri)
        return done

    def shell(self, *args):
        made = real_shell(self, *args)
        pieces.append(made is not None and made.marked is not None)
        return made

    monkeypatch.setattr(engine._FastRecordPages, "build_page", build_page)
    monkeypatch.setattr(engine._FastRecordPages, "_shell", shell)
    monkeypatch.setattr(engine, "FAST_RECORD_PAGES", True)
    build_into(hostile_root, tmp_path / "fast")
    plain, fast = site_files(tmp_path / "plain"), site_files(tmp_path / "fast")
    assert sorted(fast) == sorted(plain)
    assert [path for path in plain if fast[path] != plain[path]] == []
    hostile_page = "perjanjian/zz-lengkap.html"
    assert b"&lt;script&gt;" in fast[hostile_page] and "日本".encode() in fast[hostile_page]
    if jobs == "1":  # the fast path really made the record pages (in this process), piece by piece
        records = [p for p in plain if p.endswith(".html") and render.record_page(p)]
        assert len(made_fast) == len(records) and "perjanjian/zz-lengkap.md" in made_fast
        assert pieces and all(pieces)


@pytest.mark.parametrize("fast", [False, True])
def test_a_record_page_link_to_a_missing_anchor_still_fails_the_build(tmp_path, monkeypatch, fast):
    """MkDocs checks the links in a page's Markdown; two record pages with the same Markdown are each
    checked (the Markdown of the second is not taken from the first)."""
    monkeypatch.setenv(engine.SHARE_ENV, "1")
    monkeypatch.setattr(engine, "FAST_RECORD_PAGES", fast)
    root = copy_registry(tmp_path / "registry")
    real = render.split_page
    broken: list[str] = []

    def with_broken_links(path, text):  # every agreement page (each rendered as the engine reads it)
        markdown, blocks = real(path, text)
        if path.startswith("perjanjian/") and path.count("/") == 1:
            broken.append(path)
            markdown = markdown.replace("\n---\n", "\n---\n\n## [Lihat](#tidak-ada)\n", 1)
        return markdown, blocks

    monkeypatch.setattr(render, "split_page", with_broken_links)
    with pytest.raises(engine.SiteError) as failure:
        build_into(root, tmp_path / "site")
    assert len(broken) >= 2 and str(failure.value).count("#tidak-ada") >= 2, str(failure.value)


# Pieces of HTML that the marking and squeezing patterns react to, for the piece-by-piece test below.
_SNIPPETS = [
    "<p>teks</p>",
    "\n  \n",
    " ",
    "\t",
    "<td>a</td>",
    "</td>",
    "</dd>",
    "<dt>x</dt><dd>y</dd>",
    "<pre>  a\n\n  b</pre>",
    "<code>x  \n y</code>",
    "<code>tanpa akhir",
    "</code>",
    "<script>\n  var a;\n</script>",
    "<",
    "<co",
    "</t",
    "&amp;",
    "teks",
    engine._ARTICLE,
    engine._SKIP_OPENER,
    "</div>",
    '<a href="#x">',
]


def _random_text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(_SNIPPETS) for _ in range(rng.randint(0, most)))


def test_marking_piece_by_piece_equals_marking_the_whole_page():
    rng = random.Random(12)
    pieced = 0
    for _ in range(4000):
        shell = [
            "<html>" + _random_text(rng, 3) + engine._SKIP_OPENER + "<a>lama</a></div>" + _random_text(rng, 3),
            ("title", "raw"),
            _random_text(rng, 3) + engine._ARTICLE + _random_text(rng, 2),
            ("content", "raw"),
            _random_text(rng, 3) + "</html>",
        ]
        marked = engine.marked_shell(shell, True, "Lewati")
        title = rng.choice(["Judul", " Judul", "Judul ", "A &amp; B", "a<b", "x\ny", ""])
        content = _random_text(rng, 6)
        values = {"title": title, "content": content}
        formed = [p if isinstance(p, str) else values[p[0]] for p in shell]
        if marked is None:
            continue
        parts = [
            p if isinstance(p, str) else engine.marked_value(p[0], formed[i], formed[i + 1])
            for i, p in enumerate(marked)
        ]
        if None in parts:
            continue
        pieced += 1
        whole = engine.squeeze_whitespace(engine.mark_content("".join(formed), True, "Lewati"))
        assert "".join(parts) == whole, (formed, parts)
    assert pieced > 100  # the test exercised the piece-by-piece path, not only its refusals


def test_line_break_runs_by_lines_equal_the_pattern():
    rng = random.Random(7)
    alphabet = [" ", "\t", "\r", "\f", "\n", "\v", "a", "\u00a0", "\u2028", "<", "x y"]
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert engine._line_break_runs(text) == engine._LINE_BREAK_RUN.sub("\n", text), repr(text)
