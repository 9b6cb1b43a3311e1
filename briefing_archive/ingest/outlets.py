"""An outlet's own marks on its page: its name as pages print it (short ones, DW and AP,
only in capitals) and the agency bracket of a dateline ("SEOUL, Jan. 24 (Yonhap) --")."""

from __future__ import annotations

import re

from .gazetteer import load

DATELINE_OUTLET = (
    re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}?(?:,\s*\w+\.?\s*\d{1,2}\.?)?\s*\((?P<outlet>[^)]{2,30})\)\s*[-—–]"),
    re.compile(r"/(?P<outlet>[A-Z-]{2,12})/\."),
    re.compile(r"^={1,3}\s*(?P<outlet>\w+)$"),
    re.compile(r"^source\s*:\s*(?P<outlet>.+?)(?:\s+and\s+news agencies)?\.?$", re.I),
)


def is_outlet_line(text: str) -> bool:
    return text.strip(" .").lower() in load().outlets


def outlet_marks() -> re.Pattern:
    """Outlet names as they appear on pages: short ones (DW, AP) case-sensitively."""
    marks = load().outlets
    short = [m for m in marks if len(m) <= 4]
    originals = {}
    for row_mark in marks:
        originals[row_mark] = row_mark
    long_part = "|".join(re.escape(m) for m in sorted((m for m in marks if len(m) > 4), key=len, reverse=True))
    short_part = "|".join(re.escape(m.upper()) for m in sorted(short, key=len, reverse=True))
    return re.compile(rf"(?<![\w/])(?:(?i:{long_part})|{short_part})(?![\w/])")


def outlet_in(lines, pattern: re.Pattern) -> str | None:
    for line in lines:
        match = pattern.search(line)
        if match:
            return load().outlets.get(match.group(0).lower())
    return None


def dateline_outlet(lines: list[str]) -> str | None:
    for line in lines:
        for pattern in DATELINE_OUTLET:
            match = pattern.search(line)
            if match:
                outlet = load().outlets.get(match.group("outlet").strip().lower())
                if outlet:
                    return outlet
    return None
