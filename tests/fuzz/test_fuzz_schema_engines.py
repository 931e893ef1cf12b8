"""Differential: jsonschema-rs against jsonschema (the pure-Python reference) on structural mutations.

The test registry's records are read as the validator reads them, then changed in shape: a key
removed, renamed or added, a value replaced by one of another type or by a piece of another
record, a list emptied, shortened or grown, an item duplicated, values swapped. Both engines, as
site_builder/validation/schemas.py builds them from schema/*.json (the same registry of schemas,
the same format checks), must give the same verdict: valid or not. Deterministic (derandomized),
a few seconds.
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry_fixture import REPO, record_files
from site_builder.validation import schemas, sources, yamlread

CHECKER = schemas.load(REPO / "schema")
RECORDS = {
    path: (sources.kind_of(path), yamlread.parse(text.decode("utf-8")).data) for path, text in record_files().items()
}
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Values of every JSON type, and near misses of what records hold.
REPLACEMENTS = [
    None, True, False, 0, -1, 7, 2**70, 1.5, -0.0, "", " ", "x", "null", "2023-03-13", "2023-02-30", "2023-13-01", "13-03-2023",
    "2023-03", "https://example.org/x", "javascript:alert(1)", "rutan-barabai", "Rutan Kelas IIB Barabai", "a" * 600, [], [None],
    ["x"], [{}], {}, {"x": 1}, {"id": "x"},
]


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def at(value, path):
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated(draw) -> tuple[str, object]:
    relpath = draw(st.sampled_from(sorted(RECORDS)))
    kind, data = RECORDS[relpath]
    data = copy.deepcopy(data)
    donors = [RECORDS[other][1] for other in sorted(RECORDS)]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(paths(data))))
        target = at(data, path)
        parent, step = (at(data, path[:-1]), path[-1]) if path else (None, None)
        action = draw(st.sampled_from(["replace", "graft", "remove", "add-key", "rename", "list", "swap"]))
        if action == "replace" and parent is not None:
            parent[step] = copy.deepcopy(draw(st.sampled_from(REPLACEMENTS)))
        elif action == "graft" and parent is not None:  # a piece of another record, of whatever shape
            donor = draw(st.sampled_from(donors))
            parent[step] = copy.deepcopy(at(donor, draw(st.sampled_from(list(paths(donor))))))
        elif action == "remove" and parent is not None:
            del parent[step]
        elif action == "add-key" and isinstance(target, dict):
            existing = sorted(target) or ["id"]
            key = draw(st.one_of(st.sampled_from(existing).map(lambda k: k + "s"), st.sampled_from(["x", "id", "note", ""])))
            target[key] = copy.deepcopy(draw(st.sampled_from(REPLACEMENTS)))
        elif action == "rename" and isinstance(parent, dict) and isinstance(step, str):
            keys = sorted(k for k in parent if k != step)
            if keys:
                parent[draw(st.sampled_from(keys))] = parent.pop(step)
        elif action == "list" and isinstance(target, list):
            change = draw(st.sampled_from(["empty", "drop", "double"]))
            if change == "empty":
                target.clear()
            elif target and change == "drop":
                target.pop(draw(st.integers(0, len(target) - 1)))
            elif target:
                target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
        elif action == "swap" and isinstance(target, dict) and len(target) > 1:
            first, second = draw(st.lists(st.sampled_from(sorted(target)), min_size=2, max_size=2, unique=True))
            target[first], target[second] = target[second], target[first]
    return kind, data


def verdicts(kind: str, data: object) -> tuple[bool, bool]:
    return CHECKER.fast[kind].is_valid(data), CHECKER.validators[kind].is_valid(data)


@FUZZ
@given(mutated())
def test_both_engines_judge_every_mutated_record_alike(case):
    kind, data = case
    try:
        fast, reference = verdicts(kind, data)
    except (ValueError, OverflowError):  # a value the Rust side cannot take: schemas.py asks jsonschema then
        return
    assert fast == reference


def test_the_corpus_holds_valid_and_invalid_records():
    """A fuzzer whose records were all valid, or all invalid, would prove nothing."""
    assert CHECKER.fast, "every pattern of schema/ is audited, so jsonschema-rs is in use"
    for kind, data in RECORDS.values():
        assert verdicts(kind, data) == (True, True)
    kind, data = RECORDS[sorted(RECORDS)[0]]
    broken = dict(data, id=7)
    assert verdicts(kind, broken) == (False, False)
