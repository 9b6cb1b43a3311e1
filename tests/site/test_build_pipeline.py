"""``build_site``: a checked archive becomes a whole site, swapped in at once."""

from __future__ import annotations

import contextlib
import gc
import io
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from briefing_archive import search_job, storage
from briefing_archive.archive import load_archive
from briefing_archive.cache import PreviousSite
from briefing_archive.pipeline import build_site
from tests.support import PROJECT

BRIEFING = "2019-05-30-japan-russia-accuse-one-another-of-military-buildup"


def copy_archive(destination: Path) -> Path:
    for folder in ("briefings", "content"):
        shutil.copytree(PROJECT / folder, destination / folder)
    return destination


def test_the_sample_builds_pages_search_and_static_files(tmp_path):
    log = io.StringIO()
    out = tmp_path / "site"
    assert build_site(copy_archive(tmp_path / "archive"), out, log=log) == 0
    for page in (
        "index.html",
        f"briefings/{BRIEFING}/index.html",
        "issues/kuril-islands/index.html",
        "actors/sergei-lavrov/index.html",
        "pagefind/pagefind.js",
        "static/search.js",
        "search-filters.json",
    ):
        assert (out / page).is_file(), page
    assert log.getvalue().startswith("built ") and str(out) in log.getvalue()


def test_two_builds_give_the_same_bytes(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    assert build_site(archive, tmp_path / "one", log=io.StringIO()) == 0
    assert build_site(archive, tmp_path / "two", log=io.StringIO()) == 0
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two


def test_what_a_build_leaves_for_the_builds_to_come_waits_for_its_caller(tmp_path):
    archive, out = copy_archive(tmp_path / "archive"), tmp_path / "site"
    assert build_site(archive, out, log=io.StringIO()) == 0
    briefing = archive / "briefings" / f"{BRIEFING}.md"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8"
    )
    caches = {name: snapshot(archive / ".cache" / name) for name in ("prints.pickle", "checked")}
    later: list = []
    assert build_site(archive, out, log=io.StringIO(), later=later.append) == 0
    assert "Retitled " in (out / "briefings" / BRIEFING / "index.html").read_text(encoding="utf-8")
    assert later and {name: snapshot(archive / ".cache" / name) for name in caches} == caches
    for work in later:
        work()
    assert all(snapshot(archive / ".cache" / name) != before for name, before in caches.items())


def snapshot(path: Path) -> dict[str, bytes]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {p.relative_to(path.parent).as_posix(): p.read_bytes() for p in files}


def test_check_errors_stop_the_build_and_leave_the_old_site(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    (archive / "briefings" / "2019-06-01-broken.md").write_text(
        "---\ntitle: Broken\ndate: 2019-13-45\nstatus: published\n---\nText\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous site")
    (out / storage.SITE_MARK).write_text("ours")  # a site an earlier build made
    log = io.StringIO()
    assert build_site(archive, out, log=log) == 1
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in out.iterdir()) == [storage.SITE_MARK, "index.html"]
    lines = log.getvalue().splitlines()
    assert any(line.startswith("briefings/2019-06-01-broken.md:3: date:") for line in lines)
    assert "error(s)" in lines[-2] and "nothing was written" in lines[-1]


def test_a_build_hands_what_it_loaded_back_to_the_collector_whether_it_builds_or_stops(tmp_path):
    """Loading sets the loaded archive aside from the cyclic collector (a collection would
    walk all of it to find nothing); a host that lives on (``mkdocs serve``) gets it back."""
    archive = copy_archive(tmp_path / "archive")
    assert build_site(archive, tmp_path / "site", log=io.StringIO()) == 0
    assert gc.get_freeze_count() == 0
    assert build_site(archive, tmp_path / "site", log=io.StringIO()) == 0  # nothing changed
    (archive / "briefings" / "2019-06-01-broken.md").write_text("---\ntitle: Broken\n---\nText\n", encoding="utf-8")
    assert build_site(archive, tmp_path / "site", log=io.StringIO()) == 1
    assert gc.get_freeze_count() == 0


def test_drafts_are_built_only_when_asked(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    (archive / "briefings" / "2019-05-31-a-draft.md").write_text(
        "---\ntitle: A draft\ndate: 2019-05-31\nstatus: draft\nsource: {outlet: DW}\n---\nDraft text.\n",
        encoding="utf-8",
    )
    assert build_site(archive, tmp_path / "public", log=io.StringIO()) == 0
    assert not (tmp_path / "public" / "briefings" / "2019-05-31-a-draft").exists()
    assert build_site(archive, tmp_path / "preview", include_drafts=True, log=io.StringIO()) == 0
    page = (tmp_path / "preview" / "briefings" / "2019-05-31-a-draft" / "index.html").read_text()
    assert "banner-draft" in page


def test_an_archive_without_templates_uses_the_projects(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    assert not (archive / "templates").exists()
    assert build_site(archive, tmp_path / "site", log=io.StringIO()) == 0
    assert (tmp_path / "site" / "static" / "search.js").is_file()


def test_a_page_that_fails_to_render_stops_the_build_and_the_search_worker(tmp_path, small_shards, synthetic_archive):
    archive = synthetic_archive(150)  # a dozen shards: some still being sent when rendering fails
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    page = templates / "briefing.html"
    broken = page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ no_such_value.x }}")
    page.write_text(broken, encoding="utf-8")
    log = io.StringIO()
    assert build_site(archive, tmp_path / "site", templates_dir=templates, log=log) == 1
    assert "build failed" in log.getvalue() and "no_such_value" in log.getvalue()
    assert not (tmp_path / "site").exists()
    assert not [t for t in threading.enumerate() if t.name in (search_job.SENDER, search_job.RECEIVER)]
    assert not multiprocessing.active_children()


@pytest.mark.parametrize(
    ("briefings", "patching", "steps_back"), [(12, True, True), (150, True, False), (12, False, False)]
)
def test_the_search_process_steps_back_for_the_build_while_it_indexes_an_edits_shards_only(
    tmp_path, small_shards, synthetic_archive, briefings, patching, steps_back
):
    """An edit's shard or two (here one of 12 briefings, patched into the site): the build waits
    less for a core. A dozen shards, or a whole new site: at 100,000 briefings Pagefind ran on
    into the build's peak of memory."""
    archive = load_archive(synthetic_archive(briefings))
    here, worker, seen = os.nice(0), search_job.SearchWorker(), set()
    try:
        worker.ask(archive, False, "code", lambda: PreviousSite(None, {}), tmp_path, patching, "registry")
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and worker.process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                seen.add(os.getpriority(os.PRIO_PROCESS, worker.process.pid))
            time.sleep(0.005)
    finally:
        worker.stop()
    assert seen and (max(seen) > here) == steps_back


@pytest.mark.parametrize("ahead", [True, False])
def test_a_search_worker_forked_ahead_finds_pagefind_before_it_is_asked(tmp_path, monkeypatch, ahead):
    """A build server's: not on an edit's way to its search answer (12–40 ms: asyncio, ssl)."""
    found = tmp_path / "found"
    monkeypatch.setattr(search_job, "get_executable", found.touch)  # what the forked worker calls
    worker = search_job.SearchWorker(ahead=ahead)
    try:
        deadline = time.monotonic() + 10
        while ahead and not found.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        worker.stop()
    assert found.exists() == ahead


def test_a_search_worker_stopped_while_it_is_sent_shards_is_gone_with_its_sender(
    tmp_path, small_shards, synthetic_archive
):
    archive = load_archive(synthetic_archive(150))
    worker = search_job.SearchWorker()
    kept, indexing = worker.ask(archive, False, "code", lambda: PreviousSite(None, {}), tmp_path, False, "registry")
    assert indexing == 150 and worker.sender is not None
    sending = worker.sender.is_alive()  # a dozen shards: the first are still being indexed
    worker.stop()
    assert sending and not worker.sender.is_alive() and not worker.process.is_alive()
    assert worker.receiver is not None and not worker.receiver.is_alive()


def test_a_search_workers_answer_is_taken_as_soon_as_it_is_sent_and_the_worker_ends_then(
    tmp_path, small_shards, synthetic_archive
):
    archive = load_archive(synthetic_archive(40))
    worker = search_job.SearchWorker()
    worker.ask(archive, False, "code", lambda: PreviousSite(None, {}), tmp_path, False, "registry")
    assert worker.receiver is not None
    worker.receiver.join(timeout=60)
    worker.process.join(timeout=10)
    assert not worker.process.is_alive()  # ended before the pages (here: none) were all written
    files = worker.result()
    assert any(path.endswith("shards.json") for path in files) and all((tmp_path / path).is_file() for path in files)
    worker.stop()


def test_a_pages_url_is_served_from_the_file_it_names_its_escapes_read_back():
    from briefing_archive.page_outputs import output_of

    assert output_of("/briefings/caf%C3%A9%3F/") == "briefings/café?/index.html"
    assert (output_of("/"), output_of("/issues/x/"), output_of("/search.json")) == (
        "index.html",
        "issues/x/index.html",
        "search.json",
    )
