"""What sources say (issue 9) in the exports, on the hostile registry's lapas-uji-badan-uji-2024 (a
signing date bounded from above, a five-year term and no written end) and lapas-uji-dinas-uji-2023
(an exact end inside the range of terms it also gives)."""

from __future__ import annotations

from export_readers import ics_events, read_csv, read_json, render


def test_json_keeps_the_written_end_apart_from_the_end_computed_from_the_term(hostile_registry, hostile_root):
    out = render(hostile_registry, hostile_root)
    agreements = {a["id"]: a for a in read_json(out["data/agreements.json"])["agreements"]}
    derived, written = agreements["lapas-uji-badan-uji-2024"], agreements["lapas-uji-dinas-uji-2023"]
    assert derived["validity"]["end"] is None  # the record writes no end, and the export does not invent one
    assert derived["validity"]["end_from_duration"] == {"earliest": "2029-01-31", "latest": "2029-02-01"}
    assert derived["validity"]["duration"] == {"years": 5, "months": 0, "days": 0}
    assert derived["status"]["date"] == "2029-01-31" and derived["status"]["date_latest"] == "2029-02-01"
    assert written["validity"]["end"] == "2025-12-31" and written["validity"]["end_from_duration"] is None
    assert written["validity"]["duration"] == {"shortest": {"years": 1, "months": 6, "days": 0},
                                               "longest": {"years": 3, "months": 0, "days": 1}}
    # open on one side: both keys, the unknown one null
    assert derived["signed"]["date"] == {"earliest": None, "latest": "2024-01-14"}
    assert [w["group"] for w in derived["witnesses"]][1] and derived["present"][1]["name"] is None
    assert [v["source"] for v in derived["conflicts"][0]["values"]] == [1, 2]
    assert derived["sources"][1]["url"] is None and derived["sources"][1]["url_partial"].endswith("...")
    flags = {a["id"]: a["known_only_by_reference"] for a in agreements.values()}
    # lapas-uji-dinas-uji-lama is renewed, but its signing date is known as a range: not by reference only
    assert not any(flags.values())


def test_csv_marks_a_derived_end_and_gives_the_terms_in_iso_8601(hostile_registry, hostile_root):
    rows = {r["id"]: r for r in read_csv(render(hostile_registry, hostile_root)["data/agreements.csv"])[1]}
    derived, written = rows["lapas-uji-badan-uji-2024"], rows["lapas-uji-dinas-uji-2023"]
    assert (derived["end_earliest"], derived["end_latest"], derived["end_known"], derived["end_derived"]) == \
        ("2029-01-31", "2029-02-01", "rentang", "ya")
    assert (derived["duration_shortest"], derived["duration_longest"]) == ("P5Y", "P5Y")
    assert (derived["signed_earliest"], derived["signed_latest"], derived["signed_known"]) == ("", "2024-01-14", "rentang")
    assert (written["end_known"], written["end_derived"], written["duration_shortest"], written["duration_longest"]) == \
        ("pasti", "tidak", "P1Y6M", "P3Y1D")
    assert {r["known_only_by_reference"] for r in rows.values()} == {"tidak"}


def test_the_calendar_says_a_derived_end_is_computed(hostile_registry, hostile_root):
    events = {e["DTSTART"][0]: e for e in ics_events(render(hostile_registry, hostile_root)["data/ends.ics"])}
    description = "".join(events["20290201"]["DESCRIPTION"]).replace("\\,", ",")
    assert "Dihitung dari masa berlaku 5 tahun, bukan tanggal dari sumber." in description
