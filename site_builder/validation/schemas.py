"""Load schema/*.json once, validate records against them, and explain failures as Problems.

The only module that imports jsonschema (and jsonschema-rs). Messages never echo jsonschema's own
text, which repeats the offending value (a NIK could reach a public CI log) and is English-only.

Two engines, one verdict: jsonschema-rs (~100x faster) only vouches that a record is valid; any
record it does not vouch for is judged and explained by jsonschema, so every Problem comes from
the same code as before. It vouches only where both engines provably agree: the "date" format is
checked by its own function, except in records that may hold a string on which it differs from
jsonschema's (NATIVE_FORMATS), every pattern is one audited below, and records holding characters
on which Python's and Rust's regular expressions differ go to jsonschema alone.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from site_builder.validation import fixes, messages, vocabulary
from site_builder.validation.problems import Problem
from site_builder.validation.sources import RECORD_ID, SourceDocument, pointer_text

if TYPE_CHECKING:  # imported where used: a registry whose records are all valid never needs jsonschema (0.1 s)
    import jsonschema

SCHEMA_FILES = {
    "agency": "agency.schema.json",
    "agreement": "agreement.schema.json",
    "action-plan": "action-plan.schema.json",
}
SHARED = "defs.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"  # every schema file's "$schema"
CHECKED_FORMATS = ["date"]
# The formats jsonschema checks, decided by jsonschema-rs itself (no Python call per value: two fifths
# of the fast engine's time), each with a text found in every string on which the two engines may decide
# differently. For "date" that is year 0000, a date to jsonschema-rs ("0000-02-29" too) and none to
# jsonschema (Python's date has no year 0); on every other string they agree, on year 0000's every
# date, every month and day of leap and other years, every year, other scripts' digits, a final
# line break (tests/validator/test_schema_native_date.py). A record whose text holds such a mark is
# judged by jsonschema alone.
NATIVE_FORMATS: dict[str, str] = {"date": "0000-"}
_NATIVE_MARKS = tuple(NATIVE_FORMATS.values())
# (A format jsonschema checks and the fast engine did not would be vouched for unchecked.)
assert set(NATIVE_FORMATS) == set(CHECKED_FORMATS)

# Patterns checked for the one-sided agreement the fast engine needs: whenever Rust's regex engine
# matches, Python's `re` matches too. They use ASCII classes, \s and \S, and `$` outside lookaheads
# (Python's `$` also matches before a final newline: more lenient, the safe side). A schema with any
# other pattern is judged by jsonschema alone until its pattern is audited and added here.
AUDITED_PATTERNS = frozenset(
    {
        "\\S",
        RECORD_ID.pattern,
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "^https?://[^\\s/$.?#][^\\s]*$",
        "^[0-9a-f]{64}$",
        "^[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?$",
        "^documents/(?!.*\\.\\.)[A-Za-z0-9._/-]+$",
        "^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
        "^[a-z_]+(\\.[a-z_]+)*$",  # conflicts[].field: ASCII classes only, like the id pattern
    }
)
# Characters whose class (whitespace or not) differs between Python, Rust and ECMA-262 regular
# expressions, or that the engines may not take at all: controls but newline, C1 controls, Unicode
# spaces, invisible formatting characters, the BOM, lone surrogates, non-characters.
_ENGINE_SENSITIVE = (
    r"\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    r"\u3000\ufeff\ud800-\udfff\ufff0-\uffff"
)
_SENSITIVE_VALUE = re.compile(f"[{_ENGINE_SENSITIVE}]")
# In a record's text a backslash may be a YAML escape (\x1c, \u2028, \N) that puts such a character
# into a value without it appearing in the text.
_SENSITIVE_TEXT = re.compile(f"[{_ENGINE_SENSITIVE}\\\\]")
# The ASCII characters of a text that are not in _SENSITIVE_TEXT: a text of these alone is not
# engine-sensitive, which bytes.translate tells in a fraction of a regular expression's time.
_ASCII_INSENSITIVE = bytes(c for c in range(128) if not _SENSITIVE_TEXT.match(chr(c)))

TYPE_NAMES = {
    "string": ("teks", "text"),
    "object": ("pemetaan 'kunci: nilai'", "a 'key: value' mapping"),
    "array": ("daftar '- ...'", "a '- ...' list"),
    "null": ("null (tidak diketahui)", "null (unknown)"),
    "number": ("angka", "a number"),
    "integer": ("bilangan bulat", "a whole number"),
    "boolean": ("true/false", "true/false"),
}


def _type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Schemas:
    """Validators built once per schema (rebuilding per document costs ~25x the validation)."""

    def __init__(self, schema_dir: Path):
        self.dir = schema_dir
        self.documents = {
            name: json.loads((schema_dir / name).read_text(encoding="utf-8"))
            for name in [SHARED, *SCHEMA_FILES.values()]
        }
        self._validators: dict[str, jsonschema.Draft202012Validator] | None = None
        # jsonschema (the reference engine, and the one that checks the schemas themselves) is built
        # only when a record needs it: the fast engine vouches for every valid record, and refuses
        # schemas its own meta-schema check rejects (those are then checked by jsonschema, now).
        # The fast engine's meta check follows each file's own "$schema": a file declaring another draft
        # would be checked (and read) by that draft's rules, so only 2020-12 files may skip jsonschema's.
        fast_ok = (
            _keywords(self.documents, "pattern") <= AUDITED_PATTERNS
            and all(isinstance(c, dict) and c.get("$schema") == DIALECT for c in self.documents.values())
            and all(jsonschema_rs.meta.is_valid(contents) for contents in self.documents.values())
        )
        self.fast = self._fast_validators() if fast_ok else {}
        if not self.fast:
            self._reference_validators()

    @property
    def validators(self) -> dict[str, jsonschema.Draft202012Validator]:
        """jsonschema's validator per kind, built on first use."""
        return self._validators if self._validators is not None else self._reference_validators()

    def _reference_validators(self) -> dict[str, jsonschema.Draft202012Validator]:
        import jsonschema
        from referencing import Registry, Resource

        registry: Registry = Registry()
        for name, contents in self.documents.items():
            resource = Resource.from_contents(contents)
            registry = registry.with_resources([(name, resource), (contents["$id"], resource)])
        cls = jsonschema.Draft202012Validator
        for contents in self.documents.values():
            cls.check_schema(contents)
        checker = jsonschema.FormatChecker(formats=CHECKED_FORMATS)
        self._validators = {
            kind: cls(self.documents[file], registry=registry, format_checker=checker)
            for kind, file in SCHEMA_FILES.items()
        }
        return self._validators

    def _fast_validators(self) -> dict:
        # Every format the schemas name is decided as jsonschema decides it: by jsonschema-rs's own
        # check, where records that might hold a string the two decide differently are not vouched
        # for (NATIVE_FORMATS), or not at all when jsonschema does not check that format.
        names = _keywords(self.documents, "format")
        formats = {name: _any_value for name in names if name not in NATIVE_FORMATS}
        registry = jsonschema_rs.Registry([(contents["$id"], contents) for contents in self.documents.values()])
        return {
            kind: jsonschema_rs.validator_for(
                self.documents[file], registry=registry, formats=formats, validate_formats=True, offline=True
            )
            for kind, file in SCHEMA_FILES.items()
        }

    def check(self, doc: SourceDocument) -> list[Problem]:
        """The record's schema problems: none when the fast engine vouches for it, else jsonschema's."""
        if self.vouched_valid(doc):
            return []
        return self.explain(doc)

    def explain(self, doc: SourceDocument) -> list[Problem]:
        """The record's schema problems as jsonschema finds them (the reference verdict)."""
        if doc.kind is None:  # a file of no kind has no schema (judge never asks)
            return []
        validator = self.validators[doc.kind]
        out: list[Problem] = []
        for error in validator.iter_errors(doc.data):
            out += _explain(doc, error, validator)
        # One cause, one problem: a date written another way is not also "no such date", and a
        # required key that a mistyped key stands for is not also "missing".
        misformatted = {p.pointer for p in out if p.code == "date-format"}
        mistyped = {
            (p.pointer.rpartition(".")[0] if "." in p.pointer else "", p.param_dict["meant"])
            for p in out
            if p.code == "schema-unknown-key" and p.param_dict.get("meant")
        }
        enumerated = {p.pointer for p in out if p.code == "schema-enum"}  # the list of choices says it all
        return [
            p
            for p in out
            if not (p.code == "date-invalid" and p.pointer in misformatted)
            and not (p.code == "schema-required" and (p.pointer, p.param_dict.get("key")) in mistyped)
            and not (p.code == "schema-type" and p.pointer in enumerated)
        ]

    def vouched_valid(self, doc: SourceDocument) -> bool:
        """True only when jsonschema-rs finds the record valid and both engines are sure to agree."""
        validator = self.fast.get(doc.kind)
        if validator is None or _engine_sensitive(doc) or _natively_unsure(doc):
            return False
        try:
            return validator.is_valid(doc.data)
        except Exception:  # a value the Rust side cannot take (a huge integer, say): jsonschema decides
            return False


def _any_value(value: object) -> bool:
    return True


def _engine_sensitive(doc: SourceDocument) -> bool:
    # Values come from the text, or from escapes that need a backslash in it; a document built
    # without text has its values searched instead.
    text = doc.text
    if text:
        if text.isascii():
            return bool(text.encode("ascii").translate(None, _ASCII_INSENSITIVE))
        return _SENSITIVE_TEXT.search(text) is not None
    return _has_sensitive_value(doc.data)


def _natively_unsure(doc: SourceDocument) -> bool:
    """Whether a value of the record may be a string on which a format check of jsonschema-rs and
    jsonschema differ (NATIVE_FORMATS). Without a backslash (an escape: _engine_sensitive) every
    string YAML reads stands whole in the text, as a date cannot be folded over lines without a space."""
    text = doc.text
    if text:
        for mark in _NATIVE_MARKS:  # a loop, not any(): most records hold none, and a generator costs more
            if mark in text:
                return True
        return False
    return _has_string(doc.data, lambda value: any(mark in value for mark in _NATIVE_MARKS))


def _has_string(value: object, found: Callable[[str], bool]) -> bool:
    if isinstance(value, str):
        return found(value)
    if isinstance(value, dict):
        return any(_has_string(k, found) or _has_string(v, found) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_string(v, found) for v in value)
    return False


def _has_sensitive_value(value: object) -> bool:
    return _has_string(value, lambda text: _SENSITIVE_VALUE.search(text) is not None)


def _keywords(node: object, keyword: str) -> set:
    """Every value of a string keyword (pattern, format) anywhere in the schema documents."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == keyword and isinstance(value, str):
                found.add(value)
            else:
                found |= _keywords(value, keyword)
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item, keyword)
    return found


def fingerprint(schema_dir: Path) -> str:
    """A digest of the schema files' bytes: whatever depends on the schemas is keyed on it."""
    digest = hashlib.blake2b(digest_size=16)
    for name in [SHARED, *SCHEMA_FILES.values()]:
        try:
            digest.update(name.encode() + b"\0" + (schema_dir / name).read_bytes() + b"\0")
        except OSError:
            digest.update(name.encode() + b"\0missing\0")
    return digest.hexdigest()


def load(schema_dir: Path) -> Schemas:
    """The validators for schema_dir, built again only when a schema file's content changes."""
    return _load(schema_dir, fingerprint(schema_dir))


@lru_cache(maxsize=4)
def _load(schema_dir: Path, schema_fingerprint: str) -> Schemas:
    return Schemas(schema_dir)


def _shown_value(value: object) -> str:
    """A value as the maintainer wrote it in YAML (null, true), not as Python prints it (None, True)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _titles(schema: dict) -> tuple[str, str]:
    title = schema.get("title", "")
    if " / " in title:
        a, b = title.split(" / ", 1)
        return a.lower(), b.lower()
    return title or "nilai", title or "value"


def _branch_candidates(error) -> list[list]:
    """Alternatives of an anyOf/oneOf whose failure is not simply 'wrong type here'."""
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    keep = []
    for subs in branches.values():
        wrong_type_here = any(s.validator == "type" and not s.relative_path for s in subs)
        if not wrong_type_here:
            keep.append(subs)
    return keep


def _closest_branch(candidates: list[list], instance: object) -> list | None:
    """For a mapping that fits no alternative, the one its keys point to: an alternative that accepted
    every key (its errors lie inside values) first, else the one declaring most of its keys; None on a
    tie. Without this, {years: "5"} was told that 'years' is unknown (best_match chose the other shape)."""
    if not isinstance(instance, dict):
        return None

    def score(subs: list) -> tuple[int, int]:
        at_root = [s for s in subs if not s.relative_path]
        if not at_root:
            return (2, 0)
        declared = set().union(*(set(s.schema.get("properties", {})) for s in at_root if isinstance(s.schema, dict)))
        return (1 if declared else 0, len(declared & set(instance)))

    ranked = sorted(candidates, key=score, reverse=True)
    if len(ranked) > 1 and score(ranked[0]) == score(ranked[1]):
        return None
    return ranked[0]


def _explain(doc: SourceDocument, error, validator) -> list[Problem]:
    path = tuple(error.absolute_path)
    field = pointer_text(path) or "(rekaman)"
    kind = error.validator
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    if kind in ("anyOf", "oneOf"):
        if kind == "oneOf" and path and "documents" in path:
            return [doc.problem("schema-document-location", path)]
        candidates = _branch_candidates(error)
        if len(candidates) == 1:
            return [p for sub in candidates[0] for p in _explain(doc, sub, validator)]
        if not candidates:
            expected = []
            for sub in error.context:
                if sub.validator == "type":
                    for t in [sub.validator_value] if isinstance(sub.validator_value, str) else sub.validator_value:
                        if t not in expected:
                            expected.append(t)
            return [_type_problem(doc, path, field, expected, instance)]
        closest = _closest_branch(candidates, instance)
        if closest is not None:
            return [p for sub in closest for p in _explain(doc, sub, validator)]
        # For a mapping, only the alternatives that take a mapping can say what is wrong with it.
        pool = [sub for subs in candidates for sub in subs] if isinstance(instance, dict) else error.context
        from jsonschema.exceptions import best_match

        return _explain(doc, best_match(pool), validator)

    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(instance, dict) and k not in instance]
        return [_required_problem(doc, path, key, validator) for key in missing]
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in instance:
            if key not in allowed:
                meant = vocabulary.closest_key(key, [a for a in allowed if a not in instance])
                # suggested only if the value fits there (checked for the one key suggested: each check
                # validates the whole record again)
                if meant and not _fits(validator, doc.data, path, meant, instance[key], drop=key):
                    meant = None
                fix = fixes.rename_key(doc.text, doc.keys.get(path + (key,)), key, meant) if meant else ()
                said = messages.did_you_mean(meant)
                out.append(
                    doc.problem(
                        "schema-unknown-key",
                        path + (key,),
                        at_key=True,
                        key=key,
                        fix=fix,
                        meant=meant or "",
                        suggestion=said["suggestion"] + "kunci yang dikenal: " + ", ".join(allowed),
                        suggestion_en=said["suggestion_en"] + "known keys: " + ", ".join(allowed),
                    )
                )
        return out
    if kind == "type":
        expected = [error.validator_value] if isinstance(error.validator_value, str) else list(error.validator_value)
        return [_type_problem(doc, path, field, expected, instance)]
    if kind == "enum":
        choices = error.validator_value
        meant = vocabulary.closest_value(instance, choices)
        fix = fixes.replace_scalar(doc.text, doc.values.get(path), meant) if meant else ()
        keep = _keep_kind_wording(doc, path, instance, meant) if fix and meant else None
        if keep:
            fix += keep[0]
        return [
            doc.problem(
                "schema-enum",
                path,
                field=field,
                value=_shown_value(instance),
                fix=fix,
                choices=", ".join(map(_shown_value, choices)),
                keep_id=keep[1] if keep else "",
                keep_en=keep[2] if keep else "",
                **messages.did_you_mean(meant),
            )
        ]
    if kind == "format":
        return [doc.problem("date-invalid", path, field=field, value=instance)]
    if kind == "pattern":
        code = schema.get("x-problem")
        if code:
            return [doc.problem(code, path, field=field)]
        if schema.get("format") == "date":
            return [_date_format_problem(doc, path, field, instance, validator)]
        what_id, what_en = _titles(schema)
        example = (schema.get("examples") or [""])[0]
        return [
            doc.problem(
                "schema-pattern", path, field=field, value=instance, what_id=what_id, what_en=what_en, example=example
            )
        ]
    if kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        detail = _length_detail(kind, error.validator_value)
        how = _length_how(kind, error.validator_value)
        return [
            doc.problem(
                "schema-length",
                path,
                field=field,
                detail_id=detail[0],
                detail_en=detail[1],
                how_id=how[0],
                how_en=how[1],
            )
        ]
    if kind in ("minimum", "exclusiveMinimum"):
        return [doc.problem("schema-range", path, field=field, value=instance, limit=error.validator_value)]
    return [doc.problem("schema-other", path, field=field, detail=kind)]


def _length_detail(kind: str, n: int) -> tuple[str, str]:
    return {
        "minItems": (f"perlu paling sedikit {n} butir", f"needs at least {n} items"),
        "maxItems": (f"paling banyak {n} butir", f"at most {n} items"),
        "minLength": ("tidak boleh kosong", "must not be empty")
        if n <= 1
        else (f"paling sedikit {n} karakter", f"at least {n} characters"),
        "maxLength": (f"paling banyak {n} karakter", f"at most {n} characters"),
        "minProperties": (
            "tidak boleh kosong; tulis null bila tidak diketahui",
            "must not be empty; write null when unknown",
        ),
    }[kind]


def _length_how(kind: str, n: int) -> tuple[str, str]:
    return {
        "minItems": (
            f"tambahkan butir '- ...' hingga ada paling sedikit {n}, sesuai sumber",
            f"add '- ...' items until there are at least {n}, as the source says",
        ),
        "maxItems": (f"hapus butir hingga paling banyak {n}", f"remove items until there are at most {n}"),
        "minLength": ("isi teksnya sesuai sumber", "fill in the text as the source gives it"),
        "maxLength": (
            f"persingkat teksnya menjadi paling banyak {n} karakter",
            f"shorten the text to at most {n} characters",
        ),
        "minProperties": (
            "isi paling sedikit satu kuncinya, atau tulis null bila tidak diketahui",
            "fill in at least one of its keys, or write null when unknown",
        ),
    }[kind]


def _type_problem(doc: SourceDocument, path: tuple, field: str, expected: list[str], instance: object) -> Problem:
    found = _type_of(instance)
    exp_id = " atau ".join(TYPE_NAMES.get(t, (t, t))[0] for t in expected)
    exp_en = " or ".join(TYPE_NAMES.get(t, (t, t))[1] for t in expected)
    fix: tuple = ()
    if "string" in expected and found in ("integer", "number", "boolean"):
        # 33.19 read as a number (and 33.10 as 33.1): quoting keeps the text exactly as written
        fix, quoted = fixes.quote_scalar(doc.text, doc.values.get(path))
        how = (
            (
                f"beri tanda kutip agar dibaca sebagai teks: {quoted}",
                f"put it in quotes so it is read as text: {quoted}",
            )
            if fix
            else ("beri tanda kutip ganda di awal dan akhir nilainya", "put double quotes around the value")
        )
    elif found == "null":
        how = (f"isi dengan {exp_id}; null tidak diizinkan di sini", f"write {exp_en}; null is not allowed here")
    else:
        how = (
            f"tulis {exp_id} di sini; lihat contoh di Kamus data",
            f"write {exp_en} here; see the examples in the data dictionary",
        )
    return doc.problem(
        "schema-type",
        path,
        field=field,
        expected_id=exp_id,
        expected_en=exp_en,
        fix=fix,
        found_id=TYPE_NAMES[found][0],
        found_en=TYPE_NAMES[found][1],
        how_id=how[0],
        how_en=how[1],
    )


def _month_problem(doc: SourceDocument, path: tuple, field: str, instance: object, month, validator) -> Problem:
    """A month without a day: where a range is allowed, the range of that month (never an invented day)."""
    first, last = (day.isoformat() for day in month)
    flow = f'{{earliest: "{first}", latest: "{last}"}}'
    parent, key = path[:-1], path[-1] if path else None
    takes_range = isinstance(key, str) and _fits(validator, doc.data, parent, key, {"earliest": first, "latest": last})
    if takes_range:
        return doc.problem(
            "date-format",
            path,
            field=field,
            value=instance,
            fix=fixes.replace_scalar(doc.text, doc.values.get(path), flow),
            how_id=f"sumber hanya menyebut bulannya: tulis rentang {flow}, jangan mengarang harinya; ",
            how_en=f"the source gives only the month: write the range {flow}, never an invented day; ",
        )
    return doc.problem(
        "date-format",
        path,
        field=field,
        value=instance,
        how_id="sumber hanya menyebut bulannya, tetapi di sini perlu tanggal lengkap: tulis hari yang disebut sumber; ",
        how_en="the source gives only the month, but a full date is needed here: write the day the source gives; ",
    )


def _date_format_problem(doc: SourceDocument, path: tuple, field: str, instance: object, validator) -> Problem:
    """A date written another way than YYYY-MM-DD: one problem, with the date it means when that is certain."""
    meant = vocabulary.written_date(instance)
    if meant is None:
        month = vocabulary.written_month(instance)
        if month is not None:
            return _month_problem(doc, path, field, instance, month, validator)
        return doc.problem("date-format", path, field=field, value=instance, how_id="", how_en="")
    iso = meant.isoformat()
    fix = fixes.replace_scalar(doc.text, doc.values.get(path), f'"{iso}"')
    return doc.problem(
        "date-format",
        path,
        field=field,
        value=instance,
        fix=fix,
        how_id=f'tulis "{iso}" (tanggal {meant.day}, bulan {meant.month}, tahun {meant.year}); ',
        how_en=f'write "{iso}" (day {meant.day}, month {meant.month}, year {meant.year}); ',
    )


def _required_problem(doc: SourceDocument, path: tuple, key: str, validator) -> Problem:
    """A missing key; `key: null` is suggested (and offered as a fix) only where null is allowed."""
    nullable = not _errors_with(validator, doc.data, path, key, None)
    if nullable:
        fix = fixes.insert_key(doc.text, doc.values.get(path), f"{key}: null")
        how = (
            f"; bila sumber tidak menyebutnya, tulis '{key}: null'",
            f"; if the source does not say, write '{key}: null'",
        )
    else:
        fix = ()
        kinds = _kinds_accepted(validator, doc.data, path, key)
        kind_id = " atau ".join(TYPE_NAMES[t][0] for t in kinds) or "nilainya"
        kind_en = " or ".join(TYPE_NAMES[t][1] for t in kinds) or "its value"
        how = (
            f" berisi {kind_id} (kunci ini tidak boleh null; contohnya ada di Kamus data)",
            f" holding {kind_en} (this key cannot be null; the data dictionary has an example)",
        )
    return doc.problem("schema-required", path, at_key=True, key=key, fix=fix, how_id=how[0], how_en=how[1])


def _errors_with(validator, data: object, path: tuple, key: str, value: object, drop: str | None = None) -> list:
    """jsonschema's errors at path+(key,) had the record held value there (and not drop). The whole
    record is validated, so every $ref resolves exactly as in the real check."""
    data = copy.deepcopy(data)
    container = data
    for step in path:
        if isinstance(container, dict):
            container = container[step]
        elif isinstance(container, list) and isinstance(step, int):
            container = container[step]
        else:
            return []
    if not isinstance(container, dict):
        return []
    if drop is not None:
        container.pop(drop, None)
    container[key] = value
    target = path + (key,)
    found = []
    for error in validator.iter_errors(data):
        where = tuple(error.absolute_path)
        if where[: len(target)] == target or target[: len(where)] == where:  # at, below or above the key
            found += _under(error, target)
    return found


def _under(error, target: tuple) -> list:
    """The errors at or below target inside an error, alternatives of an anyOf/oneOf above it included:
    a key inside one alternative (date_range's `earliest`) is judged there, not at the anyOf."""
    if tuple(error.absolute_path)[: len(target)] == target:
        return [error]
    return [found for sub in (error.context or []) for found in _under(sub, target)]


def _fits(validator, data: object, path: tuple, key: str, value: object, drop: str | None = None) -> bool:
    """Whether value is of a kind the property key takes (a renamed key must not only move the problem)."""
    target = path + (key,)
    errors = [e for e in _errors_with(validator, data, path, key, value, drop) if tuple(e.absolute_path) == target]
    return not any(_wrong_kind(e) for e in errors)


def _wrong_kind(error) -> bool:
    return error.validator == "type" or (
        error.validator in ("anyOf", "oneOf")
        and bool(error.context)
        and all(sub.validator == "type" for sub in error.context if not sub.relative_path)
    )


def _kinds_accepted(validator, data: object, path: tuple, key: str) -> list[str]:
    """The kinds of value (list, mapping, text) a property takes, whatever else it asks of them."""
    return [
        kind
        for kind, sample in (("array", []), ("object", {}), ("string", "x"))
        if _fits(validator, data, path, key, sample)
    ]


def _keep_kind_wording(doc: SourceDocument, path: tuple, written: object, meant: str):
    """(edit, hint id, hint en) keeping the source's own word for an agreement's kind in kind_wording,
    when the kind is replaced by the list's word for it; None when there is nothing to keep."""
    if path != ("kind",) or doc.kind != "agreement" or not isinstance(written, str) or not isinstance(doc.data, dict):
        return None
    if written.strip().lower().replace(" ", "-") == meant or "kind_wording" in doc.data:
        return None
    position = doc.values.get(path)
    if not position or position[1] != len("kind: ") + 1:  # a top-level `kind: ...` line: the key goes below it
        return None
    line = f"kind_wording: {fixes.quote(written.strip())}"
    return (
        ((position[0] + 1, 1, position[0] + 1, 1, line + "\n"),),
        f"simpan kata sumber di baris baru '{line}'; ",
        f"keep the source's word on a new line '{line}'; ",
    )
