"""One record-id pattern: the schema's and the one the validator, `pks new` and CODEOWNERS use."""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.validation import sources

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "defs.schema.json"


def test_the_record_id_pattern_is_the_schemas():
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    assert sources.RECORD_ID.pattern == defs["id"]["pattern"]


def test_a_record_id_is_the_whole_name():
    assert [sources.valid_stem(v) for v in ("dinkes-hst", "dinkes-hst\n", "Dinkes", "a--b", "-a", "2023")] == [
        True, False, False, False, False, True
    ]
    assert sources.stem_of("agreements/rutan-barabai/rutan-barabai-dinkes-hst-2023.yaml") == (
        "rutan-barabai-dinkes-hst-2023"
    )
