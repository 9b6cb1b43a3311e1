"""Compare a draft with an expected file (``tests/ingest_cases/*.expected.yml``).

Used by the tests and by ``bench/ingest_quality.py``. Quote texts compare with
whitespace, quote-mark style and trailing punctuation aside, as ``check`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Briefing


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).strip(" .,;:!?\"'").casefold()


@dataclass
class Tally:
    """Counts of true and false positives and misses, per field."""

    hits: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    wanted: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, key: str, got: set, want: set, where: str) -> None:
        self.hits[key] = self.hits.get(key, 0) + len(got & want)
        self.found[key] = self.found.get(key, 0) + len(got)
        self.wanted[key] = self.wanted.get(key, 0) + len(want)
        self.misses += [f"{where}: {key} missing {item}" for item in sorted(want - got, key=str)]
        self.misses += [f"{where}: {key} extra {item}" for item in sorted(got - want, key=str)]

    def precision(self, key: str) -> float:
        return self.hits.get(key, 0) / self.found[key] if self.found.get(key) else 1.0

    def recall(self, key: str) -> float:
        return self.hits.get(key, 0) / self.wanted[key] if self.wanted.get(key) else 1.0


def compare(result: Briefing | str, expected: dict, where: str, tally: Tally) -> None:
    if isinstance(result, str):
        tally.misses.append(f"{where}: no draft: {result}")
    briefing = None if isinstance(result, str) else result
    people = {
        (norm(a.name), norm(a.role or ""), norm(a.country or ""))
        for a in (briefing.actors if briefing else ())
        if a.kind == "person"
    }
    want_people = {
        (norm(p["name"]), norm(p.get("role") or ""), norm(p.get("country") or "")) for p in expected.get("people") or ()
    }
    tally.add("people", people, want_people, where)
    quotes = {(norm(q.speaker), norm(q.text)) for q in (briefing.quotes if briefing else ())}
    want_quotes = {(norm(q["speaker"]), norm(q["text"])) for q in expected.get("quotes") or ()}
    tally.add("quotes", quotes, want_quotes, where)
    countries = {a.name for a in (briefing.actors if briefing else ()) if a.kind == "country"}
    tally.add("countries", countries, set(expected.get("countries") or ()), where)
    for key, got in (
        ("title", briefing and briefing.title),
        ("date", briefing and briefing.date and briefing.date.isoformat()),
        ("outlet", briefing and briefing.source.outlet),
        ("credit", briefing and briefing.source.credit),
    ):
        want = expected.get(key)
        if want is not None:
            tally.add(key, {norm(str(got))} if got else set(), {norm(str(want))}, where)
    body = (briefing.body + "\n\n" + (briefing.summary or "")) if briefing else ""  # the summary too
    lines = {line.strip() for line in body.split("\n")}
    # a short entry ("-", "Time") counts only as a whole line: as a substring it is everywhere
    leftover = {b for b in expected.get("boilerplate") or () if (b in body if len(b) >= 12 else b in lines)}
    tally.add("boilerplate kept", leftover, set(), where)
    texts = {norm(q.text) for q in (briefing.quotes if briefing else ())}
    tally.add("scare quotes taken", {n for n in expected.get("not_quotes") or () if norm(n) in texts}, set(), where)
    if expected.get("issues") is not None:
        tally.add("issues", set(briefing.issues if briefing else ()), set(expected["issues"]), where)


def verbatim(briefing: Briefing, source_text: str) -> list[str]:
    """Quotes whose text is not in the source (what ``check`` would reject)."""
    flat = norm(re.sub(r"\s+", " ", source_text))
    return [q.text for q in briefing.quotes if norm(q.text) not in flat]
