"""The page plan and the Jinja environment, without MkDocs."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest

from sitebuild import AS_OF, REPO, copy_registry
from site_builder import gitinfo, model
from site_builder.site import render
from site_builder.validation import schemas, validate

LINKS = render.SiteLinks(repo_url="https://github.com/pks-registry/pks-registry", edit_uri="edit/main/docs/")


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> model.Registry:
    report, shaped = validate.validate(copy_registry(tmp_path_factory.mktemp("render") / "registry"), AS_OF)
    assert not report.errors
    return model.build(shaped, AS_OF)


def _render(registry):
    return render.render_site(registry, gitinfo.History(), LINKS, schemas.load(REPO / "schema").documents)


def test_the_plan_has_a_page_for_every_record_and_each_page_once(registry):
    pages = render.plan(registry, gitinfo.History(), LINKS, schemas.load(REPO / "schema").documents)
    paths = [p.path for p in pages]
    assert len(paths) == len(set(paths))
    expected = {render.agreement_page(a) for a in registry.agreements} | {render.agency_page(a) for a in registry.agencies}
    expected |= {render.theme_page(t) for t in registry.themes()}
    expected |= {render.HOME, render.SEARCH, render.AGREEMENTS, render.AGENCIES, render.THEMES, render.ABOUT,
                 render.DICTIONARY, render.PROBLEMS}
    # Lists too long for their record's page continue on pages of their own (tests/site/test_page_budget.py).
    continued = {p.path for p in pages if p.template == "list-part.md.j2"}
    assert set(paths) == expected | continued


def test_rendering_is_deterministic_and_record_pages_are_searchable(registry):
    first, second = _render(registry), _render(registry)
    assert first == second
    page = first.files[render.agreement_page("rutan-barabai-dinkes-hst-2023")]
    # In the search index, without a table of contents.
    assert page.startswith('---\ntitle: "Kerja sama layanan kesehatan bagi WBP Rutan Barabai"\nhide:\n  - toc\n---\n')
    assert "search:" not in first.files[render.AGREEMENTS].split("---")[1]


def test_record_text_is_escaped_in_every_template(registry):
    # The model is frozen: a registry whose agreement carries the hostile title, beside the shared one.
    agreement = dataclasses.replace(registry.agreements["rutan-barabai-dinkes-hst-2023"],
                                    title='<script>alert(1)</script> [x](javascript:alert(2))\n# judul')
    rendered = _render(dataclasses.replace(registry, agreements={**registry.agreements, agreement.id: agreement}))
    for path in (render.agreement_page(agreement.id), render.AGREEMENTS, render.HOME, render.agency_page("dinkes-hst")):
        body = rendered.files[path].split("\n---\n", 1)[1]
        assert "javascript" not in body  # Markdown only ever sees headings, never record text
        text = rendered.full_text(path)
        assert "<script>alert(1)" not in text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) # judul" in text, path
        assert "\n# judul" not in text, path


def test_markdown_gets_headings_only_and_blocks_come_back_in_order():
    text = '---\ntitle: "x"\n---\n\n<div>a</div>\n\n## Judul\n\n<p>b\n\n<i>c</i></p>\n'
    skeleton, blocks = render.split_page("x.md", text)
    assert skeleton == '---\ntitle: "x"\n---\n\n<!--pks-fragment-0-->\n\n## Judul\n\n<!--pks-fragment-1-->\n\n<!--pks-fragment-2-->\n'
    assert blocks == ("<div>a</div>", "<p>b", "<i>c</i></p>")  # a block may end mid-element: order is all that counts
    site = render.RenderedSite({"x.md": skeleton}, {"x.md": blocks})
    assert site.page_html("x.md", "<!--pks-fragment-0--><h2>J</h2><!--pks-fragment-1--><!--pks-fragment-2-->") == \
        "<div>a</div><h2>J</h2><p>b<i>c</i></p>"
    with pytest.raises(render.RenderError, match="2 placeholders"):
        site.page_html("x.md", "<!--pks-fragment-0--><!--pks-fragment-1-->")
    with pytest.raises(render.RenderError, match="other than a heading"):
        render.split_page("x.md", '---\ntitle: "x"\n---\n\n[link](javascript:alert(1))\n')


def test_template_mistakes_fail_the_render_with_the_template_name():
    env = render.make_environment()
    with pytest.raises(render.RenderError, match="theme.md.j2"):
        render.render([render.Page("tema/x.md", "theme.md.j2", {"title": "x", "searchable": False})], env)
    with pytest.raises(TypeError, match="None"):  # an unknown value must be worded, never printed as None
        env.from_string("{{ value }}").render(value=None)
    assert isinstance(env.undefined, type) and issubclass(env.undefined, jinja2.StrictUndefined)


def test_edit_and_view_links_follow_mkdocs_edit_uri():
    assert LINKS.edit_uri_of("agreements/x/a.yaml") == "../agreements/x/a.yaml"
    assert LINKS.edit_url("agreements/x/a.yaml") == "https://github.com/pks-registry/pks-registry/edit/main/agreements/x/a.yaml"
    assert LINKS.view_url("documents/x/a.pdf") == "https://github.com/pks-registry/pks-registry/blob/main/documents/x/a.pdf"
    assert render.SiteLinks().edit_url("agreements/x/a.yaml") is None
    assert render.SiteLinks(repo_url="javascript:alert(1)//", edit_uri="x/").edit_url("a.yaml") is None


def test_a_long_agreement_list_becomes_a_list_of_institutions(registry):
    """Above LIST_LIMIT the list page would weigh megabytes on a phone: it links each institution's
    own filterable list instead, and still accounts for every agreement."""
    documents = schemas.load(REPO / "schema").documents
    pages = render.plan(registry, gitinfo.History(), LINKS, documents, list_limit=3)
    rendered = render.render(pages, render.make_environment(links=LINKS))
    listing = rendered[render.AGREEMENTS]
    assert 'href="instansi/rutan-barabai.html#pks-agreement-list"' in listing
    assert ">11<" in listing and "perjanjian/" not in listing
    institution = rendered[render.agency_page("rutan-barabai")]
    assert 'id="pks-agreement-list" data-pks-filter' in institution
    assert institution.count("data-status=") == len(registry.agreements)
    short = render.render(render.plan(registry, gitinfo.History(), LINKS, documents), render.make_environment(links=LINKS))
    # the short list filters the signed agreements; those known only by reference follow in a table of their own
    by_reference = [a for a in registry.agreements.values() if a.known_only_by_reference]
    assert short[render.AGREEMENTS].count("data-status=") == len(registry.agreements) - len(by_reference)
    assert all(f'href="perjanjian/{a.id}.html"' in short[render.AGREEMENTS].split('id="diketahui-dari-rujukan"')[1]
               for a in by_reference)
