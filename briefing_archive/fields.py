"""Read typed values out of loaded front matter, noting a Problem for each misfit.

Shared by briefings (``parse``) and the registry (``registry``): text, dates, lists of
names, lists of mappings, unknown keys, and the Markdown body with its limits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .frontmatter import Document, Plain
from .model import Problem, nearest_line

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NULLS = {"", "~", "null", "Null", "NULL"}
NUMBER_OR_BOOL = re.compile(r"[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+)|true|false|True|False|TRUE|FALSE|yes|no")


class FieldReader:
    """Reads typed values out of loaded YAML, noting a Problem for each misfit."""

    def __init__(self, path: str, document: Document) -> None:
        self.path = path
        self.lines = document.lines
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        return nearest_line(self.lines, key)

    def fail(self, key: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line(key), key, message, severity))

    def text(self, data: Mapping[str, object], key: str, where: str, required: bool = False) -> str | None:
        return self.text_value(data.get(key), where, required)

    def text_value(self, value: object, where: str, required: bool = False) -> str | None:
        if value is None or (isinstance(value, Plain) and value in NULLS):
            if required:
                self.fail(where, "missing: this field is required" + FILL_IN.get(where, ""))
            return None
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {describe(value)}")
            return None
        if isinstance(value, Plain) and NUMBER_OR_BOOL.fullmatch(value):
            self.fail(
                where, f"must be text, not the {describe_plain(value)} {value}; put it in quotes if it is meant as text"
            )
            return None
        if required and not value.strip():
            self.fail(where, "missing: this field is empty" + FILL_IN.get(where, ""))
            return None
        control = CONTROL.search(value)
        if control:
            self.fail(where, control_message(control.group()))
            return None
        return str(value)

    def body(self, document: Document) -> str:
        """The Markdown body, refused (with its line) when it holds a control character, is
        too long, or is the bracket-heavy Markdown that takes minutes to render."""
        body = document.body
        control = CONTROL.search(body)
        if control:
            self.body_problem(document, control.start(), control_message(control.group()))
        refused = unrenderable(body)
        if refused is not None:
            self.body_problem(document, *refused)
        return body

    def body_problem(self, document: Document, offset: int, message: str) -> None:
        line = document.body_line + document.body.count("\n", 0, offset)
        self.problems.append(Problem(self.path, line, "body", message))

    def date(self, data: Mapping[str, object], key: str, where: str, required: bool = False) -> dt.date | None:
        value = self.text(data, key, where, required)
        if value is None:
            return None
        parsed = parse_iso_date(value)
        if isinstance(parsed, str):
            self.fail(where, parsed)
            return None
        return parsed

    def text_list(self, data: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None or (isinstance(value, Plain) and value in NULLS):
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, f"must be a list of names, not {describe(value)}")
            return ()
        items = []
        for index, value_item in enumerate(value):
            item = self.text_value(value_item, f"{where}.{index}")
            if item is not None and item.strip():
                items.append(item.strip())
        return tuple(items)

    def mappings(
        self, data: Mapping[str, object], key: str, where: str, known: tuple[str, ...]
    ) -> list[tuple[str, Mapping[str, object]]]:
        """The list items of ``key`` that are mappings, with their dotted names."""
        value = data.get(key)
        if value is None or (isinstance(value, Plain) and value in NULLS):
            return []
        if not isinstance(value, list):
            self.fail(where, f"must be a list, not {describe(value)}")
            return []
        found: list[tuple[str, Mapping[str, object]]] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{where}.{index}", item))
                self.unknown_keys(item, f"{where}.{index}.", known)
            else:
                self.fail(f"{where}.{index}", f"must be a mapping ({{name: …}}), not {describe(item)}")
        return found

    def unknown_keys(
        self, item: Mapping[str, object], prefix: str, known: tuple[str, ...], severity: str = "error"
    ) -> None:
        """Keys the schema does not know. In a list item they are errors: most often an unquoted
        comma cut a value short (``text: Yes, we will`` reads as text "Yes" and a key "we will"),
        losing words silently. Elsewhere ``severity`` says (a warning: fmt refuses to drop them)."""
        for key in item:
            if key in known:
                continue
            if severity == "warning":
                self.fail(f"{prefix}{key}", "unknown field (known: " + ", ".join(known) + ")", "warning")
                continue
            field = f"{prefix}{shorten(key)}"
            if item[key] is None:
                self.fail(
                    field,
                    "not a field: an unquoted comma ends a value in {…}, so the words after it "
                    "were cut off; put the value in double quotes",
                )
            else:
                self.fail(field, "unknown field (known: " + ", ".join(known) + ")")


def shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text {value!r}"


def describe_plain(value: str) -> str:
    return "number" if value[:1].isdigit() or value[:1] in "+-." else "yes/no value"


MAX_NESTING = 30
# "> > > …", "1. 1. 1. …", "- - - …": each marker opens a quote or list inside the one before
NESTED_TOO_DEEP = re.compile(rf"^(?:[ \t]*(?:>|[*+-][ \t]|\d{{1,9}}[.)][ \t])){{{MAX_NESTING + 1}}}", re.MULTILINE)
# Characters no text of ours may hold: they make the feeds invalid XML (C0 controls but tab
# and line breaks, U+FFFE, U+FFFF) or play tricks on a terminal (DEL, C1 controls, escapes).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def control_message(character: str) -> str:
    return f"holds the control character U+{ord(character):04X}: delete it (it would break the feeds)"


MAX_BODY_BYTES = 512 * 1024
MAX_BRACKETS = 2000  # Python-Markdown's link pattern is quadratic in them (4,000 take 3 s)


def unrenderable(body: str) -> tuple[int, str] | None:
    """(offset, why) when ``body`` is too long or Markdown that takes minutes to render."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return 0, (
            f"too long: {size // 1024} KB, at most {MAX_BODY_BYTES // 1024} KB (a briefing, not the article: cut it)"
        )
    nested = NESTED_TOO_DEEP.search(body)
    if nested:
        return nested.start(), (
            f"lists or quotes nested over {MAX_NESTING} levels deep on one line: Markdown cannot render it; flatten it"
        )
    # The "[" not after a backslash, as two counts: a regular expression's matches took ~50 µs
    # of each briefing's load and check (1.5 s of CPU at 30,000 briefings), these ~5.
    brackets = body.count("[") - body.count("\\[")
    if brackets > MAX_BRACKETS:
        return 0, (
            f"{brackets} '[' characters, at most {MAX_BRACKETS}: Markdown this bracket-heavy takes "
            "minutes to render; escape them as \\[ or cut them"
        )
    return None


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
