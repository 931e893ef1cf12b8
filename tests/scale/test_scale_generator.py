"""The synthetic registry generator: realistic, deterministic, valid, and buildable."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from scale_support import REPO, SMALL
from site_builder.validation import sources, validate, yamlread

import generate  # noqa: E402  (benchmarks/, put on the path by scale_support)
import yaml_writer  # noqa: E402

AS_OF = dt.date(2026, 1, 15)


def records(root: Path) -> dict[str, dict]:
    return {doc.path: doc.data for doc in validate.load_documents(root)}


def test_generated_registry_validates_without_a_single_problem(generated):
    report, shaped = validate.validate(generated, AS_OF, use_cache=False)
    assert report.problems == []
    counts = report.files_checked
    assert counts["agreement"] == counts["action-plan"] == SMALL
    assert SMALL // 5 <= counts["agency"] <= SMALL // 5 + 2  # small sizes need a few more to have every kind
    assert len(shaped) == sum(report.files_checked.values())


def test_generated_registry_has_every_feature(generated):
    data = records(generated)
    agreements = [d for path, d in data.items() if sources.kind_of(path) == "agreement"]
    plans = [d for path, d in data.items() if sources.kind_of(path) == "action-plan"]
    agencies = [d for path, d in data.items() if sources.kind_of(path) == "agency"]
    relations = Counter(name for a in agreements for name in a.get("relations", {}))
    assert relations["renews"] and relations["amends"] and relations["umbrella"]
    kinds = Counter(a["kind"] for a in agreements)
    assert kinds["nota-kesepahaman"] and kinds["adendum"] and kinds["perjanjian-kerja-sama"]
    assert any("termination" in a for a in agreements)
    ends = [a["validity"]["end"] for a in agreements]
    assert any(isinstance(e, dict) for e in ends) and None in ends and any(isinstance(e, str) for e in ends)
    assert any(a["signed"]["date"] is None for a in agreements)
    reports = [p["date"] for plan in plans for activity in plan["activities"] for p in activity.get("progress", [])]
    assert reports and max(reports) <= generate.CUTOFF.isoformat()
    institutions = {a["id"] for a in agencies if a["kind"] == "upt-pemasyarakatan"}
    folders = {p.name for p in (generated / "agreements").iterdir()}
    assert folders == institutions and len(institutions) >= 3
    provinces = {a["region"].split(".")[0] for a in agencies if a["region"]}
    assert len(provinces) >= 3 and provinces <= {code for code, _, _ in generate.names.PROVINCES}
    assert all(s["publisher"].startswith("Data sintetis") for d in data.values() for s in d["sources"][:1])


def test_same_arguments_give_the_same_bytes(generated, tmp_path):
    again = tmp_path / "again"
    generate.generate(SMALL, again, seed=7)
    files = sorted(p.relative_to(generated) for p in generated.rglob("*") if p.is_file() and ".pks-cache" not in p.parts)
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((generated / f).read_bytes() == (again / f).read_bytes() for f in files)
    other = tmp_path / "other"
    generate.generate(SMALL, other, seed=8)
    assert records(other) != records(generated)


def test_sizes_scale_with_the_request(tmp_path):
    summary = generate.generate(500, tmp_path / "r500", seed=1)
    assert summary["agreements"] == summary["action_plans"] == 500
    assert 100 <= summary["agencies"] <= 102
    assert json.loads((tmp_path / "r500" / generate.STAMP).read_text(encoding="utf-8")) == summary
    assert 1500 < summary["bytes"] / 1100 < 4000  # bytes per record, like hand-written ones


def test_written_yaml_reads_back_as_the_data_it_was_made_from(generated):
    for file in sorted((generated / "agreements").rglob("*.yaml"))[:60]:
        data = yamlread.parse(file.read_text(encoding="utf-8")).data
        assert yamlread.parse(yaml_writer.document(data)).data == data


@pytest.mark.parametrize("value", ["2023-03-13", "63.07", "no", "Yes", "10:30", "a: b", "#x", "- x", "x #y", "  x", "null",
                                   "", "'q'", '"q"', "é", "a\nb", "1e3", "0x1F", "[x]", "{x}", "*x", "&x", "!x", "%x", "@x", "`x"])
def test_writer_quotes_whatever_yaml_would_misread(value):
    parsed = yamlread.parse(yaml_writer.document({"v": value}))
    assert parsed.ok and parsed.problems == [] and parsed.data == {"v": value}


def test_command_line_writes_a_registry(tmp_path):
    out = tmp_path / "cli"
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--agreements", "25", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "25 agreements" in result.stderr
    assert (out / "schema" / "agreement.schema.json").is_file() and (out / "mkdocs.yml").is_file()


@pytest.mark.slow
def test_generated_registry_builds(generated, tmp_path):
    site_dir = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(generated), "--site-dir", str(site_dir),
                             "--as-of", AS_OF.isoformat()], capture_output=True, text=True, timeout=600,
                            env={"PATH": "/usr/bin:/bin", "PKS_CACHE": "0", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    agreements = list((generated / "agreements").glob("*/*.yaml"))
    assert len(list((site_dir / "perjanjian").glob("*.html"))) == len(agreements)
