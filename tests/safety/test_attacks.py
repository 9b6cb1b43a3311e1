"""What a careless or hostile user does to an archive, and what must hold: nothing an editor
owns is removed, a damaged cache never publishes a wrong page, no input hangs or bloats a
build, every feed is well-formed XML, and no attack ends in a traceback."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest

from briefing_archive import cli, storage
from briefing_archive.pipeline import build_site
from briefing_archive.search_shards import read_listing
from tests.support.archive import PROJECT, VALID_BRIEFING, make_archive, snapshot

PUBLISHED = VALID_BRIEFING.replace("status: draft", "status: published\nreviewed_by: Ed Itor")


def archive_with(tmp_path: Path, briefings: dict[str, str] | None = None) -> Path:
    root = make_archive(tmp_path / "archive")
    (root / "briefings").mkdir()
    for name, text in (briefings or {"2019-05-30-buildup.md": PUBLISHED}).items():
        (root / "briefings" / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``build.py --root ROOT ARGS`` in this process: output captured, exceptions fail the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(["--root", str(root), *args])
        except SystemExit as exit_:
            status = exit_.code
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def site_files(folder: Path) -> dict[str, bytes]:
    """The site's files, but Pagefind's index (not byte-identical from build to build)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith("pagefind")
    }


# --out: the folder a build replaces must be a site it made


@pytest.mark.parametrize("out", [".", "briefings", "content", "content/issues", "other", "link-to-other"])
def test_a_build_never_replaces_a_folder_it_did_not_make(tmp_path, out):
    root = archive_with(tmp_path)
    (root / "other").mkdir()
    (root / "other" / "notes.txt").write_text("an editor's notes")
    (root / "link-to-other").symlink_to(root / "other")
    before = snapshot(root)
    result = run(root, "build", "--out", str(root / out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("build refused: ")
    assert snapshot(root) == before


def test_a_site_the_build_made_is_replaced_and_so_is_an_empty_folder(tmp_path):
    root = archive_with(tmp_path)
    (root / "empty").mkdir()
    assert run(root, "build", "--out", str(root / "empty")).returncode == 0
    assert (root / "empty" / storage.SITE_MARK).is_file()
    (root / "briefings" / "2019-05-30-buildup.md").write_text(PUBLISHED.replace("traded", "exchanged"))
    assert run(root, "build", "--out", str(root / "empty")).returncode == 0
    assert b"exchanged" in (root / "empty" / "briefings" / "2019-05-30-buildup" / "index.html").read_bytes()


def test_site_files_and_folders_honour_the_umask(tmp_path):
    root = archive_with(tmp_path)
    old = os.umask(0o022)
    try:
        assert run(root, "build").returncode == 0
    finally:
        os.umask(old)
    site = root / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert all(stat.S_IMODE(p.stat().st_mode) in (0o644, 0o755) for p in site.rglob("*"))


# Caches: any damage is a miss, never a wrong page, never a traceback


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".cache").rglob("*") if p.is_file())


DAMAGES = ("letter", "letter", "flip", "truncate", "empty", "garbage", "directory")


def damage(path: Path, how: str, rng: random.Random) -> None:
    data = path.read_bytes()
    letters = [i for i, byte in enumerate(data) if 97 <= byte <= 122]
    if how == "letter" and letters:  # a pickle that still loads, with one letter of its text changed
        position = rng.choice(letters)
        path.write_bytes(data[:position] + bytes([data[position] ^ 0x20]) + data[position + 1 :])
    elif how == "flip" and data:
        position = rng.randrange(len(data))
        path.write_bytes(data[:position] + bytes([data[position] ^ (1 << rng.randrange(8))]) + data[position + 1 :])
    elif how == "truncate":
        path.write_bytes(data[: rng.randrange(max(1, len(data)))])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))))
    elif how == "directory":
        path.unlink()
        path.mkdir()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An archive built once (its caches full), and the site a clean build of it makes."""
    base = tmp_path_factory.mktemp("cache-fuzz")
    root = archive_with(base)
    second = (
        PUBLISHED.replace("Japan and Russia traded accusations.", "The talks went on.")
        .replace("title: Japan and Russia accuse one another of military buildup", "title: Talks go on")
        .replace("  file: content/articles/source.txt\n", "")
    )
    (root / "briefings" / "2019-06-02-talks.md").write_text(second, encoding="utf-8")
    assert build_site(root, root / "site", log=io.StringIO()) == 0
    clean = base / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".cache", "site"))
    assert build_site(clean, clean / "site", log=io.StringIO()) == 0
    return root, site_files(clean / "site")


FUZZ_CASES = 200


@pytest.mark.parametrize("case", range(FUZZ_CASES))
def test_a_damaged_cache_is_a_miss_never_a_wrong_site(built, tmp_path, case):
    source, clean = built
    root = tmp_path / "archive"
    shutil.copytree(source, root, symlinks=True)
    rng = random.Random(case)
    files = cache_files(root)
    for path in rng.sample(files, k=1 + case % 3):
        damage(path, DAMAGES[rng.randrange(len(DAMAGES))], rng)
    # an edit, so that the build cannot simply keep the site it made
    briefing = root / "briefings" / "2019-06-02-talks.md"
    briefing.write_text(briefing.read_text().replace("went on", "went on today"), encoding="utf-8")
    log = io.StringIO()
    assert build_site(root, root / "site", log=log) == 0, log.getvalue()
    got = site_files(root / "site")
    expected_page = "briefings/2019-06-02-talks/index.html"
    assert b"went on today" in got.pop(expected_page)
    assert {k: v for k, v in got.items() if k != expected_page} == {
        k: v for k, v in clean.items() if k != expected_page and k not in ("briefings.json", "feed.xml")
    } | {k: got[k] for k in ("briefings.json", "feed.xml") if k in got}
    entry = (root / "site" / "pagefind" / "pagefind-entry.json").read_bytes()
    assert b'"languages"' in entry  # the search index is whole, and indexes the edit
    shards = read_listing((root / "site" / "pagefind" / "shards.json").read_bytes())
    fragments = [
        gzip.decompress(p.read_bytes()) for p in (root / "site" / "pagefind" / "shards").rglob("*.pf_fragment")
    ]
    assert len(fragments) == sum(shard["pages"] for shard in shards) == len(list(root.glob("briefings/*.md")))
    assert any(b"went on today" in fragment for fragment in fragments)


def test_the_cache_fuzz_reaches_every_cache_file(built):
    names = {p.relative_to(built[0] / ".cache").parts[0] for p in cache_files(built[0])}
    assert {"parsed", "pages", "search", "prints.pickle"} <= names


def test_a_cache_that_cannot_be_written_makes_the_build_no_worse(tmp_path):
    root = archive_with(tmp_path)
    (root / ".cache").write_text("not a folder")
    result = run(root, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "warning: cannot write the cache" in result.stderr
    assert (root / "site" / "index.html").is_file()


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """An archive checked once (what check remembers is full), with problems across files
    (two briefings citing one source) and of one file (an unknown issue)."""
    root = archive_with(tmp_path_factory.mktemp("check-fuzz"))
    (root / "briefings" / "2019-05-29-early.md").write_text(
        PUBLISHED.replace("[Kuril Islands]", "[Kuril Islandz]"), encoding="utf-8"
    )
    (root / "briefings" / "2019-06-02-talks.md").write_text(PUBLISHED.replace("buildup", "talks"), encoding="utf-8")
    assert run(root, "check").returncode == 1
    return root


CHECK_FUZZ_CASES = 60


@pytest.mark.parametrize("case", range(CHECK_FUZZ_CASES))
def test_a_damaged_check_summary_is_a_miss_never_a_wrong_check(checked, tmp_path, case):
    root = tmp_path / "archive"
    shutil.copytree(checked, root, symlinks=True)
    rng = random.Random(case)
    files = cache_files(root)
    for path in rng.sample(files, k=1 + case % min(3, len(files))):
        damage(path, DAMAGES[rng.randrange(len(DAMAGES))], rng)
    talks = root / "briefings" / "2019-06-02-talks.md"
    if case % 2:  # an edit too: a new problem of its own
        talks.write_text(talks.read_text().replace("[Kuril Islands]", "[Kurile Isles]"), encoding="utf-8")
    named = ["briefings/2019-05-30-buildup.md"] if case % 3 == 0 else []
    result = run(root, "check", *named)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".cache"))
    expected = run(clean, "check", *named)
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)
    assert "Traceback" not in result.stderr


def test_the_check_fuzz_reaches_every_file_check_keeps(checked):
    names = {p.relative_to(checked / ".cache" / "checked").as_posix() for p in cache_files(checked)}
    assert "registry.memo" in names and any(name.endswith(".pickle") for name in names)


def test_every_feed_is_well_formed_xml(tmp_path):
    root = archive_with(tmp_path)
    assert run(root, "build").returncode == 0
    for feed in (root / "site").rglob("feed.xml"):
        xml.dom.minidom.parseString(feed.read_bytes())


def test_the_harness_runs_build_py_too(tmp_path):
    """One attack through the real command line: a refusal is one line, no traceback."""
    root = archive_with(tmp_path)
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", "--out", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# Bodies that would make Markdown run for minutes


def test_a_bracket_heavy_body_is_refused_by_check_with_its_line(tmp_path):
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": PUBLISHED + "[" * 16000 + "\n"})
    result = run(root, "check")
    assert result.returncode == 1
    assert "briefings/2019-05-30-buildup.md:16: body: 16000 '[' characters, at most 2000" in result.stdout


def test_a_body_too_long_is_refused_by_check(tmp_path):
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": PUBLISHED + "word " * 120000 + "\n"})
    result = run(root, "check")
    assert result.returncode == 1 and "body: too long: 585 KB, at most 512 KB" in result.stdout


def test_markdown_that_renders_too_slowly_fails_the_build_in_seconds_with_one_line(tmp_path, monkeypatch):
    import time

    from briefing_archive import safe_markdown

    monkeypatch.setattr(safe_markdown, "MARKDOWN_SECONDS", 1)
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": PUBLISHED + "*a* " * 60000 + "\n"})
    started = time.monotonic()
    result = run(root, "build")
    assert time.monotonic() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "briefings/2019-05-30-buildup/index.html: the Markdown body took more than 1 s to render" in result.stderr
    assert not (root / "site").exists()


def test_an_edit_that_keeps_the_size_and_the_old_mtime_is_still_built(tmp_path):
    root = archive_with(tmp_path)
    assert run(root, "build").returncode == 0
    briefing = root / "briefings" / "2019-05-30-buildup.md"
    stat_before = briefing.stat()
    briefing.write_text(PUBLISHED.replace("traded accusations", "traded allegations"[:18]), encoding="utf-8")
    assert briefing.stat().st_size == stat_before.st_size
    os.utime(briefing, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # as touch -r, cp -p do
    result = run(root, "build")
    assert result.returncode == 0 and "nothing changed" not in result.stderr
    assert b"traded allegation" in (root / "site" / "briefings" / "2019-05-30-buildup" / "index.html").read_bytes()


@pytest.mark.parametrize("command", [["check"], ["build"], ["fmt"], ["ingest", "x.txt"]])
def test_a_mistyped_root_is_refused_with_one_line(tmp_path, command):
    result = run(tmp_path / "archvie", *command)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "is not an archive (it has no briefings/ or content/ folder)" in result.stderr
    assert not (tmp_path / "archvie").exists()


# Control characters: refused by check with path:line: field, so no feed is ever malformed

CONTROL_CHARACTERS = [
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]
]


TITLE_LINE = "title: Japan and Russia accuse one another of military buildup"


@pytest.mark.parametrize("field, line, original", [("title", 2, TITLE_LINE), ("source.outlet", 7, "  outlet: DW")])
def test_every_control_character_is_refused_with_its_line_and_nothing_is_built(tmp_path, field, line, original):
    briefings = {}
    for number, character in enumerate(CONTROL_CHARACTERS):
        key, value = original.split(": ", 1)
        text = PUBLISHED.replace(original, f"{key}: {json_string(value[:5] + character + value[5:])}")
        briefings[f"2019-05-30-case-{number:03d}.md"] = text
    root = archive_with(tmp_path, briefings)
    result = run(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for number, character in enumerate(CONTROL_CHARACTERS):
        expected = (
            f"briefings/2019-05-30-case-{number:03d}.md:{line}: {field}: "
            f"holds the control character U+{ord(character):04X}"
        )
        assert expected in result.stdout, expected
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout  # messages show them escaped
    assert run(root, "build").returncode == 1 and not (root / "site").exists()


def test_feeds_stay_well_formed_with_every_printable_oddity(tmp_path):
    """What is allowed (tabs, RTL marks, emoji, '<', ']]>', '&') is escaped into well-formed XML."""
    odd = 'Tokyo\t<talks> & ]]> \u200f\u202e \U0001f600 \u00a0 "quoted"'
    text = PUBLISHED.replace(
        "title: Japan and Russia accuse one another of military buildup", f"title: {json_string(odd)}"
    ).replace("outlet: DW", f"outlet: {json_string(odd)}")
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": text})
    result = run(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    feeds = list((root / "site").rglob("feed.xml"))
    assert len(feeds) >= 2
    for feed in feeds:
        xml.dom.minidom.parseString(feed.read_bytes())
    assert (
        "Tokyo\t<talks> & ]]>"
        in xml.dom.minidom.parse(str(root / "site" / "feed.xml"))
        .getElementsByTagName("entry")[0]
        .getElementsByTagName("title")[0]
        .firstChild.data
    )


def json_string(text: str) -> str:
    """A YAML double-quoted scalar, every character outside printable ASCII escaped as \\uXXXX
    (\\UXXXXXXXX above the BMP: YAML has no surrogate pairs)."""

    def escape(character: str) -> str:
        code = ord(character)
        if 0x20 <= code < 0x7F:
            return "\\" + character if character in '"\\' else character
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return '"' + "".join(map(escape, text)) + '"'


# Aliases: a few lines must not expand into a huge site


def test_a_scalar_alias_bomb_is_refused_by_check_and_build(tmp_path):
    corrections = "".join("  - {date: 2019-06-02, text: *s}\n" for _ in range(2000))
    text = PUBLISHED.replace(
        "reviewed_by: Ed Itor", f'reviewed_by: Ed Itor\nbyline: [&s "{"x" * 50000}"]\ncorrections:\n{corrections}'
    )
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": text})
    result = run(root, "check")
    assert result.returncode == 1 and "anchors and aliases (&name, *name) are not allowed" in result.stdout
    assert run(root, "build").returncode == 1 and not (root / "site").exists()


# Links out of the archive


def test_a_briefing_that_links_outside_the_archive_is_refused(tmp_path):
    root = archive_with(tmp_path)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(PUBLISHED.replace("2019-05-30", "2019-06-01", 1), encoding="utf-8")
    (root / "briefings" / "2019-06-01-elsewhere.md").symlink_to(outside)
    result = run(root, "check")
    assert result.returncode == 1
    assert "briefings/2019-06-01-elsewhere.md:1: file: a symbolic link leading outside the archive" in result.stdout
    assert run(root, "build").returncode == 1 and not (root / "site").exists()


def test_a_link_that_stays_inside_the_archive_is_read(tmp_path):
    root = archive_with(tmp_path)
    (root / "briefings" / "drafts").mkdir()
    (root / "briefings" / "drafts" / "same.md").symlink_to(root / "briefings" / "2019-05-30-buildup.md")
    assert "leading outside" not in run(root, "check").stdout


# Remote pictures: off unless mkdocs.yml (extra.remote_images) names their host

PICTURES = PUBLISHED + (
    "\n![Lavrov](https://tracker.example/p.png?who=1)\n\n![Map](/static/map.png)\n\n"
    "![Kono](https://upload.wikimedia.org/kono.jpg)\n\n![trick](https:\\\\tracker.example/x.png)\n"
    "\n![ref][r]\n\n[r]: //tracker.example/r.png\n"
)


def test_remote_pictures_are_links_unless_their_host_is_allowed(tmp_path):
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": PICTURES})
    result = run(root, "check")
    assert result.returncode == 0
    for line, address in (
        (18, "https://tracker.example/p.png?who=1"),
        (22, "https://upload.wikimedia.org/kono.jpg"),
        (24, "https:\\\\tracker.example/x.png"),
    ):
        assert (
            f"briefings/2019-05-30-buildup.md:{line}: body: warning: the picture at {address} is shown as a link: "
            "remote pictures are off"
        ) in result.stdout
    assert run(root, "build").returncode == 0
    page = (root / "site" / "briefings" / "2019-05-30-buildup" / "index.html").read_text()
    assert "tracker.example" in page and not re.search(r"<img[^>]*(tracker|wikimedia)", page)
    assert re.search(r'<img alt="Map" src="/static/map.png"', page)
    assert re.search(r'<a class="remote-picture" href="https://tracker.example/p.png\?who=1"[^>]*>Lavrov</a>', page)

    (root / "mkdocs.yml").write_text("site_name: Ours\nextra:\n  remote_images: [upload.wikimedia.org]\n")
    assert "wikimedia" not in run(root, "check").stdout
    assert run(root, "build").returncode == 0
    page = (root / "site" / "briefings" / "2019-05-30-buildup" / "index.html").read_text()
    assert '<img alt="Kono" src="https://upload.wikimedia.org/kono.jpg"' in page
    assert not re.search(r"<img[^>]*tracker", page)


@pytest.mark.parametrize(
    "settings, message",
    [
        (
            "extra:\n  remote_images: [https://upload.wikimedia.org/]",
            "3: extra.remote_images: 'https://upload.wikimedia.org/' is no host name",
        ),
        ("extra:\n  remote_images: yes", "3: extra.remote_images: must be a list of host names"),
        ("extra:\n  language: english", "3: extra.language: 'english' is no language tag"),
        ("site_url: briefings.example.org", "2: site_url: 'briefings.example.org' is no web address of a site"),
        ("site_name: [a, b]", "2: site_name: must be text"),
        ("site_name: 'unclosed", "3: mkdocs.yml: invalid YAML"),
    ],
)
def test_bad_site_settings_are_refused_with_their_line(tmp_path, settings, message):
    root = archive_with(tmp_path)
    (root / "mkdocs.yml").write_text(f"docs_dir: docs\n{settings}\n")
    result = run(root, "check")
    assert result.returncode == 1 and f"mkdocs.yml:{message}" in result.stdout, result.stdout


def test_lists_nested_too_deep_are_refused_by_check_with_their_line(tmp_path):
    root = archive_with(tmp_path, {"2019-05-30-buildup.md": PUBLISHED + "\n" + "1. " * 400 + "x\n"})
    result = run(root, "check")
    assert result.returncode == 1
    assert "briefings/2019-05-30-buildup.md:18: body: lists or quotes nested over 30 levels deep" in result.stdout


def test_markdown_that_recurses_too_deep_is_refused_not_a_traceback():
    from briefing_archive.safe_markdown import MarkdownRefused, markdown_html

    nested = "".join("    " * depth + "- a\n" for depth in range(400))  # one level more per line
    with pytest.raises(MarkdownRefused, match="nests lists or quotes too deeply"):
        markdown_html(nested)
    assert markdown_html("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"  # the next renders as ever
    assert markdown_html("\\\\" * 20 + "*a*").startswith("<p>")


def test_a_slow_body_rendered_in_a_thread_is_stopped_too(monkeypatch):
    """mkdocs serve builds in a thread, where no timer signal arrives: a big body is rendered in a
    child process that is stopped at the budget."""
    import threading
    import time

    from briefing_archive import safe_markdown

    monkeypatch.setattr(safe_markdown, "MARKDOWN_SECONDS", 1)
    outcome = []

    def render():
        started = time.monotonic()
        try:
            safe_markdown.markdown_html("\\" * 500_000)
            outcome.append("rendered")
        except safe_markdown.MarkdownTooSlow as error:
            outcome.append((str(error), time.monotonic() - started))

    thread = threading.Thread(target=render)
    thread.start()
    thread.join(30)
    assert outcome and outcome[0][0].startswith("the Markdown body took more than 1 s") and outcome[0][1] < 10
    assert "<p>" in safe_markdown.markdown_html("*a* " * 5000)  # smaller bodies render as before


def test_after_a_body_runs_out_of_time_the_next_renders_as_ever(monkeypatch):
    from briefing_archive import safe_markdown

    monkeypatch.setattr(safe_markdown, "MARKDOWN_SECONDS", 1)
    with pytest.raises(safe_markdown.MarkdownTooSlow):
        safe_markdown.markdown_html("\\" * 500_000)
    assert safe_markdown.markdown_html("\\" * 4 + " *a*") == "<p>\\\\ <em>a</em></p>"
