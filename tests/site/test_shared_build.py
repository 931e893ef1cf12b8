"""Two processes build one site (site/engine.py, build_shared): the same bytes as one process, each
record page from exactly one of them, and a failure in either stops the build with its message."""

from __future__ import annotations

import pytest

from sitebuild import AS_OF, build_into, copy_registry, site_files
from site_builder.site import engine, render

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
        if any(engine._second_share(path) for path in rendered.fragments):  # only the second process renders these
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
