"""`pks serve` converts the Markdown of a page that is not a record page once per text (engine.Conversions):
a build that reuses a conversion makes the same bytes as one that converts, and a conversion is never
reused when a link target it looked up changed, nor when converting it logged a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from properdocs.structure.pages import Page

from sitebuild import site_files
from site_builder.site import engine
from site_builder.site.render import RenderedSite

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: Uji
theme:
  name: material
  language: id
markdown_extensions:
  - toc:
      permalink: true
validation:
  anchors: warn
"""
GUIDE = (
    "# Panduan\n\nLihat [bagian itu](halaman.md#bagian), [tambahan](tambahan.md) dan [awal](#panduan).\n\n"
    "## Bagian kedua\n"
)
EXTRA = "# Tambahan\n"
TARGET = "# Halaman\n\n## Bagian\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "panduan.md").write_text(GUIDE, encoding="utf-8")
    return tmp_path


def _build(project: Path, name: str, files: dict[str, str | bytes], conversions: engine.Conversions | None) -> Path:
    config = engine.load(project / "mkdocs.yml", project / name)
    engine.build_pages(config, RenderedSite(files), lambda path: True, 0, True, conversions)
    return project / name


def _converted(monkeypatch) -> list[str]:
    """The pages Markdown converts from now on."""
    made: list[str] = []
    real = Page.render

    def render(self, config, files):
        made.append(self.file.src_uri)
        return real(self, config, files)

    monkeypatch.setattr(Page, "render", render)
    return made


def test_a_kept_conversion_makes_the_same_site(project, monkeypatch):
    conversions = engine.Conversions()
    first = site_files(_build(project, "site-1", {"halaman.md": TARGET, "tambahan.md": EXTRA}, conversions))
    made = _converted(monkeypatch)
    again = site_files(_build(project, "site-2", {"halaman.md": TARGET, "tambahan.md": EXTRA}, conversions))
    assert made == []  # both pages' conversions were kept
    assert again == first
    assert site_files(_build(project, "site-3", {"halaman.md": TARGET, "tambahan.md": EXTRA}, None)) == first
    assert sorted(made) == ["halaman.md", "panduan.md", "tambahan.md"]  # without the memo, all converted
    made.clear()
    changed = TARGET + "\nKalimat baru.\n"
    _build(project, "site-4", {"halaman.md": changed, "tambahan.md": EXTRA}, conversions)
    assert made == ["halaman.md"]  # another text: converted; the guide's links found the same targets


def test_a_link_target_that_changed_converts_the_page_again(project, monkeypatch):
    conversions = engine.Conversions()
    _build(project, "site-1", {"halaman.md": TARGET, "tambahan.md": EXTRA}, conversions)
    made = _converted(monkeypatch)
    with pytest.raises(
        engine.SiteError, match="link 'tambahan.md', but the target is not found"
    ):  # as a build without the memo
        _build(project, "site-2", {"halaman.md": TARGET}, conversions)  # a link's target gone, its anchors not
    assert "panduan.md" in made
    with pytest.raises(engine.SiteError, match="'halaman.md' is not found"):
        _build(project, "site-2b", {"tambahan.md": EXTRA}, conversions)  # the anchors' target gone
    with pytest.raises(engine.SiteError, match="does not contain an anchor '#bagian'"):
        _build(
            project, "site-3", {"halaman.md": "# Halaman\n\n## Lain\n", "tambahan.md": EXTRA}, conversions
        )  # anchors: checked each build
    made.clear()
    with pytest.raises(
        engine.SiteError, match="link 'tambahan.md', but the target is not found"
    ):  # a warning is never kept
        _build(project, "site-4", {"halaman.md": TARGET}, conversions)
    assert "panduan.md" in made
