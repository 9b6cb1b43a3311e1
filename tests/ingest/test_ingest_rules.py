"""One ingest rule each, on a short page of our own: what the draft must hold.

These are specifications of single rules, not evidence that ingest works on real news
(bench/ingest_quality.py --polnear / --pages measures that).
"""

from __future__ import annotations

import datetime as dt

from briefing_archive.ingest.draft import draft_briefing
from briefing_archive.model import Briefing
from tests.support.ingest import small_registry

REGISTRY = small_registry()
FILLER = "Officials in both capitals gave no further details of the talks on Tuesday evening."


def draft(*paragraphs: str, title: str = "Talks resume in Geneva", date: str | None = "May 30, 2019") -> Briefing:
    page = "\n\n".join([title] + ([date] if date else []) + list(paragraphs) + [FILLER])
    result = draft_briefing(
        page, filename="page.txt", kind="txt", registry=REGISTRY, source_file="content/articles/page.txt"
    )
    assert isinstance(result, Briefing), result
    return result


def quotes(briefing: Briefing) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in briefing.quotes]


def people(briefing: Briefing) -> dict[str, tuple[str | None, str | None]]:
    return {a.name: (a.role, a.country) for a in briefing.actors if a.kind == "person"}


# Dates and the summary


def test_a_caption_date_is_not_the_story_date_nor_its_summary():
    briefing = draft(
        "Ministers meet in Geneva, Switzerland, May 12, 2019.",
        "The two ministers met for three hours and agreed to meet again next month in Geneva.",
        date=None,
    )
    assert briefing.date is None and "date not found" in " ".join(briefing.review)
    assert briefing.summary is None or "May 12" not in briefing.summary


def test_the_date_line_under_the_headline_is_the_story_date():
    assert draft("The two ministers met for three hours and agreed to meet again next month.").date == dt.date(
        2019, 5, 30
    )


# Speakers


def test_a_speech_verb_beyond_said_attributes_the_quote():
    briefing = draft('"Go back to your seat," Jane Porter barked at the reporter during the briefing.')
    assert quotes(briefing) == [("Jane Porter", "Go back to your seat")]


def test_a_person_named_without_a_role_by_a_known_first_name_is_found():
    briefing = draft(
        "Brent Halloway, who has advised three campaigns, watched the debate from the hall.",
        '"The questions were unfair," Halloway said after the debate ended on Tuesday.',
    )
    assert "Brent Halloway" in people(briefing)
    assert quotes(briefing) == [("Brent Halloway", "The questions were unfair")]


def test_a_middle_initial_is_part_of_the_name():
    briefing = draft('"We will not back down," Robert T. Marsh said at a rally in the town hall on Monday.')
    assert quotes(briefing) == [("Robert T. Marsh", "We will not back down")]


def test_a_person_named_once_in_passing_without_a_role_is_no_actor():
    briefing = draft("The minister has long admired Margaret Thatcher and her style of leadership in office.")
    assert "Margaret Thatcher" not in people(briefing)


def test_a_ship_named_after_a_person_is_no_person():
    briefing = draft(
        "The cruiser USS Robert Smalls sailed with the carrier through the strait on Monday.",
        "The cruiser USS Robert Smalls returned to port later that week after the drill.",
    )
    assert "Robert Smalls" not in people(briefing)


def test_a_bare_name_line_is_a_byline_not_a_person():
    briefing = draft("Teresa Olvang", "The two ministers met for three hours and agreed to meet again soon.")
    assert "Teresa Olvang" not in people(briefing)


def test_a_party_between_article_and_role_keeps_the_role():
    briefing = draft('Sean Brody, the Labour MEP for Dublin, said the plan was "a step too far".')
    assert people(briefing)["Sean Brody"][0] == "MEP"


def test_a_name_inside_a_quote_does_not_stop_the_next_quote_inheriting_its_speaker():
    briefing = draft(
        '"We raised the case," Foreign Minister Anna Keller said on Monday.',
        '"I conveyed our concern about Dr Lind\'s sentence and his health in detention."',
    )
    assert ("Anna Keller", "I conveyed our concern about Dr Lind's sentence and his health in detention.") in quotes(
        briefing
    )


def test_the_speech_verb_nearest_the_quote_names_the_speaker():
    briefing = draft(
        "Dmitry Orlov announced the visit on Friday, prompting Foreign Minister Kenji Sato to "
        'express concern that it could "damage relations between the two countries."'
    )
    assert quotes(briefing) == [("Kenji Sato", "damage relations between the two countries.")]


def test_a_weak_verb_in_the_reported_clause_does_not_take_the_quote():
    briefing = draft('Foreign Minister Anna Keller said Germany would continue to "stand firmly with its allies."')
    assert quotes(briefing) == [("Anna Keller", "stand firmly with its allies.")]


def test_a_reporting_verb_after_a_determiner_is_a_noun():
    briefing = draft(
        "President Lee Min-ho told Prime Minister Kenji Sato in a phone call that both sides "
        '"must handle the dispute with prudence."'
    )
    assert quotes(briefing)[0][0] == "Lee Min-ho"


def test_an_outlet_is_not_a_person():
    briefing = draft('"We will respond," The Korea Herald reported the minister as saying after the meeting.')
    assert "Korea Herald" not in people(briefing)


def test_a_quote_opening_a_paragraph_is_the_words_of_the_speaker_the_paragraph_before_leads_in_with():
    briefing = draft(
        "The alliance is growing its budgets, Foreign Minister Anna Keller told the media on Thursday.",
        '"The summit made decisions in favour of a record buildup of military budgets," and more.',
    )
    assert quotes(briefing)[0][0] == "Anna Keller"


def test_a_quote_an_unnamed_official_speaks_inherits_no_earlier_speaker():
    briefing = draft(
        '"We protested at once," Foreign Minister Anna Keller said on Monday.',
        '"We returned all the copies when we called in the attache," the official said.',
    )
    assert [speaker for speaker, _ in quotes(briefing)] == ["Anna Keller"]


def test_a_second_predicate_of_the_subject_keeps_the_subject():
    briefing = draft(
        "President Olena Marchuk referred to a report by Ivan Petrenko, head of the service, "
        'and reported "good results in countering saboteurs" on Sunday.'
    )
    assert quotes(briefing) == [("Olena Marchuk", "good results in countering saboteurs")]


def test_states_that_only_qualify_an_unnamed_subject_do_not_speak():
    briefing = draft(
        "The top nuclear envoys of South Korea, Japan and the United States labeled the "
        'programme the "root cause of instability in the region" on Monday.'
    )
    assert quotes(briefing) == []


def test_a_sentence_opening_with_according_to_attributes_its_quotes():
    briefing = draft(
        "According to a statement from the Japan Coast Guard on Tuesday, the ships were "
        'engaged in "malicious harassment" near the islands.'
    )
    assert quotes(briefing) == [("Japan Coast Guard", "malicious harassment")]


def test_two_quotes_joined_by_and_have_one_speaker():
    briefing = draft(
        "A report by the Russian Defence Ministry criticised Japan's \"rapidly growing defence "
        'spending" and "increasing activities near Russian waters," citing new deployments.'
    )
    assert {speaker for speaker, _ in quotes(briefing)} == {"Russian Defence Ministry"}


def test_a_capitalised_opening_name_is_a_mention_of_the_person():
    briefing = draft(
        "Prime Minister Sanae Takaichi has made her mark quickly since October.",
        "SANAE TAKAICHI has never hidden her admiration for Margaret Thatcher. Since taking office "
        'she told parliament that a blockade could be a "survival-threatening situation" for Japan.',
    )
    assert quotes(briefing) == [("Sanae Takaichi", "survival-threatening situation")]


def test_a_role_not_yet_or_no_longer_held_keeps_its_modifier():
    briefing = draft(
        "President-elect Park Min-jun met Acting President Choi Ho-sung on Monday in Seoul.",
        "Former acting president Han Jae-won did not attend the meeting in the capital.",
    )
    roles = {name: role for name, (role, _) in people(briefing).items()}
    assert roles["Park Min-jun"] == "President-elect" and roles["Choi Ho-sung"] == "Acting President"
    assert roles["Han Jae-won"] == "Former Acting President"


def test_an_unplaced_leader_is_not_given_the_state_he_condemns():
    briefing = draft(
        "North Korea fired a missile on Monday, and North Korea said it was a new type.",
        "Acting President Choi Ho-sung on Tuesday condemned North Korea's launch of the missile.",
        "North Korea has fired several missiles this year, and North Korea plans more tests.",
    )
    assert people(briefing)["Choi Ho-sung"][1] != "North Korea"


def test_a_spokesman_of_a_named_command_serves_its_state():
    briefing = draft('"The drills are over," PLA Eastern Theater Command spokesman Shi Wen said on Wednesday.')
    assert people(briefing)["Shi Wen"] == ("Spokesman", "China")


def test_a_partial_quote_with_no_verb_is_the_word_of_the_person_opening_the_sentence():
    briefing = draft('Senator Marco Diaz also bemoaned a climate in which people "literally hate each other" now.')
    assert quotes(briefing) == [("Marco Diaz", "literally hate each other")]


def test_a_quoted_word_before_a_noun_is_no_partial_quote():
    briefing = draft('Foreign Minister Penny Lang raised military "unsafe" encounters with her counterpart.')
    assert quotes(briefing) == []


def test_a_dash_before_a_name_closes_a_pull_quote():
    briefing = draft('"He has spread fear and division across the whole country." ― Krystal Correa, a voter in Ohio.')
    assert quotes(briefing) == [("Krystal Correa", "He has spread fear and division across the whole country.")]


def test_a_quote_no_rule_attributes_goes_to_the_one_person_its_paragraph_names_with_a_note():
    briefing = draft('Mayor Tom Reyes spoke at length about the budget. The money, in short, "has run out for good."')
    assert quotes(briefing) == [("Tom Reyes", "has run out for good.")]
    assert any("guessed as Tom Reyes" in note for note in briefing.review)


def test_a_statement_speaks_for_its_named_issuer():
    briefing = draft(
        "President Lin Mei on Friday posted a statement from the Presidential Office about the sale.",
        '"We also thank the government for its continued commitment to our defence," the statement said.',
    )
    assert quotes(briefing) == [
        ("Presidential Office", "We also thank the government for its continued commitment to our defence")
    ]


def test_after_a_quote_the_name_nearest_the_verb_speaks():
    briefing = draft(
        '"Finland is a terrific ally and shares our values," US ambassador to Nato Julia Smart told reporters.'
    )
    assert quotes(briefing) == [("Julia Smart", "Finland is a terrific ally and shares our values")]


def test_he_in_a_sentence_whose_subject_is_no_person_is_the_last_speaker_not_the_person_it_names():
    briefing = draft(
        "In an interview on Monday, Defence Minister Paul Lenz said the North may test again.",
        'The North may try to "push to the brink," if Kim Jong-un believes it works, he said.',
    )
    assert quotes(briefing) == [("Paul Lenz", "push to the brink")]


def test_a_person_named_with_role_only_in_a_caption_is_found_by_the_role_in_the_story():
    briefing = draft(
        "Paul Lenz, Germany's defence minister, speaks in Berlin. (Photo: Jan Roe/Reuters)",
        'In an interview, the German defence minister said the drills would "go ahead as planned."',
    )
    assert quotes(briefing) == [("Paul Lenz", "go ahead as planned.")]


def test_the_ministrys_spokesman_is_the_ministrys_states():
    briefing = draft(
        "South Korea's Foreign Ministry protested on Tuesday against the claims in the paper.",
        '"We urge it to retract the claim," Kim Jin-su, the ministry\'s spokesman, said in a statement.',
    )
    assert people(briefing)["Kim Jin-su"] == ("Spokesman", "South Korea")


def test_a_reporter_named_with_the_outlet_is_no_actor():
    briefing = draft(
        "As NATO forces gather in the region for exercises, DW's Teri Olson reports from Lithuania.",
        "The exercises began on Monday and will last two weeks, the alliance said on Sunday.",
    )
    assert "Teri Olson" not in people(briefing)


def test_a_short_utterance_opening_its_sentence_is_reported_after_it():
    briefing = draft(
        "Farmers watched the tanks roll past their fields on Monday.",
        '"It\'s very exciting!" the 33-year-old Stelmokas exclaimed in the yard.',
    )
    assert quotes(briefing) == [("Stelmokas", "It's very exciting!")]


def test_a_surname_several_people_share_is_the_principal_the_story_named_first():
    briefing = draft(
        "Senator Ted Cruz endorsed the party's nominee on Friday after months of refusing to, "
        "aides to the senator from Texas said.",
        "His wife, Heidi Cruz, and his father, Rafael Cruz, had been attacked during the primary.",
        "The three had campaigned hard across the state for months.",
        'Cruz exhorted delegates at the convention to "vote your conscience" instead.',
    )
    assert quotes(briefing) == [("Ted Cruz", "vote your conscience")]


def test_a_speaker_named_after_the_verb_leads_in_the_next_paragraph():
    briefing = draft(
        "Malaysia has always protected its rights in the sea, said Prime Minister Anwar Ibrahim.",
        '"We do so unwaveringly in the face of all challenges and claims," and no less today.',
    )
    assert quotes(briefing)[0][0] == "Anwar Ibrahim"


def test_vietnamese_names_keep_their_letters():
    briefing = draft('"Such activities complicate the situation," spokesperson Phạm Thu Hằng said on Thursday.')
    assert quotes(briefing) == [("Phạm Thu Hằng", "Such activities complicate the situation")]


def test_a_brief_of_short_paragraphs_keeps_its_body():
    result = draft_briefing(
        "Talks continue\n\nMay 30, 2019\n\nForeign Minister Anna Keller said on Monday that "
        'the talks would go on.\n\n"We will not give up," Keller said.',
        filename="brief.txt",
        kind="txt",
        registry=REGISTRY,
        source_file="x",
    )
    assert result.title == "Talks continue" and "the talks would go on" in result.body
    assert quotes(result) == [("Anna Keller", "We will not give up")]


def test_a_registry_name_spelled_anew_is_drafted_under_the_registry_name_with_an_alias_note():
    briefing = draft('"We will not give up the islands," Russian Foreign Minister Sergej Lavrov said on Monday.')
    assert quotes(briefing) == [("Sergei Lavrov", "We will not give up the islands")]
    assert (
        'Sergei Lavrov: new spelling of Sergei Lavrov: add "Sergej Lavrov" to its aliases in the registry'
        in briefing.review
    )


def test_a_listed_alias_is_drafted_under_the_registry_name_without_a_note():
    briefing = draft('"We will not give up the islands," Russian Foreign Minister Sergey Lavrov said on Monday.')
    assert quotes(briefing) == [("Sergei Lavrov", "We will not give up the islands")]
    assert not any("new spelling" in note for note in briefing.review)


def test_a_caption_above_a_credit_line_leaves_the_body_and_summary():
    briefing = draft(
        "Members of the coast guard take part in exercises near the island in the sea.",
        "Philippine Coast Guard handout via AFP",
        "The coast guard said on Monday that Chinese vessels had shadowed its ships for hours.",
    )
    assert "exercises near the island" not in briefing.body + (briefing.summary or "")
    assert "handout via AFP" not in briefing.body
