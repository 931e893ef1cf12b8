"""Cross-record checks also run on records the schema rejected (see site_builder/checks/__init__.py),
so they must survive any shape: every section of an agreement, action plan and agency of the test
registry (tests/fixtures/registry), and every field of their first list items, is replaced in turn by values of the wrong kind.

Exhaustive where the property tests are random: a check that indexes data directly fails here.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.validation import messages, validate
from site_builder.validation.checks import base
from site_builder.validation.checks import RecordIndex, run_all
from registry_fixture import TEST_REGISTRY
from validator_support import AS_OF

ODD = [None, "x", 0, -1.5, True, [], {}, [None], ["x"], [[]], [{}], {"x": None}, "../../etc/passwd"]
SUBJECTS = ["rutan-barabai-dinkes-hst-2023", "ra-rutan-barabai-dinkes-hst-sebelum-2023", "disdukcapil-hst"]


@pytest.fixture(scope="module")
def documents():
    return {doc.data["id"]: doc for doc in validate.load_documents(TEST_REGISTRY)}


def places(data: dict):
    """Every top-level key, every key of a nested mapping, every field of a list's first item."""
    for key, value in data.items():
        yield (key,)
        if isinstance(value, dict):
            yield from ((key, sub) for sub in value)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            yield (key, 0)
            yield from ((key, 0, sub) for sub in value[0])


def replaced(data: dict, path: tuple, value) -> dict:
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("subject", SUBJECTS)
def test_checks_survive_values_of_any_shape(subject, documents):
    original = documents[subject]
    runs = 0
    for path in places(original.data):
        for value in ODD:
            broken = dataclasses.replace(original, data=replaced(original.data, path, value))
            docs = [broken if doc is original else doc for doc in documents.values()]
            problems = run_all(RecordIndex.from_documents(TEST_REGISTRY, AS_OF, [], docs))
            assert all(p.code in messages.CATALOGUE for p in problems), (path, value)
            runs += 1
    assert runs > 100


def _dig_reference(data: object, *path) -> object:
    """checks.base.dig as it was before its one-test path for a mapping's key (the reference)."""
    for step in path:
        if isinstance(data, dict):
            if isinstance(step, int):
                return None
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


class _Mapping(dict):
    """A dict subclass, as summaries.Record is."""


_VALUES = st.recursive(
    st.sampled_from([None, "x", "", 0, 1, -1, True, 2.5]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "1", ""]) | st.integers(-1, 2) | st.just(True), inner, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2).map(_Mapping),
    max_leaves=12,
)
_STEPS = st.lists(st.sampled_from(["a", "b", "1", "", 0, 1, 2, -1, True, False]), max_size=4)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(_VALUES, _STEPS)
def test_the_shape_safe_readers_read_as_the_reference(data, path):
    expected = _dig_reference(data, *path)
    assert base.dig(data, *path) is expected
    assert base.text_at(data, *path) == (expected if isinstance(expected, str) else None)
    listed = [(i, item) for i, item in enumerate(expected) if isinstance(item, dict)] if isinstance(expected, list) else []
    assert base.entries(data, *path) == listed
