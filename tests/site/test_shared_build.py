"""Two processes build one site (site/engine.py, build_shared): the same bytes as one process, each
record page from exactly one of them, and a failure in either stops the build with its message."""

from __future__ import annotations

import os
import re
import signal

import pytest
from click.testing import CliRunner
from sitebuild import AS_OF, build_into, copy_registry, site_files

from site_builder import cli, exports, model
from site_builder.exports import icalendar, jsonfiles
from site_builder.site import downloads, engine, publish, render
from site_builder.validation import validate

pytestmark = pytest.mark.slow


def test_two_processes_build_the_same_site_as_one(tmp_path, monkeypatch):
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "1")
    one = build_into(root, tmp_path / "one")
    monkeypatch.setenv(engine.SHARE_ENV, "2")
    two = build_into(root, tmp_path / "two")
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")
    assert two.pages == one.pages
    # both processes had record pages to build (else this compares one process with itself)
    records = [p for p in site_files(tmp_path / "one") if p.endswith(".html") and render.record_page(p)]
    second = [p for p in records if engine._second_share(p.removesuffix(".html") + ".md")]
    assert 0 < len(second) < len(records)


def test_a_template_failure_in_the_second_process_fails_the_build(tmp_path, monkeypatch):
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "2")
    real = render.render_site

    def failing_in_second(*args, share=None, **kwargs):
        rendered = real(*args, share=share, **kwargs)
        if any(engine._second_share(path) for path in rendered.files):  # only the second process renders these
            raise render.RenderError("made to fail in the second process")
        return rendered

    monkeypatch.setattr(render, "render_site", failing_in_second)
    (tmp_path / "site").mkdir()
    with pytest.raises(render.RenderError, match="made to fail in the second process"):
        build_into(root, tmp_path / "site", AS_OF)
    assert site_files(tmp_path / "site") == {}  # nothing was swapped in
    assert [p.name for p in tmp_path.iterdir() if ".pks-new-" in p.name] == []  # the half-built site is gone


def test_no_second_process_while_other_threads_run(monkeypatch):
    """pks serve rebuilds while its server threads run: a fork then could copy a lock one of them holds
    into the child, so the build stays in one process whatever PKS_JOBS says."""
    import threading

    monkeypatch.setenv(engine.SHARE_ENV, "2")
    assert threading.active_count() == 1, f"a thread left running by an earlier test: {threading.enumerate()}"
    assert engine.second_process_wanted()
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert not engine.second_process_wanted()
    finally:
        stop.set()
        server.join()


@pytest.mark.parametrize("process", ["first", "second"])
def test_a_record_page_that_fails_when_it_is_read_fails_the_build(tmp_path, monkeypatch, process):
    """Record pages are rendered only as the engine reads each one (render_site's later): a template
    failing then, in either process, still stops the build with its message and swaps nothing in."""
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "2")
    real = render.split_page
    fails = engine._second_share if process == "second" else (lambda path: render.record_page(path) and engine._first_share(path))

    def failing(path, text):
        if fails(path):
            raise render.RenderError(f"made to fail in the {process} process")
        return real(path, text)

    monkeypatch.setattr(render, "split_page", failing)
    (tmp_path / "site").mkdir()
    with pytest.raises(render.RenderError, match=f"made to fail in the {process} process"):
        build_into(root, tmp_path / "site", AS_OF)
    assert site_files(tmp_path / "site") == {}
    assert [p.name for p in tmp_path.iterdir() if ".pks-new-" in p.name] == []


@pytest.mark.parametrize("failing", ["json", "calendar"])
def test_a_failed_export_in_either_process_fails_the_build(tmp_path, monkeypatch, failing):
    """The open-data files come in two parts, one written by a forked process (the calendars' part)
    while this one writes the other (JSON): either failing stops the build, nothing is swapped in."""
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "2")

    def broken(*args, **kwargs):
        raise ValueError(f"made to fail: {failing}")

    monkeypatch.setattr(*((jsonfiles, "pieces") if failing == "json" else (icalendar, "render")), broken)
    (tmp_path / "site").mkdir()
    with pytest.raises(ValueError, match=f"made to fail: {failing}"):
        build_into(root, tmp_path / "site", AS_OF)
    assert site_files(tmp_path / "site") == {}
    assert [p.name for p in tmp_path.iterdir() if ".pks-new-" in p.name] == []


def test_the_exports_of_two_processes_are_those_of_one_and_the_pages_show_their_sizes(tmp_path, monkeypatch):
    """Both parts of the open-data files land in the site (none left in a hidden folder), the same bytes
    as exports.render_all, and the pages that show their sizes show those of the files written."""
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "2")
    result = build_into(root, tmp_path / "site")
    built = site_files(tmp_path / "site")
    registry = _registry(root)
    expected = exports.render_all(registry, AS_OF, root)
    assert {path: built[path] for path in expected} == expected
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in result.exports) == sorted(expected)
    assert not [path for path in built if publish.EXPORTS_ASIDE in path]
    home = built["index.html"].decode("utf-8")
    for shown in downloads.listed({path: len(data) for path, data in expected.items()}):
        if shown.path in downloads.ON_HOME:
            assert shown.size in home, shown.path


def _registry(root):
    _, shaped = validate.validate(root, AS_OF)
    return model.build(shaped, AS_OF)


# --- the verdict of two processes is that of one -------------------------------------------------------


def _agreement_pages(root, tmp_path, monkeypatch):
    """An agreement page the first process builds and one the second builds, each with the id of its
    first section heading: from a real one-process build of the registry at root."""
    monkeypatch.setenv(engine.SHARE_ENV, "1")
    built = site_files(build_into(root, tmp_path / "plain").site_dir)
    chosen = {}
    for path, data in built.items():
        page = path.removesuffix(".html") + ".md"
        if path.startswith("perjanjian/") and path.endswith(".html"):
            share = "second" if engine._second_share(page) else "first"
            chosen.setdefault(share, (page, re.findall(r'<h2 id="([^"]+)"', data.decode("utf-8"))[0]))
    assert set(chosen) == {"first", "second"}, chosen
    return chosen


def _verdicts(root, tmp_path, monkeypatch, name):
    """(str of the SiteError, or None, and the built files) of a one-process and a two-process build."""
    verdicts = []
    for jobs in ("1", "2"):
        monkeypatch.setenv(engine.SHARE_ENV, jobs)
        site = tmp_path / f"{name}-{jobs}"
        try:
            build_into(root, site)
            verdicts.append((None, site_files(site)))
        except engine.SiteError as error:
            verdicts.append((str(error), {}))
    assert engine.second_process_wanted()  # the last one was built by two processes
    return verdicts


@pytest.mark.parametrize("anchors", ["valid", "broken"])
def test_links_from_a_hand_written_page_to_record_pages_get_one_verdict_from_one_and_two_processes(
    tmp_path, monkeypatch, anchors
):
    """A docs/ page (read by both processes) linking to headings of record pages that each process
    builds, and to a record page that does not exist: each broken link is reported once, the same
    message (file, link, anchor) whether one process builds the site or two; valid links pass both."""
    root = copy_registry(tmp_path / "registry")
    pages = _agreement_pages(root, tmp_path, monkeypatch)
    links = [f"[{share}]({page}#{anchor if anchors == 'valid' else 'tidak-ada-' + share})"
             for share, (page, anchor) in sorted(pages.items())]
    if anchors == "broken":
        links.append("[hilang](perjanjian/tidak-ada.md#ringkasan)")
    (root / "docs/catatan.md").write_text("# Catatan\n\n" + "\n\n".join(links) + "\n", encoding="utf-8")
    (one, one_site), (two, two_site) = _verdicts(root, tmp_path, monkeypatch, anchors)
    assert two == one
    if anchors == "valid":
        assert one is None and two_site == one_site
        assert two_site["catatan.html"].count(b'href="perjanjian/') == 2
        return
    assert "Aborted with 3 warnings" in one, one
    for share, (page, _) in pages.items():
        assert (f"Doc file 'catatan.md' contains a link '{page}#tidak-ada-{share}', but the doc '{page}' "
                f"does not contain an anchor '#tidak-ada-{share}'") in one
    assert "'perjanjian/tidak-ada.md' is not found among documentation files" in one


def test_links_to_anchors_inside_a_record_pages_html_blocks_are_valid_in_one_and_two_processes(tmp_path, monkeypatch):
    """An activity, a scope item or a source of a record page has its id inside an HTML block, which
    Markdown sees as a placeholder: a docs/ page linking to one still passes strict mode (the built page
    has that id), in one process and in two, with the same site; a missing one still fails."""
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "1")
    built = site_files(build_into(root, tmp_path / "plain").site_dir)
    targets = {}  # share -> (page, an id the page holds only inside an HTML block)
    for path, data in sorted(built.items()):
        if path.startswith("perjanjian/") and path.endswith(".html"):
            page = path.removesuffix(".html") + ".md"
            ids = re.findall(r'<(?!h[1-6])[a-z]+\b[^>]*\sid="((?:sumber|kegiatan|butir)-[^"]+)"', data.decode("utf-8"))
            if ids:
                targets.setdefault("second" if engine._second_share(page) else "first", (page, ids[-1]))
    assert set(targets) == {"first", "second"}, targets
    links = [f"[{share}]({page}#{anchor})" for share, (page, anchor) in sorted(targets.items())]
    (root / "docs/catatan.md").write_text("# Catatan\n\n" + "\n\n".join(links) + "\n", encoding="utf-8")
    (one, one_site), (two, two_site) = _verdicts(root, tmp_path, monkeypatch, "blocks")
    assert one is None and two is None, one or two
    assert two_site == one_site
    (root / "docs/catatan.md").write_text(f"# Catatan\n\n[x]({targets['first'][0]}#sumber-999)\n", encoding="utf-8")
    (one, _), (two, _) = _verdicts(root, tmp_path, monkeypatch, "missing")
    assert one == two and "does not contain an anchor '#sumber-999'" in one


@pytest.mark.parametrize("anchors", ["valid", "broken"])
def test_links_from_a_page_of_the_second_process_to_one_of_the_first_get_one_verdict(tmp_path, monkeypatch, anchors):
    """The other way: a record page the second process builds links to a heading of one the first builds
    (a template writing a link into a heading). The second process tells the first its links and the
    warnings of its pages, so that the strict verdict and its message are those of one process."""
    root = copy_registry(tmp_path / "registry")
    pages = _agreement_pages(root, tmp_path, monkeypatch)
    source, _ = pages["second"]
    target, anchor = pages["first"]
    heading = f"## [lihat](../{target}#{anchor if anchors == 'valid' else 'tidak-ada'})"
    if anchors == "broken":
        heading += " [hilang](tidak-ada.md)"
        # and a warning of the first process's own (both processes read docs/): all three in one message
        (root / "docs/catatan.md").write_text(f"# Catatan\n\n[x]({source}#tidak-ada-juga)\n", encoding="utf-8")
    real = render.split_page

    def with_a_link(path, text):
        markdown, blocks = real(path, text)
        return (markdown + "\n" + heading + "\n" if path == source else markdown), blocks

    monkeypatch.setattr(render, "split_page", with_a_link)
    (one, one_site), (two, two_site) = _verdicts(root, tmp_path, monkeypatch, anchors)
    assert two == one
    if anchors == "valid":
        assert one is None and two_site == one_site
        linked = f'href="{target.removeprefix("perjanjian/").removesuffix(".md")}.html#{anchor}"'
        assert linked.encode() in two_site[source.replace(".md", ".html")]
        return
    assert "Aborted with 3 warnings" in one, one
    assert f"Doc file 'catatan.md' contains a link '{source}#tidak-ada-juga'" in one
    assert (f"Doc file '{source}' contains a link '../{target}#tidak-ada', but the doc '{target}' "
            "does not contain an anchor '#tidak-ada'") in one
    assert f"Doc file '{source}' contains a link 'tidak-ada.md', but the target 'perjanjian/tidak-ada.md'" in one


@pytest.mark.parametrize("end", ["killed", "exited"])
def test_a_second_process_that_dies_is_reported_in_both_languages(tmp_path, monkeypatch, end):
    """The second process killed (the kernel's out-of-memory killer sends SIGKILL) or gone without an
    answer: the build fails saying what happened and what to do, in the chosen language, and nothing
    is swapped in."""
    root = copy_registry(tmp_path / "registry")
    monkeypatch.setenv(engine.SHARE_ENV, "2")
    real = render.split_page

    def dying(path, text):
        if engine._second_share(path):  # in the second process only
            if end == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(3)
        return real(path, text)

    monkeypatch.setattr(render, "split_page", dying)
    (tmp_path / "site").mkdir()
    with pytest.raises(engine.SiteError) as failed:
        build_into(root, tmp_path / "site")
    key = f"second-process-{end}"
    assert failed.value.key == key
    assert failed.value.params == ({"signal": "9 (SIGKILL)"} if end == "killed" else {"code": 3})
    assert site_files(tmp_path / "site") == {}
    assert [p.name for p in tmp_path.iterdir() if ".pks-new-" in p.name] == []
    words = {
        "en": ("signal 9 (SIGKILL)" if end == "killed" else "exit code 3", "The site was not replaced",
               "PKS_JOBS=1 pks build"),
        "id": ("sinyal 9 (SIGKILL)" if end == "killed" else "kode keluar 3", "Situs tidak diganti",
               "PKS_JOBS=1 pks build"),
    }
    if end == "killed":
        words["en"] += ("ran out of memory",)
        words["id"] += ("memori mesin habis",)
    for lang, expected in words.items():
        result = CliRunner().invoke(cli.main, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                                               "--as-of", AS_OF.isoformat(), "--lang", lang])
        assert result.exit_code == 1, result.output
        for said in expected:
            assert said in result.output, (lang, result.output)
    assert site_files(tmp_path / "site") == {}


def test_the_anchors_of_html_blocks_are_their_id_attributes_only():
    blocks = ['<li id="sumber-1">x</li><div data-id="bukan" grid="x"><a\nid="a&amp;b">', 'id="awal"', "<p>id=&#34;x&#34;</p>"]
    assert engine._block_anchor_ids(blocks) == {"sumber-1", "a&b"}
