"""Cross-record checks also run on records the schema rejected (see site_builder/checks/__init__.py),
so they must survive any shape: every section of an agreement, action plan and agency of the test
registry (tests/fixtures/registry), and every field of their first list items, is replaced in turn by values of the wrong kind.

Exhaustive where the property tests are random: a check that indexes data directly fails here.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest

from site_builder.validation import messages, validate
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
