"""Unit tests of the checks across files: registry, quotes, workflow, duplicates (inline inputs)."""

from __future__ import annotations

import dataclasses
import time

import pytest

from briefing_archive.archive import source_path_problem
from briefing_archive.model import Briefing, Problem, Quote, RegistryEntry
from briefing_archive.parse import parse_briefing
from briefing_archive.quotes import SourceMatcher, normalise, occurs_in, quote_core
from briefing_archive.registry import Registry, check_registry, parse_registry_entry
from briefing_archive.validate import (
    check_briefing,
    check_file_name,
    claims_by_path,
    duplicate_claims,
    problems_summary,
)
from tests.support.archive import VALID_BRIEFING

PATH = "briefings/2019-05-30-buildup.md"
SOURCE = (
    "Japanese Foreign Minister Taro Kono told his counterpart Sergei Lavrov, “Our country’s legal "
    "position does not accept the missile drills, fighter aircraft deployment.”\n"
    'Lavrov said, "The Russian armed forces are active on their\nsovereign territory."'
)


def entry(path: str, text: str, kind: str) -> RegistryEntry:
    result = parse_registry_entry(path, text, kind)
    assert isinstance(result, RegistryEntry), result
    return result


REGISTRY = Registry(
    issues=(
        entry(
            "content/issues/kuril-islands.md",
            "---\nname: Kuril Islands\naliases: [Northern Territories, Southern Kurils]\n---\nOverview.\n",
            "issue",
        ),
        entry("content/issues/aegis-ashore.md", "---\nname: Aegis Ashore\n---\n", "issue"),
    ),
    actors=(
        entry("content/actors/taro-kono.md", "---\nname: Taro Kono\nkind: person\naliases: [Kono]\n---\n", "actor"),
        entry(
            "content/actors/sergei-lavrov.md",
            "---\nname: Sergei Lavrov\nkind: person\naliases: [Lavrov]\n---\n",
            "actor",
        ),
        entry("content/actors/japan.md", "---\nname: Japan\nkind: country\ndemonyms: [Japanese]\n---\n", "actor"),
    ),
)


def briefing(*replacements: tuple[str, str], path: str = PATH) -> Briefing:
    text = VALID_BRIEFING
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    result = parse_briefing(path, text)
    assert isinstance(result, Briefing), result
    return result


def check(b: Briefing, source: str | None = SOURCE, error: str | None = None) -> list[str]:
    return [str(p).removeprefix(b.path + ":") for p in check_briefing(b, REGISTRY, source, error)]


PUBLISH = ("status: draft\n", "status: published\nreviewed_by: Ed Itor\n")


def test_a_valid_briefing_has_no_problems():
    assert check(briefing()) == []
    assert check(briefing(PUBLISH)) == []


# --- names and the registry --------------------------------------------------------------


def test_unknown_names_are_warnings_in_drafts_with_a_hint():
    b = briefing(
        ("issues: [Kuril Islands]", "issues: [Kuril Island, Whaling]"),
        ("name: Sergei Lavrov", "name: Sergei Lavrow"),
        ("to: Sergei Lavrov, ", ""),
    )
    assert check(b) == [
        "8: issues.0: warning: 'Kuril Island' is not a known issue in the registry; did you mean 'Kuril Islands'?",
        "8: issues.1: warning: 'Whaling' is not a known issue in the registry; add it to content/issues/",
        "11: actors.1.name: warning: 'Sergei Lavrow' is not a known actor in the registry; "
        "did you mean 'Sergei Lavrov'?",
    ]


def test_unknown_names_are_errors_in_published_briefings():
    b = briefing(PUBLISH, ("issues: [Kuril Islands]", "issues: [Whaling]"))
    problems = check_briefing(b, REGISTRY, SOURCE)
    assert [(p.field, p.severity) for p in problems] == [("issues.0", "error")]


def test_aliases_and_other_spellings_are_warnings_naming_the_canonical_name():
    b = briefing(
        ("issues: [Kuril Islands]", "issues: [Southern Kurils, kuril  islands]"),
        ("name: Sergei Lavrov", "name: Lavrov"),
        ("name: Taro Kono", "name: Japanese"),
        ("kind: person, role: Foreign Minister, country: Japan", "kind: country"),
        ("speaker: Taro Kono, to: Sergei Lavrov", "speaker: Japanese, to: Lavrov"),
    )
    assert check(b, source=None) == [
        "8: issues.0: warning: 'Southern Kurils' is an alias of 'Kuril Islands': use the canonical name",
        "8: issues.1: warning: 'kuril  islands' is a different spelling of 'Kuril Islands': use the canonical name",
        "10: actors.0.name: warning: 'Japanese' is an alias of 'Japan': use the canonical name",
        "11: actors.1.name: warning: 'Lavrov' is an alias of 'Sergei Lavrov': use the canonical name",
    ]


def test_registry_lookups_fold_case_and_spacing():
    assert REGISTRY.issue("  kuril   ISLANDS ").name == "Kuril Islands"
    assert REGISTRY.issue("Northern Territories").name == "Kuril Islands"
    assert REGISTRY.actor("Japanese").name == "Japan"
    assert REGISTRY.actor("Kuril Islands") is None
    assert REGISTRY.suggest("issue", "Kurile Islands") == "Kuril Islands"
    assert REGISTRY.suggest("issue", "Whaling") is None


# --- quotes --------------------------------------------------------------------------------


def test_a_speaker_must_be_an_actor_and_an_addressee_should_be():
    b = briefing(("speaker: Taro Kono, to: Sergei Lavrov", "speaker: Shinzo Abe, to: Vladimir Putin"))
    assert check(b) == [
        "13: quotes.0.speaker: speaker 'Shinzo Abe' is not among the briefing's actors",
        "13: quotes.0.to: warning: addressee 'Vladimir Putin' is not among the briefing's actors",
    ]


def test_a_misquote_is_an_error_with_the_quote():
    b = briefing(("missile drills", "missile tests"))
    assert check(b) == [
        "13: quotes.0.text: quote does not occur in content/articles/source.txt: a misquote? "
        "(Our country's legal position does not accept the missile te…)"
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "Our country's legal position does not accept the missile drills",  # straight vs curly apostrophe
        "“Our country’s legal position does not accept the missile drills,”",
        "legal position does not accept",
        "The Russian armed forces are active on their sovereign territory!",  # line break in the source
        "  The Russian   armed forces  ",
        "...active on their sovereign territory...",
    ],
)
def test_quotes_matching_apart_from_marks_spacing_and_end_punctuation(quote):
    assert occurs_in(quote, SOURCE)
    assert SourceMatcher(SOURCE).contains(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "our country's legal position",  # capitalisation is wording
        "Our country's legal position does not accept missile drills",  # a word left out
        "The Russian armed forces are active in their sovereign territory",
        "...",  # nothing but punctuation
        "",
    ],
)
def test_quotes_that_do_not_match(quote):
    assert not occurs_in(quote, SOURCE)


def test_quote_normalisation():
    assert normalise("  a\u00a0 “b”\n\t‘c’ – d ") == "a \"b\" 'c' - d"
    assert quote_core(" «Yes!» ") == "Yes"


def test_no_quote_check_without_a_source_text():
    assert check(briefing(("missile drills", "missile tests")), source=None) == []


def test_a_source_problem_is_reported_at_source_file():
    b = briefing()
    assert check(b, source=None, error="source file content/articles/source.txt does not exist") == [
        "7: source.file: source file content/articles/source.txt does not exist"
    ]


def test_five_thousand_quotes_are_checked_quickly():
    b = briefing()
    many = tuple(Quote("Taro Kono", "legal position does not accept") for _ in range(4999)) + (
        Quote("Taro Kono", "not in the source"),
    )
    b = dataclasses.replace(b, quotes=many)
    started = time.monotonic()
    problems = check_briefing(b, REGISTRY, SOURCE * 100)
    assert time.monotonic() - started < 1
    assert [p.field for p in problems] == ["quotes.4999.text"]


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "content/../../x.txt", "content\\x.txt"])
def test_source_files_must_stay_inside_the_archive(path):
    assert source_path_problem(path) == f"{path!r} must be a path inside the archive (like content/articles/x.txt)"


def test_source_files_inside_the_archive_are_fine():
    assert source_path_problem("content/articles/a.txt") is None


# --- the editorial workflow -------------------------------------------------------------------


def test_published_needs_a_reviewer():
    assert check(briefing(("status: draft", "status: published"))) == [
        "4: reviewed_by: missing: a published briefing records who reviewed it"
    ]


def test_published_may_not_keep_review_notes():
    b = briefing(PUBLISH, ("---\nJapan and Russia traded", "review: [check the quote]\n---\nJapan and Russia traded"))
    assert check(b) == ["15: review: 1 review note(s) left in a published briefing: handle and delete them"]


def test_drafts_may_keep_review_notes():
    b = briefing(("---\nJapan and Russia traded", "review: [check the quote]\n---\nJapan and Russia traded"))
    assert check(b) == []


# --- file names and duplicates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, expected",
    [
        ("briefings/2019-05-30-buildup.md", []),
        (
            "briefings/2019-05-29-buildup.md",
            [
                "briefings/2019-05-29-buildup.md:3: date: warning: date 2019-05-30 differs from the file name's 2019-05-29"
            ],
        ),
        ("briefings/buildup.md", ["briefings/buildup.md:1: path: warning: file name should be <YYYY-MM-DD>-<slug>.md"]),
        (
            "briefings/2019-05-30-Build Up.md",
            [
                "briefings/2019-05-30-Build Up.md:1: path: warning: slug 'Build Up' "
                "is not a clean slug (lowercase letters, digits and '-'): try 'build-up'"
            ],
        ),
        (
            "briefings/___.md",
            [
                "briefings/___.md:1: path: file name '___' gives an empty slug: the page would have "
                "no address; name it <YYYY-MM-DD>-<slug>.md"
            ],
        ),
    ],
)
def test_file_names(path, expected):
    assert [str(p) for p in check_file_name(briefing(path=path))] == expected


def test_same_slug_and_same_source_are_errors():
    briefings = [
        briefing(path="briefings/2019-05-30-x-y.md"),
        briefing(path="briefings/2019-05-30-x_y.md"),
        briefing(
            path="briefings/a/2019-05-30-z.md",
        ),
        briefing(("  file: content/articles/source.txt\n", ""), path="briefings/b/2019-05-30-z.md"),
    ]
    assert [str(p) for p in duplicate_claims(list(claims_by_path(briefings).values()))] == [
        "briefings/2019-05-30-x_y.md:1: path: same slug as briefings/2019-05-30-x-y.md: their pages would collide",
        "briefings/2019-05-30-x_y.md:7: source.file: content/articles/source.txt is already the source of "
        "briefings/2019-05-30-x-y.md",
        "briefings/a/2019-05-30-z.md:7: source.file: content/articles/source.txt is already the source of "
        "briefings/2019-05-30-x-y.md",
        "briefings/b/2019-05-30-z.md:1: path: same slug as briefings/a/2019-05-30-z.md: their pages would collide",
    ]


def test_claims_all_different_are_no_problem_and_one_repeated_is():
    claims = [("b/1.md", "one", None, 0), ("b/2.md", "two", "", 0), ("b/3.md", "three", "s.txt", 7)]
    assert duplicate_claims(claims) == []
    assert [str(p) for p in duplicate_claims([*claims, ("b/4.md", "four", "s.txt", 9)])] == [
        "b/4.md:9: source.file: s.txt is already the source of b/3.md"
    ]


# --- the registry itself ------------------------------------------------------------------------


def test_registry_entries_are_read():
    kuril = REGISTRY.issues[0]
    assert (kuril.name, kuril.slug, kuril.aliases, kuril.overview) == (
        "Kuril Islands",
        "kuril-islands",
        ("Northern Territories", "Southern Kurils"),
        "Overview.",
    )
    assert REGISTRY.actors[2].demonyms == ("Japanese",)


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("---\nname: X\n---\n", "actor", ["1: kind: missing: this field is required"]),
        (
            "---\nname: 42\nkind: person\n---\n",
            "actor",
            ["2: name: must be text, not the number 42; put it in quotes if it is meant as text"],
        ),
        (
            "---\nname: X\nkind: planet\n---\n",
            "actor",
            ["3: kind: unknown kind 'planet': use person, country or organisation"],
        ),
        ("---\n---\n", "issue", ["2: front matter: must be a mapping of fields (name: …), not empty"]),
        ("---\n- X\n---\n", "issue", ["2: front matter: must be a mapping of fields (name: …), not a list"]),
        ("---\naliases: [Y]\n---\n", "issue", ["1: name: missing: this field is required"]),
        (
            "X\n",
            "issue",
            ["1: front matter: missing: the file must start with a '---' line, the YAML, and a closing '---' line"],
        ),
    ],
)
def test_bad_registry_entries(text, kind, expected):
    result = parse_registry_entry("r.md", text, kind)
    assert [str(p).removeprefix("r.md:") for p in result] == expected


def test_registry_unknown_fields_are_warnings_on_the_entry():
    result = parse_registry_entry("r.md", "---\nname: X\ncolour: blue\n---\n", "issue")
    assert [str(p) for p in result.warnings] == [
        "r.md:3: colour: warning: unknown field (known: name, aliases, wikidata, see_also)"
    ]


def test_two_entries_claiming_one_alias():
    registry = Registry(
        issues=(
            entry("content/issues/a.md", "---\nname: Kuril Islands\naliases: [Kurils]\n---\n", "issue"),
            entry("content/issues/b.md", "---\nname: Kuril dispute\naliases:\n  - Kurils\n---\n", "issue"),
        )
    )
    assert [str(p) for p in check_registry(registry)] == [
        "content/issues/b.md:4: aliases.0: 'Kurils' is already claimed by content/issues/a.md (Kuril Islands)"
    ]


def test_an_alias_cycle():
    registry = Registry(
        issues=(
            entry("content/issues/alpha.md", "---\nname: Alpha\naliases: [Beta]\n---\n", "issue"),
            entry("content/issues/beta.md", "---\nname: Beta\naliases: [Alpha]\n---\n", "issue"),
        )
    )
    assert [str(p) for p in check_registry(registry)] == [
        "content/issues/alpha.md:3: aliases.0: 'Beta' is already claimed by content/issues/beta.md (Beta)",
        "content/issues/beta.md:3: aliases.0: 'Alpha' is already claimed by content/issues/alpha.md (Alpha)",
    ]


def test_names_with_one_slug():
    registry = Registry(
        issues=(
            entry("content/issues/a.md", "---\nname: Aegis Ashore\n---\n", "issue"),
            entry("content/issues/b.md", "---\nname: AEGIS-ashore!\n---\n", "issue"),
        )
    )
    assert [str(p) for p in check_registry(registry)] == [
        "content/issues/b.md:2: name: 'AEGIS-ashore!' has the same slug 'aegis-ashore' as 'Aegis Ashore' "
        "in content/issues/a.md: their pages would collide"
    ]


@pytest.mark.parametrize("name, slug", [("<script>", "script"), ("../../etc", "etc"), ("!!!", "untitled")])
def test_hostile_names_get_safe_slugs(name, slug):
    assert entry("content/issues/x.md", f"---\nname: {name!r}\n---\n", "issue").slug == slug


def test_home_countries_should_be_in_the_registry():
    registry = Registry(
        actors=(entry("content/actors/x.md", "---\nname: X\nkind: person\ncountry: Atlantis\n---\n", "actor"),)
    )
    assert [str(p) for p in check_registry(registry)] == [
        "content/actors/x.md:4: country: warning: 'Atlantis' is not a country in the registry"
    ]


def test_summary_line():
    problems = [Problem("a", 1, "f", "m"), Problem("a", 2, "f", "m", "warning")]
    assert problems_summary(problems, 3) == "3 file(s) checked: 1 error(s), 1 warning(s)"
