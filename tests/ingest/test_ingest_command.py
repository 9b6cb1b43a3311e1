"""run_ingest: writes drafts, keeps sources, refuses to clobber edits, survives bad files."""

from __future__ import annotations

import shutil

from briefing_archive.ingest.command import run_ingest
from tests.support.ingest import CASES, SAMPLE, small_registry

REGISTRY = small_registry()


def ingest(root, *paths, force=False, date=None):
    return run_ingest([str(p) for p in paths], root=root, registry=REGISTRY, force=force, progress=False, date=date)


def drafted(out: str) -> list[str]:
    """The briefings a run's report says it drafted ("<article>: drafted <briefing>[, …]")."""
    return [line.split(": drafted ", 1)[1].split(",")[0] for line in out.splitlines() if ": drafted " in line]


def test_writes_draft_and_keeps_source(tmp_path, capsys):
    assert ingest(tmp_path, SAMPLE) == 0
    out = capsys.readouterr().out
    written = drafted(out)
    assert written == ["briefings/2019-05-30-japan-and-russia-accuse-one-another-of-military-buildup.md"]
    assert out.splitlines()[-1] == "1 article(s): 1 drafted (1 with notes to review), 0 skipped, 0 unreadable"
    assert (tmp_path / "content/articles" / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
    text = (tmp_path / written[0]).read_text()
    assert "status: draft" in text and f"file: content/articles/{SAMPLE.name}" in text


def test_reingest_is_noop_and_edits_are_kept(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    target = next((tmp_path / "briefings").glob("*.md"))
    assert ingest(tmp_path, SAMPLE) == 0
    assert f"{SAMPLE}: skipped, briefings/" in capsys.readouterr().out
    target.write_text(target.read_text().replace("status: draft", "status: published"))
    assert ingest(tmp_path, SAMPLE) == 0  # skipped, not unreadable
    assert "status: published" in target.read_text()
    assert "was edited since it was drafted (--force replaces it)" in capsys.readouterr().out
    assert ingest(tmp_path, SAMPLE, force=True) == 0
    assert "status: draft" in target.read_text()


def test_unchanged_message(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    capsys.readouterr()
    ingest(tmp_path, SAMPLE)
    assert capsys.readouterr().out.startswith(f"{SAMPLE}: skipped, briefings/2019-05-30-")


def test_duplicate_source_is_reported_not_drafted(tmp_path, capsys):
    copy = tmp_path / "in" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, copy)
    assert ingest(tmp_path, SAMPLE, copy) == 0
    assert f"{copy}: skipped, same text as" in capsys.readouterr().out
    assert len(list((tmp_path / "briefings").glob("*.md"))) == 1


def test_bad_files_do_not_stop_the_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(CASES, folder, ignore=shutil.ignore_patterns("*.yml"))
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "latin1.txt").write_bytes("Caf\xe9 news\n\nno date here".encode("latin-1"))
    (folder / "undated.txt").write_text("A headline without any date\n\n" + "Words and more words. " * 10)
    assert ingest(tmp_path, folder) == 1
    out, err = capsys.readouterr()
    for name, problem in (("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8")):
        assert any(name in line and problem in line for line in err.splitlines()), (name, err)
    assert f"{folder / 'undated.txt'}: drafted briefings/undated-a-headline-without-any-date.md" in out
    assert len(list((tmp_path / "briefings").glob("*.md"))) == len(list(CASES.glob("*.expected.yml"))) + 1
    cases = len(list(CASES.glob("*.expected.yml")))
    assert out.splitlines()[-1].startswith(f"{cases + 4} article(s): {cases + 1} drafted (")
    assert out.splitlines()[-1].endswith(", 0 skipped, 3 unreadable")


def test_edited_draft_is_not_overwritten(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    target = next((tmp_path / "briefings").glob("*.md"))
    target.write_text(target.read_text().replace("summary:", "summary: Edited."))
    assert ingest(tmp_path, SAMPLE) == 0
    assert "Edited." in target.read_text()


def test_an_undated_headline_with_a_full_stop_is_drafted_and_check_asks_for_the_date(tmp_path, capsys):
    from briefing_archive.parse import parse_briefing

    article = tmp_path / "in" / "talks.txt"
    article.parent.mkdir()
    article.write_text(
        "Senator says talks will resume.\n\nBy Jane Doe\n\n"
        + "The senator said on Monday that the talks would resume next week in Geneva. " * 3
    )
    assert ingest(tmp_path, article) == 0
    [path] = drafted(capsys.readouterr().out)
    assert path == "briefings/undated-senator-says-talks-will-resume.md"
    text = (tmp_path / path).read_text()
    assert "title: Senator says talks will resume.\n" in text and 'date: ""' in text
    assert "date not found: fill in date (YYYY-MM-DD)" in text
    problems = parse_briefing(path, text)
    assert [str(p) for p in problems] == [
        f"{path}:3: date: missing: this field is empty; write the day the story was published (YYYY-MM-DD)",
        f"{path}:6: source.outlet: missing: this field is empty; name the outlet that published the story",
    ]


def test_date_given_on_the_command_line_wins(tmp_path, capsys):
    import datetime as dt

    assert ingest(tmp_path, SAMPLE, date=dt.date(2019, 6, 1)) == 0
    [path] = drafted(capsys.readouterr().out)
    assert path.startswith("briefings/2019-06-01-") and "date: 2019-06-01\n" in (tmp_path / path).read_text()


def test_another_article_with_the_same_date_and_headline_gets_its_own_draft(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    first = drafted(capsys.readouterr().out)[0]
    other = tmp_path / "in" / "same-headline.txt"
    other.parent.mkdir()
    other.write_text(SAMPLE.read_text().replace("Lavrov defended", "Lavrov, unmoved, defended"))
    before = (tmp_path / first).read_text()
    assert ingest(tmp_path, other) == 0
    out = capsys.readouterr().out
    assert drafted(out) == [first[:-3] + "-2.md"], out
    assert (tmp_path / first).read_text() == before
    assert "--force" not in out
