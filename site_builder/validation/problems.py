"""Problems found in records, collected into a Report (data, never exceptions).

A problem's code, and with it its severity and words, is defined in the catalogue
(site_builder/validation/messages.py); this module reads it there, never the other way round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from site_builder.validation.messages import CATALOGUE, Severity


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding. Text comes from the message catalogue at report time."""

    path: str  # repository-relative, forward slashes
    line: int | None
    column: int | None
    code: str
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)
    pointer: str = field(default="", compare=False)  # "parties[1].agency"
    # The edit the hint describes, when it is mechanical: ((line, column, end_line, end_column, text), ...),
    # 1-based, end exclusive. Applied as written it must make the problem go away (tests/validator/test_hints_apply.py).
    fix: tuple[tuple[int, int, int, int, str], ...] = field(default=(), compare=False)

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def param_dict(self) -> dict[str, object]:
        return dict(self.params)


def problem(
    path: str, code: str, position: tuple[int, int] | None = None, pointer: str = "", fix: tuple = (), **params
) -> Problem:
    if code not in CATALOGUE:  # a typo here must fail loudly in tests, not print a blank message
        raise KeyError(f"unknown problem code {code!r}")
    line, column = position if position else (None, None)
    return Problem(
        path, line, column, code, tuple(sorted((k, _plain(v)) for k, v in params.items())), pointer, tuple(fix)
    )


def _plain(value: object) -> object:
    """Scalars stay as they are; a list or mapping from a record becomes its text, so that a
    Problem stays hashable and sortable whatever the record held."""
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files_checked: Counter = field(default_factory=Counter)  # kind -> count

    def extend(self, items: Iterable[Problem]) -> None:
        self.problems.extend(items)

    def sorted(self) -> list[Problem]:
        """Each problem once, by file, position and code (params as text: they may mix types)."""
        unique = {(p, p.params, p.pointer): p for p in self.problems}
        return sorted(unique.values(), key=lambda p: (p.path, p.line or 0, p.column or 0, p.code, repr(p.params)))

    def only(self, paths: set[str] | None) -> Report:
        """The problems of the named files and of the files under the named folders (repository-relative)."""
        chosen = Report.selector(paths)
        if chosen is None:
            return self
        return Report([p for p in self.problems if chosen(p.path)], self.files_checked)

    @staticmethod
    def selector(paths: set[str] | None):
        """Whether a repository-relative path is one only(paths) keeps; None when it keeps every one."""
        if paths is None or paths & {"", "."}:
            return None
        folders = tuple(p.rstrip("/") + "/" for p in paths)
        return lambda path: path in paths or path.startswith(folders)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0
