"""What an ingest rule does, shown on a sentence: the ``EXAMPLES`` table beside each rule
module's rules, run by tests/ingest/test_rule_examples.py with an empty registry.

An example names its rule in what it expects: a line of ``build.py ingest --explain`` such as
``quote 1 "We are ready to …": speaker Sergei Lavrov ← rule said_before_quote``. What
--explain does not show (a caption dropped, a scare quote not kept) is expected of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Unless an example is a whole article, its text is the story under this headline and date line.
ARTICLE_HEAD = "Officials trade warnings over border drills\n\nMay 30, 2019\n\n"
# Paragraphs of plain story, for examples of header rules and of what is dropped around them.
STORY = "The South Korean military said on Tuesday that the drills near the border would go on for three more days."
LATER = "The North has not answered a call on the military hotline since the drills began last week, officials said."


@dataclass(frozen=True)
class Example:
    """``text``: one or a few sentences as real news writes them (a whole page with
    ``whole_article``). ``explains``: lines, or exact parts of lines, --explain must print;
    ``absent``: parts of lines it must not print ("quote 1": no quote at all); ``drafts``:
    fields of the draft by their dotted paths, and their values ({"source.credit": "AFP"}).
    ``file`` and ``date`` are the ingested file's name (its suffix says how to read it) and
    the editor's --date, YYYY-MM-DD."""

    text: str
    explains: str | tuple[str, ...] = ()
    whole_article: bool = False
    absent: tuple[str, ...] = ()
    drafts: dict[str, object] = field(default_factory=dict, hash=False)
    file: str = "example.txt"
    date: str | None = None

    @property
    def expected_lines(self) -> tuple[str, ...]:
        return (self.explains,) if isinstance(self.explains, str) else self.explains

    @property
    def page(self) -> str:
        """The text as ingest reads it: an article under a headline and date, or the whole page."""
        return self.text if self.whole_article else ARTICLE_HEAD + self.text
