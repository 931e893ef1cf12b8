"""Print a Report: human text with source lines, one-line parsable, GitHub annotations, JSON.

Personal numbers are masked twice: in every piece (message, path, source line) before it is
escaped or made visible, which could otherwise split a number into unrecognisable parts, and
again over the whole output. Text comes only from the message catalogue and the records
themselves, never from a library's own error text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from site_builder import messages, privacy, sources
from site_builder.problems import Problem, Report, Severity

SEVERITY_WORDS = {"id": {Severity.ERROR: "galat", Severity.WARNING: "peringatan"},
                  "en": {Severity.ERROR: "error", Severity.WARNING: "warning"}}


def _finished(output: str) -> str:
    """The whole output masked once more, in case a number was split across the pieces."""
    return privacy.mask(output)


def _texts(p: Problem, lang: str) -> tuple[str, str]:
    """(message, hint) as printed: parameters already masked by the catalogue, then made visible."""
    message, hint = messages.text_of(p, lang)
    return _visible(message), _visible(hint)


def _path(p: Problem) -> str:
    return _visible(privacy.mask(p.path))


def _where(p: Problem) -> tuple[int, int]:
    """Line and column in every format; a problem with the file as a whole points at its start."""
    return p.line or 1, p.column or 1


def _source_line(root: Path, p: Problem, cache: dict) -> str | None:
    if p.line is None:
        return None
    if p.path not in cache:
        cache[p.path] = sources.source_lines(root, p.path)
    lines = cache[p.path]
    if 0 < p.line <= len(lines):
        return lines[p.line - 1]
    return None


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


def _excerpt(source: str, column: int) -> tuple[str, int]:
    """The masked source line, or a window of it around column, and the caret's offset in what is shown.

    Masked before it is cut, so a window edge cannot split a personal number into unmasked halves."""
    shown = privacy.mask(source)
    caret = len(privacy.mask(source[: column - 1]))
    if len(shown) <= SOURCE_WIDTH:
        return _visible(shown), len(_visible(shown[:caret]))
    start = max(0, min(caret - SOURCE_WIDTH // 2, len(shown) - SOURCE_WIDTH))
    window = ("…" if start else "") + shown[start:start + SOURCE_WIDTH] + ("…" if start + SOURCE_WIDTH < len(shown) else "")
    before = ("…" if start else "") + shown[start:caret]
    return _visible(window), len(_visible(before))


def text(report: Report, root: Path, lang: str) -> str:
    out: list[str] = []
    cache: dict = {}
    withheld = _withheld_lines(report)
    current = None
    for p in report.sorted():
        if p.path != current:
            if current is not None:
                out.append("")
            out.append(_path(p))
            current = p.path
        message, hint = _texts(p, lang)
        line, column = _where(p)
        out.append(f"  {f'{line}:{column}':<8} {SEVERITY_WORDS[lang][p.severity]:<10} {message}  ({p.code})")
        if hint:
            out.append(f"  {'':<8} {'':<10} {'saran' if lang == 'id' else 'hint'}: {hint}")
        source = _source_line(root, p, cache) if p.line not in withheld.get(p.path, ()) else None
        if source is not None:
            shown, caret = _excerpt(source, column)
            out.append(f"{line:>6} | " + shown)
            out.append(" " * 6 + " | " + " " * caret + "^")
    out.append(_summary(report, lang))
    return _finished("\n".join(out) + "\n")


def _summary(report: Report, lang: str) -> str:
    files = sum(report.files_checked.values())
    kinds = report.files_checked
    if lang == "en":
        return (f"\n{report.errors} errors, {report.warnings} warnings in {files} files "
                f"({kinds['agreement']} agreements, {kinds['action-plan']} action plans, {kinds['agency']} agencies)")
    return (f"\n{report.errors} galat, {report.warnings} peringatan di {files} berkas "
            f"({kinds['agreement']} perjanjian, {kinds['action-plan']} rencana aksi, {kinds['agency']} instansi)")


def parsable(report: Report, root: Path, lang: str) -> str:
    lines = []
    for p in report.sorted():
        message, hint = _texts(p, lang)
        suffix = f" ({hint})" if hint else ""
        line, column = _where(p)
        lines.append(f"{_path(p)}:{line}:{column}: {p.severity.value}: {message} [{p.code}]{suffix}")
    return _finished("\n".join(lines) + ("\n" if lines else ""))


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(report: Report, root: Path, lang: str) -> str:
    lines = []
    for p in report.sorted():
        message, hint = _texts(p, lang)
        body = message + (f" — {hint}" if hint else "")
        level = "error" if p.severity is Severity.ERROR else "warning"
        title = f"{p.code}: {messages.title_of(p.code, lang)}"
        line, column = _where(p)
        lines.append(f"::{level} file={_gh_escape(_path(p), True)},line={line},col={column},"
                     f"title={_gh_escape(title, True)}::{_gh_escape(body)}")
    lines.append(_summary(report, lang).strip())
    return _finished("\n".join(lines) + "\n")


def as_json(report: Report, root: Path, lang: str) -> str:
    problems = []
    for p in report.sorted():
        message, hint = _texts(p, lang)
        line, column = _where(p)
        problems.append({"path": _path(p), "line": line, "column": column, "code": p.code,
                         "severity": p.severity.value, "message": message, "hint": hint or None,
                         "pointer": _visible(privacy.mask(p.pointer)) or None})
    payload = {"status": "fail" if report.errors else "pass",
               "summary": {"errors": report.errors, "warnings": report.warnings, "files": dict(sorted(report.files_checked.items()))},
               "problems": problems}
    return _finished(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


REPORTERS: dict[str, Callable[[Report, Path, str], str]] = {"text": text, "parsable": parsable, "github": github, "json": as_json}


def choose(name: str) -> Callable[[Report, Path, str], str]:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return REPORTERS[name]
