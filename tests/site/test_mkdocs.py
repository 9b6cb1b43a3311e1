"""MkDocs only hosts our site: `mkdocs build` = `build.py build`, `mkdocs serve` live-reloads.

Each test works on a copy of the sample archive so edits never touch the repo.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import PROJECT
from tests.support.foreground import foreground, interrupt
from tests.support.local_server import fetch, free_port

MKDOCS = Path(sys.executable).with_name("mkdocs")
BRIEFING = "2019-05-30-japan-russia-accuse-one-another-of-military-buildup"


def copy_archive(destination: Path) -> Path:
    """The sample archive and its MkDocs config, with the hook pointing back at this project."""
    for folder in ("briefings", "content", "templates", ".mkdocs"):
        shutil.copytree(PROJECT / folder, destination / folder)
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (PROJECT / "briefing_archive" / "mkdocs_hook.py").as_posix()
    config = config.replace("briefing_archive/mkdocs_hook.py", hook)
    assert hook in config
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    return destination


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_mkdocs_build_gives_the_same_site_as_build_py(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    subprocess.run(
        [str(MKDOCS), "build", "--quiet", "-f", str(archive / "mkdocs.yml"), "-d", str(tmp_path / "mkdocs_site")],
        check=True,
        cwd=archive,
    )
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "build.py"),
            "--root",
            str(archive),
            "build",
            "--out",
            str(tmp_path / "our_site"),
        ],
        check=True,
        cwd=archive,
    )
    ours, theirs = tmp_path / "our_site", tmp_path / "mkdocs_site"
    assert tree(ours) == tree(theirs)
    assert "index.html" in tree(ours) and f"briefings/{BRIEFING}/index.html" in tree(ours)
    # Same bytes everywhere: the search bundle comes from the same cache, the
    # pages from the same deterministic renderer.
    mismatch, errors = filecmp.cmpfiles(ours, theirs, sorted(tree(ours)), shallow=False)[1:]
    assert mismatch == [] and errors == []


def test_mkdocs_build_fails_on_check_errors_and_keeps_the_old_site(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("previous site")
    (site / ".briefing-archive-site").write_text("a site an earlier build made")
    broken = archive / "briefings" / "2019-06-01-broken.md"
    broken.write_text("---\ntitle: Broken\ndate: 2019-13-45\nstatus: published\n---\nText\n")
    result = subprocess.run(
        [str(MKDOCS), "build", "-f", str(archive / "mkdocs.yml"), "-d", str(site)],
        cwd=archive,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "briefings/2019-06-01-broken.md:3: date:" in result.stderr
    assert "Traceback" not in result.stderr
    # MkDocs' own build goes to a scratch folder: the previous site is left as it was.
    assert (site / "old.html").read_text() == "previous site"
    assert not (site / "briefings").exists()
    assert [p.name for p in tmp_path.iterdir() if ".mkdocs-" in p.name] == []  # no scratch folder left


@pytest.fixture
def served_archive(tmp_path):
    """`mkdocs serve` of a copy of the sample archive: (archive folder, base URL)."""
    archive = copy_archive(tmp_path / "archive")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # read by tests; a pipe nobody reads could fill up
    server = subprocess.Popen(
        foreground([str(MKDOCS), "serve", "-f", str(archive / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]),
        cwd=archive,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base), 60, "mkdocs serve to answer")
        yield archive, base
    finally:
        interrupt(server, timeout=10)  # Ctrl-C lets MkDocs remove its temporary site folder on the way out
        log.close()


def test_mkdocs_serve_serves_our_site_and_its_search(served_archive):
    archive, base = served_archive
    home = fetch(base)
    assert 'action="/search/"' in home and "/static/search.js" in fetch(base + "search/?q=Lavrov")
    assert "livereload" in home  # MkDocs injects its reload script into our pages
    assert fetch(base + "pagefind/pagefind.js") and "Kuril Islands" in fetch(base + "search-filters.json")
    assert "Northern Territories" in fetch(base + "search-topics.json")
    assert "Sergei Lavrov" in fetch(base + f"briefings/{BRIEFING}/")


def test_mkdocs_serve_rebuilds_after_a_briefing_is_edited(served_archive):
    archive, base = served_archive
    page = base + f"briefings/{BRIEFING}/"
    assert "Japan and Russia accuse one another" in fetch(page)
    path = archive / "briefings" / f"{BRIEFING}.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        "title: Japan and Russia accuse one another of military buildup",
        "title: Japan and Russia trade accusations of military buildup",
        1,
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Japan and Russia trade accusations" in (fetch(page) or ""), 15, "the edited title to be served")


def test_mkdocs_serve_shows_an_edited_page_first_then_the_rest(served_archive):
    """A clean briefing edit: its page is written at once (live.Preview), then the
    full build brings the other pages showing it (here the issue page) up to date."""
    archive, base = served_archive
    path = archive / "briefings" / f"{BRIEFING}.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('summary: "At a ', 'summary: "Zanzibarqx. At a ', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Zanzibarqx" in (fetch(base + f"briefings/{BRIEFING}/") or ""), 15, "the edited page")
    wait_for(lambda: "Zanzibarqx" in (fetch(base + "issues/kuril-islands/") or ""), 30, "the issue page")
    log = (archive.parent / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "showing 1 edited page(s) now" in log
    assert "Traceback" not in log


def test_mkdocs_serve_rebuilds_only_when_an_input_changed(served_archive):
    """The watcher (the system's file events, mkdocs_hook.on_serve) reports changes, not
    reads: the full build after an edit reads every input, and that must not set off
    another build, and another."""
    archive, base = served_archive
    path = archive / "briefings" / f"{BRIEFING}.md"
    path.write_text(path.read_text(encoding="utf-8").replace('summary: "At a ', 'summary: "Quietqx. At a ', 1))
    wait_for(lambda: "Quietqx" in (fetch(base + "issues/kuril-islands/") or ""), 30, "the full build after the edit")
    log = archive.parent / "serve.log"
    time.sleep(2)  # any build set off by the last one's reads has started by now
    builds = log.read_text(errors="replace").count("Building documentation")
    time.sleep(3)
    assert log.read_text(errors="replace").count("Building documentation") == builds == 2


def test_mkdocs_serve_shows_drafts_with_their_banner(served_archive):
    archive, base = served_archive
    stem = "2019-05-31-a-draft-briefing"
    (archive / "briefings" / f"{stem}.md").write_text(
        "---\ntitle: A draft briefing\ndate: 2019-05-31\nstatus: draft\n"
        "source: {outlet: DW}\nissues: [Kuril Islands]\n---\nDraft text.\n",
        encoding="utf-8",
    )
    served = wait_for(lambda: fetch(base + f"briefings/{stem}/"), 15, "the draft to be served")
    assert "A draft briefing" in served and "banner-draft" in served


def test_mkdocs_serve_keeps_serving_the_last_good_site_while_a_briefing_is_invalid(served_archive):
    archive, base = served_archive
    page = base + f"briefings/{BRIEFING}/"
    assert "Japan and Russia accuse one another" in fetch(page)
    broken = archive / "briefings" / "2019-06-01-broken.md"
    broken.write_text("---\ntitle: Broken\ndate: 2019-13-45\nstatus: draft\n---\nText\n", encoding="utf-8")
    log = archive.parent / "serve.log"
    wait_for(
        lambda: "2019-06-01-broken.md:3: date:" in log.read_text(errors="replace"), 60, "the problem to be reported"
    )
    started = time.monotonic()
    assert "Japan and Russia accuse one another" in fetch(page)  # the last good site, at once
    assert time.monotonic() - started < 5
    broken.unlink()


def test_mkdocs_gh_deploy_publishes_the_site_build_py_builds(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    remote = tmp_path / "remote.git"

    def git(*args, cwd=archive):
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout

    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    git("init", "-q")
    git("-c", "user.name=Ed", "-c", "user.email=ed@example.org", "commit", "-q", "--allow-empty", "-m", "start")
    git("remote", "add", "origin", str(remote))
    result = subprocess.run(
        [str(MKDOCS), "gh-deploy", "--force", "-f", str(archive / "mkdocs.yml")],
        cwd=archive,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Ed",
            "GIT_AUTHOR_EMAIL": "ed@example.org",
            "GIT_COMMITTER_NAME": "Ed",
            "GIT_COMMITTER_EMAIL": "ed@example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    deployed = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    site = archive / "site"
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "index.html" in built and deployed - {".nojekyll"} == built
    for name in ("index.html", "feed.xml", "briefings.json"):
        assert git("show", f"gh-pages:{name}", cwd=remote) == (site / name).read_text(encoding="utf-8")
