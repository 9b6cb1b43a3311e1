"""Answers in a Q&A interview: "Name: answer" paragraphs after labelled questions.

An interview prints the interviewee's words without quote marks, under a label; they are
the person's own words, so an editor wants them as quotes. The rule is conservative: the
page must be laid out as an interview (at least two labelled questions ending in "?"), the
answer's label must be a person the article names (full name or an unshared surname), and
an answer that holds quote marks is left to the quote finder.
"""

from __future__ import annotations

import re

from .examples import Example
from .marks import Span
from .quote_types import Attribution, Found

LABEL = re.compile(r"(?:## )?(?P<label>[A-Z][\w.'’ -]{0,60}?):\s+(?P<answer>\S.*)", re.DOTALL)
QUOTE_MARKS = re.compile(r"[\"“”]")


def labelled(paragraphs: list[str]) -> list[tuple[int, int, re.Match]]:
    """(paragraph number, offset in the joined text, match) of every "Label: text" paragraph."""
    found, offset = [], 0
    for number, paragraph in enumerate(paragraphs):
        match = LABEL.fullmatch(paragraph)
        if match:
            found.append((number, offset, match))
        offset += len(paragraph) + 2
    return found


def speaker_of(label: str, people: dict) -> str | None:
    if label in people:
        return label
    # transcripts print the speaker's surname in capitals: "HEGSETH: No. If anything, …"
    owners = [name for name in people if label in name.split() or label.isupper() and label.title() in name.split()]
    return owners[0] if len(owners) == 1 else None


def interview_answers(paragraphs: list[str], people: dict) -> list[Found]:
    rows = labelled(paragraphs)
    asking = {m.group("label") for _, _, m in rows if m.group("answer").rstrip().endswith("?")}
    if sum(m.group("label") in asking for _, _, m in rows) < 2:
        return []  # not an interview layout: "Tsai: ..." is a subheading, not an answer
    found = []
    for number, offset, match in rows:
        speaker = speaker_of(match.group("label"), people) if match.group("label") not in asking else None
        answer = match.group("answer").strip()
        if speaker and not QUOTE_MARKS.search(answer):
            start = offset + match.start("answer")
            found.append(
                Found(
                    Span(start, start + len(answer), answer, False),
                    number,
                    Attribution(speaker, rule="interview_answer"),
                )
            )
    return found


EXAMPLES = (
    Example(
        "Defence Minister Anna Kowalski spoke to us in Warsaw about the drills on the border.\n\n"
        "DW: Minister, will the drills on the border stop before the talks in Geneva begin next month?\n\n"
        "Kowalski: Not while warships circle our coast.\n\n"
        "DW: And are talks with Moscow still possible while the warships are circling your coast?\n\n"
        "Kowalski: The door stays open, but the drills must stop first.",
        'quote 2 "The door stays open, but the …": speaker Anna Kowalski ← rule interview_answer',
    ),
    # no questions asked: "Kowalski:" is a label over a paragraph, not an answer
    Example(
        "Defence Minister Anna Kowalski spoke in Warsaw about the drills on the border on Tuesday.\n\n"
        "Kowalski: Not while warships circle our coast.",
        absent=("quote 1",),
    ),
)
