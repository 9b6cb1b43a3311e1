"""The rendering process finds the site's moved files from the file beside the manifest's
base (briefing_archive/cache/site_files.py) with the base's journal, not from the whole
manifest; it tells the files the manifest would, or is not used."""

from __future__ import annotations

import os
import shutil

import pytest

from briefing_archive import page_renderer
from briefing_archive.cache import manifest
from briefing_archive.cache.manifest import SiteReader, page_entry, read_manifest, write_manifest
from briefing_archive.cache.site_files import read_site_files, site_files_file


def identities(manifest: dict) -> dict:
    return {output: entry[1] for output, entry in manifest["pages"].items()}


def pages(count: int) -> dict[str, tuple]:
    return {f"p{n}.html": ("key", (n, 10, 0)) for n in range(count)}


def test_the_files_beside_a_base_and_its_journal_are_the_manifests_files_with_its_token(tmp_path):
    path = tmp_path / "manifest.pickle"
    first = pages(100)
    write_manifest(path, first, "inputs", "code", "t1")
    assert site_files_file(path).exists()
    assert read_site_files(path, "code") == ("t1", identities(read_manifest(path)))
    second = first | {"p3.html": ("new", (3, 11, 1)), "added.html": ("key", None)}
    del second["p5.html"]
    write_manifest(path, second, "inputs", "code", "t2", read_manifest(path))  # a journal of the base
    assert read_site_files(path, "code") == ("t2", identities(read_manifest(path)))
    assert read_site_files(path, "other code") == ("t2", {})  # other code's site: nothing of it is kept


def test_files_beside_another_base_than_the_manifests_are_not_used(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, pages(10), "inputs", "code", "t1")
    kept = tmp_path / "kept.files"
    shutil.copyfile(site_files_file(path), kept)
    write_manifest(path, pages(12), "inputs", "code", "t2")  # a new base, and its files
    os.replace(kept, site_files_file(path))  # as when a build stopped between the two
    assert read_site_files(path, "code") is None
    site_files_file(path).unlink()
    assert read_site_files(path, "code") is None
    site_files_file(path).write_bytes(b"damaged")
    assert read_site_files(path, "code") is None


def test_the_renderer_finds_the_same_moved_files_from_the_files_or_from_the_manifest(tmp_path, monkeypatch):
    site, path = tmp_path / "site", tmp_path / "manifest.pickle"
    outputs = ("a/index.html", "b/index.html", "c/index.html", "pagefind/x.js", "pagefind/y.js")
    for output in outputs:
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text(output)
    write_manifest(path, {output: page_entry("key", site / output) for output in outputs}, code="code", token="t1")
    (site / "b/index.html").unlink()
    (site / "pagefind/y.js").write_text("changed by hand, longer")
    reader = SiteReader(path, site, "code")
    expected = [("t1", frozenset({"pagefind/y.js"})), ("t1", frozenset({"b/index.html"}))]
    with monkeypatch.context() as patched:
        patched.setattr(manifest, "read_manifest", lambda *_: pytest.fail("the whole manifest read"))
        assert [page_renderer.find_moved_there(reader, search) for search in (True, False)] == expected
    site_files_file(path).unlink()  # read from the manifest then
    assert [page_renderer.find_moved_there(reader, search) for search in (True, False)] == expected
