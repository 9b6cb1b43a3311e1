"""``build.py ingest`` on hostile files: one clear ``path: problem`` line each, never a
traceback, good files still drafted, nothing already in the archive overwritten.

Run as an editor would (a subprocess of build.py), on a copy of the minimal
archive of tests/archive/bad/_base plus one published briefing and its source.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_archive.parse import parse_briefing
from tests.support.archive import PROJECT, VALID_BRIEFING, make_archive, snapshot
from tests.support.ingest import CASES

TASS = CASES / "tass-nato-exercises.txt"
KYODO = CASES / "kyodo-china-coast-guard.txt"
NHK = CASES / "nhk-long-range-missiles.txt"
BODY = "\n\nMarch 14, 2022\n\nJapan said on Monday that Russia had moved troops near the islands, officials said.\n"
EXISTING = "briefings/2019-05-30-buildup.md"


def ingest(root: Path, *paths, cwd: Path = PROJECT, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "ingest", "--quiet", *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def archive(tmp_path):
    """The minimal archive with one briefing citing content/articles/source.txt."""
    root = make_archive(tmp_path / "archive")
    (root / "briefings").mkdir()
    (root / EXISTING).write_text(VALID_BRIEFING, encoding="utf-8")
    return root


def kept_unchanged(before: dict, after: dict) -> list[str]:
    """Files that were there before and are not the same now (new files are fine)."""
    return sorted(path for path, digest in before.items() if after.get(path) != digest)


def written(result) -> list[str]:
    """The briefings the run's report says it drafted ("<article>: drafted <briefing>[, …]")."""
    return [line.split(": drafted ", 1)[1].split(",")[0] for line in result.stdout.splitlines() if ": drafted " in line]


def test_a_folder_of_good_and_bad_files(archive, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    tass = TASS.read_text(encoding="utf-8")
    good = {
        "utf16.txt": tass.replace("Kremlin says", "UTF-16 Kremlin says").encode("utf-16"),  # BOM first
        "mixed.txt": tass.replace("Kremlin says", "Mixed Kremlin says")
        .replace("\n", "\r\n", 7)
        .replace("\n\n", "\r\r", 3)
        .encode("utf-8"),
        "scripts.html": (
            b"<html><head><title>Japan protests Russian drills</title>"
            b'<meta property="og:site_name" content="NHK">'
            b"<script>alert('head')</script></head><body><h1>Japan protests Russian drills</h1>"
            b"<p>March 14, 2022</p><script>document.write('body')</script>"
            b"<p onclick=\"alert('attr')\">Japan said on Monday that Russia had moved troops "
            b"near the islands, officials said.</p><iframe src=\"javascript:alert('frame')\">"
            b"</iframe><noscript>enable scripts</noscript></body></html>"
        ),
        "good.txt": KYODO.read_bytes(),
    }
    bad = {
        "binary.txt": (bytes(range(256)) * 8, "binary file, not text"),
        "empty.txt": (b"", "file is empty"),
        "blank.md": (b"  \n\n\t\n", "file is empty"),
        "latin1.txt": (
            "Caf\xe9 talks\n\nMarch 14, 2022\n\nThe caf\xe9 said no.\n".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 3, perhaps Latin-1 or Windows-1252); save the file as UTF-8",
        ),
        "bad-utf16.txt": (b"\xff\xfe" + b"a\x00\x00\xd8", "file starts with a UTF-16 mark but is not valid UTF-16"),
        "notes.pdf": (b"%PDF-1.4", "not an article (use .htm, .html, .markdown, .md, .txt)"),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    (folder / "undated.txt").write_text("A headline without any date\n\n" + "Words and more words. " * 10)
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as stream:  # 50 MB, sparse: cheap to make
        stream.truncate(50 * 2**20)
    bad["huge.txt"] = (None, "file is 50.0 MB, over the 20 MB limit: not read")
    before = snapshot(archive)
    started = time.monotonic()
    result = ingest(archive, folder, folder / "notes.pdf")
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    expected = {f"{folder / name}: {problem}" for name, (_, problem) in bad.items()}
    assert set(errors) == expected, "one line per bad file, exactly"
    assert len(errors) == len(expected)
    drafts = written(result)
    assert len(drafts) == len(good) + 1
    undated = "briefings/undated-a-headline-without-any-date.md"
    assert undated in drafts  # drafted, and check asks for the date
    assert [p.field for p in parse_briefing(undated, (archive / undated).read_text())] == ["date", "source.outlet"]
    assert kept_unchanged(before, snapshot(archive)) == []
    for path in (d for d in drafts if d != undated):
        text = (archive / path).read_text(encoding="utf-8")
        briefing = parse_briefing(path, text)
        assert not isinstance(briefing, list), briefing
        assert "\r" not in text
        kept = archive / briefing.source.file
        assert kept.read_bytes() in good.values()  # the source kept byte for byte
        for code in ("alert(", "document.write", "javascript:"):  # (<noscript> text is kept as text)
            assert code not in text, (path, code)
    assert any("utf-16-kremlin-says" in path for path in drafts)
    assert any("mixed-kremlin-says" in path for path in drafts)
    assert elapsed < 20, f"ingest took {elapsed:.1f} s"  # the 50 MB file is refused from its size


def test_a_huge_file_is_refused_from_its_size_without_reading_it(archive, tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as stream:
        stream.truncate(50 * 2**20)
    started = time.monotonic()
    result = ingest(archive, huge)
    assert time.monotonic() - started < 5
    assert result.stderr == f"{huge}: file is 50.0 MB, over the 20 MB limit: not read\n"
    assert result.returncode == 1 and result.stdout == "1 article(s): 0 drafted, 0 skipped, 1 unreadable\n"


def test_a_path_that_does_not_exist(archive, tmp_path):
    before = snapshot(archive)
    result = ingest(archive, tmp_path / "nowhere", tmp_path / "missing.txt")
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nowhere'}: no such file or folder",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert result.returncode == 1 and result.stdout == "2 article(s): 0 drafted, 0 skipped, 2 unreadable\n"
    assert snapshot(archive) == before


def test_a_folder_without_articles_says_so(archive, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "readme.pdf").write_bytes(b"%PDF")
    result = ingest(archive, tmp_path / "in")
    assert result.stderr == (
        f"{tmp_path / 'in'}: no articles in this folder (looked for .htm, .html, .markdown, .md, .txt)\n"
    )
    assert result.returncode == 1


def test_a_folder_named_with_dots_is_read(archive, tmp_path):
    # ``ingest ../articles`` used to find nothing (".." counted as a hidden folder) and exit 0.
    (tmp_path / "articles").mkdir()
    shutil.copy(KYODO, tmp_path / "articles" / "kyodo.txt")
    (tmp_path / "articles" / ".hidden").mkdir()
    shutil.copy(NHK, tmp_path / "articles" / ".hidden" / "nhk.txt")
    (tmp_path / "work").mkdir()
    result = ingest(archive, "../articles", cwd=tmp_path / "work")
    assert result.returncode == 0, result.stderr
    assert written(result) == ["briefings/2022-03-21-japan-protests-chinese-coast-guard-intrusion-near-senkakus.md"]


def test_titles_and_dates_cannot_steer_a_path_out_of_the_archive(archive, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("../../etc/passwd Japan warns Russia over drills" + BODY)
    (folder / "b.md").write_text("---\ntitle: ../../../../tmp/owned\ndate: 2022-03-14\n---\n" + BODY)
    (folder / "c.md").write_text("---\ntitle: /etc/passwd\ndate: ../../2022-03-14\n---\n" + BODY)
    (folder / "d.html").write_text(
        "<html><head><title>..\\..\\windows\\system32</title></head><body>"
        "<h1>../..</h1><p>March 14, 2022</p><p>Japan said on Monday that Russia "
        "had moved troops near the islands, officials said.</p></body></html>"
    )
    (folder / "e.txt").write_text("日本 ../ ロシア" + BODY)
    outside = snapshot(tmp_path / "in")
    before = snapshot(archive)
    result = ingest(archive, folder)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    after = snapshot(archive)
    assert kept_unchanged(before, after) == []
    new = sorted(set(after) - set(before))
    assert len(new) == 10  # five drafts, five kept sources
    for path in new:
        assert path.startswith(("briefings/", "content/articles/")) and path.count("/") in (1, 2), path
        assert ".." not in path and "\\" not in path
    for path in written(result):
        name = path.split("/", 1)[1]
        assert name[:11] == "2022-03-14-" and name.endswith(".md")
        assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name), name
    assert snapshot(tmp_path / "in") == outside
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "in"]


def test_a_same_named_article_never_replaces_another_source(archive, tmp_path):
    # Two files called report.txt, and one called source.txt while the archive's
    # source.txt is cited by an existing briefing: each keeps its own copy.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(TASS, tmp_path / "a" / "report.txt")
    shutil.copy(KYODO, tmp_path / "b" / "report.txt")
    shutil.copy(NHK, tmp_path / "source.txt")
    before = snapshot(archive)
    result = ingest(archive, tmp_path / "a", tmp_path / "b", tmp_path / "source.txt")
    assert result.returncode == 0, result.stderr
    assert kept_unchanged(before, snapshot(archive)) == []
    cited = {}
    for path in written(result):
        briefing = parse_briefing(path, (archive / path).read_text(encoding="utf-8"))
        cited[briefing.source.file] = (archive / briefing.source.file).read_bytes()
    assert sorted(cited) == [
        "content/articles/report-2.txt",
        "content/articles/report.txt",
        "content/articles/source-2.txt",
    ]
    assert sorted(cited.values()) == sorted(p.read_bytes() for p in (TASS, KYODO, NHK))
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'b' / 'report.txt'}: content/articles/report.txt holds another article; "
        "kept as content/articles/report-2.txt",
        f"{tmp_path / 'source.txt'}: content/articles/source.txt holds another article; "
        "kept as content/articles/source-2.txt",
    ]
    again = ingest(archive, tmp_path / "a", tmp_path / "b", tmp_path / "source.txt")
    assert again.returncode == 0 and written(again) == []  # unchanged or "same text as"
    assert kept_unchanged(snapshot(archive), snapshot(archive)) == []


def test_an_updated_article_still_replaces_its_own_untouched_draft(archive, tmp_path):
    article = tmp_path / "tass.txt"
    shutil.copy(TASS, article)
    first = ingest(archive, article)
    assert first.returncode == 0
    article.write_text(TASS.read_text(encoding="utf-8") + "\nOne more line said Peskov.\n", encoding="utf-8")
    second = ingest(archive, article)
    assert second.returncode == 0, second.stderr
    assert written(second) == written(first)
    assert (archive / "content/articles/tass.txt").read_bytes() == article.read_bytes()
    assert sorted(p.name for p in (archive / "content/articles").iterdir()) == ["source.txt", "tass.txt"]


def test_an_unwritable_target_is_one_line_not_a_traceback(archive, tmp_path):
    shutil.rmtree(archive / "briefings")
    (archive / "briefings").write_text("not a folder")
    result = ingest(archive, KYODO)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{KYODO}: cannot write ") and line.endswith(": File exists"), line
    assert (archive / "briefings").read_text() == "not a folder"
