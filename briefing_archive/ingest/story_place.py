"""Where the story happened: the dateline that opens its first paragraph ("TOKYO, June 15
(Reuters) -", "VILNIUS, Lithuania (AP) —", "WASHINGTON —", "Tokyo, June 15 (Kyodo) -").

A dateline is a place in capitals, optionally a region ("Lithuania", "N.Y."), a date and
the agency in brackets, then a dash; a place printed in ordinary case counts only with
the agency after it, so a sentence's opening words and a dash are never taken for one.
``PLACE_RULES`` are tried in order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .examples import STORY, Example
from .gazetteer import load, word_list

DASH = r"(?:--?|—|–|―)"
AGENCY = r"\((?P<agency>[^()]{2,30})\)"
DATE = r",\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
REGION = r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}))?"
CAPS_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{0,3}}){REGION}(?:{DATE})?"
    rf"\s*(?:{AGENCY})?\s*{DASH}"
)
AGENCY_DATELINE = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){{0,2}}){REGION}(?:{DATE})?"
    rf"\s*{AGENCY}\s*{DASH}"
)


@lru_cache(maxsize=1)
def capital_dateline_pattern() -> re.Pattern:
    names = "|".join(sorted((re.escape(c) for c in load().capitals), key=len, reverse=True))
    return re.compile(rf"(?P<place>{names}){REGION}(?:{DATE})?\s*{DASH}")


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    return frozenset(word_list("not_datelines"))


def place_name(place: str, region: str | None) -> str:
    """ "WASHINGTON" → "Washington"; a place not among the capitals keeps its region
    ("Hempstead, N.Y."), which a reader needs to find it."""
    capitals = {capital.lower(): capital for capital in load().capitals}
    known = capitals.get(place.lower())
    if known:
        return known
    name = " ".join("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")) for word in place.split())
    return f"{name}, {region}" if region else name


def capitals_dateline(lede: str) -> re.Match | None:
    """ "TOKYO, June 15 (Reuters) -", "HEMPSTEAD, N.Y. ―", "TEHRAN (Tasnim) -"."""
    found = CAPS_DATELINE.match(lede)
    place = found.group("place") if found else ""
    if len(place) < 3 or place in not_places() or place in load().organisations:  # "NATO —"
        return None
    return found


def agency_dateline(lede: str) -> re.Match | None:
    """ "Tokyo, June 15 (Kyodo) -": in ordinary case, only with the agency's bracket."""
    return AGENCY_DATELINE.match(lede)


def capital_dateline(lede: str) -> re.Match | None:
    """ "Seoul, South Korea – North Korea fired …": a capital in ordinary case, then a dash."""
    return capital_dateline_pattern().match(lede)


PLACE_RULES = (capitals_dateline, agency_dateline, capital_dateline)


def dateline(lede: str | None) -> tuple[re.Match | None, str | None]:
    """The dateline opening ``lede`` and the rule that found it."""
    for rule in PLACE_RULES:
        found = rule(lede or "")
        if found:
            return found, rule.__name__
    return None, None


def story_place(lede: str | None) -> tuple[str | None, str | None]:
    """(place, the rule that found it) from the story's first paragraph."""
    found, rule = dateline(lede)
    return (place_name(found.group("place"), found.group("region")), rule) if found else (None, None)


def without_dateline(lede: str) -> str:
    """The paragraph as a summary reads it: "The transition team …", not "SEOUL, March 24
    (Yonhap) -- The transition team …"."""
    found, _ = dateline(lede)
    return lede[found.end() :].lstrip() if found else lede


EXAMPLES = (
    Example(f"TOKYO, June 15 (Reuters) - {STORY}", "location Tokyo ← rule capitals_dateline"),
    Example(f"VILNIUS, Lithuania (AP) — {STORY}", "location Vilnius, Lithuania ← rule capitals_dateline"),
    Example(f"HEMPSTEAD, N.Y., Sept. 26 (UPI) — {STORY}", "location Hempstead, N.Y. ← rule capitals_dateline"),
    Example(f"Tokyo, Nov. 12 (Jiji Press)–{STORY}", "location Tokyo ← rule agency_dateline"),
    Example(f"Seoul, South Korea – {STORY}", "location Seoul ← rule capital_dateline"),
    Example(f"BREAKING — {STORY}", "location (none)"),  # a label, not a place
    Example(f"NATO - {STORY}", "location (none)"),  # an organisation
    Example(f"SEOUL, March 24 (Yonhap) -- {STORY}", drafts={"summary": STORY}),  # the summary starts after it
)
