"""`pks serve`: a record edit re-renders the preview; an edit with errors keeps the last good site."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitebuild import AS_OF, copy_registry
from site_builder import build
from site_builder.site import render

pytestmark = pytest.mark.slow

RECORD = "agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml"
PAGE = "perjanjian/rutan-barabai-dinkes-hst-2023.html"


def _wait(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _page(preview) -> str:
    page = Path(preview.site_dir) / PAGE
    return page.read_text(encoding="utf-8") if page.exists() else ""


def test_a_record_change_re_renders_the_preview(tmp_path, monkeypatch):
    root = copy_registry(tmp_path / "registry")
    renders = []
    real_render_site = render.render_site
    monkeypatch.setattr(render, "render_site", lambda *a, **k: renders.append(1) or real_render_site(*a, **k))
    reports = []
    preview = build.preview(root, AS_OF, 90, reports.append, "127.0.0.1", 0)
    runner = threading.Thread(target=preview.run, daemon=True)
    runner.start()
    try:
        assert _wait(lambda: "Kerja sama layanan kesehatan bagi WBP" in _page(preview))
        assert len(renders) == 1
        assert _wait(preview.server.serve_thread.is_alive)  # started after the file watcher
        time.sleep(1.5)  # the polling watcher's first snapshot (it polls every 0.5 s)

        record = root / RECORD
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: Kerja sama layanan kesehatan bagi WBP Rutan Barabai",
                                       "title: Layanan kesehatan yang diperbarui"), encoding="utf-8")
        assert _wait(lambda: "Layanan kesehatan yang diperbarui" in _page(preview))
        assert len(renders) == 2
        # the search index is made after the page shows (a thread), and it comes
        assert _wait(lambda: (Path(preview.site_dir) / "pagefind" / "pagefind-entry.json").is_file())

        record.write_text(text.replace("kind: perjanjian-kerja-sama", "kind: kontrak"), encoding="utf-8")
        assert _wait(lambda: bool(reports))
        assert reports[0].errors
        assert "Layanan kesehatan yang diperbarui" in _page(preview)  # the last good site stays up
        assert len(renders) == 2
    finally:
        preview.stop()
        runner.join(10)
    assert not runner.is_alive()
    assert not Path(preview.site_dir).exists()
