"""The one base of the failures `pks` reports to the person running it: a message and an exit code,
never a traceback. cli.py maps every PksError in one place; docs/teknis/arsitektur.md lists them.

Problems in records are not errors: they are data (validation.problems). This module imports nothing
of the package, so every stage may raise these.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

# The exit codes pks uses (README.md, docs/teknis/penerbitan.md): 0 done, 1 failed, 2 refused or wrong call.
FAILED, REFUSED = 1, 2


class PksError(Exception):
    """A failure of the tool or its setup, said in the message (str(error)), or in both languages by a
    key of validation.messages.PUBLISHING with its params when the subclass sets them."""

    exit_code: ClassVar[int] = FAILED
    shows_usage: ClassVar[bool] = False  # the command was called wrongly: its usage line is shown too
    key: str = ""
    params: Mapping[str, object] = MappingProxyType({})


class WrongRequest(PksError):
    """The command asked for what cannot be (a revision or an agency that does not exist): exit 2 with
    the command's usage, as click does for a wrong option."""

    exit_code = REFUSED
    shows_usage = True
