"""The published records read alike by the native YAML reader (native/pks_yamlc.c) and yamlread's
Python node reader, with and without positions: every one of them is clean YAML, so the native
reader reads each (none is handed to the event reader). In CI a missing native reader fails."""

from __future__ import annotations

from pathlib import Path

from native_support import assert_native_reads_as_python

REPO = Path(__file__).resolve().parents[2]


def test_every_published_record_reads_alike():
    paths = sorted((REPO / "agencies").rglob("*.yaml")) + sorted((REPO / "agreements").rglob("*.yaml"))
    assert paths
    for path in paths:
        assert assert_native_reads_as_python(path.read_text(encoding="utf-8")), path.name
