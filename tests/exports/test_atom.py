"""Atom (RFC 4287): parses as XML, hostile text stays text, stable ids, valid without history."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from export_records import HOSTILE, HOSTILE_SUBJECT, RECORDS, build, git, write_registry
from export_readers import render
from site_builder import gitinfo

NS = {"a": "http://www.w3.org/2005/Atom"}


def feed_of(registry, root) -> ET.Element:
    return ET.fromstring(render(registry, root)["data/changes.atom"])


def assert_valid_feed(feed: ET.Element) -> None:
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert feed.find(required, NS) is not None and feed.find(required, NS).text, required
    assert feed.find("a:link[@rel='self']", NS).get("href").endswith("/data/changes.atom")
    for entry in feed.findall("a:entry", NS):
        for required in ("a:id", "a:title", "a:updated", "a:content"):
            assert entry.find(required, NS) is not None, required
        assert entry.find("a:id", NS).text.startswith("urn:uuid:")


def test_hostile_commit_and_record_text_stay_text(hostile_registry, hostile_root):
    feed = feed_of(hostile_registry, hostile_root)
    assert_valid_feed(feed)
    [entry] = feed.findall("a:entry", NS)
    # Worded from the records, not from the commit message (written for maintainers).
    title = entry.find("a:title", NS).text
    assert title.startswith(f"{len(RECORDS)} rekaman diperbarui: ") and title.endswith(f" dan {len(RECORDS) - 2} lainnya")
    assert HOSTILE_SUBJECT not in title
    assert entry.find("a:updated", NS).text == "2024-02-03T04:05:06+08:00"
    content = entry.find("a:content", NS).text
    assert content.count("\n") + 1 == len(RECORDS)  # one line per record file of the commit
    assert "</title></content><script>alert('x')</script>" in content
    assert not feed.findall(".//script")


def test_entry_ids_are_stable_and_unique(hostile_registry, hostile_root):
    first = [e.find("a:id", NS).text for e in feed_of(hostile_registry, hostile_root).findall("a:entry", NS)]
    second = [e.find("a:id", NS).text for e in feed_of(hostile_registry, hostile_root).findall("a:entry", NS)]
    assert first == second and len(set(first)) == len(first) == 1


def test_entry_titles_are_worded_from_the_records_not_the_commit_subject(tmp_path, hostile_root, hostile_registry):
    root = tmp_path / "repo"
    shutil.copytree(hostile_root, root)
    (root / "agencies" / "dinas-uji.yaml").write_text(
        (root / "agencies" / "dinas-uji.yaml").read_text(encoding="utf-8") + "maintainers: [humas-uji]\n",
        encoding="utf-8")
    git(root, "commit", "-q", "-am", "ubah\x07 \x1b[31minstansi")
    feed = feed_of(build(root), root)
    titles = [e.find("a:title", NS).text for e in feed.findall("a:entry", NS)]
    assert titles[0].startswith("Instansi diubah: ") and len(titles) == 2
    assert not [t for t in titles if "[31m" in t or "\x1b" in t]  # the commit subject is not shown
    assert "instansi dinas-uji diubah" in feed.find("a:entry/a:content", NS).text


def test_deleted_records_are_reported_by_file_name():
    output = ("\x01" + "a" * 40 + "\0" + "2024-01-01T00:00:00+08:00\0" + "1704038400\0hapus\0\nD\0agreements/x/lama-sekali.yaml\0"
              "M\0agreements/README.md\0\x01" + "b" * 40 + "\0" + "2023-01-01T00:00:00+08:00\0" + "1672502400\0hanya readme\0"
              "\nM\0agreements/README.md\0")
    commits = gitinfo.parse(output).record_commits(10)
    assert [c.subject for c in commits] == ["hapus"]  # a commit without record files is no record change
    assert [(c.status, c.path, c.kind) for c in commits[0].changes] == [("D", "agreements/x/lama-sekali.yaml", "agreement")]


@pytest.mark.parametrize("history", ["no repository", "no commit yet"])
def test_no_history_gives_a_valid_empty_feed(tmp_path, history):
    root = tmp_path / "registry"
    root.mkdir()
    write_registry(root, RECORDS)
    if history == "no commit yet":
        git(root, "init", "-q")
    registry = build(root)
    feed = feed_of(registry, root)
    assert_valid_feed(feed)
    assert feed.findall("a:entry", NS) == []
    assert feed.find("a:updated", NS).text == "2025-06-01T00:00:00+08:00"


def test_hostile_strings_cover_xml_metacharacters():
    # Guard the fixture itself: without these the escaping tests above would be weaker than they read.
    assert any("<" in s and "&" in s for s in HOSTILE) and any("]]>" in s for s in HOSTILE)
