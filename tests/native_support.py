"""The native node reader (native/pks_yamlc.c) for the tests that hold it to the Python node reader:
loaded as yamlread loads it (from the environment, checked against the checkout's C source), even
when the shell running the tests turned it off with PKS_NATIVE_YAML=0."""

from __future__ import annotations

import math
import os
from types import ModuleType

import pytest
import yaml._yaml as yaml_c
from ci_mode import RUN_IN_CI

from site_builder.validation import yamlread


def _load() -> tuple[ModuleType | None, str]:
    saved = os.environ.pop("PKS_NATIVE_YAML", None)
    try:
        return yamlread._load_native()
    finally:
        if saved is not None:
            os.environ["PKS_NATIVE_YAML"] = saved


NATIVE, WHY = _load()


def native_expected() -> bool:
    """Whether a test that also checks the native reader should: it is installed, or this is CI."""
    return NATIVE is not None or RUN_IN_CI


def require_native() -> ModuleType:
    """The module. In CI a missing or stale one fails the test: CI tests what it ships, as with a
    missing browser. Elsewhere the test is skipped, saying why."""
    if NATIVE is None:
        message = f"the native YAML reader is not active: {WHY}"
        if RUN_IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return NATIVE


def typed(value):
    """A value with its type spelled out, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def everything(parsed: yamlread.Parsed) -> tuple:
    """Every field of a Parsed, types and orders included."""
    return (typed(parsed.data), parsed.ok, list(parsed.values.items()), list(parsed.keys.items()), parsed.problems,
            parsed.rewritten, parsed.positioned, parsed.some_values, parsed.some_keys)


def assert_native_reads_as_python(text: str) -> bool:
    """The native and the Python node reader give the same Parsed, or both None, with and without
    positions; True when the native reader read the text. The one allowed difference: the native
    reader hands over a text its libyaml gives up on where PyYAML's newer libyaml reads it (see
    yamlread._LIBYAML_PAIRS), and then the event reader, which parse() falls back to, gives exactly
    what the Python node reader gives, so the verdict is the same."""
    native = require_native()
    read = False
    for positions in (True, False):
        mine = yamlread._read_native(text, positions, native)
        python = yamlread._read_nodes(text, positions)
        if mine is not None:
            assert python is not None, (positions, text[:200])
            assert everything(mine) == everything(python), (positions, text[:200])
            read = True
        elif python is not None:
            assert native.LIBYAML_VERSION != yaml_c.get_version_string(), (positions, text[:200])
            events, nodes = everything(yamlread._read_events(text)), everything(python)
            if not positions:  # then the Python node reader leaves positions out
                events, nodes = events[:2] + events[4:6], nodes[:2] + nodes[4:6]
            assert events[:6] == nodes[:6], (positions, text[:200])
    return read
