"""How a briefing's fields are declared: once, as metadata on the dataclass fields of ``model``.

Each front-matter field of ``model.Briefing`` (and of its parts: ``Source``, ``Actor``,
``Quote``, ``Correction``) carries a ``Spec``: its type, whether it is required, how
``fmt`` writes it, whether ``briefings.json`` holds it, the label it is shown under on
the briefing page and whether it is a search filter. Parsing (``parse``), writing
(``serialize``), ``fmt`` and ``publish`` (``workflow``), the export (``listing_pages``),
the briefing page (``detail_pages``) and search (``records``) read these declarations,
so a new field is one line in ``model``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast


@dataclass(frozen=True)
class Spec:
    """One front-matter field: what it holds and how every stage treats it."""

    kind: str  # "text" | "date" | "choice" | "names" | "mapping" (one part) | "items" (a list of parts)
    required: bool = False
    strip: bool = False  # surrounding spaces dropped when read
    shared: bool = False  # a value many briefings repeat (names, kinds): one copy in memory
    quoted: bool = False  # prose: fmt always writes it in double quotes
    when_empty: str = "omit"  # how fmt writes it when empty: "omit", "[]", or "write" it anyway
    one_per_line: bool = False  # a list fmt writes one item per line (review notes), not [a, b]
    choices: tuple[str, ...] = ()
    max_length: int = 0
    too_long: str = ""  # what belongs elsewhere, said when over max_length
    export: bool = True  # in briefings.json
    label: str = ""  # shown under this label among the briefing page's facts
    filter: str = ""  # a search filter, offered under this label
    unknown: str = "error"  # a part's key the schema does not know: "error" or "warning"
    part: type | None = None  # the dataclass a "mapping" or each of "items" holds

    @property
    def part_class(self) -> type:
        """``part``, which a "mapping" or "items" field always declares."""
        if self.part is None:
            raise TypeError(f"a {self.kind!r} field declares no part")
        return self.part


def declared(kind: str, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    """A dataclass field declared as a front-matter field (``Spec(kind, **options)``)."""
    metadata = {"spec": Spec(kind, **options)}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def specs(cls: type) -> tuple[tuple[str, Spec], ...]:
    """(key, Spec) of each declared field of ``cls``, in the canonical order: made once a class
    (asked for ~25 times a briefing parsed, it was ~12% of the parse)."""
    return class_specs(cast(Hashable, cls))  # a class hashes (typeshed's ``type.__hash__`` does not say so)


@functools.cache
def class_specs(cls: Any) -> tuple[tuple[str, Spec], ...]:
    declared_fields = [(f.name, f.metadata["spec"]) for f in dataclasses.fields(cls) if "spec" in f.metadata]
    order = getattr(cls, "WRITTEN_ORDER", None)
    if order:
        by_key = dict(declared_fields)
        return tuple((key, by_key[key]) for key in order)
    return tuple(declared_fields)


def keys(cls: type) -> tuple[str, ...]:
    return tuple(key for key, _ in specs(cls))


# Values that are JSON-ready as they are: most of what ``plain_data`` is handed (briefings.json
# and the search records hand it every field of every briefing, ~50 values a briefing).
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def plain_data(value: Any) -> Any:
    """A value as JSON-ready data: dates as ISO text, tuples as lists, parts as mappings of
    their non-empty declared fields."""
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain_data(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {key: plain_data(field) for key, field in declared_values(value) if not empty(field)}
    return value


def declared_values(value: Any) -> list[tuple[str, Any]]:
    """(key, value) of each declared field of ``value``, each read once (a kept briefing's
    fields are read through a descriptor, ``cache.kept_briefings``)."""
    return [(key, getattr(value, key)) for key, _ in specs(type(value))]


def empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def listed_under_labels(briefing: Any) -> list[dict[str, Any]]:
    """The briefing's fields declared with a ``label`` that hold a value: what its page lists."""
    return [
        {"key": key, "label": spec.label, "value": plain_data(getattr(briefing, key))}
        for key, spec in specs(type(briefing))
        if spec.label and not empty(getattr(briefing, key))
    ]


def filter_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(key, label) of every field that is a search filter."""
    return tuple((key, spec.filter) for key, spec in specs(cls) if spec.filter)
