"""jsonschema-rs only vouches for valid records; the verdict and every located message stay jsonschema's.

Each test reads real files through sources.read and compares Schemas.check (fast engine first)
with Schemas.explain (jsonschema alone), problem by problem, parameters and pointers included.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry_fixture import TEST_REGISTRY
from scale_support import REPO
from site_builder.validation import schemas, sources
from site_builder.validation.sources import SourceDocument

import yaml_writer  # noqa: E402  (benchmarks/, put on the path by scale_support)

FOLDER = {"agency": "agencies", "agreement": "agreements/lembaga-uji", "action-plan": "agreements/lembaga-uji/rencana-aksi"}


def full(problems) -> list[tuple]:
    return [(p, p.params, p.pointer) for p in problems]


def read_as(root: Path, kind: str, name: str, text: str) -> SourceDocument:
    file = root / FOLDER[kind] / f"{name}.yaml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8", newline="")
    return sources.read(root, file)


def assert_same_verdict(checker: schemas.Schemas, doc: SourceDocument) -> None:
    reference = checker.explain(doc)
    assert full(checker.check(doc)) == full(reference)
    if checker.vouched_valid(doc):
        assert reference == [], "jsonschema-rs vouched for a record jsonschema rejects"


def judge(checker: schemas.Schemas, root: Path, kind: str, data: dict) -> None:
    """The same verdict for data written to a file and read back, and for data given directly."""
    doc = read_as(root, kind, data["id"], yaml_writer.document(data))
    if doc.parsed and doc.kind:  # raw line separators and controls stop a file before the schema stage
        assert_same_verdict(checker, doc)
    assert_same_verdict(checker, SourceDocument(doc.path, kind, data=data, parsed=True))


@pytest.fixture(scope="module")
def checker() -> schemas.Schemas:
    found = schemas.load(REPO / "schema")
    assert found.fast, "the fast engine is off: a schema pattern is not in schemas.AUDITED_PATTERNS"
    return found


def test_every_schema_pattern_is_audited():
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "schema").glob("*.json"))]
    patterns = set().union(*(schemas._keywords(d, "pattern") for d in documents))
    assert patterns <= schemas.AUDITED_PATTERNS, "audit the new pattern for Python/Rust regex differences, then list it"


def test_an_unaudited_pattern_turns_the_fast_engine_off(tmp_path):
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    defs = tmp_path / "schema" / "defs.schema.json"
    defs.write_text(defs.read_text(encoding="utf-8").replace('"pattern": "\\\\S"', '"pattern": "\\\\w"'), encoding="utf-8")
    assert schemas.load(tmp_path / "schema").fast == {}


def test_valid_corpus_is_vouched_for(checker, generated):
    docs = [sources.read(generated, f) for f in sources.discover(generated)]
    docs += [sources.read(TEST_REGISTRY, f) for f in sources.discover(TEST_REGISTRY)]
    assert len(docs) > 150
    for doc in docs:
        assert checker.vouched_valid(doc), doc.path
        assert checker.explain(doc) == []


def _case_kind(data: object) -> str | None:
    if isinstance(data, dict):
        return "action-plan" if "activities" in data else "agreement" if "parties" in data else "agency"
    return None


def test_case_corpus_has_the_same_verdicts(checker, tmp_path):
    """Every valid and invalid case of the validator's corpus (tests/cases), judged both ways."""
    compared = 0
    for case in sorted((REPO / "tests" / "cases").rglob("*.yaml")):
        text = case.read_bytes().decode("utf-8", "replace")
        probe = read_as(tmp_path / "probe", "agency", "x", text)
        kind = _case_kind(probe.data)
        if not probe.parsed or kind is None:
            continue
        doc = read_as(tmp_path / f"case{compared}", kind, case.stem, text)
        if doc.parsed and doc.kind:
            assert_same_verdict(checker, doc)
            compared += 1
    assert compared >= 30


def _agreement(generated: Path) -> dict:
    first = sorted((generated / "agreements").glob("*/*.yaml"))[0]
    return sources.read(generated, first).data


def _plan(generated: Path) -> dict:
    for file in sorted((generated / "agreements").glob("*/rencana-aksi/*.yaml")):
        data = sources.read(generated, file).data
        if any("progress" in a for a in data["activities"]):
            return data
    raise AssertionError("the generator wrote no progress report")


DATES = ["2023-03-13", "2024-02-29", "2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-1-01", "20230313",
         "2023-03-13T00:00", " 2023-03-13", "2023-03-13\n", "２０２３-03-13", "2023\u201003-13", "0000-01-01", "9999-12-31"]
URLS = ["https://contoh.invalid/a", "http://x", "javascript:alert(1)", "https://x y", "https://x\n", "https://x\n\n",
        "https://\u00a0x", "https://x\u2028y", "https://x\x1cy", "https://x\ufeff", "HTTPS://x", "ftp://x", "https://",
        "https:///x", "https://?x", "https://ä.invalid/ü", "https://x\u3000", "https://x\u0085y", "https://x\ty"]
TEXTS = ["", " ", "\n", "\u00a0", "\x1c", "\x1f\x1e", "\u0085", "\ufeff", "\u3000", "\u2028", "\u200b", "a", "🙂", "\t",
         "a" * 4001, "x\n", "\x00"]
IDS = ["dinkes-hst", "Dinkes", "dinkes-hst\n", "a", "x" * 81, "dinkes_hst", "dinkes--hst", "-a", "٣٣"]


@pytest.mark.parametrize("value", DATES)
def test_dates_same_verdict(checker, generated, tmp_path, value):
    data = _agreement(generated)
    data["signed"]["date"] = value
    data["validity"]["start"] = {"earliest": value, "latest": "2030-01-01"}
    judge(checker, tmp_path, "agreement", data)


@pytest.mark.parametrize("value", URLS)
def test_urls_same_verdict(checker, generated, tmp_path, value):
    data = _plan(generated)
    data["sources"][0]["url"] = value
    activity = next(a for a in data["activities"] if "progress" in a)
    activity["progress"][0]["evidence"] = value
    judge(checker, tmp_path, "action-plan", data)


@pytest.mark.parametrize("value", TEXTS)
def test_texts_same_verdict(checker, generated, tmp_path, value):
    data = _agreement(generated)
    data["title"] = value
    data["scope"][0]["description"] = value
    judge(checker, tmp_path, "agreement", data)


@pytest.mark.parametrize("value", IDS)
def test_ids_same_verdict(checker, generated, tmp_path, value):
    data = _agreement(generated)
    data["parties"][1]["agency"] = value
    data["relations"] = {"renews": value}
    judge(checker, tmp_path, "agreement", data)


@pytest.mark.parametrize("value", [None, True, 1, 1.5, -1, 10**30, [], {}, ["a"], {"a": 1}, "63.07", "63.7"])
def test_wrong_types_same_verdict(checker, generated, tmp_path, value):
    data = _plan(generated)
    data["activities"][0]["target"] = {"value": value, "unit": value}
    data["activities"][0]["schedule"] = value
    data["note"] = value
    judge(checker, tmp_path, "action-plan", data)


def test_escapes_in_the_text_reach_values_and_are_judged_by_jsonschema(checker, generated, tmp_path):
    """A YAML escape puts a file-separator character into a value without it appearing in the text."""
    data = _agreement(generated)
    data["title"] = "Judul"
    text = yaml_writer.document(data).replace("title: Judul", 'title: "\\x1c"')
    doc = read_as(tmp_path, "agreement", data["id"], text)
    assert doc.data["title"] == "\x1c"
    assert not checker.vouched_valid(doc)
    assert [p.code for p in checker.check(doc)] == ["schema-pattern"]


def test_documents_built_without_text_have_their_values_searched(checker, generated):
    data = _agreement(generated)
    data["title"] = "\x1c"
    doc = SourceDocument("agreements/lembaga-uji/x.yaml", "agreement", data=data, parsed=True)
    assert not checker.vouched_valid(doc)
    assert [p.code for p in checker.check(doc)] == [p.code for p in checker.explain(doc)] == ["schema-pattern"]


ODD_CHARACTERS = st.sampled_from(list("aZ09 -./:?#$\n\t\\\"'é🙂") + ["\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\ufeff",
                                                                   "\u200b", "\x7f", "\x00", "٣"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(ODD_CHARACTERS, max_size=12), field=st.sampled_from(["title", "id-ref", "url", "date", "region"]))
def test_random_strings_same_verdict(checker, generated, tmp_path, value, field):
    if field == "region":
        data = sources.read(generated, sorted((generated / "agencies").glob("*.yaml"))[0]).data
        data["region"] = value
        data["website"] = value
        kind = "agency"
    else:
        data = _agreement(generated)
        kind = "agreement"
        if field == "title":
            data["title"] = value
        elif field == "id-ref":
            data["parties"][0]["agency"] = value
        elif field == "url":
            data["documents"] = [{"title": "x", "url": value}]
        else:
            data["validity"]["end"] = value
    judge(checker, tmp_path, kind, data)


DATE_LIKE = st.from_regex(r"\A[0-9０-９٠-٩]{1,5}[-/.]?[0-9]{1,3}[-/]?[0-9]{1,3}\s?\Z") | st.text(max_size=12) | st.integers()


def _decided_alike(value: object) -> bool:
    """Whether jsonschema-rs's own "date" check (which the fast engine uses, schemas.NATIVE_FORMATS)
    decides value as jsonschema does; where it does not, the value carries the mark whose records the
    fast engine never vouches for (tests/validator/test_schema_native_date.py checks more)."""
    import jsonschema
    import jsonschema_rs

    native = jsonschema_rs.validator_for({"$schema": schemas.DIALECT, "format": "date"}, validate_formats=True)
    same = native.is_valid(value) == jsonschema.FormatChecker(formats=["date"]).conforms(value, "date")
    return same or (isinstance(value, str) and schemas.NATIVE_FORMATS["date"] in value)


@given(DATE_LIKE)
@settings(max_examples=400, deadline=None)
def test_the_fast_engines_date_check_is_jsonschemas(value):
    """The fast engine checks "date" with jsonschema-rs's own check (so valid registries never import
    jsonschema): the two must agree on every value it vouches for, or it would vouch wrongly."""
    assert set(schemas.NATIVE_FORMATS) == set(schemas.CHECKED_FORMATS)
    assert _decided_alike(value)


@pytest.mark.parametrize("value", ["2024-02-29", "2023-02-29", "2023-13-01", "2023-1-01", "2023-01-01\n", "２０２３-01-01", "0000-01-01", None, 5])
def test_the_fast_engines_date_check_on_edges(value):
    assert _decided_alike(value)


def test_a_schema_the_fast_engine_refuses_is_checked_by_jsonschema_when_loaded(tmp_path):
    import jsonschema

    shutil.copytree(REPO / "schema", tmp_path / "schema")
    agency = tmp_path / "schema" / "agency.schema.json"
    contents = json.loads(agency.read_text(encoding="utf-8"))
    contents["type"] = 5  # no JSON Schema type
    agency.write_text(json.dumps(contents), encoding="utf-8")
    with pytest.raises(jsonschema.exceptions.SchemaError):
        schemas.load(tmp_path / "schema")


def test_a_schema_of_another_draft_is_checked_by_jsonschema_when_loaded(tmp_path):
    """The fast engine's meta check reads each file's own "$schema": a draft-07 file with a keyword
    2020-12 forbids would pass it, and then fail only on the day a record needs jsonschema."""
    import jsonschema

    shutil.copytree(REPO / "schema", tmp_path / "schema")
    agency = tmp_path / "schema" / "agency.schema.json"
    contents = json.loads(agency.read_text(encoding="utf-8"))
    contents["$schema"] = "http://json-schema.org/draft-07/schema#"
    contents["properties"]["sources"]["items"] = [{}]  # draft-07 tuple form; no schema in 2020-12
    agency.write_text(json.dumps(contents), encoding="utf-8")
    with pytest.raises(jsonschema.exceptions.SchemaError):
        schemas.load(tmp_path / "schema")


def test_valid_records_are_judged_without_jsonschema(tmp_path):
    """jsonschema is imported (0.1 s, with its schema checks) only when a record needs it."""
    import subprocess
    import sys

    shutil.copytree(TEST_REGISTRY, tmp_path / "reg")
    shutil.copytree(REPO / "schema", tmp_path / "reg" / "schema")
    program = (
        "import sys, datetime\nfrom pathlib import Path\nfrom site_builder.validation import validate\n"
        "report, _ = validate.validate(Path(sys.argv[1]), datetime.date(2025, 7, 1), jobs=1, use_cache=False)\n"
        "print(report.errors, 'jsonschema' in sys.modules)\n"
    )
    ran = subprocess.run([sys.executable, "-c", program, str(tmp_path / "reg")], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["0", "False"]
    record = next((tmp_path / "reg" / "agencies").glob("*.yaml"))
    record.write_text(record.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    ran = subprocess.run([sys.executable, "-c", program, str(tmp_path / "reg")], capture_output=True, text=True, check=True)
    errors, imported = ran.stdout.split()
    assert int(errors) > 0 and imported == "True"
