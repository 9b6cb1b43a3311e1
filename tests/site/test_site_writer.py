"""How the page writer shares its chunks with its rendering process (page_renderer.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_archive.archive import Archive
from briefing_archive.page_renderer import PageRenderer, render_jobs
from briefing_archive.planning import PageJob, plan_site, planned_pages, specs_of, views_for
from briefing_archive.site_writer import AHEAD, CHUNK, CHUNK_WEIGHT, chunked, queued_ahead, shared
from briefing_archive.templating import templates_digest
from briefing_archive.workers import workers_wanted
from tests.site.inline_site import REGISTRY, briefing
from tests.site.inline_site import TEMPLATES as SITE_TEMPLATES
from tests.support import PROJECT
from tests.support.synthetic_archive import make_archive

TEMPLATES = {"note.txt": "a static file\n"}


def chunks_of_static_pages(folder: Path, chunks: int, pages: int):
    """``ready`` for ``shared``: each chunk's pages made ready as jobs that write a static file."""

    def ready(numbers: list[int]):
        jobs = []
        for number in numbers:
            for page in range(pages):
                output = f"{number}-{page}.txt"
                job = PageJob(output, "static", "note.txt", {})
                jobs.append((output, folder / output, job, job.pickled()))
        return [(output, "key", target, True, None) for output, target, _, _ in jobs], jobs

    return [[number] for number in range(chunks)], ready


def test_the_build_process_renders_beside_its_renderer_and_every_page_once(tmp_path):
    chunks, ready = chunks_of_static_pages(tmp_path, chunks=40, pages=50)
    here: list[str] = []

    def render_here(jobs, templates):
        here.extend(output for output, _, _, _ in jobs)
        return render_jobs([(output, target, job) for output, target, job, _ in jobs], templates)

    renderer = PageRenderer()
    try:
        done = list(shared(renderer, chunks, TEMPLATES, ready, render_here))
    finally:
        renderer.stop()
    made = [page[0] for failure, pages in done for page in pages]
    assert all(failure is None for failure, _ in done) and len(made) == len(set(made)) == 40 * 50
    assert sorted(os.listdir(tmp_path)) == sorted(made)
    assert all((tmp_path / output).read_text() == "a static file\n" for output in made)
    assert 0 < len(here) < len(made)  # some here, the others in the rendering process


def test_a_page_the_renderer_cannot_render_is_named(tmp_path):
    def ready(numbers: list[int]):
        job = PageJob("broken/index.html", "page", "broken.html", {})
        return [("broken/index.html", "key", tmp_path / "broken.html", True, None)], [
            ("broken/index.html", tmp_path / "broken.html", job, job.pickled())
        ]

    renderer = PageRenderer()
    try:
        done = list(shared(renderer, [[0]], {"broken.html": "{{ no_such_value.x }}"}, ready))
    finally:
        renderer.stop()
    assert len(done) == 1 and done[0][0].startswith("broken/index.html: ") and "no_such_value" in done[0][0]


def test_with_no_renderer_every_page_is_rendered_here(tmp_path):
    chunks, ready = chunks_of_static_pages(tmp_path, chunks=3, pages=2)
    done = list(shared(None, chunks, TEMPLATES, ready))
    assert [failure for failure, _ in done] == [None, None, None] and len(os.listdir(tmp_path)) == 6


def test_with_no_chunks_nothing_is_done():
    renderer = PageRenderer()
    try:
        assert list(shared(renderer, [], TEMPLATES)) == []
    finally:
        renderer.stop()


def test_the_writers_specs_are_made_when_asked_the_same_each_time_their_weights_without_them():
    briefings = tuple(briefing(f"2019-05-{day:02d}-kuril", f"2019-05-{day:02d}") for day in range(1, 8))
    archive = Archive(".", briefings, REGISTRY, (), len(briefings))
    site = plan_site(archive, SITE_TEMPLATES, views_for(archive))
    planned = planned_pages(site)
    specs = specs_of(planned, site, SITE_TEMPLATES, archive.settings, but={planned[0][0]})
    assert len(specs) == len(planned) - 1 and [spec.output for spec in specs] == [p[0] for p in planned[1:]]
    assert specs.weights() == [spec.weight for spec in specs] and max(specs.weights()) > 1
    first, again = specs[3], specs[3]
    assert first is not again and first.job() == again.job()


def test_pages_are_chunked_heaviest_first_and_a_chunk_holds_few_heavy_pages():
    weights = [1] * (CHUNK + 10) + [CHUNK_WEIGHT + 5, CHUNK_WEIGHT // 2, CHUNK_WEIGHT // 2, CHUNK_WEIGHT // 3]
    chunks = chunked(weights)
    heavy = len(weights) - 4
    assert [number for chunk in chunks for number in chunk] == sorted(range(len(weights)), key=lambda i: -weights[i])
    assert chunks[0] == [heavy] and chunks[1] == [heavy + 1, heavy + 2]
    assert all(len(chunk) <= CHUNK for chunk in chunks)
    assert all(sum(weights[n] for n in chunk) <= CHUNK_WEIGHT or len(chunk) == 1 for chunk in chunks)


def test_the_pages_made_here_alone_come_after_the_first_chunks_the_rendering_process_takes():
    """A JSON list is written by this process (no job to hand over): by then the rendering
    process has its first chunks to render, and is not left waiting."""
    weights = [CHUNK_WEIGHT * 30, *[CHUNK_WEIGHT] * (AHEAD + 2)]
    chunks = chunked(weights, here={0})
    assert chunks[:AHEAD] == [[number] for number in range(1, AHEAD + 1)]
    assert chunks[AHEAD] == [0] and sorted(n for chunk in chunks for n in chunk) == list(range(len(weights)))


def test_the_renderer_finds_the_moved_files_of_the_site_it_read_itself_and_of_no_other(tmp_path, monkeypatch):
    """Forked before the build reads anything, the renderer reads the previous site's
    manifest itself: its moved files count only for the site with the same token."""
    from dataclasses import replace

    from briefing_archive import page_renderer
    from briefing_archive.cache.manifest import SiteReader, page_entry, write_manifest

    monkeypatch.setattr(page_renderer, "workers_wanted", lambda: 2)
    site, manifest = tmp_path / "site", tmp_path / "manifest.pickle"
    (site / "pagefind").mkdir(parents=True)
    for output in ("a/index.html", "b/index.html", "pagefind/x.js"):
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text(output)
    pages = {output: page_entry("key", site / output) for output in ("a/index.html", "b/index.html", "pagefind/x.js")}
    write_manifest(manifest, pages, code="code", token="built:1")
    (site / "b/index.html").unlink()
    (site / "a/index.html").write_text("changed by hand, longer")
    reader = SiteReader(manifest, site, "code")
    renderer = PageRenderer()
    try:
        renderer.look_at(reader)
        previous = reader()
        assert renderer.moved(previous, search_only=True) == frozenset()
        assert renderer.moved(previous) == {"a/index.html", "b/index.html"}
        assert renderer.moved(replace(previous, token="built:2")) is None  # another build's site
        assert renderer.moved(replace(previous, token="")) is None
    finally:
        renderer.stop()
    unasked = PageRenderer()
    try:
        assert unasked.moved(previous) is None  # never asked to look: nothing to say
    finally:
        unasked.stop()
    # As in the renderer's process: the site read once for both parts, and not held after.
    assert page_renderer.find_moved_there(reader, True) == ("built:1", frozenset()) and page_renderer._READ
    assert page_renderer.find_moved_there(reader, False) == ("built:1", {"a/index.html", "b/index.html"})
    assert not page_renderer._READ


def test_a_few_chunks_are_all_left_to_the_renderer_and_many_shared(tmp_path):
    renderer = PageRenderer()
    try:
        for count, shares in ((4, False), (12, True)):
            chunks, ready = chunks_of_static_pages(tmp_path / str(count), chunks=count, pages=5)
            here: list[str] = []

            def render_here(jobs, templates, here=here):
                here.extend(output for output, _, _, _ in jobs)
                return render_jobs([(output, target, job) for output, target, job, _ in jobs], templates)

            done = list(shared(renderer, chunks, TEMPLATES, ready, render_here, ahead=queued_ahead(len(chunks))))
            assert all(failure is None for failure, _ in done) and bool(here) == shares
    finally:
        renderer.stop()


@pytest.mark.skipif(workers_wanted() < 2, reason="a single core renders every page in the build's process")
def test_an_edits_build_beside_its_renderer_does_not_import_jinja(tmp_path):
    """Its few pages are rendered by the rendering process: the build's need not import Jinja."""
    root = make_archive(12, tmp_path / "archive")
    build = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build"]
    assert subprocess.run(build, capture_output=True, timeout=300).returncode == 0
    edited = sorted((root / "briefings").glob("*.md"))[5]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    probe = (
        "import sys; from briefing_archive.cli import main; "
        f"status = main(['--root', {str(root)!r}, 'build']); "
        "print(status, 'jinja2' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT, timeout=300)
    assert done.stdout.split() == ["0", "False"], done.stderr
    assert "Edited" in (root / "site" / "index.html").read_text(encoding="utf-8")


def environments_made() -> list[str]:
    from briefing_archive import templating

    return list(templating._ENVIRONMENTS)


def test_a_renderer_told_the_templates_compiles_them_before_its_first_page(tmp_path):
    templates = {**SITE_TEMPLATES, "unique.html": str(tmp_path)}  # an environment no process made yet
    renderer = PageRenderer()
    try:
        assert renderer.pool is not None
        renderer.prepare(templates)
        assert templates_digest(templates) in renderer.pool.apply(environments_made)
    finally:
        renderer.stop()
    assert templates_digest(templates) not in environments_made()


def test_a_template_that_does_not_compile_is_left_for_its_pages_to_report(tmp_path):
    templates = {**SITE_TEMPLATES, "broken.html": "{% if %}" + str(tmp_path)}
    renderer = PageRenderer()
    try:
        assert renderer.pool is not None
        renderer.prepare(templates)
        assert templates_digest(templates) in renderer.pool.apply(environments_made)
        job = PageJob("broken/index.html", "page", "broken.html", {})
        failure = renderer.render([("broken/index.html", tmp_path / "b.html", job, job.pickled())], templates).get()
        assert failure is not None and failure.startswith("broken/index.html: template broken.html:1:")
    finally:
        renderer.stop()
