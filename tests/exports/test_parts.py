"""The open-data files in two parts (build.py writes one in a forked process) and written a record at a
time (exports.write_part): the same files, byte for byte, as exports.render_all, on hostile records."""

from __future__ import annotations

import dataclasses
import json

from site_builder import exports
from site_builder.exports import jsonfiles


def test_the_parts_and_the_catalogue_are_render_all(hostile_registry, hostile_root, tmp_path):
    whole = exports.render_all(hostile_registry, hostile_registry.as_of, hostile_root)
    sizes: dict[str, int] = {}
    for part in range(exports.PARTS):
        written = exports.write_part(hostile_registry, hostile_registry.as_of, hostile_root, None, part, tmp_path)
        assert not written.keys() & sizes.keys()  # each file in one part only
        sizes |= written
    catalogue = exports.catalogue(hostile_registry, hostile_registry.as_of, hostile_root, sizes)
    files = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert {**files, **catalogue} == whole
    assert sizes == {path: len(data) for path, data in files.items()}


def test_the_json_files_written_piece_by_piece_are_what_json_writes(hostile_registry, hostile_root):
    files = exports.render_part(hostile_registry, hostile_registry.as_of, hostile_root, None, 0)
    for path, data in files.items():
        assert data == jsonfiles.encode(json.loads(data)), path  # json.dumps of the whole, sorted, indented
    envelope = {"schema_version": "1", "as_of": "2026-01-01", "generated_at": "x", "metadata": {}}
    empty = jsonfiles.render(dataclasses.replace(hostile_registry, agreements={}, plans={}), envelope)
    assert json.loads(empty[jsonfiles.REGISTRY])["agreements"] == []
    assert all(data == jsonfiles.encode(json.loads(data)) for data in empty.values())


def test_render_all_stops_between_pieces_when_asked_and_is_the_same_when_not(hostile_registry, hostile_root):
    """pks serve renders the open data after an edit shows; an edit saved meanwhile stops it."""
    whole = exports.render_all(hostile_registry, hostile_registry.as_of, hostile_root)
    asked = []
    assert exports.render_all(hostile_registry, hostile_registry.as_of, hostile_root, None,
                              lambda: asked.append(1) is None and False) == whole
    pieces = len(asked)
    assert pieces > 2 * exports.PARTS  # asked piece by piece, not once a part
    for after in (0, pieces // 2, pieces - 1):
        count = []
        try:
            exports.render_all(hostile_registry, hostile_registry.as_of, hostile_root, None,
                               lambda: count.append(1) is None and len(count) > after)
        except exports.Stopped:
            assert len(count) == after + 1  # stopped at the first yes
        else:
            raise AssertionError(f"not stopped after {after} pieces")
