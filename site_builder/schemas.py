"""Load schema/*.json once, validate records against them, and explain failures as Problems.

The only module that imports jsonschema. Messages never echo jsonschema's own text, which
repeats the offending value (a NIK could reach a public CI log) and is English-only.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from site_builder.problems import Problem
from site_builder.sources import SourceDocument, pointer_text

SCHEMA_FILES = {"agency": "agency.schema.json", "agreement": "agreement.schema.json", "action-plan": "action-plan.schema.json"}
SHARED = "defs.schema.json"

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
        self.documents = {name: json.loads((schema_dir / name).read_text(encoding="utf-8"))
                          for name in [SHARED, *SCHEMA_FILES.values()]}
        registry = Registry()
        for name, contents in self.documents.items():
            resource = Resource.from_contents(contents)
            registry = registry.with_resources([(name, resource), (contents["$id"], resource)])
        cls = jsonschema.Draft202012Validator
        for contents in self.documents.values():
            cls.check_schema(contents)
        checker = jsonschema.FormatChecker(formats=["date"])
        self.validators = {kind: cls(self.documents[file], registry=registry, format_checker=checker)
                           for kind, file in SCHEMA_FILES.items()}

    def check(self, doc: SourceDocument) -> list[Problem]:
        validator = self.validators[doc.kind]
        out: list[Problem] = []
        for error in validator.iter_errors(doc.data):
            out += _explain(doc, error)
        return out


@lru_cache(maxsize=4)
def load(schema_dir: Path) -> Schemas:
    return Schemas(schema_dir)


def _suggest(word: str, choices, lang: str) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    return f"maksud Anda '{close[0]}'? " if lang == "id" else f"did you mean '{close[0]}'? "


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


def _explain(doc: SourceDocument, error) -> list[Problem]:
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
            return [p for sub in candidates[0] for p in _explain(doc, sub)]
        if not candidates:
            expected = []
            for sub in error.context:
                if sub.validator == "type":
                    for t in ([sub.validator_value] if isinstance(sub.validator_value, str) else sub.validator_value):
                        if t not in expected:
                            expected.append(t)
            return [_type_problem(doc, path, field, expected, instance)]
        best = jsonschema.exceptions.best_match(error.context)
        return _explain(doc, best)

    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(instance, dict) and k not in instance]
        where = f" di {field}" if path else ""
        return [doc.problem("schema-required", path, at_key=True, key=k, where=where) for k in missing]
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in instance:
            if key not in allowed:
                out.append(doc.problem("schema-unknown-key", path + (key,), at_key=True, key=key,
                                       suggestion=(_suggest(key, allowed, "id") or "") + "kunci yang dikenal: " + ", ".join(allowed),
                                       suggestion_en=(_suggest(key, allowed, "en") or "") + "known keys: " + ", ".join(allowed)))
        return out
    if kind == "type":
        expected = [error.validator_value] if isinstance(error.validator_value, str) else list(error.validator_value)
        return [_type_problem(doc, path, field, expected, instance)]
    if kind == "enum":
        choices = error.validator_value
        return [doc.problem("schema-enum", path, field=field, value=instance, choices=", ".join(map(str, choices)),
                            suggestion=_suggest(instance, choices, "id"), suggestion_en=_suggest(instance, choices, "en"))]
    if kind == "format":
        return [doc.problem("date-invalid", path, field=field, value=instance)]
    if kind == "pattern":
        code = schema.get("x-problem")
        if code:
            return [doc.problem(code, path, field=field)]
        what_id, what_en = _titles(schema)
        example = (schema.get("examples") or [""])[0]
        return [doc.problem("schema-pattern", path, field=field, value=instance, what_id=what_id, what_en=what_en, example=example)]
    if kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        detail = _length_detail(kind, error.validator_value)
        return [doc.problem("schema-length", path, field=field, detail_id=detail[0], detail_en=detail[1])]
    if kind in ("minimum", "exclusiveMinimum"):
        return [doc.problem("schema-range", path, field=field, value=instance, limit=error.validator_value)]
    return [doc.problem("schema-other", path, field=field, detail=kind)]


def _length_detail(kind: str, n: int) -> tuple[str, str]:
    return {
        "minItems": (f"perlu paling sedikit {n} butir", f"needs at least {n} items"),
        "maxItems": (f"paling banyak {n} butir", f"at most {n} items"),
        "minLength": ("tidak boleh kosong", "must not be empty") if n <= 1 else (f"paling sedikit {n} karakter", f"at least {n} characters"),
        "maxLength": (f"paling banyak {n} karakter", f"at most {n} characters"),
        "minProperties": ("tidak boleh kosong; tulis null bila tidak diketahui", "must not be empty; write null when unknown"),
    }[kind]


def _type_problem(doc: SourceDocument, path: tuple, field: str, expected: list[str], instance: object) -> Problem:
    found = _type_of(instance)
    exp_id = " atau ".join(TYPE_NAMES.get(t, (t, t))[0] for t in expected)
    exp_en = " or ".join(TYPE_NAMES.get(t, (t, t))[1] for t in expected)
    return doc.problem("schema-type", path, field=field, expected_id=exp_id, expected_en=exp_en,
                       found_id=TYPE_NAMES[found][0], found_en=TYPE_NAMES[found][1])
