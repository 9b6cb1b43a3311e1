"""The story's credit when a page runs a news agency's copy.

An outlet's own story keeps its credit line ("Reporting by …; Editing by …" on
Reuters, "… contributed to this report." on AP). When another outlet runs an
agency's story, the agency is the credit: its dateline ("TOKYO (Reuters) -"), a
"Source: Reuters/ec" line, a byline ending "| AP", or its copyright footer
("Copyright 2023 The Associated Press") says whose copy it is.
"""

from __future__ import annotations

import re

from .examples import STORY, Example
from .gazetteer import load

# "Source: Reuters/ec": the agency, then the initials of the editor who handled it
SOURCE_LINE = re.compile(r"source\s*:\s*(?P<agency>[A-Z][\w .&-]{1,40}?)\s*/\s*[a-z]{1,4}\.?", re.I)
# "Source: AAP" on a line of its own under the date (SBS): the whole line names the agency;
# a photo credit names a photographer too ("Source: AAP / Lukas Coch"), so it never matches
SOURCE_ALONE = re.compile(r"^source\s*:\s*(?P<agency>[A-Z][\w .&-]{1,40}?)\.?$", re.I)
DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}?(?:,\s*\w+\.?\s*\d{1,2}\.?)?\s*\((?P<agency>[^)]{2,30})\)\s*[-—–]")
COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<agency>[A-Z][\w .&-]{1,40}?)(?:[.,]|\s+all\b|$)", re.I
)


def wire_of(mark: str | None) -> str | None:
    """The agency (canonical outlet) a mark names, when it is a news agency."""
    if not mark:
        return None
    outlet = load().outlets.get(mark.strip(" .()").lower())
    return outlet if outlet in load().wire_credit else None


def first_wire(lines, pattern: re.Pattern) -> str | None:
    for line in lines:
        match = pattern.search(line)
        agency = wire_of(match.group("agency")) if match else None
        if agency:
            return agency
    return None


def syndicated_agency(credit_lines, lede: list[str], byline_credit: str | None, removed) -> str | None:
    """The agency whose copy the page runs, from its own marks on the page."""
    return (
        first_wire(credit_lines, SOURCE_LINE)
        or first_wire(lede, DATELINE)
        or wire_of(byline_credit)
        or first_wire(removed, SOURCE_ALONE)
        or first_wire(removed, COPYRIGHT)
    )


def story_credit(outlet: str | None, agency: str | None, own_credit: str | None) -> str | None:
    """The agency when another outlet runs its copy; else the page's own credit line."""
    if agency and agency != outlet:
        return load().wire_credit[agency]
    return own_credit


EXAMPLES = (
    Example(
        f"The Japan Times\n\nDrills go on\n\nMay 30, 2019\n\nSEOUL (Reuters) - {STORY}",
        whole_article=True,
        drafts={"source.outlet": "The Japan Times", "source.credit": "Reuters"},
    ),
    Example(f"{STORY}\n\nSource: Reuters/ec", drafts={"source.credit": "Reuters"}),
    # the agency's own story keeps its own credit line
    Example(
        f"SEOUL, South Korea (AP) — {STORY}\n\nAssociated Press writer Jane Doe in Seoul contributed to this report.",
        drafts={
            "source.outlet": "AP",
            "source.credit": "Associated Press writer Jane Doe in Seoul contributed to this report.",
        },
    ),
)
