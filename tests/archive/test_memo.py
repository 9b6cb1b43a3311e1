"""The memo of parses and checks, kept in shards so one edit rewrites little."""

from __future__ import annotations

import re
import shutil

from briefing_archive import warm_load
from briefing_archive.cache.memo import MEMO_FOLDER, Memo, MemoShards, content_key, shard_of, split_shards
from tests.support import PROJECT


def parse_key(text: str) -> tuple:
    return ("parse", "briefing", content_key("briefings/x.md", text))


def test_a_files_parse_and_checks_share_a_shard():
    key = content_key("briefings/x.md", "text")
    assert shard_of(("parse", "briefing", key)) == shard_of(("check", key, "registry", "")) == key[:2]


def test_split_shards_groups_every_entry_once():
    entries = {parse_key(str(n)): n for n in range(50)}
    shards = split_shards(entries)
    assert sum(len(shard) for shard in shards.values()) == 50
    assert all(shard_of(key) == name for name, shard in shards.items() for key in shard)


def test_only_shards_whose_keys_changed_are_rewritten():
    old = {parse_key(str(n)): n for n in range(50)}
    memo = Memo(old)
    for key in list(old)[1:]:
        memo.remember(key, lambda: None)
    added = parse_key("new")
    memo.remember(added, lambda: "new")
    dropped = list(old)[0]
    changed = memo.changed_shards()
    assert set(changed) == {shard_of(added), shard_of(dropped)}
    assert changed[shard_of(added)][added] == "new"
    assert dropped not in changed.get(shard_of(dropped), {})


def test_nothing_is_rewritten_when_nothing_changed():
    old = {parse_key(str(n)): n for n in range(20)}
    memo = Memo(old)
    for key in old:
        memo.remember(key, lambda: None)
    assert memo.changed_shards() == {}


def test_a_second_load_parses_nothing_and_a_corrupt_shard_is_a_miss(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    for folder in ("briefings", "content"):
        shutil.copytree(PROJECT / folder, root / folder)
    first = warm_load.load_remembered(root, MemoShards(root, "code"))
    shards = sorted((root / MEMO_FOLDER).glob("*.pickle"))
    assert shards
    shards[0].write_bytes(b"not a pickle")
    parsed = []
    import briefing_archive.archive as archive_module

    original = archive_module.parse_briefing_file
    monkeypatch.setattr(archive_module, "parse_briefing_file", lambda p, t: parsed.append(p) or original(p, t))
    second = warm_load.load_remembered(root, MemoShards(root, "code"))
    assert second.briefings == first.briefings and second.problems == first.problems
    assert len(parsed) < len(first.briefings)  # only the corrupt shard's files were parsed again
    other_code = warm_load.load_remembered(root, MemoShards(root, "other code"))
    assert other_code.briefings == first.briefings


def test_a_file_is_changed_when_its_content_hash_differs_or_it_is_in_one_print_only():
    before = {"a.md": "h1", "b.md": "h2", "c.md": "h3", "gone.md": "h4"}
    now = {"a.md": (1, 10, "h1"), "b.md": (2, 10, "h2"), "c.md": (2, 11, "h5"), "new.md": (3, 1, "h6")}
    assert warm_load.changed_files(before, now) == {"c.md", "gone.md", "new.md"}  # b.md only touched


def test_a_loaded_archive_holds_no_line_maps_and_one_date_status_and_line_map_object_each(tmp_path):
    root = tmp_path / "archive"
    for folder in ("briefings", "content"):
        shutil.copytree(PROJECT / folder, root / folder)
    (seed,) = sorted((root / "briefings").glob("*.md"))
    text = seed.read_text(encoding="utf-8")
    other_source = re.sub(r"(?m)^  file: .*$", "  url: https://example.org/another-report", text)
    seed.with_name("2019-05-30-another.md").write_text(other_source, encoding="utf-8")
    archive = warm_load.load_remembered(root, MemoShards(root, "code"))
    first, second = archive.briefings[:2]
    assert first.date == second.date and first.date is second.date
    assert not first.lines and not second.lines
    assert first.lines is second.lines and first.status is second.status  # each pickled once in a kept state
