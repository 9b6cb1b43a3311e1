"""Which date is the story's: the date rules, in the order they are tried (``DATE_RULES``).

A page prints several dates (published, updated, a photo's, related stories'); the first
rule that finds one wins, and rules that guess say so in a note for the editor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .clean import is_credit
from .dates import fallback_date, find_date, is_date_line
from .examples import STORY, Example

UPDATED = re.compile(r"\b(updated|modified|last edited)\b", re.I)
# A photo caption or credit, whose date is the picture's, not the story's: "(Photo: …)",
# "REUTERS/Name", "file photo", "in this photo taken …".
CAPTION_MARKS = re.compile(
    r"(?i)\b(?:file (?:photo|picture|image)|photo|image|picture|pictured|getty|"
    r"ap photo|afp|reuters/|epa|pool|in this (?:handout )?(?:photo|picture|image))\b"
)
LABELLED_DATE = re.compile(r"(?i)^(?:first\s+)?(?:published|posted|updated|last updated)\b")


def header_dates(lines: list[str], end: int, day_first: bool = False) -> list[tuple[int, int, dt.date]]:
    """(rank, index, date) of date lines in the header: published before updated."""
    found = []
    for index, line in enumerate(lines[:end]):
        # a byline run into its date ("Jane Doe Thu, August 24, 2023 at 9:12 AM · 4 min read")
        # is longer than a date line, but no sentence
        if is_caption(line) or len(line.split()) > (12 if re.search(r"[a-z]{2}[.!?]$", line) else 20):
            continue
        date = find_date(line, day_first) or fallback_date(line)
        if date:
            found.append((1 if UPDATED.search(line) else 0, index, date))
    return sorted(found)


def is_caption(line: str) -> bool:
    """A photo's caption or credit: it names the picture, or it is a sentence ending in the
    date and place the picture was taken ("Kishida speaks in Tokyo, May 30, 2019.")."""
    if is_date_line(line):
        return False
    if CAPTION_MARKS.search(line) or is_credit(line):
        return True
    date_at = min((m.start() for m in re.finditer(r"\d", line)), default=0)
    return line.rstrip().endswith(".") and len(re.findall(r"\b[a-z]{3,}\b", line[:date_at])) >= 1


@dataclass(frozen=True)
class DatePage:
    """What the date rules read of a page."""

    given: dt.date | None  # the editor's --date
    metadata: dict[str, str]
    dates: list[tuple[int, int, dt.date]]  # header_dates
    lines: list[str]
    body_start: int
    filename: str


def date_given(page: DatePage):
    """The editor's ``--date``."""
    return (page.given, None) if page.given is not None else None


def metadata_date(page: DatePage):
    """The page's own metadata (an HTML page's, a Markdown page's front matter)."""
    found = find_date(page.metadata["date"]) if page.metadata.get("date") else None
    return (found, None) if found is not None else None


def date_line_in_header(page: DatePage):
    """A date line of the header, a published one before an updated one."""
    return (page.dates[0][2], None) if page.dates else None


def dateline_opening_story(page: DatePage):
    """ "WASHINGTON, Sept. 12, 2016 — …": a dateline with its year opening the story."""
    lede = page.lines[page.body_start : page.body_start + 1]
    opening = (
        re.match(r"^[A-Z][A-Za-z .,'-]{1,40}?,\s+(?P<date>[^—–(]{6,30}?)\s*(?:\([^)]{2,30}\)\s*)?[—–-]", lede[0])
        if lede
        else None
    )
    found = find_date(opening.group("date")) if opening else None
    return (found, None) if found is not None else None


def date_in_file_name(page: DatePage):
    found = find_date(page.filename.rsplit("/", 1)[-1])
    return (found, "date taken from the file name: check it") if found else None


def date_line_below(page: DatePage):
    """A date line just under the standfirst, or a "Published …" line further down (a bare
    date further down is a related story's)."""
    found = next(
        (
            find_date(line)
            for index, line in enumerate(page.lines)
            if is_date_line(line) and (index <= page.body_start + 8 or LABELLED_DATE.match(line))
        ),
        None,
    )
    return (found, "date found below the article: check it") if found else None


DATE_RULES = (
    date_given,
    metadata_date,
    date_line_in_header,
    dateline_opening_story,
    date_in_file_name,
    date_line_below,
)
NO_DATE = "date not found: fill in date (YYYY-MM-DD), the day the story was published"


def story_date(page: DatePage) -> tuple[dt.date | None, str | None, str | None]:
    """(date, note for the editor, the rule that found it)."""
    for rule in DATE_RULES:
        found = rule(page)
        if found is not None:
            return found[0], found[1], rule.__name__
    return None, NO_DATE, None


EXAMPLES = (
    Example(
        f"Seoul warns of drills\n\n{STORY}",
        "date 2024-03-05 ← rule date_given",
        whole_article=True,
        file="2024-03-04-seoul-drills.txt",
        date="2024-03-05",
    ),
    Example(
        f"---\ntitle: Seoul warns of drills\ndate: 2024-03-04\n---\n\n{STORY}",
        "date 2024-03-04 ← rule metadata_date",
        whole_article=True,
        file="seoul-drills.md",
    ),
    Example(
        f"Seoul warns of drills\n\nUpdated June 2, 2019\n\nPublished June 1, 2019\n\n{STORY}",
        "date 2019-06-01 ← rule date_line_in_header",
        whole_article=True,
    ),
    Example(
        f"Seoul warns of drills\n\nSEOUL, March 4, 2024 (Reuters) - {STORY}",
        "date 2024-03-04 ← rule dateline_opening_story",
        whole_article=True,
    ),
    Example(
        f"Seoul warns of drills\n\n{STORY}",
        "date 2024-03-04 ← rule date_in_file_name",
        whole_article=True,
        file="2024-03-04-seoul-drills.txt",
    ),
    Example(
        f"Seoul warns of drills\n\n{STORY}\n\nThe North has not answered a call on the military hotline since the "
        "drills began last week, officials said.\n\nPublished March 5, 2024",
        "date 2024-03-05 ← rule date_line_below",
        whole_article=True,
    ),
    # a photo caption's date is the picture's, not the story's
    Example(
        f"Seoul warns of drills\n\nSouth Korean marines fire a howitzer on Yeonpyeong island, South Korea, "
        f"March 4, 2024.\n\n{STORY}",
        "date (none)",
        whole_article=True,
    ),
)
