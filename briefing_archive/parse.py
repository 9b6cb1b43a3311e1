"""Turn the text of a briefing file into a Briefing, or into its problems.

Pure: text in, data out. Every problem is collected, none raised, so that
``check`` can print them all at once. Each field is read as ``schema`` declares it on
``model.Briefing``, by the typed readers of ``fields``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from typing import Any, TypeVar

from .fields import FILL_IN as FILL_IN  # for callers
from .fields import FieldReader, describe
from .fields import parse_iso_date as parse_iso_date  # for callers
from .frontmatter import Document, load_document
from .model import MAX_TITLE as MAX_TITLE  # for callers
from .model import Briefing, Problem, RegistryEntry, Source
from .schema import Spec, keys, specs

BRIEFING_KEYS = keys(Briefing)
SOURCE_KEYS = keys(Source)


def parse_briefing(path: str, text: str) -> Briefing | list[Problem]:
    """The Briefing in ``text``, or every problem that prevents reading it."""
    document = load_document(path, text)
    if isinstance(document, list):
        return document
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None or document.data == "" else describe(document.data)
        return [Problem(path, 2, "front matter", f"must be a mapping of fields (title: …), not {kind}")]
    reader = FieldReader(path, document)
    briefing = read_briefing(reader, document, document.data)
    if briefing is None or any(p.is_error for p in reader.problems):
        return reader.problems
    return with_warnings(briefing, reader.problems)


Parsed = TypeVar("Parsed", Briefing, RegistryEntry)


def with_warnings(result: Parsed, warnings: list[Problem]) -> Parsed:
    """``result`` carrying its parse warnings."""
    return dataclasses.replace(result, warnings=tuple(warnings)) if warnings else result


def read_briefing(reader: FieldReader, document: Document, data: Mapping[str, object]) -> Briefing | None:
    reader.unknown_keys(data, "", BRIEFING_KEYS, "warning")
    values = read_declared(reader, Briefing, data, "")
    body = reader.body(document)
    if values is None:
        return None
    return Briefing(path=reader.path, body=body, body_line=document.body_line, lines=dict(document.lines), **values)


def read_declared(reader: FieldReader, cls: type, data: Mapping[str, object], prefix: str) -> dict[str, Any] | None:
    """Every declared field of ``cls`` read from ``data`` (problems noted on the reader);
    None when a required one is missing or wrong."""
    values: dict[str, Any] = {}  # keyword arguments of ``cls``, each of its field's type
    complete = True
    for key, spec in specs(cls):
        value = read_field(reader, data, key, f"{prefix}{key}", spec)
        if spec.required and not value:
            complete = False
        values[key] = value
    return values if complete else None


def read_field(reader: FieldReader, data: Mapping[str, object], key: str, where: str, spec: Spec) -> object:
    if spec.kind == "names":
        names = reader.text_list(data, key, where)
        return tuple(sys.intern(name) for name in names) if spec.shared else names
    if spec.kind == "mapping":
        return read_part(reader, data, key, where, spec)
    if spec.kind == "items":
        part = spec.part_class
        return tuple(
            item
            for item in (
                read_item(reader, mapping, item_where, part)
                for item_where, mapping in reader.mappings(data, key, where, keys(part))
            )
            if item is not None
        )
    if spec.kind == "date":
        return reader.date(data, key, where, spec.required)
    value = reader.text(data, key, where, spec.required)
    if value is None:
        return None
    if spec.strip:
        value = value.strip()
    if spec.max_length and len(value.strip()) > spec.max_length:
        reader.fail(where, f"too long: {len(value.strip())} characters, at most {spec.max_length} ({spec.too_long})")
        return None
    if spec.choices and value not in spec.choices:
        reader.fail(where, f"unknown {key} {value!r}: use {either(spec.choices)}")
        return None
    return sys.intern(value) if spec.shared else value


def either(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]


def read_part(reader: FieldReader, data: Mapping[str, object], key: str, where: str, spec: Spec) -> object:
    """A field that is one mapping of its own declared fields (``source``)."""
    value = data.get(key)
    part = spec.part_class
    part_keys = keys(part)
    if not isinstance(value, dict):
        required = ", ".join(k for k, s in specs(part) if s.required)
        reader.fail(
            where,
            f"missing: a mapping with at least {required}: is required"
            if value is None
            else f"must be a mapping ({part_keys[0]}: …, {part_keys[1]}: …), not {describe(value)}",
        )
        return None
    reader.unknown_keys(value, f"{where}.", part_keys, spec.unknown)
    values = read_declared(reader, part, value, f"{where}.")
    return None if values is None else part(**values)


def read_item(reader: FieldReader, item: Mapping[str, object], where: str, part: type) -> object:
    values = read_declared(reader, part, item, f"{where}.")
    return None if values is None else part(**values)
