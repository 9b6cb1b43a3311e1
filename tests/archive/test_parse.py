"""Unit tests of reading one file: front matter, fields, dates (inline inputs)."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_archive.frontmatter import Document, load_document, split_front_matter
from briefing_archive.model import Actor, Briefing, Problem, Quote, Source
from briefing_archive.parse import MAX_TITLE, parse_briefing, parse_iso_date
from briefing_archive.storage import decode_text
from tests.support.archive import VALID_BRIEFING

PATH = "briefings/2019-05-30-buildup.md"


def problems(text: str) -> list[str]:
    result = parse_briefing(PATH, text)
    assert isinstance(result, list), result
    return [str(p).removeprefix(PATH + ":") for p in result]


def replace(old: str, new: str) -> str:
    assert old in VALID_BRIEFING
    return VALID_BRIEFING.replace(old, new)


# --- a valid briefing ---------------------------------------------------------------


def test_a_valid_briefing_is_read_whole():
    b = parse_briefing(PATH, VALID_BRIEFING)
    assert isinstance(b, Briefing)
    assert b.title == "Japan and Russia accuse one another of military buildup"
    assert b.date == dt.date(2019, 5, 30)
    assert b.status == "draft"
    assert b.source == Source(outlet="DW", file="content/articles/source.txt")
    assert b.issues == ("Kuril Islands",)
    assert b.actors[0] == Actor("Taro Kono", "person", "Foreign Minister", "Japan")
    assert b.quotes == (
        Quote("Taro Kono", "Our country's legal position does not accept the missile drills", "Sergei Lavrov"),
    )
    assert b.body == "Japan and Russia traded accusations.\n"
    assert b.warnings == ()


def test_lines_of_keys_and_items():
    b = parse_briefing(PATH, VALID_BRIEFING)
    assert b.line_of("title") == 2
    assert b.line_of("source.file") == 7
    assert b.line_of("issues.0") == 8
    assert b.line_of("actors.1.name") == 11
    assert b.line_of("quotes.0.text") == 13
    assert b.line_of("quotes.7.text") == 12  # nearest known parent
    assert b.line_of("nothing") == 1


def test_dates_stay_text_until_we_parse_them():
    document = load_document(PATH, VALID_BRIEFING)
    assert isinstance(document, Document)
    assert document.data["date"] == "2019-05-30"
    assert document.body_line == 15


def test_a_single_issue_may_be_written_as_text():
    b = parse_briefing(PATH, replace("issues: [Kuril Islands]", "issues: Kuril Islands"))
    assert b.issues == ("Kuril Islands",)


def test_quoted_numbers_are_text():
    b = parse_briefing(PATH, replace("title: Japan and Russia accuse one another of military buildup", 'title: "2019"'))
    assert b.title == "2019"


def test_unknown_fields_are_warnings_carried_by_the_briefing():
    b = parse_briefing(PATH, replace("status: draft\n", "status: draft\ntags: [x]\n"))
    assert isinstance(b, Briefing)
    assert [str(p) for p in b.warnings] == [
        f"{PATH}:5: tags: warning: unknown field (known: title, date, status, reviewed_by, source, "
        "location, summary, issues, actors, quotes, corrections, review)"
    ]


# --- the front matter -------------------------------------------------------------------


def test_split_front_matter():
    assert split_front_matter("---\na: b\n---\nbody\n") == ("a: b", "body\n", 4)
    assert split_front_matter("---\na: b\n...\n") == ("a: b", "", 4)
    assert split_front_matter("no front matter") is None
    assert split_front_matter("----\na: b\n---\n") is None
    assert split_front_matter("---\na: b\n") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ["1: front matter: missing: the file must start with a '---' line, the YAML, and a closing '---' line"]),
        (
            "# Title\n\nBody\n",
            ["1: front matter: missing: the file must start with a '---' line, the YAML, and a closing '---' line"],
        ),
        ("---\ntitle: x\n", ["1: front matter: not closed: no '---' line ends the front matter opened here"]),
        ("---\n---\n", ["2: front matter: must be a mapping of fields (title: …), not empty"]),
        ("---\n- a\n- b\n---\n", ["2: front matter: must be a mapping of fields (title: …), not a list"]),
        (
            "---\njust text\n---\n",
            ["2: front matter: must be a mapping of fields (title: …), not the text 'just text'"],
        ),
    ],
)
def test_front_matter_shapes(text, expected):
    assert problems(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '---\ntitle: "open\ndate: 2019-05-30\n---\n',
            "2: front matter: invalid YAML: while scanning a quoted scalar found unexpected end of stream "
            "(a quote opened on this line is never closed)",
        ),
        (
            '---\ntitle: "open\ndate: 2019-05-30\nquotes: [{text: "x"}]\n---\n',
            "2: front matter: invalid YAML: a quote opened on this line is not closed on it (YAML failed on "
            "line 4: while parsing a block mapping did not find expected key)",
        ),
        (
            "---\ntitle: x\nissues: [a, b\ndate: 2019-05-30\n---\n",
            "3: front matter: invalid YAML: while parsing a flow sequence did not find expected ',' or ']' "
            "(is a '[' opened on this line left unclosed?)",
        ),
        (
            "---\nsource:\n  outlet: DW\n file: x\n---\n",
            "4: front matter: invalid YAML: while parsing a block mapping did not find expected key "
            "(check the indentation of this line)",
        ),
        (
            "---\ntitle: x\nsource:\n\toutlet: DW\n---\n",
            "4: front matter: invalid YAML: while scanning for the next token found character that cannot "
            "start any token (a tab character: YAML is indented with spaces only)",
        ),
        (
            "---\ntitle: a: b\n---\n",
            "2: front matter: invalid YAML: mapping values are not allowed in this context "
            "(a ': ' inside a value? put the value in quotes, or check the indentation)",
        ),
        (
            "---\ntitle: x\nsummary: a\x07b\n---\n",
            "3: front matter: invalid YAML: character #x0007: control characters are not allowed",
        ),
        ("---\n? [a]\n: b\n---\n", "2: front matter: invalid YAML: a key must be plain text"),
        (
            "---\na: &x [1, 2]\nb: *x\n---\n",
            "2: front matter: invalid YAML: anchors and aliases (&name, *name) are not allowed: write the value out",
        ),
        (
            "---\na: &x [*x]\n---\n",
            "2: front matter: invalid YAML: anchors and aliases (&name, *name) are not allowed: write the value out",
        ),
    ],
)
def test_malformed_yaml_is_one_line_at_the_right_line(text, expected):
    assert problems(text) == [expected]


def test_nesting_is_limited():
    text = "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x\n---\n"
    assert problems(text) == ["52: front matter: invalid YAML: nested more than 50 levels deep"]


def test_lone_surrogates_from_a_caller_are_a_problem_not_a_crash():
    assert problems("---\ntitle: \ud800\n---\n") == ["1: front matter: invalid text: surrogates not allowed"]


def test_duplicate_keys_at_any_depth():
    text = replace("date: 2019-05-30\n", "date: 2019-05-30\ndate: 2019-05-31\n").replace(
        "  outlet: DW\n", "  outlet: DW\n  outlet: AP\n"
    )
    assert problems(text) == [
        "4: date: duplicate key: it is already set above",
        "8: source.outlet: duplicate key: it is already set above",
    ]


# --- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "title: Japan and Russia accuse one another of military buildup",
            "title: 12",
            "2: title: must be text, not the number 12; put it in quotes if it is meant as text",
        ),
        (
            "title: Japan and Russia accuse one another of military buildup",
            "title: no",
            "2: title: must be text, not the yes/no value no; put it in quotes if it is meant as text",
        ),
        (
            "title: Japan and Russia accuse one another of military buildup",
            "title: [a, b]",
            "2: title: must be text, not a list",
        ),
        (
            "title: Japan and Russia accuse one another of military buildup",
            "title: ~",
            "2: title: missing: this field is required; write the story's headline",
        ),
        (
            "title: Japan and Russia accuse one another of military buildup",
            'title: "  "',
            "2: title: missing: this field is empty; write the story's headline",
        ),
        ("date: 2019-05-30", "date: 2024-13-45", "3: date: '2024-13-45' is not a real date (month must be in 1..12)"),
        (
            "date: 2019-05-30",
            "date: 2019-02-30",
            "3: date: '2019-02-30' is not a real date (day is out of range for month)",
        ),
        ("date: 2019-05-30", "date: 30/05/2019", "3: date: '30/05/2019' is not a date in the form YYYY-MM-DD"),
        ("date: 2019-05-30", "date: 2019-5-30", "3: date: '2019-5-30' is not a date in the form YYYY-MM-DD"),
        ("status: draft", "status: Published", "4: status: unknown status 'Published': use draft or published"),
        (
            "  outlet: DW\n",
            "",
            "5: source.outlet: missing: this field is required; name the outlet that published the story",
        ),
        (
            "actors:\n  - {name: Taro Kono, kind: person, role: Foreign Minister, country: Japan}\n"
            "  - {name: Sergei Lavrov, kind: person, role: Foreign Minister, country: Russia}\n",
            "actors: Taro Kono\n",
            "9: actors: must be a list, not the text 'Taro Kono'",
        ),
        (
            "  - {name: Sergei Lavrov, kind: person, role: Foreign Minister, country: Russia}",
            "  - Sergei Lavrov",
            "11: actors.1: must be a mapping ({name: …}), not the text 'Sergei Lavrov'",
        ),
        (
            "  - {name: Sergei Lavrov, kind: person, role: Foreign Minister, country: Russia}",
            "  -",
            "11: actors.1: must be a mapping ({name: …}), not empty",
        ),
        (
            "kind: person, role: Foreign Minister, country: Russia",
            "kind: minister",
            "11: actors.1.kind: unknown kind 'minister': use person, country or organisation",
        ),
        (
            'text: "Our country\'s legal position does not accept the missile drills"',
            "text: 1",
            "13: quotes.0.text: must be text, not the number 1; put it in quotes if it is meant as text",
        ),
        (
            ', text: "Our country\'s legal position does not accept the missile drills"',
            "",
            "13: quotes.0.text: missing: this field is required",
        ),
        ("speaker: Taro Kono, ", "", "13: quotes.0.speaker: missing: this field is required"),
        ("quotes:\n  - {", "quotes: {", "12: quotes: must be a list, not a mapping"),
    ],
)
def test_wrong_fields(old, new, expected):
    assert problems(replace(old, new)) == [expected]


def test_missing_required_fields_are_all_reported():
    assert problems("---\nsummary: x\n---\n") == [
        "1: title: missing: this field is required; write the story's headline",
        "1: date: missing: this field is required; write the day the story was published (YYYY-MM-DD)",
        "1: status: missing: this field is required",
        "1: source: missing: a mapping with at least outlet: is required",
    ]


def test_every_problem_is_reported_at_once():
    text = (
        replace("date: 2019-05-30", "date: 2019-02-30")
        .replace("status: draft", "status: done")
        .replace("title: Japan and Russia accuse one another of military buildup", "title: 1")
    )
    assert [p.split(":")[0] for p in problems(text)] == ["2", "3", "4"]


def test_titles_are_limited():
    ok = parse_briefing(
        PATH, replace("title: Japan and Russia accuse one another of military buildup", "title: " + "x" * MAX_TITLE)
    )
    assert isinstance(ok, Briefing)
    assert problems(
        replace("title: Japan and Russia accuse one another of military buildup", "title: " + "x" * 10_000)
    ) == ["2: title: too long: 10000 characters, at most 300 (a headline; longer text belongs in summary:)"]


def test_markup_is_kept_as_text():
    b = parse_briefing(
        PATH,
        replace(
            "Our country's legal position does not accept the missile drills", "</blockquote><script>alert(1)</script>"
        ),
    )
    assert b.quotes[0].text == "</blockquote><script>alert(1)</script>"


def test_parse_iso_date():
    assert parse_iso_date("2019-05-30") == dt.date(2019, 5, 30)
    assert parse_iso_date(" 2019-05-30 ") == dt.date(2019, 5, 30)
    assert parse_iso_date("2019-02-29") == "'2019-02-29' is not a real date (day is out of range for month)"
    assert parse_iso_date("2019-05-30T10:00") == "'2019-05-30T10:00' is not a date in the form YYYY-MM-DD"


# --- bytes to text (storage) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        VALID_BRIEFING.encode("utf-8"),
        b"\xef\xbb\xbf" + VALID_BRIEFING.encode("utf-8"),
        ("\ufeff" + VALID_BRIEFING).encode("utf-16-le"),
        ("\ufeff" + VALID_BRIEFING).encode("utf-16-be"),
        VALID_BRIEFING.replace("\n", "\r\n").encode(),
        VALID_BRIEFING.replace("\n", "\r").encode(),
    ],
)
def test_encodings_and_line_endings_that_read_fine(data):
    text, problem = decode_text(data)
    assert problem is None
    assert text == VALID_BRIEFING
    assert isinstance(parse_briefing(PATH, text), Briefing)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "file is empty"),
        (b" \n\r\n\t", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file, not text"),
        (
            "---\ntitle: Sécurité\n".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 12, perhaps Latin-1 or Windows-1252); save the file as UTF-8",
        ),
        (b"\xff\xfeA", "file starts with a UTF-16 mark but is not valid UTF-16"),
    ],
)
def test_bytes_that_are_refused(data, message):
    assert decode_text(data) == (None, message)


def test_big_files_are_refused_by_size():
    assert decode_text(b"x" * (6 * 2**20)) == (None, "file is 6.0 MB, over the 5 MB limit: not read")


def test_problems_print_as_one_line():
    assert str(Problem("a.md", 3, "date", "bad")) == "a.md:3: date: bad"
    assert str(Problem("a.md", 3, "date", "odd", "warning")) == "a.md:3: date: warning: odd"


def test_an_unquoted_comma_that_cuts_a_quote_short_is_an_error():
    text = (
        "---\ntitle: T\ndate: 2019-05-30\nstatus: draft\nsource: {outlet: DW}\n"
        "actors:\n  - {name: Japan, kind: country, capital: Tokyo}\n"
        "quotes:\n  - {speaker: Japan, text: Yes, we will respond}\n---\n"
    )
    problems = [str(p) for p in parse_briefing("b.md", text)]
    assert problems == [
        "b.md:7: actors.0.capital: unknown field (known: name, kind, role, country)",
        "b.md:9: quotes.0.we will respond: not a field: an unquoted comma ends a value in {…}, "
        "so the words after it were cut off; put the value in double quotes",
    ]


def test_a_body_may_hold_2000_unescaped_brackets_and_any_number_escaped():
    from briefing_archive.fields import unrenderable

    assert unrenderable("[" * 2000 + "\\[" * 3000) is None
    assert unrenderable("[" * 2001) == (
        0,
        "2001 '[' characters, at most 2000: Markdown this bracket-heavy takes minutes to render; "
        "escape them as \\[ or cut them",
    )
    refused = unrenderable("a[b\\[" * 2001)
    assert refused is not None and refused[1].startswith("2001 '['")
