"""Killing ``build`` or ``ingest`` part-way leaves the previous site and every briefing as they were.

``build``: a synthetic archive (tests/support/synthetic_archive.py) with a real previous
site is rebuilt after one briefing changed, and the build is killed at several
points: while loading, as soon as its staging folder appears, half-way through
writing pages (the whole process group, or only the main process, leaving its
workers orphaned), and interrupted with Ctrl-C (SIGINT). Each time the previous
site must be byte for byte what it was and no input may change; then a normal
build must still work and never serve a leftover staging folder.

``ingest``: a folder of 300 articles (the tests/ingest/cases articles under
varied names and titles), where 20 were ingested before and 10 of those drafts
edited since, is killed while drafting and while writing. Every file that was
there stays as it was; every briefing written is whole (it parses) and its
kept source is whole; no temporary file is left looking like a briefing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from briefing_archive import storage
from briefing_archive.frontmatter import load_document
from briefing_archive.parse import FILL_IN, parse_briefing
from briefing_archive.pipeline import build_site
from tests.support import synthetic_archive
from tests.support.archive import PROJECT, VALID_BRIEFING, make_archive, snapshot
from tests.support.foreground import foreground
from tests.support.ingest import CASES

BRIEFINGS = 400  # about 2-3 s for a full build on two cores: room to kill it part-way
ARTICLES = 300
POLL = 0.005


def start(root: Path, *args: str) -> subprocess.Popen:
    """``build.py --root ROOT ARGS`` in a process group of its own (so the test can kill it all).

    Output goes to files, not pipes: a pipe would keep the test waiting for as
    long as any orphaned child of a killed process holds it open.
    """
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        foreground([sys.executable, str(PROJECT / "build.py"), "--root", str(root), *args]),
        stdout=subprocess.DEVNULL,
        stderr=log,
        cwd=PROJECT,
        start_new_session=True,
    )
    process.log = log
    return process


def wait_for(process: subprocess.Popen, condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"finished (exit {process.returncode}) before {what}: the test needs a bigger input")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(POLL)


def group_gone(group: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def kill(
    process: subprocess.Popen, sig: int = signal.SIGKILL, whole_group: bool = True, linger: float = 5
) -> tuple[int, str, bool]:
    """Send ``sig``; wait for the process and every process it started.

    (exit status, stderr, whether any process of its group was still running
    ``linger`` seconds later: those are then killed, never left behind).
    """
    if whole_group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    status = process.wait(timeout=60)
    lingering = not group_gone(process.pid, linger)
    if lingering:
        os.killpg(process.pid, signal.SIGKILL)
        group_gone(process.pid, 10)
    process.log.seek(0)
    err = process.log.read().decode("utf-8", "replace")
    process.log.close()
    return status, err, lingering


def elapsed(seconds: float):
    started = time.monotonic()
    return lambda: time.monotonic() - started >= seconds


# --- build ---------------------------------------------------------------------


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.leftovers: set[Path] = set()  # staging folders of builds killed earlier

    def staging(self) -> list[Path]:
        """Folders a build writes into: a whole new site, or a patch holding only new files."""
        return sorted(p for p in self.root.iterdir() if p.name.startswith((".site.new.", ".site.patch.")))

    def new_staging(self) -> list[Path]:
        return [p for p in self.staging() if p not in self.leftovers]

    def staged_pages(self) -> int:
        """Briefing pages in the running build's staging folder."""
        try:
            return len(os.listdir(self.new_staging()[0] / "briefings"))
        except (IndexError, OSError):
            return 0

    def inputs(self) -> dict[str, str]:
        return {
            **snapshot(self.root / "briefings"),
            **{"content/" + k: v for k, v in snapshot(self.root / "content").items()},
        }


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A built archive of BRIEFINGS briefings, then one briefing edited: the state every kill starts from."""
    root = tmp_path_factory.mktemp("interrupt-build") / "archive"
    synthetic_archive.make_archive(BRIEFINGS, root, seed=1)
    first = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    edited = sorted((root / "briefings").iterdir())[7]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's new closing line.\n", encoding="utf-8")
    site = Site(root)
    return {"site": site, "edited": edited, "before": snapshot(root / "site"), "inputs": site.inputs()}


def assert_untouched(big, err: str = "") -> None:
    site = big["site"]
    assert "Traceback" not in err, err
    assert snapshot(site.root / "site") == big["before"], "the previous site changed"
    assert site.inputs() == big["inputs"], "an input file changed"


# Kill points, in the order a build reaches them. Each starts from the same state
# (the killed builds write no manifest, so the next one renders the same pages).
# The edit's rebuild writes only the pages that changed (a patch); half the pages
# written is a build with nothing remembered (every page is made anew).
KILL_POINTS = {
    "while-loading": lambda site: elapsed(0.3),
    "staging-folder-appears": lambda site: lambda: bool(site.new_staging()),
    "half-the-pages-written": lambda site: lambda: site.staged_pages() >= BRIEFINGS // 2,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killing_build_keeps_the_previous_site(big, point):
    site = big["site"]
    if point == "half-the-pages-written":
        shutil.rmtree(site.root / ".cache", ignore_errors=True)
    site.leftovers = set(site.staging())
    build = start(site.root, "build")
    wait_for(build, KILL_POINTS[point](site), point)
    status, err, lingering = kill(build)
    assert status == -signal.SIGKILL and not lingering
    assert_untouched(big, err)


def test_killing_only_the_main_process_keeps_the_previous_site(big):
    # Its workers (page renderers, the search indexer) are orphaned: they must not
    # touch the site either, and must go away by themselves. No cache: every page
    # is rendered by the workers and Pagefind runs.
    site = big["site"]
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    site.leftovers = set(site.staging())
    build = start(site.root, "build")
    wait_for(build, lambda: site.staged_pages() >= BRIEFINGS // 3, "a third of the pages written")
    status, err, lingering = kill(build, whole_group=False)
    assert status == -signal.SIGKILL
    assert snapshot(site.root / "site") == big["before"], "the previous site changed"
    assert site.inputs() == big["inputs"], "an input file changed"
    assert not lingering, "orphaned workers of the killed build were still running 5 s later"


def test_ctrl_c_stops_build_cleanly(big):
    # No cache: the workers are busy rendering and Pagefind is indexing when Ctrl-C comes.
    site = big["site"]
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    site.leftovers = set(site.staging())
    build = start(site.root, "build")
    wait_for(build, lambda: site.staged_pages() >= BRIEFINGS // 3, "a third of the pages written")
    status, err, lingering = kill(build, signal.SIGINT)  # a terminal sends it to the whole foreground group
    assert status == 130 and not lingering, err
    assert err.strip().splitlines()[-1].startswith("interrupted:"), err
    assert snapshot(site.root / "site") == big["before"], "the previous site changed"
    # It removes its own staging folder, and the killed builds' ones when it starts.
    assert site.staging() == [], "staging folders left behind"
    assert_untouched(big, err)  # last: worker processes' tracebacks


def test_after_the_kills_a_normal_build_works(big):
    # Runs after the kills above (pytest keeps file order).
    site = big["site"]
    leftovers = site.staging()
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "build"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = site.root / "site" / "briefings" / big["edited"].stem / "index.html"
    assert "new closing line." in page.read_text(encoding="utf-8"), "the edit is built"
    assert len(list((site.root / "site" / "briefings").iterdir())) == BRIEFINGS
    hidden = [p for p in (site.root / "site").rglob(".*") if p.name != storage.SITE_MARK]
    assert not hidden, "a hidden (staging) folder is served"
    for folder in leftovers:  # a dead build's staging folder is never swapped in later
        assert not folder.exists() or not (site.root / "site").samefile(folder)
    assert site.inputs() == big["inputs"]


def test_an_interrupt_between_the_two_renames_of_the_swap_keeps_a_site(tmp_path, monkeypatch):
    """swap_in renames site/ away, then staging into place: an interrupt (or a kill) between
    the two leaves no site/ at all. The old site must stay served until the new one is in."""
    root = make_archive(tmp_path / "archive")
    (root / "briefings").mkdir()
    (root / "briefings" / "2019-05-30-buildup.md").write_text(
        VALID_BRIEFING.replace("status: draft", "status: published\nreviewed_by: Ed Itor"), encoding="utf-8"
    )
    out = root / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous site")
    (out / storage.SITE_MARK).write_text("a site an earlier build made")
    real_replace = os.replace

    def interrupted_replace(source, destination):
        if Path(source).name.startswith(".site.new."):
            raise KeyboardInterrupt  # as if Ctrl-C (or SIGKILL) came right here
        return real_replace(source, destination)

    monkeypatch.setattr(storage.site_folders.os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, out, log=open(os.devnull, "w"))
    monkeypatch.undo()
    assert (out / "index.html").is_file(), "no site left: the previous one sits in " + ", ".join(
        p.name for p in root.iterdir() if p.name.startswith(".site")
    )
    assert (out / "index.html").read_text() == "the previous site"


def dead_pid() -> int:
    """The id of a process that has exited (as a killed build's is)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def patch_of_a_killed_build(out: Path, files: dict[str, bytes], journal: bytes | None) -> Path:
    patch = out.parent / f".{out.name}.patch.{dead_pid()}.x1"
    for path, data in files.items():
        (patch / path).parent.mkdir(parents=True, exist_ok=True)
        (patch / path).write_bytes(data)
    if journal is not None:
        (patch / ".journal").write_bytes(journal)
    return patch


def test_a_killed_builds_patch_is_finished_once_it_was_being_moved_in_and_dropped_before(tmp_path):
    out = tmp_path / "site"
    (out / "briefings" / "gone").mkdir(parents=True)
    (out / "briefings" / "gone" / "index.html").write_text("removed by the edit")
    (out / "index.html").write_text("old home")
    (out / "kept.html").write_text("kept")
    new = {"index.html": b"new home", "issues/x/index.html": b"new"}
    begun = patch_of_a_killed_build(out, new, b"briefings/gone/index.html\n")
    storage.recover_from_killed_builds(out)
    texts = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    assert texts == {"index.html": "new home", "issues/x/index.html": "new", "kept.html": "kept"}
    assert not begun.exists() and not (out / "briefings").exists()
    never_begun = patch_of_a_killed_build(out, {"index.html": b"newer home"}, None)
    storage.recover_from_killed_builds(out)
    assert (out / "index.html").read_text() == "new home" and not never_begun.exists()


def test_ctrl_c_while_a_patch_is_moved_in_leaves_the_whole_new_site(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    synthetic_archive.make_archive(40, root, seed=2)
    log = open(os.devnull, "w")
    assert build_site(root, root / "site", log=log) == 0
    edited = sorted((root / "briefings").iterdir())[3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1), encoding="utf-8")
    real_replace, calls = os.replace, []

    def interrupted_once(source, destination):
        if ".site.patch." in str(source) and ".journal" not in str(source):
            calls.append(source)
            if len(calls) == 2:
                raise KeyboardInterrupt  # Ctrl-C after the first page was moved in
        return real_replace(source, destination)

    monkeypatch.setattr(storage.site_patches.os, "replace", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, root / "site", log=log)
    monkeypatch.undo()
    assert len(calls) > 2, "the interrupted patch was finished"
    assert build_site(root, tmp_path / "full", log=log) == 0
    patched, full = snapshot(root / "site"), snapshot(tmp_path / "full")
    assert sorted(patched) == sorted(full)
    assert [p for p in full if not p.startswith("pagefind/") and patched[p] != full[p]] == []
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]


# --- ingest --------------------------------------------------------------------


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` distinct articles (each case's title made unique), under varied file names."""
    folder.mkdir(parents=True)
    cases = sorted(p for p in CASES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    paths = []
    for number in range(count):
        case = cases[number % len(cases)]
        title = yaml.safe_load(case.with_name(case.stem + ".expected.yml").read_text(encoding="utf-8"))["title"]
        text = case.read_text(encoding="utf-8")
        assert title in text, case
        name = [
            f"{number:03d}-{case.stem}{case.suffix}",
            f"Article {number} (copy){case.suffix}",
            f"статья-{number}{case.suffix}",
            f"{number}_{case.stem.upper()}{case.suffix}",
        ][number % 4]
        path = folder / name
        path.write_text(text.replace(title, f"{title} part {number}"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    base = tmp_path_factory.mktemp("interrupt-ingest")
    root = make_archive(base / "archive")
    (root / "briefings").mkdir()
    (root / "briefings" / "2019-05-30-buildup.md").write_text(VALID_BRIEFING, encoding="utf-8")
    articles = write_articles(base / "in", ARTICLES)
    (base / "first").mkdir()
    for path in articles[:20]:
        shutil.copy(path, base / "first" / path.name)
    first = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "ingest", "--quiet", str(base / "first")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    drafts = sorted(
        line.split(": drafted ", 1)[1].split(",")[0] for line in first.stdout.splitlines() if ": drafted " in line
    )
    assert len(drafts) == 20
    for path in drafts[:10]:  # an editor has been at work on half of them
        target = root / path
        target.write_text(target.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")
    shutil.rmtree(base / "first")
    return {"root": root, "in": base / "in", "before": snapshot(root), "articles": {p.read_bytes() for p in articles}}


def briefing_files(root: Path) -> list[Path]:
    return sorted((root / "briefings").iterdir())


def assert_whole(inbox) -> list[str]:
    """Every old file as it was, every briefing whole; the hidden temporary files left."""
    root, before = inbox["root"], inbox["before"]
    after = snapshot(root)
    assert sorted(p for p, d in before.items() if after.get(p) != d) == [], "a file that was there changed"
    hidden = []
    for path in (p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            hidden.append(relative)
            continue
        if relative.startswith("briefings/"):
            assert path.suffix == ".md", f"not a briefing: {relative}"
            text = path.read_text(encoding="utf-8")
            parsed = parse_briefing(relative, text)
            # whole, and only what ingest leaves for the editor to fill in may be missing
            assert not isinstance(parsed, list) or {p.field for p in parsed} <= set(FILL_IN), parsed
            if relative not in before:
                source = load_document(relative, text).data["source"]["file"]
                assert (root / source).read_bytes() in inbox["articles"], "its source is not whole"
        elif relative not in before:
            assert relative.startswith("content/articles/"), relative
            assert path.read_bytes() in inbox["articles"], f"a kept source is not whole: {relative}"
    return hidden


def test_killing_ingest_while_it_drafts_writes_nothing(inbox):
    ingest = start(inbox["root"], "ingest", "--quiet", str(inbox["in"]))
    wait_for(ingest, elapsed(1.0), "one second")
    status, err, lingering = kill(ingest)
    assert status == -signal.SIGKILL and not lingering and "Traceback" not in err
    assert snapshot(inbox["root"]) == inbox["before"]


def test_killing_ingest_while_it_writes_keeps_every_file_whole(inbox):
    root = inbox["root"]
    existing = len(briefing_files(root))
    ingest = start(root, "ingest", "--quiet", str(inbox["in"]))
    wait_for(ingest, lambda: len(briefing_files(root)) >= existing + 40, "40 new briefings")
    status, err, lingering = kill(ingest)
    assert status == -signal.SIGKILL and not lingering and "Traceback" not in err
    assert existing + 40 <= len(briefing_files(root)) < existing + ARTICLES - 20
    hidden = assert_whole(inbox)
    assert all(name.endswith(".tmp") for name in hidden), hidden


def test_the_next_ingest_finishes_the_job(inbox):
    # Runs after the kills above (pytest keeps file order).
    root = inbox["root"]
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "ingest", "--quiet", str(inbox["in"])],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )
    assert "Traceback" not in result.stderr
    refused = [line for line in result.stdout.splitlines() if "was edited since it was drafted" in line]
    assert len(refused) == 10 and result.returncode == 0, result.stdout  # the edited drafts, skipped
    assert result.stderr == ""
    assert len(briefing_files(root)) == 1 + ARTICLES
    assert assert_whole(inbox) == [], "temporary files of the killed run are cleaned up"
