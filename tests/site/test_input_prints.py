"""The digest of a build's inputs: summed file by file, brought up to date by the files that changed."""

import os

from briefing_archive import storage
from briefing_archive.cache import fingerprints
from briefing_archive.cache.fingerprints import StampsAndListing, archive_prints, inputs_digest, read_prints

FILES = {"briefings/a.md": "alpha", "briefings/b.md": "beta", "content/issues/x.md": "ex"}


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def stamps(root):
    return storage.stamps(root, ["briefings", "content"])


def digest_of(root, templates):
    listing = StampsAndListing(stamps(root), storage.stamps(templates, ["."]), {}, 0)
    return inputs_digest(root, templates, False, "code", listing, read_prints(root))


def test_a_sum_brought_up_to_date_equals_the_sum_taken_whole(tmp_path):
    write(tmp_path, FILES)
    first, total, _ = archive_prints(tmp_path, {}, None, stamps(tmp_path))
    assert sorted(first) == sorted(FILES)
    (tmp_path / "briefings/b.md").write_text("beta, edited", encoding="utf-8")
    (tmp_path / "briefings/a.md").unlink()
    write(tmp_path, {"briefings/c.md": "gamma"})
    updated, updated_total, _ = archive_prints(tmp_path, first, total, stamps(tmp_path))
    whole, whole_total, _ = archive_prints(tmp_path, {}, None, stamps(tmp_path))
    assert updated == whole and updated_total == whole_total != total


def test_nothing_changed_reads_no_file_and_gives_the_prints_back(tmp_path, monkeypatch):
    write(tmp_path, FILES)
    first, total, _ = archive_prints(tmp_path, {}, None, stamps(tmp_path))
    monkeypatch.setattr(storage.fingerprints, "file_print", lambda *a: (_ for _ in ()).throw(AssertionError(a)))
    assert archive_prints(tmp_path, first, total, stamps(tmp_path)) == (first, total, frozenset())


def test_a_touched_file_keeps_the_digest_and_an_edit_of_the_same_size_changes_it(tmp_path):
    archive, templates = tmp_path / "archive", tmp_path / "templates"
    write(archive, FILES)
    write(templates, {"base.html": "<html>"})
    digest, prints, new, restamped = digest_of(archive, templates)
    assert new and restamped is None  # no build left its prints
    fingerprints.save_prints(archive, prints)
    assert digest_of(archive, templates) == (digest, prints, False, frozenset())
    path = archive / "briefings/a.md"
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    touched, touched_prints, new, restamped = digest_of(archive, templates)
    assert touched == digest and new and touched_prints != prints  # its new stamp is to be kept
    assert restamped == {"briefings/a.md"}
    path.write_text("ALPHA", encoding="utf-8")
    (archive / "briefings/b.md").unlink()
    edited, _, _, restamped = digest_of(archive, templates)
    assert edited != digest and restamped == {"briefings/a.md", "briefings/b.md"}  # b.md gone


def test_a_template_edited_changes_the_digest(tmp_path):
    archive, templates = tmp_path / "archive", tmp_path / "templates"
    write(archive, FILES)
    write(templates, {"base.html": "<html>"})
    digest, prints, *_ = digest_of(archive, templates)
    fingerprints.save_prints(archive, prints)
    (templates / "base.html").write_text("<html lang=en>", encoding="utf-8")
    assert digest_of(archive, templates)[0] != digest
