"""Title, date, outlet and byline: what a page says about itself.

The title rules are tried in order (``find_title``: metadata, the line above the byline or
date, the first headline-like line, the first short line); the date rules are in
story_dates.py. Each reports its rule's name beside what it found, for ``--explain``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .byline import BYLINE, JOB_LINE, NAME_JOB, NAME_ONLY, PLACE_BYLINE, Byline, job_agency, read_byline, split_names
from .clean import is_credit, is_furniture
from .dates import day_first_page, find_date, is_date_line
from .examples import STORY, Example
from .gazetteer import load
from .outlets import DATELINE_OUTLET, dateline_outlet, is_outlet_line, outlet_in, outlet_marks
from .story_dates import DatePage, header_dates, story_date


@dataclass(frozen=True)
class Header:
    title: str | None
    date: dt.date | None
    notes: list[str]  # for the editor: a field guessed or not found, and what to fill in
    byline: tuple[str, ...]
    used: frozenset[int]  # line indices that are header, not body
    credit: str | None = None  # an agency named on the byline line ("By Euronews with AFP")
    title_rule: str | None = None  # the rules that found title and date (for --explain)
    date_rule: str | None = None


def first_paragraph(lines: list[str]) -> int:
    """Index of the first body paragraph: a long line that reads as prose. A standfirst
    is prose too, but a date or byline still follows it closely: it is header."""
    for index, line in enumerate(lines):
        if (
            len(line.split()) >= 18
            and not is_furniture(line)
            and not is_navigation(line)
            and not any(is_date_line(after) or BYLINE.fullmatch(after) for after in lines[index + 1 : index + 4])
        ):
            return index
    # a brief of short paragraphs: the first full sentence after the headline and date lines
    return next(
        (
            index
            for index, line in enumerate(lines)
            if index
            and is_sentence(line)
            and not is_furniture(line)
            and not any(is_date_line(after) for after in lines[index + 1 : index + 2])
        ),
        len(lines),
    )


def is_sentence(line: str) -> bool:
    return len(line.split()) >= 8 and bool(re.search(r"[.!?][\"”’']?$", line))


def is_navigation(line: str) -> bool:
    """A menu or breadcrumb ("News | World | Asia", "China / Diplomacy", "Home > Asia"),
    or the outlet's own name on a line of its own."""
    parts = re.split(r"\s+[|/>»·•]\s+|\s*\|\s*", line)
    return (
        len(parts) >= 3
        or (len(parts) == 2 and all(len(p.split()) <= 3 for p in parts))
        or line.lower() in load().outlets
    )


def is_title_candidate(line: str, final_stop: bool = False, fewest: int = 3) -> bool:
    """Headline-like: short, not furniture, not a date or byline; a final full stop only where
    the layout says headline (``final_stop``: just above the byline or date line)."""
    words = line.split()
    return (
        fewest <= len(words) <= 25
        and (final_stop or not line.endswith("."))
        and not is_furniture(line)
        and not is_navigation(line)
        and not is_credit(line)
        and not is_date_line(line)
        and not BYLINE.fullmatch(line)
        and find_date(line) is None
    )


def opens_header(line: str) -> bool:
    """A byline or date line: what follows a headline."""
    return is_date_line(line) or bool(BYLINE.fullmatch(line) or PLACE_BYLINE.fullmatch(line))


def find_title(lines: list[str], end: int, metadata: dict[str, str]) -> tuple[int | None, str | None]:
    """(index, rule) of the headline: the candidate just above the date or byline (a final
    full stop allowed there: "Senator says talks will resume."), else the first candidate."""
    head = lines[: max(end, 1)]
    candidates = [i for i, line in enumerate(head) if is_title_candidate(line)]
    for index, line in enumerate(head):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not opens_header(following) or not is_title_candidate(line, final_stop=True):
            continue
        above = index - 1  # a headline above a standfirst: a sentence, or longer and unpunctuated
        if above in candidates and (
            line.endswith(".") or len(lines[above]) < len(line) and len(line.split()) >= 12 and not is_title_case(line)
        ):
            return above, "headline_above_standfirst"
        return index, "line_above_byline_or_date"
    return (candidates[0], "first_headline_like_line") if candidates else (None, None)


def first_line_title(lines: list[str], end: int) -> int | None:
    """No headline found: the first line above the story short enough to be one, full stop or
    not, and no sentence of reported speech."""
    return next(
        (
            i
            for i, line in enumerate(lines[: min(end, 5)])
            if is_title_candidate(line, True, fewest=2)
            and len(line.split()) <= 20
            and not re.search(r"\b(?:said|says|told)\b", line)
        ),
        None,
    )


def is_title_case(line: str) -> bool:
    """Most longer words capitalised: a headline, never a standfirst (sentence case)."""
    longer = [w for w in line.split() if len(w.strip("'‘’\"")) > 3]
    return bool(longer) and sum(w.strip("'‘’\"")[:1].isupper() for w in longer) >= 0.7 * len(longer)


def clean_title(title: str, outlet: str | None) -> str:
    """A page title without its " | Outlet" or " - Outlet" suffix."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    marks = load().outlets
    while len(parts) > 1 and (parts[-1].lower() in marks or (outlet and parts[-1] == outlet)):
        parts.pop()
    return " - ".join(parts).strip()


def find_byline(lines: list[str], end: int, metadata: dict[str, str]) -> tuple[Byline, set[int]]:
    for pattern in (BYLINE, PLACE_BYLINE):  # "By …" first: a slogan may read "X Y in Z"
        for index, line in enumerate(lines[:end]):
            match = pattern.fullmatch(line)
            if match and len(line.split()) <= 16:
                names = match.group("names")
                if names.islower():  # "By political reporter Jake Evans": the job took the match
                    names = re.sub(r"(?i)^(?:written\s+)?by\s+", "", line)
                return read_byline(line, names), {index}
    for index, line in enumerate(lines[:end]):
        named = NAME_JOB.fullmatch(line)
        if named and len(line.split()) <= 10 and not is_outlet_line(named.group("names")):
            return Byline(split_names(named.group("names")), job_agency(line)), {index}
    for index, line in enumerate(lines[:end]):
        following, job = lines[index + 1] if index + 1 < len(lines) else "", set()
        if JOB_LINE.fullmatch(following) and index + 2 < len(lines):
            following, job = lines[index + 2], {index + 1}  # "Jane Doe / Defence Correspondent / 28 August 2025"
        if (
            NAME_ONLY.fullmatch(line)
            and not JOB_LINE.fullmatch(line)
            and is_date_line(following)
            and line.lower() not in load().outlets
        ):
            return Byline(split_names(line), job_agency(lines[index + 1])), {index} | job  # a bare name above the date
        parts = re.split(r"\s+[·•]\s+", line)  # "Jane Doe · CBC News · Posted: Aug 07, 2024"
        if (
            len(parts) > 2
            and NAME_ONLY.fullmatch(parts[0])
            and parts[0].lower() not in load().outlets
            and parts[1].lower() in load().outlets
        ):
            return Byline(split_names(parts[0])), {index}
    if metadata.get("author"):
        return Byline(split_names(metadata["author"]), job_agency(metadata["author"])), set()
    return Byline(()), set()


def find_outlet(
    page_lines: list[str], removed: list[str], credits: list[str], metadata: dict[str, str], filename: str
) -> str | None:
    """The outlet, from its own marks: dateline, page metadata, furniture, file name."""
    pattern = outlet_marks()
    body_start = first_paragraph(page_lines)
    own_marks = [line for line in credits if DATELINE_OUTLET[2].match(line) or DATELINE_OUTLET[3].match(line)]
    dateline = dateline_outlet(page_lines[body_start : body_start + 3] + own_marks)
    masthead = outlet_in(page_lines[:body_start], pattern)
    if dateline in load().wire_credit and masthead and masthead not in load().wire_credit:
        dateline = None  # another outlet running an agency's copy: the page is the masthead's
    for found in (
        dateline,
        outlet_in([metadata.get("sitename", ""), metadata.get("hostname", "")], pattern),
        outlet_in(page_lines[:body_start] + removed, pattern),
        outlet_in([" ".join(re.split(r"[-_.]", filename.rsplit("/", 1)[-1]))], pattern),
    ):
        if found:
            return found
    return None


def read_header(lines: list[str], metadata: dict[str, str], filename: str, given_date: dt.date | None = None) -> Header:
    """Title, date and byline, and which lines of the page they used."""
    body_start = first_paragraph(lines)
    (title_index, title_rule), notes = find_title(lines, body_start, metadata), []
    if title_index is None and not metadata.get("title"):
        title_index = first_line_title(lines, body_start)
        title_rule = "first_short_line" if title_index is not None else None
        notes.append(
            "title not found: write the headline in title"
            if title_index is None
            else "title taken from the page's first line: check it"
        )
    title = metadata.get("title") or (lines[title_index] if title_index is not None else None)
    title_rule = "page_metadata" if metadata.get("title") else title_rule
    byline, byline_lines = find_byline(lines, body_start, metadata)
    used = set(byline_lines) | ({title_index} if title_index is not None else set())
    # above the headline: navigation, section labels (never a sentence of the story)
    used |= {i for i in range(title_index or 0) if not is_sentence(lines[i]) or i < body_start}
    masthead = outlet_in(
        lines[:body_start] + [metadata.get("sitename", ""), metadata.get("hostname", "")], outlet_marks()
    )
    day_first = day_first_page(lines, load().outlet_country.get(masthead or ""), masthead is not None)
    dates = header_dates(lines, body_start, day_first)
    used |= {index for _, index, _ in dates if is_date_line(lines[index])}
    date, note, date_rule = story_date(DatePage(given_date, metadata, dates, lines, body_start, filename))
    return Header(
        title,
        date,
        notes + ([note] if note else []),
        byline.names,
        frozenset(used),
        byline.credit,
        title_rule,
        date_rule,
    )


EXAMPLES = (
    Example(
        f"---\ntitle: Seoul warns of drills | Reuters\n---\n\nDrills go on\n\n{STORY}",
        'title "Seoul warns of drills" ← rule page_metadata',
        whole_article=True,
        file="seoul-drills.md",
    ),
    Example(
        f"Senator says talks will resume\n\nThe senator told reporters the talks would resume next week in "
        f"Geneva.\n\nMay 30, 2019\n\n{STORY}",
        'title "Senator says talks will resume" ← rule headline_above_standfirst',
        whole_article=True,
    ),
    # a final full stop is a headline's just above the byline or date
    Example(
        f"Senator says talks will resume.\n\nBy Jane Doe\n\n{STORY}",
        'title "Senator says talks will resume." ← rule line_above_byline_or_date',
        whole_article=True,
    ),
    Example(
        f"Home | World | Asia\n\nSeoul warns of drills\n\n{STORY}",
        'title "Seoul warns of drills" ← rule first_headline_like_line',
        whole_article=True,
    ),
    Example(
        f"Border talks resume.\n\n{STORY}", 'title "Border talks resume." ← rule first_short_line', whole_article=True
    ),
)
