"""``build.py ingest --explain``: under each drafted file, which rule found what; the drafts
are the same with or without it."""

from __future__ import annotations

from briefing_archive.cli import main
from briefing_archive.ingest.command import run_ingest
from tests.support.ingest import small_registry

REGISTRY = small_registry()
ARTICLE = """Envoys trade warnings over island drills

May 30, 2019

MOSCOW, May 30 (Reuters) - Russian Foreign Minister Sergei Lavrov said on Thursday: "We are ready to keep talking with Tokyo about the islands."

"Not under pressure," Lavrov told reporters after the meeting in Moscow. "The door stays open, but the drills must stop."

"Talks cannot go on while warships circle our coast."

The Japanese Defense Ministry said the drills were routine and planned months ago.
"""
EXPLANATION = [
    '  title "Envoys trade warnings over island drills" ← rule line_above_byline_or_date',
    "  date 2019-05-30 ← rule date_line_in_header",
    "  location Moscow ← rule capitals_dateline",
    "  person Sergei Lavrov: role Foreign Minister ← rule role_before_name; country Russia ← rule role_before_name",
    '  quote 1 "We are ready to keep talking …": speaker Sergei Lavrov ← rule said_before_quote (paragraph 1)',
    '  quote 2 "Not under pressure": speaker Sergei Lavrov ← rule said_after_quote (paragraph 2)',
    '  quote 3 "The door stays open, but the …": speaker Sergei Lavrov ← rule same_paragraph_speaker (paragraph 2)',
    '  quote 4 "Talks cannot go on while warships …": speaker Sergei Lavrov ← rule last_speaker_guessed (paragraph 3)',
]


def article(folder, name="envoys.txt", text=ARTICLE):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def briefings(root) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((root / "briefings").glob("*.md"))}


def test_explain_says_which_rule_found_title_date_place_people_and_speakers(tmp_path, capsys):
    source = article(tmp_path / "inbox")
    assert run_ingest([str(source)], root=tmp_path / "archive", registry=REGISTRY, progress=False, explain=True) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{source}: drafted briefings/2019-05-30-envoys-trade-warnings-over-island-drills.md")
    assert lines[1:-1] == EXPLANATION
    assert lines[-1].startswith("1 article(s): 1 drafted")


def test_without_explain_only_the_outcome_is_printed(tmp_path, capsys):
    source = article(tmp_path / "inbox")
    run_ingest([str(source)], root=tmp_path / "archive", registry=REGISTRY, progress=False)
    assert not any(line.startswith("  ") for line in capsys.readouterr().out.splitlines())


def test_explain_drafts_the_same_briefings_in_worker_processes_too(tmp_path, capsys):
    # eight files or more are drafted in worker processes; each must be a distinct article
    sources = [
        article(tmp_path / "inbox", f"envoys-{n}.txt", ARTICLE.replace("island drills", f"drills no. {n}"))
        for n in range(9)
    ]
    for folder, explain in (("plain", False), ("explained", True)):
        run_ingest(
            [str(s) for s in sources], root=tmp_path / folder, registry=REGISTRY, progress=False, explain=explain
        )
    assert briefings(tmp_path / "plain") == briefings(tmp_path / "explained")
    assert len(briefings(tmp_path / "plain")) == 9
    out = capsys.readouterr().out
    assert out.count("← rule said_after_quote (paragraph 2)") == 9


def test_the_command_line_takes_explain(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    source = article(tmp_path / "inbox")
    assert main(["--root", str(tmp_path), "ingest", "--quiet", "--explain", str(source)]) == 0
    assert "  date 2019-05-30 ← rule date_line_in_header" in capsys.readouterr().out.splitlines()
