"""Editorial steps as pure functions: fmt and publish."""

from briefing_archive.registry import Registry, parse_registry_entry
from briefing_archive.workflow import format_text, publish_text

DRAFT = """---
issues: [Kuril Islands]
status: draft
date: 2019-05-30
title: Ministers meet
source: {outlet: DW, file: content/articles/a.txt}
actors:
  - {name: Japan, kind: country}
quotes:
  - {speaker: Japan, text: unacceptable}
---
Body.
"""
SOURCE = 'The Japanese say it is "unacceptable."'


def registry() -> Registry:
    kuril = parse_registry_entry("content/issues/k.md", "---\nname: Kuril Islands\n---\n", "issue")
    japan = parse_registry_entry("content/actors/j.md", "---\nname: Japan\nkind: country\n---\n", "actor")
    return Registry((kuril,), (japan,))


def test_fmt_orders_keys_and_is_idempotent():
    formatted = format_text("briefings/2019-05-30-x.md", DRAFT)
    assert formatted.splitlines()[1:4] == ["title: Ministers meet", "date: 2019-05-30", "status: draft"]
    assert format_text("briefings/2019-05-30-x.md", formatted) == formatted


def test_fmt_refuses_to_drop_comments_and_unknown_fields():
    text = DRAFT.replace("status: draft\n", "status: draft\n# keep me\nmood: happy\n")
    problems = format_text("b.md", text)
    assert [str(p) for p in problems] == [
        "b.md:4: front matter: has a comment, which fmt would drop: move it into the body or a review note",
        "b.md:5: mood: unknown field, which fmt would drop",
    ]


def test_publish_records_reviewer():
    published = publish_text("briefings/2019-05-30-x.md", DRAFT, "A. Editor", registry(), SOURCE)
    assert "status: published\nreviewed_by: A. Editor\n" in published


def test_publish_refuses_review_notes_and_check_errors():
    text = DRAFT.replace("Body.", "Body.").replace("status: draft\n", "status: draft\nreview: [check the quote]\n")
    text = text.replace("text: unacceptable", "text: acceptable to us")
    problems = publish_text("briefings/2019-05-30-x.md", text, "A. Editor", registry(), SOURCE)
    fields = sorted(p.field for p in problems)
    assert fields == ["quotes.0.text", "review"]


def test_publish_refuses_names_missing_from_registry():
    text = DRAFT.replace("[Kuril Islands]", "[Kurile dispute]")
    problems = publish_text("briefings/2019-05-30-x.md", text, "A. Editor", registry(), SOURCE)
    assert [p.field for p in problems] == ["issues.0"]
    assert "did you mean 'Kuril Islands'" in problems[0].message
