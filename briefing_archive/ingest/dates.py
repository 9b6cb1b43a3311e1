"""Dates as news pages print them ("May 30, 2019", "Nov.3,2025", "14.03.2022", "05/06/2025",
"Published 9 December 2020"), with dateparser as a fallback for short date-only lines.

"05/06/2025" is 5 June on most of the world's pages and 6 May on American ones: the page
says which when another of its numeric dates has a day over 12, else its outlet's country does.
"""

from __future__ import annotations

import datetime as dt
import re

from .examples import STORY, Example

MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE_PATTERNS = (  # each yields year, month (name or number) and day
    # the year may run into the time when a page's spans are copied without a gap
    # "Nov.3,2025" (Korean English-language sites): no space after the month's point or the comma
    re.compile(
        MONTH + r"(?:\s+|(?<=\.))(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>(?:19|20)\d\d)"
        r"(?:\b|(?=\d{1,2}:\d\d))",
        re.I,
    ),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
)
SLASHED = DATE_PATTERNS[-1]  # "05/06/2025": which number is the day depends on the page
RELATIVE = re.compile(r"\b(ago|yesterday|today|tomorrow|last|next)\b", re.I)


def to_date(match: re.Match, day_first: bool = False) -> dt.date | None:
    month, day = match.group("month"), int(match.group("day"))
    number = int(month) if month.isdigit() else MONTHS.index(month[:3].lower()) + 1
    if month.isdigit() and (number > 12 >= day or (day_first and match.re is SLASHED)):
        number, day = day, number  # "17/09/2021": day first, as most of the world writes it
    try:
        return dt.date(int(match.group("year")), number, day)
    except ValueError:
        return None


def find_date(text: str, day_first: bool = False) -> dt.date | None:
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = to_date(match, day_first)
            if date:
                found.append((match.start(), date))
    return min(found)[1] if found else None


def day_first_page(lines: list[str], outlet_country: str | None, outlet_known: bool) -> bool:
    """Whether the page's "05/06/2025" is 5 June: a slashed date with a first number over 12
    settles it, one with a second number over 12 settles it the other way; else a known
    outlet writes day first unless it is American (unknown outlets keep month first)."""
    for line in lines:
        for match in SLASHED.finditer(line):
            first, second = int(match.group("month")), int(match.group("day"))
            if first > 12 >= second or second > 12 >= first:
                return first > 12
    return outlet_known and outlet_country != "United States"


def fallback_date(line: str) -> dt.date | None:
    """dateparser on a short line that is nothing but a date (other forms)."""
    if len(line.split()) > 6 or not re.search(r"\d", line) or RELATIVE.search(line):
        return None  # "5 hours ago" is relative to the reader's clock: an absolute date is wanted
    import dateparser  # slow to import; rarely needed

    stripped = re.sub(r"^(published|updated|posted|last updated)\s*:?\s*", "", line, flags=re.I)
    parsed = dateparser.parse(
        stripped, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def is_date_line(line: str) -> bool:
    """A line that is only a date (with time, zone, "Published" and the like)."""
    rest = line
    for pattern in DATE_PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = re.sub(
        r"(?i)\b(published|updated|last|posted|issued|modified|on|at|gmt|utc|[ap]\.?m\.?|e[sd]t|jst|"
        r"msk|hkt|bst|cet|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\d{1,2}[:.]\d\d|[,:()|•-]",
        " ",
        rest,
    )
    # a time alone ("6:40 AM EDT", a live blog's entry stamp) is no date line: it must not
    # make the lede above it look like a standfirst or the subheading above it a headline
    dated = any(pattern.search(line) for pattern in DATE_PATTERNS)
    return dated and len(rest.split()) <= 2 and not re.search(r"[a-z]{4,}", rest)


EXAMPLES = (
    Example(
        f"The Guardian\n\nSeoul warns of drills\n\n04/03/2024\n\n{STORY}",
        "date 2024-03-04 ← rule date_line_in_header",
        whole_article=True,
    ),
    Example(
        f"Seoul warns of drills\n\n04/03/2024\n\n{STORY}",
        "date 2024-04-03 ← rule date_line_in_header",
        whole_article=True,
    ),
    Example(
        f"Seoul warns of drills\n\nNov.3,2025 10:15\n\n{STORY}",
        "date 2025-11-03 ← rule date_line_in_header",
        whole_article=True,
    ),
)
