"""Bylines: who wrote the story, and the agency credit a byline line may carry.

A byline line names writers ("By Jake Evans", "By NAOKI MATSUYAMA/ Staff Writer"), but
pages also put the outlet or a wire agency there ("By Associated Press", "By Euronews
with AFP", "By Jason Pan / Staff reporter, with CNA"): those are the story's credit,
not its authors, and an outlet's own name is never an author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .examples import STORY, Example
from .gazetteer import literal_alternation, load, word_list

# The writer's job after the name ("Micheál Lehane, Political Correspondent", "Jane Bautista -
# Reporter / @handle", "Kwon Hyuk-chul, senior staff writer"): a few words ending in a job noun.
JOB = rf"(?:[A-Za-z][\w-]*\s+){{0,3}}{literal_alternation(word_list('job_nouns'))}\b"
BYLINE = re.compile(
    r"(?:by:?|written by|author:?)\s+(?P<names>[A-Z][^|•]{2,120}?)"
    rf"(?:\s*(?:[|•,/]\s*|\s[-–]\s*){JOB}.*|\s+(?:staff writer|staff reporter|correspondent|reporter).*"
    r"|\s*[|•]\s*[A-Z][\w .&-]{1,30})?",  # "By Jane Doe | AP": the agency after a bar
    re.I,
)
NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
WORD = r"[A-ZÀ-Þ][a-zß-ÿ'’]+(?:-[A-Za-zÀ-ÿ][a-zß-ÿ'’]+)*"  # "Wakefield-Barnes", "Fa'atoese-Harker"
NAME_ONLY = re.compile(rf"{WORD}(?:\s+(?:{WORD}|van|von|der|de|da|di|le|Ó|Ní|Mac)){{1,3}}")  # "Ciarán Ó …"
# The writer's job on the line under the name ("Defence Correspondent"): no name of its own.
JOB_LINE = re.compile(rf"(?i){JOB}")
# "Lydia Fa'atoese-Harker, RNZ Pacific Journalist": a name and its job on one line, no "By"
NAME_JOB = re.compile(
    rf"(?P<names>{WORD}(?:\s+(?:{WORD}|van|von|der|de|da|di|le|Ó|Ní|Mac)){{1,3}})"
    rf"\s*[,|–-]\s*(?P<job>(?i:{JOB}))"
)
# "BY PARK JI-WON [park.jiwon@joongang.co.kr]": the e-mail address is no part of a name
EMAIL = re.compile(r"\s*[\[(<]?[\w.+-]+@[\w.-]+[\])>]?")
PLACE_BYLINE = re.compile(rf"(?P<names>{NAME}(?:\s+and\s+{NAME})?)\s+in\s+[A-Z][\w ]{{2,30}}")
# ", with CNA", "with AFP": an agency that contributed, after the writers or the outlet
WITH_AGENCY = re.compile(r"(?:,\s*|\s+|^)(?P<credit>with\s+[A-Z][\w .,&/-]{1,40})$")


@dataclass(frozen=True)
class Byline:
    names: tuple[str, ...]
    credit: str | None = None


def is_outlet(name: str) -> bool:
    return name.strip(" .").lower() in load().outlets


def job_agency(line: str) -> str | None:
    """The agency a writer's job names ("Harriet Aldous, PA Political Correspondent"): the
    story is that agency's copy, whatever page runs it."""
    for match in re.finditer(rf"(?:^|[,;|/–-])\s*(?P<mark>[A-Z][\w&]*)\s+(?i:{JOB})", line):
        outlet = load().outlets.get(match.group("mark").lower())
        if outlet in load().wire_credit:
            return outlet
    return None


def split_names(names: str) -> tuple[str, ...]:
    names = EMAIL.sub("", names)
    names = re.sub(r"\s*@\w+", "", names)  # a social-media handle after the name
    names = re.sub(r"^(?:[a-z-]+\s+)+(?=[A-Z])", "", names)  # "political reporter Jake Evans"
    names = re.sub(r"\s+for\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*$", "", names)  # "… for BenarNews"
    # "Seth Robson, Stars and Stripes": the outlet closing the line is no writer
    names = re.sub(r",\s*([^,]+)$", lambda m: "" if is_outlet(m.group(1)) else m.group(0), names)
    parts = [part for part in re.split(r"\s*(?:,|;|&|/|\band\b)\s*", names) if not JOB_LINE.fullmatch(part)]
    cleaned = [re.sub(r"\s+in\s+[A-Z].*$", "", part).strip(" .") for part in parts]
    return tuple(
        part.title() if part.isupper() else part
        for part in cleaned
        if part and part[0].isupper() and len(part.split()) <= 4 and not is_outlet(part)
    )


def read_byline(line: str, names: str) -> Byline:
    """Writers and credit of a byline line whose names part is ``names``."""
    agency = WITH_AGENCY.search(line)
    credit = agency.group("credit").strip(" .") if agency else None
    after_bar = re.search(r"\s*[|•]\s*([^|•]+)$", line)
    if after_bar and is_outlet(after_bar.group(1)):  # "By Jane Doe | AP"
        credit = credit or after_bar.group(1).strip(" .")
    credit = credit or job_agency(line)
    head = WITH_AGENCY.sub("", names).strip(" ,./")
    if is_outlet(head):  # "By Associated Press", "By Euronews with AFP": no writer named
        return Byline((), f"{head} {credit}" if credit else head)
    return Byline(split_names(head), credit)


EXAMPLES = (
    Example(
        f"Seoul warns of drills\n\nBy Jane Doe and John Roe\n\nMay 30, 2019\n\n{STORY}",
        whole_article=True,
        drafts={"source.byline": ("Jane Doe", "John Roe")},
    ),
    # the job before the name is no name
    Example(
        f"Seoul warns of drills\n\nBy political reporter Jake Evans\n\nMay 30, 2019\n\n{STORY}",
        whole_article=True,
        drafts={"source.byline": ("Jake Evans",)},
    ),
    Example(
        f"Seoul warns of drills\n\nJane Doe, Defence Correspondent\n\nMay 30, 2019\n\n{STORY}",
        whole_article=True,
        drafts={"source.byline": ("Jane Doe",)},
    ),
)
