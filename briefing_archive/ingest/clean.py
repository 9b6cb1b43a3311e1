"""From a page's text to its lines, and from lines to the article body.

A saved page is mostly article paragraphs with page furniture between them:
navigation, captions and credits, related-story links, footers. Furniture is
recognised by the patterns in ``gazetteers/furniture.txt`` and by layout
(a short caption line just above an image credit, a run of headline-like lines
that introduces no paragraph). The credit line goes to ``source.credit``.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .examples import LATER, STORY, Example
from .gazetteer import is_given_name, load

# DW-style initials credit "js/sms (AP, dpa)", agency footers, contributor lines.
CREDIT_PATTERNS = (
    # AFP's end slug joins several desks' initials with hyphens: "del-jj/rmb", "burs-abc/def"
    re.compile(r"[a-z]{1,4}(?:-[a-z]{1,4})*(?:/[a-z]{1,4}(?:-[a-z]{1,4})*)+\s*(?:\([^)]{1,60}\))?\.?"),
    re.compile(r"\(?(?:with |additional )?(?:reporting|writing) by .{3,200}", re.IGNORECASE),
    re.compile(
        r"(?:_{3,}\s*)?.{0,80}\bcontributed (?:reporting|to this (?:report|story|article)).{0,40}", re.IGNORECASE
    ),
    # a wire agency alone on a line, "(AFP)" or "The Associated Press": the story's source
    # also "(With AFP)" and an outlet's own story with agency copy, "(FRANCE 24 with AFP)"
    re.compile(
        r"\(?(?:(?:[A-Z0-9][\w.]*\s+){0,3}[Ww]ith\s+)?(?:[Tt]he\s+)?(?:AFP|AP|Reuters|dpa|EFE|Kyodo|Yonhap|"
        r"Xinhua|ANI|PTI|Keystone-SDA|ANSA|AAP|Associated Press|Agence France-Presse|Kyodo News|"
        r"The Canadian Press)(?:\s*(?:,|/|and)\s*(?:AFP|AP|Reuters|dpa|EFE|"
        r"Kyodo|Yonhap|Xinhua|ANI|PTI))*\)?\.?"
    ),
    re.compile(r"\(?with files from [A-Z].{2,120}", re.IGNORECASE),  # CBC's agency and staff credit
    re.compile(r"source\s*:\s*.{2,60}(?:agencies|news agencies)\.?", re.IGNORECASE),
    re.compile(r"source\s*:\s*[A-Z][\w .&-]{1,40}/[a-z]{1,4}\.?", re.IGNORECASE),  # "Source: Reuters/ec"
    re.compile(r"={1,3}\s*\w+"),
)
HEADLINE_END = re.compile(r"[.!?:;,\"”’'…)\]]$")
# A label over a list of other stories: the short lines after it are links, not subheads.
RELATED_LABEL = re.compile(
    r"(?:read more|read also|also read|read next|related|related stories|related articles|"
    r"what to know|"
    r"more|more on this( story)?|recommended|more stories|top( \d+)? stories|most read|"
    r"most viewed|latest news)\s*:?",
    re.IGNORECASE,
)
LIST_NUMBER = re.compile(r"\d{1,2}\.\s+")


@dataclass(frozen=True)
class Body:
    paragraphs: tuple[str, ...]
    credit: str | None
    credit_lines: tuple[str, ...]
    removed: tuple[str, ...]


FURNITURE_WORDS = 60  # a longer line is a paragraph of the story, whatever its tail says
TRAILING_COPYRIGHT = re.compile(
    r"\s*(?:©|\(c\)|copyright\b)[^.]{0,80}\.(?:\s*all rights reserved\.?)?[\s|]*$", re.IGNORECASE
)


def is_furniture(line: str) -> bool:
    return len(line.split()) <= FURNITURE_WORDS and any(pattern.search(line) for pattern in load().furniture)


def without_trailing_notice(line: str) -> str:
    """A paragraph run into the page's footer ("… on Sunday. © Korea Risk Group. All rights
    reserved. |") loses the footer."""
    return TRAILING_COPYRIGHT.sub("", line) if len(line.split()) > FURNITURE_WORDS else line


# A photo caption closes on the day the picture was taken: "… in Tokyo, May 30, 2019." A story's
# sentence names a day, rarely ending on a full date with its year.
DATED_CAPTION = re.compile(
    r"(?i),\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+"
    r"(?:19|20)\d\d\.?\s*(?:\([^)]{0,60}\))?\s*$"
)


def is_name_line(line: str) -> bool:
    """A person's name alone on a line ("Chaewon Chung"): an author's, beside the byline or
    over a bio, never a sentence of the story."""
    words = line.split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?", w) for w in words)
        and is_given_name(words[0])
    )


def is_dated_caption(line: str) -> bool:
    return (
        bool(DATED_CAPTION.search(line))
        and len(line.split()) <= 40
        and line[:1].isupper()
        and not line.startswith(('"', "“"))
    )


def is_credit(line: str) -> bool:
    return any(pattern.fullmatch(line) for pattern in CREDIT_PATTERNS)


def is_headline_like(line: str) -> bool:
    """Short, unpunctuated, capitalised: a heading or a link to another story. A short
    question without quote marks ("Taiwan: What's behind …?") is a headline too: body
    paragraphs that short rarely end in a question."""
    words = line.split()
    question = line.endswith("?") and len(words) <= 12 and not re.search(r"[\"“”]", line)
    return (
        0 < len(words) <= 14
        and (question or not HEADLINE_END.search(line))
        and line[0].isupper()
        and not line.startswith(('"', "“"))
    )


def is_listed_link(line: str) -> bool:
    """A line under a "Read more" label: a headline, or a longer explainer's question
    ("What is the triple lock and why does the Government want to change it?")."""
    question = line.endswith("?") and len(line.split()) <= 20 and not re.search(r"[\"“”]", line)
    return is_headline_like(line) or (question and line[0].isupper())


def is_credit_only(line: str) -> bool:
    """A line that is nothing but a picture's credit ("Philippine Coast Guard handout via AFP",
    "Photo: Reuters"): the line above it is the picture's caption."""
    return len(line.split()) <= 8 and bool(
        re.search(
            r"(?i)\b(?:photo|handout|getty images|via afp|via ap|"
            r"via reuters|license photo)\b",
            line,
        )
    )


def is_caption_above(line: str) -> bool:
    """A caption: short, describing a picture, no quotation, no dateline opening a story."""
    return is_headline_like(line) or (
        len(line.split()) <= 45
        and not re.search(r"[\"“”]", line)
        and not re.match(r"[A-Z][A-Z .'-]{2,30}(?:,|\s[—–-])", line)
    )


def is_caption_credit(line: str) -> bool:
    return bool(re.match(r"(image|photo|picture|photograph)s?\s*(source|credit)?\s*[:,]", line, re.I))


def drop_furniture(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(kept lines, credit lines, removed lines)."""
    kept: list[str] = []
    credits: list[str] = []
    removed: list[str] = []
    listing = False  # inside a list of other stories under a "Related" label
    for line in lines:
        listing = listing and is_listed_link(LIST_NUMBER.sub("", line, count=1))
        if listing:
            removed.append(line)
        elif is_credit(line):
            credits.append(line)
        elif is_furniture(line) or is_dated_caption(line) or is_name_line(line):
            listing = bool(RELATED_LABEL.fullmatch(line))
            if (is_caption_credit(line) or is_credit_only(line)) and kept and is_caption_above(kept[-1]):
                caption = kept.pop()  # the caption above its image credit, and its copies
                kept[:] = [k for k in kept if k != caption]
                removed.append(caption)
            removed.append(line)
        else:
            kept.append(without_trailing_notice(line))
    return kept, credits, removed


def stems(text: str) -> set[str]:
    return {word[:5].lower() for word in re.findall(r"[A-Za-z]{4,}", text)}


def introduces(line: str, paragraphs: list[str]) -> bool:
    """A subheading shares a word with the paragraphs under it; a link to another story
    between two paragraphs ("China's drills alarm neighbors") usually shares none."""
    return len(line.split()) < 3 or bool(stems(line) & stems(" ".join(paragraphs)))


def drop_related_links(lines: list[str], headings: set[str]) -> tuple[list[str], list[str]]:
    """Keep a heading-like line only when a paragraph follows it (a real subheading)."""
    kept, removed = [], []
    for index, line in enumerate(lines):
        if not is_headline_like(line):
            kept.append(line)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and not is_headline_like(following)
            and (line in headings or introduces(line, lines[index + 1 : index + 3]))
        ):
            kept.append("## " + line if line in headings or len(line.split()) > 1 else line)
        else:
            removed.append(line)
    return kept, removed


# A wire agency holding the copyright of a story another outlet runs ("© 2024 Kyodo News").
AGENCY_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<agency>Kyodo News|Kyodo|AFP|Agence "
    r"France-Presse|Reuters|(?:The )?Associated Press|Yonhap|Xinhua|dpa)\b",
    re.I,
)


def copyright_agency(removed: list[str]) -> str | None:
    found = next((AGENCY_COPYRIGHT.search(line) for line in removed if AGENCY_COPYRIGHT.search(line)), None)
    return found.group("agency") if found else None


def article_body(lines: list[str], headings: AbstractSet[str] = frozenset()) -> Body:
    kept, credits, removed = drop_furniture(lines)
    kept, links = drop_related_links(kept, set(headings))
    credit = " ".join(credit.strip("_ ").strip() for credit in credits) or copyright_agency(removed)
    return Body(tuple(kept), credit, tuple(credits), tuple(removed + links))


# What the page holds besides the story: the body keeps the story's paragraphs only.
EXAMPLES = (
    Example(f"{STORY}\n\nAFP/Jung Yeon-je\n\n{LATER}", drafts={"body": f"{STORY}\n\n{LATER}\n"}),
    Example(
        f"{STORY}\n\nSign up for our daily newsletter on Asian security\n\n{LATER}",
        drafts={"body": f"{STORY}\n\n{LATER}\n"},
    ),
    # the caption above a picture's credit goes with it
    Example(
        f"{STORY}\n\nPhilippine coast guard spokesman Jay Tarriela speaks during a news conference in Manila."
        f"\n\nPhoto: AFP\n\n{LATER}",
        drafts={"body": f"{STORY}\n\n{LATER}\n"},
    ),
    # a caption ends on the day the picture was taken; it is neither story nor summary
    Example(
        f"South Korean marines fire a howitzer on Yeonpyeong island, South Korea, March 4, 2024.\n\n{STORY}",
        drafts={"body": f"{STORY}\n", "summary": STORY},
    ),
    Example(
        f"{STORY}\n\nRead more:\n\nNorth Korea fires missiles into the sea\n\nSeoul and Tokyo agree to share "
        f"radar data\n\n{LATER}",
        drafts={"body": f"{STORY}\n\n{LATER}\n"},
    ),
    Example(
        f"{STORY}\n\nReporting by Jane Doe; Editing by John Roe",
        drafts={"body": f"{STORY}\n", "source.credit": "Reporting by Jane Doe; Editing by John Roe"},
    ),
    # a heading that introduces the paragraph under it stays
    Example(f"{STORY}\n\nHotline silent\n\n{LATER}", drafts={"body": f"{STORY}\n\n## Hotline silent\n\n{LATER}\n"}),
)
