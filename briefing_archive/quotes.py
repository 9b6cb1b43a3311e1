"""Does a quote occur in its source? Matching forgives only what is not wording.

Whitespace, curly versus straight quote marks, dashes and trailing
punctuation are set aside; any other difference is a misquote.
"""

from __future__ import annotations

import re

QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
EDGE_PUNCTUATION = " \t\n.,;:!?'\"-…"


def normalise(text: str) -> str:
    """Text with quote marks straightened and runs of whitespace made one space."""
    return " ".join(text.translate(QUOTE_MARKS).split())


def quote_core(quote: str) -> str:
    """The words of a quote, without the punctuation at its ends."""
    return normalise(quote).strip(EDGE_PUNCTUATION)


def occurs_in(quote: str, source: str) -> bool:
    """True when ``quote`` is verbatim in ``source`` (marks, spacing, end punctuation aside)."""
    core = quote_core(quote)
    return bool(core) and core in normalise(source)


class SourceMatcher:
    """Normalises one source once, for checking many quotes against it."""

    def __init__(self, source: str):
        self.text = normalise(source)

    def contains(self, quote: str) -> bool:
        core = quote_core(quote)
        return bool(core) and core in self.text


def strip_markdown_emphasis(text: str) -> str:
    return re.sub(r"[*_]{1,2}", "", text)
