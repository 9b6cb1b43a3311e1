"""Write a Briefing back as text in the one canonical form.

``ingest`` writes drafts in this form and ``fmt`` rewrites files into it, so
that diffs show only real changes. Parsing the output gives the same Briefing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from typing import Any

from .model import Briefing
from .schema import Spec, empty, specs

# Plain (unquoted) YAML is used only where it cannot be misread: first an ASCII letter or a
# character from U+00C0 to U+FFFF, spelled as all but those below and above (compiled in
# 0.2 ms where the range itself took 7 ms of every command's start).
SAFE_PLAIN = re.compile(r"(?:[A-Za-z]|[^\x00-\xbf\U00010000-\U0010ffff])[^:#{}\[\],&*!|>'\"%@`\n\t]*")
RESERVED = re.compile(r"(?i)(true|false|yes|no|on|off|null|~|y|n)")
# What YAML may not hold raw (non-printable characters, a BOM) or reads as a line
# break: written as \u escapes inside double quotes (JSON leaves them raw).
UNSAFE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


@functools.lru_cache(maxsize=1 << 14)  # names, roles, slugs: ~15 of a briefing's values, most seen before
def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when unambiguous, else double-quoted."""
    if (
        SAFE_PLAIN.fullmatch(value)
        and value == value.strip()
        and not RESERVED.fullmatch(value)
        and " -" not in value
        and "- " not in value
        and not UNSAFE.search(value)
    ):
        return value
    return quoted(value)


def quoted(value: str) -> str:
    """Quotations and prose are always in quotes, so they read as text."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def flow_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def flow_item(part: object) -> str:
    """A list item on one line: ``{speaker: Taro Kono, text: "…"}``."""
    pairs = ((key, spec, getattr(part, key)) for key, spec in specs(type(part)))
    return (
        "{"
        + ", ".join(
            f"{key}: {quoted(value) if spec.quoted else scalar(as_text(value))}"
            for key, spec, value in pairs
            if value is not None
        )
        + "}"
    )


def as_text(value: str | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def field_lines(record: object, indent: str = "") -> list[str]:
    """The declared fields of ``record`` as YAML lines, in the canonical order."""
    lines = []
    for key, spec in specs(type(record)):
        value = getattr(record, key)
        if empty(value):
            if spec.when_empty == "[]":
                lines.append(f"{indent}{key}: []")
            elif spec.when_empty == "write":  # a draft ingest could not fill: check asks for it
                lines.append(f'{indent}{key}: ""')
            continue
        lines += value_lines(key, spec, value, indent)
    return lines


def value_lines(key: str, spec: Spec, value: Any, indent: str) -> list[str]:
    if spec.kind == "mapping":
        return [f"{indent}{key}:"] + field_lines(value, indent + "  ")
    if spec.kind == "items":
        return [f"{indent}{key}:"] + [f"{indent}  - {flow_item(item)}" for item in value]
    if spec.kind == "names":
        if spec.one_per_line:
            return [f"{indent}{key}:"] + [f"{indent}  - {scalar(item)}" for item in value]
        return [f"{indent}{key}: {flow_list(value)}"]
    if spec.kind == "date":
        return [f"{indent}{key}: {value.isoformat()}"]
    return [f"{indent}{key}: {quoted(value) if spec.quoted else scalar(value)}"]


def dump_briefing(briefing: Briefing) -> str:
    """The canonical text of ``briefing``: front matter, then the body."""
    body = briefing.body.strip("\n")
    return "---\n" + "\n".join(field_lines(briefing)) + "\n---\n" + (body + "\n" if body else "")
