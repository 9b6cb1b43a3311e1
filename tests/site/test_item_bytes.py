"""The items of JSON list pages kept between builds (``cache.item_bytes``)."""

from briefing_archive.cache.item_bytes import ItemBytes, shard_of

OUTPUT = "briefings.json"
ITEMS = {f"key {number}": f"item {number}".encode() for number in range(300)}


def inodes(cache: ItemBytes) -> dict[str, int]:
    return {file.name: file.stat().st_ino for file in cache.folder_of(OUTPUT).iterdir()}


def test_items_are_read_back_as_written_and_only_by_the_code_that_wrote_them(tmp_path):
    cache = ItemBytes(tmp_path, "code")
    cache.write(OUTPUT, ITEMS, {})
    assert cache.read(OUTPUT) == ITEMS
    assert ItemBytes(tmp_path, "other code").read(OUTPUT) == {}
    assert cache.read("other.json") == {}


def test_an_edit_rewrites_only_the_shards_of_its_old_and_new_keys(tmp_path):
    cache = ItemBytes(tmp_path, "code")
    cache.write(OUTPUT, ITEMS, {})
    before = inodes(cache)
    edited = {key: data for key, data in ITEMS.items() if key != "key 7"} | {"key new": b"new item"}
    cache.write(OUTPUT, edited, ITEMS)
    rewritten = {name for name, inode in inodes(cache).items() if before.get(name) != inode}
    assert rewritten == {f"{shard_of('key 7')}.pickle", f"{shard_of('key new')}.pickle"}
    assert cache.read(OUTPUT) == edited


def test_a_damaged_shard_loses_its_items_only(tmp_path):
    cache = ItemBytes(tmp_path, "code")
    cache.write(OUTPUT, ITEMS, {})
    damaged = cache.folder_of(OUTPUT) / f"{shard_of('key 1')}.pickle"
    damaged.write_bytes(damaged.read_bytes()[:-5])
    kept = cache.read(OUTPUT)
    assert "key 1" not in kept and kept == {
        key: data for key, data in ITEMS.items() if shard_of(key) != shard_of("key 1")
    }
