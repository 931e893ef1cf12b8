"""`pks serve`: a record edit re-renders the preview; an edit with errors keeps the last good site."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitebuild import AS_OF, copy_registry
from site_builder import build

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


def test_a_record_change_re_renders_the_preview(tmp_path):
    root = copy_registry(tmp_path / "registry")
    reports = []
    preview = build.preview(root, AS_OF, 90, reports.append, "127.0.0.1", 0)
    served = preview.builder.__self__  # build._Served: what each build did
    runner = threading.Thread(target=preview.run, daemon=True)
    runner.start()
    try:
        assert _wait(lambda: "Kerja sama layanan kesehatan bagi WBP" in _page(preview))
        assert _wait(preview.server.serve_thread.is_alive)  # started after the file watcher
        assert _wait(lambda: (Path(preview.site_dir) / "pagefind" / "pagefind-entry.json").is_file())
        time.sleep(1.5)  # a polling watcher's first snapshot, where file events do not work (it polls every 0.5 s)
        assert served.log == ["full"]

        record = root / RECORD
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: Kerja sama layanan kesehatan bagi WBP Rutan Barabai",
                                       "title: Layanan kesehatan yang diperbarui"), encoding="utf-8")
        assert _wait(lambda: "Layanan kesehatan yang diperbarui" in _page(preview))
        assert served.log[1].startswith("pages ")  # only the pages the edit touched were rendered again
        # the open-data files and the search index follow the page (a thread), and they come
        assert _wait(lambda: "exports" in served.log)
        assert set(served.log[2:]) <= {"unchanged", "exports"}  # a save can be seen as two events
        assert _wait(lambda: (Path(preview.site_dir) / "pagefind" / "pagefind-entry.json").is_file())
        exported = (Path(preview.site_dir) / "data" / "agreements.json").read_text(encoding="utf-8")
        assert "Layanan kesehatan yang diperbarui" in exported

        record.write_text(text.replace("kind: perjanjian-kerja-sama", "kind: kontrak"), encoding="utf-8")
        assert _wait(lambda: bool(reports))
        assert reports[0].errors
        assert "Layanan kesehatan yang diperbarui" in _page(preview)  # the last good site stays up
        assert "full" not in served.log[1:]
    finally:
        preview.stop()
        runner.join(10)
    assert not runner.is_alive()
    assert not Path(preview.site_dir).exists()
