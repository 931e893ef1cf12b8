"""Every failure pks reports is a PksError whose exit code is documented, and the CLI maps each one
in one place: `Error: <message>` with that exit code, the usage line when the call was wrong."""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import site_builder
from site_builder import cli, errors
from site_builder.build import RecordsInvalid
from site_builder.site.publish import PublishError
from site_builder.validation.problems import Report

ROOT = Path(__file__).resolve().parents[2]
TABLE_ROW = re.compile(r"^\| `(\w+)` \| `([\w/.]+)` \| (\d) \|", re.MULTILINE)


def failure_classes() -> dict[str, type[errors.PksError]]:
    for module in pkgutil.walk_packages(site_builder.__path__, "site_builder."):
        if module.name != "site_builder.__main__":  # running it runs pks
            importlib.import_module(module.name)
    found: dict[str, type[errors.PksError]] = {}
    pending = [errors.PksError]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__ != errors.__name__:  # the bases themselves are not raised
                found[sub.__name__] = sub
    return found


def documented() -> dict[str, tuple[str, int]]:
    text = (ROOT / "docs/teknis/arsitektur.md").read_text(encoding="utf-8")
    return {name: (module, int(code)) for name, module, code in TABLE_ROW.findall(text)}


def test_every_failure_class_is_documented_with_its_exit_code():
    actual = {
        name: (cls.__module__.removeprefix("site_builder.").replace(".", "/") + ".py", cls.exit_code)
        for name, cls in failure_classes().items()
    }
    assert actual == documented()


def test_the_documented_exit_codes_are_the_ones_the_readme_states():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "0 clean, 1 problems found, 2 usage error" in readme
    assert {code for _, code in documented().values()} <= {errors.FAILED, errors.REFUSED} == {1, 2}


def an_instance(cls: type[errors.PksError]) -> errors.PksError:
    if issubclass(cls, PublishError):
        return cls("build-busy", what="/tmp/situs", pid=4242)
    if issubclass(cls, RecordsInvalid):
        return cls(Report())
    return cls("pesan uji / test message")


@pytest.mark.parametrize("name", sorted(failure_classes()))
def test_the_cli_maps_each_failure_to_its_exit_code_and_message(name, tmp_path):
    cls = failure_classes()[name]
    error = an_instance(cls)
    group = cli._Group("pks")

    @group.command("gagal")
    @click.option("--root", default=str(tmp_path))
    @click.option("--lang", default=None)
    def fail(root, lang):
        raise error

    result = CliRunner().invoke(group, ["gagal", "--lang", "en"])
    assert result.exit_code == cls.exit_code, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, errors.PksError)
    if isinstance(error, RecordsInvalid):
        assert result.output == cli.SITE_NOT_BUILT + "\n"
    elif isinstance(error, PublishError):  # in the language asked for, from the message catalogue
        assert result.output == "Error: another `pks build` (process 4242) is building /tmp/situs; wait until it ends, then run again\n"
    else:
        assert result.output.endswith("Error: pesan uji / test message\n")
        assert ("Usage: pks gagal" in result.output) == cls.shows_usage


def test_the_checks_of_this_test_can_fail():
    class Undocumented(errors.PksError):
        exit_code = 3

    try:
        assert "Undocumented" in failure_classes() and "Undocumented" not in documented()
    finally:
        del Undocumented
        gc.collect()  # __subclasses__ forgets it only once it is collected
