"""Two processes build one site (site/engine.py, build_shared): the same bytes as one process, each
record page from exactly one of them, and a failure in either stops the build with its message."""

from __future__ import annotations

import pytest
from sitebuild import AS_OF, build_into, copy_registry, site_files

from site_builder import exports, model
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
    assert engine._shares_wanted()
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert not engine._shares_wanted()
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
