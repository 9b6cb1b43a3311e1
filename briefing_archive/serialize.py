"""Write a Briefing back as text in the one canonical form.

``ingest`` writes drafts in this form and ``fmt`` rewrites files into it, so
that diffs show only real changes. Parsing the output gives the same Briefing.
"""
from __future__ import annotations

import json
import re

from .model import Actor, Briefing, Correction, Quote

# Plain (unquoted) YAML is used only where it cannot be misread.
SAFE_PLAIN = re.compile(r"[A-Za-z\u00C0-\uFFFF][^:#{}\[\],&*!|>'\"%@`\n\t]*")
RESERVED = re.compile(r"(?i)(true|false|yes|no|on|off|null|~|y|n)")
# What YAML may not hold raw (non-printable characters, a BOM) or reads as a line
# break: written as \u escapes inside double quotes (JSON leaves them raw).
UNSAFE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when unambiguous, else double-quoted."""
    if SAFE_PLAIN.fullmatch(value) and value == value.strip() and not RESERVED.fullmatch(value) \
            and " -" not in value and "- " not in value and not UNSAFE.search(value):
        return value
    return quoted(value)


def quoted(value: str) -> str:
    """Quotations and prose are always in quotes, so they read as text."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def flow(pairs: list[tuple[str, str | None]]) -> str:
    return "{" + ", ".join(f"{k}: {quoted(v) if k == 'text' else scalar(v)}"
                           for k, v in pairs if v is not None) + "}"


def flow_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def actor_line(actor: Actor) -> str:
    return flow([("name", actor.name), ("kind", actor.kind), ("role", actor.role),
                 ("country", actor.country)])


def quote_line(quote: Quote) -> str:
    return flow([("speaker", quote.speaker), ("to", quote.to), ("text", quote.text)])


def correction_line(correction: Correction) -> str:
    return flow([("date", correction.date.isoformat()), ("text", correction.text)])


def front_matter_lines(b: Briefing) -> list[str]:
    date = b.date.isoformat() if b.date else '""'  # an undated draft: check asks for the date
    lines = [f"title: {scalar(b.title)}", f"date: {date}", f"status: {b.status}"]
    if b.reviewed_by:
        lines.append(f"reviewed_by: {scalar(b.reviewed_by)}")
    lines.append("source:")
    lines.append(f"  outlet: {scalar(b.source.outlet)}")  # empty in a draft ingest could not place
    for key in ("file", "url", "credit"):
        value = getattr(b.source, key)
        if value:
            lines.append(f"  {key}: {scalar(value)}")
    if b.source.byline:
        lines.append(f"  byline: {flow_list(b.source.byline)}")
    if b.summary:
        lines.append(f"summary: {quoted(b.summary)}")
    lines.append(f"issues: {flow_list(b.issues)}")
    for key, items, line_of in (("actors", b.actors, actor_line), ("quotes", b.quotes, quote_line),
                                ("corrections", b.corrections, correction_line)):
        if items:
            lines.append(f"{key}:")
            lines += [f"  - {line_of(item)}" for item in items]
        elif key != "corrections":
            lines.append(f"{key}: []")
    if b.review:
        lines.append("review:")
        lines += [f"  - {scalar(note)}" for note in b.review]
    return lines


def dump_briefing(briefing: Briefing) -> str:
    """The canonical text of ``briefing``: front matter, then the body."""
    body = briefing.body.strip("\n")
    return "---\n" + "\n".join(front_matter_lines(briefing)) + "\n---\n" + (body + "\n" if body else "")
