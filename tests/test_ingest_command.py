"""run_ingest: writes drafts, keeps sources, refuses to clobber edits, survives bad files."""
from __future__ import annotations

import shutil

from briefing_archive.ingest.command import run_ingest
from test_ingest_support import CASES, SAMPLE, small_registry

REGISTRY = small_registry()


def ingest(root, *paths, force=False):
    return run_ingest([str(p) for p in paths], root=root, registry=REGISTRY, force=force, progress=False)


def test_writes_draft_and_keeps_source(tmp_path, capsys):
    assert ingest(tmp_path, SAMPLE) == 0
    written = capsys.readouterr().out.split()
    assert written == ["briefings/2019-05-30-japan-and-russia-accuse-one-another-of-military-buildup.md"]
    assert (tmp_path / "content/articles" / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
    text = (tmp_path / written[0]).read_text()
    assert "status: draft" in text and f"file: content/articles/{SAMPLE.name}" in text


def test_reingest_is_noop_and_edits_are_kept(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    target = next((tmp_path / "briefings").glob("*.md"))
    assert ingest(tmp_path, SAMPLE) == 0
    assert "unchanged: briefings/" in capsys.readouterr().out
    target.write_text(target.read_text().replace("status: draft", "status: published"))
    assert ingest(tmp_path, SAMPLE) == 1
    assert "status: published" in target.read_text()
    assert "not overwritten" in capsys.readouterr().err
    assert ingest(tmp_path, SAMPLE, force=True) == 0
    assert "status: draft" in target.read_text()


def test_unchanged_message(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    capsys.readouterr()
    ingest(tmp_path, SAMPLE)
    assert capsys.readouterr().out.startswith("unchanged: briefings/")


def test_duplicate_source_is_reported_not_drafted(tmp_path, capsys):
    copy = tmp_path / "in" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, copy)
    assert ingest(tmp_path, SAMPLE, copy) == 0
    assert "same text as" in capsys.readouterr().err
    assert len(list((tmp_path / "briefings").glob("*.md"))) == 1


def test_bad_files_do_not_stop_the_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(CASES, folder, ignore=shutil.ignore_patterns("*.yml"))
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "latin1.txt").write_bytes("Caf\xe9 news\n\nno date here".encode("latin-1"))
    (folder / "undated.txt").write_text("A headline without any date\n\n" + "Words and more words. " * 10)
    assert ingest(tmp_path, folder) == 1
    err = capsys.readouterr().err
    for name, problem in (("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8"),
                          ("undated.txt", "no date found")):
        assert any(name in line and problem in line for line in err.splitlines()), (name, err)
    assert len(list((tmp_path / "briefings").glob("*.md"))) == len(list(CASES.glob("*.expected.yml")))


def test_edited_draft_is_not_overwritten(tmp_path, capsys):
    ingest(tmp_path, SAMPLE)
    target = next((tmp_path / "briefings").glob("*.md"))
    target.write_text(target.read_text().replace("summary:", "summary: Edited."))
    assert ingest(tmp_path, SAMPLE) == 1
    assert "Edited." in target.read_text()
