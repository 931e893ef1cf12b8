"""Print a Report: human text with source lines, one-line parsable, GitHub annotations, JSON.

Personal numbers are masked twice: in every piece (message, path, source line) before it is
escaped or made visible, which could otherwise split a number into unrecognisable parts, and
again over the whole output. Text comes only from the message catalogue and the records
themselves, never from a library's own error text.

Big reports stay readable: every format lists at most PER_CODE problems of one code per file and
then one "dan N lagi / and N more" entry for that file and code; the totals count what is listed
and the rest is stated separately (JSON: `summary.omitted` and `omitted`). The exit code still
reflects every problem. GitHub annotations are capped further (see `github`). Every step is
linear in the number of problems: a source line is masked once, however many problems point at it.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from site_builder.validation import messages, privacy, sources
from site_builder.validation.problems import Problem, Report, Severity

PER_CODE = 20  # problems of one code listed per file: the 21st of 10,000 copies adds nothing
ANNOTATIONS_PER_FILE = 5  # so that one broken file cannot take every annotation GitHub shows
ANNOTATION_SLOTS = 10  # GitHub shows the first 10 error (and 10 warning) annotations of a step

SEVERITY_WORDS = {
    "id": {Severity.ERROR: "galat", Severity.WARNING: "peringatan"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
}


@dataclass(frozen=True)
class Omitted:
    """The problems of one code in one file beyond PER_CODE: counted, located at the first of them."""

    path: str
    code: str
    severity: Severity
    count: int
    line: int
    column: int


@dataclass
class Listing:
    """What a report lists: the problems shown, and per file and code how many more were left out."""

    problems: list[Problem]
    omitted: list[Omitted]

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def omitted_count(self, severity: Severity) -> int:
        return sum(o.count for o in self.omitted if o.severity is severity)

    def by_file(self) -> list[tuple[str, list[Problem], list[Omitted]]]:
        """(path, problems, omitted) per file, in the order of the sorted report."""
        files: dict[str, tuple[list[Problem], list[Omitted]]] = {}
        for p in self.problems:
            files.setdefault(p.path, ([], []))[0].append(p)
        for o in self.omitted:
            files.setdefault(o.path, ([], []))[1].append(o)
        return [(path, *files[path]) for path in sorted(files)]


def listing(report: Report, per_code: int | None = None) -> Listing:
    per_code = PER_CODE if per_code is None else per_code
    shown: list[Problem] = []
    extra: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Problem] = {}
    seen: Counter = Counter()
    for p in report.sorted():
        key = (p.path, p.code)
        seen[key] += 1
        if seen[key] <= per_code:
            shown.append(p)
        else:
            extra[key] += 1
            first.setdefault(key, p)
    omitted = [
        Omitted(path, code, first[path, code].severity, n, *_where(first[path, code]))
        for (path, code), n in extra.items()
    ]
    return Listing(shown, sorted(omitted, key=lambda o: (o.path, o.line, o.column, o.code)))


def _finished(output: str) -> str:
    """The whole output masked once more, in case a number was split across the pieces."""
    return privacy.mask(output)


def _texts(p: Problem, lang: str) -> tuple[str, str]:
    """(message, hint) as printed: parameters already masked by the catalogue, then made visible."""
    message, hint = messages.text_of(p, lang)
    return _visible(message), _visible(hint)


def _path(path: str) -> str:
    return _visible(privacy.mask(path))


def _where(p: Problem) -> tuple[int, int]:
    """Line and column in every format; a problem with the file as a whole points at its start."""
    return p.line or 1, p.column or 1


def _source_line(root: Path, p: Problem, cache: dict) -> _MaskedLine | None:
    if p.line is None:
        return None
    if p.path not in cache:
        cache[p.path] = sources.source_lines(root, p.path)
    if (p.path, p.line) not in cache:
        lines = cache[p.path]
        cache[p.path, p.line] = _MaskedLine(lines[p.line - 1]) if 0 < p.line <= len(lines) else None
    return cache[p.path, p.line]


def _withheld_lines(report: Report) -> dict[str, set[int]]:
    """Per file, the lines that spell a personal number only as YAML reads them (folded, escaped, split
    by a continuation): masking a line cannot hide its pieces, so these lines are never shown."""
    withheld: dict[str, set[int]] = {}
    for p in report.problems:
        last_line = p.param_dict.get("last_line") if p.code.startswith("privacy-") else None
        if isinstance(last_line, int) and p.line:
            withheld.setdefault(p.path, set()).update(range(p.line, last_line + 1))
    return withheld


def _visible(text: str) -> str:
    """Control, format (zero-width, bidi) and unusual space characters shown by code point (<U+200B>), so that
    a file name or record value cannot move the cursor, clear the terminal or reorder a line; the
    bytes of an undecodable file name (lone surrogates, which a strict terminal cannot print) too."""
    return "".join(ch if ch == " " or ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text.replace("\t", "→"))


SOURCE_WIDTH = 160  # characters of a source line shown; a 200 KB line is shown around the column


class _MaskedLine:
    """A source line masked once, mapping any column to its offset in the masked text: reports with
    thousands of problems on one long line must not mask that line once per problem (quadratic)."""

    def __init__(self, source: str):
        self.source = source
        findings = privacy.scan(source)
        self.shown = privacy.mask(source) if findings else source
        self.starts, self.ends = [f.start for f in findings], [f.end for f in findings]
        # how much longer the masked text is after each finding: "[" + masked + "]" replaces its digits
        self.shifts = list(accumulate(len(f.masked) + 2 - (f.end - f.start) for f in findings))
        # should mask() ever write its placeholders otherwise, map by masking each prefix (exact, slow)
        self.exact = len(self.shown) == len(source) + (self.shifts[-1] if self.shifts else 0)

    def offset(self, column: int) -> int:
        """Where column (1-based, in the source) lands in the masked line; inside a number: at its mask."""
        if not self.exact:
            return min(len(privacy.mask(self.source[: column - 1])), len(self.shown))
        at = column - 1
        done = bisect_right(self.ends, at)  # findings that end at or before the column
        shift = self.shifts[done - 1] if done else 0
        if done < len(self.starts) and self.starts[done] < at:
            at = self.starts[done]
        return min(at + shift, len(self.shown))


def _excerpt(line: _MaskedLine, column: int) -> tuple[str, int]:
    """The masked source line, or a window of it around column, and the caret's offset in what is shown.

    Masked before it is cut, so a window edge cannot split a personal number into unmasked halves."""
    shown, caret = line.shown, line.offset(column)
    if len(shown) <= SOURCE_WIDTH:
        return _visible(shown), len(_visible(shown[:caret]))
    start = max(0, min(caret - SOURCE_WIDTH // 2, len(shown) - SOURCE_WIDTH))
    window = (
        ("…" if start else "")
        + shown[start : start + SOURCE_WIDTH]
        + ("…" if start + SOURCE_WIDTH < len(shown) else "")
    )
    before = ("…" if start else "") + shown[start:caret]
    return _visible(window), len(_visible(before))


MORE = {
    "id": "dan {n} lagi dengan kode ini tidak dicantumkan (paling banyak {k} per kode per berkas)",
    "en": "and {n} more of this code not listed (at most {k} per code per file)",
}


def _more(o: Omitted, lang: str) -> str:
    return MORE[lang].format(n=o.count, k=PER_CODE)  # PER_CODE read at call time: the benchmark lifts it


def text(report: Report, root: Path, lang: str) -> str:
    out: list[str] = []
    cache: dict = {}
    shown = listing(report)
    withheld = _withheld_lines(report)
    for path, problems, omitted in shown.by_file():
        if out:
            out.append("")
        out.append(_path(path))
        for p in problems:
            message, hint = _texts(p, lang)
            line, column = _where(p)
            out.append(f"  {f'{line}:{column}':<8} {SEVERITY_WORDS[lang][p.severity]:<10} {message}  ({p.code})")
            if hint:
                out.append(f"  {'':<8} {'':<10} {'saran' if lang == 'id' else 'hint'}: {hint}")
            source = _source_line(root, p, cache) if p.line not in withheld.get(p.path, ()) else None
            if source is not None:
                excerpt, caret = _excerpt(source, column)
                out.append(f"{line:>6} | " + excerpt)
                out.append(" " * 6 + " | " + " " * caret + "^")
        for o in omitted:
            out.append(
                f"  {f'{o.line}:{o.column}':<8} {SEVERITY_WORDS[lang][o.severity]:<10} {_more(o, lang)}  ({o.code})"
            )
    out.append(_summary(report, shown, lang))
    return _finished("\n".join(out) + "\n")


def _plural(n: int, one: str, many: str, lang: str) -> str:
    """English counts agree with their number; Indonesian nouns do not change (2 galat, 2 berkas)."""
    return f"{n} {one if n == 1 or lang == 'id' else many}"


def _summary(report: Report, shown: Listing, lang: str) -> str:
    """The totals of what is listed; what was left out is said on a line of its own."""
    files = sum(report.files_checked.values())
    kinds = report.files_checked
    errors, warnings = shown.count(Severity.ERROR), shown.count(Severity.WARNING)
    more_errors, more_warnings = shown.omitted_count(Severity.ERROR), shown.omitted_count(Severity.WARNING)
    if lang == "en":
        line = (
            f"\n{_plural(errors, 'error', 'errors', lang)}, {_plural(warnings, 'warning', 'warnings', lang)} in "
            f"{_plural(files, 'file', 'files', lang)} ({_plural(kinds['agreement'], 'agreement', 'agreements', lang)}, "
            f"{_plural(kinds['action-plan'], 'action plan', 'action plans', lang)}, "
            f"{_plural(kinds['agency'], 'agency', 'agencies', lang)})"
        )
        rest = (
            f"\nnot listed: {_plural(more_errors, 'more error', 'more errors', lang)} and "
            f"{_plural(more_warnings, 'more warning', 'more warnings', lang)} (at most {PER_CODE} of one code per file); "
            "fix the listed ones and run again"
        )
    else:
        line = (
            f"\n{errors} galat, {warnings} peringatan di {files} berkas "
            f"({kinds['agreement']} perjanjian, {kinds['action-plan']} rencana aksi, {kinds['agency']} instansi)"
        )
        rest = (
            f"\ntidak dicantumkan: {more_errors} galat dan {more_warnings} peringatan lagi (paling banyak {PER_CODE} "
            "berkode sama per berkas); perbaiki yang tercantum lalu jalankan lagi"
        )
    return line + (rest if more_errors or more_warnings else "")


def _parsable_line(p: Problem, lang: str) -> str:
    message, hint = _texts(p, lang)
    suffix = f" ({hint})" if hint else ""
    line, column = _where(p)
    return f"{_path(p.path)}:{line}:{column}: {p.severity.value}: {message} [{p.code}]{suffix}"


def _parsable_more(o: Omitted, lang: str) -> str:
    return f"{_path(o.path)}:{o.line}:{o.column}: {o.severity.value}: {_more(o, lang)} [{o.code}]"


def parsable(report: Report, root: Path, lang: str) -> str:
    lines = []
    for _, problems, omitted in listing(report).by_file():
        lines += [_parsable_line(p, lang) for p in problems] + [_parsable_more(o, lang) for o in omitted]
    return _finished("\n".join(lines) + ("\n" if lines else ""))


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


UNANNOTATED = {
    "id": "{n} masalah lain tidak ditandai di berkasnya (paling banyak {per_file} tanda per berkas, {total} per langkah); "
    "semuanya ada di log langkah ini; jumlahnya juga di komentar ringkasan pada pull request",
    "en": "{n} more problems are not marked in their files (at most {per_file} annotations per file, {total} per step); "
    "all are in this step's log; the count is also in the summary comment on the pull request",
}


def github(report: Report, root: Path, lang: str) -> str:
    """Annotations for the first problems, as GitHub shows only a few; every other listed problem as
    a plain log line, then one summary annotation saying how many were not marked and where they are."""
    lines: list[str] = []
    plain: list[str] = []
    per_file: Counter = Counter()
    hidden: Counter = Counter()
    shown = listing(report)
    for _, problems, omitted in shown.by_file():
        for p in problems:
            if len(lines) < ANNOTATION_SLOTS - 1 and per_file[p.path] < ANNOTATIONS_PER_FILE:
                per_file[p.path] += 1
                lines.append(_annotation(p, lang))
            else:
                hidden[p.severity] += 1
                plain.append(_parsable_line(p, lang))
        for o in omitted:
            hidden[o.severity] += o.count
            plain.append(_parsable_more(o, lang))
    if hidden:
        level = "error" if hidden[Severity.ERROR] else "warning"
        title = "Masalah lain" if lang == "id" else "More problems"
        note = UNANNOTATED[lang].format(
            n=sum(hidden.values()), per_file=ANNOTATIONS_PER_FILE, total=ANNOTATION_SLOTS - 1
        )
        lines.append(f"::{level} title={_gh_escape(title, True)}::{_gh_escape(note)}")
    lines += plain
    lines.append(_summary(report, shown, lang).strip())
    return _finished("\n".join(lines) + "\n")


def _annotation(p: Problem, lang: str) -> str:
    message, hint = _texts(p, lang)
    body = message + (f" — {hint}" if hint else "")
    level = "error" if p.severity is Severity.ERROR else "warning"
    title = f"{p.code}: {messages.title_of(p.code, lang)}"
    line, column = _where(p)
    return (
        f"::{level} file={_gh_escape(_path(p.path), True)},line={line},col={column},"
        f"title={_gh_escape(title, True)}::{_gh_escape(body)}"
    )


def as_json(report: Report, root: Path, lang: str) -> str:
    """The same listing as the other formats; `summary` counts what is listed, `summary.omitted`
    and `omitted` (per file and code) say what was left out."""
    problems = []
    shown = listing(report)
    for p in shown.problems:
        message, hint = _texts(p, lang)
        line, column = _where(p)
        problems.append(
            {
                "path": _path(p.path),
                "line": line,
                "column": column,
                "code": p.code,
                "severity": p.severity.value,
                "message": message,
                "hint": hint or None,
                "pointer": _visible(privacy.mask(p.pointer)) or None,
                "fix": _fix(p),
            }
        )
    omitted = [
        {
            "path": _path(o.path),
            "line": o.line,
            "column": o.column,
            "code": o.code,
            "severity": o.severity.value,
            "count": o.count,
        }
        for o in shown.omitted
    ]
    payload = {
        "status": "fail" if report.errors else "pass",
        "summary": {
            "errors": shown.count(Severity.ERROR),
            "warnings": shown.count(Severity.WARNING),
            "files": dict(sorted(report.files_checked.items())),
            "omitted": {
                "errors": shown.omitted_count(Severity.ERROR),
                "warnings": shown.omitted_count(Severity.WARNING),
                "per_code": PER_CODE,
            },
        },
        "problems": problems,
        "omitted": omitted,
    }
    return _finished(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _fix(p) -> list[dict] | None:
    """The mechanical fix of a problem, for editors and bots: text edits that, applied as written,
    remove it. None where there is none, or where its text would show a personal number."""
    edits = [
        {"line": line, "column": column, "end_line": end_line, "end_column": end_column, "text": text}
        for line, column, end_line, end_column, text in p.fix
    ]
    if not edits or any(privacy.mask(edit["text"]) != edit["text"] for edit in edits):
        return None
    return edits


REPORTERS: dict[str, Callable[[Report, Path, str], str]] = {
    "text": text,
    "parsable": parsable,
    "github": github,
    "json": as_json,
}


def choose(name: str) -> Callable[[Report, Path, str], str]:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return REPORTERS[name]
