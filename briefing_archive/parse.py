"""Turn the text of a briefing file into a Briefing, or into its problems.

Pure: text in, data out. Every problem is collected, none raised, so that
``check`` can print them all at once.
"""
from __future__ import annotations

import sys

import dataclasses
import datetime as dt
import re

from .frontmatter import Document, LocatedList, Plain, load_document
from .model import (ACTOR_KINDS, STATUSES, Actor, Briefing, Correction, Problem,
                    Quote, Source)

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NULLS = {"", "~", "null", "Null", "NULL"}
BRIEFING_KEYS = ("title", "date", "status", "reviewed_by", "source", "summary", "issues",
                 "actors", "quotes", "corrections", "review")
SOURCE_KEYS = ("outlet", "file", "url", "credit", "byline")
# A title is a headline; anything longer is a pasted paragraph (and breaks page layouts).
MAX_TITLE = 300


class FieldReader:
    """Reads typed values out of loaded YAML, noting a Problem for each misfit."""

    def __init__(self, path: str, document: Document):
        self.path = path
        self.lines = document.lines
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1

    def fail(self, key: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line(key), key, message, severity))

    def text(self, data: dict, key: str, where: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, Plain) and value in NULLS):
            if required:
                self.fail(where, "missing: this field is required" + FILL_IN.get(where, ""))
            return None
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {describe(value)}")
            return None
        if isinstance(value, Plain) and looks_like_number_or_bool(value):
            self.fail(where, f"must be text, not the {describe_plain(value)} {value}; "
                             "put it in quotes if it is meant as text")
            return None
        if required and not value.strip():
            self.fail(where, "missing: this field is empty" + FILL_IN.get(where, ""))
            return None
        control = CONTROL.search(value)
        if control:
            self.fail(where, control_message(control.group()))
            return None
        return str(value)

    def body(self, document) -> str:
        """The Markdown body, refused (with its line) when it holds a control character, is
        too long, or is the bracket-heavy Markdown that takes minutes to render."""
        body = document.body
        control = CONTROL.search(body)
        if control:
            line = document.body_line + body.count("\n", 0, control.start())
            self.problems.append(Problem(self.path, line, "body", control_message(control.group())))
        if len(body.encode("utf-8")) > MAX_BODY_BYTES:
            self.problems.append(Problem(self.path, document.body_line, "body",
                                         f"too long: {len(body.encode('utf-8')) // 1024} KB, at most "
                                         f"{MAX_BODY_BYTES // 1024} KB (a briefing, not the article: cut it)"))
        elif NESTED_TOO_DEEP.search(body):
            line = document.body_line + body.count("\n", 0, NESTED_TOO_DEEP.search(body).start())
            self.problems.append(Problem(self.path, line, "body", f"lists or quotes nested over {MAX_NESTING} "
                                         "levels deep on one line: Markdown cannot render it; flatten it"))
        elif len(UNESCAPED_BRACKET.findall(body)) > MAX_BRACKETS:
            self.problems.append(Problem(self.path, document.body_line, "body",
                                         f"{len(UNESCAPED_BRACKET.findall(body))} '[' characters, at most "
                                         f"{MAX_BRACKETS}: Markdown "
                                         "this bracket-heavy takes minutes to render; escape them as \\[ or cut them"))
        return body

    def date(self, data: dict, key: str, where: str, required: bool = False) -> dt.date | None:
        value = self.text(data, key, where, required)
        if value is None:
            return None
        parsed = parse_iso_date(value)
        if isinstance(parsed, str):
            self.fail(where, parsed)
            return None
        return parsed

    def text_list(self, data: dict, key: str, where: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None or (isinstance(value, Plain) and value in NULLS):
            return ()
        if isinstance(value, str):
            value = LocatedList([value])
            value.item_lines = []
        if not isinstance(value, list):
            self.fail(where, f"must be a list of names, not {describe(value)}")
            return ()
        items = []
        for index, _ in enumerate(value):
            item = self.text(dict(enumerate(value)), index, f"{where}.{index}")
            if item is not None and item.strip():
                items.append(item.strip())
        return tuple(items)

    def mappings(self, data: dict, key: str, where: str, known: tuple[str, ...]) -> list[tuple[str, dict]]:
        """The list items of ``key`` that are mappings, with their dotted names."""
        value = data.get(key)
        if value is None or (isinstance(value, Plain) and value in NULLS):
            return []
        if not isinstance(value, list):
            self.fail(where, f"must be a list, not {describe(value)}")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{where}.{index}", item))
                self.unknown_keys(item, f"{where}.{index}", known)
            else:
                self.fail(f"{where}.{index}", f"must be a mapping ({{name: …}}), not {describe(item)}")
        return found


    def unknown_keys(self, item: dict, where: str, known: tuple[str, ...]) -> None:
        """An item's stray keys are errors: most often an unquoted comma cut a value short
        (``text: Yes, we will`` reads as text "Yes" and a key "we will"), losing words silently."""
        for key in item:
            if key in known:
                continue
            field = f"{where}.{shorten(key)}"
            if item[key] is None:
                self.fail(field, "not a field: an unquoted comma ends a value in {…}, so the words after it "
                                 "were cut off; put the value in double quotes")
            else:
                self.fail(field, "unknown field (known: " + ", ".join(known) + ")")


def shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text {value!r}"


def looks_like_number_or_bool(value: str) -> bool:
    return bool(re.fullmatch(r"[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+)|true|false|True|False|TRUE|FALSE|yes|no", value))


def describe_plain(value: str) -> str:
    return "number" if value[:1].isdigit() or value[:1] in "+-." else "yes/no value"


# Characters no text of ours may hold: they make the feeds invalid XML (C0 controls but tab
# and line breaks, U+FFFE, U+FFFF) or play tricks on a terminal (DEL, C1 controls, escapes).
MAX_NESTING = 30
# "> > > …", "1. 1. 1. …", "- - - …": each marker opens a quote or list inside the one before
NESTED_TOO_DEEP = re.compile(r"^(?:[ \t]*(?:>|[*+-][ \t]|\d{1,9}[.)][ \t])){%d}" % (MAX_NESTING + 1), re.MULTILINE)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def control_message(character: str) -> str:
    return f"holds the control character U+{ord(character):04X}: delete it (it would break the feeds)"


MAX_BODY_BYTES = 512 * 1024
MAX_BRACKETS = 2000  # Python-Markdown's link pattern is quadratic in them (4,000 take 3 s)
UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")


# What an editor fills in where ingest found nothing (a draft leaves these empty).
FILL_IN = {
    "title": "; write the story's headline",
    "date": "; write the day the story was published (YYYY-MM-DD)",
    "source.outlet": "; name the outlet that published the story",
}


def parse_iso_date(value: str) -> dt.date | str:
    """A date from 'YYYY-MM-DD', or a message saying what is wrong with it."""
    match = ISO_DATE.fullmatch(value.strip())
    if not match:
        return f"{value!r} is not a date in the form YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        return f"{value!r} is not a real date ({error})"


def parse_briefing(path: str, text: str) -> Briefing | list[Problem]:
    """The Briefing in ``text``, or every problem that prevents reading it."""
    document = load_document(path, text)
    if isinstance(document, list):
        return document
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None or document.data == "" else describe(document.data)
        return [Problem(path, 2, "front matter", f"must be a mapping of fields (title: …), not {kind}")]
    reader = FieldReader(path, document)
    briefing = read_briefing(reader, document)
    return reader.problems if any(p.is_error for p in reader.problems) else \
        with_warnings(briefing, reader.problems)


def with_warnings(result, warnings: list[Problem]):
    """``result`` (a Briefing or RegistryEntry) carrying its parse warnings."""
    return dataclasses.replace(result, warnings=tuple(warnings)) if warnings else result


def read_briefing(reader: FieldReader, document: Document) -> Briefing | None:
    data = document.data
    for key in data:
        if key not in BRIEFING_KEYS:
            reader.fail(key, "unknown field (known: " + ", ".join(BRIEFING_KEYS) + ")", "warning")
    title = reader.text(data, "title", "title", required=True)
    if title is not None and len(title.strip()) > MAX_TITLE:
        reader.fail("title", f"too long: {len(title.strip())} characters, at most {MAX_TITLE} "
                             "(a headline; longer text belongs in summary:)")
        title = None
    date = reader.date(data, "date", "date", required=True)
    status = reader.text(data, "status", "status", required=True)
    if status is not None and status not in STATUSES:
        reader.fail("status", f"unknown status {status!r}: use draft or published")
    source = read_source(reader, data)
    result = dict(
        summary=reader.text(data, "summary", "summary"),
        issues=tuple(intern(name) for name in reader.text_list(data, "issues", "issues")),
        actors=read_actors(reader, data),
        quotes=read_quotes(reader, data),
        review=reader.text_list(data, "review", "review"),
        reviewed_by=intern(reader.text(data, "reviewed_by", "reviewed_by")),
        corrections=read_corrections(reader, data),
    )
    body = reader.body(document)
    if None in (title, date, status, source):
        return None
    return Briefing(path=reader.path, title=title.strip(), date=date, status=status, source=source,
                    body=body, body_line=document.body_line, lines=dict(document.lines), **result)


def read_source(reader: FieldReader, data: dict) -> Source | None:
    value = data.get("source")
    if not isinstance(value, dict):
        reader.fail("source", "missing: a mapping with at least outlet: is required" if value is None
                    else f"must be a mapping (outlet: …, file: …), not {describe(value)}")
        return None
    for key in value:
        if key not in SOURCE_KEYS:
            reader.fail(f"source.{key}", "unknown field (known: " + ", ".join(SOURCE_KEYS) + ")", "warning")
    outlet = reader.text(value, "outlet", "source.outlet", required=True)
    fields = {key: reader.text(value, key, f"source.{key}") for key in ("file", "url", "credit")}
    byline = reader.text_list(value, "byline", "source.byline")
    return None if outlet is None else Source(outlet=intern(outlet.strip()), byline=byline, **fields)


def read_actors(reader: FieldReader, data: dict) -> tuple[Actor, ...]:
    actors = []
    for where, item in reader.mappings(data, "actors", "actors", ("name", "kind", "role", "country")):
        name = reader.text(item, "name", f"{where}.name", required=True)
        kind = reader.text(item, "kind", f"{where}.kind", required=True)
        if kind is not None and kind not in ACTOR_KINDS:
            reader.fail(f"{where}.kind", f"unknown kind {kind!r}: use person, country or organisation")
            kind = None
        role = reader.text(item, "role", f"{where}.role")
        country = reader.text(item, "country", f"{where}.country")
        if name and kind:
            # Names, kinds, roles and countries repeat across thousands of briefings: one copy each.
            actors.append(Actor(intern(name.strip()), intern(kind), intern(role and role.strip()),
                                intern(country and country.strip())))
    return tuple(actors)


def read_quotes(reader: FieldReader, data: dict) -> tuple[Quote, ...]:
    quotes = []
    for where, item in reader.mappings(data, "quotes", "quotes", ("speaker", "to", "text")):
        speaker = reader.text(item, "speaker", f"{where}.speaker", required=True)
        text = reader.text(item, "text", f"{where}.text", required=True)
        to = reader.text(item, "to", f"{where}.to")
        if speaker and text:
            quotes.append(Quote(intern(speaker.strip()), text.strip(), intern(to and to.strip())))
    return tuple(quotes)


def read_corrections(reader: FieldReader, data: dict) -> tuple[Correction, ...]:
    corrections = []
    for where, item in reader.mappings(data, "corrections", "corrections", ("date", "text")):
        date = reader.date(item, "date", f"{where}.date", required=True)
        text = reader.text(item, "text", f"{where}.text", required=True)
        if date and text:
            corrections.append(Correction(date, text.strip()))
    return tuple(corrections)


def intern(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)
