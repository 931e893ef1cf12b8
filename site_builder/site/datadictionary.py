"""The data dictionary, read from schema/*.json so it can never drift from what the validator enforces.

Each record field becomes one row: its path (`parties[].signatory.name`), the schema's bilingual
title and description, the kind of value it takes, whether it is required, and allowed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.labels import Labels

# Record kinds in the order the About page lists them, with their schema files.
SCHEMAS = (
    ("agreement", "agreement.schema.json"),
    ("action-plan", "action-plan.schema.json"),
    ("agency", "agency.schema.json"),
)


@dataclass(frozen=True)
class Field:
    path: str
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    value_kind: str
    required: bool
    allowed: tuple[str, ...]


def split_title(text: str) -> tuple[str, str]:
    """'Judul / Title' -> ('Judul', 'Title')."""
    first, _, second = text.partition(" / ")
    return first.strip(), (second or first).strip()


def split_description(text: str) -> tuple[str, str]:
    """'Indonesian...\\n\\nEN: English...' -> both parts."""
    first, _, second = text.partition("\n\nEN: ")
    return first.strip(), second.strip()


class _Reader:
    def __init__(self, documents: Mapping[str, dict], labels: Labels):
        self.documents = documents
        self.labels = labels

    def resolve(self, node: dict, doc: str) -> tuple[dict, str, dict | None]:
        """(node with its $ref followed, the document it lives in, the referenced definition or None)."""
        ref = node.get("$ref")
        if not ref:
            return node, doc, None
        target_doc, _, pointer = ref.partition("#")
        target_doc = target_doc or doc
        target = self.documents[target_doc]
        for part in pointer.strip("/").split("/"):
            target = target[part]
        inner, inner_doc, _ = self.resolve(target, target_doc)
        return inner, inner_doc, target

    def branches(self, node: dict, doc: str) -> tuple[list[tuple[dict, str, dict | None]], bool]:
        """The non-null alternatives of a node and whether null is allowed."""
        resolved, where, definition = self.resolve(node, doc)
        if "anyOf" not in resolved:
            return [(resolved, where, definition)], resolved.get("type") == "null"
        options, nullable = [], False
        for option in resolved["anyOf"]:
            inner, inner_doc, inner_def = self.resolve(option, where)
            if inner.get("type") == "null":
                nullable = True
            else:
                options.append((inner, inner_doc, inner_def or definition))
        return options, nullable

    def words(self, node: dict, doc: str) -> tuple[str, tuple[str, ...], list[tuple[str, dict, str]]]:
        """(kind of value in words, allowed values, children to walk as (suffix, node, doc))."""
        ui = self.labels.ui
        resolved, where, definition = self.resolve(node, doc)
        options, nullable = self.branches(node, doc)
        allowed: tuple[str, ...] = ()
        children: list[tuple[str, dict, str]] = []
        if definition is not None and "title" in definition and "anyOf" in resolved:
            kind = split_title(definition["title"])[0]  # a shared definition names the union itself
            nullable = False
        elif len(options) == 1:
            option, option_doc, option_def = options[0]
            allowed = tuple(str(v) for v in option.get("enum", ()))
            kind = self._kind(option, option_def)
            if option.get("type") == "object":
                children = [(f".{name}", child, option_doc) for name, child in option.get("properties", {}).items()]
            elif option.get("type") == "array":
                item, item_doc, item_def = self.resolve(option["items"], option_doc)
                kind = ui["type_list_of"].format(kind=self._kind(item, item_def))
                allowed = tuple(str(v) for v in item.get("enum", ()))
                if item.get("type") == "object":
                    children = [(f"[].{name}", child, item_doc) for name, child in item.get("properties", {}).items()]
        else:
            kind = ui["type_one_of"].format(kinds=", ".join(self._kind(o, d) for o, _, d in options))
        if nullable:
            kind = ui["type_nullable"].format(kind=kind)
        return kind, allowed, children

    def _kind(self, node: dict, definition: dict | None) -> str:
        if node.get("enum"):
            return self.labels.ui["type_choice"]
        if definition is not None and "title" in definition and node.get("type") != "object":
            return split_title(definition["title"])[0]
        return self.labels.ui.get(f"type_{node.get('type', 'object')}", node.get("type", ""))

    def fields(self, schema: dict, doc: str, prefix: str = "") -> list[Field]:
        out: list[Field] = []
        required = set(schema.get("required", ()))
        for name, node in schema.get("properties", {}).items():
            out += self._field(prefix + name, node, doc, name in required)
        return out

    def _field(self, path: str, node: dict, doc: str, required: bool) -> list[Field]:
        resolved, _, definition = self.resolve(node, doc)
        title = node.get("title") or resolved.get("title") or (definition or {}).get("title", "")
        description = (
            node.get("description") or resolved.get("description") or (definition or {}).get("description", "")
        )
        if not title or not description:  # e.g. an anyOf whose branches carry the words
            for option, _, option_def in self.branches(node, doc)[0]:
                title = title or option.get("title") or (option_def or {}).get("title", "")
                description = description or option.get("description") or (option_def or {}).get("description", "")
        kind, allowed, children = self.words(node, doc)
        title_id, title_en = split_title(title)
        description_id, description_en = split_description(description)
        rows = [Field(path, title_id, title_en, description_id, description_en, kind, required, allowed)]
        child_required = self._required_of(node, doc)
        for suffix, child, child_doc in children:
            name = suffix.rsplit(".", 1)[-1]
            rows += self._field(path + suffix, child, child_doc, name in child_required)
        return rows

    def _required_of(self, node: dict, doc: str) -> set[str]:
        for option, option_doc, _ in self.branches(node, doc)[0]:
            if option.get("type") == "array":
                option, _, _ = self.resolve(option["items"], option_doc)
            if option.get("type") == "object":
                return set(option.get("required", ()))
        return set()


def dictionary(documents: Mapping[str, dict], labels: Labels) -> list[tuple[str, dict, list[Field]]]:
    """[(record kind, its schema, its fields)] in SCHEMAS order."""
    reader = _Reader(documents, labels)
    return [(kind, documents[file], reader.fields(documents[file], file)) for kind, file in SCHEMAS]
