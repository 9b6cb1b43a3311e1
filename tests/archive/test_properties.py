"""Property-based tests: any text in → data or a list of problems out, never an exception.

Kept fast for CI: a couple of hundred examples each, no deadline.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing_archive.frontmatter import Document, load_document
from briefing_archive.model import Actor, Briefing, Correction, Problem, Quote, RegistryEntry, Source
from briefing_archive.parse import parse_briefing
from briefing_archive.quotes import SourceMatcher, normalise, occurs_in, quote_core
from briefing_archive.registry import parse_registry_entry
from briefing_archive.serialize import dump_briefing
from briefing_archive.storage import decode_text

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text shaped like front matter, so that examples reach the YAML and field
# readers rather than stopping at "no front matter".
YAML_BITS = st.sampled_from(
    [
        "---",
        "\n",
        " ",
        "  ",
        "\t",
        ":",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "#",
        "&a",
        "*a",
        "? ",
        "|",
        ">",
        "!!str ",
        "~",
        "null",
        "yes",
        "12",
        "2019-05-30",
        "2024-13-45",
        "30/05/2019",
        "title",
        "date",
        "status",
        "draft",
        "published",
        "source",
        "outlet",
        "file",
        "issues",
        "actors",
        "quotes",
        "name",
        "kind",
        "person",
        "speaker",
        "text",
        "to",
        "review",
        "reviewed_by",
        "corrections",
        "aliases",
        "\r\n",
        "\u2028",
        "\x85",
        "\x00",
        "\ufeff",
        "é",
        "…",
    ]
)
FRONT_MATTER_LIKE = st.builds(
    lambda parts, body: "---\n" + "".join(parts) + "\n---\n" + body,
    st.lists(st.one_of(YAML_BITS, st.text(max_size=5)), max_size=40),
    st.text(max_size=20),
)
ANY_TEXT = st.one_of(st.text(), FRONT_MATTER_LIKE)


def assert_problems(result) -> None:
    assert isinstance(result, list) and result
    for problem in result:
        assert isinstance(problem, Problem)
        assert problem.line >= 1
        assert "\n" not in str(problem), "a problem must print as one line"


@FAST
@given(ANY_TEXT)
@example("---\na: &a [x, x]\nb: [*a, *a]\n---\n")
@example("---\ntitle: " + "[" * 200 + "\n---\n")
@example("---\ntitle: \ud800\n---\n")
@example("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(80)) + "---\n")
def test_parse_briefing_returns_a_briefing_or_problems(text):
    result = parse_briefing("briefings/x.md", text)
    if isinstance(result, Briefing):
        assert result.title.strip() and result.status in ("draft", "published")
        assert all(isinstance(p, Problem) and not p.is_error for p in getattr(result, "warnings", ()))
    else:
        assert_problems(result)


@FAST
@given(ANY_TEXT)
def test_load_document_returns_a_document_or_problems(text):
    result = load_document("x.md", text)
    if isinstance(result, Document):
        assert all(isinstance(line, int) and line >= 2 for line in result.lines.values())
    else:
        assert_problems(result)


@FAST
@given(ANY_TEXT, st.sampled_from(["issue", "actor"]))
def test_parse_registry_entry_returns_an_entry_or_problems(text, kind):
    result = parse_registry_entry("content/issues/x.md", text, kind)
    if isinstance(result, RegistryEntry):
        assert result.name and result.slug and result.kind == kind
    else:
        assert_problems(result)


@FAST
@given(st.binary(max_size=200))
def test_decode_text_returns_text_or_a_message(data):
    text, problem = decode_text(data)
    assert (text is None) != (problem is None)
    if text is not None:
        assert "\r" not in text and not text.startswith("\ufeff")
    else:
        assert "\n" not in problem


# --- the quote matcher ------------------------------------------------------------


@FAST
@given(st.text(), st.data())
def test_any_substring_of_the_source_occurs_in_it(source, data):
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    quote = source[start:end]
    if quote_core(quote):
        assert occurs_in(quote, source)
        assert SourceMatcher(source).contains(quote)


@FAST
@given(st.text(), st.text())
def test_matcher_never_raises_and_agrees_with_occurs_in(quote, source):
    assert occurs_in(quote, source) == SourceMatcher(source).contains(quote)


@FAST
@given(st.text())
def test_normalise_and_quote_core_are_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)
    assert quote_core(quote_core(text)) == quote_core(text)


@FAST
@given(st.text(), st.sampled_from(["“{}”", '"{}"', "{}.", "{}…", "  {}  ", "‘{}’"]))
def test_quote_marks_spacing_and_end_punctuation_do_not_matter(words, wrapper):
    source = f"He said: {words} and left."
    if quote_core(words):
        assert occurs_in(wrapper.format(words), source)
        assert occurs_in(words.replace(" ", "\n  "), source)


# --- serialize round trip ----------------------------------------------------------

# Text a briefing may hold: no control characters (parse refuses them; see the test below).
VALID_TEXT = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[
        chr(c) for c in list(range(0, 9)) + [11, 12] + list(range(14, 32)) + list(range(127, 160)) + [0xFFFE, 0xFFFF]
    ],
)


def stripped(**kwargs):
    """Text as parse leaves it: stripped, not empty."""
    return st.text(VALID_TEXT, min_size=1, **kwargs).map(str.strip).filter(bool)


def optional(strategy):
    return st.none() | strategy


NAMES = stripped(max_size=30)
DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
BODIES = st.text(VALID_TEXT, max_size=200).map(lambda body: body.strip("\n") + "\n" if body.strip("\n") else "")

BRIEFINGS = st.builds(
    Briefing,
    path=st.just("briefings/x.md"),
    title=stripped(max_size=80),
    date=DATES,
    status=st.sampled_from(["draft", "published"]),
    source=st.builds(
        Source,
        outlet=NAMES,
        file=optional(NAMES),
        url=optional(NAMES),
        credit=optional(NAMES),
        byline=st.lists(NAMES, max_size=3).map(tuple),
    ),
    summary=optional(st.text(VALID_TEXT, min_size=1, max_size=80).filter(bool)),
    issues=st.lists(NAMES, max_size=3).map(tuple),
    actors=st.lists(
        st.builds(
            Actor,
            name=NAMES,
            kind=st.sampled_from(["person", "country", "organisation"]),
            role=optional(NAMES),
            country=optional(NAMES),
        ),
        max_size=3,
    ).map(tuple),
    quotes=st.lists(st.builds(Quote, speaker=NAMES, text=stripped(max_size=80), to=optional(NAMES)), max_size=3).map(
        tuple
    ),
    review=st.lists(NAMES, max_size=2).map(tuple),
    reviewed_by=optional(NAMES),
    corrections=st.lists(st.builds(Correction, date=DATES, text=stripped(max_size=40)), max_size=2).map(tuple),
    body=BODIES,
)


@FAST
@given(BRIEFINGS)
@example(
    Briefing(
        path="briefings/x.md",
        title="yes",
        date=dt.date(2019, 5, 30),
        status="draft",
        source=Source(outlet="123", file="a: b", credit="- x"),
        summary="null",
        issues=("No", "~", "[a]"),
        quotes=(Quote("A", 'He said "no" \\ yes', "#b"),),
        review=("x\u00a0y", "a\u2028b", "\u200b", "\ufeff"),
        body="---\nnot front matter\n",
    )
)
def test_dump_then_parse_gives_the_same_briefing(briefing):
    text = dump_briefing(briefing)
    parsed = parse_briefing(briefing.path, text)
    assert not isinstance(parsed, list), (text, parsed)
    assert parsed == briefing
    assert dump_briefing(parsed) == text


@FAST
@given(
    st.sampled_from(
        [chr(c) for c in list(range(0, 9)) + [11, 12] + list(range(14, 32)) + list(range(127, 160)) + [0xFFFE, 0xFFFF]]
    ),
    st.sampled_from(["title", "summary", "body"]),
)
def test_a_control_character_anywhere_is_refused_with_its_line(character, where):
    text = (
        "---\ntitle: {title}\ndate: 2019-05-30\nstatus: draft\nsource:\n  outlet: DW\n"
        "summary: {summary}\n---\nThe {body} text.\n"
    )
    escaped = f"\\u{ord(character):04x}"
    values = {
        key: ('"T' + escaped + 'x"' if key != "body" else "a" + character) if key == where else '"Text"'
        for key in ("title", "summary", "body")
    }
    values["body"] = values["body"] if where == "body" else "plain"
    problems = parse_briefing("briefings/x.md", text.format(**values))
    assert isinstance(problems, list) and any(
        p.field == where and f"U+{ord(character):04X}" in p.message for p in problems
    ), problems


def test_a_text_is_written_plain_only_when_it_begins_with_a_letter_or_a_character_from_u00c0_to_uffff():
    from briefing_archive.serialize import scalar

    starts = {"a": True, "Z": True, "É": True, "ō": True, "東": True, "\ufffd": True, "¿": False, "1": False}
    starts |= {"-": False, "'": False, "\U0001f600": False}
    assert {first: scalar(f"{first}bc") == f"{first}bc" for first in starts} == starts
