"""The pieces of record pages printed in Python (filters.RecordHtml) print exactly what the Jinja they
replaced printed, hostile text included: the old macros and template parts are kept here
(macros_before.md.j2, plan_before.md.j2, PARTIES_BEFORE) and rendered beside the new pieces, for
records whose every text field holds every attack of test_hostile.HOSTILE, and for the fields left
out (None) one at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup
from sitebuild import AS_OF, REPO, copy_registry
from test_hostile import HOSTILE, HOSTILE_URLS

from site_builder import gitinfo, model
from site_builder.site import filters, render
from site_builder.validation import validate

HERE = Path(__file__).parent
LINKS = render.SiteLinks(repo_url="https://github.com/pks-registry/pks-registry", edit_uri="edit/main/docs/")
TEXT = "\n".join(HOSTILE).replace("{m}", "PENANDA") + "\r\n\u2028  ganda  spasi\t"
URL = HOSTILE_URLS[0].replace("{m}", "ALAMAT")

# The party rows as agreement.md.j2 printed them before they were RecordHtml.party.
PARTIES_BEFORE = """{% import "macros_before.md.j2" as m with context %}
{% for p in parties %}
{% set now = registry.agencies[p.agency_id].name %}
<li>{{ agency_name(p.agency_id, p.name_at_signing) }}{% if p.name_at_signing != now %} <span class="pks-note">({{ ui.field_name_now.format(name=now) }})</span>{% endif %}{% if p.role %}; {{ L.party_roles[p.role] }}{% endif %}{% if p.document_number is not none %}; {{ ui.field_document_number|lower }} {{ p.document_number }}{% endif %}{% if p.signatory is not none %}; {{ ui.field_signatory|lower }}: {{ m.person(p.signatory) }}{% endif %}</li>
{% endfor %}
{% for p in parties %}
{% set now = registry.agencies[p.agency_id].name %}
<tr><td>{{ agency_name(p.agency_id, p.name_at_signing) }}{% if p.name_at_signing != now %} <span class="pks-note">({{ ui.field_name_now.format(name=now) }})</span>{% endif %}</td><td>{% if p.role %}{{ L.party_roles[p.role] }}{% else %}<span class="pks-unknown">{{ ui.not_stated }}</span>{% endif %}</td><td>{{ m.or_unknown(p.document_number) }}</td><td>{{ m.person(p.signatory) }}</td></tr>
{% endfor %}
"""
PARTIES_NOW = """{% set h = pieces() %}
{% for p in parties %}
{{ h.party(p, compact=true) }}
{% endfor %}
{% for p in parties %}
{{ h.party(p) }}
{% endfor %}
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> model.Registry:
    report, shaped = validate.validate(copy_registry(tmp_path_factory.mktemp("pieces") / "registry"), AS_OF)
    assert not report.errors
    return model.build(shaped, AS_OF)


def _environment() -> jinja2.Environment:
    """render's environment, with the old macros and their agency_name beside the new pieces."""
    env = render.make_environment(render.INDONESIAN, LINKS)
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader(
                {
                    "macros_before.md.j2": (HERE / "macros_before.md.j2").read_text(encoding="utf-8"),
                    "plan_before.md.j2": (HERE / "plan_before.md.j2").read_text(encoding="utf-8"),
                    "parties_before": PARTIES_BEFORE,
                    "parties_now": PARTIES_NOW,
                }
            ),
            env.loader,
        ]
    )

    @jinja2.pass_context
    def agency_name(ctx, agency_id: str, name: str | None = None) -> Markup:  # render.py's before RecordHtml
        text = name if name else ctx["registry"].agencies[agency_id].name
        return Markup('<a href="{}">{}</a>').format(
            filters.finalize(env.globals["url"](ctx, render.agency_page(agency_id))), filters.finalize(text)
        )

    env.globals["agency_name"] = agency_name
    return env


def _hostile(registry: model.Registry) -> model.Registry:
    """registry with an agency and an agreement (with its action plan) whose every text is TEXT."""
    a = registry.agreements["rutan-barabai-dinkes-hst-2023"]
    person = model.Person(TEXT, TEXT, None)
    agency = dataclasses.replace(registry.agencies[a.parties[1].agency_id], name=TEXT, short_name=TEXT)
    source = model.Source(TEXT, TEXT, URL, dt.date(2024, 1, 11), TEXT, TEXT)
    parties = tuple(
        dataclasses.replace(p, document_number=TEXT, signatory=person, name_at_signing=TEXT, short_name_at_signing=TEXT)
        for p in a.parties
    )
    witnesses = (model.Attendee(TEXT, TEXT, agency.id, None), model.Attendee(None, None, None, TEXT))
    scope = tuple(dataclasses.replace(item, description=TEXT, original_wording=TEXT) for item in a.scope)
    agreement = dataclasses.replace(
        a,
        title=TEXT,
        kind_wording=TEXT,
        parties=parties,
        witnesses=witnesses,
        present=witnesses,
        scope=scope,
        basis=model.Basis(TEXT, person, TEXT),
        sources=(source, model.Source(TEXT, TEXT, None, None, TEXT, TEXT, TEXT)),
    )
    plans = dict(registry.plans)
    for plan_id in a.plan_ids:
        plan = plans[plan_id]
        activities = tuple(
            dataclasses.replace(
                act,
                title=TEXT,
                responsible_agency_id=agency.id,
                responsible_unit=TEXT,
                indicator=TEXT,
                target=model.Target(2.5, TEXT),
                note=TEXT,
                original_wording=TEXT,
                progress=(
                    model.ProgressReport(dt.date(2024, 6, 1), TEXT, 5, URL),
                    model.ProgressReport(dt.date(2024, 7, 1), TEXT, None, "javascript:alert(1)"),
                ),
            )
            for act in plan.activities
        )
        plans[plan_id] = dataclasses.replace(plan, title=TEXT, note=TEXT, activities=activities, sources=(source,))
    return dataclasses.replace(
        registry,
        agencies={**registry.agencies, agency.id: agency},
        agreements={**registry.agreements, a.id: agreement},
        plans=plans,
    )


def _without(value, names: tuple[str, ...]):
    """value with each of its fields `names` set to None in turn (value itself first)."""
    return [value] + [dataclasses.replace(value, **{name: None}) for name in names]


def _calls(registry: model.Registry) -> list[tuple[str, tuple, dict]]:
    """(macro, positional arguments, keyword arguments) of every moved macro, on hostile values."""
    a = registry.agreements["rutan-barabai-dinkes-hst-2023"]
    calls: list[tuple[str, tuple, dict]] = []
    for agreement in registry.agreements.values():  # every status, kind, date form, relation of the records
        for name in ("status_badge", "validity", "partners", "themes", "kind", "end_of"):
            calls.append((name, (agreement,), {}))
        calls.append(("status_block", (agreement,), {"search_meta": True}))
        for value in (agreement.signed, agreement.start, agreement.end, None):
            calls += [("bound", (value,), {}), ("bound", (value, False), {})]
    calls += [("kind", (dataclasses.replace(a, kind=None),), {})]
    calls += [("kind", (dataclasses.replace(a, kind_wording=None),), {})]
    for p in _without(model.Person(TEXT, TEXT, None), ("name", "position")) + [None]:
        calls.append(("person", (p,), {}))
    for b in _without(a.basis, ("by", "original_wording")):
        calls.append(("basis", (b,), {}))
    for x in list(a.witnesses) + _without(model.Attendee(TEXT, TEXT, a.parties[1].agency_id, None), ("name", "agency_id")):
        calls.append(("attendee", (x,), {}))
    for value in (TEXT, None, 7):
        calls.append(("or_unknown", (value,), {}))
    calls += [("day", (dt.date(2024, 2, 29),), {}), ("day", (None,), {}), ("quoted", (TEXT,), {})]
    for href in (URL, None, "javascript:alert(1)", "https://example.org/ spasi"):
        calls.append(("link_or_text", (href, TEXT), {}))
    rows = [
        (TEXT, Markup("<b>dipercaya</b>"), None),
        ("Kata", None, TEXT),
        ("Lain", None, "tidak diketahui"),
        ("Juga", None, "Tidak Diketahui"),
        ("Opsional", None, None),
        ("Angka", 3, None),
    ]
    calls.append(("facts", (rows,), {}))
    sources = a.sources
    sources += tuple(dataclasses.replace(sources[0], **{name: None}) for name in ("title", "url", "author", "note"))
    sources += (dataclasses.replace(sources[0], url=None, url_partial=TEXT), dataclasses.replace(sources[0], url="x"))
    calls += [("sources_list", (sources,), {}), ("sources_list", (sources,), {"numbered": True})]
    calls.append(("record_files", ([a.path, "agencies/tidak-ada.yaml", TEXT],), {}))
    everything = list(registry.agreements.values())
    calls += [("agreements_table", (everything,), {}), ("agreements_table", (everything, "id-x", True), {})]
    calls.append(("agreement_links", ([a.id, TEXT, *registry.agreements],), {}))
    activities = [(agreement, act) for agreement in everything for pid in agreement.plan_ids for act in registry.plans[pid].activities]
    calls.append(("activity_links", (activities,), {}))
    calls.append(("agreement_link", (a.id,), {}))
    return calls


@pytest.mark.parametrize("page_path", ["perjanjian/x.md", "instansi/y/perjanjian-2.md"])
def test_every_moved_macro_prints_what_it_printed(registry, page_path):
    hostile = _hostile(registry)
    env = _environment()
    context = {"page_path": page_path, "registry": hostile, "history": gitinfo.History(), "warn_days": hostile.warn_days}
    before = env.from_string('{% import "macros_before.md.j2" as m with context %}{{ m[name](*args, **kwargs) }}')
    now = env.from_string(
        "{% if name in ('day', 'agreements_table') %}{% import '_macros.md.j2' as m with context %}"
        "{{ m[name](*args, **kwargs) }}{% else %}{{ pieces()[name](*args, **kwargs) }}{% endif %}"
    )
    calls = _calls(hostile)
    assert {name for name, _, _ in calls} >= {"partners", "sources_list", "facts", "status_badge", "basis", "attendee"}
    shown = 0
    for name, args, kwargs in calls:
        try:
            old = before.render(context, name=name, args=args, kwargs=kwargs)
        except TypeError:  # None reached an output: the pieces refuse it too
            with pytest.raises(TypeError):
                now.render(context, name=name, args=args, kwargs=kwargs)
            continue
        assert now.render(context, name=name, args=args, kwargs=kwargs) == old, (name, args, kwargs)
        assert "<script>" not in old and 'href="javascript' not in old
        shown += "PENANDA" in old  # the hostile text is there, escaped
    assert shown >= 20


def test_action_plans_and_parties_print_what_the_templates_printed(registry):
    hostile = _hostile(registry)
    env = _environment()
    context = {"page_path": "perjanjian/x.md", "registry": hostile, "history": gitinfo.History(), "warn_days": 90}
    a = hostile.agreements["rutan-barabai-dinkes-hst-2023"]
    before = env.from_string('{% import "macros_before.md.j2" as m with context %}{% include "plan_before.md.j2" %}')
    now = env.from_string('{% set h = pieces() %}{% include "_plan.md.j2" %}')
    plans = [hostile.plans[pid] for pid in a.plan_ids]
    assert plans and all(plan.activities for plan in plans)
    for plan in plans:
        act = plan.activities[0]
        variants = _without(act, ("scope_item", "responsible_unit", "schedule", "indicator", "target", "budget_source",
                                  "status", "note", "original_wording"))
        variants += [dataclasses.replace(act, progress=()), dataclasses.replace(act, target=None)]
        variants += [dataclasses.replace(act, schedule=model.Schedule(None, dt.date(2025, 1, 1), None))]
        for variant in [plan, dataclasses.replace(plan, note=None, activities=tuple(variants)),
                        dataclasses.replace(plan, activities=(), sources=a.sources)]:
            old = before.render(context, a=a, plan=variant)
            assert now.render(context, a=a, plan=variant) == old
            assert "<script>" not in old
    parties = a.parties + tuple(
        dataclasses.replace(a.parties[1], **{name: None}) for name in ("role", "document_number", "signatory")
    )
    parties += (dataclasses.replace(a.parties[1], name_at_signing=registry.agencies[a.parties[1].agency_id].name),)
    old = env.get_template("parties_before").render(context, parties=parties)
    assert env.get_template("parties_now").render(context, parties=parties) == old
    assert "PENANDA" in old and "<script>" not in old


def test_out_prints_what_a_template_prints():
    env = render.make_environment(render.INDONESIAN, LINKS)
    template = env.from_string("{{ value }}")
    for value in (TEXT, Markup("<b>x</b>"), 3, 2.5, "a\u00a0b", "", "'\"&<>"):
        assert filters.out(value) == template.render(value=value)
        assert filters._s(value) == template.render(value=value)
    with pytest.raises(TypeError):
        filters.out(None)


def test_the_old_templates_kept_here_are_the_ones_replaced():
    """The copies are from main before the pieces moved (a guard against editing them by mistake)."""
    assert "macro status_badge(a)" in (HERE / "macros_before.md.j2").read_text(encoding="utf-8")
    assert "{% for act in plan.activities %}" in (HERE / "plan_before.md.j2").read_text(encoding="utf-8")
    assert REPO.is_dir()


def test_relative_paths_are_posixpaths():
    """filters.relative_path builds a path from its folder's: the same as posixpath.relpath, also where a
    name continues the base folder or a path is not plain."""
    folders = ["", ".", "..", "a", "a/b", "a/b/c", "b", "a/./b", "a//b", "/a", "a/..", "perjanjian", "instansi/x"]
    names = ["", ".", "..", "a", "b", "c", "x", "x.html", "index.html"]
    for folder in folders:
        for name in names:
            for target in (f"{folder}/{name}", name, f"{folder}/{name}/"):
                for base in folders:
                    if target and base and not target.startswith("/") and not base.startswith("/"):
                        assert filters.relative_path(target, base) == posixpath.relpath(target, base), (target, base)
